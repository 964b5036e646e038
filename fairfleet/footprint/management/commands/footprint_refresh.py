"""Compute the fleet footprint figures now, for one organisation or all (after loading a new factor set, or to
fill a demo database without waiting for the worker)."""

import time

from django.core.management.base import BaseCommand

from fairfleet.footprint.services import fleet_snapshot_compute
from fairfleet.inventory.management.commands.import_devices import find_organisation
from fairfleet.tenancy.models import Organisation


class Command(BaseCommand):
    help = "Compute the footprint figures of one organisation (--org) or of every organisation."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="organisation public id or exact name; default: all")

    def handle(self, *args, **options):
        organisations = [find_organisation(options["org"])] if options["org"] else Organisation.objects.all()
        for organisation in organisations:
            started = time.perf_counter()
            snapshot = fleet_snapshot_compute(organisation=organisation)
            self.stdout.write(
                f"{organisation.name}: {snapshot.data['devices']} devices in "
                f"{time.perf_counter() - started:.2f} s ({snapshot.factor_set.code})"
            )
