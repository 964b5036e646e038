"""The SQLite write path of an import: new devices through executemany, their first steps in one statement.

What every new device of one import shares (organisation, times, currency, no storage room) is written into the
statement once instead of being bound on each row, and the first lifecycle step of each device is copied from the
device rows by an INSERT ... SELECT per batch: no Python tuple, no binding per step.

As in the seeding writer, a load as large as the table drops the secondary indexes of both tables and builds them
again at the end, inside the transaction: readers keep the old indexes until the commit, a failure rolls the drop
back, and a UNIQUE index refuses to build over duplicates, so that nothing is committed then.
"""

from django.db import connection

from fairfleet.inventory.models import Device, DeviceTransition
from fairfleet.inventory.seeding import DEVICE_FIELDS, REBUILD_INDEXES_FROM, TRANSITION_FIELDS

# The fields bound on each row, after the id; the others are the same for the whole import.
ROW_FIELDS = (
    "public_id", "asset_tag", "serial_number", "model_id", "category_id", "service_id", "site_id", "holder_id",
    "state", "acquisition_date", "acquisition_kind", "price", "supplier", "warranty_end", "notes", "external_ids",
)  # fmt: skip
_SHARED = ("organisation_id", "storage_room_id", "state_changed_at", "currency", "created_at", "updated_at")
# The page cache while an import writes (restored at the end): more of the table stays in memory while each index
# is built again from it. Measured on a million rows: 64 MB -> 160 MB saved about a second; 200 MB saved little
# more and took the peak RSS of the bench to 463 MB, 300 MB to 575 MB (the limit is 500 MB).
CACHE_KB = 160_000


def knows_every_field() -> bool:
    """This writer fills every column itself: only while it knows every field of both models."""
    device = {f.attname for f in Device._meta.concrete_fields} - {"id"}
    step = {f.attname for f in DeviceTransition._meta.concrete_fields} - {"id"}
    return device == set(DEVICE_FIELDS) == set(ROW_FIELDS) | set(_SHARED) and step == set(TRANSITION_FIELDS)


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))
    return "'{}'".format(str(value).replace("'", "''"))


class SqliteImportWriter:
    """Rows are (id, *ROW_FIELDS values), ids given by `take_id` in order, values as SQLite stores them."""

    def __init__(self, *, organisation_id: int, now: str, actor_id: int | None, batch_id: str, expected_new: int):
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()
        quote = connection.ops.quote_name
        device_table, step_table = quote(Device._meta.db_table), quote(DeviceTransition._meta.db_table)
        columns = ["id", *ROW_FIELDS, *_SHARED]
        shared = {"organisation_id": organisation_id, "storage_room_id": None, "state_changed_at": now,
                  "currency": "EUR", "created_at": now, "updated_at": now}  # fmt: skip
        values = ["?"] * (1 + len(ROW_FIELDS)) + [_literal(shared[name]) for name in _SHARED]
        self.device_sql = "INSERT INTO {} ({}) VALUES ({})".format(
            device_table, ", ".join(quote(Device._meta.get_field(n).column) for n in columns), ", ".join(values)
        )
        step_columns = ", ".join(quote(DeviceTransition._meta.get_field(n).column) for n in TRANSITION_FIELDS)
        # The first step as device_create records it: no previous state, no reason, the device's state.
        self.step_sql = (
            f"INSERT INTO {step_table} ({step_columns}) SELECT id, organisation_id, '', state, "
            f"{_literal(actor_id)}, {_literal(now)}, '', '', NULL, {_literal(batch_id)}, NULL "
            f"FROM {device_table} WHERE id BETWEEN ? AND ? ORDER BY id"
        )
        # Ids after the highest ever used (AUTOINCREMENT never reuses one); the transaction holds the write lock.
        self.cursor.execute(f"SELECT MAX(id) FROM {device_table}")
        highest = self.cursor.fetchone()[0] or 0
        self.cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [Device._meta.db_table])
        row = self.cursor.fetchone()
        self.next_id = max(highest, row[0] if row else 0) + 1
        self.cursor.execute("PRAGMA cache_size")
        self.cache_size = int(self.cursor.fetchone()[0])
        self.cursor.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        self.indexes = []
        self.cursor.execute(f"SELECT COUNT(*) FROM {device_table}")
        if expected_new >= REBUILD_INDEXES_FROM and expected_new >= self.cursor.fetchone()[0]:
            self.cursor.execute(  # every index Django declared (the primary key and UNIQUE columns have no sql)
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?, ?)",
                [Device._meta.db_table, DeviceTransition._meta.db_table],
            )
            self.indexes = self.cursor.fetchall()
            for name, _sql in self.indexes:
                self.cursor.execute(f"DROP INDEX {quote(name)}")

    def take_id(self) -> int:
        pk = self.next_id
        self.next_id += 1
        return pk

    def write(self, rows: list[tuple]) -> None:
        if rows:
            self.cursor.executemany(self.device_sql, rows)
            self.cursor.execute(self.step_sql, [rows[0][0], rows[-1][0]])

    def finish(self) -> None:
        for _name, sql in self.indexes:  # a unique index refuses to build over duplicates: all is rolled back
            self.cursor.execute(sql)
        self.cursor.execute(f"PRAGMA cache_size = {self.cache_size}")
        self.cursor.close()
