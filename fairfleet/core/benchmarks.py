"""What the benchmark commands share: each runs on its own SQLite file unless DATABASE_URL names a database, which
it creates and migrates when it is missing.

Settings read DATABASE_URL when they are imported, so a bench that needs its own file starts itself again with
the variable set; a flag in the environment stops the second process from doing it once more.
"""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

from fairfleet.core.commands import refuse_unless_confirmed

# Where CREATE DATABASE is sent: every PostgreSQL server has it, and the target cannot be connected to yet.
POSTGRES_MAINTENANCE_DATABASE = "postgres"


def use_bench_database(command: BaseCommand, name: str, db: str | None) -> Path | None:
    """Run the rest of `command` on `db`, or on var/bench-<name>.sqlite3, unless DATABASE_URL is set; returns the
    SQLite file, or None for the database of DATABASE_URL. The database exists when it returns (created empty if
    needed; see `migrate_bench_database`). May re-execute the process (then it does not return)."""
    flag = f"FAIRFLEET_BENCH_{name.upper()}_CHILD"
    if os.environ.get(flag) == "1":  # re-executed: the settings point at the bench file already
        ensure_database()
        return Path(settings.DATABASES["default"]["NAME"]).resolve()
    if db:
        path = Path(db).resolve()
    elif os.environ.get("DATABASE_URL"):
        refuse_unless_confirmed(command)  # the benchmark deletes and rewrites rows there
        ensure_database()
        return None
    else:
        path = (Path(settings.VAR_DIR) / f"bench-{name}.sqlite3").resolve()
    if not getattr(command, "_called_from_command_line", False):
        raise CommandError(f"Run bench_{name} from the command line, or set DATABASE_URL to the database to use.")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ[flag] = "1"
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.argv])


def ensure_database(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Create the (empty) database of `connection` (default: the default one) when it does not exist yet; True when
    it did."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            return False
        path = Path(name)
        existed = path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()  # SQLite creates the file on connecting
        return not existed
    if connection.vendor != "postgresql":
        raise CommandError(f"Cannot create a {connection.vendor} database: create {name} first.")
    maintenance = type(connection)(
        {**connection.settings_dict, "NAME": POSTGRES_MAINTENANCE_DATABASE}, connection.alias
    )
    try:
        with maintenance.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            # CREATE DATABASE takes no parameters: the name is quoted as an identifier instead.
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
            return True
    finally:
        maintenance.close()


def migrate_bench_database(command: BaseCommand, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Apply the migrations the bench database lacks: all of them on a new one, the newer ones on an old one."""
    executor = MigrationExecutor(connections[alias])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        command.stderr.write("Migrating the bench database ...")
        call_command("migrate", database=alias, verbosity=0, interactive=False)
