"""The full end-of-first-use path, driven through the pages as people would: a town hall retires 20 laptops
from its device list, triages them in two bulk assessments, imports the erasure report of their drives,
redeploys 5 to a tolerant service through the internal marketplace and donates the other 15 to a reuse
partner, which accepts the lot on a phone, confirms receipt and reports what became of each device. Every
page visited passes axe; screenshots are saved under var/screenshots/full-path/."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from fairfleet.footprint.loading import BUNDLED_FACTOR_FILE, load_factor_file
from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS
from fairfleet.inventory.models import Device, DeviceState, DeviceTransition
from fairfleet.reuse.donations.models import DonationLot, LegalStatus, LotState
from fairfleet.reuse.marketplace.models import DeviceRequest, RequestState
from fairfleet.reuse.models import Assessment, CustodyEvent, CustodyEventKind, ErasureRecord, Route
from tests.browser.conftest import assert_no_serious_axe_violation, open_as
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.reuse.donations.factories import PartnerListingFactory, platform_with
from tests.tenancy.factories import (
    MembershipFactory,
    OrganisationFactory,
    ServiceFactory,
    SiteFactory,
    StorageRoomFactory,
    UserFactory,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "full-path"
TAGS = [f"PC-{n:04d}" for n in range(1, 21)]
REDEPLOYED, DONATED = TAGS[:5], TAGS[5:]


def serial(tag: str) -> str:
    return tag.replace("PC-", "SN-T480-")


@pytest.fixture
def town_hall(django_db_serialized_rollback, transactional_db):
    """A French town hall with 20 laptops and 3 screens in use at its reception desk, the people who act on
    them, and a reuse partner with a validated listing in a regional reuse platform."""
    for code in BUILTIN_CATEGORY_LABELS:  # a previous live-server test may have flushed the migrations' rows
        builtin_category(code)
    load_factor_file(BUNDLED_FACTOR_FILE)
    donor = OrganisationFactory(name="Ville de Roubaix", kind="local_authority", country="FR", language="en")
    for email, role in [
        ("fleet@roubaix.example", "fleet_manager"),
        ("reuse@roubaix.example", "reuse_coordinator"),
        ("buyer@roubaix.example", "buyer"),
    ]:
        MembershipFactory(organisation=donor, user=UserFactory(email=email), role=role)
    reception = ServiceFactory(organisation=donor, name="Accueil des usagers", criticality="standard")
    ServiceFactory(organisation=donor, name="Télétravail", criticality="tolerant")
    site = SiteFactory(organisation=donor, name="Hôtel de ville", postcode="59100", city="Roubaix",
                       address="Grand-Place")  # fmt: skip
    StorageRoomFactory(site=site, name="Réserve B", capacity=30)
    laptop = DeviceModelFactory(organisation=donor, manufacturer="Lenovo", name="ThinkPad T480",
                                category=builtin_category("laptop"), release_year=2022)  # fmt: skip
    screen = DeviceModelFactory(organisation=donor, manufacturer="Dell", name="P2422H",
                                category=builtin_category("monitor"))  # fmt: skip
    # Bought a little over four years ago: young enough to be redeployed, worth less than the 300 € cap.
    bought = datetime.date.today() - datetime.timedelta(days=4 * 365 + 60)
    for tag in TAGS:
        DeviceFactory(organisation=donor, model=laptop, asset_tag=tag, serial_number=serial(tag), service=reception,
                      site=site, acquisition_date=bought, price=Decimal("1100.00"))  # fmt: skip
    for n in range(1, 4):
        DeviceFactory(organisation=donor, model=screen, asset_tag=f"EC-{n:04d}", service=reception, site=site)

    listing = PartnerListingFactory(
        organisation__name="Atelier Solidaire Nord",
        legal_status=LegalStatus.GENERAL_INTEREST,
        territories=["FR-59"],
        accepted_categories=["laptop", "desktop", "monitor"],
        monthly_capacity=60,
    )
    listing.network = platform_with(listing.organisation, coordinator=OrganisationFactory(name="Région Démo"))
    listing.save()
    MembershipFactory(
        organisation=listing.organisation, user=UserFactory(email="partner@atelier.example"), role="reuse_coordinator"
    )
    return donor


def check(page, name: str, *, full_page: bool = True):
    """Every page visited: no serious axe violation, and a screenshot to look at."""
    assert_no_serious_axe_violation(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def click_and_wait(page, locator):
    with page.expect_navigation():  # waits for the new page's load event
        locator.click()


def success(page, text: str):
    assert page.locator(".message", has_text=text).count() >= 1, f"no message “{text}” on {page.url}"


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def retire_the_laptops(browser, live_server):
    """The fleet manager filters the device list on laptops and moves every one of them to end of use."""
    fleet = open_as(browser, live_server, "fleet@roubaix.example")
    fleet.goto(live_server.url + "/devices/")
    assert fleet.locator("#device-results tbody tr").count() == 23
    check(fleet, "01-devices-in-use")
    fleet.get_by_label("Category").select_option(label="Laptop")
    fleet.wait_for_url("**category=*")
    fleet.wait_for_function("document.querySelectorAll('#device-results tbody tr').length === 20")
    fleet.get_by_label("New state").select_option("end_of_use")
    fleet.get_by_label("Every device matching the filters").check()
    click_and_wait(fleet, fleet.get_by_role("button", name="Review the change"))
    assert "20 devices will become “End of use (awaiting triage)”." in fleet.locator("main").inner_text()
    fleet.get_by_label("Reason").fill("Renouvellement du parc 2026")
    fleet.get_by_label("Storage room").select_option(label="Hôtel de ville / Réserve B")
    check(fleet, "02-bulk-retire-review")
    click_and_wait(fleet, fleet.get_by_role("button", name="Confirm the change"))
    success(fleet, "20 devices are now “End of use (awaiting triage)”.")
    check(fleet, "03-devices-retired")
    fleet.context.close()
    assert Device.objects.filter(state=DeviceState.END_OF_USE, asset_tag__in=TAGS).count() == 20
    assert Device.objects.filter(state=DeviceState.IN_USE, asset_tag__startswith="EC-").count() == 3
    assert not Device.objects.filter(asset_tag__in=TAGS).exclude(storage_room__name="Réserve B").exists()


def assess_together(page, tags, *, grade, battery, name):
    for tag in tags:
        page.get_by_label(tag, exact=True).check()
    click_and_wait(page, page.get_by_role("button", name="Assess the selected devices together"))
    assert page.locator("h1").inner_text() == f"Assess {len(tags)} identical devices"
    for select in page.locator("main select[name^=check_]").all():
        select.select_option("ok")
    page.locator(f"input[name=grade][value={grade}]").check()
    page.get_by_label("Battery health (%)").fill(str(battery))
    page.get_by_label("Storage health").select_option("good")
    check(page, name)
    click_and_wait(page, page.get_by_role("button", name="Save the assessment"))
    success(page, f"{len(tags)} devices were assessed.")


def triage_and_erase(browser, live_server):
    """The reuse coordinator assesses identical laptops in two groups, then imports the erasure report."""
    reuse = open_as(browser, live_server, "reuse@roubaix.example")
    reuse.goto(live_server.url + "/reuse/")
    assert reuse.locator(".card", has_text="Awaiting triage").locator(".figure").inner_text() == "20"
    check(reuse, "04-reuse-home")
    click_and_wait(reuse, reuse.locator("main .page-head").get_by_role("link", name="Triage queue"))
    assert reuse.locator("#triage-results tbody tr").count() == 20
    check(reuse, "05-triage-queue")
    # The five best kept laptops, then the fifteen with worn cases and tired batteries.
    assess_together(reuse, REDEPLOYED, grade="A", battery=91, name="06-assess-5")
    assess_together(reuse, DONATED, grade="C", battery=58, name="07-assess-15")
    routes = dict(Assessment.objects.values_list("device__asset_tag", "suggested_route"))
    assert {routes[t] for t in REDEPLOYED} == {Route.REDEPLOY}
    assert {routes[t] for t in DONATED} == {Route.DONATE}
    assert "Redeploy inside the organisation" in reuse.locator("#triage-results tr", has_text="PC-0001").inner_text()
    check(reuse, "08-triage-assessed")
    click_and_wait(reuse, reuse.get_by_role("link", name="PC-0006", exact=True))
    assert "Donate" in reuse.locator("main").inner_text()
    check(reuse, "09-device-route")

    # The laptops were retired two days ago, and the technician's erasure tool exported one line per drive
    # yesterday afternoon: an erasure counts only after the device's last entry into end of use.
    DeviceTransition.objects.filter(to_state=DeviceState.END_OF_USE, device__asset_tag__in=TAGS).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    erased_on = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    header = ["Device serial", "Drive serial", "Method", "Technique", "Tool", "Operator", "Date", "Result", "Report"]
    rows = [header]
    rows += [
        [serial(tag), f"S4EV{n:06d}", "purge", "Sanitize Crypto Erase (IEEE 2883)", "Blancco Drive Eraser 7.13",
         "Karim Benali", f"{erased_on} 15:{n:02d}", "successful", f"BDE-2026-{n:04d}"]
        for n, tag in enumerate(TAGS, start=1)
    ]  # fmt: skip
    reuse.goto(live_server.url + "/reuse/")
    click_and_wait(reuse, reuse.get_by_role("link", name="Import erasure reports"))
    check(reuse, "10-erasure-import")
    reuse.locator("input[name=file]").set_input_files(
        files=[{"name": "erasures.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}]
    )
    click_and_wait(reuse, reuse.get_by_role("button", name="Check the file"))
    assert reuse.get_by_text("20 erasures matched a device.").is_visible()
    assert reuse.get_by_text("0 lines have errors.").is_visible()
    check(reuse, "11-erasure-import-checked")
    click_and_wait(reuse, reuse.get_by_role("button", name="Record the matched erasures"))
    assert reuse.get_by_text("20 erasures were recorded.").is_visible()  # the job page, once its apply has run
    check(reuse, "12-erasure-import-applied")
    assert ErasureRecord.objects.filter(result="passed", device__asset_tag__in=TAGS).count() == 20
    return reuse


def redeploy_five(reuse, browser, live_server):
    """The coordinator offers the five; the buyer asks for five laptops for teleworking and reserves them
    from the request page; the coordinator hands each one over to the service."""
    reuse.goto(live_server.url + "/reuse/")
    click_and_wait(reuse, reuse.get_by_role("link", name="Internal marketplace"))
    check(reuse, "13-marketplace")
    click_and_wait(reuse, reuse.get_by_role("link", name="Offer retired items"))
    for tag in REDEPLOYED:
        reuse.get_by_label(f"{tag} ·", exact=False).check()
    reuse.get_by_label("Pickup place").fill("Hôtel de ville, réserve B")
    check(reuse, "14-offer-form")
    click_and_wait(reuse, reuse.get_by_role("button", name="Put on offer"))
    success(reuse, "5 items are now on offer.")
    check(reuse, "15-offers")

    buyer = open_as(browser, live_server, "buyer@roubaix.example")
    buyer.goto(live_server.url + "/reuse/marketplace/requests/new/")
    buyer.get_by_label("Requesting service").select_option(label="Télétravail")
    buyer.get_by_label("Category").select_option(label="Laptop")
    buyer.get_by_label("Quantity").fill("5")
    buyer.get_by_label("Purpose").fill("Postes de télétravail des nouveaux agents")
    check(buyer, "16-request-form")
    click_and_wait(buyer, buyer.get_by_role("button", name="Record the request"))
    assert buyer.locator("main table tbody tr").count() == 5
    check(buyer, "17-request-matches")
    request_url = buyer.url
    for reserved in range(1, 6):
        click_and_wait(buyer, buyer.locator("main table tbody tr").first.get_by_role("button", name="Reserve"))
        success(buyer, "The item is reserved for Télétravail.")
        if reserved == 1:
            check(buyer, "18-reservation-buyer")
        buyer.goto(request_url)
        assert buyer.locator("main ul li", has_text="Active").count() == reserved
    assert buyer.get_by_text("5 reserved, 0 handed over").is_visible()
    check(buyer, "18b-request-reserved")
    buyer.context.close()

    for handed in range(5):
        reuse.goto(live_server.url + "/reuse/marketplace/reservations/")
        if handed == 0:
            check(reuse, "19-reservations")
        row = reuse.locator("main table tbody tr", has_text="Active").first
        click_and_wait(reuse, row.get_by_role("link"))
        reuse.get_by_label("Handover notes").fill("Remis au service Télétravail, poste préparé")
        if handed == 0:
            check(reuse, "20-reservation-handover")
        click_and_wait(reuse, reuse.get_by_role("button", name="Record the handover"))
        success(reuse, "The item was handed over to Télétravail.")
    check(reuse, "21-reservation-handed-over")
    assert DeviceRequest.objects.get().state == RequestState.FULFILLED


def donate_fifteen(reuse, browser, live_server):
    """The coordinator puts the fifteen in a lot and offers it; the partner accepts on a phone, plans the
    pick-up, both confirm the handover, and the partner reports what became of each device."""
    reuse.goto(live_server.url + "/reuse/")
    click_and_wait(reuse, reuse.get_by_role("link", name="Donation lots"))
    check(reuse, "22-donations")
    click_and_wait(reuse, reuse.get_by_role("link", name="Create a donation lot"))
    assert reuse.locator("input[name=devices]").count() == 15  # the redeployed five are no longer eligible
    reuse.get_by_label("Title").fill("Portables réformés, hôtel de ville")
    reuse.get_by_label("Site where the devices are").select_option(label="Hôtel de ville")
    for tag in DONATED:
        reuse.get_by_label(f"{tag} ·", exact=False).check()
    check(reuse, "23-lot-form")
    click_and_wait(reuse, reuse.get_by_role("button", name="Create the lot"))
    assert reuse.get_by_role("heading", name="Suitable partners").is_visible()
    partner_card = reuse.locator(".card", has_text="Atelier Solidaire Nord")
    assert "Serves the territory of the site: 59 Nord." in partner_card.inner_text()
    assert partner_card.locator(".message-warning").count() == 0
    check(reuse, "24-lot-partners")
    reuse.get_by_label("Atelier Solidaire Nord").check()
    click_and_wait(reuse, reuse.get_by_role("button", name="Offer the lot"))
    success(reuse, "The lot was offered.")
    lot = DonationLot.objects.get()
    assert lot.state == LotState.OFFERED
    assert lot.items.count() == 15

    partner = open_as(browser, live_server, "partner@atelier.example", width=390)
    partner.goto(live_server.url + "/reuse/donations/")
    check(partner, "25-partner-offers-390")
    click_and_wait(partner, partner.get_by_role("link", name="Portables réformés, hôtel de ville"))
    check(partner, "26-partner-lot-offer-390")
    click_and_wait(partner, partner.get_by_role("button", name="Accept the lot"))
    success(partner, "You accepted the lot.")
    partner.get_by_label("Pick-up date").fill(datetime.date.today().isoformat())
    partner.get_by_label("Pick-up place").fill("Grand-Place, Roubaix (quai de livraison)")
    partner.get_by_label("Transporter").fill("Atelier Solidaire Nord")
    click_and_wait(partner, partner.get_by_role("button", name="Save the pick-up"))
    success(partner, "The pick-up is planned.")
    check(partner, "27-partner-pickup-390")
    assert partner.evaluate("document.documentElement.scrollWidth") <= 390

    reuse.reload()
    check(reuse, "28-donor-lot-pickup")
    click_and_wait(reuse, reuse.get_by_role("button", name="Confirm the handover"))
    success(reuse, "Handover confirmed.")
    assert_no_serious_axe_violation(reuse)
    partner.reload()
    click_and_wait(partner, partner.get_by_role("button", name="Confirm receipt of the devices"))
    lot.refresh_from_db()
    assert lot.state == LotState.HANDED_OVER
    assert Device.objects.filter(asset_tag__in=DONATED, state=DeviceState.HANDED_OVER).count() == 15
    check(partner, "29-partner-received-390")

    # The partner's stock software exports what became of 14 of them...
    reported_on = datetime.date.today().isoformat()
    fates = {0: ("given", "school", ""), 1: ("given", "association", ""), 2: ("sold_solidarity", "", "120.00"),
             3: ("refurbished", "", "")}  # fmt: skip
    rows = [["serial_number", "event", "date", "place", "territory", "beneficiary", "price", "reference", "notes"]]
    for n, tag in enumerate(DONATED[:14]):
        event, beneficiary, price = fates[n % 4]
        rows.append([serial(tag), event, reported_on, "Roubaix", "FR-59", beneficiary, price, f"ASN-{n:03d}", ""])
    partner.locator("input[name=file]").set_input_files(
        files=[{"name": "devenir.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}]
    )
    click_and_wait(partner, partner.get_by_role("button", name="Check and record"))
    success(partner, "14 events were recorded.")
    # ...and the last one is reported by hand, on the phone.
    last = Device.objects.get(asset_tag=DONATED[-1])
    partner.get_by_role("combobox", name="Device").select_option(label=f"{last.serial_number} · {last.model}")
    partner.get_by_label("Event").select_option("given")
    partner.get_by_label("Date").fill(reported_on)
    partner.get_by_label("Territory").select_option("FR-59")
    partner.get_by_label("Beneficiary").select_option("household")
    click_and_wait(partner, partner.get_by_role("button", name="Record the event"))
    success(partner, "The event was recorded.")
    check(partner, "30-partner-custody-390")
    assert partner.evaluate("document.documentElement.scrollWidth") <= 390
    partner.context.close()
    return lot


def test_retire_triage_redeploy_and_donate_twenty_laptops(browser, live_server, town_hall):
    retire_the_laptops(browser, live_server)
    reuse = triage_and_erase(browser, live_server)
    redeploy_five(reuse, browser, live_server)
    lot = donate_fifteen(reuse, browser, live_server)

    # The donor reads on the lot's page what became of each device.
    reuse.goto(live_server.url + f"/reuse/donations/lots/{lot.public_id}/")
    table = reuse.locator("section", has=reuse.get_by_role("heading", name="Devices and what became of them"))
    for tag in DONATED:
        device = Device.objects.get(asset_tag=tag)
        row = table.locator("tbody tr", has=reuse.get_by_role("rowheader", name=device.serial_number, exact=True))
        text = row.inner_text()
        assert str(device.state_label) in text, text
        assert "Received by the partner" in text, text
        assert "Atelier Solidaire Nord" in text, text
    row_text = table.locator("tbody tr", has_text=serial(DONATED[0])).inner_text()
    assert "Given to a beneficiary" in row_text
    assert "School" in row_text
    assert "Sold at a solidarity price" in table.locator("tbody tr", has_text=serial(DONATED[2])).inner_text()
    assert "Household" in table.locator("tbody tr", has_text=serial(DONATED[-1])).inner_text()
    check(reuse, "31-donor-lot-outcome")
    reuse.context.close()

    # The outcome in the database.
    redeployed = Device.objects.filter(asset_tag__in=REDEPLOYED)
    assert {(d.state, d.service.name) for d in redeployed} == {(DeviceState.IN_USE, "Télétravail")}
    for device in redeployed:
        assert device.custody_events.filter(kind=CustodyEventKind.REDEPLOYED).count() == 1
    donated = Device.objects.filter(asset_tag__in=DONATED)
    assert {d.state for d in donated} <= {DeviceState.HANDED_OVER, DeviceState.SECOND_LIFE}
    partner_name = "Atelier Solidaire Nord"
    for device in donated:
        kinds = set(device.custody_events.filter(reported_by__name=partner_name).values_list("kind", flat=True))
        assert CustodyEventKind.RECEIVED in kinds, (device, kinds)
        assert len(kinds) >= 2, (device, kinds)
        second_life = kinds & {CustodyEventKind.GIVEN, CustodyEventKind.SOLD_SOLIDARITY}
        assert (device.state == DeviceState.SECOND_LIFE) == bool(second_life), (device, kinds)
    assert donated.filter(state=DeviceState.SECOND_LIFE).count() == 12  # 11 of the 14 in the file, and the last
    assert CustodyEvent.objects.filter(kind=CustodyEventKind.GIVEN, reported_by__name=partner_name).count() == 9
