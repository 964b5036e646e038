"""Import an erasure tool's report (Blancco XML, or CSV) for one organisation: a dry run by default, and
with --apply the matched lines are recorded in one transaction.

With --json, stdout is one JSON object: format, applied, created, matched, duplicates, unmatched, errors and
every line's outcome. The file goes through the same stored job as the page's, checked and applied in this
process. The exit code is 1 when the file is refused or has errors.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from fairfleet.inventory.management.commands.import_devices import find_organisation
from fairfleet.reuse.erasure_import import ErasureImportRefused
from fairfleet.reuse.erasure_jobs import erasure_import_job_create, erasure_import_job_run


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
                with path.open("rb") as handle:
                    job = erasure_import_job_create(
                        organisation=organisation, actor=None, handle=handle, name=path.name, start=False
                    )
            except ErasureImportRefused as refused:
                self._refuse(" ".join(refused.messages), refused.code, options)
            erasure_import_job_run(job=job, actor=None, apply=options["apply"])
            payload = job.report
            if "lines" not in payload:
                self._refuse(payload["refused"], payload["code"], options)
            if options["json"]:
                self.stdout.write(json.dumps(payload, ensure_ascii=False))
            else:
                for line in payload["lines"]:
                    if line["status"] in ("unmatched", "error", "duplicate"):
                        self.stdout.write(f"line {line['line']}: {line['status']}: {' '.join(line['messages'])}")
                if payload.get("refused"):
                    self.stdout.write(payload["refused"])
                verb = "recorded" if payload["applied"] else "to record (dry run; add --apply)"
                self.stdout.write(
                    f"{payload['matched']} {verb}, {payload['duplicates']} already recorded, "
                    f"{payload['unmatched']} unmatched, {payload['errors']} with errors."
                )
        if payload["errors"] or payload.get("refused"):
            raise SystemExit(1)

    def _refuse(self, message: str, code: str, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({"refused": message, "code": code}, ensure_ascii=False))
            raise SystemExit(1)
        raise CommandError(message)
