"""Write the factor file of the installed boaviztapi (development only: boaviztapi is a dev/test dependency)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fairfleet.footprint.loading import DATA_DIR


class Command(BaseCommand):
    help = (
        "Extract the reference tables of the installed boaviztapi package (embedded factors per archetype, "
        "electricity factors per zone, archetype usage defaults, provenance) into a versioned JSON factor file, "
        "by default fairfleet/footprint/data/boavizta-VERSION.json. The same package always gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="File to write (default: fairfleet/footprint/data/boavizta-VERSION.json)."
        )

    def handle(self, *args, output: str | None, **options):
        try:
            from fairfleet.footprint.extraction import extract, write_factor_file
        except ImportError as error:  # boaviztapi or PyYAML missing
            raise CommandError(f"footprint_extract needs the development dependencies: {error}.")
        content = extract()
        path = Path(output) if output else DATA_DIR / f"{content['code']}.json"
        write_factor_file(content, path)
        self.stdout.write(f"{path}: {content['code']}, tables sha256 {content['tables_sha256']}")
