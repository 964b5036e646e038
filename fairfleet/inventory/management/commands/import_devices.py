"""Import devices from a CSV, TSV, XLSX or ODS file: check it, and with --apply write it in one transaction.

With --json, the last line of stdout is one JSON object: new, updated, unchanged, rejected, errors.
The exit code is 1 when the file is refused or has errors.
"""

import json
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from fairfleet.inventory.imports.jobs import import_job_create
from fairfleet.inventory.imports.presets import PRESETS
from fairfleet.inventory.imports.readers import ImportRefused
from fairfleet.inventory.imports.service import import_apply, import_check, refusal_report
from fairfleet.inventory.models import ImportJob, ImportJobState
from fairfleet.tenancy.models import Organisation

REPORT_KEYS = ("new", "updated", "unchanged", "rejected", "errors")


def find_organisation(value: str) -> Organisation:
    try:
        return Organisation.objects.get(public_id=uuid.UUID(value))
    except (ValueError, Organisation.DoesNotExist):
        pass
    try:
        return Organisation.objects.get(name=value)
    except Organisation.DoesNotExist as exc:
        raise CommandError(f"No organisation with the public id or name {value!r}.") from exc
    except Organisation.MultipleObjectsReturned as exc:
        raise CommandError(f"Several organisations are named {value!r}: give the public id.") from exc


class Command(BaseCommand):
    help = "Check a fleet file (dry run) and, with --apply, import it."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="organisation public id or exact name")
        parser.add_argument("--preset", choices=sorted(PRESETS), default="")
        parser.add_argument("--mapping", help='JSON file: {"column title": "field", ...}')
        parser.add_argument("--sheet", default="")
        parser.add_argument("--apply", action="store_true")
        parser.add_argument("--json", action="store_true", help="print the report as one JSON object")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        organisation = find_organisation(options["org"])
        columns = {}
        if options["mapping"]:
            columns = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            if not isinstance(columns, dict):
                raise CommandError("The mapping must be a JSON object.")
        with translation.override(organisation.language or None):
            try:
                with open(path, "rb") as handle:
                    job = import_job_create(
                        organisation=organisation,
                        actor=None,
                        handle=handle,
                        name=path.name,
                        preset=options["preset"],
                        sheet=options["sheet"],
                        columns=columns,
                        start=False,
                    )
            except ImportRefused as exc:
                self._print(refusal_report(exc), None, options)
                raise SystemExit(1) from exc
            except ValueError as exc:
                raise CommandError(f"The mapping names an unknown field for the column {exc}.") from exc
            report = import_check(job=job)
            if options["apply"] and job.state == ImportJobState.CHECKED:
                report = import_apply(actor=None, job=job)
        self._print(report, job, options)
        if report.get("error_count"):
            raise SystemExit(1)

    def _print(self, report: dict, job: ImportJob | None, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({k: report.get(k, 0 if k != "errors" else []) for k in REPORT_KEYS}))
            return
        if job is not None:
            self.stdout.write(f"Import {job.public_id}: {job.get_state_display()}")
        for key in ("new", "updated", "unchanged", "rejected"):
            self.stdout.write(f"  {key}: {report.get(key, 0)}")
        for name in ("new_models", "new_services", "new_sites"):
            if report.get(name):
                self.stdout.write(f"  {name} (to review): {', '.join(report[name][:20])}")
        for error in report.get("errors", [])[:50]:
            self.stdout.write(f"  line {error['line']} [{error['column']}] {error['code']}: {error['message']}")
        if report.get("error_count", 0) > 50:
            self.stdout.write(f"  ... {report['error_count']} errors in all")
