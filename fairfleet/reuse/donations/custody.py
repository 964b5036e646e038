"""The chain of custody reported by partners: one event at a time, or many from a CSV file.

The same helpers serve the page, the CSV import and the API. A CSV file is read whole (it is small:
at most MAX_CSV_BYTES), checked line by line without writing anything (dry run), then applied in one
transaction only when no line has an error.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fairfleet.core.messages import Message
from fairfleet.inventory.imports.values import CellError, parse_decimal
from fairfleet.inventory.models import Device, DeviceState
from fairfleet.inventory.services import TransitionRequest, device_transition, normalise_code
from fairfleet.reuse.donations import territories
from fairfleet.reuse.donations.models import DonationLot, LotDevice, LotState
from fairfleet.reuse.models import BeneficiaryKind, CustodyEvent, CustodyEventKind, CustodySource
from fairfleet.tenancy.audit import audit_record
from fairfleet.tenancy.models import Organisation, User

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 10_000
PARTNER_KINDS = (
    CustodyEventKind.PICKED_UP,
    CustodyEventKind.RECEIVED,
    CustodyEventKind.REFURBISHED,
    CustodyEventKind.GIVEN,
    CustodyEventKind.SOLD_SOLIDARITY,
    CustodyEventKind.RECYCLED,
)
SECOND_LIFE_KINDS = frozenset({CustodyEventKind.GIVEN, CustodyEventKind.SOLD_SOLIDARITY})
# Lots in which the partner holds, or is about to pick up, the devices.
REPORTABLE_LOT_STATES = frozenset({LotState.SCHEDULED, LotState.HANDED_OVER, LotState.CLOSED})
PRICE_LIMIT = Decimal("99999999.99")  # CustodyEvent.price: 10 digits, 2 after the point
CSV_COLUMNS = ["serial_number", "event", "date", "place", "territory", "beneficiary", "price", "reference", "notes"]
REQUIRED_COLUMNS = ("serial_number", "event", "date")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FILE_REFUSALS = {
    "empty": gettext_lazy("The file is empty."),
    "too_large": gettext_lazy("The file is larger than 2 MB: split it into smaller files."),
    "encoding": gettext_lazy("The file is not UTF-8 text: save it as “CSV UTF-8” and try again."),
    "no_header": gettext_lazy("The first line must name the columns: %(columns)s."),
    "missing_columns": gettext_lazy("These required columns are missing: %(columns)s."),
    "no_rows": gettext_lazy("The file has a header line but no event."),
    "too_many_rows": gettext_lazy("The file has more than %(max)d lines: split it."),
    "malformed": gettext_lazy("Line %(line)d is not valid CSV (a quote is not closed): correct it."),
}


@dataclass
class EventData:
    item: LotDevice
    kind: str
    occurred_on: datetime.date
    place: str = ""
    territory: str = ""
    beneficiary_kind: str = ""
    price: Decimal | None = None
    reference: str = ""
    notes: str = ""


def _check_event(partner: Organisation, data: EventData) -> list[str]:
    """What is wrong with this event (empty list when it can be recorded)."""
    errors = []
    lot = data.item.lot
    if lot.partner_id != partner.id or lot.state not in REPORTABLE_LOT_STATES:
        errors.append(_("this device is not in a lot your organisation has accepted and picked up"))
        return errors
    if data.kind not in PARTNER_KINDS:
        errors.append(_("unknown event “%(kind)s”") % {"kind": data.kind})
    if data.occurred_on > datetime.date.today():
        errors.append(_("the date is in the future"))
    elif lot.accepted_at is not None and data.occurred_on < timezone.localdate(lot.accepted_at):
        errors.append(
            _("the date is before %(date)s, when your organisation accepted the lot")
            % {"date": date_format(timezone.localdate(lot.accepted_at), "SHORT_DATE_FORMAT")}
        )
    if data.territory and not territories.is_known(data.territory):
        errors.append(_("unknown territory code “%(code)s”") % {"code": data.territory})
    if data.beneficiary_kind and data.beneficiary_kind not in BeneficiaryKind.values:
        errors.append(_("unknown beneficiary “%(kind)s”") % {"kind": data.beneficiary_kind})
    if data.kind == CustodyEventKind.GIVEN and not data.beneficiary_kind:
        errors.append(_("say to which kind of beneficiary the device was given"))
    if data.kind == CustodyEventKind.SOLD_SOLIDARITY and data.price is None:
        errors.append(_("give the solidarity price"))
    if data.price is not None and data.price < 0:
        errors.append(_("the price cannot be negative"))
    device = data.item.device
    if data.kind in SECOND_LIFE_KINDS and device.state not in (DeviceState.HANDED_OVER, DeviceState.SECOND_LIFE):
        errors.append(_("the device has not been handed over yet: confirm the receipt of the lot first"))
    return errors


def _write(*, actor: User, partner: Organisation, data: EventData, source: str) -> CustodyEvent:
    item = data.item
    event = CustodyEvent(
        organisation_id=item.lot.organisation_id,
        device=item.device,
        kind=data.kind,
        occurred_on=data.occurred_on,
        place=data.place,
        territory=data.territory,
        beneficiary_kind=data.beneficiary_kind,
        price=data.price,
        reference=data.reference,
        notes=data.notes,
        lot_public_id=item.lot.public_id,
        reported_by=partner,
        recorded_by=actor,
        source=source,
    )
    event.full_clean()
    event.save()
    if data.kind in SECOND_LIFE_KINDS and item.device.state == DeviceState.HANDED_OVER:
        item.device = device_transition(
            actor=actor,
            device=item.device,
            request=TransitionRequest(
                to_state=DeviceState.SECOND_LIFE,
                reason=Message("donations.custody_reported", {"event": data.kind, "partner": partner.name}),
                reference=data.reference,
            ),
        )
    audit_record(
        organisation=item.lot.organisation,
        actor=actor,
        action="custody_event",
        instance=event,
        after={"kind": data.kind, "device": str(item.device), "reported_by": partner.name, "source": source},
    )
    return event


@transaction.atomic
def custody_report(
    *, actor: User, partner: Organisation, data: EventData, source: str = CustodySource.WEB
) -> CustodyEvent:
    """Record one event of a device the partner received."""
    errors = _check_event(partner, data)
    if errors:
        raise ValidationError([e[0].upper() + e[1:] + "." for e in errors])
    return _write(actor=actor, partner=partner, data=data, source=source)


def partner_items(partner: Organisation, lot: DonationLot | None = None):
    qs = LotDevice.objects.filter(lot__partner=partner, removed_at__isnull=True).select_related(
        "lot", "device__model", "device__category"
    )
    return qs.filter(lot=lot) if lot is not None else qs


def find_item(partner: Organisation, code: str, lot: DonationLot | None = None) -> tuple[LotDevice | None, str]:
    """The partner's lot item whose device has this serial number (or asset tag), with an error if none
    or several match."""
    code = normalise_code(code)
    if not code:
        return None, _("the serial number is empty")
    items = list(partner_items(partner, lot).filter(device__serial_number=code)[:2]) or list(
        partner_items(partner, lot).filter(device__asset_tag=code)[:2]
    )
    if not items:
        return None, _("no device with serial number “%(code)s” in the lots you accepted") % {"code": code}
    if len(items) > 1:
        return None, _("several devices have serial number “%(code)s”: import the file from the lot's page") % {
            "code": code
        }
    return items[0], ""


# CSV import ----------------------------------------------------------------------------------


class CsvRefused(Exception):
    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(FILE_REFUSALS[self.code])
        return text % self.params if self.params else text


@dataclass
class LineResult:
    line: int
    serial_number: str
    errors: list[str] = field(default_factory=list)
    data: EventData | None = None


@dataclass
class ImportReport:
    lines: list[LineResult]
    applied: bool = False

    @property
    def errors(self) -> list[LineResult]:
        return [line for line in self.lines if line.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "applied": self.applied,
            "rows": len(self.lines),
            "errors": [{"line": r.line, "serial_number": r.serial_number, "errors": r.errors} for r in self.errors],
        }


def _decode(raw: bytes) -> str:
    if not raw or not raw.strip():
        raise CsvRefused("empty")
    if len(raw) > MAX_CSV_BYTES:
        raise CsvRefused("too_large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvRefused("encoding") from None
    if not text.strip():
        raise CsvRefused("empty")
    return text


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
        if not any(header):
            raise CsvRefused("no_header", columns=", ".join(CSV_COLUMNS))
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise CsvRefused("missing_columns", columns=", ".join(missing))
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_CSV_ROWS:
                raise CsvRefused("too_many_rows", max=MAX_CSV_ROWS)
            values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
            rows.append((reader.line_num, values))
    except csv.Error:
        raise CsvRefused("malformed", line=reader.line_num) from None
    if not rows:
        raise CsvRefused("no_rows")
    return header, rows


KIND_ALIASES = {kind.value: kind.value for kind in CustodyEventKind}


def _parse_line(partner: Organisation, line: int, values: dict, lot: DonationLot | None) -> LineResult:
    result = LineResult(line=line, serial_number=values.get("serial_number", ""))
    errors = result.errors
    for name, value in values.items():
        if "\x00" in value:
            errors.append(_("column “%(column)s” contains a NUL character") % {"column": name})
        elif value.startswith(FORMULA_TRIGGERS) and name != "price":
            errors.append(
                _("column “%(column)s” starts with a formula character (%(char)s)")
                % {"column": name, "char": value[0]}
            )
    item, problem = find_item(partner, values.get("serial_number", ""), lot)
    if problem:
        errors.append(problem)
    kind = values.get("event", "").strip().lower()
    if kind not in PARTNER_KINDS:
        errors.append(
            _("unknown event “%(kind)s” (expected one of: %(kinds)s)")
            % {"kind": kind, "kinds": ", ".join(PARTNER_KINDS)}
        )
    try:
        occurred_on = datetime.date.fromisoformat(values.get("date", ""))
    except ValueError:
        occurred_on = None
        errors.append(_("the date “%(value)s” is not a date like 2026-03-31") % {"value": values.get("date", "")})
    price = None
    if values.get("price"):
        # parse_decimal reads digits only: NaN, Infinity and 1e400 are not numbers here (Decimal() takes them).
        try:
            price = parse_decimal(values["price"])
        except CellError:
            errors.append(_("the price “%(value)s” is not a number") % {"value": values["price"]})
        else:
            if price is not None and abs(price) > PRICE_LIMIT:
                errors.append(_("the price cannot be more than %(limit)s") % {"limit": PRICE_LIMIT})
            elif price is not None:
                price = price.quantize(Decimal("0.01"))
    if errors:
        return result
    data = EventData(
        item=item,
        kind=kind,
        occurred_on=occurred_on,
        place=values.get("place", "")[:200],
        territory=values.get("territory", "").upper(),
        beneficiary_kind=values.get("beneficiary", "").lower(),
        price=price,
        reference=values.get("reference", "")[:200],
        notes=values.get("notes", ""),
    )
    errors += _check_event(partner, data)
    result.data = None if errors else data
    return result


def custody_import(
    *,
    actor: User,
    partner: Organisation,
    raw: bytes,
    apply: bool,
    lot: DonationLot | None = None,
    source=CustodySource.CSV,
) -> ImportReport:
    """Check every line (dry run); with apply=True and no error, write all events in one transaction.
    Raises CsvRefused when the file as a whole cannot be read."""
    _header, rows = _rows(_decode(raw))
    report = ImportReport(lines=[_parse_line(partner, line, values, lot) for line, values in rows])
    if apply and report.ok:
        with transaction.atomic():
            for result in report.lines:
                # A device given in the same file after another event must be re-read in its new state.
                result.data.item.device = Device.objects.get(pk=result.data.item.device_id)
                errors = _check_event(partner, result.data)
                if errors:
                    raise ValidationError(
                        _("Line %(line)d: %(errors)s") % {"line": result.line, "errors": "; ".join(errors)}
                    )
                _write(actor=actor, partner=partner, data=result.data, source=source)
        report.applied = True
    return report
