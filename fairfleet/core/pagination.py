"""Keyset pagination: a page starts after the last row of the previous one, so page 10,000 costs
what page 1 costs. The cursor is an opaque, URL-safe token holding the sort values of that row."""

import base64
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet


@dataclass(frozen=True)
class SortKey:
    """Order by `field` then by id, in the same direction; nullable fields keep NULLs at the end."""

    field: str
    descending: bool = False
    kind: str = "str"  # how the cursor value is decoded: str, int or date

    def order_by(self):
        if self.field == "id":
            return [F("id").desc() if self.descending else F("id").asc()]
        expr = F(self.field).desc(nulls_last=True) if self.descending else F(self.field).asc(nulls_last=True)
        tie = F("id").desc() if self.descending else F("id").asc()
        return [expr, tie]


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime.date) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, key: SortKey) -> list[Any] | None:
    """The cursor's values, or None if it was tampered with or belongs to another sort."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
        if key.field == "id":
            return [int(values[0])] if len(values) == 1 else None
        if len(values) != 2:
            return None
        value, pk = values[0], int(values[1])
        if value is not None:
            value = {"str": str, "int": int, "date": datetime.date.fromisoformat}[key.kind](value)
        return [value, pk]
    except (ValueError, TypeError, KeyError, IndexError, json.JSONDecodeError):
        return None


def _after(key: SortKey, values: list[Any]) -> Q:
    if key.field == "id":
        return Q(id__lt=values[0]) if key.descending else Q(id__gt=values[0])
    value, pk = values
    past = "lt" if key.descending else "gt"
    if value is None:  # NULLs come last: only other NULLs with a further id remain
        return Q(**{f"{key.field}__isnull": True, f"id__{past}": pk})
    return (
        Q(**{f"{key.field}__{past}": value})
        | Q(**{key.field: value, f"id__{past}": pk})
        | Q(**{f"{key.field}__isnull": True})
    )


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    has_previous: bool


def keyset_page(queryset: QuerySet, *, key: SortKey, cursor: str | None, size: int) -> KeysetPage:
    """One page of `size` rows after `cursor`, and the cursor of the next page if there is one."""
    values = decode_cursor(cursor, key) if cursor else None
    qs = queryset.order_by(*key.order_by())
    if values is not None:
        qs = qs.filter(_after(key, values))
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([last.id] if key.field == "id" else [getattr(last, key.field), last.id])
    return KeysetPage(rows=rows, next_cursor=next_cursor, has_previous=values is not None)
