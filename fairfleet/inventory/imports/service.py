"""One import pipeline for the command, the page and the API: check (dry run), then apply in one transaction.

Rows are streamed; what stays in memory is what matching needs: serial, tag and external id -> device id, and
one hash per existing device to tell an unchanged row from an updated one.
"""

import contextlib
import functools
import gc
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from fairfleet.inventory.imports.presets import (
    CATEGORY_WORDS,
    FIELD_LABELS,
    KIND_WORDS,
    PRESETS,
    STATE_WORDS,
    Preset,
    column_fields,
    detect_preset,
    header_score,
    match_word,
    title_key,
)
from fairfleet.inventory.imports.readers import ImportRefused, Table, header_only, open_table
from fairfleet.inventory.imports.spill import SpillWriter, as_values, checked_rows, fleet_state
from fairfleet.inventory.imports.spill import discard as discard_spill
from fairfleet.inventory.imports.values import (
    DAY_FIRST,
    LIFELONG,
    CellError,
    add_months,
    cell_text,
    date_order,
    date_parser,
    parse_duration,
    parse_price,
    plain_params,
    text_parser,
    warranty_end_parser,
)
from fairfleet.inventory.models import (
    LIFELONG_WARRANTY_END,
    Category,
    Device,
    DeviceModel,
    DeviceState,
    ImportJob,
    ImportJobState,
)
from fairfleet.inventory.signals import fleet_changed
from fairfleet.tenancy.audit import audit_record
from fairfleet.tenancy.models import Criticality, Person, Service, Site, User

MAX_REPORTED_ERRORS = 1000
MAX_LISTED_NEW = 200
BATCH_SIZE = 5000
PROGRESS_EVERY = 20_000
# Fields an import may change on a device that already exists; the state changes only through lifecycle steps.
UPDATABLE = ("model", "service", "site", "holder", "acquisition_date", "acquisition_kind", "price", "supplier",
             "warranty_end", "notes", "serial_number", "asset_tag")  # fmt: skip
_LENGTHS = {"serial_number": 100, "asset_tag": 64, "manufacturer": 120, "model": 200, "service": 200, "site": 200,
            "holder": 200, "supplier": 200, "external_id": 100}  # fmt: skip


@dataclass(slots=True)
class Row:
    line: int
    values: dict[str, Any]
    errors: list[dict]
    totals: bool = False  # a totals line: skipped, and said so in the report


# Distinct texts remembered per column: a fleet repeats its models, services, sites, dates and prices, so most
# cells are parsed once per file. Identifiers differ on every row: nothing to remember there.
CACHE_LIMIT = 50_000
_UNIQUE = frozenset({"serial_number", "asset_tag", "external_id", "notes"})
_MISSING = object()


@dataclass
class _Source:
    preset: Preset
    header: list[str]
    fields: list[str | None]
    rows: Iterator[tuple[int, list]]
    table: Table
    samples: list[list[str]] = field(default_factory=list)  # the first values of each column, as text
    date_orders: dict[str, str] = field(default_factory=dict)  # per date field: day or month first
    columns: list = field(default_factory=list)  # (column index, field, parse function, cache or None)

    def __post_init__(self):
        self.columns = [
            (i, target, self._parser(target), None if target in _UNIQUE else {})
            for i, target in enumerate(self.fields)
            if target
        ]

    def _parser(self, target: str):
        if target == "price":
            return parse_price
        if target == "acquisition_date":
            return date_parser(self.date_orders.get(target, DAY_FIRST))
        if target == "warranty_end":
            return warranty_end_parser(self.date_orders.get(target, DAY_FIRST))
        if target == "warranty_months":
            return parse_duration
        glpi = self.preset.external_source == "glpi"
        return text_parser(
            _LENGTHS.get(target),
            code=target in ("serial_number", "asset_tag"),
            several=_SEVERAL.get(target, "first"),
            glpi_quotes=glpi and self.table.trailing_delimiter,
            leaf=glpi and target in ("service", "site"),
        )

    def report_facts(self) -> dict:
        """What the report says of the file itself: its columns with their first values, the ones left out, where
        the header is and which sheet was read."""
        return {
            "columns": _columns(self.header, self.fields, self.samples),
            "unused_columns": [
                {"column": number, "title": title}
                for number, (title, target, samples) in enumerate(
                    zip(self.header, self.fields, self.samples, strict=True), start=1
                )
                if not target and (title or samples)
            ],
            "header_row": self.table.header_row,
            "sheet": self.table.sheet,
            "sheets": self.table.sheets,
        }


