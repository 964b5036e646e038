"""Who may do what with retired devices. Each predicate states its rule; views, commands and templates share them."""

from fairfleet.tenancy.models import Membership, Role
from fairfleet.tenancy.perms import has_role

ACTING_ROLES = (Role.ADMIN, Role.FLEET_MANAGER, Role.REUSE_COORDINATOR)


def can_view_reuse(membership: Membership | None) -> bool:
    """Every active member reads the triage queue, assessments, erasure records, campaigns and storage."""
    return has_role(membership, *Role.values)


def can_assess_device(membership: Membership | None) -> bool:
    """Reuse coordinators, fleet managers and administrators triage retired devices."""
    return has_role(membership, *ACTING_ROLES)


def can_record_erasure(membership: Membership | None) -> bool:
    """The proof of data erasure is entered or imported by reuse coordinators, fleet managers and administrators."""
    return has_role(membership, *ACTING_ROLES)


def can_manage_route_policy(membership: Membership | None) -> bool:
    """The route rules steer every suggestion: reuse coordinators and administrators set them."""
    return has_role(membership, Role.ADMIN, Role.REUSE_COORDINATOR)


def can_manage_campaigns(membership: Membership | None) -> bool:
    """Collection campaigns are planned by reuse coordinators, fleet managers and administrators."""
    return has_role(membership, *ACTING_ROLES)
