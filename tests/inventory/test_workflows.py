"""Every lifecycle transition, allowed and refused, through the service on the real database."""

import pytest
from django.core.exceptions import ValidationError

from fairfleet.inventory import services
from fairfleet.inventory.models import DeviceState, DeviceTransition
from fairfleet.inventory.workflows import REASON_REQUIRED, REFERENCE_REQUIRED, TRANSITIONS
from fairfleet.reuse.workflows import LEAVING_STATES
from fairfleet.tenancy.models import AuditEntry
from tests.inventory.factories import DeviceFactory
from tests.reuse.factories import ErasureRecordFactory

ALL_PAIRS = [(a, b) for a in DeviceState.values for b in DeviceState.values]
ALLOWED = [(a, b) for a, b in ALL_PAIRS if b in TRANSITIONS[a]]
REFUSED = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[a]]


def _request(to_state):
    return services.TransitionRequest(to_state=to_state, reason="Checked by the service desk", reference="REF-1")


def test_every_state_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(DeviceState.values)
    for targets in TRANSITIONS.values():
        assert targets <= set(DeviceState.values)


@pytest.mark.parametrize(("from_state", "to_state"), ALLOWED)
def test_allowed_transition_changes_state_and_is_logged(from_state, to_state):
    device = DeviceFactory(state=from_state)
    if to_state in LEAVING_STATES:  # the reuse app's guard: a device that may hold data leaves erased
        ErasureRecordFactory(device=device)
    services.device_transition(actor=None, device=device, request=_request(to_state))
    device.refresh_from_db()
    assert device.state == to_state
    step = DeviceTransition.objects.get(device=device)
    assert (step.from_state, step.to_state, step.reason) == (from_state, to_state, "Checked by the service desk")
    assert AuditEntry.objects.filter(action="transition", object_id=str(device.public_id)).count() == 1


@pytest.mark.parametrize(("from_state", "to_state"), REFUSED)
def test_refused_transition_says_why_and_changes_nothing(from_state, to_state):
    device = DeviceFactory(state=from_state)
    with pytest.raises(ValidationError) as error:
        services.device_transition(actor=None, device=device, request=_request(to_state))
    assert error.value.code == "not_allowed"
    assert "cannot become" in error.value.messages[0]
    device.refresh_from_db()
    assert device.state == from_state
    assert not DeviceTransition.objects.filter(device=device).exists()


@pytest.mark.parametrize("to_state", sorted(REASON_REQUIRED))
def test_steps_that_need_a_reason_refuse_without_one(to_state):
    from_state = next(a for a, b in ALLOWED if b == to_state)
    device = DeviceFactory(state=from_state)
    with pytest.raises(ValidationError) as error:
        services.device_transition(
            actor=None, device=device, request=services.TransitionRequest(to_state=to_state, reference="R")
        )
    assert error.value.code == "reason_required"


@pytest.mark.parametrize("to_state", sorted(REFERENCE_REQUIRED))
def test_steps_that_need_a_reference_refuse_without_one(to_state):
    from_state = next(a for a, b in ALLOWED if b == to_state)
    device = DeviceFactory(state=from_state)
    with pytest.raises(ValidationError) as error:
        services.device_transition(
            actor=None, device=device, request=services.TransitionRequest(to_state=to_state, reason="r")
        )
    assert error.value.code == "reference_required"


def test_unknown_state_is_refused():
    device = DeviceFactory(state=DeviceState.IN_USE)
    with pytest.raises(ValidationError) as error:
        services.device_transition(actor=None, device=device, request=_request("teleported"))
    assert error.value.code == "unknown_state"
