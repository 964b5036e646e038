import pytest
from django.urls import reverse

from fairfleet.reuse.marketplace import services
from fairfleet.reuse.marketplace.models import Offer, Reservation
from tests.api.conftest import token_client
from tests.reuse.marketplace.helpers import network_of, offer, retired, service
from tests.tenancy import factories as tf


def _url(name, obj=None):
    return reverse(f"api:marketplace-{name}", kwargs={"public_id": obj.public_id} if obj else None)


def test_offer_reserve_hand_over_through_the_api(organisation):
    client = token_client(organisation, "reuse_coordinator")
    devices = [retired(organisation) for _ in range(2)]
    response = client.post(_url("offer-list"), {"devices": [str(d.public_id) for d in devices]}, format="json")
    assert response.status_code == 201, response.json()
    assert [row["state"] for row in response.json()] == ["open", "open"]
    assert response.json()[0]["grade"] == "B"
    listed = client.get(_url("offer-list")).json()
    assert len(listed) == 2
    first = Offer.objects.get(public_id=response.json()[0]["id"])
    svc = service(organisation)
    reserved = client.post(_url("offer-reserve", first), {"service": str(svc.public_id), "days": 3}, format="json")
    assert reserved.status_code == 201, reserved.json()
    again = client.post(_url("offer-reserve", first), {"service": str(svc.public_id)}, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This item is already reserved."]}
    reservation = Reservation.objects.get()
    handed = client.post(_url("reservation-hand-over", reservation), {"notes": "ok"}, format="json")
    assert handed.status_code == 200
    assert handed.json()["state"] == "handed_over"


def test_api_bad_input_and_permissions(organisation, other_organisation):
    viewer = token_client(organisation, "viewer")
    device = retired(organisation)
    assert viewer.post(_url("offer-list"), {"devices": [str(device.public_id)]}, format="json").status_code == 403
    admin = token_client(organisation, "admin")
    unknown = admin.post(_url("offer-list"), {"devices": [str(retired(other_organisation).public_id)]}, format="json")
    assert unknown.status_code == 400
    typo = admin.post(_url("offer-list"), {"device": [str(device.public_id)]}, format="json")
    assert typo.status_code == 400
    o = offer(organisation)
    assert viewer.post(_url("offer-reserve", o), {"service": str(service(organisation).public_id)}).status_code == 403
    assert admin.post(_url("offer-reserve", o), {"service": "nope"}, format="json").status_code == 400


def test_api_network_sharing(organisation, other_organisation):
    network = network_of(organisation, other_organisation)
    shared, private = offer(organisation, networks=[network]), offer(organisation)
    member = token_client(other_organisation, "buyer")
    assert [row["id"] for row in member.get(_url("offer-list")).json()] == [str(shared.public_id)]
    assert member.get(_url("offer-detail", private)).status_code == 404
    stranger = token_client(tf.OrganisationFactory(), "admin")
    assert stranger.get(_url("offer-detail", shared)).status_code == 404
    reserved = member.post(_url("offer-reserve", shared), {"service": str(service(other_organisation).public_id)})
    assert reserved.status_code == 201
    reservation = Reservation.objects.get()
    # The claimant cannot hand over; it may cancel.
    assert member.post(_url("reservation-hand-over", reservation)).status_code == 403
    assert member.post(_url("reservation-cancel", reservation)).status_code == 200


@pytest.mark.parametrize("role", ["buyer", "viewer"])
def test_only_offer_managers_withdraw(organisation, role):
    o = offer(organisation)
    client = token_client(organisation, role)
    assert client.post(_url("offer-withdraw", o)).status_code == 403
    services.offer_withdraw(actor=None, offer=o)
