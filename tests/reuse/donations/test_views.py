"""The pages: donor and partner journeys through the web, census validation, isolation between parties."""

from django.urls import reverse
from django.utils import timezone

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.donations.models import DonationLot, ListingState, LotState, OfferState, PartnerListing
from fairfleet.reuse.models import CustodyEvent
from tests.conftest import member_client
from tests.reuse.donations.factories import (
    PartnerListingFactory,
    PartnerOrganisationFactory,
    make_lot,
    offered_lot,
    platform_with,
    ready_device,
)
from tests.tenancy.factories import OrganisationFactory, SiteFactory


def url(name, *args):
    return reverse(f"reuse:donations:{name}", args=args)


def test_home_for_donor_and_partner(donor, listing):
    lot, _offers = offered_lot(donor, [listing])
    donor_client = member_client(donor, "viewer")
    page = donor_client.get(url("home"))
    assert page.status_code == 200
    assert lot.title in page.content.decode()
    partner_client = member_client(listing.organisation, "reuse_coordinator")
    page = partner_client.get(url("home")).content.decode()
    assert "Offers awaiting your answer" in page
    assert lot.title in page
    assert partner_client.get(url("partner")).status_code == 200
    assert donor_client.get(url("partner")).status_code == 403


def test_donor_creates_and_offers_a_lot(donor, listing):
    client = member_client(donor, "fleet_manager")
    site = SiteFactory(organisation=donor, postcode="59800", city="Lille")
    devices = [ready_device(donor) for _ in range(2)]
    form = client.get(url("lot_create")).content.decode()
    assert str(devices[0].public_id) in form
    bad = client.post(url("lot_create"), {"title": "Lot", "site": site.pk})
    assert bad.status_code == 400
    response = client.post(
        url("lot_create"),
        {"title": "Portables mairie", "site": site.pk, "devices": [str(d.public_id) for d in devices]},
    )
    lot = DonationLot.objects.get(title="Portables mairie")
    assert response.status_code == 302
    assert response.url == url("lot_detail", lot.public_id)
    detail = client.get(url("lot_detail", lot.public_id)).content.decode()
    assert listing.organisation.name in detail
    assert "Serves the territory of the site" in detail
    response = client.post(url("lot_offer", lot.public_id), {"partners": [str(listing.public_id)]})
    assert response.status_code == 302
    lot.refresh_from_db()
    assert lot.state == LotState.OFFERED


def test_add_devices_to_a_draft_lot(donor, listing):
    lot = make_lot(donor, devices=1)
    extra = ready_device(donor, asset_tag="PC-EXTRA")
    client = member_client(donor, "fleet_manager")
    assert "PC-EXTRA" in client.get(url("lot_detail", lot.public_id)).content.decode()
    assert client.post(url("lot_add_devices", lot.public_id), {}).status_code == 400
    response = client.post(url("lot_add_devices", lot.public_id), {"devices": [str(extra.public_id)]})
    assert response.status_code == 302
    assert lot.items.filter(removed_at__isnull=True).count() == 2
    extra.refresh_from_db()
    assert extra.state == DeviceState.IN_DONATION_LOT
    viewer = member_client(donor, "viewer")
    assert viewer.post(url("lot_add_devices", lot.public_id), {"devices": [str(extra.public_id)]}).status_code == 403


def test_offer_with_warnings_needs_confirmation_on_the_page(donor):
    company = PartnerListingFactory(legal_status="company")
    lot = make_lot(donor)
    client = member_client(donor, "admin")
    response = client.post(url("lot_offer", lot.public_id), {"partners": [str(company.public_id)]})
    assert response.status_code == 400
    assert "confirm to offer it anyway" in response.content.decode()
    response = client.post(
        url("lot_offer", lot.public_id), {"partners": [str(company.public_id)], "acknowledge_warnings": "on"}
    )
    assert response.status_code == 302


