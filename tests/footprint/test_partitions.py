"""Incremental recomputation: a change recomputes only the services it touched, and the figures it gives are
those of a computation from scratch."""

import datetime
import math

import pytest

from fairfleet.footprint import services
from fairfleet.footprint.models import CategoryAssumption, FleetPartition, FleetSnapshot, SnapshotState
from fairfleet.footprint.services import category_assumption_save, fleet_snapshot_compute
from fairfleet.inventory.models import DeviceState
from fairfleet.inventory.services import (
    TransitionRequest,
    device_bulk_transition,
    device_create,
    device_model_update,
    device_transition,
    device_update,
)
from fairfleet.inventory.signals import fleet_changed
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import ServiceFactory, SiteFactory


@pytest.fixture
def fleet(organisation):
    """Three services and devices without a service, of four categories, two sites and several years."""
    sites = [SiteFactory(organisation=organisation, name=name) for name in ("Nord", "Sud")]
    units = [ServiceFactory(organisation=organisation, name=name) for name in ("Finances", "Écoles", "Voirie")]
    models = [
        DeviceModelFactory(organisation=organisation, category=builtin_category(code), name=code)
        for code in ("laptop", "desktop", "monitor", "printer")
    ]
    devices = []
    for index in range(24):
        devices.append(
            DeviceFactory(
                organisation=organisation,
                model=models[index % 4],
                service=units[index % 3] if index % 5 else None,
                site=sites[index % 2],
                acquisition_date=datetime.date(2018 + index % 7, 1, 10) if index % 6 else None,
                state=DeviceState.IN_USE,
            )
        )
    fleet_snapshot_compute(organisation=organisation)
    return {"services": units, "models": models, "devices": devices, "sites": sites}


def assert_same_figures(incremental: dict, scratch: dict, path="figures"):
    """Equal, floats to 1e-9 relative (sums taken in another order)."""
    if isinstance(scratch, dict):
        assert set(incremental) == set(scratch), path
        for key in scratch:
            if key != "last_pass":
                assert_same_figures(incremental[key], scratch[key], f"{path}.{key}")
    elif isinstance(scratch, list):
        assert len(incremental) == len(scratch), path
        for index, (mine, theirs) in enumerate(zip(incremental, scratch, strict=True)):
            assert_same_figures(mine, theirs, f"{path}[{index}]")
    elif isinstance(scratch, float):
        assert isinstance(incremental, float), path
        assert math.isclose(incremental, scratch, rel_tol=1e-9, abs_tol=1e-12), path
    else:
        assert incremental == scratch, path


def computed_from_scratch(organisation) -> dict:
    services.fleet_snapshot_request(organisation=organisation)
    return fleet_snapshot_compute(organisation=organisation).data


def snapshot_of(organisation) -> FleetSnapshot:
    return FleetSnapshot.objects.get(organisation=organisation)


def test_a_first_computation_is_a_full_pass_with_one_partition_per_service(organisation, fleet):
    data = snapshot_of(organisation).data
    assert data["last_pass"] == {"full": True, "services": 4, "devices": 24}
    keys = set(FleetPartition.objects.filter(organisation=organisation).values_list("service_key", flat=True))
    assert keys == {0, *(service.pk for service in fleet["services"])}
    assert data["devices"] == 24


def test_an_edit_recomputes_only_its_service(organisation, fleet):
    device = next(d for d in fleet["devices"] if d.service_id == fleet["services"][0].pk)
    other_partition = FleetPartition.objects.get(organisation=organisation, service_key=fleet["services"][1].pk)
    device_update(actor=None, device=device, data={"acquisition_date": datetime.date(2025, 6, 1)})
    row = snapshot_of(organisation)
    assert (row.state, row.full_recompute, row.dirty_services) == (SnapshotState.STALE, False, [device.service_id])
    data = fleet_snapshot_compute(organisation=organisation).data
    in_service = sum(1 for d in fleet["devices"] if d.service_id == device.service_id)
    assert data["last_pass"] == {"full": False, "services": 1, "devices": in_service}
    untouched = FleetPartition.objects.get(pk=other_partition.pk)
    assert untouched.computed_at == other_partition.computed_at
    assert_same_figures(data, computed_from_scratch(organisation))


def test_a_move_to_another_service_recomputes_both_and_empties_none(organisation, fleet):
    first, second = fleet["services"][0], fleet["services"][1]
    device = next(d for d in fleet["devices"] if d.service_id == first.pk)
    device_update(actor=None, device=device, data={"service": second})
    assert snapshot_of(organisation).dirty_services == sorted([first.pk, second.pk])
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["last_pass"]["services"] == 2
    assert_same_figures(data, computed_from_scratch(organisation))


def test_devices_without_a_service_are_their_own_partition(organisation, fleet):
    device = next(d for d in fleet["devices"] if d.service_id is None)
    device_transition(actor=None, device=device, request=TransitionRequest(to_state=DeviceState.LOST, reason="Gone"))
    assert snapshot_of(organisation).dirty_services == [0]
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["devices"] == 23
    assert_same_figures(data, computed_from_scratch(organisation))