# Several values in one cell (GLPI's "<br>"): an identifier must be one, notes keep them all.
_SEVERAL = {"serial_number": "one", "asset_tag": "one", "external_id": "one", "notes": "join"}
PEEK_ROWS = 500  # rows read ahead for the columns' first values and the order of their dates
SAMPLES = 3
SAMPLE_CHARS = 60


def _peek(rows: Iterator[tuple[int, list]], width: int) -> tuple[list[list[str]], list[tuple[int, list]]]:
    """The first non-empty values of each column in the rows read ahead, and those rows."""
    ahead = list(itertools.islice(rows, PEEK_ROWS))
    samples: list[list[str]] = [[] for _ in range(width)]
    for _line, cells in ahead:
        for index, cell in enumerate(cells[:width]):
            if len(samples[index]) < SAMPLES:
                text = cell_text(cell)
                if text:
                    samples[index].append(text[:SAMPLE_CHARS])
    return samples, ahead


@dataclass
class _Index:
    """What matching needs of the existing fleet."""

    serials: dict[str, int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)
    external: dict[tuple[str, str], int] = field(default_factory=dict)
    external_ids: dict[int, dict] = field(default_factory=dict)
    serial_of: dict[int, str] = field(default_factory=dict)
    signatures: dict[int, int] = field(default_factory=dict)


def _error(line: int, column: str, value: Any, exc: CellError) -> dict:
    text = "" if value is None else str(value)
    return {"line": line, "column": column, "value": text[:200], "code": exc.code, "message": exc.message,
            "params": plain_params(exc.params)}  # fmt: skip


def _open_source(job: ImportJob) -> _Source:
    table = open_table(Path(job.file.path), sheet=job.sheet, header_row=job.header_row, header_score=header_score)
    code = job.preset or detect_preset(table.header)
    if code not in PRESETS:
        raise ImportRefused("unknown_preset", preset=code)
    preset = PRESETS[code]
    fields = column_fields(table.header, preset, job.columns or None)
    samples, ahead = _peek(table.rows, len(table.header))
    orders = {
        target: date_order(cells[index] for _line, cells in ahead if index < len(cells))
        for index, target in enumerate(fields)
        if target in ("acquisition_date", "warranty_end")
    }
    table.rows = itertools.chain(ahead, table.rows)
    source = _Source(
        preset=preset, header=table.header, fields=fields, rows=header_only(table), table=table, samples=samples,
        date_orders=orders,
    )  # fmt: skip
    missing = [name for name in ("model", "manufacturer") if name not in fields]
    if "serial_number" not in fields and "asset_tag" not in fields:
        missing.insert(0, "serial_number")
    if missing:
        exc = ImportRefused("missing_column", field=FIELD_LABELS[missing[0]])
        exc.facts = source.report_facts()  # the page offers to map the columns, or to choose another header row
        raise exc
    return source


def _columns(header: list[str], fields: list[str | None], samples: list[list[str]]) -> list[dict]:
    return [
        {"title": title, "field": target or "", "samples": values}
        for title, target, values in zip(header, fields, samples, strict=True)
    ]


# A row that sums up the ones above it, as people end a spreadsheet ("TOTAL", "Total général", "Totaal", "Sum").
TOTAL_WORDS = frozenset(("total", "totals", "totaux", "totaal", "sum", "somme", "som", "subtotal", "subtotaal"))
TOTAL_PHRASES = frozenset(("total general", "grand total", "sous total", "sub total", "algemeen totaal"))


def is_totals_row(cells: list) -> bool:
    """A cell reads as a totals label alone ("TOTAL", "Total général :", "Totaal 42"), not inside other words
    ("Total loss" in a note stays a device's)."""
    for cell in cells:
        if type(cell) is str and cell.strip() and len(cell) < 40:
            words = title_key(cell).split()
            size = 2 if " ".join(words[:2]) in TOTAL_PHRASES else 1  # the label's words, then only numbers
            label = " ".join(words[:size])
            if (label in TOTAL_WORDS or label in TOTAL_PHRASES) and all(word.isdigit() for word in words[size:]):
                return True
    return False


