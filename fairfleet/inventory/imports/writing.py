"""The write side of an import: references created on first sight, devices written in batches.

New devices go through the import's own SQLite writer (see `bulk`), or else the seeding module's (PostgreSQL
COPY, or bulk_create), each with its first lifecycle step as device_create records it; updates go through
bulk_update.
"""

import datetime
import random
from typing import Any

from django.db import connection
from django.utils import timezone

from fairfleet.inventory.imports import service as svc
from fairfleet.inventory.imports.bulk import SqliteImportWriter, knows_every_field
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
        self.actor_id = actor.pk if actor else None
        self.org_id = org
        # SQLite: the import's own writer (see bulk); elsewhere the seeding module's (PostgreSQL COPY, or the ORM).
        self.sqlite = connection.vendor == "sqlite" and knows_every_field()
        if self.sqlite:
            self.now = connection.ops.adapt_datetimefield_value(timezone.now())
            self.batch_id = f"{job.public_id.int:032x}"
            self.writer = SqliteImportWriter(
                organisation_id=org, now=self.now, actor_id=self.actor_id, batch_id=self.batch_id,
                expected_new=expected_new,
            )  # fmt: skip
            self.json_as_text, self.json_empty = True, "{}"
        else:
            self.writer, self.values = bulk_writer("auto", expected_new)
            self.json_as_text, self.json_empty = isinstance(self.values.json_empty, str), self.values.json_empty
            self.now = self.values.now()
            self.batch_id = self.values.uuid(job.public_id.int)
        self.known = {"service": self.services, "site": self.sites, "holder": self.people}
        self.dates: dict = {}
        self.days: dict[int, str] = {}
        self.steps: dict[str, tuple] = {}

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

    def reference(self, name: str, text: str | None) -> int | None:
        if not text:
            return None
        known = self.known[name]
        if text not in known:
            if name == "service":
                obj = tenancy_services.service_create(
                    actor=self.actor,
                    organisation=self.organisation,
                    name=text,
                    criticality=svc.STANDARD,
                    is_draft=True,
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
        model_id, category_id = self.model(values)
        state = svc.default_state(values)
        price = values.get("price")
        reference, date = self.reference, self.date
        if self.sqlite:  # the id first, then ROW_FIELDS, as SQLite stores them
            self.new_rows.append((
                self.writer.take_id(), f"{random_uuid_int(_RNG):032x}", values["asset_tag"], values["serial_number"],
                model_id, category_id, reference("service", values.get("service")),
                reference("site", values.get("site")), reference("holder", values.get("holder")), state,
                date(values.get("acquisition_date")), values.get("acquisition_kind") or "new",
                None if price is None else str(price), values.get("supplier") or "", date(values.get("warranty_end")),
                values.get("notes") or "", self.external_json(values.get("external_id")),
            ))  # fmt: skip
        else:
            now = self.now
            device = (
                self.org_id, self.values.uuid(random_uuid_int(_RNG)), values["asset_tag"], values["serial_number"],
                model_id, category_id, reference("service", values.get("service")),
                reference("site", values.get("site")), None, reference("holder", values.get("holder")), state, now,
                date(values.get("acquisition_date")), values.get("acquisition_kind") or "new", price, "EUR",
                values.get("supplier") or "", date(values.get("warranty_end")), values.get("notes") or "",
                self.external_json(values.get("external_id")), now, now,
            )  # fmt: skip
            step = self.steps.get(state)  # the same first step for every device in this state
            if step is None:
                # TRANSITION_FIELDS after the device: no reason text and no stored message on a first step.
                step = (self.org_id, "", state, self.actor_id, now, "", "", None, self.batch_id, None)
                self.steps[state] = step
            self.new_rows.append((device, step))
        if len(self.new_rows) >= svc.BATCH_SIZE:
            self.flush_new()

    def add_record(self, record: tuple) -> None:
        """add() for SQLite, from a record of the check's spill: no dict; days as numbers, prices as text."""
        (_device, _external_ids, serial, tag, manufacturer, model, category, service, site, holder, state, acquired,
         kind, price, supplier, warranty, notes, external) = record  # fmt: skip
        model_id, category_id = self.models.get((manufacturer, model)) or self.model(
            {"manufacturer": manufacturer, "model": model, "category": category}
        )
        state = (svc.state_code(state) if state else None) or (svc.IN_USE if holder else svc.IN_STOCK)
        # References and days known already are found inline; the methods create or convert the others.
        services, sites, people, days = self.services, self.sites, self.people, self.days
        self.new_rows.append((
            self.writer.take_id(), f"{random_uuid_int(_RNG):032x}", tag, serial, model_id, category_id,
            (services.get(service) or self.reference("service", service)) if service else None,
            (sites.get(site) or self.reference("site", site)) if site else None,
            (people.get(holder) or self.reference("holder", holder)) if holder else None,
            state, (days.get(acquired) or self.day(acquired)) if acquired is not None else None, kind or "new", price,
            supplier or "", (days.get(warranty) or self.day(warranty)) if warranty is not None else None, notes or "",
            self.external_json(external) if external else "{}",
        ))  # fmt: skip
        if len(self.new_rows) >= svc.BATCH_SIZE:
            self.flush_new()

    def day(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        stored = self.days.get(ordinal)
        if stored is None:
            stored = datetime.date.fromordinal(ordinal).isoformat()
            if len(self.days) < svc.CACHE_LIMIT:
                self.days[ordinal] = stored
        return stored

    def date(self, day):
        if day is None:
            return None
        stored = self.dates.get(day)
        if stored is None:
            stored = day.isoformat() if self.sqlite else self.values.date(day.toordinal())
            if len(self.dates) < svc.CACHE_LIMIT:
                self.dates[day] = stored
        return stored

    def external_json(self, external: str | None):
        external_ids = {self.source.preset.external_source: external} if external else {}
        if not self.json_as_text:
            return external_ids
        return svc.to_json(external_ids) if external_ids else self.json_empty

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
