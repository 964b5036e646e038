"""The suggested route of an assessed device, and what each route avoids compared with buying new.

The rule set (docs/reuse-triage.md, "Suggested routes") reads the organisation's RoutePolicy, or the
defaults when it saved none. Routes are tried from the most to the least valuable use of the device:

1. a device that does not work goes to recycling (WEEE);
2. **redeploy inside** when it is young enough, its grade allowed, its battery healthy enough and its
   operating system still receives security updates;
3. **offer to the network** (when the organisation uses network offers) under the same battery and
   update conditions, with the network's own age and grades;
4. **donate** within the donation age and grades (a partner replaces a tired battery or installs a
   maintained system);
5. **sell to a social-economy refurbisher** within its age and grades;
6. otherwise **recycle** (WEEE).

A firmware or BIOS lock does not change the suggestion but blocks every route that leaves the
organisation until the device is unlocked (see workflows.donation_refusal).

The avoided emissions reuse the footprint engine and the scenario parameters of footprint/scenarios/
method.py (second life, preparation share, substitution rate, refurbished share): the same formulas as
the redeploy, donate and buy-refurbished scenarios, for one device. Nothing here computes a footprint.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from fairfleet.core.messages import Message
from fairfleet.inventory.models import Device
from fairfleet.reuse.models import Route, RoutePolicy, StorageHealth
from fairfleet.tenancy.models import Organisation

DAYS_PER_YEAR = 365.25


def policy_for(organisation: Organisation) -> RoutePolicy:
    """The organisation's saved policy, or an unsaved one with the defaults."""
    return RoutePolicy.objects.filter(organisation=organisation).first() or RoutePolicy(organisation=organisation)


def device_age(device: Device, today: datetime.date | None = None) -> tuple[float | None, str]:
    """(age in years, where it comes from): the acquisition date, else the model's release year (counted
    from the middle of that year), else (None, "")."""
    today = today or timezone.localdate()
    if device.acquisition_date:
        return max(0.0, (today - device.acquisition_date).days / DAYS_PER_YEAR), "acquisition"
    year = device.model.release_year if device.model_id else None
    if year:
        return max(0.0, (today - datetime.date(year, 7, 1)).days / DAYS_PER_YEAR), "release_year"
    return None, ""


@dataclass(frozen=True)
class Facts:
    """What the triage found, as the rules read it."""

    is_functional: bool
    grade: str
    battery_health_pct: int | None = None
    storage_health: str = StorageHealth.UNKNOWN
    firmware_locked: bool = False
    os_updates_end: datetime.date | None = None
    age_years: float | None = None
    faults: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    route: str
    reasons: tuple[Message, ...]  # whole sentences: why this route, then why better ones were ruled out
    blocker: str = ""  # a firmware lock: the device cannot leave until unlocked

    @property
    def reason(self) -> str:
        return " ".join(str(message) for message in self.reasons)

    @property
    def label(self):
        return Route(self.route).label


@dataclass
class _Check:
    problems: list[Message] = field(default_factory=list)

    def need(self, condition: bool, code: str, **params) -> None:
        if not condition:
            self.problems.append(Message(code, params))