def test_partner_accepts_plans_and_reports(donor, listing):
    lot, offers = offered_lot(donor, [listing])
    partner = member_client(listing.organisation, "reuse_coordinator")
    assert partner.post(url("offer_accept", offers[0].public_id), {"note": "Merci"}).status_code == 302
    offers[0].refresh_from_db()
    assert offers[0].state == OfferState.ACCEPTED
    response = partner.post(
        url("lot_pickup", lot.public_id), {"pickup_date": "2026-12-03", "pickup_place": "Quai 2", "transporter": ""}
    )
    assert response.status_code == 302
    donor_client = member_client(donor, "reuse_coordinator")
    assert donor_client.post(url("lot_handover", lot.public_id)).status_code == 302
    assert partner.post(url("lot_receipt", lot.public_id)).status_code == 302
    lot.refresh_from_db()
    assert lot.state == LotState.HANDED_OVER
    device = lot.items.first().device
    response = partner.post(
        url("lot_custody_event", lot.public_id),
        {
            "device": str(device.public_id),
            "kind": "given",
            "occurred_on": timezone.localdate().isoformat(),  # not before the acceptance, not in the future
            "beneficiary_kind": "school",
            "territory": "FR-59",
        },
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.state == DeviceState.SECOND_LIFE
    timeline = donor_client.get(url("lot_detail", lot.public_id)).content.decode()
    assert "Given to a beneficiary" in timeline
    assert "School" in timeline
    for fmt in ("pdf", "docx", "odt"):
        download = donor_client.get(url(f"lot_agreement_{fmt}", lot.public_id))
        assert download.status_code == 200
        assert download["Content-Disposition"].endswith(f'.{fmt}"')
    from django.core.files.uploadedfile import SimpleUploadedFile

    other = lot.items.exclude(device=device).first().device
    csv_file = SimpleUploadedFile(
        "e.csv", f"serial_number,event,date\n{other.serial_number},refurbished,{timezone.localdate()}\n".encode()
    )
    response = partner.post(url("lot_custody_import", lot.public_id), {"file": csv_file, "mode": "check"})
    assert response.status_code == 200
    assert "The file is correct" in response.content.decode()
    assert not CustodyEvent.objects.filter(kind="refurbished").exists()
    csv_file.seek(0)
    response = partner.post(url("lot_custody_import", lot.public_id), {"file": csv_file, "mode": "apply"})
    assert response.status_code == 302
    assert CustodyEvent.objects.filter(kind="refurbished", source="csv").count() == 1
    bad = SimpleUploadedFile("e.csv", b"serial_number,event,date\nNOPE,given,2026-11-21\n")
    response = partner.post(url("partner"), {"file": bad, "mode": "apply"})
    assert response.status_code == 400
    assert "NOPE" in response.content.decode()


def test_a_partner_sees_only_lots_offered_to_it(donor, listing):
    lot, offers = offered_lot(donor, [listing])
    outsider = member_client(PartnerOrganisationFactory(), "admin")
    assert outsider.get(url("lot_detail", lot.public_id)).status_code == 404
    assert outsider.post(url("offer_accept", offers[0].public_id)).status_code == 404
    assert outsider.get(url("lot_agreement_pdf", lot.public_id)).status_code == 404
    offered = member_client(listing.organisation, "viewer")
    assert offered.get(url("lot_detail", lot.public_id)).status_code == 200
    # A viewer of the partner reads the offer but cannot answer it.
    assert offered.post(url("offer_accept", offers[0].public_id)).status_code == 403
    partner_admin = member_client(listing.organisation, "admin")
    assert partner_admin.post(url("lot_offer", lot.public_id), {}).status_code == 404  # the lot is not its own
    assert partner_admin.post(url("lot_cancel", lot.public_id), {"reason": "x"}).status_code == 404
    assert partner_admin.post(url("lot_handover", lot.public_id)).status_code == 403


def test_census_listing_lifecycle(listing):
    partner_org = PartnerOrganisationFactory(name="Repair café")
    coordinator = OrganisationFactory(name="Coordination Hauts-de-France")
    platform = platform_with(partner_org, coordinator)
    partner = member_client(partner_org, "admin")
    data = {
        "network": str(platform.public_id),
        "legal_status": "public_utility",
        "territories": ["FR-59", "FR-62"],
        "postcodes": "59000, 62",
        "accepted_categories": ["laptop"],
        "min_lot_size": 5,
        "monthly_capacity": 40,
        "contact_name": "Sam",
        "contact_email": "sam@example.org",
    }
    assert partner.post(url("listing_edit"), {**data, "territories": ["FR-00"]}).status_code == 400
    response = partner.post(url("listing_edit"), data)
    own = PartnerListing.objects.get(organisation=partner_org)
    assert response.status_code == 302
    assert own.postcodes == ["59000", "62"]
    assert partner.post(url("listing_submit", own.public_id)).status_code == 302
    own.refresh_from_db()
    assert own.state == ListingState.SUBMITTED
    reviewer = member_client(coordinator, "reuse_coordinator")
    assert "Repair café" in reviewer.get(url("census")).content.decode()
    assert reviewer.post(url("listing_review", own.public_id), {"decision": "reject"}).status_code == 400
    reviewer.post(url("listing_review", own.public_id), {"decision": "validate", "note": ""})
    own.refresh_from_db()
    assert own.state == ListingState.VALIDATED
    directory = reviewer.get(url("network_directory", platform.public_id)).content.decode()
    assert "Repair café" in directory
    assert listing.organisation.name not in directory
    national = member_client(OrganisationFactory(), "viewer").get(url("census")).content.decode()
    assert "Repair café" in national
    assert listing.organisation.name in national
    # A change after validation sends the listing back to draft: it must be submitted again.
    partner.post(url("listing_edit"), {**data, "monthly_capacity": 80})
    own.refresh_from_db()
    assert own.state == ListingState.DRAFT
    assert own.monthly_capacity == 80
    assert "Repair café" not in member_client(OrganisationFactory(), "viewer").get(url("census")).content.decode()
    response = partner.post(
        url("listing_label_add", own.public_id),
        {"label": "ordi_3_0", "valid_from": "2026-01-01", "valid_until": "2025-01-01"},
    )
    assert response.status_code == 400
    response = partner.post(url("listing_label_add", own.public_id), {"label": "ordi_3_0", "valid_from": "2026-01-01"})
    assert response.status_code == 302
    assert own.labels.count() == 1


def test_coordinator_of_another_network_sees_no_draft(listing):
    partner_org = PartnerOrganisationFactory()
    platform_with(partner_org)
    own = PartnerListingFactory(organisation=partner_org, state="submitted", network=None)
    stranger = member_client(OrganisationFactory(), "admin")
    assert stranger.get(url("listing_detail", own.public_id)).status_code == 404
    assert stranger.post(url("listing_review", own.public_id), {"decision": "validate"}).status_code == 404


def test_listing_edit_is_for_partners_only():
    assert member_client(OrganisationFactory(), "admin").get(url("listing_edit")).status_code == 403


def test_cancel_from_the_page(donor, listing):
    lot, _ = offered_lot(donor, [listing])
    client = member_client(donor, "admin")
    assert client.post(url("lot_cancel", lot.public_id), {"reason": ""}).status_code == 400
    assert client.post(url("lot_cancel", lot.public_id), {"reason": "Changed plans"}).status_code == 302
    lot.refresh_from_db()
    assert lot.state == LotState.CANCELLED
