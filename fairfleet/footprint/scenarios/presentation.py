"""Scenario results (stored JSON) turned into what the pages and exports show, in the reader's language."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fairfleet.footprint.factors import CRITERION_LABELS
from fairfleet.footprint.models import Scenario
from fairfleet.footprint.presentation import significant
from fairfleet.footprint.scenarios.method import PARAMETERS_BY_CODE

CHART_CRITERION = "gwp"


def criterion_label(code: str) -> str:
    return str(CRITERION_LABELS.get(code, code))


def phase_label(phase: str) -> str:
    return {"embedded": _("Embedded"), "use": _("Use"), "total": _("Total")}[phase]


def shown(triple) -> dict:
    """A [value, low, high] as display strings; a missing figure as dashes."""
    if not triple:
        return {"value": "—", "low": "—", "high": "—", "known": False}
    return {"value": significant(triple[0]), "low": significant(triple[1]), "high": significant(triple[2]),
            "known": True}  # fmt: skip


def criterion_rows(results: dict) -> list[dict]:
    rows = []
    for item in results.get("criteria", []):
        rows.append(
            {
                "code": item["code"],
                "label": criterion_label(item["code"]),
                "unit": item["unit"],
                "baseline": shown(item["baseline"]["total"]),
                "scenario": shown(item["scenario"]["total"]),
                "phases": [
                    {"label": phase_label(phase), "avoided": shown(item["avoided"][phase])}
                    for phase in ("embedded", "use", "total")
                ],
                "avoided": shown(item["avoided"]["total"]),
                "horizon": shown(item["horizon"]),
                "years": [shown(triple) for triple in item["years"]],
            }
        )
    return rows


def criterion_item(results: dict, code: str = CHART_CRITERION) -> dict | None:
    return next((item for item in results.get("criteria", []) if item["code"] == code), None)


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: str
    low: str
    high: str
    x: float
    width: float
    y: float
    whisker_from: float
    whisker_to: float
    negative: bool


ROW_HEIGHT, LABEL_WIDTH, PLOT_WIDTH, TOP = 28, 110, 260, 8


def chart(items: list[tuple[str, list | None]]) -> dict:
    """Horizontal bars with a min–max whisker, laid out for an SVG of fixed viewBox that scales to the width;
    negative values (more impact than today) go left of the zero line."""
    known = [triple for _label, triple in items if triple]
    low = min([0.0, *(min(t) for t in known)])
    high = max([0.0, *(max(t) for t in known)])
    span = (high - low) or 1.0

    def x_of(number: float) -> float:
        return round(LABEL_WIDTH + (number - low) / span * PLOT_WIDTH, 2)

    zero = x_of(0.0)
    bars = []
    for position, (label, triple) in enumerate(items):
        y = TOP + position * ROW_HEIGHT
        if not triple:
            bars.append(ChartBar(label, "—", "—", "—", zero, 0, y, zero, zero, False))
            continue
        end = x_of(triple[0])
        bars.append(
            ChartBar(
                label=label,
                value=significant(triple[0]),
                low=significant(triple[1]),
                high=significant(triple[2]),
                x=min(zero, end),
                width=round(abs(end - zero), 2),
                y=y,
                whisker_from=x_of(min(triple)),
                whisker_to=x_of(max(triple)),
                negative=triple[0] < 0,
            )
        )
    return {
        "bars": bars,
        "zero": zero,
        "height": TOP * 2 + len(items) * ROW_HEIGHT,
        "width": LABEL_WIDTH + PLOT_WIDTH + 20,
        "label_x": LABEL_WIDTH - 6,
        "bar_height": ROW_HEIGHT - 10,
    }


def year_chart(results: dict) -> dict | None:
    item = criterion_item(results)
    if item is None:
        return None
    labels = [_("Year %(number)s") % {"number": year} for year in range(1, len(item["years"]) + 1)]
    return {**chart(list(zip(labels, item["years"], strict=True))), "unit": item["unit"],
            "criterion": criterion_label(item["code"])}  # fmt: skip


def cost_view(results: dict) -> dict:
    cost = results.get("cost") or {}
    reasons = {
        "no_price": _("No device of this category has a purchase price in EUR: the cost cannot be estimated."),
        "no_target_price": _("No device of the replacing category has a purchase price in EUR."),
        "not_our_spending": _("A donation does not change the organisation's spending; the recipient saves."),
        "not_applicable": _("This scenario does not change purchases."),
    }
    return {
        "available": cost.get("avoided_per_year") is not None,
        "per_year": significant(cost.get("avoided_per_year")),
        "horizon": significant(cost.get("horizon")),
        "years": [significant(value) for value in cost.get("years") or []],
        "average_price": significant(cost.get("average_price")),
        "priced_devices": cost.get("priced_devices", 0),
        "devices": cost.get("devices", 0),
        "reason": reasons.get(cost.get("reason", ""), ""),
    }


def warning_texts(results: dict) -> list[str]:
    texts = {
        "no_devices": _("The fleet holds no device in the scope of this scenario."),
        "no_tolerant_devices": _(
            "No tolerant service holds devices of this category: there is nowhere to redeploy them."
        ),
        "outside_scope": _("The avoided impacts occur at the recipient, outside the organisation's own footprint."),
    }
    return [texts[code] for code in results.get("warnings", []) if code in texts]


def parameter_rows(results: dict) -> list[dict]:
    values = (results.get("assumptions") or {}).get("method_parameters") or {}
    rows = []
    for code, value in values.items():
        parameter = PARAMETERS_BY_CODE.get(code)
        if parameter is not None:
            rows.append({"code": code, "label": str(parameter.label), "value": significant(value),
                         "default": parameter.default == value})  # fmt: skip
    return rows


# Exports: one long table (a row per scenario, criterion, figure and year), easy to filter and pivot ------------


def export_header() -> list[str]:
    return [_("Scenario"), _("Criterion"), _("Code"), _("Unit"), _("Figure"), _("Phase"), _("Year"), _("Value"),
            _("Min"), _("Max")]  # fmt: skip


def export_rows(scenario: Scenario):
    results = scenario.results or {}
    name = scenario.name
    for item in results.get("criteria", []):
        label, code, unit = criterion_label(item["code"]), item["code"], item["unit"]
        for phase in ("embedded", "use", "total"):
            for key, figure in (("baseline", _("Current state, per year")), ("scenario", _("Scenario, per year")),
                                ("avoided", _("Avoided, per year"))):  # fmt: skip
                triple = item[key][phase]
                yield [name, label, code, unit, figure, phase_label(phase), "", *(_cells(triple))]
        for year, triple in enumerate(item["years"], start=1):
            yield [name, label, code, unit, _("Avoided in the year"), phase_label("total"), year, *_cells(triple)]
        yield [name, label, code, unit, _("Avoided over the horizon"), phase_label("total"), "",
               *_cells(item["horizon"])]  # fmt: skip
    cost = results.get("cost") or {}
    if cost.get("avoided_per_year") is not None:
        yield [name, _("Cost"), "cost", "EUR", _("Avoided, per year"), "", "", cost["avoided_per_year"], "", ""]
        for year, value in enumerate(cost["years"], start=1):
            yield [name, _("Cost"), "cost", "EUR", _("Avoided in the year"), "", year, value, "", ""]
        yield [name, _("Cost"), "cost", "EUR", _("Avoided over the horizon"), "", "", cost["horizon"], "", ""]
    for row in parameter_rows(results):
        yield [name, row["label"], row["code"], "", _("Method parameter"), "", "",
               results["assumptions"]["method_parameters"][row["code"]], "", ""]  # fmt: skip


def _cells(triple) -> list:
    return list(triple) if triple else ["", "", ""]