def _age(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _common_checks(check: _Check, policy: RoutePolicy, facts: Facts, today: datetime.date, *, max_age: int,
                   grades: str, strict: bool) -> None:  # fmt: skip
    check.need(facts.grade in grades, "reuse.route_grade", grade=facts.grade or "?", allowed=grades)
    if facts.age_years is not None:
        check.need(facts.age_years <= max_age, "reuse.route_too_old", age=_age(facts.age_years), max=max_age)
    if strict:
        battery = facts.battery_health_pct
        check.need(
            battery is None or battery >= policy.min_battery_pct,
            "reuse.route_battery",
            battery=battery or 0,
            min=policy.min_battery_pct,
        )
        check.need(
            facts.os_updates_end is None or facts.os_updates_end >= today,
            "reuse.route_os_updates",
            date=facts.os_updates_end.isoformat() if facts.os_updates_end else "",
        )


ROUTE_REASON_CODES = {
    Route.REDEPLOY: "reuse.route_fits_redeploy",
    Route.NETWORK: "reuse.route_fits_network",
    Route.DONATE: "reuse.route_fits_donate",
    Route.SELL: "reuse.route_fits_sell",
}


def suggest_route(policy: RoutePolicy, facts: Facts, today: datetime.date | None = None) -> Suggestion:
    """The route the organisation's rules suggest for these facts, with the reasons as stored messages."""
    today = today or timezone.localdate()
    blocker = ""
    if facts.firmware_locked:
        blocker = _("Locked by a firmware or BIOS password: it cannot be donated, offered or sold until unlocked.")
    if not facts.is_functional:
        reasons = [Message("reuse.route_not_working")]
        if facts.faults:
            reasons.append(Message("reuse.route_faults", {"faults": list(facts.faults)}))
        return Suggestion(Route.RECYCLE, tuple(reasons), blocker)
    ruled_out: list[Message] = []
    candidates = [
        (Route.REDEPLOY, policy.redeploy_max_age_years, policy.redeploy_grades, True),
    ]
    if policy.network_offers:
        candidates.append((Route.NETWORK, policy.network_max_age_years, policy.network_grades, True))
    candidates += [
        (Route.DONATE, policy.donate_max_age_years, policy.donate_grades, False),
        (Route.SELL, policy.sell_max_age_years, policy.sell_grades, False),
    ]
    for route, max_age, grades, strict in candidates:
        check = _Check()
        _common_checks(check, policy, facts, today, max_age=max_age, grades=grades, strict=strict)
        if not check.problems:
            reasons = [Message(ROUTE_REASON_CODES[route], {"grade": facts.grade, "age": _age(facts.age_years)})]
            if facts.storage_health == StorageHealth.FAILING:
                reasons.append(Message("reuse.route_replace_drive"))
            reasons += ruled_out
            return Suggestion(route, tuple(reasons), blocker if route != Route.REDEPLOY else "")
        problems = [problem.as_json() for problem in check.problems]
        ruled_out.append(Message("reuse.route_ruled_out", {"route": str(route), "problems": problems}))
    reasons = [Message("reuse.route_none_fits")]
    return Suggestion(Route.RECYCLE, tuple(reasons + ruled_out), "")


# Avoided emissions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteFigure:
    """kg CO2e a route avoids compared with buying a new device, or why there is no figure."""

    route: str
    kg: float | None
    note: str

    @property
    def label(self):
        return Route(self.route).label


def avoided_by_route(organisation: Organisation, devices: list[Device]) -> dict[int, list[RouteFigure]]:
    """For each device (by id), the climate figure of every route.

    Per device: `yearly` is the yearly embedded climate impact of a new equivalent device (the engine's
    figure, spread over the category's lifetime L); with the scenario parameters second life S,
    preparation share p, substitution rate s and refurbished share r:
    redeploy and network offer avoid yearly x S - p x yearly x L; donation s times that; a sale to a
    refurbisher yearly x S x (1 - r); recycling avoids no purchase.
    """
    from fairfleet.footprint import fleet
    from fairfleet.footprint.models import FactorSet
    from fairfleet.footprint.scenarios.method import parameters_for, refurbished_share

    ids = [device.pk for device in devices]
    if not ids:
        return {}
    try:
        profile = fleet.profile_of(organisation)
    except FactorSet.DoesNotExist:
        note = _("No footprint factors are loaded: no figure.")
        return {pk: [RouteFigure(route, None, note) for route in Route.values] for pk in ids}
    values = parameters_for(profile)
    frame = fleet.fleet_frame(organisation, devices=Device.objects.filter(id__in=ids), held_only=False)
    result = fleet.compute(organisation, frame, per_year=True, profile=profile)
    yearly_values = result.footprint.per_device("gwp", phase="embedded")
    by_id = {int(pk): float(value) for pk, value in zip(frame["id"], yearly_values, strict=True)}
    second_life, prep = values["second_life_years"], values["reuse_embedded_share"]
    figures = {}
    for device in devices:
        yearly = by_id.get(device.pk, math.nan)
        rule = result.category_rule(device.category_id)
        if math.isnan(yearly) or rule is None:
            note = _("No footprint factor for the category “%(category)s”: no figure.") % {
                "category": device.category.label
            }
            figures[device.pk] = [RouteFigure(route, None, note) for route in Route.values]
            continue
        reuse = yearly * second_life - prep * yearly * rule.lifetime_years
        share = refurbished_share(values, device.category.code)
        figures[device.pk] = [
            RouteFigure(Route.REDEPLOY, reuse, _("A new device is not bought for the second life.")),
            RouteFigure(Route.NETWORK, reuse, _("Another body does not buy a new device.")),
            RouteFigure(
                Route.DONATE,
                reuse * values["donation_substitution_rate"],
                _("Only part of the donated devices spare a purchase."),
            ),
            RouteFigure(
                Route.SELL,
                yearly * second_life * (1 - share),
                _("A refurbished device is bought instead of a new one."),
            ),
            RouteFigure(Route.RECYCLE, None, _("Recycling recovers materials but spares no purchase.")),
        ]
    return figures
