"""Commands that write throw-away data (demo seeds with published passwords, benchmarks that delete rows) run
only where that is safe: with DEBUG on, or when the operator says so. A production DATABASE_URL is never a
target by accident."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"


class DisposableDataCommand(BaseCommand):
    # False for the benchmarks: on their own SQLite file they touch nothing else (see use_bench_database).
    always_guarded = True

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            NOT_PRODUCTION_FLAG,
            action="store_true",
            dest="not_production",
            help="Write throw-away data although DEBUG is off (never on a production database).",
        )
        return parser

    def execute(self, *args, **options):
        self.not_production_confirmed = bool(settings.DEBUG or options.get("not_production"))
        if self.always_guarded:
            refuse_unless_confirmed(self)
        return super().execute(*args, **options)


def refuse_unless_confirmed(command: BaseCommand) -> None:
    if not getattr(command, "not_production_confirmed", False):
        raise CommandError(
            "This command writes demo or benchmark data (known passwords, deleted rows) into the database of "
            f"DATABASE_URL. Run it with DJANGO_DEBUG=1, or add {NOT_PRODUCTION_FLAG} if this is no production "
            "database."
        )
