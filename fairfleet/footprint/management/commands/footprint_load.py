from django.core.management.base import BaseCommand, CommandError

from fairfleet.footprint.loading import FactorFileError, load_factor_file


class Command(BaseCommand):
    help = (
        "Load a factor file written by footprint_extract as a new factor set. Loading a file already loaded "
        "does nothing; a factor set is never rewritten (new data needs a new code)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON factor file.")

    def handle(self, *args, file: str, **options):
        try:
            factor_set, created = load_factor_file(file)
        except (FactorFileError, OSError, ValueError) as error:
            raise CommandError(str(error))
        state = "loaded" if created else "already loaded, nothing done"
        self.stdout.write(f"{factor_set.code} ({factor_set.tables_sha256[:12]}): {state}.")