def _parse_row(source: _Source, line: int, cells: list) -> Row:
    values: dict[str, Any] = {}
    errors: list[dict] = []
    header, width = source.header, len(cells)
    if width > len(header) and any(c not in (None, "") for c in cells[len(header) :]):
        errors.append(_error(line, "", "", CellError("ragged_row")))
    for index, target, parse, cache in source.columns:
        raw = cells[index] if index < width else None
        if cache is not None and type(raw) is str:  # only text: 1, 1.0 and True are equal keys
            value = cache.get(raw, _MISSING)
            if value is not _MISSING:
                values[target] = value
                continue
        try:
            value = parse(raw)
        except CellError as exc:
            errors.append(_error(line, header[index], raw, exc))
            continue
        values[target] = value
        if cache is not None and type(raw) is str and len(cache) < CACHE_LIMIT:
            cache[raw] = value
    # Serials and tags come out of their parser stripped and in capitals, as normalise_code leaves them.
    serial, tag = values.setdefault("serial_number", ""), values.setdefault("asset_tag", "")
    # A totals line lacks what a device has: an identifier, a model or a manufacturer; only such rows are looked at.
    if (not (serial or tag) or not values.get("model") or not values.get("manufacturer")) and is_totals_row(cells):
        return Row(line=line, values=values, errors=[], totals=True)
    if not serial and not tag and not errors:
        errors.append(_error(line, "", "", CellError("no_identifier")))
    for name in ("manufacturer", "model"):
        if name in values and not values[name]:
            errors.append(_error(line, source.header[source.fields.index(name)], "", CellError("required")))
    if "acquisition_kind" in values:
        values["acquisition_kind"] = acquisition_kind(values["acquisition_kind"])
    months = values.pop("warranty_months", None)
    if months is not None and not values.get("warranty_end"):
        if months == LIFELONG:
            values["warranty_end"] = LIFELONG_WARRANTY_END
        elif values.get("acquisition_date"):
            values["warranty_end"] = add_months(values["acquisition_date"], months)
    return Row(line=line, values=values, errors=errors)


def _signature(values: dict[str, Any], mapped: tuple[str, ...]) -> int:
    """A hash of what a row says about a device, over the fields the file maps, in one textual form."""
    parts = []
    for name in mapped:
        value = values.get(name)
        parts.append("" if value is None else str(value))
    return hash(tuple(parts))


def _mapped(source: _Source) -> tuple[str, ...]:
    present = set(source.fields)
    names = [n for n in UPDATABLE if n in present and n != "model"]
    if "model" in present:
        names[:0] = ["manufacturer", "model"]
    if "acquisition_date" in present and "warranty_months" in present:
        names.append("warranty_end")
    return tuple(dict.fromkeys(names))


_DB_COLUMNS = {"manufacturer": "model__manufacturer", "model": "model__name", "service": "service__name",
               "site": "site__name", "holder": "holder__full_name"}  # fmt: skip


def _load_index(job: ImportJob, mapped: tuple[str, ...]) -> _Index:
    index = _Index()
    columns = [_DB_COLUMNS.get(name, name) for name in mapped]
    rows = Device.objects.filter(organisation_id=job.organisation_id).values_list(
        "id", "serial_number", "asset_tag", "external_ids", *columns
    )
    for pk, serial, tag, external, *rest in rows.iterator(chunk_size=10_000):
        if serial:
            index.serials[serial] = pk
            index.serial_of[pk] = serial
        if tag:
            index.tags[tag] = pk
        if external:
            index.external_ids[pk] = external
            for source, value in external.items():
                index.external[source, str(value)] = pk
        index.signatures[pk] = _signature(dict(zip(mapped, rest, strict=True)), mapped)
    return index


