"""The organisation's fleet as arrays for the engine, with each category's assumptions resolved.

One query reads the devices (a few columns, no objects); the engine then computes once per distinct
configuration. Pages, the snapshot task and the scenarios all start here, so they count the same devices the
same way.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fairfleet.footprint.archetypes import DataQuality, profile_for_category
from fairfleet.footprint.engine import HOURS_PER_YEAR, FleetFootprint, compute_fleet
from fairfleet.footprint.factors import FactorTables, current_factor_set, factor_tables, zone_of_country
from fairfleet.footprint.models import CategoryAssumption, FootprintProfile
from fairfleet.inventory.models import Category, Device, DeviceState
from fairfleet.tenancy.models import Organisation

# Devices the organisation holds: from delivery until they leave it (sold, recycled, handed over or lost).
HELD_STATES = (
    DeviceState.IN_STOCK, DeviceState.IN_USE, DeviceState.IN_REPAIR, DeviceState.END_OF_USE,
    DeviceState.OFFERED_INTERNALLY, DeviceState.RESERVED, DeviceState.IN_DONATION_LOT,
)  # fmt: skip
GONE_STATES = (DeviceState.HANDED_OVER, DeviceState.SECOND_LIFE, DeviceState.SOLD, DeviceState.RECYCLED,
               DeviceState.LOST)  # fmt: skip
ORGANISATION_FIGURE = "organisation"  # quality of a category figure the organisation entered with its source
CHOSEN_BY_ORGANISATION = _("Reference device chosen by the organisation.")


@dataclass(frozen=True)
class CategoryRule:
    """The resolved assumptions of one category."""

    category_id: int
    code: str
    label: str
    composition: tuple
    quality: str
    reason: str
    lifetime_years: float
    hours_per_day: float | None
    power_w: float | None
    custom_gwp_kg: float | None
    custom_source: str

    @property
    def has_data(self) -> bool:
        return bool(self.composition)


def profile_of(organisation: Organisation) -> FootprintProfile:
    """The organisation's footprint profile, created on first use with the newest factor set."""
    profile = FootprintProfile.objects.select_related("factor_set").filter(organisation=organisation).first()
    if profile is None:
        profile, _created = FootprintProfile.objects.select_related("factor_set").get_or_create(
            organisation=organisation,
            defaults={"factor_set": current_factor_set(), "country": zone_of_country(organisation.country) or "EEE"},
        )
    return profile


def _number(value) -> float | None:
    return None if value is None else float(value)


def category_rules(organisation: Organisation, tables: FactorTables) -> dict[int, CategoryRule]:
    """Every category the organisation may use (built-in and its own), with its assumptions."""
    own = {a.category_id: a for a in CategoryAssumption.objects.filter(organisation=organisation)}
    categories = Category.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
    rules = {}
    for category in categories:
        default = profile_for_category(category.code or "", tables)
        assumption = own.get(category.pk)
        composition = default.composition
        quality, reason = default.quality, default.reason
        if assumption is not None and assumption.composition:
            composition = tuple((str(code), float(weight)) for code, weight in assumption.composition)
            chosen = composition != default.composition
            quality = DataQuality.PROXY.value if chosen else default.quality
            reason = CHOSEN_BY_ORGANISATION if chosen else default.reason
        lifetime = _number(assumption.lifetime_years) if assumption else None
        if lifetime is None:
            lifetime = _reference_lifetime(tables, composition)
        custom = _number(assumption.custom_gwp_kg) if assumption else None
        if custom is not None and not composition:
            quality = ORGANISATION_FIGURE
        rules[category.pk] = CategoryRule(
            category_id=category.pk,
            code=category.code or "",
            label=str(category.label),
            composition=composition,
            quality=quality,
            reason=reason,
            lifetime_years=lifetime,
            hours_per_day=_number(assumption.hours_per_day) if assumption else None,
            power_w=_number(assumption.power_w) if assumption else None,
            custom_gwp_kg=custom,
            custom_source=assumption.custom_source if assumption else "",
        )
    return rules


DEFAULT_LIFETIME_YEARS = 5.0  # for a category without an archetype, only to spread an organisation's own figure


