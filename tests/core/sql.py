"""Normalised SQL, so that a page's queries can be snapshot-tested across runs."""

import re
from pathlib import Path

from django.db import connection
from syrupy.extensions.amber import AmberSnapshotExtension

_PATTERNS = [
    (re.compile(r'"_django_curs_\d+_sync_\d+"'), '"<cursor>"'),
    (re.compile(r"'[0-9a-f]{32}'|'[0-9a-f-]{36}'"), "'<uuid>'"),
    (re.compile(r"'[^']*'"), "'<str>'"),
    (re.compile(r"\b\d+(\.\d+)?\b"), "<n>"),
    (re.compile(r'"s\d+_x\d+"'), '"<savepoint>"'),
    (re.compile(r"\s+"), " "),
]


def normalise_sql(sql: str) -> str:
    for pattern, replacement in _PATTERNS:
        sql = pattern.sub(replacement, sql)
    return sql.strip()


def query_shapes(captured) -> list[str]:
    return [normalise_sql(q["sql"]) for q in captured.captured_queries]


class PerDatabaseSnapshot(AmberSnapshotExtension):
    """Snapshots live in a folder per database vendor: SQLite and PostgreSQL write different SQL,
    and updating one must not delete the other's."""

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(Path(test_location.filepath).parent / f"__snapshots_{connection.vendor}__")

    @classmethod
    def discovery_dirname(cls, *, test_location) -> str:
        return cls.dirname(test_location=test_location)
