import itertools

import pytest

from fairfleet.reuse.donations import workflows as w
from fairfleet.reuse.donations.models import ListingState, LotState, OfferState

CASES = [
    (w.lot_refusal, w.LOT_TRANSITIONS, LotState),
    (w.offer_refusal, w.OFFER_TRANSITIONS, OfferState),
    (w.listing_refusal, w.LISTING_TRANSITIONS, ListingState),
]


@pytest.mark.parametrize(
    ("check", "table", "source", "target"),
    [
        (check, table, source, target)
        for check, table, states in CASES
        for source, target in itertools.product(states.values, states.values)
    ],
)
def test_every_pair(check, table, source, target):
    refusal = check(source, target)
    if target in table[source]:
        assert refusal is None
    else:
        assert refusal.code == "not_allowed"
        assert "cannot become" in refusal.message


def test_unknown_state():
    assert w.lot_refusal(LotState.DRAFT, "lost").code == "unknown_state"


def test_tables_cover_every_state():
    for _check, table, states in CASES:
        assert set(table) == set(states.values)
    assert w.LOT_TRANSITIONS[LotState.CLOSED] == frozenset()
    assert w.OFFER_TRANSITIONS[OfferState.ACCEPTED] == frozenset()