def _reference_lifetime(tables: FactorTables, composition: tuple) -> float:
    if not composition:
        return DEFAULT_LIFETIME_YEARS
    hours = tables.composition_arrays([composition])["lifetime_h"][0]
    return float(hours) / HOURS_PER_YEAR if np.isfinite(hours) and hours > 0 else DEFAULT_LIFETIME_YEARS


def fleet_frame(organisation: Organisation, *, devices=None, held_only: bool = True) -> pd.DataFrame:
    """One row per device: id, category_id, service_id, site_id (0 when none), acquisition year (0 when
    unknown), the model's declared climate figure (NaN when none), state, and when it left the fleet."""
    queryset = devices if devices is not None else Device.objects.filter(organisation=organisation)
    if held_only:
        queryset = queryset.filter(state__in=HELD_STATES)
    rows = queryset.values_list(
        "id", "category_id", "service_id", "site_id", "acquisition_date", "model__declared_footprint_kgco2e",
        "state", "state_changed_at",
    )  # fmt: skip
    frame = pd.DataFrame.from_records(
        rows.iterator(chunk_size=20_000),
        columns=["id", "category_id", "service_id", "site_id", "acquired", "declared", "state", "state_changed"],
    )
    for column in ("service_id", "site_id"):  # None (no service, no site) becomes key 0
        frame[column] = frame[column].astype(np.float64).fillna(0).astype(np.int64)
    frame["year"] = np.array([d.year if d else 0 for d in frame["acquired"]], dtype=np.int64)
    frame["declared"] = pd.to_numeric(frame["declared"], errors="coerce").astype(np.float64)
    return frame


@dataclass
class FleetResult:
    frame: pd.DataFrame
    footprint: FleetFootprint
    rules: list[CategoryRule]  # in the order of the engine's compositions
    tables: FactorTables
    profile: FootprintProfile

    def category_rule(self, category_id: int) -> CategoryRule | None:
        return next((rule for rule in self.rules if rule.category_id == category_id), None)


def compute(
    organisation: Organisation,
    frame: pd.DataFrame,
    *,
    per_year: bool = True,
    profile: FootprintProfile | None = None,
    overrides: dict | None = None,
) -> FleetResult:
    """The engine over these devices: per year of use (embedded impacts spread over the lifetime), or over the
    whole life. `overrides` lets scenarios change columns: {"lifetime_years": {category_id: years}, "zone": iso3}."""
    profile = profile or profile_of(organisation)
    tables = factor_tables(profile.factor_set)
    rules_by_id = category_rules(organisation, tables)
    rules = list(rules_by_id.values())
    position = {rule.category_id: index for index, rule in enumerate(rules)}
    overrides = overrides or {}
    lifetimes = {rule.category_id: rule.lifetime_years for rule in rules}
    lifetimes.update(overrides.get("lifetime_years", {}))
    category = frame["category_id"].to_numpy()
    composition = np.array([position[c] for c in category], dtype=np.int64) if len(frame) else np.zeros(0, int)
    lifetime_h = np.array([lifetimes[c] for c in category], dtype=np.float64) * HOURS_PER_YEAR
    hours = np.array([np.nan if (h := rules_by_id[c].hours_per_day) is None else h for c in category], float)
    power = np.array([np.nan if (p := rules_by_id[c].power_w) is None else p for c in category], float)
    custom = np.array([np.nan if (g := rules_by_id[c].custom_gwp_kg) is None else g for c in category], float)
    declared = frame["declared"].to_numpy(dtype=np.float64) if len(frame) else np.zeros(0)
    zone = tables.zone(overrides.get("zone") or profile.country).index
    footprint = compute_fleet(
        tables,
        [rule.composition for rule in rules],
        {
            "composition": composition,
            "zone": np.full(len(frame), zone, dtype=np.int64),
            "lifetime_h": lifetime_h,
            "duration_h": np.full(len(frame), HOURS_PER_YEAR) if per_year else lifetime_h,
            "power_w": power,
            "use_ratio": hours / 24,
            "declared_gwp_kg": declared,
            "own_gwp_kg": custom,
        },
    )
    return FleetResult(frame=frame, footprint=footprint, rules=rules, tables=tables, profile=profile)


def current_year() -> int:
    return timezone.localdate().year


def years_back(count: int) -> list[int]:
    this_year = current_year()
    return list(range(this_year - count + 1, this_year + 1))
