"""Who may do what in an organisation. Each predicate states its rule; views, API and templates share them."""

from fairfleet.tenancy.models import Membership, Network, Role


def has_role(membership: Membership | None, *roles: str) -> bool:
    return membership is not None and membership.is_active and membership.role in roles


def can_view_organisation(membership: Membership | None) -> bool:
    """Every active member, whatever the role, can read the organisation's data."""
    return has_role(membership, *Role.values)


def can_manage_organisation(membership: Membership | None) -> bool:
    """Only administrators change the organisation's identity, members and roles, and read the audit log."""
    return has_role(membership, Role.ADMIN)


def can_manage_structure(membership: Membership | None) -> bool:
    """Services, sites and storage rooms shape the whole organisation: administrators and fleet managers."""
    return has_role(membership, Role.ADMIN, Role.FLEET_MANAGER)


def can_manage_people(membership: Membership | None) -> bool:
    """The staff register (device holders) is kept by administrators and fleet managers."""
    return has_role(membership, Role.ADMIN, Role.FLEET_MANAGER)


def can_manage_network(membership: Membership | None, network: Network) -> bool:
    """A network is run by the administrators of its coordinator organisation."""
    return has_role(membership, Role.ADMIN) and network.coordinator_id == membership.organisation_id


def can_create_network(membership: Membership | None) -> bool:
    """Any organisation's administrator can start a network and becomes its coordinator."""
    return has_role(membership, Role.ADMIN)


def can_answer_network_invitation(membership: Membership | None) -> bool:
    """Joining or leaving a network commits the organisation: administrators only."""
    return has_role(membership, Role.ADMIN)
