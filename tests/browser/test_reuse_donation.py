"""A town hall gives old laptops: it creates a lot and offers it; the partner accepts in its own
account, both confirm the handover, and the partner reports a second life that the donor then sees."""

import pytest
from django.utils import timezone

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.donations.models import DonationLot, LotState
from fairfleet.reuse.models import CustodyEvent
from tests.browser.conftest import assert_no_serious_axe_violation, open_as
from tests.reuse.donations.factories import PartnerListingFactory, ready_device
from tests.tenancy.factories import MembershipFactory, OrganisationFactory, SiteFactory, UserFactory


@pytest.fixture
def donation_world(django_db_serialized_rollback, transactional_db):
    donor = OrganisationFactory(name="Ville de Roubaix", kind="local_authority", country="FR", language="en")
    MembershipFactory(organisation=donor, user=UserFactory(email="donor@example.org"), role="reuse_coordinator")
    SiteFactory(organisation=donor, name="Town hall", postcode="59100", city="Roubaix", address="Grand-Place")
    for serial in ("SN-RBX-1", "SN-RBX-2"):
        ready_device(donor, serial_number=serial, asset_tag=serial.replace("SN", "PC"))
    listing = PartnerListingFactory(organisation__name="Atelier Solidaire Nord", territories=["FR-59"])
    MembershipFactory(
        organisation=listing.organisation, user=UserFactory(email="partner@example.org"), role="reuse_coordinator"
    )
    return donor, listing


def test_donation_journey(browser, live_server, donation_world):
    donor_page = open_as(browser, live_server, "donor@example.org")
    donor_page.goto(live_server.url + "/reuse/donations/")
    assert_no_serious_axe_violation(donor_page)
    donor_page.get_by_role("link", name="Create a donation lot").click()
    donor_page.get_by_label("Title").fill("Old laptops, town hall")
    donor_page.get_by_label("Site where the devices are").select_option(label="Town hall")
    donor_page.get_by_label("PC-RBX-1", exact=False).check()
    donor_page.get_by_label("PC-RBX-2", exact=False).check()
    donor_page.get_by_role("button", name="Create the lot").click()
    donor_page.wait_for_load_state("networkidle")
    assert donor_page.get_by_role("heading", name="Suitable partners").is_visible()
    assert donor_page.get_by_text("Serves the territory of the site: 59 Nord.").is_visible()
    assert_no_serious_axe_violation(donor_page)
    donor_page.get_by_label("Atelier Solidaire Nord").check()
    donor_page.get_by_role("button", name="Offer the lot").click()
    donor_page.wait_for_load_state("networkidle")
    lot = DonationLot.objects.get()
    assert lot.state == LotState.OFFERED

    partner_page = open_as(browser, live_server, "partner@example.org", width=390)
    partner_page.goto(live_server.url + "/reuse/donations/")
    partner_page.get_by_role("link", name="Old laptops, town hall").click()
    partner_page.get_by_role("button", name="Accept the lot").click()
    partner_page.wait_for_load_state("networkidle")
    assert partner_page.get_by_text("You accepted the lot.").is_visible()
    partner_page.get_by_label("Pick-up date").fill("2026-12-03")
    partner_page.get_by_label("Pick-up place").fill("Grand-Place, Roubaix")
    partner_page.get_by_role("button", name="Save the pick-up").click()
    partner_page.wait_for_load_state("networkidle")
    assert_no_serious_axe_violation(partner_page)
    assert partner_page.evaluate("document.documentElement.scrollWidth") <= 390

    donor_page.reload()
    donor_page.get_by_role("button", name="Confirm the handover").click()
    donor_page.wait_for_load_state("networkidle")
    partner_page.reload()
    partner_page.get_by_role("button", name="Confirm receipt of the devices").click()
    partner_page.wait_for_load_state("networkidle")
    assert DonationLot.objects.get().state == LotState.HANDED_OVER

    model = lot.items.get(device__serial_number="SN-RBX-1").device.model
    partner_page.get_by_role("combobox", name="Device").select_option(label=f"SN-RBX-1 · {model}")
    partner_page.get_by_label("Event").select_option("given")
    partner_page.get_by_label("Date").fill(timezone.localdate().isoformat())  # not before the acceptance
    partner_page.get_by_label("Beneficiary").select_option("school")
    partner_page.get_by_role("button", name="Record the event").click()
    partner_page.wait_for_load_state("networkidle")
    assert partner_page.get_by_text("The event was recorded.").is_visible()
    assert CustodyEvent.objects.filter(kind="given").count() == 1
    assert lot.items.get(device__serial_number="SN-RBX-1").device.state == DeviceState.SECOND_LIFE

    donor_page.reload()
    heading = donor_page.get_by_role("heading", name="Devices and what became of them")
    devices = donor_page.locator("section", has=heading)
    assert "Given to a beneficiary" in devices.inner_text()
    assert "School" in devices.inner_text()
    assert_no_serious_axe_violation(donor_page)
    partner_page.context.close()
    donor_page.context.close()
