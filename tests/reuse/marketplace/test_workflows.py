import itertools

import pytest

from fairfleet.reuse.marketplace.models import OfferState, RequestState, ReservationState
from fairfleet.reuse.marketplace.workflows import (
    OFFER_TRANSITIONS,
    REQUEST_TRANSITIONS,
    RESERVATION_TRANSITIONS,
    offer_refusal,
    request_refusal,
    reservation_refusal,
)

OFFER_ALLOWED = {("open", "reserved"), ("open", "withdrawn"), ("reserved", "open"), ("reserved", "handed_over")}
RESERVATION_ALLOWED = {("active", "handed_over"), ("active", "cancelled"), ("active", "expired")}
REQUEST_ALLOWED = {("open", "fulfilled"), ("open", "cancelled")}


def test_tables_cover_every_state():
    assert set(OFFER_TRANSITIONS) == set(OfferState.values)
    assert set(RESERVATION_TRANSITIONS) == set(ReservationState.values)
    assert set(REQUEST_TRANSITIONS) == set(RequestState.values)


@pytest.mark.parametrize(("source", "target"), list(itertools.product(OfferState.values, repeat=2)))
def test_offer_transitions(source, target):
    refusal = offer_refusal(from_state=source, to_state=target)
    if (source, target) in OFFER_ALLOWED:
        assert refusal is None
    else:
        assert refusal is not None
        assert refusal.code == "not_allowed"
        assert refusal.message


@pytest.mark.parametrize(("source", "target"), list(itertools.product(ReservationState.values, repeat=2)))
def test_reservation_transitions(source, target):
    refusal = reservation_refusal(from_state=source, to_state=target)
    if (source, target) in RESERVATION_ALLOWED:
        assert refusal is None
    else:
        assert refusal is not None
        assert refusal.code == "not_allowed"
        assert refusal.message


@pytest.mark.parametrize(("source", "target"), list(itertools.product(RequestState.values, repeat=2)))
def test_request_transitions(source, target):
    refusal = request_refusal(from_state=source, to_state=target)
    if (source, target) in REQUEST_ALLOWED:
        assert refusal is None
    else:
        assert refusal is not None
        assert refusal.code == "not_allowed"
        assert refusal.message


def test_a_reserved_offer_says_so():
    assert offer_refusal(from_state="reserved", to_state="reserved").message == "This item is already reserved."
    assert reservation_refusal(from_state="expired", to_state="handed_over").message == "This reservation has expired."


def test_unknown_state():
    assert offer_refusal(from_state="open", to_state="sold").code == "unknown_state"
