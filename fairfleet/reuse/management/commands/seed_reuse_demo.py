"""The reuse demo on top of seed_demo: retired devices, assessments, erasures, campaigns, a reuse partner
on a regional platform, a donation lot with its chain of custody, and marketplace offers.

Idempotent: a second run writes nothing and prints the partner's login. See the package fairfleet/reuse/demo/.
"""

import time

from django.core.management.base import CommandError
from django.db import transaction

from fairfleet.core.commands import DisposableDataCommand
from fairfleet.inventory.management.commands.seed_demo import DEMO_PASSWORD
from fairfleet.reuse import demo
from fairfleet.tenancy.models import Membership


class Command(DisposableDataCommand):
    help = (
        "Add the end-of-first-use story to the demo made by seed_demo: retired devices in storage, assessments "
        "and erasures, collection campaigns, a reuse partner with a donation lot and its chain of custody, and "
        "marketplace offers. Does nothing but print the partner's login when the story exists already."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                report = demo.seed()
        except demo.DemoMissing as error:
            raise CommandError(str(error)) from None
        if report.lines:
            for line in report.lines:
                self.stdout.write(f"  {line}")
            self.stdout.write(f"Reuse demo data created in {time.perf_counter() - started:.1f} s.")
        else:
            self.stdout.write("The reuse demo data exists already.")
        for line in report.missing:
            self.stderr.write(f"Not seeded: {line}")
        self._print_partner_logins()

    def _print_partner_logins(self) -> None:
        memberships = Membership.objects.filter(organisation__name=demo.PARTNER_NAME, is_active=True).select_related(
            "user", "organisation"
        )
        rows = [(m.user.email, str(m.get_role_display()), m.organisation.name) for m in memberships.order_by("id")]
        if not rows:
            return
        header = ("E-mail", "Role", "Organisation")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        self.stdout.write("\nReuse partner login:")
        for row in [header, tuple("-" * w for w in widths), *rows]:
            self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(f"\nPassword: {DEMO_PASSWORD} (as every demo login)")
