"""Claims made at the same time from parallel connections (one thread each, each with its own database
connection): exactly one winner per item, and every loser gets the clear refusal, never a database error.
Runs on the test database of the run: SQLite (which serialises writers) or PostgreSQL (DATABASE_URL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.marketplace import services
from fairfleet.reuse.marketplace.models import Offer, OfferState, Reservation, ReservationState
from tests.reuse.marketplace.helpers import network_of, offer, service
from tests.tenancy import factories as tf

pytestmark = pytest.mark.django_db(transaction=True)
CLAIMANTS = 8


def _race(work_items):
    """Run every (callable) at once from its own thread and connection; returns ("ok"|"refused"|"error", value)."""
    barrier = threading.Barrier(len(work_items))
    results = [None] * len(work_items)

    def run(index, work):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", work())
        except ValidationError as refusal:
            results[index] = ("refused", refusal.messages)
        except Exception as error:  # the test reports any other failure
            results[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(work_items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_many_services_claim_one_item_exactly_one_wins():
    organisation = tf.OrganisationFactory()
    item = offer(organisation)
    services_ = [service(organisation) for _ in range(CLAIMANTS)]
    results = _race(
        [
            lambda s=s: services.reservation_create(actor=None, offer=item, claimant=organisation, service=s).pk
            for s in services_
        ]
    )
    kinds = [kind for kind, _value in results]
    assert kinds.count("error") == 0, results
    assert kinds.count("ok") == 1, results
    assert kinds.count("refused") == CLAIMANTS - 1
    assert all(value == ["This item is already reserved."] for kind, value in results if kind == "refused")
    assert Reservation.objects.filter(offer=item, state=ReservationState.ACTIVE).count() == 1
    item.refresh_from_db()
    item.device.refresh_from_db()
    assert item.state == OfferState.RESERVED
    assert item.device.state == DeviceState.RESERVED


def test_organisations_of_a_network_race_for_shared_items():
    donor, first, second = tf.OrganisationFactory(), tf.OrganisationFactory(), tf.OrganisationFactory()
    network = network_of(donor, first, second)
    items = [offer(donor, networks=[network]) for _ in range(3)]
    claimants = [(first, service(first)), (second, service(second)), (donor, service(donor))]
    work = [
        lambda item=item, org=org, s=s: services.reservation_create(actor=None, offer=item, claimant=org, service=s)
        for item in items
        for org, s in claimants
    ]
    results = _race(work)
    assert [kind for kind, _ in results].count("error") == 0, results
    for item in items:
        assert Reservation.objects.filter(offer=item).count() == 1
    assert Offer.objects.filter(state=OfferState.RESERVED).count() == 3


def test_cancel_and_handover_at_once_one_wins():
    organisation = tf.OrganisationFactory()
    item = offer(organisation)
    reservation = services.reservation_create(
        actor=None, offer=item, claimant=organisation, service=service(organisation)
    )
    results = _race(
        [
            lambda: services.reservation_hand_over(actor=None, reservation=reservation).state,
            lambda: services.reservation_cancel(actor=None, reservation=reservation).state,
        ]
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["ok", "refused"], results
    reservation.refresh_from_db()
    assert reservation.state in (ReservationState.HANDED_OVER, ReservationState.CANCELLED)
