"""Who may do what with the census, donation lots, offers and the chain of custody.

A donor sees only its own lots; a partner only the lots offered to it while the offer is pending, and
those it accepted; the coordinator of a reuse
platform only the listings of partners of its network (and, like everyone, validated listings).
"""

from fairfleet.reuse.donations.models import (
    DonationLot,
    DonationOffer,
    ListingState,
    LotState,
    OfferState,
    PartnerListing,
)
from fairfleet.tenancy.models import Membership, NetworkKind, OrganisationKind, Role
from fairfleet.tenancy.perms import has_role

LOT_ROLES = (Role.ADMIN, Role.FLEET_MANAGER, Role.REUSE_COORDINATOR)
PARTNER_ROLES = (Role.ADMIN, Role.REUSE_COORDINATOR)


def is_partner(membership: Membership | None) -> bool:
    return membership is not None and membership.organisation.kind == OrganisationKind.REUSE_PARTNER


def can_view_donations(membership: Membership | None) -> bool:
    """Every active member reads the donations home page of their organisation."""
    return has_role(membership, *Role.values)


def can_manage_lots(membership: Membership | None) -> bool:
    """Administrators, fleet managers and reuse coordinators of a donor make lots and offer them."""
    return has_role(membership, *LOT_ROLES)


def can_view_lot(membership: Membership | None, lot: DonationLot) -> bool:
    """The donor's members, the accepting partner's members, and the members of a partner whose offer
    still awaits its answer. A partner that declined, was withdrawn or lost the lot no longer sees it."""
    if not has_role(membership, *Role.values):
        return False
    if can_view_lot_chain(membership, lot):
        return True
    return lot.offers.filter(partner_id=membership.organisation_id, state=OfferState.PENDING).exists()


def can_view_lot_chain(membership: Membership | None, lot: DonationLot) -> bool:
    """Only the two parties, the donor's and the accepting partner's members, see what happened to the
    lot: pick-up, handover, custody events and the names of the staff who took each step."""
    if not has_role(membership, *Role.values):
        return False
    return membership.organisation_id in (lot.organisation_id, lot.partner_id)


def can_edit_lot(membership: Membership | None, lot: DonationLot) -> bool:
    """The donor's lot managers change the devices of a lot while it is a draft."""
    return (
        can_manage_lots(membership)
        and lot.organisation_id == membership.organisation_id
        and lot.state == LotState.DRAFT
    )


def can_offer_lot(membership: Membership | None, lot: DonationLot) -> bool:
    """The donor's lot managers offer a draft or offered lot, withdraw offers and cancel the lot."""
    return can_manage_lots(membership) and lot.organisation_id == membership.organisation_id


def can_answer_offer(membership: Membership | None, offer: DonationOffer) -> bool:
    """The administrators and reuse coordinators of the partner the offer was made to."""
    return has_role(membership, *PARTNER_ROLES) and offer.partner_id == membership.organisation_id


def can_plan_pickup(membership: Membership | None, lot: DonationLot) -> bool:
    """The donor's lot managers and the accepting partner's coordinators agree on the pick-up."""
    if membership is None:
        return False
    if lot.organisation_id == membership.organisation_id:
        return can_manage_lots(membership)
    return has_role(membership, *PARTNER_ROLES) and lot.partner_id == membership.organisation_id


def can_confirm_handover(membership: Membership | None, lot: DonationLot) -> bool:
    """The donor's lot managers confirm that the devices were handed over."""
    return can_manage_lots(membership) and lot.organisation_id == membership.organisation_id


def can_confirm_receipt(membership: Membership | None, lot: DonationLot) -> bool:
    """The accepting partner's administrators and reuse coordinators confirm receipt."""
    return has_role(membership, *PARTNER_ROLES) and lot.partner_id == membership.organisation_id


def can_report_custody(membership: Membership | None, lot: DonationLot | None = None) -> bool:
    """A partner's administrators and reuse coordinators report what became of the devices of lots
    it accepted (without a lot: whether the role may report at all)."""
    if not (has_role(membership, *PARTNER_ROLES) and is_partner(membership)):
        return False
    return lot is None or lot.partner_id == membership.organisation_id


def can_download_agreement(membership: Membership | None, lot: DonationLot) -> bool:
    """The two parties of an accepted lot: the donor's members and the accepting partner's members."""
    if not has_role(membership, *Role.values) or lot.partner_id is None:
        return False
    return membership.organisation_id in (lot.organisation_id, lot.partner_id)


def can_edit_listing(membership: Membership | None, listing: PartnerListing | None = None) -> bool:
    """A reuse partner's administrators and reuse coordinators keep its own census record."""
    if not (has_role(membership, *PARTNER_ROLES) and is_partner(membership)):
        return False
    return listing is None or listing.organisation_id == membership.organisation_id


def can_review_listing(membership: Membership | None, listing: PartnerListing) -> bool:
    """The administrators and reuse coordinators of the coordinator organisation of the reuse platform
    the listing is attached to validate or reject it."""
    network = listing.network
    return (
        has_role(membership, *PARTNER_ROLES)
        and network is not None
        and network.kind == NetworkKind.REUSE_PLATFORM
        and network.coordinator_id == membership.organisation_id
    )


def can_view_listing(membership: Membership | None, listing: PartnerListing) -> bool:
    """The partner itself, the coordinator of its network, and anyone once the listing is validated."""
    if not has_role(membership, *Role.values):
        return False
    if listing.organisation_id == membership.organisation_id or listing.state == ListingState.VALIDATED:
        return True
    return listing.network is not None and listing.network.coordinator_id == membership.organisation_id
