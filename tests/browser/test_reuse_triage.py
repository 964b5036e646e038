"""A reuse coordinator triages a retired laptop, records the erasure of its drive and downloads the
erasure certificate; the pages pass axe, at desktop width and on a phone."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from fairfleet.footprint.loading import BUNDLED_FACTOR_FILE, load_factor_file
from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS
from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.models import Assessment, ErasureRecord
from tests.browser.conftest import assert_no_serious_axe_violation, open_as
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.reuse.factories import CollectionCampaignFactory
from tests.tenancy.factories import MembershipFactory, OrganisationFactory, StorageRoomFactory, UserFactory


@pytest.fixture
def retired(django_db_serialized_rollback, transactional_db):
    for code in BUILTIN_CATEGORY_LABELS:  # a previous live-server test may have flushed the migrations' rows
        builtin_category(code)
    load_factor_file(BUNDLED_FACTOR_FILE)
    organisation = OrganisationFactory(name="Région Démo")
    MembershipFactory(organisation=organisation, user=UserFactory(email="reuse@example.org"), role="reuse_coordinator")
    room = StorageRoomFactory(site__organisation=organisation, name="Réserve B", capacity=10)
    model = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T480",
                               category=builtin_category("laptop"))  # fmt: skip
    CollectionCampaignFactory(organisation=organisation, site=room.site, name="Collecte de printemps")
    return DeviceFactory(
        organisation=organisation, model=model, asset_tag="PC-0042", serial_number="SN-T480-42",
        state=DeviceState.END_OF_USE, storage_room=room, site=room.site,
    )  # fmt: skip


@pytest.mark.parametrize("width", [1280, 390])
def test_triage_erasure_and_certificate(retired, browser, live_server, width):
    page = open_as(browser, live_server, "reuse@example.org", language="en", width=width)
    page.goto(live_server.url + "/reuse/")
    assert page.locator("h1").inner_text() == "Reuse"
    assert_no_serious_axe_violation(page)

    page.goto(live_server.url + "/reuse/triage/")
    assert page.locator("main").get_by_text("Collecte de printemps").count() == 1
    assert_no_serious_axe_violation(page)
    page.get_by_role("link", name="PC-0042").click()
    page.wait_for_url(f"**/reuse/devices/{retired.public_id}/")
    assert_no_serious_axe_violation(page)

    page.locator("main .actions a", has_text="Assess").click()
    page.wait_for_url("**/assess/")
    page.locator("select[name=check_powers_on]").select_option("ok")
    page.locator("select[name=check_keyboard]").select_option("ok")
    page.locator("input[name=grade][value=B]").check()
    page.locator("input[name=battery_health_pct]").fill("82")
    page.locator("input[name=firmware_locked]").check()
    assert_no_serious_axe_violation(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/reuse/devices/{retired.public_id}/")
    assessment = Assessment.objects.get(device=retired)
    assert (assessment.grade, assessment.battery_health_pct, assessment.firmware_locked) == ("B", 82, True)
    assert page.locator("main .message-error", has_text="cannot be donated").count() == 1
    assert_no_serious_axe_violation(page)

    page.locator("main .actions a", has_text="Record an erasure").click()
    page.wait_for_url("**/erasures/new/")
    page.locator("input[name=drive_serial]").fill("S4EVNX0R123")
    page.locator("input[name=method][value=purge]").check()
    page.locator("input[name=technique]").fill("IEEE 2883 Sanitize Crypto Erase")
    page.locator("select[name=result]").select_option("passed")
    assert_no_serious_axe_violation(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/reuse/devices/{retired.public_id}/")
    assert ErasureRecord.objects.get(device=retired).drive_serial == "S4EVNX0R123"

    with page.expect_download() as download_info:
        page.locator("main .actions a", has_text="Erasure certificate").click()
    path = download_info.value.path()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(path).read_bytes())).pages)
    assert "PC-0042" in text
    assert "S4EVNX0R123" in text
    if width <= 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
