"""No way out of the organisation for a device that may hold data without an erasure record: the reuse app's
guard runs on every lifecycle step, whatever front door (page, API, bulk) asks for it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fairfleet.inventory.models import DeviceState
from fairfleet.inventory.services import (
    BulkTransitionRefused,
    TransitionRequest,
    device_bulk_transition,
    device_transition,
)
from fairfleet.reuse.models import ErasureMethod, ErasureResult
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.reuse.factories import ErasureRecordFactory

SOLD = TransitionRequest(to_state=DeviceState.SOLD, reference="INV-1")


def laptop(organisation, state=DeviceState.END_OF_USE):
    model = DeviceModelFactory(organisation=organisation, category=builtin_category("laptop"))
    return DeviceFactory(organisation=organisation, model=model, state=state)


def test_selling_a_laptop_without_erasure_is_refused_with_the_reason(organisation):
    device = laptop(organisation)
    with pytest.raises(ValidationError) as error:
        device_transition(actor=None, device=device, request=SOLD)
    assert error.value.code == "erasure_missing"
    assert "verified erasure" in error.value.messages[0]
    device.refresh_from_db()
    assert device.state == DeviceState.END_OF_USE


@pytest.mark.parametrize(
    ("method", "result", "allowed"),
    [
        (ErasureMethod.PURGE, ErasureResult.PASSED, True),
        (ErasureMethod.CLEAR, ErasureResult.PASSED, True),
        (ErasureMethod.DESTROY, ErasureResult.NOT_VERIFIED, True),
        (ErasureMethod.PURGE, ErasureResult.FAILED, False),
        (ErasureMethod.CLEAR, ErasureResult.NOT_VERIFIED, False),
    ],
)
def test_only_a_verified_erasure_or_a_destruction_lets_it_leave(organisation, method, result, allowed):
    device = laptop(organisation)
    ErasureRecordFactory(device=device, method=method, result=result)
    if allowed:
        device_transition(actor=None, device=device, request=SOLD)
        device.refresh_from_db()
        assert device.state == DeviceState.SOLD
    else:
        with pytest.raises(ValidationError):
            device_transition(actor=None, device=device, request=SOLD)


def test_a_monitor_holds_no_data_and_leaves_freely(organisation):
    model = DeviceModelFactory(organisation=organisation, category=builtin_category("monitor"), storage_gb=None)
    device = DeviceFactory(organisation=organisation, model=model, state=DeviceState.END_OF_USE)
    device_transition(actor=None, device=device, request=SOLD)


def test_moves_inside_the_organisation_need_no_erasure(organisation):
    device = laptop(organisation)
    device_transition(actor=None, device=device, request=TransitionRequest(to_state=DeviceState.IN_DONATION_LOT))
    device.refresh_from_db()
    assert device.state == DeviceState.IN_DONATION_LOT


def test_a_bulk_step_lists_every_device_refused_and_changes_none(organisation):
    erased, unerased = laptop(organisation), laptop(organisation)
    ErasureRecordFactory(device=erased)
    with pytest.raises(BulkTransitionRefused) as error:
        device_bulk_transition(
            actor=None, organisation=organisation, device_ids=[erased.pk, unerased.pk], request=SOLD
        )
    assert [(r.device.pk, r.code) for r in error.value.refusals] == [(unerased.pk, "erasure_missing")]
    erased.refresh_from_db()
    assert erased.state == DeviceState.END_OF_USE


def test_the_device_page_step_shows_the_refusal(organisation, org_admin_client):
    device = laptop(organisation)
    response = org_admin_client.post(
        reverse("inventory:device_transition", kwargs={"public_id": device.public_id}),
        {"to_state": DeviceState.SOLD, "reference": "INV-9"},
    )
    assert response.status_code in (200, 400)
    assert "verified erasure" in response.content.decode()
    device.refresh_from_db()
    assert device.state == DeviceState.END_OF_USE
