"""Import an erasure tool's report (Blancco XML, or CSV) for one organisation: a dry run by default, and
with --apply the matched lines are recorded in one transaction.

With --json, stdout is one JSON object: format, applied, created, matched, duplicates, unmatched, errors and
every line's outcome. The exit code is 1 when the file is refused or has errors.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from fairfleet.inventory.management.commands.import_devices import find_organisation
from fairfleet.reuse.erasure_import import ErasureImportRefused, erasure_import


class Command(BaseCommand):
    help = "Check an erasure report (Blancco XML or CSV) and, with --apply, record the matched erasures."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the report file")
        parser.add_argument("--org", required=True, help="organisation public id or exact name")
        parser.add_argument("--apply", action="store_true", help="record the matched erasures")
        parser.add_argument("--json", action="store_true", help="print the report as one JSON object")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        organisation = find_organisation(options["org"])
        with translation.override(organisation.language or None):
            try:
                report = erasure_import(
                    actor=None, organisation=organisation, content=path.read_bytes(), apply=options["apply"]
                )
            except ErasureImportRefused as refused:
                message = " ".join(refused.messages)
                if options["json"]:
                    self.stdout.write(json.dumps({"refused": message, "code": refused.code}, ensure_ascii=False))
                    raise SystemExit(1) from None
                raise CommandError(message) from None
            payload = report.as_dict()
            if options["json"]:
                self.stdout.write(json.dumps(payload, ensure_ascii=False))
            else:
                for line in report.lines:
                    if line.status in ("unmatched", "error", "duplicate"):
                        self.stdout.write(f"line {line.line}: {line.status}: {' '.join(line.messages)}")
                verb = "recorded" if report.applied else "to record (dry run; add --apply)"
                self.stdout.write(
                    f"{len(report.matched)} {verb}, {len(report.duplicates)} already recorded, "
                    f"{len(report.unmatched)} unmatched, {len(report.errors)} with errors."
                )
        if report.errors:
            raise SystemExit(1)
