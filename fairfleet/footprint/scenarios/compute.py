"""Each scenario kind as a transform of the fleet arrays, and its results as plain JSON.

Every figure is a yearly one, like the rest of the footprint (the embedded impact spread over the lifetime),
computed bound by bound (value, min, max) with the engine's own figures; nothing here calls boaviztapi.
The fleet is the devices the organisation holds; the scope is the part a scenario changes (one category, or
all of it). The formulas are in docs/footprint-method.md, "Scenarios: our own method".
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Avg, Count

from fairfleet.footprint import fleet
from fairfleet.footprint.factors import VALUE
from fairfleet.footprint.models import FootprintProfile, ScenarioKind
from fairfleet.footprint.scenarios.method import refurbished_share
from fairfleet.inventory.models import AcquisitionKind, Category, Device
from fairfleet.tenancy.models import Criticality, Organisation

RESULTS_VERSION = 1
PHASES = ("embedded", "use", "total")


@dataclass(frozen=True)
class Plan:
    """A scenario's validated parameters, with the categories resolved."""

    kind: str
    horizon_years: int
    category: Category | None = None
    target_category: Category | None = None
    from_years: float | None = None
    to_years: float | None = None
    percent: float | None = None
    country: str = ""


@dataclass
class Figures:
    """Yearly totals (criteria, 3) per phase, of the devices in scope and of the others."""

    inside: dict[str, np.ndarray]
    outside: dict[str, np.ndarray]
    with_data: np.ndarray  # (criteria,) devices in scope with an embedded figure


def _add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sum where either is known; NaN only where both are (a criterion nobody has stays without figure)."""
    return np.where(np.isnan(a) & np.isnan(b), np.nan, np.nan_to_num(a) + np.nan_to_num(b))


def _figures(result: fleet.FleetResult, mask: np.ndarray) -> Figures:
    if result.footprint.devices == 0:  # the engine's totals need at least one device
        empty = np.full((len(result.tables.criteria), 3), np.nan)
        return Figures(dict.fromkeys(("embedded", "use"), empty), dict.fromkeys(("embedded", "use"), empty),
                       np.zeros(len(result.tables.criteria), dtype=np.int64))  # fmt: skip
    totals = result.footprint.totals(mask.astype(np.int64), groups=2, phases=("embedded", "use"))
    inside = {phase: totals.values[phase][1] for phase in ("embedded", "use")}
    outside = {phase: totals.values[phase][0] for phase in ("embedded", "use")}
    return Figures(inside, outside, totals.devices_with_data["embedded"][1])


def _with_total(phases: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {**phases, "total": phases["embedded"] + phases["use"]}  # NaN when either phase has no figure


def _average_price(organisation: Organisation, category: Category | None) -> tuple[float | None, int]:
    """Average price in EUR of the category's devices bought new with a known price, and how many had one."""
    if category is None:
        return None, 0
    priced = Device.objects.filter(
        organisation=organisation, category=category, price__isnull=False, currency="EUR"
    ).exclude(acquisition_kind__in=[AcquisitionKind.REFURBISHED, AcquisitionKind.DONATED])
    figures = priced.aggregate(average=Avg("price"), count=Count("id"))
    average = figures["average"]
    return (None if average is None else float(average)), figures["count"]


def _ramp(years: int, span: float) -> list[float]:
    """Share of the steady state reached in each year when the change reaches devices over `span` years."""
    return [min(1.0, year / span) if span > 0 else 1.0 for year in range(1, years + 1)]