@dataclass
class _Pass:
    """Counts and first errors of one run over the file."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    new_models: dict = field(default_factory=dict)
    new_services: set = field(default_factory=set)
    new_sites: set = field(default_factory=set)
    new_people: set = field(default_factory=set)
    skipped: list = field(default_factory=list)

    def reject(self, errors: list[dict]) -> None:
        self.rejected += 1
        self.error_count += len(errors)
        room = MAX_REPORTED_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])

    def report(self, source: _Source) -> dict:
        return {
            "new": self.new, "updated": self.updated, "unchanged": self.unchanged, "rejected": self.rejected,
            "errors": self.errors, "error_count": self.error_count, "preset": source.preset.code,
            "new_models": sorted(f"{m} {n}".strip() for m, n in self.new_models)[:MAX_LISTED_NEW],
            "new_model_count": len(self.new_models),
            "new_services": sorted(self.new_services)[:MAX_LISTED_NEW],
            "new_sites": sorted(self.new_sites)[:MAX_LISTED_NEW],
            "new_people_count": len(self.new_people), "skipped": self.skipped[:MAX_REPORTED_ERRORS],
            **source.report_facts(),
        }  # fmt: skip


class _Matcher:
    """Classifies each parsed row against the fleet and the rows before it."""

    def __init__(self, job: ImportJob, source: _Source):
        self.source, self.mapped = source, _mapped(source)
        self.index = _load_index(job, self.mapped)
        self.seen_serials: dict[str, int] = {}
        self.seen_tags: dict[str, int] = {}
        self.seen_devices: dict[int, int] = {}
        org = job.organisation_id
        self.models = set(DeviceModel.objects.filter(organisation_id=org).values_list("manufacturer", "name"))
        self.services = set(Service.objects.filter(organisation_id=org).values_list("name", flat=True))
        self.sites = set(Site.objects.filter(organisation_id=org).values_list("name", flat=True))
        self.people = set(Person.objects.filter(organisation_id=org).values_list("full_name", flat=True))

    def column(self, name: str) -> str:
        return self.source.header[self.source.fields.index(name)] if name in self.source.fields else ""

    def match(self, row: Row) -> int | None:
        """The existing device this row describes, or None; adds an error on a conflict."""
        values, index = row.values, self.index
        serial, tag = values["serial_number"], values["asset_tag"]
        external = values.get("external_id")
        device = index.serials.get(serial) if serial else None
        if device is None and external:
            device = index.external.get((self.source.preset.external_source, external))
        if device is None and tag:
            device = index.tags.get(tag)
            if device is not None and serial and index.serial_of.get(device):
                # The tag is on a device with another serial number: two devices, one tag.
                row.errors.append(_error(row.line, self.column("asset_tag"), tag, CellError("tag_taken")))
                return None
        if tag and device is not None and index.tags.get(tag, device) != device:
            row.errors.append(_error(row.line, self.column("asset_tag"), tag, CellError("tag_taken")))
        if device is None and tag and tag in index.tags:
            row.errors.append(_error(row.line, self.column("asset_tag"), tag, CellError("tag_taken")))
        return device

    def classify(self, row: Row, tally: _Pass) -> tuple[str, int | None]:
        """ "new", "updated", "unchanged" or "rejected", with the matched device id."""
        values, line = row.values, row.line
        serial, tag = values["serial_number"], values["asset_tag"]
        if serial:  # the first line that gave this serial number (and this tag, below)
            first = self.seen_serials.setdefault(serial, line)
            if first != line:
                exc = CellError("duplicate_serial", other=first)
                row.errors.append(_error(line, self.column("serial_number"), serial, exc))
        if tag:
            first = self.seen_tags.setdefault(tag, line)
            if first != line:
                row.errors.append(_error(line, self.column("asset_tag"), tag, CellError("duplicate_tag", other=first)))
        device = self.match(row) if not row.errors else None
        if device is not None:
            if device in self.seen_devices:
                exc = CellError("duplicate_serial", other=self.seen_devices[device])
                row.errors.append(_error(row.line, self.column("serial_number"), values["serial_number"], exc))
            self.seen_devices[device] = row.line
        if row.errors:
            tally.reject(row.errors)
            return "rejected", None
        self._note_new_references(values, tally)
        if device is None:
            tally.new += 1
            return "new", None
        if _signature(values, self.mapped) == self.index.signatures.get(device) and not self._new_external(
            device, values
        ):
            tally.unchanged += 1
            return "unchanged", device
        tally.updated += 1
        return "updated", device

    def _new_external(self, device: int, values: dict) -> bool:
        external = values.get("external_id")
        source = self.source.preset.external_source
        return bool(external) and self.index.external_ids.get(device, {}).get(source) != external

    def _note_new_references(self, values: dict, tally: _Pass) -> None:
        get = values.get
        if get("model"):
            key = (get("manufacturer", ""), values["model"])
            if key not in self.models:
                tally.new_models[key] = get("category", "")
        service, site, holder = get("service"), get("site"), get("holder")
        if service and service not in self.services:
            tally.new_services.add(service)
        if site and site not in self.sites:
            tally.new_sites.add(site)
        if holder and holder not in self.people:
            tally.new_people.add(holder)


def _run(job: ImportJob, source: _Source, on_row=None, matcher=None) -> _Pass:
    tally = _Pass()
    matcher = matcher or _Matcher(job, source)
    for line, cells in source.rows:
        row = _parse_row(source, line, cells)
        if row.totals:
            value = next((cell_text(c) for c in cells if type(c) is str and c.strip()), "")
            tally.skipped.append({"line": line, "code": "totals_row", "value": value[:SAMPLE_CHARS]})
            continue
        kind, device = matcher.classify(row, tally)
        tally.rows += 1
        if on_row is not None:
            on_row(row, kind, device, tally)
    return tally


def _save(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])


def refusal_report(exc: ImportRefused) -> dict:
    error = {"line": exc.params.get("line", 0), "column": "", "value": "", "code": exc.code, "message": exc.message,
             "params": plain_params(exc.params)}  # fmt: skip
    counts = {"new": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    return {**counts, "errors": [error], "error_count": 1, "refused": True, "skipped": [], **exc.facts}


def import_check(*, job: ImportJob) -> dict:
    """Dry run: read the whole file, count what would change and list every error. Writes only the job, and the
    rows it would write to a spill file that spares the apply a second reading (see `spill`)."""
    _save(job, state=ImportJobState.ANALYSING, progress=0, failure="")
    spill = None
    try:
        source = _open_source(job)
        spill = SpillWriter(job, fleet_state(job.organisation_id))  # the fleet as it is before the matcher reads it
        matcher = _Matcher(job, source)
        external_ids = matcher.index.external_ids

        def keep(row, kind, device, tally):
            if tally.error_count:
                pass  # the file is refused: nothing to keep
            elif kind == "new":
                spill.add(None, None, row.values)
            elif kind == "updated":
                spill.add(device, external_ids.get(device, {}), row.values)
            if tally.rows % PROGRESS_EVERY == 0:
                _save(job, rows_total=tally.rows)

        with _quiet_gc():
            tally = _run(job, source, keep, matcher)
    except ImportRefused as exc:
        spill.drop() if spill is not None else discard_spill(job)
        report = refusal_report(exc)
        _save(job, state=ImportJobState.REFUSED, report=report, failure=exc.message, checked_at=timezone.now())
        return report
    except BaseException:
        spill.drop() if spill is not None else discard_spill(job)
        raise
    report = tally.report(source)
    state = ImportJobState.REFUSED if tally.error_count else ImportJobState.CHECKED
    checked_at = timezone.now()
    if state == ImportJobState.CHECKED:
        spill.keep(checked_at)
    else:
        spill.drop()
    _save(job, state=state, report=report, rows_total=tally.rows, progress=100, checked_at=checked_at)
    return report


@contextlib.contextmanager
def _quiet_gc():
    """No cyclic garbage collection while a large file streams through: its rows make no cycles, and each
    collection would walk every object the matching keeps (a few percent of the run on a million rows)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ImportNotReady(Exception):
    """Apply was asked for a job whose check did not pass."""


