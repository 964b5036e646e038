"""Every main page, in French at desktop width and in Dutch at phone width: axe finds no serious
or critical violation, and no text overflows the phone screen sideways."""

import pytest

from tests.browser.conftest import assert_no_serious_axe_violation, log_in
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.tenancy import factories as tf

PAGES = [
    "/",
    "/devices/",
    "/devices/new/",
    "/models/",
    "/services/",
    "/sites/",
    "/people/",
    "/networks/",
    "/organisation/",
    "/organisation/audit/",
    "DEVICE",
    "SITE",
    "NETWORK",
]


@pytest.fixture
def admin_fleet(transactional_db):
    organisation = tf.OrganisationFactory(name="Région Démo")
    user = tf.UserFactory(email="admin@example.org")
    tf.MembershipFactory(organisation=organisation, user=user, role="admin")
    service = tf.ServiceFactory(organisation=organisation, name="Direction du numérique", criticality="vital")
    site = tf.SiteFactory(organisation=organisation, name="Hôtel de région")
    tf.StorageRoomFactory(site=site, name="Réserve")
    tf.PersonFactory(organisation=organisation, full_name="Camille Martin", service=service)
    model = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T14")
    device = DeviceFactory(organisation=organisation, model=model, service=service, site=site)
    network = tf.NetworkFactory(coordinator=organisation, name="Réseau numérique responsable")
    tf.NetworkMembershipFactory(network=network, organisation=organisation, state="active")
    return {
        "DEVICE": f"/devices/{device.public_id}/",
        "SITE": f"/sites/{site.public_id}/",
        "NETWORK": f"/networks/{network.public_id}/",
    }


@pytest.mark.parametrize(("language", "width"), [("fr", 1280), ("nl", 390)])
def test_main_pages_are_accessible(browser, live_server, django_db_serialized_rollback, admin_fleet, language, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale=language, extra_http_headers={"Accept-Language": language}
    )
    page = context.new_page()
    page.live_server_url = live_server.url
    log_in(page, "admin@example.org", tf.PASSWORD, language=language)
    failures = []
    for path in PAGES:
        response = page.goto(live_server.url + admin_fleet.get(path, path))
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        try:
            assert_no_serious_axe_violation(page)
        except AssertionError as error:
            failures.append(f"{path}: {error}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 2:
            failures.append(f"{path}: the page is {overflow}px wider than the screen")
    context.close()
    assert not failures, "\n".join(failures)