def test_a_service_emptied_loses_its_partition(organisation, fleet):
    third = fleet["services"][2]
    for device in [d for d in fleet["devices"] if d.service_id == third.pk]:
        device_update(actor=None, device=device, data={"service": fleet["services"][0]})
    data = fleet_snapshot_compute(organisation=organisation).data
    assert not FleetPartition.objects.filter(organisation=organisation, service_key=third.pk).exists()
    assert third.pk not in [row["key"] for row in data["breakdowns"]["service"]]
    assert_same_figures(data, computed_from_scratch(organisation))


def test_new_devices_and_bulk_steps_are_partial(organisation, fleet):
    first = fleet["services"][0]
    device_create(actor=None, organisation=organisation, model=fleet["models"][0], service=first, serial_number="N1")
    retired = [d.pk for d in fleet["devices"] if d.service_id == fleet["services"][1].pk][:3]
    device_bulk_transition(
        actor=None, organisation=organisation, device_ids=retired, request=TransitionRequest(to_state="end_of_use")
    )
    recycled = retired[:2]
    device_bulk_transition(
        actor=None,
        organisation=organisation,
        device_ids=recycled,
        request=TransitionRequest(to_state=DeviceState.RECYCLED, reference="WEEE-1"),
    )
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["last_pass"]["full"] is False
    assert data["last_pass"]["services"] == 2
    assert_same_figures(data, computed_from_scratch(organisation))


def test_a_model_change_recomputes_the_services_of_its_devices(organisation, fleet):
    model = fleet["models"][2]  # monitors
    device_model_update(actor=None, device_model=model, data={"declared_footprint_kgco2e": 321})
    expected = sorted({d.service_id or 0 for d in fleet["devices"] if d.model_id == model.pk})
    assert snapshot_of(organisation).dirty_services == expected
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["declared_devices"] == sum(1 for d in fleet["devices"] if d.model_id == model.pk)
    assert_same_figures(data, computed_from_scratch(organisation))


def test_assumptions_and_unknown_changes_recompute_everything(organisation, fleet):
    category_assumption_save(
        actor=None, organisation=organisation, category=builtin_category("laptop"), data={"lifetime_years": 7}
    )
    assert snapshot_of(organisation).full_recompute is True
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["last_pass"] == {"full": True, "services": 4, "devices": 24}
    assert CategoryAssumption.objects.filter(organisation=organisation).exists()
    fleet_changed.send(sender=None, organisation=organisation)  # an import says nothing of the services
    assert snapshot_of(organisation).full_recompute is True


def test_too_many_services_make_one_full_pass(organisation, fleet, monkeypatch):
    monkeypatch.setattr(services, "PARTIAL_PASS_MAX_SERVICES", 1)
    first, second = fleet["services"][0], fleet["services"][1]
    device = next(d for d in fleet["devices"] if d.service_id == first.pk)
    device_update(actor=None, device=device, data={"service": second})
    row = snapshot_of(organisation)
    assert (row.full_recompute, row.dirty_services) == (True, [])


def test_partitions_of_another_factor_set_or_year_force_a_full_pass(organisation, fleet):
    device = next(d for d in fleet["devices"] if d.service_id)
    FleetPartition.objects.filter(organisation=organisation).update(trend_start=1999)
    device_update(actor=None, device=device, data={"notes": "checked"})
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["last_pass"]["full"] is True
    assert_same_figures(data, computed_from_scratch(organisation))


def test_a_change_during_a_computation_keeps_the_figures_stale(
    organisation, fleet, django_capture_on_commit_callbacks
):
    device = next(d for d in fleet["devices"] if d.service_id)
    services._take_pending_work(organisation)
    assert snapshot_of(organisation).state == SnapshotState.COMPUTING
    with django_capture_on_commit_callbacks(execute=False) as queued:
        device_update(actor=None, device=device, data={"notes": "moved while computing"})
    assert len(queued) == 1  # one more computation is queued
    assert snapshot_of(organisation).state == SnapshotState.STALE


def test_empty_fleet_gives_empty_figures(organisation):
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["devices"] == 0
    assert data["breakdowns"] == {"category": [], "service": [], "site": [], "year": []}
    assert all(triple == [None, None, None] for triple in data["per_year"]["total"])
    assert data["trend"] == []


def test_a_fleet_that_all_left_keeps_only_its_trend(organisation, fleet):
    ids = [device.pk for device in fleet["devices"]]
    device_bulk_transition(
        actor=None,
        organisation=organisation,
        device_ids=ids,
        request=TransitionRequest(to_state="lost", reason="Fire"),
    )
    data = fleet_snapshot_compute(organisation=organisation).data
    assert data["devices"] == 0
    assert data["breakdowns"]["service"] == []
    assert data["trend"][0]["devices"] > 0
    assert_same_figures(data, computed_from_scratch(organisation))


def test_the_overview_says_what_the_last_update_counted(organisation, fleet, org_admin_client):
    from django.urls import reverse

    page = org_admin_client.get(reverse("footprint:overview")).content.decode()
    assert "every device counted again (24 devices)" in page
    device = next(d for d in fleet["devices"] if d.service_id)
    device_update(actor=None, device=device, data={"notes": "x"})
    fleet_snapshot_compute(organisation=organisation)
    page = org_admin_client.get(reverse("footprint:overview")).content.decode()
    assert "only the service that changed was counted again" in page
