"""Who may do what with the fleet. Each predicate states its rule."""

from fairfleet.inventory.workflows import REUSE_STATES
from fairfleet.tenancy.models import Membership, Role
from fairfleet.tenancy.perms import has_role


def can_view_devices(membership: Membership | None) -> bool:
    """Every active member can read and export the inventory."""
    return has_role(membership, *Role.values)


def can_edit_device(membership: Membership | None) -> bool:
    """Administrators and fleet managers keep the inventory: create and edit devices."""
    return has_role(membership, Role.ADMIN, Role.FLEET_MANAGER)


def can_transition_device(membership: Membership | None, to_state: str) -> bool:
    """Fleet managers and administrators move devices through every state; reuse coordinators only
    through the reuse steps after the end of first use (offers, reservations, lots, sale, recycling)."""
    if has_role(membership, Role.ADMIN, Role.FLEET_MANAGER):
        return True
    return has_role(membership, Role.REUSE_COORDINATOR) and to_state in REUSE_STATES


def can_manage_catalogue(membership: Membership | None) -> bool:
    """The model catalogue is shared by those who buy and those who keep the fleet."""
    return has_role(membership, Role.ADMIN, Role.FLEET_MANAGER, Role.BUYER)


def can_manage_categories(membership: Membership | None) -> bool:
    """Adding the organisation's own categories changes every list and report: administrators only."""
    return has_role(membership, Role.ADMIN)


def can_import_devices(membership: Membership | None) -> bool:
    """An import writes the whole fleet at once: those who keep the inventory."""
    return has_role(membership, Role.ADMIN, Role.FLEET_MANAGER)
