"""A fleet manager opens the fleet's footprint, drills into a service and a device, then builds a lifetime
scenario and compares it with the current state; in French at desktop width and in Dutch on a phone."""

import pytest

from fairfleet.footprint.loading import BUNDLED_FACTOR_FILE, load_factor_file
from fairfleet.footprint.models import Scenario
from fairfleet.footprint.services import fleet_snapshot_compute
from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS
from fairfleet.inventory.models import DeviceState
from tests.browser.conftest import assert_no_serious_axe_violation, open_as
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import MembershipFactory, OrganisationFactory, ServiceFactory, UserFactory


@pytest.fixture
def fleet(django_db_serialized_rollback, transactional_db):
    for code in BUILTIN_CATEGORY_LABELS:  # a previous live-server test may have flushed the migrations' rows
        builtin_category(code)
    load_factor_file(BUNDLED_FACTOR_FILE)  # idempotent, like the data migration
    organisation = OrganisationFactory(name="Région Démo")
    MembershipFactory(organisation=organisation, user=UserFactory(email="manager@example.org"), role="fleet_manager")
    finances = ServiceFactory(organisation=organisation, name="Direction des finances")
    laptop = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T14",
                                category=builtin_category("laptop"))  # fmt: skip
    screen = DeviceModelFactory(organisation=organisation, manufacturer="Dell", name="P2422H",
                                category=builtin_category("monitor"))  # fmt: skip
    DeviceFactory.create_batch(8, organisation=organisation, model=laptop, service=finances, state=DeviceState.IN_USE)
    DeviceFactory.create_batch(5, organisation=organisation, model=screen, service=finances, state=DeviceState.IN_USE)
    fleet_snapshot_compute(organisation=organisation)
    return organisation


@pytest.mark.parametrize(("language", "width"), [("fr", 1280), ("nl", 390)])
def test_fleet_service_device_and_a_scenario(fleet, browser, live_server, language, width):
    page = open_as(browser, live_server, "manager@example.org", language=language, width=width)
    page.goto(live_server.url + "/footprint/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".cards .figure").first.inner_text().strip() != "—"
    assert_no_serious_axe_violation(page)
    if width <= 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1

    page.locator("#by-service + * a, section[aria-labelledby=by-service] a").first.click()
    page.wait_for_url("**/footprint/services/*/")
    assert page.locator("table.criteria tbody tr").count() == 24
    assert_no_serious_axe_violation(page)

    page.locator("a[href^='/footprint/devices/']").first.click()
    page.wait_for_url("**/footprint/devices/*/")
    assert page.locator("table.criteria tbody tr").count() == 24
    assert_no_serious_axe_violation(page)

    # A lifetime scenario: laptops kept 6 years instead of the reference 4, compared with today.
    page.goto(live_server.url + "/footprint/scenarios/new/")
    page.locator("input[name=kind][value=keep_longer]").check()
    page.wait_for_selector("#scenario-fields input[name=to_years]")  # htmx swapped in the kind's fields
    page.locator("#scenario-fields input[name=name]").fill("Laptops 6 years")
    laptop = str(builtin_category("laptop").public_id)
    page.locator("#scenario-fields select[name=category]").select_option(laptop)
    page.locator("#scenario-fields input[name=to_years]").fill("6")
    page.locator("#scenario-fields button[type=submit]").click()
    page.wait_for_url("**/footprint/scenarios/*-*/")
    scenario = Scenario.objects.get(organisation=fleet)
    assert scenario.results, "the scenario was saved with its results"
    assert_no_serious_axe_violation(page)

    page.goto(live_server.url + "/footprint/scenarios/")
    page.locator(f"input[name=s][value='{scenario.public_id}']").check()
    page.locator("main form[action$='/compare/'] button[type=submit]").click()
    page.wait_for_url("**/footprint/scenarios/compare/*")
    assert page.locator("main table th", has_text="Laptops 6 years").count() >= 1  # a column beside today's
    assert page.locator("main .errorlist").count() == 0
    assert_no_serious_axe_violation(page)
    if width <= 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
