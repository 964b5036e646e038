"""Who may do what on the marketplace. Each predicate states its rule."""

from fairfleet.reuse.marketplace.models import Offer, Reservation
from fairfleet.tenancy.models import Membership, Role
from fairfleet.tenancy.perms import has_role

# Those who keep the fleet or run its reuse put items on offer and hand them over.
OFFER_ROLES = (Role.ADMIN, Role.FLEET_MANAGER, Role.REUSE_COORDINATOR)
# Those who equip the services may also ask for items and reserve them.
CLAIM_ROLES = (Role.ADMIN, Role.FLEET_MANAGER, Role.REUSE_COORDINATOR, Role.BUYER)


def can_view_marketplace(membership: Membership | None) -> bool:
    """Every active member can browse the offers their organisation can see, and its requests."""
    return has_role(membership, *Role.values)


def can_offer_devices(membership: Membership | None) -> bool:
    """Putting retired items on offer moves them in the lifecycle: administrators, fleet managers and reuse
    coordinators."""
    return has_role(membership, *OFFER_ROLES)


def can_withdraw_offer(membership: Membership | None, offer: Offer) -> bool:
    """Only the offering organisation's administrators, fleet managers and reuse coordinators withdraw its offers."""
    return has_role(membership, *OFFER_ROLES) and offer.organisation_id == membership.organisation_id


def can_request_devices(membership: Membership | None) -> bool:
    """Asking for items on behalf of a service: administrators, fleet managers, reuse coordinators and buyers."""
    return has_role(membership, *CLAIM_ROLES)


def can_reserve_offer(membership: Membership | None) -> bool:
    """Reserving an item for a service: administrators, fleet managers, reuse coordinators and buyers."""
    return has_role(membership, *CLAIM_ROLES)


def can_hand_over(membership: Membership | None, reservation: Reservation) -> bool:
    """The handover is done by the organisation that gives the item: its administrators, fleet managers and reuse
    coordinators."""
    return has_role(membership, *OFFER_ROLES) and reservation.organisation_id == membership.organisation_id


def can_cancel_reservation(membership: Membership | None, reservation: Reservation) -> bool:
    """The giving organisation's offer managers may cancel a reservation; the claimant organisation's members who
    may reserve may give it up."""
    if membership is None:
        return False
    if reservation.organisation_id == membership.organisation_id and has_role(membership, *OFFER_ROLES):
        return True
    return reservation.claimant_id == membership.organisation_id and has_role(membership, *CLAIM_ROLES)
