"""Cell parsing: French and Belgian numbers and dates, Excel serials, and stable error codes.

Cells that start with =, +, - or @ are kept as plain text: nothing here evaluates a formula, and the exports
neutralise such cells again.
"""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.imports.presets import fold

CELL_ERRORS = {
    "required": _("This value is required."),
    "too_long": _("This value is longer than %(limit)s characters."),
    "not_a_number": _("This is not a number."),
    "negative_price": _("A price cannot be negative."),
    "invalid_date": _("This is not a valid date: write it as dd/mm/yyyy or yyyy-mm-dd."),
    "duplicate_serial": _("This serial number is already on line %(other)s of the file."),
    "duplicate_tag": _("This asset tag is already on line %(other)s of the file."),
    "tag_taken": _("This asset tag belongs to another device of the fleet."),
    "ragged_row": _("This line has more cells than the header row."),
    "no_identifier": _("A device needs a serial number or an asset tag."),
    "invalid_duration": _(
        "This is not a warranty length: write a number of months (36, 36 months) or of years (3 years)."
    ),
    "several_values": _("This cell holds several different values; a device has only one."),
}

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 once Excel's 1900 leap-year bug is absorbed
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y")
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # thousands separators: spaces (also non-breaking) and apostrophes
_CURRENCY = re.compile(r"€|\beur\b", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_COMMA_NUMBER = re.compile(r"^-?\d+,\d+$")  # 1234,50: the usual French price, with nothing else to clean
PRICE_LIMIT = Decimal("9999999999.99")
_CENT = Decimal("0.01")  # the price column holds 12 digits, 2 after the point


class CellError(Exception):
    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(CELL_ERRORS[self.code]) % self.params if self.params else str(CELL_ERRORS[self.code])


def plain_params(params: dict[str, Any]) -> dict[str, Any]:
    """An error's parameters as JSON values (translated labels become text in the current language)."""
    return {key: value if isinstance(value, int | float | bool) else str(value) for key, value in params.items()}


def cell_text(value) -> str:
    """Any cell as stripped text; floats that are whole numbers lose their ".0" (serials typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_text(value, *, max_length: int | None = None, required: bool = False) -> str:
    text = value.strip() if type(value) is str else cell_text(value)
    if required and not text:
        raise CellError("required")
    if max_length is not None and len(text) > max_length:
        raise CellError("too_long", limit=max_length)
    return text


# GLPI 10 joins the values of a multi-valued cell with a literal "<br>" (src/Search.php line 8753).
LIST_SEPARATOR = "<br>"
TREE_SEPARATOR = " > "


def text_parser(
    max_length: int | None,
    *,
    code: bool = False,
    several: str = "first",
    glpi_quotes: bool = False,
    leaf: bool = False,
):
    """parse_text for one column, as a function of the cell alone; `code` compares serials and tags without case.

    A cell of several values ("a<br>b") gives its first value; with several="join", all of them (notes); with
    several="one", an error unless they are all the same (identifiers). With `glpi_quotes`, two apostrophes are
    a double quote, as GLPI 10 writes it in its CSV (csv_clean, src/Search.php line 9231). With `leaf`, a path
    "Entité racine > Finances" gives its last part, as GLPI writes the place of an entity or a location in its
    tree (CommonTreeDropdown completename, src/CommonTreeDropdown.php line 1010)."""

    def parse(value) -> str:
        text = value.strip() if type(value) is str else cell_text(value)
        if LIST_SEPARATOR in text:
            text = _one_of_several(text, several)
        if glpi_quotes and "''" in text:
            text = text.replace("''", '"')
        if leaf and TREE_SEPARATOR in text:
            text = text.rsplit(TREE_SEPARATOR, 1)[1].strip()
        if max_length is not None and len(text) > max_length:
            raise CellError("too_long", limit=max_length)
        return text.upper() if code else text

    return parse


def _one_of_several(text: str, several: str) -> str:
    parts = [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
    if several == "join":
        return "; ".join(parts)
    if several == "one" and len({part.upper() for part in parts}) > 1:
        raise CellError("several_values")
    return parts[0] if parts else ""


def parse_decimal(value) -> Decimal | None:
    """1234.50, 1 234,50, 1.234,50 and 1,234.50 all read as 1234.50."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("not_a_number")
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
        if not number.is_finite():  # a spreadsheet cell can hold NaN or infinity as a float
            raise CellError("not_a_number")
        return number
    text = str(value).strip()
    if _NUMBER.match(text):  # the common cases, with nothing to clean
        return Decimal(text)
    if _COMMA_NUMBER.match(text):
        return Decimal(text.replace(",", "."))
    text = _SPACES.sub("", _CURRENCY.sub("", text)).strip()
    if not text:
        return None
    if "," in text and "." in text:
        # The separator that comes last is the decimal one.
        comma_last = text.rfind(",") > text.rfind(".")
        text = text.replace(".", "").replace(",", ".") if comma_last else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    if not _NUMBER.match(text):
        raise CellError("not_a_number")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise CellError("not_a_number") from exc


def parse_price(value) -> Decimal | None:
    price = parse_decimal(value)
    if price is None:
        return None
    if price < 0:
        raise CellError("negative_price")
    if price > PRICE_LIMIT:
        raise CellError("not_a_number")
    return price.quantize(_CENT)


def parse_int(value) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise CellError("not_a_number")
    return int(number)


# Day first unless the column shows otherwise: GLPI writes m-d-Y for users who chose it (Html::convDate).
DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
# A warranty that never ends: GLPI writes "Lifelong" for -1 (fr "A vie", en_US "Lifetime"), people the rest.
LIFELONG_WORDS = frozenset(
    ("a vie", "lifelong", "lifetime", "life time", "levenslang", "illimitee", "illimite", "unlimited", "onbeperkt",
     "permanent", "-1")
)  # fmt: skip
LIFELONG = "lifelong"


def parse_date(value, order: str = DAY_FIRST) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(value)
    return _parse_date_text(str(value).strip(), order)


def date_parser(order: str):
    """parse_date for a column whose numeric dates put the `order` ("dmy" or "mdy") first."""
    return functools.partial(parse_date, order=order)


def warranty_end_parser(order: str):
    """A date, or a word for a warranty that never ends (LIFELONG)."""

    def parse(value):
        if type(value) is str and _lifelong(value):
            return LIFELONG
        return parse_date(value, order)

    return parse


def date_order(texts) -> str:
    """ "mdy" when the texts of a column show a month first (a second part above 12, never a first one)."""
    firsts, seconds = set(), set()
    for text in texts:
        match = _DMY.match(str(text).strip().split(" ")[0])
        if match:
            firsts.add(int(match.group(1)))
            seconds.add(int(match.group(2)))
    if seconds and max(seconds) > 12 and (not firsts or max(firsts) <= 12):
        return MONTH_FIRST
    return DAY_FIRST


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")


@functools.lru_cache(maxsize=65536)  # a fleet has a few thousand distinct dates: parse each once
def _parse_date_text(text: str, order: str = DAY_FIRST) -> datetime.date | None:
    if not text:
        return None
    if text.isdigit() and len(text) <= 6:
        return _excel_serial(int(text))
    text = text.split(" ")[0].split("T")[0]  # "15/03/2021 10:42" from GLPI keeps its day
    match = _DMY.match(text) or _YMD.match(text)
    if match:
        a, b, c = (int(part) for part in match.groups())
        if match.re is _DMY and order == MONTH_FIRST:
            a, b = b, a
        try:
            return datetime.date(c, b, a) if match.re is _DMY else datetime.date(a, b, c)
        except ValueError as exc:
            raise CellError("invalid_date") from exc
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError("invalid_date")


# A warranty length: a number and a unit in English, French or Dutch; no unit means months.
_DURATION = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([a-z]*)$")
_MONTH_UNITS = frozenset(("", "m", "mo", "month", "months", "mois", "maand", "maanden", "mnd"))
_YEAR_UNITS = frozenset(("y", "yr", "yrs", "year", "years", "an", "ans", "annee", "annees", "jaar", "jaren"))


def _lifelong(text: str) -> bool:
    return fold(text) in LIFELONG_WORDS


@functools.lru_cache(maxsize=1024)
def _duration_text(text: str) -> int | str | None:
    if not text:
        return None
    if _lifelong(text):
        return LIFELONG
    match = _DURATION.match(fold(text))
    if not match:
        raise CellError("invalid_duration")
    number, unit = Decimal(match.group(1).replace(",", ".")), match.group(2)
    if unit in _YEAR_UNITS:
        number *= 12
    elif unit not in _MONTH_UNITS:
        raise CellError("invalid_duration")
    if number != number.to_integral_value() or number > 1200:
        raise CellError("invalid_duration")
    return int(number)


def parse_duration(value) -> int | str | None:
    """Months of warranty, LIFELONG, or None: 36, "36 months", "36 mois", "3 ans", "3 jaar", "A vie", "Lifelong"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("invalid_duration")
    if isinstance(value, (int, float)):
        if value == -1:  # GLPI's own value for a lifelong warranty, as its database and API give it
            return LIFELONG
        if value < 0 or value != int(value) or value > 1200:
            raise CellError("invalid_duration")
        return int(value)
    return _duration_text(str(value).strip())


def _excel_serial(number: float) -> datetime.date:
    if not 1 <= number <= 2_958_465:  # 9999-12-31
        raise CellError("invalid_date")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


@functools.lru_cache(maxsize=65536)  # a few thousand purchase dates times a few warranty lengths
def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise CellError("invalid_date")
