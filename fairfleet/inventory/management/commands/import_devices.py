"""Import devices from a CSV, TSV, XLSX or ODS file, or from a Snipe-IT server's API: check them, and with --apply
write them in one transaction.

A Snipe-IT server is read with --snipeit-url; its API token comes from an environment variable (SNIPEIT_TOKEN, or
the one --token-env names), so that it never shows in the process list or the shell history.

With --json, the last line of stdout is one JSON object: new, updated, unchanged, rejected, errors.
The exit code is 1 when the file is refused or has errors.
"""

import json
import os
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from fairfleet.inventory.imports.jobs import import_job_create
from fairfleet.inventory.imports.presets import PRESETS
from fairfleet.inventory.imports.readers import ImportRefused
from fairfleet.inventory.imports.service import import_apply, import_check, refusal_report
from fairfleet.inventory.imports.snipeit import import_job_from_snipeit
from fairfleet.inventory.models import ImportJob, ImportJobState
from fairfleet.tenancy.models import Organisation

REPORT_KEYS = ("new", "updated", "unchanged", "rejected", "errors", "unused_columns", "header_row", "skipped", "sheet")
_EMPTY = {"errors": [], "unused_columns": [], "skipped": [], "sheet": "", "header_row": None}


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
    help = "Check a fleet file or a Snipe-IT server (dry run) and, with --apply, import it."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the file to import; leave out with --snipeit-url")
        parser.add_argument("--snipeit-url", default="", help="read the assets of this Snipe-IT server instead")
        parser.add_argument(
            "--token-env", default="SNIPEIT_TOKEN", help="environment variable holding the Snipe-IT API token"
        )
        parser.add_argument("--org", required=True, help="organisation public id or exact name")
        parser.add_argument("--preset", choices=sorted(PRESETS), default="")
        parser.add_argument("--mapping", help='JSON file: {"column title": "field", ...}')
        parser.add_argument("--sheet", default="", help="the sheet of a workbook to read; default: the first shown")
        parser.add_argument(
            "--header-row", type=int, default=None, help="the row of the column titles (1-based); default: found"
        )
        parser.add_argument("--apply", action="store_true")
        parser.add_argument("--json", action="store_true", help="print the report as one JSON object")

    def handle(self, *args, **options):
        if options["file"] and options["snipeit_url"]:
            raise CommandError("Give either a FILE or --snipeit-url, not both.")
        if not options["file"] and not options["snipeit_url"]:
            raise CommandError("Give the FILE to import, or --snipeit-url URL to read a Snipe-IT server.")
        token = ""
        if options["snipeit_url"]:
            if options["preset"] or options["sheet"] or options["header_row"]:
                raise CommandError("--preset, --sheet and --header-row apply to files, not to --snipeit-url.")
            token = os.environ.get(options["token_env"], "").strip()
            if not token:
                raise CommandError(f"Set the environment variable {options['token_env']} to the Snipe-IT API token.")
        elif not Path(options["file"]).is_file():
            raise CommandError(f"No file at {options['file']}.")
        organisation = find_organisation(options["org"])
        columns = {}
        if options["mapping"]:
            columns = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            if not isinstance(columns, dict):
                raise CommandError("The mapping must be a JSON object.")
        with translation.override(organisation.language or None):
            try:
                job = self._create_job(organisation, columns, token, options)
            except ImportRefused as exc:  # a SnipeitError is one too
                self._print(refusal_report(exc), None, options)
                raise SystemExit(1) from exc
            except ValueError as exc:
                if str(exc) == "header_row":
                    raise CommandError("--header-row must be a row number between 1 and 1000.") from exc
                raise CommandError(f"The mapping names an unknown field for the column {exc}.") from exc
            report = import_check(job=job)
            if options["apply"] and job.state == ImportJobState.CHECKED:
                report = import_apply(actor=None, job=job)
        self._print(report, job, options)
        if report.get("error_count"):
            raise SystemExit(1)

    def _create_job(self, organisation: Organisation, columns: dict, token: str, options) -> ImportJob:
        if options["snipeit_url"]:
            return import_job_from_snipeit(
                organisation=organisation,
                actor=None,
                url=options["snipeit_url"],
                token=token,
                start=False,
                columns=columns,
            )
        path = Path(options["file"])
        with open(path, "rb") as handle:
            return import_job_create(
                organisation=organisation,
                actor=None,
                handle=handle,
                name=path.name,
                preset=options["preset"],
                sheet=options["sheet"],
                header_row=options["header_row"],
                columns=columns,
                start=False,
            )

    def _print(self, report: dict, job: ImportJob | None, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({k: report.get(k, _EMPTY.get(k, 0)) for k in REPORT_KEYS}))
            return
        if job is not None:
            self.stdout.write(f"Import {job.public_id}: {job.get_state_display()}")
        for key in ("new", "updated", "unchanged", "rejected"):
            self.stdout.write(f"  {key}: {report.get(key, 0)}")
        if report.get("header_row"):
            sheet = f" of the sheet {report['sheet']!r}" if report.get("sheet") else ""
            self.stdout.write(f"  column titles on row {report['header_row']}{sheet}")
        for name in ("new_models", "new_services", "new_sites"):
            if report.get(name):
                self.stdout.write(f"  {name} (to review): {', '.join(report[name][:20])}")
        for column in report.get("unused_columns", []):
            self.stdout.write(f"  column {column['column']} {column['title']!r} not read: it fills no field")
        for line in report.get("skipped", []):
            self.stdout.write(f"  line {line['line']} skipped: a totals line ({line['value']})")
        for error in report.get("errors", [])[:50]:
            self.stdout.write(f"  line {error['line']} [{error['column']}] {error['code']}: {error['message']}")
        if report.get("error_count", 0) > 50:
            self.stdout.write(f"  ... {report['error_count']} errors in all")
