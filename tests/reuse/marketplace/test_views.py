import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.marketplace import services
from fairfleet.reuse.marketplace.models import Offer, OfferState, Reservation, ReservationState
from tests.conftest import member_client
from tests.inventory.factories import builtin_category
from tests.reuse.marketplace.helpers import network_of, offer, retired, service
from tests.tenancy import factories as tf

ROLES = ["admin", "fleet_manager", "reuse_coordinator", "buyer", "viewer"]


def _url(name, obj=None):
    return reverse(f"reuse:marketplace:{name}", kwargs={"public_id": obj.public_id} if obj else None)


# Pages -------------------------------------------------------------------------------------------


def test_pages_render(org_admin_client, organisation):
    o = offer(organisation)
    reservation = services.reservation_create(
        actor=None, offer=offer(organisation), claimant=organisation, service=service(organisation)
    )
    request = services.request_create(
        actor=None, organisation=organisation, service=service(organisation), category=builtin_category("laptop")
    )
    retired(organisation)
    for url in [
        _url("offer_list"),
        _url("offer_list") + "?state=&origin=own",
        _url("offer_create"),
        _url("offer_detail", o),
        _url("request_list"),
        _url("request_list") + "?state=",
        _url("request_create"),
        _url("request_detail", request),
        _url("reservation_list"),
        _url("reservation_detail", reservation),
    ]:
        response = org_admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(organisation, role):
    client = member_client(organisation, role)
    o = offer(organisation)
    devices = [retired(organisation)]
    svc = service(organisation)
    may_offer = role in ("admin", "fleet_manager", "reuse_coordinator")
    may_claim = role != "viewer"
    assert client.get(_url("offer_list")).status_code == 200
    assert client.get(_url("offer_create")).status_code == (200 if may_offer else 403)
    response = client.post(_url("offer_create"), {"devices": [str(devices[0].public_id)]})
    assert response.status_code == (302 if may_offer else 403)
    assert client.get(_url("request_create")).status_code == (200 if may_claim else 403)
    response = client.post(_url("offer_reserve", o), {"service": str(svc.public_id), "days": 14})
    assert response.status_code == (302 if may_claim else 403)
    reservation = Reservation.objects.filter(offer=o).first()
    assert (reservation is not None) == may_claim
    if reservation is None:
        reservation = services.reservation_create(actor=None, offer=o, claimant=organisation, service=svc)
    response = client.post(_url("reservation_hand_over", reservation), {"notes": ""})
    assert response.status_code == (302 if may_offer else 403)
    reservation.refresh_from_db()
    assert (reservation.state == ReservationState.HANDED_OVER) == may_offer
    other = offer(organisation)
    response = client.post(_url("offer_withdraw", other))
    assert response.status_code == (302 if may_offer else 403)
    other.refresh_from_db()
    assert (other.state == OfferState.WITHDRAWN) == may_offer


def test_offer_form_offers_five_devices(org_admin_client, organisation):
    devices = [retired(organisation) for _ in range(5)]
    response = org_admin_client.post(
        _url("offer_create"), {"devices": [str(d.public_id) for d in devices], "pickup_place": "Annexe Nord"}
    )
    assert response.status_code == 302
    assert Offer.objects.filter(organisation=organisation, state="open").count() == 5


def test_offer_form_bad_input(org_admin_client, organisation):
    in_use = tf.ServiceFactory(organisation=organisation)  # not a device: an unknown id
    response = org_admin_client.post(_url("offer_create"), {"devices": [str(in_use.public_id)]})
    assert response.status_code == 400
    assert not Offer.objects.exists()


def test_loser_sees_the_refusal(org_admin_client, organisation):
    o = offer(organisation)
    services.reservation_create(actor=None, offer=o, claimant=organisation, service=service(organisation))
    svc = service(organisation)
    response = org_admin_client.post(
        _url("offer_reserve", o), {"service": str(svc.public_id), "days": 14}, follow=True
    )
    assert response.status_code == 400
    assert "This item is already reserved." in response.content.decode()


def test_vital_service_refused_grade_c_on_the_page(org_admin_client, organisation):
    o = offer(organisation, grade="C")
    vital = service(organisation, "vital")
    response = org_admin_client.post(_url("offer_reserve", o), {"service": str(vital.public_id), "days": 14})
    assert response.status_code == 400
    assert "does not suit the service" in response.content.decode()


