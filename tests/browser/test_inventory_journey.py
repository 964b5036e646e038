"""A fleet manager logs in, filters the list, retires devices in bulk and reads the page in Dutch."""

import pytest

from fairfleet.inventory.models import Device, DeviceState
from tests.browser.conftest import assert_no_serious_axe_violation, log_in
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def fleet(transactional_db):
    organisation = OrganisationFactory(name="Région Démo")
    user = UserFactory(email="manager@example.org")
    MembershipFactory(organisation=organisation, user=user, role="fleet_manager")
    laptop_model = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T14")
    monitor_model = DeviceModelFactory(
        organisation=organisation, manufacturer="Dell", name="P2422H", category=builtin_category("monitor")
    )
    laptops = DeviceFactory.create_batch(6, organisation=organisation, model=laptop_model)
    DeviceFactory.create_batch(4, organisation=organisation, model=monitor_model)
    return {"organisation": organisation, "user": user, "laptops": laptops}


def test_filter_bulk_retire_and_switch_to_dutch(page, fleet):
    log_in(page, "manager@example.org", PASSWORD)
    assert_no_serious_axe_violation(page)

    page.goto(page.live_server_url + "/devices/")
    assert page.locator("#device-results tbody tr").count() == 10
    assert_no_serious_axe_violation(page)

    # Choosing a category refreshes the results in place (htmx) and keeps the filter in the address.
    page.get_by_label("Category").select_option(label="Laptop")
    page.wait_for_url("**category=*")
    page.wait_for_function("document.querySelectorAll('#device-results tbody tr').length === 6")

    checkboxes = page.locator("#device-results tbody input[type=checkbox]")
    for index in range(3):
        checkboxes.nth(index).check()
    page.get_by_label("New state").select_option("end_of_use")
    page.get_by_role("button", name="Review the change").click()
    page.wait_for_load_state("networkidle")
    assert "3 devices will become" in page.content()
    assert_no_serious_axe_violation(page)
    page.get_by_label("Reason").fill("Fleet renewal 2026")
    page.get_by_role("button", name="Confirm the change").click()
    page.wait_for_load_state("networkidle")
    assert "3 devices are now" in page.content()
    assert Device.objects.filter(state=DeviceState.END_OF_USE).count() == 3

    page.locator("#lang-select").select_option("nl")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Toestellen").is_visible()
    assert_no_serious_axe_violation(page)


def test_keyboard_reaches_the_filters_and_the_skip_link(page, fleet):
    log_in(page, "manager@example.org", PASSWORD)
    page.goto(page.live_server_url + "/devices/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused
