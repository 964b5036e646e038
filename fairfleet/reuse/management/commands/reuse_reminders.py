"""Move past recurring collection campaigns to their next date and send the reminders that are due.

Run it daily (cron, systemd timer), or let the `campaign_reminders_task` background task do it.
"""

import json

from django.core.management.base import BaseCommand

from fairfleet.reuse.services import campaign_reminders_send


class Command(BaseCommand):
    help = "Send the collection campaign reminders that are due (each one once)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")

    def handle(self, *args, **options):
        counts = campaign_reminders_send()
        if options["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(
                f"{counts['reminders']} reminders sent to {counts['recipients']} recipients; "
                f"{counts['advanced']} recurring campaigns moved to their next date; "
                f"{counts['failed_recipients']} recipients and {counts['failed_campaigns']} campaigns failed "
                "(see the log)."
            )
