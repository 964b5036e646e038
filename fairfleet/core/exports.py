"""Spreadsheet exports: CSV streamed row by row and XLSX written in constant memory.

Every cell a user typed is neutralised so that a spreadsheet does not run it as a formula
(OWASP "CSV injection"): a leading =, +, -, @, tab or carriage return gets a leading apostrophe.
"""

import csv
import datetime
import decimal
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime.date, decimal.Decimal, int, float)):
        return str(value)
    return neutralise_cell(str(value))


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # lets Excel open UTF-8 files with accents intact
    writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# Controls, path and header separators, and the bidi and line-separator marks that disguise an extension.
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f/\\"<>:|?*;\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+')
_NOT_PLAIN_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
MAX_FILENAME = 150


def attachment_disposition(filename: str) -> str:
    """A Content-Disposition header for a download named from user text (RFC 6266).

    Control characters (a newline breaks the response), quotes, slashes and separators become "_"; the plain
    ASCII `filename` is for old clients, `filename*` keeps accents for the others."""
    name = unicodedata.normalize("NFC", str(filename))
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" ._")[:MAX_FILENAME] or "download"
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = _NOT_PLAIN_ASCII.sub("_", plain).strip("._")[:MAX_FILENAME] or "download"
    if plain == name:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment_disposition(filename)
    return response


def xlsx_bytes(sheet_title: str, header: list[str], rows: Iterable[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=neutralise_cell(str(title)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([neutralise_cell(str(v)) if isinstance(v, (str, Promise)) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
