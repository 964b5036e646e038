"""On a phone, a fleet manager counts the devices of a site: two codes typed, then the report."""

import pytest

from fairfleet.inventory.models import AuditCampaign, AuditCampaignState, AuditScan
from tests.browser.conftest import assert_no_serious_axe_violation, log_in
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.tenancy.factories import PASSWORD, MembershipFactory, OrganisationFactory, SiteFactory, UserFactory


@pytest.fixture
def site_fleet(transactional_db):
    organisation = OrganisationFactory(name="Région Démo")
    user = UserFactory(email="counter@example.org")
    MembershipFactory(organisation=organisation, user=user, role="fleet_manager")
    town_hall = SiteFactory(organisation=organisation, name="Town hall")
    depot = SiteFactory(organisation=organisation, name="Depot")
    model = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T14")
    DeviceFactory(organisation=organisation, model=model, site=town_hall, asset_tag="PC-0001")
    DeviceFactory(organisation=organisation, model=model, site=town_hall, asset_tag="PC-0002")
    DeviceFactory(organisation=organisation, model=model, site=depot, asset_tag="PC-0003", serial_number="SN-DEPOT-3")
    return organisation


def test_count_a_site_on_a_phone(page, site_fleet):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "counter@example.org", PASSWORD)
    page.goto(page.live_server_url + "/audits/")
    page.get_by_role("link", name="Start a campaign").click()
    page.get_by_label("Name").fill("Town hall, spring count")
    page.get_by_label("Site").select_option(label="Town hall")
    page.get_by_role("button", name="Open the campaign").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Town hall, spring count").is_visible()

    # The camera is offered where the browser can open it; the vendored ZXing fallback loads locally.
    assert page.get_by_role("button", name="Scan with the camera").is_visible()
    assert not page.get_by_role("button", name="Stop the camera").is_visible()
    loaded = page.evaluate(
        """() => new Promise((resolve) => {
            const script = document.createElement("script");
            script.src = document.getElementById("scan-camera").dataset.zxingSrc;
            script.onload = () => resolve(typeof ZXing.BrowserMultiFormatReader === "function");
            script.onerror = () => resolve(false);
            document.head.appendChild(script);
        })"""
    )
    assert loaded

    code = page.get_by_label("Asset tag or serial number")
    assert page.evaluate("document.activeElement.name") == "code"
    code.fill("pc-0001")
    code.press("Enter")
    page.wait_for_selector("text=Recognised: PC-0001")
    assert page.get_by_text("Recorded at this site").is_visible()
    # The fresh form has the focus again: the next code is typed at once.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'code'")
    page.keyboard.type("sn-depot-3")
    page.get_by_label("Cosmetic grade").select_option("B")
    page.get_by_role("button", name="Record").click()
    page.wait_for_selector("text=Recognised: PC-0003")
    assert page.get_by_text("Found in the wrong place").is_visible()
    assert AuditScan.objects.count() == 2
    assert_no_serious_axe_violation(page)

    page.get_by_role("button", name="Close the campaign").click()
    page.wait_for_load_state("networkidle")
    assert AuditCampaign.objects.get().state == AuditCampaignState.CLOSED
    assert page.get_by_role("heading", name="Report: Town hall, spring count").is_visible()
    missing = page.locator("section", has=page.get_by_role("heading", name="Not found"))
    assert "PC-0002" in missing.inner_text()
    wrong_place = page.locator("section", has=page.get_by_role("heading", name="Found in the wrong place"))
    assert "PC-0003" in wrong_place.inner_text()
    assert_no_serious_axe_violation(page)
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_label_page_on_a_phone(page, site_fleet):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "counter@example.org", PASSWORD)
    page.goto(page.live_server_url + "/labels/?q=PC-000")
    assert page.get_by_text("3 labels will be printed.").is_visible()
    page.get_by_label("Avery L7163", exact=False).check()
    assert_no_serious_axe_violation(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF").click()
    assert download.value.suggested_filename.startswith("labels-l7163-")
