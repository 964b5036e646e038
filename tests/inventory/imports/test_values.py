"""Cell parsing, its per-column memory, and the benchmark's floor paying for the same indexes as the import."""

import datetime
import re
import sqlite3
from decimal import Decimal

import pytest
from django.db import connection

from fairfleet.inventory.imports import service
from fairfleet.inventory.imports.presets import PRESETS
from fairfleet.inventory.imports.readers import Table
from fairfleet.inventory.imports.values import CellError, add_months, parse_decimal, parse_price, text_parser
from fairfleet.inventory.management.commands.bench_import import baseline, device_tables_sql, write_csv
from fairfleet.inventory.models import Device, DeviceTransition

FIELDS = ["serial_number", "asset_tag", "manufacturer", "model", "acquisition_date", "price", "warranty_months"]


def source(fields=FIELDS):
    header = [f"column {n}" for n in range(len(fields))]
    table = Table(header=header, rows=iter(()), format="csv")
    return service._Source(preset=PRESETS["generic"], header=header, fields=fields, rows=iter(()), table=table)


@pytest.mark.parametrize(("text", "expected"), [("1234,5", "1234.5"), ("-3,25", "-3.25"), ("1,234", "1.234")])
def test_decimal_comma_fast_path_reads_as_before(text, expected):
    assert parse_decimal(text) == Decimal(expected)


def test_text_parser_strips_checks_length_then_capitalises_codes():
    parse = text_parser(5, code=True)
    assert parse("  ab1 ") == "AB1"
    assert parse(12345.0) == "12345"
    with pytest.raises(CellError) as info:
        parse("abcdef")
    assert info.value.code == "too_long"
    assert text_parser(None)(" Dell ") == "Dell"


def test_add_months_is_remembered_and_still_clamps_to_the_month_end():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)


def test_repeated_cells_parse_once_and_give_the_same_values():
    src = source()
    cells = [" sn1 ", "a1", "Dell", "X", "15/03/2021", "1 234,50", "36"]
    first = service._parse_row(src, 2, cells)
    second = service._parse_row(src, 3, [" sn2 ", "a2", *cells[2:]])
    assert first.values == {**second.values, "serial_number": "SN1", "asset_tag": "A1"}
    assert second.values["price"] == Decimal("1234.50")
    assert second.values["warranty_end"] == datetime.date(2024, 3, 15)
    by_field = {target: cache for _i, target, _p, cache in src.columns}
    assert by_field["serial_number"] is None  # identifiers are never remembered
    assert by_field["price"] == {"1 234,50": Decimal("1234.50")}


def test_a_bad_cell_is_not_remembered_and_fails_on_every_row():
    src = source()
    for line in (2, 3):
        row = service._parse_row(src, line, [f"S{line}", "", "Dell", "X", "31/02/2024", "-5", ""])
        assert [e["code"] for e in row.errors] == ["invalid_date", "negative_price"]
        assert "price" not in row.values
        assert "acquisition_date" not in row.values


def test_only_text_cells_are_remembered():
    """In a sheet, 1 and True are equal keys: a remembered 1 must not answer for True."""
    src = source(["serial_number", "manufacturer", "model", "price"])
    assert service._parse_row(src, 2, ["S1", "Dell", "X", 1]).values["price"] == Decimal("1.00")
    assert [e["code"] for e in service._parse_row(src, 3, ["S2", "Dell", "X", True]).errors] == ["not_a_number"]
    assert service._parse_row(src, 4, ["S3", "Dell", "X", "12"]).values["price"] == parse_price("12")


@pytest.mark.django_db
def test_bench_floor_has_the_indexes_of_the_real_tables():
    created = {
        name
        for statement in device_tables_sql()
        for name in re.findall(r'^CREATE (?:UNIQUE )?INDEX "([^"]+)"', statement)
    }
    with connection.cursor() as cursor:
        real = {
            name
            for model in (Device, DeviceTransition)
            for name, info in connection.introspection.get_constraints(cursor, model._meta.db_table).items()
            if info["index"] and not info["primary_key"] and info["columns"] != ["public_id"]
        }
    assert created == real


def test_bench_floor_writes_every_row_of_a_small_file(tmp_path):
    """The floor inserts into the tables as the models define them: a column added to a model must be given there
    too, or the benchmark stops at its baseline."""
    path = tmp_path / "fleet.csv"
    write_csv(path, 25)
    database = tmp_path / "floor.sqlite3"
    assert baseline(database, path) > 0
    with sqlite3.connect(database) as db:
        counts = [
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("inventory_device", "inventory_devicetransition")
        ]
    assert counts == [25, 25]


@pytest.mark.parametrize("cell", [float("nan"), float("inf"), float("-inf"), "NaN", "inf", "-Infinity", "1e400"])
def test_no_number_that_is_not_finite(cell):
    # A spreadsheet's float cell can hold NaN or infinity; neither is a price.
    with pytest.raises(CellError):
        parse_decimal(cell)
    with pytest.raises(CellError):
        parse_price(cell)
    assert parse_decimal(2.5) == Decimal("2.5")
