"""Streaming readers for fleet files: CSV/TSV, XLSX and ODS, with the refusals that come before parsing.

A reader yields (line number, list of cells) after the header; no reader keeps the whole text file in memory.
XLSX and ODS go through python-calamine, which is fast but loads one sheet at a time: the zip checks below
bound what it may be asked to decompress.
"""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_ROWS = 2_000_000
MAX_CELL_CHARS = 10 * 1024 * 1024
# A zip whose members uncompress to more than this many times its size, and over the absolute floor, is a bomb.
ZIP_RATIO = 20
ZIP_FLOOR = 100 * 1024 * 1024
SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t"

REFUSALS = {
    "empty_file": _("The file is empty."),
    "too_large": _("The file is larger than the limit of %(limit)s MB."),
    "not_a_spreadsheet": _("This file is not a spreadsheet: expected a CSV, TSV, XLSX or ODS file."),
    "zip_bomb": _("The workbook would uncompress to a suspicious size; it was not opened."),
    "unknown_encoding": _("The text encoding of the file could not be recognised: save it as UTF-8 and try again."),
    "too_many_rows": _("The file has more than %(limit)s rows: split it into smaller files."),
    "cell_too_large": _("Line %(line)s has a cell larger than 10 MB."),
    "no_header": _("The file has no header row."),
    "no_rows": _("The file has a header row but no device rows."),
    "sheet_not_found": _("The workbook has no sheet named “%(sheet)s”."),
    "unreadable": _("The file could not be read: it may be damaged."),
    "missing_column": _("No column gives the %(field)s; name a column for it in the mapping."),
    "unknown_preset": _("Unknown preset “%(preset)s”."),
}


class ImportRefused(Exception):
    """The whole file is refused; `code` is stable for machines, `message` is translated."""

    columns: list[dict] = []  # the file's columns and the fields they fill, when the header could be read

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(REFUSALS[self.code]) % self.params if self.params else str(REFUSALS[self.code])


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list]]  # (line number in the file, 1-based; cells)
    format: str
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    warnings: list = field(default_factory=list)


def detect_format(path: Path, head: bytes | None = None) -> str:
    """ "csv", "xlsx" or "ods" from the first bytes, the extension deciding only between the zip kinds."""
    if head is None:
        with open(path, "rb") as handle:
            head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "ods" if suffix == ".ods" else "xlsx"
    if suffix in (".xlsx", ".xlsm", ".ods", ".xls"):
        raise ImportRefused("not_a_spreadsheet")
    return "csv"


def check_size(path: Path) -> int:
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused("empty_file")
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImportRefused("too_large", limit=max(1, settings.MAX_UPLOAD_BYTES // (1024 * 1024)))
    return size


def check_zip(path: Path, size: int, fmt: str) -> None:
    """Refuse a damaged zip, a zip bomb, or a zip that is no workbook, before any member is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused("not_a_spreadsheet") from exc
    total = sum(member.file_size for member in members)
    if total > ZIP_RATIO * size and total > ZIP_FLOOR:
        raise ImportRefused("zip_bomb")
    names = {member.filename for member in members}
    expected = "content.xml" if fmt == "ods" else "xl/workbook.xml"
    if expected not in names:
        raise ImportRefused("not_a_spreadsheet")


def _sniff_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in sample:  # UTF-16 or binary: neither is a spreadsheet text we read
        raise ImportRefused("unknown_encoding")
    try:
        # The sample may end inside a multibyte character: an incremental decoder forgives that.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise ImportRefused("unknown_encoding")
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > len(text) // 100:  # control characters: binary data decoded by force
        raise ImportRefused("unknown_encoding")
    return "cp1252" if best.encoding == "cp1252" else "latin-1"


def _sniff_delimiter(text: str) -> str:
    lines = text.splitlines()[:20]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = lines[0] if lines else ""
        return max(DELIMITERS, key=first.count)


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list]]:
    # The limit is process-wide; above 10 MB the csv module raises, which we turn into a refusal.
    csv.field_size_limit(MAX_CELL_CHARS)
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as exc:
            raise ImportRefused("cell_too_large", line=reader.line_num + 1) from exc
        except UnicodeDecodeError as exc:
            raise ImportRefused("unknown_encoding") from exc


def _sheet_rows(path: Path, sheet: str) -> tuple[str, Iterator[tuple[int, list]]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own errors for damaged files
        raise ImportRefused("not_a_spreadsheet") from exc
    if sheet and sheet not in workbook.sheet_names:
        raise ImportRefused("sheet_not_found", sheet=sheet)
    try:
        data = workbook.get_sheet_by_name(sheet) if sheet else workbook.get_sheet_by_index(0)
    except Exception as exc:
        raise ImportRefused("unreadable") from exc
    name = data.name

    def rows():
        for number, cells in enumerate(data.iter_rows(), start=1):
            for cell in cells:
                if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                    raise ImportRefused("cell_too_large", line=number)
            yield number, list(cells)

    return name, rows()


def _is_blank(cells: list) -> bool:
    try:
        return not "".join(cells).strip()  # a text row (every CSV row) in one call
    except TypeError:  # sheet rows also hold numbers, dates and None
        return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _limited(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """Skip blank lines and stop at the row limit: past it, the whole file is refused."""
    count = 0
    for line, cells in rows:
        if _is_blank(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportRefused("too_many_rows", limit=f"{MAX_ROWS:,}")
        yield line, cells


def open_table(path: Path | str, *, sheet: str = "") -> Table:
    """Check the file, read its header and return its remaining rows as a lazy iterator."""
    path = Path(path)
    size = check_size(path)
    fmt = detect_format(path)
    if fmt == "csv":
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
        encoding = _sniff_encoding(sample)
        text = sample.decode(encoding.replace("-sig", ""), errors="ignore").lstrip("\ufeff")
        delimiter = _sniff_delimiter(text)
        table = Table(header=[], rows=_csv_rows(path, encoding, delimiter), format=fmt, encoding=encoding)
        table.delimiter = delimiter
    else:
        check_zip(path, size, fmt)
        name, rows = _sheet_rows(path, sheet)
        table = Table(header=[], rows=rows, format=fmt, sheet=name)
    rows = _limited(table.rows)
    first = next(rows, None)
    if first is None:
        raise ImportRefused("no_header")
    table.header = ["" if cell is None else str(cell).strip() for cell in first[1]]
    table.rows = rows
    return table


def header_only(table: Table) -> Iterator[tuple[int, list]]:
    """The rows, refusing a file that has a header and nothing else."""
    first = next(table.rows, None)
    if first is None:
        raise ImportRefused("no_rows")
    yield first
    yield from table.rows
