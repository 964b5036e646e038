"""Who may do what in an organisation. Each predicate states its rule; views, API and templates share them."""

from fairfleet.tenancy.models import ApiToken, Membership, Network, Role


def has_role(membership: Membership | None, *roles: str) -> bool:
    return membership is not None and membership.is_active and membership.role in roles


def lower_role(first: str, second: str) -> str:
    """The role holding only the rights both roles hold: an administrator may do all that any role may, a viewer
    only what every role may, and the specialist roles (fleet manager, buyer, reuse coordinator) each hold rights
    the others lack, so that two different ones meet at viewer."""
    if first == second or second == Role.ADMIN:
        return first
    if first == Role.ADMIN:
        return second
    return Role.VIEWER


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


def can_create_api_token(membership: Membership | None) -> bool:
    """Every active member makes their own keys, never someone else's, with at most their own role."""
    return has_role(membership, *Role.values)


def can_revoke_api_token(membership: Membership | None, token: ApiToken) -> bool:
    """A member revokes their own keys; administrators revoke any key of the organisation."""
    if not has_role(membership, *Role.values) or token.organisation_id != membership.organisation_id:
        return False
    return membership.role == Role.ADMIN or token.user_id == membership.user_id
