"""The role x action matrix of the inventory, on the predicates and through the pages."""

import pytest
from django.urls import reverse

from fairfleet.inventory import perms
from fairfleet.inventory.models import DeviceState
from fairfleet.tenancy.models import Role
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.tenancy.factories import MembershipFactory

ROLES = Role.values
MATRIX = {
    # action: roles allowed
    "view": set(ROLES),
    "edit": {"admin", "fleet_manager"},
    "catalogue": {"admin", "fleet_manager", "buyer"},
    "categories": {"admin"},
    "transition_in_use": {"admin", "fleet_manager"},
    "transition_recycled": {"admin", "fleet_manager", "reuse_coordinator"},
}


def _allowed(action, membership):
    return {
        "view": lambda: perms.can_view_devices(membership),
        "edit": lambda: perms.can_edit_device(membership),
        "catalogue": lambda: perms.can_manage_catalogue(membership),
        "categories": lambda: perms.can_manage_categories(membership),
        "transition_in_use": lambda: perms.can_transition_device(membership, DeviceState.IN_USE),
        "transition_recycled": lambda: perms.can_transition_device(membership, DeviceState.RECYCLED),
    }[action]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_predicate_matrix(role, action, organisation):
    membership = MembershipFactory(organisation=organisation, role=role)
    assert _allowed(action, membership) == (role in MATRIX[action])


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_inactive_or_missing_membership_can_do_nothing(action, organisation):
    assert not _allowed(action, MembershipFactory(organisation=organisation, is_active=False))
    assert not _allowed(action, None)


@pytest.mark.parametrize("role", ROLES)
def test_pages_follow_the_matrix(role, organisation):
    client = member_client(organisation, role)
    device = DeviceFactory(organisation=organisation, state=DeviceState.IN_USE)
    model = DeviceModelFactory(organisation=organisation)
    pages = {
        "view": [
            reverse("inventory:home"),
            reverse("inventory:device_list"),
            reverse("inventory:device_detail", args=[device.public_id]),
            reverse("inventory:model_list"),
            reverse("inventory:device_export_csv"),
        ],
        "edit": [reverse("inventory:device_create"), reverse("inventory:device_edit", args=[device.public_id])],
        "catalogue": [reverse("inventory:model_create"), reverse("inventory:model_edit", args=[model.public_id])],
    }
    for action, urls in pages.items():
        for url in urls:
            expected = 200 if role in MATRIX[action] else 403
            assert client.get(url).status_code == expected, (role, url)
    response = client.post(reverse("inventory:device_transition", args=[device.public_id]), {"to_state": "in_repair"})
    assert response.status_code == (302 if role in MATRIX["transition_in_use"] else 403)
    response = client.post(reverse("inventory:category_create"), {"name": "Chairs"})
    assert response.status_code == (302 if role in MATRIX["categories"] else 403)


@pytest.mark.parametrize("role", ROLES)
def test_bulk_step_follows_the_matrix(role, organisation):
    client = member_client(organisation, role)
    device = DeviceFactory(organisation=organisation, state=DeviceState.IN_USE)
    response = client.post(
        reverse("inventory:device_bulk"),
        {"to_state": "in_repair", "scope": "selected", "selection": str(device.public_id), "confirm": "1"},
    )
    assert response.status_code == (302 if role in MATRIX["transition_in_use"] else 403)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("inventory:device_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
