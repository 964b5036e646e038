"""What real files hold, read as their authors meant it: titles, header rows, totals, durations, dates, lists.

Expected values come from the exporters' own sources (GLPI locales and src/Search.php, Snipe-IT's presenters and
transformers, as recorded in the project's research notes) and from the issue's examples, never from our code.
"""

import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from fairfleet.inventory.imports.presets import PRESETS, column_fields, header_score, title_keys
from fairfleet.inventory.imports.readers import ImportRefused, open_table
from fairfleet.inventory.imports.service import is_totals_row
from fairfleet.inventory.imports.values import (
    LIFELONG,
    CellError,
    date_order,
    parse_date,
    parse_duration,
    parse_price,
    text_parser,
)

GLPI = PRESETS["glpi_computers"]
GENERIC = PRESETS["generic"]


@pytest.mark.parametrize(
    ("title", "field"),
    [
        # GLPI 10.0.14 src/Search.php:1912-1918 prefixes the group name; fr_FR.po lines 10520, 7625, 25256...
        ("Informations financières et administratives - Date d'achat", "acquisition_date"),
        ("Informations financières et administratives - Valeur", "price"),
        ("Informations financières et administratives - Fournisseur", "supplier"),
        ("Informations financières et administratives - Durée de garantie", "warranty_months"),
        ("Informations financières et administratives - Date d'expiration de la garantie", "warranty_end"),
        ("Financial and administrative information - Date of purchase", "acquisition_date"),  # en_GB
        ("Financial & Administrative Information - Date of Purchase", "acquisition_date"),  # en_US
        ("Financial & Administrative Information - Suppliers", "supplier"),  # en_US one-form plural
        ("Inventory/Asset Number", "asset_tag"),
        ("Manufacturers", "manufacturer"),
        ("Locations", "site"),
        ("Numéro\u00a0de série", "serial_number"),  # a non-breaking space
        ("  NUMERO DE SERIE ", "serial_number"),
    ],
)
def test_glpi_titles_as_exported(title, field):
    assert column_fields([title], GLPI) == [field]


@pytest.mark.parametrize(
    "title",
    [
        "Système d'exploitation - Nom",  # the OS name, not a device field
        "Composants - Processeur",
        "Moniteur - Numéro de série",  # a meta column: the serial of a connected monitor, never the computer's
        "Dernière modification",
    ],
)
def test_glpi_columns_that_are_no_device_field_stay_unused(title):
    assert column_fields([title], GLPI) == [None]


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("Aankoopprijs (€)", "price"),
        ("Prix HT (€)", "price"),
        ("Prix HT [EUR]", "price"),
        ("Date d'achat (jj/mm/aaaa)", "acquisition_date"),
        ("Garantie (mois)", "warranty_months"),
        ("N° de série", "serial_number"),
        ("N° d’inventaire", "asset_tag"),
        ("Serial No.", "serial_number"),
        ("Marque :", "manufacturer"),
        ("Modèle*", "model"),
        ("Einde garantie", "warranty_end"),
    ],
)
def test_generic_titles_with_units_notes_and_punctuation(title, field):
    assert column_fields([title], GENERIC) == [field]


def test_a_group_prefix_is_dropped_only_for_known_groups():
    assert "value" in title_keys("Financial and administrative information - Value")
    assert title_keys("Moniteur - Nom") == ["moniteur nom"]


def test_header_score_counts_known_titles_of_the_best_format():
    assert header_score(["Inventaire du parc 2024", "", ""]) == 0
    assert header_score(["Numéro de série", "Marque", "Modèle", "Prix HT (€)", 12.0]) == 4


def _workbook(path, rows, *, title="Parc", before=None, merge=None, hidden=None):
    workbook = Workbook()
    sheet = workbook.active
    if before:
        sheet.title = before
        sheet.append(["Read me: the fleet is on the next sheet."])
        sheet = workbook.create_sheet(title)
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if hidden:
        sheet.column_dimensions[hidden].hidden = True
    workbook.save(path)
    return path


HEADER = ["Numéro de série", "Marque", "Modèle", "Prix HT (€)"]


def test_the_header_below_title_rows_is_found(tmp_path):
    rows = [["Ville de Lille — inventaire"], ["Exporté le 02/12/2026"], [], HEADER, ["SN1", "Dell", "X", 10]]
    table = open_table(_workbook(tmp_path / "a.xlsx", rows, merge="A1:D1"), header_score=header_score)
    assert table.header_row == 4
    assert table.header == HEADER
    assert [line for line, _cells in table.rows] == [5]


def test_a_chosen_header_row_wins_and_an_empty_one_is_refused(tmp_path):
    rows = [["Titre"], HEADER, ["SN1", "Dell", "X", 10]]
    path = _workbook(tmp_path / "a.xlsx", rows)
    assert open_table(path, header_row=1, header_score=header_score).header == ["Titre", "", "", ""]
    with pytest.raises(ImportRefused) as info:
        open_table(path, header_row=9)
    assert info.value.code == "header_row_empty"


def test_without_known_titles_the_first_row_is_the_header(tmp_path):
    rows = [["Liste"], ["Code", "Étiquette maison"], ["A", "B"]]
    table = open_table(_workbook(tmp_path / "a.xlsx", rows), header_score=header_score)
    assert (table.header_row, table.header) == (1, ["Liste", ""])