def run(organisation: Organisation, plan: Plan, values: dict[str, float], profile: FootprintProfile) -> dict:
    """Compute the scenario: baseline and scenario yearly impacts, avoided impacts per year, costs."""
    frame = fleet.fleet_frame(organisation)
    category_ids = frame["category_id"].to_numpy()
    mask = category_ids == plan.category.pk if plan.category is not None else np.ones(len(frame), dtype=bool)
    devices_in_scope = int(mask.sum())
    warnings: list[str] = []
    if devices_in_scope == 0:
        warnings.append("no_devices")

    baseline_overrides = {}
    if plan.kind == ScenarioKind.KEEP_LONGER and plan.from_years is not None:
        baseline_overrides = {"lifetime_years": {plan.category.pk: plan.from_years}}
    base = fleet.compute(organisation, frame, profile=profile, overrides=baseline_overrides)
    figures = _figures(base, mask)
    rule = base.category_rule(plan.category.pk) if plan.category is not None else None
    lifetime = float(plan.from_years or (rule.lifetime_years if rule else 0) or 0)
    price, priced = _average_price(organisation, plan.category)
    second_life = values["second_life_years"]
    inside = dict(figures.inside)
    shares = [1.0] * plan.horizon_years
    affected = devices_in_scope
    cost_per_year: float | None = None
    cost_reason = ""
    extra: dict = {"lifetime_years": lifetime or None}

    if plan.kind == ScenarioKind.KEEP_LONGER:
        overrides = {"lifetime_years": {plan.category.pk: plan.to_years}}
        changed = _figures(fleet.compute(organisation, frame, profile=profile, overrides=overrides), mask)
        inside["embedded"] = changed.inside["embedded"]
        extra["to_years"] = plan.to_years
        if price is not None:
            cost_per_year = devices_in_scope * price * (1 / lifetime - 1 / plan.to_years)

    elif plan.kind == ScenarioKind.BUY_REFURBISHED:
        share = refurbished_share(values, plan.category.code)
        percent = plan.percent / 100
        inside["embedded"] = figures.inside["embedded"] * (1 - percent * (1 - share))
        shares = _ramp(plan.horizon_years, lifetime)  # only devices bought from now on change
        extra["refurbished_share"] = share
        if price is not None:
            ratio = values["refurbished_price_ratio"]
            cost_per_year = devices_in_scope * price * percent * (1 / lifetime - ratio / second_life)

    elif plan.kind in (ScenarioKind.REDEPLOY, ScenarioKind.DONATE):
        retired_per_year = devices_in_scope / lifetime if lifetime else 0.0
        fit = values["fit_for_reuse_share"]
        if plan.kind == ScenarioKind.REDEPLOY:
            # A redeployed device replaces the purchase of a new one for a tolerant service: at most as many
            # in second life at once as the tolerant services hold devices of this category.
            capacity = _tolerant_devices(organisation, plan.category)
            extra["tolerant_devices"] = capacity
            if capacity == 0:
                warnings.append("no_tolerant_devices")
            counts = [min(fit * retired_per_year * min(year, second_life), capacity) for year in
                      range(1, plan.horizon_years + 1)]  # fmt: skip
            steady = min(fit * retired_per_year * second_life, capacity)
        else:
            substitution = values["donation_substitution_rate"]
            counts = [fit * substitution * retired_per_year * min(year, second_life) for year in
                      range(1, plan.horizon_years + 1)]  # fmt: skip
            steady = fit * substitution * retired_per_year * second_life
            warnings.append("outside_scope")
        # Per device in second life: a new device's yearly embedded impact avoided, minus the preparation
        # share of its embedded impact spread over the second life.
        per_device = np.divide(
            figures.inside["embedded"],
            np.maximum(figures.with_data, 1)[:, None],
        ) * (1 - values["reuse_embedded_share"] * lifetime / second_life)
        inside["embedded"] = figures.inside["embedded"] - steady * per_device
        shares = [count / steady if steady else 0.0 for count in counts]
        affected = round(steady)
        extra.update(retired_per_year=retired_per_year, second_life_devices=steady)
        if plan.kind == ScenarioKind.REDEPLOY and price is not None:
            cost_per_year = steady * price / lifetime
        elif plan.kind == ScenarioKind.DONATE:
            cost_reason = "not_our_spending"

    elif plan.kind == ScenarioKind.REPLACE_CATEGORY:
        percent = plan.percent / 100
        replaced = frame.copy()
        replaced.loc[mask, "category_id"] = plan.target_category.pk
        replaced.loc[mask, "declared"] = np.nan  # the old model's declaration says nothing of the new device
        changed = fleet.compute(organisation, replaced, profile=profile)
        after = _figures(changed, mask)
        for phase in ("embedded", "use"):
            inside[phase] = _add(figures.inside[phase] * (1 - percent), after.inside[phase] * percent)
        shares = _ramp(plan.horizon_years, lifetime)
        target_rule = changed.category_rule(plan.target_category.pk)
        target_lifetime = target_rule.lifetime_years if target_rule else lifetime
        target_price, target_priced = _average_price(organisation, plan.target_category)
        extra.update(target_lifetime_years=target_lifetime, target_average_price=target_price,
                     target_priced_devices=target_priced)  # fmt: skip
        affected = round(devices_in_scope * percent)
        if price is not None and target_price is not None:
            cost_per_year = devices_in_scope * percent * (price / lifetime - target_price / target_lifetime)
        elif price is not None:
            cost_reason = "no_target_price"

    elif plan.kind == ScenarioKind.MOVE_COUNTRY:
        changed = _figures(fleet.compute(organisation, frame, profile=profile, overrides={"zone": plan.country}), mask)
        inside["use"] = changed.inside["use"]
        zone = base.tables.zone(plan.country)
        extra.update(zone=zone.code, zone_name=base.tables.zone_names[zone.index], zone_fell_back=zone.fell_back)
        cost_reason = "not_applicable"

    if cost_per_year is None and not cost_reason:
        cost_reason = "no_price"
    baseline = _with_total(
        {phase: _add(figures.outside[phase], figures.inside[phase]) for phase in ("embedded", "use")}
    )
    scenario = _with_total({phase: _add(figures.outside[phase], inside[phase]) for phase in ("embedded", "use")})
    return _results(
        base, plan, baseline, scenario, shares,
        devices_total=len(frame), devices_in_scope=devices_in_scope, affected=affected,
        cost=_cost(cost_per_year, cost_reason, shares, price, priced, devices_in_scope),
        values=values, profile=profile, warnings=warnings, extra=extra,
    )  # fmt: skip


