"""Release every marketplace reservation past its expiry (run it daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from fairfleet.reuse.marketplace.services import reservations_expire_overdue


class Command(BaseCommand):
    help = (
        "Release the marketplace reservations whose time is up: each expires, its offer opens again and its "
        "device is offered again. Pages also do this for the reservations they show."
    )

    def handle(self, *args, **options):
        total = 0
        while released := reservations_expire_overdue():
            total += released
        self.stdout.write(f"{total} reservation(s) released.")
