"""Benchmark the background recomputation of the fleet figures: a full pass against the incremental pass that
follows a change to one device, on a seeded fleet in the database.

Prints progress on stderr and, as the last line of stdout, one JSON object: devices, services, database,
full_seconds (the baseline: every device read and counted), edit_seconds and move_seconds (the pass after one
device is edited, and after one device moves to another service), the devices each incremental pass read,
and speedup = full_seconds / edit_seconds.
"""

import json
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fairfleet.core.benchmarks import use_bench_database
from fairfleet.core.commands import DisposableDataCommand
from fairfleet.footprint.services import fleet_snapshot_compute, fleet_snapshot_request
from fairfleet.inventory.models import Device
from fairfleet.inventory.seeding import seed_fleet
from fairfleet.inventory.services import device_update
from fairfleet.tenancy import services as tenancy_services
from fairfleet.tenancy.models import Organisation, OrganisationKind, Service

BENCH_ORGANISATION = "Bench footprint organisation"


class Command(DisposableDataCommand):
    always_guarded = False  # guarded only on the database of DATABASE_URL
    help = (
        "Benchmark the footprint recomputation on N seeded devices: a full pass, then the incremental pass after "
        "one device is edited and after one device changes service. Uses var/bench-footprint_refresh.sqlite3 "
        "(or --db) unless DATABASE_URL is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--devices", type=int, default=1_000_000)
        parser.add_argument("--services", type=int, default=200, help="Services the devices are spread over.")
        parser.add_argument("--db", help="SQLite file to use.")

    def handle(self, *args, devices: int, services: int, db: str | None, **options):
        if devices < 100 or services < 2:
            raise CommandError("--devices must be at least 100 and --services at least 2.")
        own_file = use_bench_database(self, "footprint_refresh", db)
        organisation = self._seeded(devices, services, own_file)
        fleet_snapshot_request(organisation=organisation)
        self.stderr.write("Full pass ...")
        full_seconds, full = self._timed(organisation)
        device = Device.objects.filter(organisation=organisation, service__isnull=False).order_by("id").first()
        device_update(actor=None, device=device, data={"notes": "bench edit"})
        self.stderr.write("Incremental pass after one edit ...")
        edit_seconds, edit = self._timed(organisation)
        other = Service.objects.filter(organisation=organisation).exclude(pk=device.service_id).order_by("id").first()
        device_update(actor=None, device=device, data={"service": other})
        self.stderr.write("Incremental pass after one move ...")
        move_seconds, move = self._timed(organisation)
        result = {
            "devices": devices,
            "services": Service.objects.filter(organisation=organisation).count(),
            "database": connection.vendor,
            "full_seconds": round(full_seconds, 3),
            "edit_seconds": round(edit_seconds, 3),
            "move_seconds": round(move_seconds, 3),
            "edit_devices_read": edit["devices"],
            "move_devices_read": move["devices"],
            "full_devices_read": full["devices"],
            "speedup": round(full_seconds / edit_seconds, 1) if edit_seconds else None,
        }
        self.stdout.write(json.dumps(result))

    def _timed(self, organisation: Organisation) -> tuple[float, dict]:
        started = time.perf_counter()
        snapshot = fleet_snapshot_compute(organisation=organisation)
        return time.perf_counter() - started, snapshot.data["last_pass"]

    def _seeded(self, devices: int, services: int, own_file: Path | None) -> Organisation:
        if own_file is not None:
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{own_file}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
        if Organisation.objects.filter(name=BENCH_ORGANISATION).exists():
            raise CommandError(f"“{BENCH_ORGANISATION}” exists already in this database: use an empty one.")
        organisation = tenancy_services.organisation_create(
            actor=None, name=BENCH_ORGANISATION, kind=OrganisationKind.STATE_SERVICE, country="FR", language="fr"
        )
        # A ministry-sized structure: the devices spread over many services (seeding weights them by headcount).
        Service.objects.bulk_create(
            [Service(organisation=organisation, name=f"Service {number:04d}") for number in range(1, services + 1)]
        )
        self.stderr.write(f"Seeding {devices:,} devices over {services} services ...")
        seed_fleet(organisation=organisation, devices=devices, seed=7, prefix="BFR", batch_size=20_000)
        return organisation
