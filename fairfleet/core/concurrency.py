"""Writes that race for the same rows: SQLite answers "database is locked" where PostgreSQL waits on a row lock."""

import functools
import time

from django.db import OperationalError, connection

LOCK_RETRY_SECONDS = 30.0


def retry_when_locked(write):
    """On SQLite, a write that finds the database locked by another writer waits and tries again (only outside a
    transaction of the caller, where a retry is safe), so that the loser of a race gets the service's own
    refusal, never "database is locked". PostgreSQL waits on the row lock by itself."""

    @functools.wraps(write)
    def wrapper(*args, **kwargs):
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return write(*args, **kwargs)
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        delay = 0.002
        while True:
            try:
                return write(*args, **kwargs)
            except OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    return wrapper
