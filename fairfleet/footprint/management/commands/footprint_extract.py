"""Write the factor file of the installed boaviztapi (development only: boaviztapi is a dev/test dependency)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fairfleet.footprint.loading import DATA_DIR


class Command(BaseCommand):
    help = (
        "Extract the reference tables of the installed boaviztapi package (embedded factors per archetype, "
        "electricity factors per zone, archetype usage defaults, provenance; from revision 2 on, every server "
        "archetype computed by boaviztapi's server model) into a versioned JSON factor file, by default "
        "fairfleet/footprint/data/CODE.json (CODE: boavizta-VERSION for revision 1, boavizta-VERSION-rN after). "
        "The same package and revision always give the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: fairfleet/footprint/data/CODE.json).")
        parser.add_argument(
            "--revision",
            type=int,
            help="Revision of the extraction: 1 terminals only, 2 with servers (default: the newest).",
        )

    def handle(self, *args, output: str | None, revision: int | None, **options):
        try:
            from fairfleet.footprint.extraction import CURRENT_REVISION, extract, write_factor_file
        except ImportError as error:  # boaviztapi or PyYAML missing
            raise CommandError(f"footprint_extract needs the development dependencies: {error}.")
        try:
            content = extract(revision=CURRENT_REVISION if revision is None else revision)
        except ValueError as error:
            raise CommandError(str(error))
        path = Path(output) if output else DATA_DIR / f"{content['code']}.json"
        write_factor_file(content, path)
        self.stdout.write(f"{path}: {content['code']}, tables sha256 {content['tables_sha256']}")