def test_request_detail_ranks_matches_by_criticality(org_admin_client, organisation):
    old_d = offer(organisation, grade="D", acquisition_date="2015-01-01")
    young_a = offer(organisation, grade="A", acquisition_date="2023-01-01")
    old_b = offer(organisation, grade="B", acquisition_date="2016-01-01")
    laptop = builtin_category("laptop")
    tolerant_service, vital_service = service(organisation, "tolerant"), service(organisation, "vital")
    tolerant = services.request_create(
        actor=None, organisation=organisation, service=tolerant_service, category=laptop
    )
    vital = services.request_create(actor=None, organisation=organisation, service=vital_service, category=laptop)
    tolerant_page = org_admin_client.get(_url("request_detail", tolerant))
    vital_page = org_admin_client.get(_url("request_detail", vital))
    assert [m.offer for m in tolerant_page.context["matches"]] == [old_d, old_b, young_a]
    assert [m.offer for m in vital_page.context["matches"]] == [young_a, old_b, old_d]
    assert [m.acceptable for m in vital_page.context["matches"]] == [True, True, False]


# Isolation and network sharing -------------------------------------------------------------------


def test_other_organisation_sees_nothing(organisation, other_org_client):
    o = offer(organisation)
    assert other_org_client.get(_url("offer_detail", o)).status_code == 404
    page = other_org_client.get(_url("offer_list") + "?state=")
    assert list(page.context["offers"]) == []


def test_network_member_sees_only_what_is_shared(organisation, other_organisation, other_org_client):
    network = network_of(organisation, other_organisation)
    shared = offer(organisation, networks=[network])
    private = offer(organisation)
    page = other_org_client.get(_url("offer_list"))
    assert list(page.context["offers"]) == [shared]
    assert other_org_client.get(_url("offer_detail", shared)).status_code == 200
    assert other_org_client.get(_url("offer_detail", private)).status_code == 404
    # The sharing organisation's network list and history stay its own.
    detail = other_org_client.get(_url("offer_detail", shared))
    assert detail.context["networks"] == []
    assert detail.context["log"] == []


def test_network_member_reserves_a_shared_item(organisation, other_organisation, other_org_client):
    network = network_of(organisation, other_organisation)
    shared = offer(organisation, networks=[network])
    schools = service(other_organisation)
    response = other_org_client.post(_url("offer_reserve", shared), {"service": str(schools.public_id), "days": 7})
    assert response.status_code == 302
    reservation = Reservation.objects.get(offer=shared)
    assert reservation.claimant == other_organisation
    assert reservation.organisation == organisation
    # Both sides see the reservation; the claimant may not hand it over (the giver does).
    assert other_org_client.get(_url("reservation_detail", reservation)).status_code == 200
    assert other_org_client.post(_url("reservation_hand_over", reservation)).status_code == 403
    # A third organisation, in no network, sees nothing.
    stranger = member_client(tf.OrganisationFactory(), "admin")
    assert stranger.get(_url("reservation_detail", reservation)).status_code == 404
    assert stranger.post(_url("reservation_cancel", reservation)).status_code == 404
    # The claimant may give the reservation up.
    assert other_org_client.post(_url("reservation_cancel", reservation)).status_code == 302
    reservation.refresh_from_db()
    assert reservation.state == ReservationState.CANCELLED


def test_a_member_who_left_no_longer_sees_shared_offers(organisation, other_organisation, other_org_client):
    network = network_of(organisation, other_organisation)
    shared = offer(organisation, networks=[network])
    network.memberships.filter(organisation=other_organisation).update(state="left")
    assert other_org_client.get(_url("offer_detail", shared)).status_code == 404


def test_a_foreign_service_cannot_be_used(organisation, other_organisation, org_admin_client):
    o = offer(organisation)
    foreign = service(other_organisation)
    response = org_admin_client.post(_url("offer_reserve", o), {"service": str(foreign.public_id), "days": 14})
    assert response.status_code == 400
    o.device.refresh_from_db()
    assert o.device.state == DeviceState.OFFERED_INTERNALLY


# Queries -----------------------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)  # the first request of a session also saves the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["offer_list", "reservation_list", "request_list"])
def test_list_pages_query_count_does_not_grow(org_admin_client, organisation, name):
    def add(count):
        for _ in range(count):
            o = offer(organisation)
            svc = service(organisation)
            services.reservation_create(actor=None, offer=o, claimant=organisation, service=svc)
            services.request_create(actor=None, organisation=organisation, service=svc,
                                    category=builtin_category("laptop"))  # fmt: skip

    url = _url(name) + ("?state=" if name == "offer_list" else "")
    add(2)
    few = _count(org_admin_client, url)
    add(8)
    assert _count(org_admin_client, url) == few
    assert few <= 12


def test_request_detail_query_count_does_not_grow(org_admin_client, organisation):
    svc = service(organisation, "tolerant")
    request = services.request_create(actor=None, organisation=organisation, service=svc,
                                      category=builtin_category("laptop"))  # fmt: skip
    offer(organisation)
    few = _count(org_admin_client, _url("request_detail", request))
    for _ in range(6):
        offer(organisation)
    assert _count(org_admin_client, _url("request_detail", request)) == few
