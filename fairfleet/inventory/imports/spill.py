"""The rows a check classified, kept on disk for the apply, so that a large file is read and matched only once.

While the check streams the file, every row it would write (new or updated) goes to a spill file, in batches,
with what the apply needs and nothing else. Next to it, a small signed note names the check (its time) and the
state of the fleet the rows were matched against: counts, highest ids and last change of the devices, models,
services, sites and people, and the last audit entry of the organisation. The apply uses the spill only when the
note's signature, the check and that state all still match; otherwise it reads and matches the file again.

The spill is a stream of pickles of plain values (tuples, dicts, text, numbers, None), read back by an
unpickler that refuses every class, after the file's HMAC has been checked: nothing in it can run code.
"""

import datetime
import hmac
import json
import os
import pickle
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max
from django.utils.crypto import salted_hmac

from fairfleet.inventory.imports.presets import TARGET_FIELDS
from fairfleet.inventory.models import Device, DeviceModel, ImportJob
from fairfleet.tenancy.models import AuditEntry, Person, Service, Site

VERSION = 1
SPILL_BATCH = 5000
FOLDER = "import-checks"  # under MEDIA_ROOT, apart from "imports/...": no upload can be stored there
# Every value a parsed row may hold (warranty months become a warranty end); an absent one is read back as None,
# which the writer treats alike.
FIELDS = tuple(name for name in TARGET_FIELDS if name != "warranty_months")
_SALT = "fairfleet.inventory.imports.spill"


def _paths(job: ImportJob) -> tuple[Path, Path]:
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    return folder / f"{job.public_id}.rows", folder / f"{job.public_id}.json"


def discard(job: ImportJob) -> None:
    for path in _paths(job):
        path.unlink(missing_ok=True)
        Path(f"{path}.part").unlink(missing_ok=True)


def fleet_state(organisation_id: int) -> list:
    """What the classification of rows depends on, in a few indexed aggregates: any device, model, service, site
    or person added or changed, and any audited change, gives another value."""
    devices = Device.objects.filter(organisation_id=organisation_id).aggregate(
        n=Count("id"), top=Max("id"), changed=Max("updated_at")
    )
    state = [devices["n"], devices["top"], str(devices["changed"])]
    for model in (DeviceModel, Service, Site, Person):
        figures = model.objects.filter(organisation_id=organisation_id).aggregate(n=Count("id"), top=Max("id"))
        state += [figures["n"], figures["top"]]
    state.append(AuditEntry.objects.filter(organisation_id=organisation_id).aggregate(top=Max("id"))["top"])
    return state


def _sign(meta: dict) -> str:
    return salted_hmac(_SALT, json.dumps(meta, sort_keys=True), algorithm="sha256").hexdigest()


class SpillWriter:
    """Written by the check, one batch at a time; `keep` publishes it, `drop` forgets it."""

    def __init__(self, job: ImportJob, fleet: list):
        self.job, self.fleet = job, fleet
        self.rows_path, self.meta_path = _paths(job)
        self.rows_path.parent.mkdir(parents=True, exist_ok=True)
        discard(job)  # a check again: what an earlier check wrote no longer holds
        self.part = Path(f"{self.rows_path}.part")
        self.handle = open(self.part, "wb")  # noqa: SIM115 - closed by keep() or drop()
        self.mac = salted_hmac(_SALT, b"", algorithm="sha256")
        self.batch: list[tuple] = []
        self.records = 0
        self.size = 0

    def add(self, device: int | None, external_ids: dict | None, values: dict) -> None:
        """Values in FIELDS order; dates as day numbers and prices as text, which pickle writes fastest."""
        get = values.get
        acquired, price, warranty = get("acquisition_date"), get("price"), get("warranty_end")
        self.batch.append((
            device, external_ids, get("serial_number"), get("asset_tag"), get("manufacturer"), get("model"),
            get("category"), get("service"), get("site"), get("holder"), get("state"),
            None if acquired is None else acquired.toordinal(), get("acquisition_kind"),
            None if price is None else str(price), get("supplier"), None if warranty is None else warranty.toordinal(),
            get("notes"), get("external_id"),
        ))  # fmt: skip
        if len(self.batch) >= SPILL_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            data = pickle.dumps(self.batch, protocol=5)
            self.mac.update(data)
            self.handle.write(data)
            self.records += len(self.batch)
            self.size += len(data)
            self.batch = []

    def keep(self, checked_at: datetime.datetime) -> None:
        self._flush()
        self.handle.close()
        meta = {
            "version": VERSION, "job": self.job.pk, "checked_at": checked_at.timestamp(), "fleet": self.fleet,
            "fields": list(FIELDS), "records": self.records, "size": self.size, "digest": self.mac.hexdigest(),
        }  # fmt: skip
        os.replace(self.part, self.rows_path)
        Path(f"{self.meta_path}.part").write_text(json.dumps({"meta": meta, "signature": _sign(meta)}))
        os.replace(f"{self.meta_path}.part", self.meta_path)

    def drop(self) -> None:
        self.handle.close()
        discard(self.job)


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in an import spill")


def checked_rows(job: ImportJob) -> Iterator[tuple] | None:
    """The rows the check classified, as records (device id or None, its external ids, *values in FIELDS order),
    if they still hold: same check, same fleet, intact file. None otherwise: the caller reads the file again."""
    rows_path, meta_path = _paths(job)
    try:
        stored = json.loads(meta_path.read_text())
        meta = stored["meta"]
        if not hmac.compare_digest(stored["signature"], _sign(meta)):
            return None
        if meta["version"] != VERSION or meta["job"] != job.pk or meta["fields"] != list(FIELDS):
            return None
        if job.checked_at is None or abs(meta["checked_at"] - job.checked_at.timestamp()) > 1e-3:
            return None
        if rows_path.stat().st_size != meta["size"]:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if meta["fleet"] != json.loads(json.dumps(fleet_state(job.organisation_id))):
        return None
    mac = salted_hmac(_SALT, b"", algorithm="sha256")
    with open(rows_path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            mac.update(chunk)
    if not hmac.compare_digest(mac.hexdigest(), meta["digest"]):
        return None
    return _records(rows_path, meta["records"])


def _records(path: Path, count: int) -> Iterator[tuple]:
    read = 0
    with open(path, "rb") as handle:
        while read < count:
            batch = _PlainUnpickler(handle).load()
            read += len(batch)
            yield from batch


def as_values(record: tuple) -> dict:
    """A record's values as the parser gave them: dates and decimals again (an absent value reads as None, which
    the writer treats alike)."""
    values = dict(zip(FIELDS, record[2:], strict=True))
    for name in ("acquisition_date", "warranty_end"):
        if values[name] is not None:
            values[name] = datetime.date.fromordinal(values[name])
    if values["price"] is not None:
        values["price"] = Decimal(values["price"])
    return values
