"""Two partners accept the same lot at the same moment, over two real database connections: exactly
one wins, the other gets a clear refusal. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from fairfleet.reuse.donations import services
from fairfleet.reuse.donations.models import DonationLot, LotState, OfferState
from tests.reuse.donations.factories import PartnerListingFactory, donor_actor, offered_lot
from tests.tenancy.factories import OrganisationFactory


def _race(offers, users) -> dict[int, object]:
    """Each thread (its own database connection) accepts its offer once both are ready."""
    barrier = threading.Barrier(len(offers))
    results: dict[int, object] = {}

    def accept(index):
        try:
            barrier.wait(timeout=10)
            services.offer_accept(actor=users[index], offer=offers[index])
            results[index] = "won"
        except ValidationError as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(offers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(3))
def test_two_partners_accept_at_once(round_number):
    donor = OrganisationFactory(kind="local_authority")
    first, second = PartnerListingFactory(), PartnerListingFactory()
    lot, offers = offered_lot(donor, [first, second])
    users = [donor_actor(offer.partner, "admin") for offer in offers]
    results = _race(offers, users)
    winners = [i for i, r in results.items() if r == "won"]
    losers = [r for r in results.values() if isinstance(r, ValidationError)]
    assert len(winners) == 1, results
    assert len(losers) == 1, results
    assert losers[0].code == services.LOT_TAKEN
    assert "already accepted" in losers[0].messages[0]
    lot = DonationLot.objects.get(pk=lot.pk)
    assert lot.state == LotState.ACCEPTED
    assert lot.partner == offers[winners[0]].partner
    assert sorted(lot.offers.values_list("state", flat=True)) == sorted([OfferState.ACCEPTED, OfferState.CLOSED])
    assert lot.transitions.filter(to_state=LotState.ACCEPTED).count() == 1