def import_apply(*, actor: User | None, job: ImportJob) -> dict:
    """Write every row in one transaction, or nothing. The rows the check kept are written as they are while the
    fleet has not changed since; otherwise the check runs again inside the transaction, as the fleet has moved."""
    if job.state not in (ImportJobState.CHECKED, ImportJobState.APPLY_QUEUED):
        raise ImportNotReady(job.state)
    _save(job, state=ImportJobState.APPLYING, progress=0)
    try:
        with transaction.atomic(), _quiet_gc():
            report = _apply(actor=actor, job=job)
    except _Rejected as exc:
        _save(job, state=ImportJobState.REFUSED, report=exc.report, progress=0)
        return exc.report
    except ImportRefused as exc:
        report = refusal_report(exc)
        _save(job, state=ImportJobState.REFUSED, report=report, failure=exc.message)
        return report
    finally:
        discard_spill(job)
    _save(job, state=ImportJobState.APPLIED, report=report, progress=100, applied_at=timezone.now())
    return report


class _Rejected(Exception):
    def __init__(self, report: dict):
        self.report = report


def _apply(*, actor: User | None, job: ImportJob) -> dict:
    source = _open_source(job)
    rows = checked_rows(job)  # inside the transaction: on SQLite, nobody else writes until it ends
    if rows is not None:
        report, writer = _apply_checked(actor=actor, job=job, source=source, rows=rows)
    else:
        report, writer = _apply_again(actor=actor, job=job, source=source)
    writer.finish()
    report["created"] = writer.created
    audit_record(
        organisation=job.organisation,
        actor=actor,
        action="import",
        instance=job,
        after={k: report[k] for k in ("new", "updated", "unchanged", "new_model_count", "new_services", "new_sites")},
    )
    fleet_changed.send(sender=ImportJob, organisation=job.organisation)
    return report


