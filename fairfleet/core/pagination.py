"""Keyset pagination: a page starts after the last row of the previous one, so page 10,000 costs
what page 1 costs. The cursor is an opaque, URL-safe token holding the sort values of that row."""

import base64
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _


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


# A cursor holds one sort value and an id; anything longer was not made by encode_cursor.
MAX_CURSOR_LENGTH = 1024
_BIGINT = 2**63 - 1


class InvalidCursor(ValueError):
    """A cursor that encode_cursor did not make (or made for another sort)."""

    message = _("This page link is not valid (it was changed or belongs to another sort): start from the first page.")


def _cursor_int(value) -> int:
    # bool is an int, floats are not ids, and past bigint the database refuses (OverflowError, DataError).
    if type(value) is not int or not -_BIGINT <= value <= _BIGINT:
        raise ValueError
    return value


def _cursor_str(value) -> str:
    # PostgreSQL refuses NUL in text and no driver encodes a lone surrogate.
    if type(value) is not str or len(value) > MAX_CURSOR_LENGTH or "\x00" in value:
        raise ValueError
    value.encode()
    return value


def _cursor_date(value) -> datetime.date:
    return datetime.date.fromisoformat(_cursor_str(value))


_DECODERS = {"str": _cursor_str, "int": _cursor_int, "date": _cursor_date}


def decode_cursor(token: str, key: SortKey) -> list[Any] | None:
    """The cursor's values, or None if it was tampered with or belongs to another sort."""
    try:
        if type(token) is not str or len(token) > MAX_CURSOR_LENGTH:
            return None
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
        if type(values) is not list:
            return None
        if key.field == "id":
            return [_cursor_int(values[0])] if len(values) == 1 else None
        if len(values) != 2:
            return None
        value, pk = values[0], _cursor_int(values[1])
        if value is not None:
            value = _DECODERS[key.kind](value)
        return [value, pk]
    except (ValueError, TypeError, KeyError, IndexError, UnicodeError, RecursionError):
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


def keyset_page(
    queryset: QuerySet, *, key: SortKey, cursor: str | None, size: int, strict: bool = False
) -> KeysetPage:
    """One page of `size` rows after `cursor`, and the cursor of the next page if there is one.

    A bad cursor gives the first page (a page link someone edited), or InvalidCursor when `strict` (the API
    says so rather than answer a page the client did not ask for)."""
    values = decode_cursor(cursor, key) if cursor else None
    if strict and cursor and values is None:
        raise InvalidCursor(cursor)
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
