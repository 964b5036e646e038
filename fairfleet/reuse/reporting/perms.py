"""Who may read the reuse reports. Each predicate states its rule."""

from fairfleet.tenancy.models import Membership, Network, Role
from fairfleet.tenancy.perms import has_role


def can_view_reuse_reports(membership: Membership | None) -> bool:
    """Every active member reads its organisation's reuse ratio and exports it."""
    return has_role(membership, *Role.values)


def can_view_network_dashboard(membership: Membership | None, network: Network | None = None) -> bool:
    """A platform's dashboard is read by the administrators and reuse coordinators of its coordinator
    organisation (aggregates only)."""
    if not has_role(membership, Role.ADMIN, Role.REUSE_COORDINATOR):
        return False
    return network is None or network.coordinator_id == membership.organisation_id
