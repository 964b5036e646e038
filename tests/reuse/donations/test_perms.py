"""Role x action matrix of the donation predicates, for the donor, the offered partner, the coordinator
of the partner's platform and an unrelated organisation."""

import pytest

from fairfleet.reuse.donations import perms, services
from fairfleet.reuse.donations.models import LotState
from fairfleet.tenancy.models import Role
from tests.reuse.donations.factories import (
    PartnerListingFactory,
    PartnerOrganisationFactory,
    donor_actor,
    make_lot,
    platform_with,
)
from tests.tenancy.factories import MembershipFactory, OrganisationFactory

ROLES = list(Role.values)
LOT_ROLES = {"admin", "fleet_manager", "reuse_coordinator"}
PARTNER_ROLES = {"admin", "reuse_coordinator"}


@pytest.fixture
def world():
    donor = OrganisationFactory(kind="local_authority")
    partner = PartnerOrganisationFactory()
    coordinator = OrganisationFactory(name="Coordination")
    platform = platform_with(partner, coordinator)
    listing = PartnerListingFactory(organisation=partner, network=platform, state="submitted")
    other_listing = PartnerListingFactory(state="validated")
    lot = make_lot(donor)
    offer = services.lot_offer(actor=lot.created_by, lot=lot, listings=[other_listing], acknowledge_warnings=True)[0]
    listing.state = "validated"
    listing.save()
    own_offer = services.lot_offer(actor=lot.created_by, lot=lot, listings=[listing], acknowledge_warnings=True)[0]
    listing.state = "submitted"
    listing.save()
    services.offer_accept(actor=donor_actor(partner, "admin"), offer=own_offer)
    lot.refresh_from_db()
    return {
        "donor": donor,
        "partner": partner,
        "coordinator": coordinator,
        "stranger": PartnerOrganisationFactory(),
        "lot": lot,
        "offer": own_offer,
        "other_offer": offer,
        "listing": listing,
    }


# action -> (predicate call, {party: roles allowed})
MATRIX = {
    "view_donations": (
        lambda m, w: perms.can_view_donations(m),
        {p: set(ROLES) for p in ("donor", "partner", "coordinator", "stranger")},
    ),
    "manage_lots": (
        lambda m, w: perms.can_manage_lots(m),
        dict.fromkeys(("donor", "partner", "coordinator", "stranger"), LOT_ROLES),
    ),
    "view_lot": (lambda m, w: perms.can_view_lot(m, w["lot"]), {"donor": set(ROLES), "partner": set(ROLES)}),
    "view_lot_chain": (
        lambda m, w: perms.can_view_lot_chain(m, w["lot"]),
        {"donor": set(ROLES), "partner": set(ROLES)},
    ),
    "edit_lot": (lambda m, w: perms.can_edit_lot(m, w["lot"]), {}),  # accepted: no longer a draft
    "offer_lot": (lambda m, w: perms.can_offer_lot(m, w["lot"]), {"donor": LOT_ROLES}),
    "answer_offer": (lambda m, w: perms.can_answer_offer(m, w["offer"]), {"partner": PARTNER_ROLES}),
    "plan_pickup": (lambda m, w: perms.can_plan_pickup(m, w["lot"]), {"donor": LOT_ROLES, "partner": PARTNER_ROLES}),
    "confirm_handover": (lambda m, w: perms.can_confirm_handover(m, w["lot"]), {"donor": LOT_ROLES}),
    "confirm_receipt": (lambda m, w: perms.can_confirm_receipt(m, w["lot"]), {"partner": PARTNER_ROLES}),
    "report_custody": (lambda m, w: perms.can_report_custody(m, w["lot"]), {"partner": PARTNER_ROLES}),
    "download_agreement": (
        lambda m, w: perms.can_download_agreement(m, w["lot"]),
        {"donor": set(ROLES), "partner": set(ROLES)},
    ),
    "edit_listing": (lambda m, w: perms.can_edit_listing(m, w["listing"]), {"partner": PARTNER_ROLES}),
    "review_listing": (lambda m, w: perms.can_review_listing(m, w["listing"]), {"coordinator": PARTNER_ROLES}),
    "view_listing": (
        lambda m, w: perms.can_view_listing(m, w["listing"]),
        {"partner": set(ROLES), "coordinator": set(ROLES)},
    ),
}


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("party", ["donor", "partner", "coordinator", "stranger"])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, action, party, role):
    membership = MembershipFactory(organisation=world[party], role=role)
    predicate, allowed = MATRIX[action]
    assert predicate(membership, world) is (role in allowed.get(party, set()))


def test_inactive_members_may_do_nothing(world):
    membership = MembershipFactory(organisation=world["donor"], role="admin", is_active=False)
    assert not any(predicate(membership, world) for predicate, _allowed in MATRIX.values())
    assert not perms.can_view_lot(None, world["lot"])


def test_draft_lot_can_be_edited_by_lot_managers(world):
    lot = make_lot(world["donor"])
    assert lot.state == LotState.DRAFT
    for role in ROLES:
        membership = MembershipFactory(organisation=world["donor"], role=role)
        assert perms.can_edit_lot(membership, lot) is (role in LOT_ROLES)


def test_the_partner_that_lost_the_lot_no_longer_sees_it(world):
    membership = MembershipFactory(organisation=world["other_offer"].partner, role="admin")
    assert not perms.can_view_lot(membership, world["lot"])
    assert not perms.can_view_lot_chain(membership, world["lot"])
    assert not perms.can_download_agreement(membership, world["lot"])


def test_a_partner_still_deciding_sees_the_lot_but_not_its_chain(world):
    lot = make_lot(world["donor"])
    listing = PartnerListingFactory()
    services.lot_offer(actor=lot.created_by, lot=lot, listings=[listing], acknowledge_warnings=True)
    membership = MembershipFactory(organisation=listing.organisation, role="viewer")
    assert perms.can_view_lot(membership, lot)
    assert not perms.can_view_lot_chain(membership, lot)


def test_validated_listing_is_visible_to_all(world):
    listing = world["listing"]
    listing.state = "validated"
    listing.save()
    assert perms.can_view_listing(MembershipFactory(organisation=world["stranger"], role="viewer"), listing)
