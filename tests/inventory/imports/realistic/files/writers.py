"""The bytes of the corpus's files: the pieces every CSV writer shares, Python's csv module as Excel and people use
it, and workbooks through their libraries (openpyxl, odfpy). The GLPI and Snipe-IT writers are in glpi.py and
snipeit.py."""

import csv
import datetime
import io
from collections.abc import Callable
from pathlib import Path

UTF8_BOM = b"\xef\xbb\xbf"


def encoded(text: str, *, encoding: str = "utf-8", bom: bool = False) -> bytes:
    """The text in this encoding, after a UTF-8 byte order mark when `bom`."""
    return (UTF8_BOM if bom else b"") + text.encode(encoding)


def quoted(value: str, *, inner_quote: str = '""') -> str:
    """The value between double quotes, each double quote inside it written as `inner_quote`."""
    return '"' + value.replace('"', inner_quote) + '"'


def delimited(rows: list[list[str]], cell: Callable[[str], str], *, delimiter: str, line_end: str) -> str:
    """The rows as text: each value written by `cell`, `delimiter` between cells, `line_end` after each row."""
    return "".join(delimiter.join(cell(value) for value in row) + line_end for row in rows)


def csv_module_text(rows: list[list[str]], *, delimiter: str, line_end: str) -> str:
    """The rows as Python's csv module writes them: a cell quoted only when it must be, quotes doubled."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return out.getvalue()


def excel_csv(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "cp1252", bom: bool = False) -> bytes:
    """What Excel writes for "CSV (séparateur : point-virgule)" (cp1252) or "CSV UTF-8": minimal quoting, CRLF."""
    return encoded(csv_module_text(rows, delimiter=delimiter, line_end="\r\n"), encoding=encoding, bom=bom)


def plain_csv(rows: list[list[str]], *, delimiter: str = ",") -> bytes:
    """A CSV file as a script writes it: minimal quoting, "\\n", UTF-8 without a BOM."""
    return encoded(csv_module_text(rows, delimiter=delimiter, line_end="\n"))


def xlsx_workbook(sheets: dict[str, list[list]]):
    """An openpyxl workbook with these sheets, in this order, each holding its rows from A1; the caller saves it."""
    from openpyxl import Workbook

    workbook = Workbook()
    for number, (title, rows) in enumerate(sheets.items()):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(row)
    return workbook


def save_ods(path: Path, sheets: dict[str, list[list]]) -> None:
    """A LibreOffice Calc file (odfpy) with these sheets, in this order: None an empty cell, a date a date cell shown
    d/m/Y, a number a float cell shown with a decimal comma, anything else a string cell."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value):
        if value is None:
            return TableCell()
        if isinstance(value, datetime.date):
            made = TableCell(valuetype="date", datevalue=value.isoformat())
            made.addElement(P(text=value.strftime("%d/%m/%Y")))
            return made
        if isinstance(value, int | float):
            made = TableCell(valuetype="float", value=value)
            made.addElement(P(text=str(value).replace(".", ",")))
            return made
        made = TableCell(valuetype="string")
        made.addElement(P(text=value))
        return made

    def table(name, rows):
        made = Table(name=name)
        for values in rows:
            row = TableRow()
            for value in values:
                row.addElement(cell(value))
            made.addElement(row)
        return made

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        document.spreadsheet.addElement(table(name, rows))
    document.save(str(path))
