"""Turning footprint figures into what the pages show: one criterion picked out of the tables, shares, charts.

Figures keep three significant digits on screen: the reference data is not more precise than that, and the
min-max range is shown beside each value.
"""

import math
from dataclasses import dataclass

from django.utils.formats import number_format

from fairfleet.footprint.engine import PHASES
from fairfleet.footprint.factors import VALUE

CHART_WIDTH = 100  # the bars' scale, in percent of the plot area


def significant(value: float | None, digits: int = 3) -> str:
    """A number with `digits` significant digits, in the user's locale; None as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    if decimals > 6:
        mantissa = value / 10**magnitude
        return f"{number_format(round(mantissa, digits - 1), digits - 1)} × 10^{magnitude}"
    return number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Figure:
    """One criterion of one group: value and range per phase, and how many devices have a figure."""

    embedded: list | None
    use: list | None
    total: list | None
    devices: int
    with_data: int

    @property
    def value(self) -> float | None:
        return self.total[VALUE] if self.total else None

    @property
    def embedded_share(self) -> float | None:
        if not self.total or not self.embedded or not self.total[VALUE]:
            return None
        return self.embedded[VALUE] / self.total[VALUE]


def pick(row: dict, criterion_index: int) -> Figure:
    """A snapshot row's figures for one criterion."""
    phases = {phase: _triple(row[phase][criterion_index]) for phase in PHASES}
    return Figure(
        **phases,
        devices=row["devices"],
        with_data=row["with_data"]["total"][criterion_index],
    )


def _triple(values: list) -> list | None:
    return None if values is None or values[VALUE] is None else values


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    share: float | None  # of the total, 0..1
    width: float  # percent of the plot
    href: str = ""


def bars(items: list[tuple[str, float | None, str]], total: float | None) -> list[Bar]:
    """Bars scaled on the largest value, with each item's share of `total`."""
    largest = max((value for _label, value, _href in items if value), default=0) or 1
    result = []
    for label, value, href in items:
        share = value / total if value is not None and total else None
        width = CHART_WIDTH * max(value or 0, 0) / largest
        result.append(Bar(label=label, value=value, share=share, width=round(width, 2), href=href))
    return result
