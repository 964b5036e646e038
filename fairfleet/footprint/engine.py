"""The footprint engine: impacts of one configuration (`estimate`) and of a whole fleet (`compute_fleet`).

Method (Boavizta's, for terminals, peripherals and servers), per criterion, for a use period of `duration` hours:
- embedded = factor x allocation, allocation = 1 if duration > lifetime else duration / lifetime
  (min and max allocated with the lifetime's max and min; equal to the lifetime here, as in boaviztapi when the
  lifetime is given);
- use = electricity factor of the zone x power (W) / 1000 x use ratio x duration (h), bound by bound (min with
  min, max with max).
Servers follow the same two formulas: their embedded impacts (with a min/max range from their components) and
their power (modelled at the archetype's default workload) were computed by boaviztapi's server model when the
factor file was extracted, and neither depends on the zone or the use period.
"Not implemented" stays NaN (None in `Estimate`), never zero. The fleet path computes each distinct
configuration once and broadcasts it over the devices with numpy, so its memory stays O(devices), not
O(devices x criteria).
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from fairfleet.footprint.archetypes import NOT_IN_FACTOR_SET, CategoryProfile, DataQuality
from fairfleet.footprint.factors import BOUNDS, MAX, MIN, VALUE, Composition, FactorTables

HOURS_PER_YEAR = 8760  # Boavizta's year (365 days)

PHASES = ("embedded", "use", "total")
_KEY_COLUMNS = ("composition", "zone", "lifetime_h", "duration_h", "power_w", "use_ratio", "declared_gwp_kg",
                "own_gwp_kg")  # fmt: skip
_OPTIONAL_COLUMNS = ("power_w", "use_ratio", "declared_gwp_kg", "own_gwp_kg")


# One configuration ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactRange:
    value: float
    min: float
    max: float


@dataclass(frozen=True)
class CriterionImpact:
    code: str
    label: str
    unit: str
    embedded: ImpactRange | None  # None: not implemented
    use: ImpactRange | None
    total: ImpactRange | None  # None when either phase is not implemented


@dataclass(frozen=True)
class Assumptions:
    composition: Composition
    lifetime_hours: float
    duration_hours: float
    allocation_ratio: float
    use_ratio: float
    hours_per_day: float
    power_w: ImpactRange
    zone: str
    zone_name: str
    requested_country: str
    zone_fell_back: bool  # the requested country is not in the data: the default zone (EEE) was used


@dataclass(frozen=True)
class Estimate:
    factor_set: str
    quality: str  # DataQuality: "manufacturer" when a declared footprint replaced the embedded climate figure
    composition_quality: str
    reason: str
    assumptions: Assumptions
    criteria: dict[str, CriterionImpact]

    def as_dict(self) -> dict:
        """Plain data (labels as text) for JSON."""
        data = asdict(self)
        data["reason"] = str(self.reason)
        for code, impact in self.criteria.items():
            data["criteria"][code]["label"] = str(impact.label)
        data["assumptions"]["composition"] = [list(pair) for pair in self.assumptions.composition]
        return data


def _as_composition(archetype) -> tuple[Composition, str, str]:
    if isinstance(archetype, CategoryProfile):
        return archetype.composition, archetype.quality, archetype.reason
    if isinstance(archetype, str):
        return ((archetype, 1.0),), DataQuality.ARCHETYPE.value, ""
    composition = tuple((str(code), float(weight)) for code, weight in archetype)
    single = len(composition) == 1 and composition[0][1] == 1.0
    return composition, (DataQuality.ARCHETYPE if single else DataQuality.PROXY).value, ""


def estimate(
    tables: FactorTables,
    *,
    archetype: str | Sequence[tuple[str, float]] | CategoryProfile,
    country: str,
    lifetime_years: float,
    duration_hours: float | None = None,
    hours_per_day: float | None = None,
    power_w: float | None = None,
    declared_gwp_kg: float | None = None,
) -> Estimate:
    """Embedded and use impacts, per criterion, of one device configuration.

    `archetype` is an archetype code, a composition [(archetype, weight), ...] or a CategoryProfile (see
    archetypes.profile_for_category). `country` is ISO3 or ISO2. `duration_hours` defaults to the whole lifetime;
    `hours_per_day` replaces the archetype's use ratio (hours / 24); `power_w` its average power;
    `declared_gwp_kg` (a manufacturer's product carbon footprint) its embedded climate-change figure.
    """
    if lifetime_years is None or lifetime_years <= 0:
        raise ValueError("lifetime_years must be positive.")
    composition, composition_quality, reason = _as_composition(archetype)
    if composition and not tables.covers(composition):
        unknown = sorted({code for code, _weight in composition if code not in tables.archetypes})
        if isinstance(archetype, str):
            raise KeyError(f"Unknown archetype {archetype!r} in factor set {tables.code}.")
        # A mapping made for newer data (e.g. servers, under a factor set from before them): no figure, as before.
        composition_quality = DataQuality.MISSING.value
        reason = NOT_IN_FACTOR_SET % {"code": tables.code, "archetypes": ", ".join(unknown)}
    lifetime_h = float(lifetime_years) * HOURS_PER_YEAR
    duration_h = lifetime_h if duration_hours is None else float(duration_hours)
    use_ratio = np.nan if hours_per_day is None else float(hours_per_day) / 24
    zone = tables.zone(country)
    arrays = tables.composition_arrays([composition])
    embedded, use = _compute_configurations(
        tables,
        arrays,
        composition=np.zeros(1, dtype=np.int64),
        zone=np.array([zone.index]),
        lifetime_h=np.array([lifetime_h]),
        duration_h=np.array([duration_h]),
        power_w=np.array([np.nan if power_w is None else float(power_w)]),
        use_ratio=np.array([use_ratio]),
        declared_gwp_kg=np.array([np.nan if declared_gwp_kg is None else float(declared_gwp_kg)]),
    )
    total = embedded + use
    criteria = {}
    for index, code in enumerate(tables.criteria):
        criteria[code] = CriterionImpact(
            code=code,
            label=tables.labels[index],
            unit=tables.units[index],
            embedded=_range(embedded[0, index]),
            use=_range(use[0, index]),
            total=_range(total[0, index]),
        )
    effective_ratio = float(arrays["use_ratio"][0]) if np.isnan(use_ratio) else use_ratio
    power = arrays["power_w"][0] if power_w is None else np.full(3, float(power_w))
    assumptions = Assumptions(
        composition=composition,
        lifetime_hours=lifetime_h,
        duration_hours=duration_h,
        allocation_ratio=1.0 if duration_h > lifetime_h else duration_h / lifetime_h,
        use_ratio=effective_ratio,
        hours_per_day=effective_ratio * 24,
        power_w=ImpactRange(*(float(bound) for bound in power)),
        zone=zone.code,
        zone_name=tables.zone_names[zone.index],
        requested_country=zone.requested,
        zone_fell_back=zone.fell_back,
    )
    declared = declared_gwp_kg is not None and composition_quality != DataQuality.MISSING
    return Estimate(
        factor_set=tables.code,
        quality=DataQuality.MANUFACTURER.value if declared else composition_quality,
        composition_quality=composition_quality,
        reason=reason,
        assumptions=assumptions,
        criteria=criteria,
    )


def _range(triple: np.ndarray) -> ImpactRange | None:
    if np.isnan(triple).any():
        return None
    return ImpactRange(float(triple[VALUE]), float(triple[MIN]), float(triple[MAX]))


# The computation, for U configurations at once ------------------------------------------------------


def _compute_configurations(tables: FactorTables, arrays: dict, **columns) -> tuple[np.ndarray, np.ndarray]:
    """Embedded and use impacts (U, C, 3) of U configurations (one value per configuration in each column)."""
    composition, zone = columns["composition"], columns["zone"]
    lifetime_h, duration_h = columns["lifetime_h"], columns["duration_h"]
    embedded = arrays["embedded"][composition].copy()
    declared = columns["declared_gwp_kg"]
    gwp = tables.criterion_index("gwp")
    # A declaration replaces the archetype's figure, but does not give one to a device without data.
    has_declared = ~np.isnan(declared) & ~np.isnan(embedded[:, gwp, VALUE])
    if has_declared.any():
        embedded[has_declared, gwp, :] = declared[has_declared, None]
    # An organisation's own figure (with its source) stands in where the reference data has none.
    own = columns.get("own_gwp_kg")
    if own is not None:
        has_own = ~np.isnan(own) & np.isnan(embedded[:, gwp, VALUE])
        if has_own.any():
            embedded[has_own, gwp, :] = own[has_own, None]
    # Boavizta: the whole embedded impact once the use period outlasts the lifetime.
    allocation = np.where(duration_h > lifetime_h, 1.0, duration_h / lifetime_h)
    embedded *= allocation[:, None, None]

    power = arrays["power_w"][composition]
    override = ~np.isnan(columns["power_w"])
    power[override] = columns["power_w"][override, None]
    use_ratio = np.where(np.isnan(columns["use_ratio"]), arrays["use_ratio"][composition], columns["use_ratio"])
    kwh = power / 1000 * (use_ratio * duration_h)[:, None]  # (U, 3): energy at value, min and max power
    use = tables.electricity[zone] * kwh[:, None, :]
    return embedded, use


# A fleet --------------------------------------------------------------------------------------------


def compute_fleet(
    tables: FactorTables, compositions: Sequence[Composition], devices: Mapping | pd.DataFrame
) -> "FleetFootprint":
    """Impacts of N devices, computed once per distinct configuration.

    `compositions` lists the compositions the devices refer to (e.g. one per category profile; an empty one
    means no data). `devices` maps column names to arrays of length N (a DataFrame works):
    composition (index into `compositions`), zone (index into tables.zones, see FactorTables.zone_indexes),
    lifetime_h, duration_h, and optionally power_w, use_ratio, declared_gwp_kg (NaN: use the default), and
    own_gwp_kg (an embedded climate figure the organisation gives for a category the data does not cover).
    """
    length = len(devices["composition"])
    columns = {}
    for name in _KEY_COLUMNS:
        if name in devices:
            dtype = np.int64 if name in ("composition", "zone") else np.float64
            columns[name] = np.asarray(devices[name], dtype=dtype)
            if len(columns[name]) != length:
                raise ValueError(f"Column {name} has {len(columns[name])} rows, not {length}.")
        elif name in _OPTIONAL_COLUMNS:
            columns[name] = None
        else:
            raise ValueError(f"Missing column {name}.")
    if not (columns["lifetime_h"] > 0).all() or not (columns["duration_h"] >= 0).all():
        raise ValueError("Every lifetime must be positive and every duration non-negative.")
    inverse, first = _distinct_rows([column for column in columns.values() if column is not None])
    configurations = {
        name: (np.full(len(first), np.nan) if column is None else column[first]) for name, column in columns.items()
    }
    arrays = tables.composition_arrays(compositions)
    embedded, use = _compute_configurations(tables, arrays, **configurations)
    return FleetFootprint(tables, inverse, configurations, embedded, use)


def _distinct_rows(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """For rows made of the given columns: the distinct-row index of each row, and the first row of each.

    Each column is factorised (hash based, NaN is a value), then the codes are combined in one int64 key, which
    is factorised again whenever it could overflow.
    """
    key, cardinality = None, 1
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        codes = codes.astype(np.int64)
        if key is None:
            key, cardinality = codes, len(uniques)
            continue
        if cardinality * len(uniques) >= 2**62:
            key, compact = pd.factorize(key)
            cardinality = len(compact)
        key = key * len(uniques) + codes
        cardinality *= len(uniques)
    inverse, distinct = pd.factorize(key)
    inverse = inverse.astype(np.int64)
    first = np.empty(len(distinct), dtype=np.int64)
    # Written in reverse, the smallest row index of each configuration is the last write.
    first[inverse[::-1]] = np.arange(len(inverse) - 1, -1, -1)
    return inverse, first


@dataclass(frozen=True)
class FleetTotals:
    """Totals per group: values (G, criteria, 3) per phase, and how many devices have a figure.

    A device without a figure for a criterion (not implemented, or no data) is left out of that criterion's
    total and not counted in `devices_with_data`; a total with no device counted is NaN, never zero.
    """

    criteria: tuple[str, ...]
    units: tuple[str, ...]
    devices: np.ndarray  # (G,)
    values: dict[str, np.ndarray]  # phase -> (G, criteria, 3)
    devices_with_data: dict[str, np.ndarray]  # phase -> (G, criteria)

    def frame(self, phase: str = "total", bound: str = "value") -> pd.DataFrame:
        """One phase and bound as a DataFrame: a row per group, a column per criterion."""
        return pd.DataFrame(self.values[phase][:, :, BOUNDS.index(bound)], columns=list(self.criteria))


class FleetFootprint:
    """The result of compute_fleet: per-configuration impacts and the configuration of each device."""

    def __init__(self, tables, inverse, configurations, embedded, use):
        self.tables = tables
        self.inverse = inverse  # (N,) configuration of each device
        self.configurations = configurations  # column -> (U,) values
        self.embedded = embedded  # (U, C, 3)
        self.use = use  # (U, C, 3)
        self.counts = np.bincount(inverse, minlength=len(embedded))  # devices per configuration

    @property
    def devices(self) -> int:
        return len(self.inverse)

    @property
    def configuration_count(self) -> int:
        return len(self.embedded)

    def phase(self, phase: str) -> np.ndarray:
        """(U, C, 3) impacts of each configuration for "embedded", "use" or "total" (NaN if either is)."""
        if phase == "embedded":
            return self.embedded
        if phase == "use":
            return self.use
        if phase == "total":
            return self.embedded + self.use
        raise ValueError(f"Unknown phase {phase!r}; expected one of {PHASES}.")

    def per_device(self, criterion: str, phase: str = "total", bound: str = "value") -> np.ndarray:
        """(N,) impact of each device for one criterion, phase and bound."""
        column = self.phase(phase)[:, self.tables.criterion_index(criterion), BOUNDS.index(bound)]
        return column[self.inverse]

    def declared_gwp_used(self) -> np.ndarray:
        """(N,) whether a declared footprint replaced the embedded climate figure of each device."""
        declared = self.configurations["declared_gwp_kg"]
        used = ~np.isnan(declared) & ~np.isnan(self.embedded[:, self.tables.criterion_index("gwp"), VALUE])
        return used[self.inverse]

    def totals(
        self,
        by: np.ndarray | None = None,
        *,
        groups: int | None = None,
        criteria: Sequence[str] | None = None,
        phases: Sequence[str] = PHASES,
    ) -> FleetTotals:
        """Totals grouped by an integer key per device (0..G-1; None: one group for the whole fleet)."""
        codes = list(criteria or self.tables.criteria)
        selected = [self.tables.criterion_index(code) for code in codes]
        if by is None:
            by, groups = np.zeros(self.devices, dtype=np.int64), 1
        else:
            by = np.asarray(by, dtype=np.int64)
            if len(by) != self.devices:
                raise ValueError("`by` needs one key per device.")
            if len(by) and by.min() < 0:
                raise ValueError("Group keys must be non-negative.")
            groups = int(groups if groups is not None else (by.max() + 1 if len(by) else 0))
        devices = np.bincount(by, minlength=groups).astype(np.int64)
        summing = self._group_summer(by, groups)
        values, with_data = {}, {}
        for phase in phases:
            table = self.phase(phase)[:, selected, :]  # (U, c, 3)
            known = ~np.isnan(table[:, :, VALUE])  # a triple is all NaN or all known
            # explicit width: a fleet without devices has no configuration, and -1 cannot be inferred from 0 rows
            summed = summing(np.where(np.isnan(table), 0.0, table).reshape(len(table), len(selected) * 3))
            summed = summed.reshape(groups, len(selected), 3)
            counted = np.rint(summing(known.astype(np.float64))).astype(np.int64)
            summed[counted == 0] = np.nan
            values[phase], with_data[phase] = summed, counted
        units = tuple(self.tables.units[index] for index in selected)
        return FleetTotals(tuple(codes), units, devices, values, with_data)

    def _group_summer(self, by: np.ndarray, groups: int):
        """A function mapping per-configuration rows (U, k) to per-group sums (G, k), weighted by device counts.

        Dense when configurations x groups is small (a count matrix and one matrix product), else over the
        distinct (configuration, group) pairs, one column at a time: memory stays O(devices + pairs).
        """
        configurations = self.configuration_count
        size = configurations * groups
        pairs = self.inverse * groups + by
        if size <= max(4 * len(by), 1 << 22):
            counts = np.bincount(pairs, minlength=size).reshape(configurations, groups).astype(np.float64)
            return lambda rows: counts.T @ rows
        present, pair_count = np.unique(pairs, return_counts=True)
        pair_config, pair_group = present // groups, present % groups

        def summer(rows: np.ndarray) -> np.ndarray:
            out = np.empty((groups, rows.shape[1]))
            for column in range(rows.shape[1]):
                weights = rows[pair_config, column] * pair_count
                out[:, column] = np.bincount(pair_group, weights=weights, minlength=groups)
            return out

        return summer
