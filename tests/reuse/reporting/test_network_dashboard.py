import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fairfleet.footprint.models import FactorSet
from fairfleet.reuse.models import CustodyEvent
from fairfleet.reuse.reporting.selectors import network_dashboard
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory
from tests.reuse.marketplace.helpers import network_of
from tests.tenancy import factories as tf

YEAR = 2025


def event(organisation, kind, day=datetime.date(2025, 5, 1), **kw):
    device = kw.pop("device", None) or DeviceFactory(organisation=organisation, state="handed_over")
    return CustodyEvent.objects.create(
        organisation=organisation, device=device, kind=kind, occurred_on=day, reported_by=organisation, **kw
    )


@pytest.fixture
def platform(organisation):
    """A regional platform coordinated by `organisation`, with five members: two that report events, three
    quiet ones (fewer members would hide every figure)."""
    first, second = tf.OrganisationFactory(name="Ville A"), tf.OrganisationFactory(name="Ville B")
    network = network_of(first, second, *(tf.OrganisationFactory() for _ in range(3)), coordinator=organisation)
    return network, first, second


def test_aggregates_by_route_territory_and_beneficiary(platform):
    network, first, second = platform
    given = event(first, "given", territory="59", beneficiary_kind="school")
    event(first, "picked_up", device=given.device)  # not a proof: no double count, no route
    event(first, "given", territory="59", beneficiary_kind="household", device=given.device,
          day=datetime.date(2025, 6, 1))  # fmt: skip
    event(second, "transferred", territory="62", beneficiary_kind="public_body")
    event(second, "redeployed")
    event(second, "given", day=datetime.date(2024, 12, 31), territory="59")  # another year
    outsider = tf.OrganisationFactory()
    event(outsider, "given", territory="59")  # not a member
    dashboard = network_dashboard(network=network, year=YEAR, viewer=network.coordinator)
    assert dashboard.members == 5
    assert not dashboard.suppressed
    assert dashboard.devices == 3
    assert {str(label): n for label, n in dashboard.by_route} == {
        "Given to a beneficiary": 1,
        "Transferred to another public body": 1,
        "Redeployed inside the organisation": 1,
    }
    assert {str(t): n for t, n in dashboard.by_territory} == {"59": 1, "62": 1, "Territory not given": 1}
    assert {str(label): n for label, n in dashboard.beneficiaries} == {
        "School": 1,
        "Household": 1,
        "Other public body": 1,
    }


def test_avoided_co2_uses_the_footprint_method(platform):
    network, first, _second = platform
    given, redeployed = event(first, "given").device, event(first, "redeployed").device
    dashboard = network_dashboard(network=network, year=YEAR, viewer=network.coordinator)
    if not FactorSet.objects.exists():
        assert dashboard.avoided_kg is None
        return
    from fairfleet.reuse.routes import avoided_by_route

    figures = avoided_by_route(first, [given, redeployed])
    donate = next(f.kg for f in figures[given.pk] if f.route == "donate")
    redeploy = next(f.kg for f in figures[redeployed.pk] if f.route == "redeploy")
    expected = donate + redeploy
    assert dashboard.avoided_kg == pytest.approx(expected)
    assert dashboard.avoided_kg > 0


def test_dashboard_page_for_the_coordinator(organisation, platform):
    network, first, _second = platform
    event(first, "given", territory="59", beneficiary_kind="school")
    client = member_client(organisation, "reuse_coordinator")
    url = reverse("reuse:reporting:network_dashboard", args=[network.public_id])
    response = client.get(url, {"year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Given to a beneficiary" in page
    # Aggregates only: no device of a member appears.
    assert first.devices.get().asset_tag not in page
    assert client.get(reverse("reuse:reporting:network_list")).status_code == 200


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("reuse_coordinator", 200), ("fleet_manager", 403),
                                              ("buyer", 403), ("viewer", 403)])  # fmt: skip
def test_dashboard_permissions(organisation, platform, role, status):
    network, _first, _second = platform
    client = member_client(organisation, role)
    assert client.get(reverse("reuse:reporting:network_dashboard", args=[network.public_id])).status_code == status


