"""What the importer must report for a file of the realistic corpus, and the shorthands its figures are written in."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

D = Decimal  # a price as the importer stores it: D("1234.56")
day = datetime.date  # a date as the importer stores it: day(2024, 3, 15)
LIFELONG = datetime.date(9999, 12, 31)  # "A vie" / "Lifelong" / "Lifetime" / "Levenslang"


@dataclass
class Expected:
    """What the importer must report for one file, worked out by hand from the file's rows."""

    new: int = 0
    rejected_lines: dict[int, str] = field(default_factory=dict)  # {1-based row number in the file: error code}
    refused: bool = False  # the file is refused (a whole-file refusal, or rows with errors)
    refusal: str = ""  # the code of a whole-file refusal (then nothing else is read)
    unused_columns: list[str] = field(default_factory=list)  # titles, in file order ("" for an untitled column)
    unused_indices: list[int] = field(default_factory=list)  # their 1-based column numbers
    header_row: int = 1
    skipped_lines: list[int] = field(default_factory=list)  # totals rows
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    devices: dict[str, dict[str, object]] = field(default_factory=dict)  # {stored serial: {field: value}}
    samples: dict[str, list[str]] = field(default_factory=dict)  # {column title: its first non-empty cells}
    job: dict = field(default_factory=dict)  # preset, sheet, header_row, columns for the job
    without_job: str = ""  # refusal code expected when the job kwargs above are left out
    source: str = ""  # what the file reproduces, and where that comes from


def unused(header: list[str], *titles: str) -> dict:
    """Expected.unused_columns and unused_indices for these titles of the header (in header order)."""
    indices = sorted(header.index(t) + 1 for t in titles)
    return {"unused_columns": [header[i - 1] for i in indices], "unused_indices": indices}
