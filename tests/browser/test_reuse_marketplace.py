"""The reuse coordinator offers five retired laptops; a buyer asks for two for a tolerant service, reserves the
best match from the request page; the coordinator hands it over and the device is in use in its new service."""

import pytest

from fairfleet.inventory.models import Device, DeviceState
from fairfleet.reuse.marketplace.models import Offer, Reservation, ReservationState
from fairfleet.reuse.models import Assessment
from tests.browser.conftest import assert_no_serious_axe_violation, log_in, open_as
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import PASSWORD, MembershipFactory, OrganisationFactory, ServiceFactory, UserFactory


@pytest.fixture
def retired_laptops(transactional_db):
    builtin_category("laptop")
    organisation = OrganisationFactory(name="Région Démo")
    MembershipFactory(organisation=organisation, user=UserFactory(email="reuse@example.org"), role="reuse_coordinator")
    MembershipFactory(organisation=organisation, user=UserFactory(email="buyer@example.org"), role="buyer")
    ServiceFactory(organisation=organisation, name="Télétravail", criticality="tolerant")
    model = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T14")
    for n, grade in enumerate("ABCDB", start=1):
        device = DeviceFactory(
            organisation=organisation, model=model, asset_tag=f"PC-{n:04d}", state=DeviceState.END_OF_USE
        )
        Assessment.objects.create(organisation=organisation, device=device, grade=grade)
    return organisation


def test_offer_request_reserve_and_hand_over(page, browser, live_server, retired_laptops):
    log_in(page, "reuse@example.org", PASSWORD)
    page.goto(page.live_server_url + "/reuse/marketplace/")
    assert_no_serious_axe_violation(page)
    page.get_by_role("link", name="Offer retired items").click()
    for n in range(1, 6):
        page.get_by_label(f"PC-{n:04d}", exact=False).check()
    page.get_by_label("Pickup place").fill("Annexe Nord, bureau 12")
    assert_no_serious_axe_violation(page)
    page.get_by_role("button", name="Put on offer").click()
    page.wait_for_selector("text=5 items are now on offer.")
    assert Offer.objects.filter(state="open").count() == 5
    assert_no_serious_axe_violation(page)

    buyer = open_as(browser, live_server, "buyer@example.org", width=390)
    buyer.goto(buyer.live_server_url + "/reuse/marketplace/requests/new/")
    buyer.get_by_label("Requesting service").select_option(label="Télétravail")
    buyer.get_by_label("Category").select_option(label="Laptop")
    buyer.get_by_label("Quantity").fill("2")
    buyer.get_by_label("Purpose").fill("Teleworking for new staff")
    assert_no_serious_axe_violation(buyer)
    buyer.get_by_role("button", name="Record the request").click()
    buyer.wait_for_selector("text=Matching offers, best first for this service")
    # A tolerant service sees end-of-cycle hardware first: grade D leads.
    first_row = buyer.locator("table tbody tr").first
    assert "PC-0004" in first_row.inner_text()
    assert_no_serious_axe_violation(buyer)
    assert buyer.evaluate("document.documentElement.scrollWidth") <= 390
    first_row.get_by_role("button", name="Reserve").click()
    buyer.wait_for_selector("text=The item is reserved for Télétravail.")
    reservation = Reservation.objects.get()
    assert reservation.device.asset_tag == "PC-0004"
    assert_no_serious_axe_violation(buyer)

    page.goto(page.live_server_url + "/reuse/marketplace/reservations/")
    page.get_by_role("link", name="ThinkPad T14").click()
    page.get_by_label("Handover notes").fill("Collected by the Télétravail team")
    assert_no_serious_axe_violation(page)
    page.get_by_role("button", name="Record the handover").click()
    page.wait_for_selector("text=The item was handed over to Télétravail.")
    reservation.refresh_from_db()
    assert reservation.state == ReservationState.HANDED_OVER
    device = Device.objects.get(asset_tag="PC-0004")
    assert device.state == DeviceState.IN_USE
    assert device.service.name == "Télétravail"
    assert_no_serious_axe_violation(page)


def test_reuse_reports_are_accessible(page, retired_laptops):
    from tests.reuse.marketplace.helpers import network_of

    network = network_of(OrganisationFactory(name="Ville A"), coordinator=retired_laptops)
    MembershipFactory(organisation=retired_laptops, user=UserFactory(email="admin@example.org"), role="admin")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "admin@example.org", PASSWORD)
    page.goto(page.live_server_url + "/reuse/reports/?year=2025")
    assert page.get_by_role("heading", name="Retired IT reuse ratio 2025").is_visible()
    assert_no_serious_axe_violation(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(page.live_server_url + "/reuse/reports/networks/")
    page.get_by_role("link", name=network.name).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="second life", exact=False).is_visible()
    assert_no_serious_axe_violation(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
