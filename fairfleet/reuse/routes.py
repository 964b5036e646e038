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

from fairfleet.inventory.models import Device
from fairfleet.reuse.models import GRADE_LETTERS, Route, RoutePolicy, StorageHealth
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
    reasons: tuple[str, ...]  # whole sentences: why this route, then why better ones were ruled out
    blocker: str = ""  # a firmware lock: the device cannot leave until unlocked

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)

    @property
    def label(self):
        return Route(self.route).label


def _grades(value: str) -> str:
    return ", ".join(letter for letter in GRADE_LETTERS if letter in value) or _("none")


def _years(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class _Check:
    problems: list[str] = field(default_factory=list)

    def need(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)


def _common_checks(check: _Check, policy: RoutePolicy, facts: Facts, today: datetime.date, *, max_age: int,
                   grades: str, strict: bool) -> None:  # fmt: skip
    check.need(
        facts.grade in grades,
        _("Grade %(grade)s is not among the grades allowed (%(allowed)s).")
        % {"grade": facts.grade or "?", "allowed": _grades(grades)},
    )
    if facts.age_years is not None:
        check.need(
            facts.age_years <= max_age,
            _("It is %(age)s years old, above the limit of %(max)d years.") % {"age": _years(facts.age_years),
                                                                               "max": max_age},
        )  # fmt: skip
    if strict:
        battery = facts.battery_health_pct
        check.need(
            battery is None or battery >= policy.min_battery_pct,
            _("Its battery holds %(battery)d %% of its design capacity, below the %(min)d %% required.")
            % {"battery": battery or 0, "min": policy.min_battery_pct},
        )
        check.need(
            facts.os_updates_end is None or facts.os_updates_end >= today,
            _("Its operating system no longer receives security updates (since %(date)s).")
            % {"date": facts.os_updates_end.isoformat() if facts.os_updates_end else ""},
        )


def suggest_route(policy: RoutePolicy, facts: Facts, today: datetime.date | None = None) -> Suggestion:
    """The route the organisation's rules suggest for these facts, with the reasons in whole sentences."""
    today = today or timezone.localdate()
    blocker = ""
    if facts.firmware_locked:
        blocker = _("Locked by a firmware or BIOS password: it cannot be donated, offered or sold until unlocked.")
    if not facts.is_functional:
        reasons = [_("It does not work, so its materials are recovered through the WEEE channel.")]
        if facts.faults:
            reasons.append(_("Faults found: %(faults)s.") % {"faults": ", ".join(facts.faults)})
        return Suggestion(Route.RECYCLE, tuple(reasons), blocker)
    ruled_out: list[str] = []
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
            reasons = [_route_reason(route, facts)]
            if facts.storage_health == StorageHealth.FAILING:
                reasons.append(_("Replace its failing drive first."))
            reasons += ruled_out
            return Suggestion(route, tuple(reasons), blocker if route != Route.REDEPLOY else "")
        ruled_out.append(
            _("Not “%(route)s”: %(problems)s") % {"route": Route(route).label, "problems": " ".join(check.problems)}
        )
    reasons = [_("No reuse route fits this device, so its materials are recovered through the WEEE channel.")]
    return Suggestion(Route.RECYCLE, tuple(reasons + ruled_out), "")


def _route_reason(route: str, facts: Facts) -> str:
    age = _years(facts.age_years) if facts.age_years is not None else _("unknown")
    values = {"grade": facts.grade, "age": age}
    if route == Route.REDEPLOY:
        return _("It works, grade %(grade)s, %(age)s years old: another service can use it.") % values
    if route == Route.NETWORK:
        return _("It works, grade %(grade)s, %(age)s years old: another member of the network can use it.") % values
    if route == Route.DONATE:
        return _("It works, grade %(grade)s, %(age)s years old: a reuse partner can give it a second life.") % values
    return _("It works, grade %(grade)s, %(age)s years old: a refurbisher can prepare and resell it.") % values


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
