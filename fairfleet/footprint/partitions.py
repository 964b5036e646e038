"""The fleet's figures kept in partitions, one per service, so that a change recomputes only what it touched.

A partition holds, for the devices of one service (key 0: devices without a service), the same figures the
overview shows for the whole fleet: totals per year and over the whole life, the breakdowns by category, site
and acquisition year, the trend and the count of declared figures used. Every figure is a sum over devices, so
the fleet's figures are the sums of its partitions. A change to a few devices (an edit, a lifecycle step, a move
to another service) marks the services involved; the next computation reads and recomputes only their devices.
Assumptions, factor sets and imports change everything and recompute every partition.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db.models import Q
from django.utils import timezone

from fairfleet.footprint import fleet
from fairfleet.footprint.engine import PHASES, FleetTotals
from fairfleet.footprint.factors import factor_tables
from fairfleet.footprint.models import FleetPartition, FootprintProfile
from fairfleet.inventory.models import Device
from fairfleet.tenancy.models import Organisation

TREND_YEARS = 6
# A breakdown inside each partition: name -> the frame column that keys it. The service breakdown is the
# partitions themselves.
INNER_BREAKDOWNS = {"category": "category_id", "site": "site_id", "year": "year"}
BREAKDOWNS = ("category", "service", "site", "year")
BLOCKS = ("per_year", "whole_life", *INNER_BREAKDOWNS)
TREND_ARRAYS = ("years", "devices", "gwp", "counted")


@dataclass
class Block:
    """Totals of some groups: their keys, device counts, values (groups x phases x criteria x [value, min,
    max], NaN where no device had data) and counts of devices with data (groups x phases x criteria)."""

    keys: np.ndarray
    devices: np.ndarray
    values: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, keys: np.ndarray, totals: FleetTotals, rows: np.ndarray | None = None) -> "Block":
        rows = np.arange(len(totals.devices)) if rows is None else rows
        return cls(
            keys=np.asarray(keys, dtype=np.int64)[rows],
            devices=totals.devices[rows].astype(np.int64),
            values=np.stack([totals.values[phase][rows] for phase in PHASES], axis=1),
            counts=np.stack([totals.devices_with_data[phase][rows] for phase in PHASES], axis=1).astype(np.int64),
        )

    @classmethod
    def empty(cls, criteria: int) -> "Block":
        return cls(
            keys=np.zeros(0, dtype=np.int64),
            devices=np.zeros(0, dtype=np.int64),
            values=np.zeros((0, len(PHASES), criteria, 3)),
            counts=np.zeros((0, len(PHASES), criteria), dtype=np.int64),
        )

    @classmethod
    def summed(cls, blocks: list["Block"], criteria: int) -> "Block":
        """The groups of several blocks, those with the same key added up: counts add; a criterion stays
        without data (NaN) only where no device of any of them had data."""
        blocks = [block for block in blocks if len(block.keys)]
        if not blocks:
            return cls.empty(criteria)
        keys = np.concatenate([block.keys for block in blocks])
        distinct, inverse = np.unique(keys, return_inverse=True)
        values = np.zeros((len(distinct), *blocks[0].values.shape[1:]))
        counts = np.zeros((len(distinct), *blocks[0].counts.shape[1:]), dtype=np.int64)
        np.add.at(values, inverse, np.nan_to_num(np.concatenate([block.values for block in blocks]), nan=0.0))
        np.add.at(counts, inverse, np.concatenate([block.counts for block in blocks]))
        values[counts == 0] = np.nan
        devices = np.bincount(inverse, weights=np.concatenate([b.devices for b in blocks]), minlength=len(distinct))
        return cls(keys=distinct, devices=devices.astype(np.int64), values=values, counts=counts)

    def rows(self) -> list[dict]:
        """One JSON row per group: key, devices, per phase a (criteria x 3) table (None: no data) and the
        count of devices with data."""
        return [
            {
                "key": int(self.keys[row]),
                "devices": int(self.devices[row]),
                **{phase: _clean(self.values[row, index]) for index, phase in enumerate(PHASES)},
                "with_data": {phase: self.counts[row, index].tolist() for index, phase in enumerate(PHASES)},
            }
            for row in range(len(self.keys))
        ]


def whole_group_row(totals: FleetTotals) -> dict:
    """The row of totals computed without grouping (one group: all the devices given)."""
    return Block.of(np.zeros(1, dtype=np.int64), totals).rows()[0]


def _clean(table: np.ndarray) -> list:
    """NaN (no data) as None, for JSON."""
    return np.where(np.isnan(table), None, table.astype(object)).tolist()


@dataclass(frozen=True)
class PassReport:
    """What one computation did, shown beside the figures."""

    full: bool
    services: int
    devices: int

    def as_json(self) -> dict:
        return {"full": self.full, "services": self.services, "devices": self.devices}


@dataclass
class Partition:
    """The figures of the devices of one service."""

    key: int
    blocks: dict[str, Block]
    trend: dict[str, np.ndarray]  # years, devices, gwp (NaN: no data), counted
    declared: int = 0

    @property
    def devices(self) -> int:
        return int(self.blocks["per_year"].devices.sum())

    # Stored as one float64 vector (integers are exact below 2**53): a header of sizes, then every array
    # flattened in a fixed order. Reading it back is slicing, thousands of partitions in milliseconds.
    def to_bytes(self) -> bytes:
        sample = self.blocks["per_year"]
        header = [self.declared, sample.values.shape[1], sample.values.shape[2], len(self.trend["years"])]
        header += [len(self.blocks[name].keys) for name in BLOCKS]
        parts = [np.array(header, dtype=np.float64)]
        for name in BLOCKS:
            block = self.blocks[name]
            parts += [block.keys, block.devices, block.values.ravel(), block.counts.ravel()]
        parts += [self.trend[name] for name in TREND_ARRAYS]
        return np.concatenate([np.asarray(part, dtype=np.float64).ravel() for part in parts]).tobytes()

    @classmethod
    def from_bytes(cls, key: int, data: bytes) -> "Partition":
        vector = np.frombuffer(bytes(data), dtype=np.float64)
        declared, phases, criteria, years = (int(x) for x in vector[:4])
        sizes = [int(x) for x in vector[4 : 4 + len(BLOCKS)]]
        position = 4 + len(BLOCKS)

        def take(count: int, shape: tuple = (), integer: bool = False) -> np.ndarray:
            nonlocal position
            chunk = vector[position : position + count * int(np.prod(shape, dtype=np.int64))]
            position += len(chunk)
            chunk = chunk.reshape((count, *shape))
            return chunk.astype(np.int64) if integer else chunk.copy()

        blocks = {}
        for name, rows in zip(BLOCKS, sizes, strict=True):
            blocks[name] = Block(
                keys=take(rows, integer=True),
                devices=take(rows, integer=True),
                values=take(rows, (phases, criteria, 3)),
                counts=take(rows, (phases, criteria), integer=True),
            )
        trend = {name: take(years, integer=name != "gwp") for name in TREND_ARRAYS}
        return cls(key=key, blocks=blocks, trend=trend, declared=declared)


def _device_frame(organisation: Organisation, service_keys: list[int] | None) -> pd.DataFrame:
    """Every device of the organisation (held or gone), or only those of the services given."""
    devices = None
    if service_keys is not None:
        ids = [key for key in service_keys if key]
        condition = Q(service_id__in=ids)
        if 0 in service_keys:
            condition |= Q(service__isnull=True)
        devices = Device.objects.filter(organisation=organisation).filter(condition)
    return fleet.fleet_frame(organisation, devices=devices, held_only=False)


def partition_figures(
    organisation: Organisation, everything: pd.DataFrame, profile: FootprintProfile
) -> dict[int, Partition]:
    """{service key: its partition} for the devices in `everything` (held and gone)."""
    criteria = len(factor_tables(profile.factor_set).criteria)
    all_keys = np.unique(everything["service_id"].to_numpy(dtype=np.int64))
    trends = _trends(organisation, everything, profile)
    empty = {name: Block.empty(criteria) for name in BLOCKS}
    partitions = {int(key): Partition(int(key), dict(empty), trends[int(key)]) for key in all_keys}
    held = everything["state"].isin(fleet.HELD_STATES).to_numpy()
    frame = everything[held].reset_index(drop=True)
    if not len(frame):  # only devices that left: their trend, nothing held
        return partitions
    per_year = fleet.compute(organisation, frame, profile=profile).footprint
    whole_life = fleet.compute(organisation, frame, per_year=False, profile=profile).footprint
    keys, service_index = np.unique(frame["service_id"].to_numpy(dtype=np.int64), return_inverse=True)
    groups = len(keys)
    yearly = Block.of(keys, per_year.totals(service_index, groups=groups))
    lifelong = Block.of(keys, whole_life.totals(service_index, groups=groups))
    declared = np.bincount(service_index, weights=per_year.declared_gwp_used(), minlength=groups)
    inner = {}
    for name, column in INNER_BREAKDOWNS.items():
        inner_keys, inner_index = np.unique(frame[column].to_numpy(dtype=np.int64), return_inverse=True)
        width = len(inner_keys)
        totals = per_year.totals(service_index * width + inner_index, groups=groups * width)
        present = np.flatnonzero(totals.devices)
        inner[name] = (Block.of(np.tile(inner_keys, groups), totals, present), present // width)
    for index, key in enumerate(keys):
        partition = partitions[int(key)]
        partition.declared = int(declared[index])
        one = np.array([index])
        partition.blocks["per_year"] = Block(yearly.keys[one], yearly.devices[one], yearly.values[one],
                                             yearly.counts[one])  # fmt: skip
        partition.blocks["whole_life"] = Block(lifelong.keys[one], lifelong.devices[one], lifelong.values[one],
                                               lifelong.counts[one])  # fmt: skip
        for name, (block, owner) in inner.items():
            mine = owner == index
            partition.blocks[name] = Block(block.keys[mine], block.devices[mine], block.values[mine],
                                           block.counts[mine])  # fmt: skip
    return partitions


def _trends(organisation: Organisation, everything: pd.DataFrame, profile: FootprintProfile) -> dict[int, dict]:
    """Per service, the climate figure per year of the devices held that year: acquired before its end, and not
    yet gone (sold, recycled, handed over or lost) at its start. No acquisition date: counted from always."""
    years = np.array(fleet.years_back(TREND_YEARS), dtype=np.int64)
    keys, service_index = np.unique(everything["service_id"].to_numpy(dtype=np.int64), return_inverse=True)
    devices = np.zeros((len(keys), len(years)), dtype=np.int64)
    counted = np.zeros((len(keys), len(years)), dtype=np.int64)
    sums = np.zeros((len(keys), len(years)))
    if len(everything):
        gwp = fleet.compute(organisation, everything, profile=profile).footprint.per_device("gwp", "total")
        acquired = everything["year"].to_numpy()
        gone = everything["state"].isin(fleet.GONE_STATES).to_numpy()
        left = np.array([changed.year if changed is not None else 0 for changed in everything["state_changed"]])
        left = np.where(gone & (left > 0), left, 10_000)
        known = ~np.isnan(gwp)
        for column, year in enumerate(years):
            held = ((acquired == 0) | (acquired <= year)) & (left >= year)
            with_gwp = held & known
            devices[:, column] = np.bincount(service_index[held], minlength=len(keys))
            counted[:, column] = np.bincount(service_index[with_gwp], minlength=len(keys))
            sums[:, column] = np.bincount(service_index[with_gwp], weights=gwp[with_gwp], minlength=len(keys))
    sums[counted == 0] = np.nan
    return {
        int(key): {"years": years, "devices": devices[index], "gwp": sums[index], "counted": counted[index]}
        for index, key in enumerate(keys)
    }


def partitions_refresh(
    *, organisation: Organisation, profile: FootprintProfile, service_keys: list[int] | None
) -> PassReport:
    """Recompute the partitions of the services given (None: all of them), replacing their rows; a service left
    without devices loses its partition."""
    everything = _device_frame(organisation, service_keys)
    figures = partition_figures(organisation, everything, profile)
    existing = FleetPartition.objects.filter(organisation=organisation)
    if service_keys is not None:
        existing = existing.filter(service_key__in=service_keys)
    existing.delete()
    now = timezone.now()
    FleetPartition.objects.bulk_create(
        [
            FleetPartition(
                organisation=organisation,
                service_key=key,
                factor_set=profile.factor_set,
                devices=partition.devices,
                computed_at=now,
                trend_start=int(partition.trend["years"][0]),
                arrays=partition.to_bytes(),
            )
            for key, partition in figures.items()
        ],
        batch_size=200,
    )
    touched = len(figures) if service_keys is None else len(set(service_keys))
    return PassReport(full=service_keys is None, services=touched, devices=len(everything))


def partitions_need_full_pass(organisation: Organisation, profile: FootprintProfile) -> bool:
    """Partitions computed with another factor set, or whose trend starts in another year (a new year began),
    cannot be added to fresh ones."""
    rows = FleetPartition.objects.filter(organisation=organisation)
    if not rows.exists():
        return True
    first_year = fleet.years_back(TREND_YEARS)[0]
    return rows.exclude(factor_set=profile.factor_set).exists() or rows.exclude(trend_start=first_year).exists()


def fleet_figures(organisation: Organisation, profile: FootprintProfile, report: PassReport) -> dict:
    """The overview's figures: the sums of the organisation's partitions."""
    tables = factor_tables(profile.factor_set)
    criteria = len(tables.criteria)
    rows = FleetPartition.objects.filter(organisation=organisation).order_by("service_key")
    partitions = [Partition.from_bytes(key, data) for key, data in rows.values_list("service_key", "arrays")]
    populated = [partition for partition in partitions if partition.devices]
    summed = {name: Block.summed([p.blocks[name] for p in populated], criteria) for name in INNER_BREAKDOWNS}
    service_rows = Block.summed([p.blocks["per_year"] for p in populated], criteria)
    fleet_rows = {
        name: Block.summed([_as_one_group(p.blocks[name]) for p in populated], criteria).rows()
        for name in ("per_year", "whole_life")
    }
    rules = fleet.category_rules(organisation, tables)
    return {
        "factor_set": profile.factor_set.code,
        "country": profile.country,
        "criteria": list(tables.criteria),
        "units": list(tables.units),
        "devices": sum(p.devices for p in populated),
        "per_year": fleet_rows["per_year"][0] if populated else _no_data_row(criteria),
        "whole_life": fleet_rows["whole_life"][0] if populated else _no_data_row(criteria),
        "rules": {
            str(rule.category_id): {
                "quality": rule.quality,
                "lifetime_years": rule.lifetime_years,
                "hours_per_day": rule.hours_per_day,
                "custom_source": rule.custom_source,
            }
            for rule in rules.values()
        },
        "breakdowns": {
            "category": summed["category"].rows(),
            "service": service_rows.rows(),
            "site": summed["site"].rows(),
            "year": summed["year"].rows(),
        },
        "trend": _summed_trend(partitions),
        "declared_devices": sum(p.declared for p in populated),
        "last_pass": report.as_json(),
    }


def _as_one_group(block: Block) -> Block:
    return Block(np.zeros(len(block.keys), dtype=np.int64), block.devices, block.values, block.counts)


def _no_data_row(criteria: int) -> dict:
    empty = [[None, None, None] for _criterion in range(criteria)]
    zeros = [0] * criteria
    return {"key": 0, "devices": 0, **dict.fromkeys(PHASES, empty), "with_data": dict.fromkeys(PHASES, zeros)}


def _summed_trend(partitions: list[Partition]) -> list[dict]:
    if not partitions:
        return []
    years = partitions[0].trend["years"]
    devices = np.sum([p.trend["devices"] for p in partitions], axis=0)
    counted = np.sum([p.trend["counted"] for p in partitions], axis=0)
    gwp = np.nansum([p.trend["gwp"] for p in partitions], axis=0)
    return [
        {"year": int(year), "devices": int(devices[i]), "gwp": float(gwp[i]) if counted[i] else None}
        for i, year in enumerate(years)
    ]
