"""Writes of the footprint app: the fleet snapshot the pages read, and the organisation's assumptions."""

import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from fairfleet.footprint import fleet, partitions
from fairfleet.footprint.models import CategoryAssumption, FleetSnapshot, FootprintProfile, SnapshotState
from fairfleet.tenancy.audit import audit_record, model_update, snapshot
from fairfleet.tenancy.models import Organisation, User


def _queue_computation(organisation: Organisation) -> None:
    from fairfleet.footprint.tasks import fleet_snapshot_task

    transaction.on_commit(lambda: fleet_snapshot_task.enqueue(organisation.pk))


# Beyond this many services touched since the last computation, one pass over every device is as quick.
PARTIAL_PASS_MAX_SERVICES = 200


@transaction.atomic
def _mark_stale(organisation: Organisation, *, services=None) -> None:
    """Figures already computed become out of date: the services given (ids, None for devices without a service)
    are recomputed next time, or everything when `services` is None. The computation is queued once, however
    many changes come before the worker starts (a change during a computation queues one more)."""
    row = FleetSnapshot.objects.select_for_update().filter(organisation=organisation).first()
    if row is None:  # nothing computed yet: the overview asks for a first, full computation when opened
        return
    full = row.full_recompute or services is None
    dirty = set() if full else set(row.dirty_services) | {int(service or 0) for service in services}
    if len(dirty) > PARTIAL_PASS_MAX_SERVICES:
        full, dirty = True, set()
    FleetSnapshot.objects.filter(pk=row.pk).update(
        state=SnapshotState.STALE, requested_at=timezone.now(), full_recompute=full, dirty_services=sorted(dirty)
    )
    if row.state != SnapshotState.STALE:
        _queue_computation(organisation)


def fleet_snapshot_request(*, organisation: Organisation) -> FleetSnapshot:
    """Ask for the organisation's figures to be computed again from scratch, creating their row on first use."""
    row, created = FleetSnapshot.objects.get_or_create(organisation=organisation)
    if created:  # a new row starts stale, with a full computation to do
        _queue_computation(organisation)
    else:
        _mark_stale(organisation)
    row.refresh_from_db()
    return row


def fleet_changed_receiver(sender, organisation: Organisation, services=None, **kwargs) -> None:
    """The inventory changed: the figures of the services it names (all when it does not say) become stale."""
    _mark_stale(organisation, services=services)


def _take_pending_work(organisation: Organisation) -> tuple[FleetSnapshot, list[int] | None]:
    """Claim what is to recompute (None: everything) and show the figures as being computed."""
    with transaction.atomic():
        row, _created = FleetSnapshot.objects.select_for_update().get_or_create(organisation=organisation)
        services = None if row.full_recompute else list(row.dirty_services)
        FleetSnapshot.objects.filter(pk=row.pk).update(
            state=SnapshotState.COMPUTING, full_recompute=False, dirty_services=[]
        )
    return row, services


def fleet_snapshot_compute(*, organisation: Organisation) -> FleetSnapshot:
    """Recompute the partitions that changed (all of them when needed) and sum them into the overview's figures."""
    snapshot_row, services = _take_pending_work(organisation)
    started = time.perf_counter()
    profile = fleet.profile_of(organisation)
    try:
        with transaction.atomic():
            if services is not None and partitions.partitions_need_full_pass(organisation, profile):
                services = None
            report = partitions.partitions_refresh(organisation=organisation, profile=profile, service_keys=services)
            figures = partitions.fleet_figures(organisation, profile, report)
    except Exception as exc:
        FleetSnapshot.objects.filter(pk=snapshot_row.pk).update(
            state=SnapshotState.FAILED, failure=repr(exc)[:2000], full_recompute=True
        )
        raise
    rows = FleetSnapshot.objects.filter(pk=snapshot_row.pk)
    rows.update(
        factor_set=profile.factor_set,
        computed_at=timezone.now(),
        seconds=time.perf_counter() - started,
        data=figures,
        failure="",
    )
    # A change that came during the computation left the row stale, with its computation queued: keep it so.
    rows.filter(state=SnapshotState.COMPUTING).update(state=SnapshotState.FRESH)
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