def _progress(job: ImportJob, done: int, total: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(progress=min(99, 100 * done // max(1, total)))


def _apply_checked(*, actor, job: ImportJob, source: _Source, rows) -> tuple[dict, Any]:
    """The rows the check kept, written as they are: the report is the check's."""
    from fairfleet.inventory.imports.writing import Writer

    report = dict(job.report)
    writer = Writer(job=job, actor=actor, source=source, expected_new=report.get("new", 0))
    total = report.get("new", 0) + report.get("updated", 0)
    add = writer.add_record if writer.sqlite else (lambda record: writer.add(as_values(record)))
    for done, record in enumerate(rows, start=1):
        if record[0] is None:
            add(record)
        else:
            writer.update(record[0], as_values(record), external_ids=record[1])
        if done % PROGRESS_EVERY == 0:
            _progress(job, done, total)
    return report, writer


def _apply_again(*, actor, job: ImportJob, source: _Source) -> tuple[dict, Any]:
    """The whole check again, inside the transaction, writing each row as it goes."""
    from fairfleet.inventory.imports.writing import Writer

    matcher = _Matcher(job, source)
    matcher_external = matcher.index.external_ids
    writer = Writer(job=job, actor=actor, source=source, expected_new=job.report.get("new", 0))
    total = max(1, job.rows_total)

    def write(row: Row, kind: str, device: int | None, tally: _Pass) -> None:
        if tally.error_count:
            return  # the transaction will be rolled back: keep counting errors only
        if kind == "new":
            writer.add(row.values)
        elif kind == "updated":
            writer.update(device, row.values, external_ids=matcher_external.get(device, {}))
        if tally.rows % PROGRESS_EVERY == 0:
            _progress(job, tally.rows, total)

    tally = _run(job, source, write, matcher)
    report = tally.report(source)
    if tally.error_count:
        raise _Rejected(report)  # leaving the atomic block with it rolls everything back
    return report, writer


_IN_USE, _IN_STOCK = DeviceState.IN_USE.value, DeviceState.IN_STOCK.value  # plain strings for the raw writers


def default_state(values: dict) -> str:
    code = _state_code(values["state"]) if values.get("state") else None
    if code:
        return code
    return _IN_USE if values.get("holder") else _IN_STOCK


@functools.lru_cache(maxsize=1024)  # a file spells its states in a handful of ways
def _state_code(text: str) -> str | None:
    return match_word(text, STATE_WORDS)


state_code, IN_USE, IN_STOCK = _state_code, _IN_USE, _IN_STOCK  # for the writer's hot loop


def category_code(text: str, preset: Preset) -> str:
    return (match_word(text, CATEGORY_WORDS) if text else None) or preset.default_category


@functools.lru_cache(maxsize=1024)
def acquisition_kind(text: str) -> str:
    return (match_word(text, KIND_WORDS) if text else None) or "new"


def to_json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)


def builtin_categories() -> dict[str, int]:
    return dict(Category.objects.filter(organisation__isnull=True).values_list("code", "id"))


STANDARD = Criticality.STANDARD