def test_members_and_strangers_get_404(platform):
    network, first, _second = platform
    url = reverse("reuse:reporting:network_dashboard", args=[network.public_id])
    assert member_client(first, "admin").get(url).status_code == 404
    assert member_client(tf.OrganisationFactory(), "admin").get(url).status_code == 404


def test_a_learning_network_has_no_dashboard(organisation):
    network = network_of(tf.OrganisationFactory(), kind="learning", coordinator=organisation)
    client = member_client(organisation, "admin")
    assert client.get(reverse("reuse:reporting:network_dashboard", args=[network.public_id])).status_code == 404


def test_partner_capacity(platform):
    from fairfleet.reuse.donations.models import DonationLot, LotDevice, PartnerListing

    network, first, _second = platform
    assert network_dashboard(network=network, year=YEAR, viewer=network.coordinator).partners == []
    partner = tf.OrganisationFactory(name="Atelier du Bocage", kind="reuse_partner")
    PartnerListing.objects.create(
        organisation=partner, network=network, legal_status="reuse_esus",
        monthly_capacity=10, contact_name="C. Partner", contact_email="c@example.org", state="validated",
    )  # fmt: skip
    lot = DonationLot.objects.create(
        organisation=first, title="Lot 1", site=tf.SiteFactory(organisation=first), partner=partner, state="accepted",
        accepted_at=timezone.make_aware(datetime.datetime(2025, 4, 2, 10)),
    )  # fmt: skip
    for _ in range(3):
        LotDevice.objects.create(organisation=first, lot=lot, device=DeviceFactory(organisation=first))
    rows = network_dashboard(network=network, year=YEAR, viewer=network.coordinator).partners
    assert rows == [{"name": "Atelier du Bocage", "monthly_capacity": 10, "capacity": 120, "used": 3, "percent": 2}]


def _platform_of(size, coordinator, *, coordinator_is_member=False):
    """A platform of `size` members besides the coordinator, each with one device given in YEAR."""
    members = [tf.OrganisationFactory() for _ in range(size)]
    network = network_of(*members, *([coordinator] if coordinator_is_member else []), coordinator=coordinator)
    for member in members:
        event(member, "given", territory="59", beneficiary_kind="school")
    if coordinator_is_member:
        event(coordinator, "given", territory="59", beneficiary_kind="school")
    return network


@pytest.mark.parametrize(("size", "shown"), [(1, False), (4, False), (5, True), (6, True)])
def test_figures_need_five_members_besides_the_viewer(organisation, size, shown):
    network = _platform_of(size, organisation)
    dashboard = network_dashboard(network=network, year=YEAR, viewer=organisation)
    assert dashboard.members == size
    assert dashboard.suppressed is not shown
    if shown:
        assert dashboard.devices == size
        assert [(str(label), n) for label, n in dashboard.by_route] == [("Given to a beneficiary", size)]
        assert [(str(label), n) for label, n in dashboard.beneficiaries] == [("School", size)]
    else:
        assert (dashboard.devices, dashboard.by_route, dashboard.by_territory, dashboard.beneficiaries) == (
            0,
            [],
            [],
            [],
        )
        assert dashboard.avoided_kg is None
        assert dashboard.partners is None


def test_the_viewer_does_not_count_among_the_members(organisation):
    """The coordinator and four others: subtracting its own devices would give the four others' figures."""
    network = _platform_of(4, organisation, coordinator_is_member=True)
    dashboard = network_dashboard(network=network, year=YEAR, viewer=organisation)
    assert dashboard.members == 5
    assert dashboard.suppressed
    assert dashboard.devices == 0


@pytest.mark.parametrize(("size", "shown"), [(1, False), (4, False), (5, True), (6, True)])
def test_dashboard_page_says_when_there_are_not_enough_members(organisation, size, shown):
    network = _platform_of(size, organisation)
    client = member_client(organisation, "admin")
    page = client.get(reverse("reuse:reporting:network_dashboard", args=[network.public_id]), {"year": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert ("Not enough members to show figures" in text) is not shown
    assert ("Given to a beneficiary" in text) is shown
