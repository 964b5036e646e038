"""Who may do what with footprint figures. Each predicate states its rule."""

from fairfleet.tenancy.models import Membership, Role
from fairfleet.tenancy.perms import has_role


def can_view_footprint(membership: Membership | None) -> bool:
    """Every active member reads the figures, the method and the scenarios."""
    return has_role(membership, *Role.values)


def can_manage_assumptions(membership: Membership | None) -> bool:
    """Lifetimes, hours of use, the country and own figures change every report: those who keep the fleet."""
    return has_role(membership, Role.ADMIN, Role.FLEET_MANAGER)


def can_manage_scenarios(membership: Membership | None) -> bool:
    """Scenarios prepare decisions on renewals and purchases: fleet managers, buyers and administrators."""
    return has_role(membership, Role.ADMIN, Role.FLEET_MANAGER, Role.BUYER)