def test_the_first_visible_sheet_is_read_and_every_sheet_listed(tmp_path):
    path = _workbook(tmp_path / "a.xlsx", [HEADER, ["SN1", "Dell", "X", 10]], before="Info")
    table = open_table(path, header_score=header_score)
    assert (table.sheet, table.sheets) == ("Info", ["Info", "Parc"])
    table = open_table(path, sheet="Parc", header_score=header_score)
    assert (table.sheet, table.header) == ("Parc", HEADER)


def test_hidden_columns_are_read_like_the_others(tmp_path):
    path = _workbook(tmp_path / "a.xlsx", [HEADER, ["SN1", "Dell", "X", 10]], hidden="B")
    assert open_table(path, header_score=header_score).header == HEADER


def test_glpi10_trailing_delimiter_is_noticed(tmp_path):
    path = tmp_path / "glpi.csv"
    path.write_bytes('\ufeff"Nom";"Numéro de série";\n"PC-1";"SN1";\n'.encode())
    table = open_table(path, header_score=header_score)
    assert table.trailing_delimiter
    assert table.header == ["Nom", "Numéro de série", ""]


@pytest.mark.parametrize(
    "cells",
    [["TOTAL", "", 12], ["", "Total général", "3 450,00"], ["Totaal"], ["Sum", 4], ["Sous-total :", 2], ["Total 42"]],
)
def test_totals_rows(cells):
    assert is_totals_row(cells)


@pytest.mark.parametrize("cells", [["Totally Dell", ""], ["Summit"], ["", None, 12.0], ["SN1", "Total loss"]])
def test_rows_that_are_not_totals(cells):
    assert not is_totals_row(cells)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("36", 36), (36.0, 36), ("36 months", 36), ("1 month", 1), ("36 mois", 36), ("36 maanden", 36),
        ("3 ans", 36), ("3 years", 36), ("3 jaar", 36), ("2,5 ans", 30), ("A vie", LIFELONG), ("À vie", LIFELONG),
        ("Lifelong", LIFELONG), ("Lifetime", LIFELONG), ("levenslang", LIFELONG), (-1, LIFELONG), ("", None),
    ],
)  # fmt: skip
def test_durations_as_exporters_write_them(text, months):
    assert parse_duration(text) == months


@pytest.mark.parametrize("text", ["36 mois?", "trois ans", "36 days", "-2", "1.5 months", True])
def test_durations_that_cannot_be_read(text):
    with pytest.raises(CellError) as info:
        parse_duration(text)
    assert info.value.code == "invalid_duration"


@pytest.mark.parametrize(
    "text", ["1 234.56", "1,234.56", "1 234,56", "1234.56", "1234,56", "1\u202f234,56 €", "€1,234.56", "EUR 1234,56"]
)
def test_prices_in_every_grouping_style_glpi_offers(text):
    # GLPI Html::formatNumber, number_format 0 to 4 (install/empty_data.php:169), and currency signs.
    assert parse_price(text) == Decimal("1234.56")


def test_a_column_of_month_first_dates_is_read_month_first():
    texts = ["03-15-2021", "11-02-2020", "01-10-2022"]  # GLPI date_format 2 = m-d-Y
    order = date_order(texts)
    assert [parse_date(t, order) for t in texts] == [
        datetime.date(2021, 3, 15), datetime.date(2020, 11, 2), datetime.date(2022, 1, 10),
    ]  # fmt: skip
    assert date_order(["15-03-2021", "02-11-2020"]) == "dmy"
    assert date_order(["02-03-2021"]) == "dmy"  # undecided: day first, as in France and Belgium


def test_glpi_lists_quotes_and_trees():
    assert text_parser(None)("Intel Core i5<br>Intel Core i7") == "Intel Core i5"
    assert text_parser(None, several="join")("Écran cassé<br>Clavier FR") == "Écran cassé; Clavier FR"
    assert text_parser(None, code=True, several="one")("sn1<br>SN1") == "SN1"
    with pytest.raises(CellError) as info:
        text_parser(None, code=True, several="one")("SN1<br>SN2")
    assert info.value.code == "several_values"
    assert text_parser(None, glpi_quotes=True)("Écran 24'' Dell") == 'Écran 24" Dell'
    assert text_parser(None)("Écran 24'' Dell") == "Écran 24'' Dell"
    assert text_parser(None, leaf=True)("Entité racine > Mairie > Finances") == "Finances"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Parc, Mairie de Lille\nExport du 02/12/2026\n\nNuméro de série;Marque;Modèle\nSN1;Dell;X\nSN2;HP;Y\n", ";"),
        ('"Serial";"Price"\n"SN1";"1 234,56"\n"SN2";"99,00"\n', ";"),  # decimal commas inside quotes
        ("serial,price,notes\nSN1,12,a; b\nSN2,13,c\n", ","),
        ("serial\tmodel\nSN1\tX\n", "\t"),
    ],
)
def test_the_delimiter_is_the_one_that_splits_the_table(tmp_path, text, delimiter):
    path = tmp_path / "fleet.csv"
    path.write_text(text, encoding="utf-8")
    assert open_table(path, header_score=header_score).delimiter == delimiter
