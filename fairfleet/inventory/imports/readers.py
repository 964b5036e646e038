"""Streaming readers for fleet files: CSV/TSV, XLSX and ODS, with the refusals that come before parsing.

A reader yields (line number, list of cells) after the header; no reader keeps the whole text file in memory.
XLSX and ODS go through python-calamine, which is fast but loads one sheet at a time: the zip checks below
bound what it may be asked to decompress.
"""

import codecs
import csv
import itertools
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_ROWS = 2_000_000
MAX_CELL_CHARS = 10 * 1024 * 1024
# A zip whose members uncompress to more than this many times its size, and over the absolute floor, is a bomb.
ZIP_RATIO = 20
ZIP_FLOOR = 100 * 1024 * 1024
ZIP_MAX_MEMBERS = 10_000  # a workbook has tens; each member costs a directory entry to read
ZIP_CHUNK = 1024 * 1024
SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t"
SNIFF_LINES = 50

REFUSALS = {
    "empty_file": _("The file is empty."),
    "too_large": _("The file is larger than the limit of %(limit)s MB."),
    "not_a_spreadsheet": _("This file is not a spreadsheet: expected a CSV, TSV, XLSX or ODS file."),
    "zip_bomb": _("The workbook would uncompress to a suspicious size; it was not opened."),
    "unknown_encoding": _("The text encoding of the file could not be recognised: save it as UTF-8 and try again."),
    "too_many_rows": _("The file has more than %(limit)s rows: split it into smaller files."),
    "cell_too_large": _("Line %(line)s has a cell larger than 10 MB."),
    "no_header": _("The file has no header row."),
    "header_row_empty": _("Row %(row)s, chosen as the header, is empty or beyond the end of the file."),
    "no_rows": _("The file has a header row but no device rows."),
    "sheet_not_found": _("The workbook has no sheet named “%(sheet)s”."),
    "unreadable": _("The file could not be read: it may be damaged."),
    "missing_column": _("No column gives the %(field)s; name a column for it in the mapping."),
    "unknown_preset": _("Unknown preset “%(preset)s”."),
}


class ImportRefused(Exception):
    """The whole file is refused; `code` is stable for machines, `message` is translated."""

    facts: dict = {}  # what the check learnt of the file before refusing it: columns, header row, sheets

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
    sheets: list[str] = field(default_factory=list)  # every sheet of a workbook, for the user to choose from
    header_row: int = 1  # the header's line in the file (CSV) or row in the sheet, 1-based
    # GLPI 10 ends every line with the delimiter (src/Search.php line 8673): an untitled last column.
    trailing_delimiter: bool = False


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
    """Refuse a damaged zip, a zip bomb, or a zip that is no workbook, before calamine opens it.

    The sizes in the directory are what the file claims: every member is also decompressed here (and thrown
    away) with a running total, and zipfile stops each member at its claimed size and checks its CRC, so a
    member that lies about its size is refused instead of being inflated by the reader."""
    limit = max(ZIP_RATIO * size, ZIP_FLOOR)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS or sum(member.file_size for member in members) > limit:
                raise ImportRefused("zip_bomb")
            names = {member.filename for member in members}
            expected = "content.xml" if fmt == "ods" else "xl/workbook.xml"
            if expected not in names:
                raise ImportRefused("not_a_spreadsheet")
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(ZIP_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise ImportRefused("zip_bomb")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        # Bad CRC (a size that lied), encryption, unknown compression, truncation.
        raise ImportRefused("not_a_spreadsheet") from exc


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
    """The delimiter that splits the most lines into the same number of cells, counted outside quotes: title lines
    above the table ("Export du 02/12/2026") and decimal commas in quoted cells do not mislead it."""
    lines = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(n for n in (_count_outside_quotes(line, delimiter) for line in lines) if n)
        if counts:
            cells, lines_alike = max(counts.items(), key=lambda item: (item[1], item[0]))
            if (lines_alike, cells) > best_score:
                best, best_score = delimiter, (lines_alike, cells)
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    if '"' not in line:
        return line.count(delimiter)
    count, quoted = 0, False
    for character in line:
        if character == '"':
            quoted = not quoted
        elif character == delimiter and not quoted:
            count += 1
    return count


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


def _sheet_rows(path: Path, sheet: str) -> tuple[str, list[str], Iterator[tuple[int, list]]]:
    """The rows of the named sheet, else of the first visible worksheet, with the names of all worksheets."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own errors for damaged files
        raise ImportRefused("not_a_spreadsheet") from exc
    worksheets = [meta for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
    names = [meta.name for meta in worksheets]
    if sheet and sheet not in names:
        raise ImportRefused("sheet_not_found", sheet=sheet)
    if not sheet:
        visible = [meta.name for meta in worksheets if meta.visible == SheetVisibleEnum.Visible]
        sheet = (visible or names or [""])[0]
    try:
        data = workbook.get_sheet_by_name(sheet)
    except Exception as exc:
        raise ImportRefused("unreadable") from exc

    def rows():
        # calamine starts at the sheet's first row even when it is empty, so the numbers are the sheet's own.
        for number, cells in enumerate(data.iter_rows(), start=1):
            for cell in cells:
                if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                    raise ImportRefused("cell_too_large", line=number)
            yield number, list(cells)

    return data.name, names, rows()


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


HEADER_SCAN = 30  # rows looked at for the header: title rows above a table are a few, not dozens
HEADER_MIN_SCORE = 2  # known titles a row needs to be taken for the header over the first row


def open_table(
    path: Path | str, *, sheet: str = "", header_row: int | None = None, header_score: Callable | None = None
) -> Table:
    """Check the file, find its header row and return the rows after it as a lazy iterator.

    The header is the row given by `header_row`, else the row among the first ones that `header_score` rates best
    (ties to the earlier one) when that is at least HEADER_MIN_SCORE, else the first row that is not blank."""
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
        name, names, rows = _sheet_rows(path, sheet)
        table = Table(header=[], rows=rows, format=fmt, sheet=name, sheets=names)
    rows = _limited(table.rows)
    if header_row:
        first = _row_at(rows, header_row)
        rest: Iterator[tuple[int, list]] = rows
    else:
        first, rest = _find_header(rows, header_score)
    table.header_row = first[0]
    table.header = ["" if cell is None else str(cell).strip() for cell in first[1]]
    if fmt == "csv" and len(table.header) > 1 and table.header[-1] == "":
        table.trailing_delimiter = True
    table.rows = rest
    return table


def _row_at(rows: Iterator[tuple[int, list]], number: int) -> tuple[int, list]:
    for line, cells in rows:
        if line == number:
            return line, cells
        if line > number:
            break  # that row was blank: blank rows are skipped
    raise ImportRefused("header_row_empty", row=number)


def _find_header(rows: Iterator[tuple[int, list]], header_score: Callable | None) -> tuple[tuple, Iterator]:
    """The best-rated of the first rows that has a row after it, and the rows that follow it."""
    head = list(itertools.islice(rows, HEADER_SCAN))
    if not head:
        raise ImportRefused("no_header")
    best = 0
    if header_score is not None and len(head) > 1:
        scores = [header_score(cells) for _line, cells in head[:-1]]  # the last one has no row after it here
        top = max(scores)
        if top >= HEADER_MIN_SCORE:
            best = scores.index(top)
    return head[best], itertools.chain(head[best + 1 :], rows)


def header_only(table: Table) -> Iterator[tuple[int, list]]:
    """The rows, refusing a file that has a header and nothing else."""
    first = next(table.rows, None)
    if first is None:
        raise ImportRefused("no_rows")
    yield first
    yield from table.rows
