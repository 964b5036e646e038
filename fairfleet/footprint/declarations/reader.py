"""Reading Boavizta's data set of manufacturers' product carbon footprints.

Format: https://github.com/Boavizta/environmental-footprint-data, file boavizta-data-us.csv (read at commit
61323eb5c3bb63b0703e7a9c6456482ccbaac3a6, README "Data format"). Its header starts
manufacturer,name,category,subcategory,gwp_total,gwp_use_ratio,yearly_tec,lifetime,use_location,report_date,
sources,sources_hash,gwp_error_ratio,gwp_manufacturing_ratio,… and boavizta-data-fr.csv is the same with ";"
and decimal commas. The README defines gwp_total as the kg CO2e of the whole life cycle (manufacturing,
transport, use, end of life) and gwp_use_ratio as the part of it that comes from the use phase.

The engine wants the embedded figure of one device (everything but use, which it computes itself from the
organisation's own hours and electricity mix), so we take gwp_total × (1 − gwp_use_ratio). We do not add up
the manufacturing, transport and end-of-life ratios: they are often missing and do not always sum to 1 − use.
A row without gwp_total or gwp_use_ratio is listed as unusable, never guessed.
"""

import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.imports.readers import ImportRefused, open_table
from fairfleet.inventory.imports.values import CellError, parse_decimal

DATASET_NAME = "Boavizta environmental-footprint-data"
REQUIRED_COLUMNS = ("manufacturer", "name", "gwp_total", "gwp_use_ratio")
OPTIONAL_COLUMNS = ("category", "subcategory", "report_date", "sources", "lifetime", "use_location")
# The real file has about 1,300 rows; a file a hundred times larger is not this data set.
MAX_ROWS = 100_000
TEXT_LIMIT = 500

MESSAGES = {
    "missing_columns": _("This is not the Boavizta data set: the columns %(columns)s are missing."),
    "not_csv": _("This file is not a CSV file of the Boavizta data set."),
    "too_many_rows": _("The file has more than %(limit)s rows: this is not the Boavizta data set."),
}


class DeclarationFileRefused(Exception):
    """The whole file is refused; `message` is translated and says why."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class DeclarationRow:
    line: int
    manufacturer: str
    name: str
    category: str
    subcategory: str
    report_date: str
    sources: str
    embedded_kgco2e: Decimal | None  # None: the row is unusable, `problem` says why
    problem: str = ""

    @property
    def key(self) -> str:
        """Names the row in the file for people and the audit log; the signed proposal carries its figures."""
        return f"line {self.line}"

    @property
    def source_url(self) -> str:
        """The first source when it is a web address, for a link; the text itself is shown in full."""
        first = self.sources.split()[0] if self.sources.split() else ""
        return first if first.startswith(("https://", "http://")) else ""


TOTAL_LIMIT = Decimal("99999999.9")  # DeviceModel.declared_footprint_kgco2e: 9 digits, 1 after the point


def _text(value) -> str:
    return ("" if value is None else str(value)).strip()[:TEXT_LIMIT]


def _number(value) -> Decimal | None:
    try:
        return parse_decimal(value if not isinstance(value, str) else value.strip())
    except (CellError, InvalidOperation):
        return None


def embedded_figure(total: Decimal | None, use_ratio: Decimal | None) -> tuple[Decimal | None, str]:
    """(kg CO2e embedded in one device, problem): the part of the life-cycle total that is not use."""
    if total is None:
        return None, str(_("no total footprint (gwp_total)"))
    if use_ratio is None:
        return None, str(_("no share of the use phase (gwp_use_ratio)"))
    if total <= 0:
        return None, str(_("the total footprint is not positive"))
    if total > TOTAL_LIMIT:  # the model's field holds no more (and quantize would raise past 28 digits)
        return None, str(_("the total footprint is more than %(limit)s kg") % {"limit": TOTAL_LIMIT})
    if not 0 <= use_ratio < 1:
        return None, str(_("the share of the use phase is not between 0 and 1"))
    return (total * (1 - use_ratio)).quantize(Decimal("0.1")), ""


def read_rows(path: Path | str) -> list[DeclarationRow]:
    """Every data row of the file; whole-file problems raise DeclarationFileRefused."""
    try:
        table = open_table(path)
        if table.format != "csv":
            raise DeclarationFileRefused(str(MESSAGES["not_csv"]))
        header = [title.lstrip("\ufeff").strip().lower() for title in table.header]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise DeclarationFileRefused(str(MESSAGES["missing_columns"]) % {"columns": ", ".join(missing)})
        index = {name: header.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in header}
        rows = []
        for line, cells in table.rows:
            if len(rows) >= MAX_ROWS:
                raise DeclarationFileRefused(str(MESSAGES["too_many_rows"]) % {"limit": f"{MAX_ROWS:,}"})
            rows.append(_row(line, cells, index))
    except ImportRefused as exc:
        if exc.code in ("not_a_spreadsheet", "unknown_encoding", "zip_bomb", "sheet_not_found"):
            raise DeclarationFileRefused(str(MESSAGES["not_csv"])) from exc
        raise DeclarationFileRefused(exc.message) from exc
    if not rows:
        raise DeclarationFileRefused(str(ImportRefused("no_rows").message))
    return rows


def _row(line: int, cells: list, index: dict[str, int]) -> DeclarationRow:
    def cell(name):
        position = index.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    value, problem = embedded_figure(_number(cell("gwp_total")), _number(cell("gwp_use_ratio")))
    return DeclarationRow(
        line=line,
        manufacturer=_text(cell("manufacturer")),
        name=_text(cell("name")),
        category=_text(cell("category")),
        subcategory=_text(cell("subcategory")),
        report_date=_text(cell("report_date")),
        sources=_text(cell("sources")),
        embedded_kgco2e=value,
        problem=problem,
    )


def read_upload(handle) -> list[DeclarationRow]:
    """The rows of an uploaded file. open_table needs a path: the upload is copied to a temporary file that is
    deleted as soon as it is read, so nothing of it is kept between the review and the apply."""
    suffix = Path(getattr(handle, "name", "") or "").suffix.lower()[:8] or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in handle.chunks() if hasattr(handle, "chunks") else iter(lambda: handle.read(1 << 20), b""):
            copy.write(chunk)
        copy.flush()
        return read_rows(copy.name)
