"""The write side of an import: references created on first sight, devices written in batches.

New devices go through the seeding module's writer (SQLite executemany, PostgreSQL COPY, else bulk_create),
each with its first lifecycle step as device_create records it; updates go through bulk_update.
"""

import random
from typing import Any

from django.utils import timezone

from fairfleet.inventory.imports import service as svc
from fairfleet.inventory.models import Device, DeviceModel
from fairfleet.inventory.seeding import bulk_writer, random_uuid_int
from fairfleet.inventory.services import device_model_create
from fairfleet.tenancy import services as tenancy_services
from fairfleet.tenancy.models import Person, Service, Site

_REFERENCES = {"service": "service_id", "site": "site_id", "holder": "holder_id"}


class Writer:
    def __init__(self, *, job, actor, source, expected_new: int):
        self.job, self.actor, self.source = job, actor, source
        self.organisation = job.organisation
        org = self.organisation.pk
        self.models = {
            (m, n): (pk, cat)
            for pk, m, n, cat in DeviceModel.objects.filter(organisation_id=org).values_list(
                "id", "manufacturer", "name", "category_id"
            )
        }
        self.services = dict(Service.objects.filter(organisation_id=org).order_by("-id").values_list("name", "id"))
        self.sites = dict(Site.objects.filter(organisation_id=org).order_by("-id").values_list("name", "id"))
        self.people = dict(Person.objects.filter(organisation_id=org).order_by("-id").values_list("full_name", "id"))
        self.categories = svc.builtin_categories()
        self.created = {"models": 0, "services": 0, "sites": 0, "people": 0}
        self.new_rows: list[tuple] = []
        self.updates: list[Device] = []
        self.update_fields = [f for f in svc._mapped(source) if f != "manufacturer"]
        self.update_columns: list[str] = []
        self.writer, self.values = bulk_writer("auto", expected_new)
        self.json_as_text = isinstance(self.values.json_empty, str)
        self.now = self.values.now()
        self.batch_id = self.values.uuid(job.public_id.int)
        self.actor_id = actor.pk if actor else None

    # References -------------------------------------------------------------------------------

    def model(self, values: dict) -> tuple[int, int]:
        key = (values["manufacturer"], values["model"])
        if key not in self.models:
            code = svc.category_code(values.get("category", ""), self.source.preset)
            category = self.categories.get(code) or self.categories[self.source.preset.default_category]
            created = device_model_create(
                actor=self.actor,
                organisation=self.organisation,
                manufacturer=key[0],
                name=key[1],
                category_id=category,
                is_draft=True,
            )
            self.models[key] = (created.pk, created.category_id)
            self.created["models"] += 1
        return self.models[key]

    def reference(self, name: str, text: str) -> int | None:
        if not text:
            return None
        known = {"service": self.services, "site": self.sites, "holder": self.people}[name]
        if text not in known:
            if name == "service":
                obj = tenancy_services.service_create(
                    actor=self.actor, organisation=self.organisation, name=text, criticality=svc.STANDARD
                )
                self.created["services"] += 1
            elif name == "site":
                obj = tenancy_services.site_create(actor=self.actor, organisation=self.organisation, name=text)
                self.created["sites"] += 1
            else:
                obj = Person.objects.create(organisation=self.organisation, full_name=text)
                self.created["people"] += 1
            known[text] = obj.pk
        return known[text]

    # Devices ----------------------------------------------------------------------------------

    def add(self, values: dict[str, Any]) -> None:
        v = self.values
        model_id, category_id = self.model(values)
        state = svc.default_state(values)
        external = values.get("external_id")
        external_ids = {self.source.preset.external_source: external} if external else {}
        price = values.get("price")
        acquired, warranty = values.get("acquisition_date"), values.get("warranty_end")
        org = self.organisation.pk
        device = (
            org, v.uuid(random_uuid_int(_RNG)), values["asset_tag"], values["serial_number"], model_id, category_id,
            self.reference("service", values.get("service", "")), self.reference("site", values.get("site", "")),
            None, self.reference("holder", values.get("holder", "")), state, self.now,
            v.date(acquired.toordinal() if acquired else None), values.get("acquisition_kind") or "new",
            None if price is None else v.price(str(price)), "EUR", values.get("supplier", ""),
            v.date(warranty.toordinal() if warranty else None), values.get("notes", ""),
            (svc.to_json(external_ids) if external_ids else v.json_empty) if self.json_as_text else external_ids,
            self.now, self.now,
        )  # fmt: skip
        self.new_rows.append((device, (org, "", state, self.actor_id, self.now, "", "", None, self.batch_id)))
        if len(self.new_rows) >= svc.BATCH_SIZE:
            self.flush_new()

    def update(self, device_id: int, values: dict[str, Any], *, external_ids: dict) -> None:
        """Set the fields the file maps; every update of one import sets the same columns."""
        fields: dict[str, Any] = {}
        for name in self.update_fields:
            if name == "model":
                fields["model_id"], fields["category_id"] = self.model(values)
            elif name in _REFERENCES:
                fields[_REFERENCES[name]] = self.reference(name, values.get(name, ""))
            else:
                fields[name] = values.get(name) if values.get(name) is not None else _EMPTY.get(name)
        external = values.get("external_id")
        source = self.source.preset.external_source
        fields["external_ids"] = {**external_ids, source: external} if external else external_ids
        fields["updated_at"] = timezone.now()
        self.updates.append(Device(pk=device_id, **fields))
        self.update_columns = list(fields)
        if len(self.updates) >= svc.BATCH_SIZE:
            self.flush_updates()

    def flush_new(self) -> None:
        if self.new_rows:
            self.writer.write(self.new_rows)
            self.new_rows = []

    def flush_updates(self) -> None:
        if self.updates:
            Device.objects.bulk_update(self.updates, self.update_columns, batch_size=1000)
            self.updates = []

    def finish(self) -> None:
        self.flush_new()
        self.flush_updates()
        self.writer.finish()


_RNG = random.Random()  # public ids only; nothing to reproduce
_EMPTY = {"supplier": "", "notes": "", "serial_number": "", "asset_tag": "", "acquisition_kind": "new"}