def _tolerant_devices(organisation: Organisation, category: Category) -> int:
    frame = fleet.fleet_frame(
        organisation,
        devices=Device.objects.filter(
            organisation=organisation, category=category, service__criticality=Criticality.TOLERANT
        ),
    )
    return len(frame)


def _cost(per_year, reason, shares, price, priced, devices) -> dict:
    cost = {"currency": "EUR", "average_price": price, "priced_devices": priced, "devices": devices,
            "reason": "" if per_year is not None else reason}  # fmt: skip
    if per_year is None:
        return {**cost, "avoided_per_year": None, "years": None, "horizon": None}
    years = [per_year * share for share in shares]
    return {**cost, "avoided_per_year": per_year, "years": years, "horizon": sum(years)}


def _triple(values: np.ndarray) -> list[float] | None:
    if np.isnan(values).any():
        return None
    return [float(v) for v in values]


def _avoided_triple(values: np.ndarray) -> list[float] | None:
    """[value, low, high]: bound-by-bound differences are not ordered, so the range is their span."""
    if np.isnan(values).any():
        return None
    return [float(values[VALUE]), float(values.min()), float(values.max())]


def _results(result, plan, baseline, scenario, shares, *, devices_total, devices_in_scope, affected, cost, values,
             profile, warnings, extra) -> dict:  # fmt: skip
    tables = result.tables
    avoided = {phase: baseline[phase] - scenario[phase] for phase in PHASES}
    criteria = []
    for index, code in enumerate(tables.criteria):
        if np.isnan(baseline["total"][index, VALUE]) and np.isnan(baseline["embedded"][index, VALUE]):
            continue  # no figure for anybody: not shown rather than shown as zero
        total = avoided["total"][index]
        criteria.append(
            {
                "code": code,
                "unit": tables.units[index],
                "baseline": {phase: _triple(baseline[phase][index]) for phase in PHASES},
                "scenario": {phase: _triple(scenario[phase][index]) for phase in PHASES},
                "avoided": {phase: _avoided_triple(avoided[phase][index]) for phase in PHASES},
                "years": [_avoided_triple(total * share) for share in shares],
                "horizon": _avoided_triple(total * sum(shares)),
            }
        )
    return {
        "version": RESULTS_VERSION,
        "kind": plan.kind,
        "horizon_years": plan.horizon_years,
        "year_shares": shares,
        "devices_total": devices_total,
        "devices_in_scope": devices_in_scope,
        "devices_affected": affected,
        "criteria": criteria,
        "cost": cost,
        "warnings": warnings,
        "assumptions": {
            "factor_set": tables.code,
            "country": profile.country,
            "method_parameters": dict(values),
            "category": plan.category.code if plan.category else "",
            "target_category": plan.target_category.code if plan.target_category else "",
            **extra,
        },
    }
