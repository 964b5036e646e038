"""The lot's life through the services: creation, offers, acceptance, pick-up, handover, cancellation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fairfleet.inventory.models import DeviceState, DeviceTransition
from fairfleet.reuse.donations import matching, services
from fairfleet.reuse.donations.models import LotDevice, LotState, LotTransition, OfferState
from fairfleet.reuse.models import CustodyEvent, CustodyEventKind
from fairfleet.tenancy.models import AuditEntry
from tests.inventory.factories import DeviceFactory
from tests.reuse.donations.factories import (
    PartnerLabelFactory,
    PartnerListingFactory,
    donor_actor,
    make_lot,
    offered_lot,
    ready_device,
)
from tests.tenancy.factories import OrganisationFactory, SiteFactory


def test_create_puts_devices_in_the_lot(donor):
    lot = make_lot(donor, devices=3)
    assert lot.state == LotState.DRAFT
    items = list(LotDevice.objects.filter(lot=lot))
    assert len(items) == 3
    assert {i.device.state for i in items} == {DeviceState.IN_DONATION_LOT}
    assert DeviceTransition.objects.filter(device=items[0].device, to_state=DeviceState.IN_DONATION_LOT).exists()
    assert LotTransition.objects.get(lot=lot).to_state == LotState.DRAFT
    assert AuditEntry.objects.filter(
        organisation=donor, action="create", object_type="reuse_donations.donationlot"
    ).exists()


def test_create_refuses_devices_that_are_not_ready(donor):
    in_use = DeviceFactory(organisation=donor, state=DeviceState.IN_USE, asset_tag="PC-IN-USE")
    unassessed = DeviceFactory(organisation=donor, state=DeviceState.END_OF_USE, asset_tag="PC-RAW")
    foreign = ready_device(OrganisationFactory())
    site = SiteFactory(organisation=donor)
    with pytest.raises(ValidationError) as error:
        services.lot_create(
            actor=donor_actor(donor), organisation=donor, title="x", site=site, devices=[in_use, unassessed, foreign]
        )
    messages = error.value.message_dict["devices"]
    assert any("PC-IN-USE" in m and "end of use" in m for m in messages)
    assert any("PC-RAW" in m and "assessed" in m for m in messages)
    assert any("not a device of this organisation" in m for m in messages)
    assert not LotDevice.objects.exists()


def test_create_refuses_empty_and_foreign_site(donor):
    actor = donor_actor(donor)
    with pytest.raises(ValidationError):
        services.lot_create(
            actor=actor, organisation=donor, title="x", site=SiteFactory(organisation=donor), devices=[]
        )
    with pytest.raises(ValidationError) as error:
        services.lot_create(
            actor=actor, organisation=donor, title="x", site=SiteFactory(), devices=[ready_device(donor)]
        )
    assert "site" in error.value.message_dict


def test_remove_device_only_in_draft(donor, listing):
    lot = make_lot(donor, devices=2)
    device = lot.items.first().device
    services.lot_remove_device(actor=lot.created_by, lot=lot, device=device)
    device.refresh_from_db()
    assert device.state == DeviceState.END_OF_USE
    assert lot.items.filter(removed_at__isnull=True).count() == 1
    services.lot_offer(actor=lot.created_by, lot=lot, listings=[listing])
    with pytest.raises(ValidationError, match="draft"):
        services.lot_remove_device(
            actor=lot.created_by, lot=lot, device=lot.items.filter(removed_at__isnull=True).first().device
        )


def test_ranking_gives_reasons_and_puts_unsuitable_last(donor):
    near = PartnerListingFactory(organisation__name="Near", territories=["FR-59"])
    region = PartnerListingFactory(organisation__name="Region", territories=["FR-R32"])
    postcode = PartnerListingFactory(organisation__name="Postcode", territories=[], postcodes=["590"])
    far = PartnerListingFactory(organisation__name="Far", territories=["FR-13"])
    company = PartnerListingFactory(organisation__name="Company", legal_status="company")
    full = PartnerListingFactory(organisation__name="Full", monthly_capacity=1)
    big = PartnerListingFactory(organisation__name="Big", min_lot_size=10)
    phones = PartnerListingFactory(organisation__name="Phones", accepted_categories=["smartphone"])
    PartnerListingFactory(organisation__name="Draft", state="submitted")
    lot = make_lot(donor, devices=2)
    ranked = matching.rank_partners(lot)
    names = [m.listing.organisation.name for m in ranked]
    assert "Draft" not in names
    assert names[:3] == ["Postcode", "Near", "Region"]
    by_name = {m.listing.organisation.name: m for m in ranked}
    assert by_name["Near"].suitable
    assert "Serves the territory" in str(by_name["Near"].reasons[0])
    assert str(by_name["Postcode"].reasons[0]).startswith("Serves the postcode")
    assert "Does not serve the territory of the site." in map(str, by_name["Far"].warnings)
    assert any("L3212-2" in str(w) for w in by_name["Company"].warnings)
    assert any("Capacity left this month (1 devices)" in str(w) for w in by_name["Full"].warnings)
    assert any("at least 10 devices" in str(w) for w in by_name["Big"].warnings)
    assert any("Does not accept: Laptop" in str(w) for w in by_name["Phones"].warnings)
    assert set(names[3:]) == {"Far", "Company", "Full", "Big", "Phones"}
    assert all(not by_name[n].suitable for n in names[3:])
    assert near
    assert region
    assert postcode
    assert far
    assert company
    assert full
    assert big
    assert phones


def test_ranking_checks_required_labels_and_statuses(donor):
    labelled = PartnerListingFactory(organisation__name="Labelled", legal_status="reuse_esus")
    PartnerLabelFactory(listing=labelled, label="ordi_3_0")
    expired = PartnerListingFactory(organisation__name="Expired", legal_status="reuse_esus")
    PartnerLabelFactory(
        listing=expired, label="ordi_3_0", valid_until=datetime.date(2020, 1, 1), valid_from=datetime.date(2019, 1, 1)
    )
    student = PartnerListingFactory(organisation__name="Student")
    lot = make_lot(donor, required_labels=["ordi_3_0"], required_statuses=["reuse_esus"])
    by_name = {m.listing.organisation.name: m for m in matching.rank_partners(lot)}
    assert by_name["Labelled"].suitable
    assert any("valid today" in str(r) for r in by_name["Labelled"].reasons)
    assert "Has no valid Ordi 3.0 label." in map(str, by_name["Expired"].warnings)
    assert any("not one you require" in str(w) for w in by_name["Student"].warnings)
    assert student


def test_capacity_counts_devices_accepted_this_month(donor, listing):
    listing.monthly_capacity = 3
    listing.save()
    _lot, offers = offered_lot(donor, [listing], devices=2)
    services.offer_accept(actor=donor_actor(listing.organisation, "admin"), offer=offers[0])
    assert matching.accepted_this_month([listing.organisation_id]) == {listing.organisation_id: 2}
    second = make_lot(donor, devices=2)
    match = matching.match_for(second, listing)
    assert match.capacity_left == 1
    assert not match.suitable


def test_offer_needs_acknowledgement_of_warnings(donor):
    company = PartnerListingFactory(legal_status="company")
    lot = make_lot(donor)
    with pytest.raises(ValidationError) as error:
        services.lot_offer(actor=lot.created_by, lot=lot, listings=[company])
    assert "acknowledge_warnings" in error.value.message_dict
    lot.refresh_from_db()
    assert lot.state == LotState.DRAFT
    assert not lot.offers.exists()
    offers = services.lot_offer(actor=lot.created_by, lot=lot, listings=[company], acknowledge_warnings=True)
    assert offers[0].warnings
    lot.refresh_from_db()
    assert lot.state == LotState.OFFERED


def test_offer_refusals(donor, listing):
    lot = make_lot(donor)
    with pytest.raises(ValidationError):
        services.lot_offer(actor=lot.created_by, lot=lot, listings=[])
    draft_listing = PartnerListingFactory(state="draft")
    with pytest.raises(ValidationError, match="no validated listing"):
        services.lot_offer(actor=lot.created_by, lot=lot, listings=[draft_listing])
    services.lot_offer(actor=lot.created_by, lot=lot, listings=[listing])
    with pytest.raises(ValidationError, match="already offered"):
        services.lot_offer(actor=lot.created_by, lot=lot, listings=[listing])


def test_accept_closes_the_other_offers(donor):
    first, second = PartnerListingFactory(), PartnerListingFactory()
    lot, offers = offered_lot(donor, [first, second])
    winner = offers[0] if offers[0].partner == first.organisation else offers[1]
    services.offer_accept(actor=donor_actor(first.organisation, "admin"), offer=winner)
    lot.refresh_from_db()
    assert lot.state == LotState.ACCEPTED
    assert lot.partner == first.organisation
    assert lot.accepted_at
    states = dict(lot.offers.values_list("partner_id", "state"))
    assert states == {first.organisation_id: OfferState.ACCEPTED, second.organisation_id: OfferState.CLOSED}
    loser = lot.offers.get(partner=second.organisation)
    with pytest.raises(ValidationError, match="already accepted") as error:
        services.offer_accept(actor=donor_actor(second.organisation, "admin"), offer=loser)
    assert error.value.code == services.LOT_TAKEN


def test_decline_and_withdraw_bring_the_lot_back_to_draft(donor):
    first, second = PartnerListingFactory(), PartnerListingFactory()
    lot, offers = offered_lot(donor, [first, second])
    services.offer_decline(actor=donor_actor(offers[0].partner, "admin"), offer=offers[0], note="Trop loin")
    lot.refresh_from_db()
    assert lot.state == LotState.OFFERED
    services.offer_withdraw(actor=lot.created_by, offer=offers[1])
    lot.refresh_from_db()
    assert lot.state == LotState.DRAFT
    offers[0].refresh_from_db()
    assert offers[0].response_note == "Trop loin"
    with pytest.raises(ValidationError, match="cannot become"):
        services.offer_accept(actor=lot.created_by, offer=offers[0])


def _accepted(donor, listing, devices=2):
    lot, offers = offered_lot(donor, [listing], devices=devices)
    partner_user = donor_actor(listing.organisation, "admin")
    services.offer_accept(actor=partner_user, offer=offers[0])
    lot.refresh_from_db()
    return lot, partner_user


def _scheduled(donor, listing, devices=2):
    lot, partner_user = _accepted(donor, listing, devices)
    services.lot_schedule_pickup(
        actor=partner_user,
        actor_organisation=listing.organisation,
        lot=lot,
        pickup_date=datetime.date(2026, 12, 3),
        pickup_place="Dépôt, 1 rue du Port, Lille",
        transporter="Atelier (camionnette)",
    )
    lot.refresh_from_db()
    return lot, partner_user


def test_pickup_then_handover_on_both_sides(donor, listing):
    lot, partner_user = _scheduled(donor, listing)
    assert lot.state == LotState.SCHEDULED
    assert lot.pickup_place.startswith("Dépôt")
    assert services.lot_confirm_handover(actor=lot.created_by, lot=lot) == []
    lot.refresh_from_db()
    assert lot.state == LotState.SCHEDULED  # waits for the partner
    services.lot_confirm_receipt(actor=partner_user, lot=lot)
    lot.refresh_from_db()
    assert lot.state == LotState.HANDED_OVER
    devices = [i.device for i in lot.items.all()]
    assert {d.state for d in devices} == {DeviceState.HANDED_OVER}
    events = CustodyEvent.objects.filter(lot_public_id=lot.public_id)
    assert events.count() == 2
    assert {(e.kind, e.organisation_id, e.reported_by_id) for e in events} == {
        (CustodyEventKind.RECEIVED, donor.id, listing.organisation_id)
    }
    with pytest.raises(ValidationError):
        services.lot_confirm_receipt(actor=partner_user, lot=lot)
    services.lot_close(actor=lot.created_by, lot=lot)
    lot.refresh_from_db()
    assert lot.state == LotState.CLOSED


def test_receipt_first_then_handover(donor, listing):
    lot, partner_user = _scheduled(donor, listing)
    services.lot_confirm_receipt(actor=partner_user, lot=lot)
    services.lot_confirm_handover(actor=lot.created_by, lot=lot)
    lot.refresh_from_db()
    assert lot.state == LotState.HANDED_OVER


def test_handover_keeps_back_devices_without_erasure_or_locked(donor, listing):
    good = ready_device(donor, asset_tag="PC-GOOD")
    raw = ready_device(donor, erased=False, asset_tag="PC-NO-ERASURE")
    locked = ready_device(donor, locked=True, asset_tag="PC-LOCKED")
    lot, offers = offered_lot(donor, [listing], devices=[good, raw, locked])
    partner_user = donor_actor(listing.organisation, "admin")
    services.offer_accept(actor=partner_user, offer=offers[0])
    services.lot_schedule_pickup(
        actor=lot.created_by,
        actor_organisation=donor,
        lot=lot,
        pickup_date=datetime.date(2026, 12, 3),
        pickup_place="Hall",
        transporter="",
    )
    kept = services.lot_confirm_handover(actor=lot.created_by, lot=lot)
    reasons = {item.device.asset_tag: (item.refusal_code, item.refusal_text) for item in kept}
    assert reasons["PC-NO-ERASURE"][0] == "erasure_missing"
    assert "erasure" in reasons["PC-NO-ERASURE"][1]
    assert reasons["PC-LOCKED"][0] == "firmware_locked"
    for device in (raw, locked):
        device.refresh_from_db()
        assert device.state == DeviceState.END_OF_USE
    services.lot_confirm_receipt(actor=partner_user, lot=lot)
    good.refresh_from_db()
    assert good.state == DeviceState.HANDED_OVER
    assert CustodyEvent.objects.filter(lot_public_id=lot.public_id).count() == 1


def test_handover_refused_when_no_device_may_leave(donor, listing):
    raw = ready_device(donor, erased=False)
    lot, offers = offered_lot(donor, [listing], devices=[raw])
    services.offer_accept(actor=donor_actor(listing.organisation, "admin"), offer=offers[0])
    services.lot_schedule_pickup(
        actor=lot.created_by,
        actor_organisation=donor,
        lot=lot,
        pickup_date=datetime.date(2026, 12, 3),
        pickup_place="Hall",
        transporter="",
    )
    with pytest.raises(ValidationError, match="No device of the lot may leave"):
        services.lot_confirm_handover(actor=lot.created_by, lot=lot)
    raw.refresh_from_db()
    assert raw.state == DeviceState.IN_DONATION_LOT


def test_steps_out_of_order_are_refused(donor, listing):
    lot = make_lot(donor)
    with pytest.raises(ValidationError):
        services.lot_confirm_handover(actor=lot.created_by, lot=lot)
    with pytest.raises(ValidationError):
        services.lot_schedule_pickup(
            actor=lot.created_by,
            actor_organisation=donor,
            lot=lot,
            pickup_date=datetime.date(2026, 1, 1),
            pickup_place="x",
            transporter="",
        )
    with pytest.raises(ValidationError, match="cannot become"):
        services.lot_close(actor=lot.created_by, lot=lot)


def test_cancel_returns_devices_and_withdraws_offers(donor, listing):
    lot, offers = offered_lot(donor, [listing])
    with pytest.raises(ValidationError):
        services.lot_cancel(actor=lot.created_by, lot=lot, reason=" ")
    services.lot_cancel(actor=lot.created_by, lot=lot, reason="Redeployed instead")
    lot.refresh_from_db()
    assert lot.state == LotState.CANCELLED
    offers[0].refresh_from_db()
    assert offers[0].state == OfferState.WITHDRAWN
    assert {i.device.state for i in lot.items.all()} == {DeviceState.END_OF_USE}
    assert not lot.items.filter(removed_at__isnull=True).exists()
    # The devices can go into a new lot.
    make_lot(donor, devices=[i.device for i in lot.items.all()])
    with pytest.raises(ValidationError, match="cannot become"):
        services.lot_cancel(actor=lot.created_by, lot=lot, reason="again")


def test_cancel_after_handover_is_refused(donor, listing):
    lot, partner_user = _scheduled(donor, listing)
    services.lot_confirm_handover(actor=lot.created_by, lot=lot)
    services.lot_confirm_receipt(actor=partner_user, lot=lot)
    with pytest.raises(ValidationError, match="cannot become"):
        services.lot_cancel(actor=lot.created_by, lot=lot, reason="too late")
