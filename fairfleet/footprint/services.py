"""Writes of the footprint app: the fleet snapshot the pages read, and the organisation's assumptions."""

import time
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from fairfleet.footprint import fleet
from fairfleet.footprint.engine import PHASES
from fairfleet.footprint.models import CategoryAssumption, FleetSnapshot, FootprintProfile, SnapshotState
from fairfleet.tenancy.audit import audit_record, model_update, snapshot
from fairfleet.tenancy.models import Organisation, User

BREAKDOWNS = ("category", "service", "site", "year")
TREND_YEARS = 6


def _groups(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys and the group index of each device."""
    keys, inverse = np.unique(codes, return_inverse=True)
    return keys, inverse


def whole_group_row(totals) -> dict:
    """The row of totals computed without grouping (one group: all the devices given)."""
    return _rows(np.zeros(1, dtype=np.int64), totals)[0]


def _rows(keys: np.ndarray, totals) -> list[dict]:
    """One JSON row per group: its key, device count, and per phase a (criteria x 3) table plus data counts."""
    rows = []
    for index, key in enumerate(keys):
        rows.append(
            {
                "key": int(key),
                "devices": int(totals.devices[index]),
                **{phase: _clean(totals.values[phase][index]) for phase in PHASES},
                "with_data": {phase: totals.devices_with_data[phase][index].tolist() for phase in PHASES},
            }
        )
    return rows


def _clean(table: np.ndarray) -> list:
    """NaN (no data) as None, for JSON."""
    return [[None if np.isnan(x) else float(x) for x in triple] for triple in table]


def fleet_figures(organisation: Organisation, profile: FootprintProfile) -> dict[str, Any]:
    """Every figure of the overview: totals per year and over the whole life, the breakdowns, the trend."""
    everything = fleet.fleet_frame(organisation, held_only=False)
    held = everything["state"].isin(fleet.HELD_STATES).to_numpy()
    frame = everything[held].reset_index(drop=True)
    per_year = fleet.compute(organisation, frame, profile=profile)
    whole_life = fleet.compute(organisation, frame, per_year=False, profile=profile)
    footprint = per_year.footprint
    figures = {
        "factor_set": profile.factor_set.code,
        "country": profile.country,
        "criteria": list(per_year.tables.criteria),
        "units": list(per_year.tables.units),
        "devices": len(frame),
        "per_year": whole_group_row(footprint.totals()),
        "whole_life": whole_group_row(whole_life.footprint.totals()),
        "rules": {
            str(rule.category_id): {
                "quality": rule.quality,
                "lifetime_years": rule.lifetime_years,
                "hours_per_day": rule.hours_per_day,
                "custom_source": rule.custom_source,
            }
            for rule in per_year.rules
        },
        "breakdowns": {},
        "trend": _trend(organisation, everything, profile),
        "declared_devices": int(footprint.declared_gwp_used().sum()),
    }
    columns = {"category": "category_id", "service": "service_id", "site": "site_id", "year": "year"}
    for name in BREAKDOWNS:
        keys, inverse = _groups(frame[columns[name]].to_numpy(dtype=np.int64))
        figures["breakdowns"][name] = _rows(keys, footprint.totals(inverse, groups=len(keys)))
    return figures


def _trend(organisation: Organisation, everything, profile: FootprintProfile) -> list[dict]:
    """The climate figure per year of the devices held that year: acquired before its end, and not yet gone
    (sold, recycled, handed over or lost) at its start. Devices without an acquisition date count from always."""
    if not len(everything):
        return []
    result = fleet.compute(organisation, everything, profile=profile)
    gwp = result.footprint.per_device("gwp", "total")
    acquired = everything["year"].to_numpy()
    gone = everything["state"].isin(fleet.GONE_STATES).to_numpy()
    left = np.array([changed.year if changed is not None else 0 for changed in everything["state_changed"]])
    left = np.where(gone & (left > 0), left, 10_000)
    trend = []
    for year in fleet.years_back(TREND_YEARS):
        held = ((acquired == 0) | (acquired <= year)) & (left >= year)
        known = held & ~np.isnan(gwp)
        trend.append(
            {
                "year": year,
                "devices": int(held.sum()),
                "gwp": float(gwp[known].sum()) if known.any() else None,
            }
        )
    return trend


def _queue_computation(organisation: Organisation) -> None:
    from fairfleet.footprint.tasks import fleet_snapshot_task

    transaction.on_commit(lambda: fleet_snapshot_task.enqueue(organisation.pk))


def _mark_stale(organisation: Organisation) -> None:
    """Figures already computed become out of date; their computation is queued once, however many changes come
    before the worker starts (a change during a computation queues one more)."""
    marked = FleetSnapshot.objects.filter(organisation=organisation).exclude(state=SnapshotState.STALE)
    if marked.update(state=SnapshotState.STALE, requested_at=timezone.now()):
        _queue_computation(organisation)


def fleet_snapshot_request(*, organisation: Organisation) -> FleetSnapshot:
    """Ask for the organisation's figures to be computed (again), creating their row on first use."""
    row, created = FleetSnapshot.objects.get_or_create(organisation=organisation)
    if created:  # a new row starts stale
        _queue_computation(organisation)
    else:
        _mark_stale(organisation)
    row.refresh_from_db()
    return row


def fleet_changed_receiver(sender, organisation: Organisation, **kwargs) -> None:
    """The inventory changed: figures already computed become out of date (one UPDATE when nothing is shown
    yet; the overview asks for a first computation when it is opened)."""
    _mark_stale(organisation)


def fleet_snapshot_compute(*, organisation: Organisation) -> FleetSnapshot:
    snapshot_row, _created = FleetSnapshot.objects.get_or_create(organisation=organisation)
    FleetSnapshot.objects.filter(pk=snapshot_row.pk).update(state=SnapshotState.COMPUTING)
    started = time.perf_counter()
    profile = fleet.profile_of(organisation)
    try:
        figures = fleet_figures(organisation, profile)
    except Exception as exc:
        FleetSnapshot.objects.filter(pk=snapshot_row.pk).update(state=SnapshotState.FAILED, failure=repr(exc)[:2000])
        raise
    FleetSnapshot.objects.filter(pk=snapshot_row.pk).update(
        state=SnapshotState.FRESH,
        factor_set=profile.factor_set,
        computed_at=timezone.now(),
        seconds=time.perf_counter() - started,
        data=figures,
        failure="",
    )
    snapshot_row.refresh_from_db()
    return snapshot_row


@transaction.atomic
def footprint_profile_update(*, actor: User, profile: FootprintProfile, data: dict[str, Any]) -> FootprintProfile:
    model_update(instance=profile, data=data, actor=actor, organisation=profile.organisation)
    fleet_snapshot_request(organisation=profile.organisation)
    return profile


@transaction.atomic
def category_assumption_save(
    *, actor: User, organisation: Organisation, category, data: dict[str, Any]
) -> CategoryAssumption:
    """Create or change the assumptions of one category; empty values go back to the reference."""
    assumption = CategoryAssumption.objects.filter(organisation=organisation, category=category).first()
    if assumption is None:
        assumption = CategoryAssumption.objects.create(organisation=organisation, category=category, **data)
        audit_record(organisation=organisation, actor=actor, action="create", instance=assumption,
                     after=snapshot(assumption, list(data)))  # fmt: skip
    else:
        model_update(instance=assumption, data=data, actor=actor, organisation=organisation)
    fleet_snapshot_request(organisation=organisation)
    return assumption
