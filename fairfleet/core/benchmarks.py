"""What the benchmark commands share: each runs on its own SQLite file unless DATABASE_URL names a database.

Settings read DATABASE_URL when they are imported, so a bench that needs its own file starts itself again with
the variable set; a flag in the environment stops the second process from doing it once more.
"""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def use_bench_database(command: BaseCommand, name: str, db: str | None) -> Path | None:
    """Run the rest of `command` on `db`, or on var/bench-<name>.sqlite3, unless DATABASE_URL is set; returns the
    SQLite file, or None for the database of DATABASE_URL. May re-execute the process (then it does not return)."""
    flag = f"FAIRFLEET_BENCH_{name.upper()}_CHILD"
    if os.environ.get(flag) == "1":  # re-executed: the settings point at the bench file already
        return Path(settings.DATABASES["default"]["NAME"]).resolve()
    if db:
        path = Path(db).resolve()
    elif os.environ.get("DATABASE_URL"):
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
