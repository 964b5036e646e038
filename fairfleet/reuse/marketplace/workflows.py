"""The marketplace's state machines: offers, reservations and requests, each with its transition table.

offer:        open -> reserved -> handed_over, open -> withdrawn, reserved -> open (claim cancelled or expired)
reservation:  active -> handed_over | cancelled | expired
request:      open -> fulfilled | cancelled
"""

from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.workflows import Refusal
from fairfleet.reuse.marketplace.models import OfferState as O
from fairfleet.reuse.marketplace.models import RequestState as Q
from fairfleet.reuse.marketplace.models import ReservationState as R

OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    O.OPEN: frozenset({O.RESERVED, O.WITHDRAWN}),
    O.RESERVED: frozenset({O.OPEN, O.HANDED_OVER}),
    O.HANDED_OVER: frozenset(),
    O.WITHDRAWN: frozenset(),
}
RESERVATION_TRANSITIONS: dict[str, frozenset[str]] = {
    R.ACTIVE: frozenset({R.HANDED_OVER, R.CANCELLED, R.EXPIRED}),
    R.HANDED_OVER: frozenset(),
    R.CANCELLED: frozenset(),
    R.EXPIRED: frozenset(),
}
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    Q.OPEN: frozenset({Q.FULFILLED, Q.CANCELLED}),
    Q.FULFILLED: frozenset(),
    Q.CANCELLED: frozenset(),
}

# Why an offer cannot take a step, by its current state: clearer than a generic "not allowed".
OFFER_STATE_REASONS = {
    O.RESERVED: _("This item is already reserved."),
    O.HANDED_OVER: _("This item has already been handed over."),
    O.WITHDRAWN: _("This offer was withdrawn."),
}
RESERVATION_STATE_REASONS = {
    R.HANDED_OVER: _("This reservation was already handed over."),
    R.CANCELLED: _("This reservation was cancelled."),
    R.EXPIRED: _("This reservation has expired."),
}
REQUEST_STATE_REASONS = {
    Q.FULFILLED: _("This request is already fulfilled."),
    Q.CANCELLED: _("This request was cancelled."),
}


def _refusal(table, reasons, labels, from_state: str, to_state: str) -> Refusal | None:
    if to_state not in table:
        return Refusal("unknown_state", str(_("“%(state)s” is not a known state.") % {"state": to_state}))
    if to_state in table.get(from_state, frozenset()):
        return None
    if from_state in reasons:
        return Refusal("not_allowed", str(reasons[from_state]))
    return Refusal(
        "not_allowed",
        str(
            _("“%(current)s” cannot become “%(wanted)s”.")
            % {"current": labels(from_state).label, "wanted": labels(to_state).label}
        ),
    )


def offer_refusal(*, from_state: str, to_state: str) -> Refusal | None:
    """Why an offer may not go from one state to the other, or None when it may."""
    return _refusal(OFFER_TRANSITIONS, OFFER_STATE_REASONS, O, from_state, to_state)


def reservation_refusal(*, from_state: str, to_state: str) -> Refusal | None:
    """Why a reservation may not go from one state to the other, or None when it may."""
    return _refusal(RESERVATION_TRANSITIONS, RESERVATION_STATE_REASONS, R, from_state, to_state)


def request_refusal(*, from_state: str, to_state: str) -> Refusal | None:
    """Why a request may not go from one state to the other, or None when it may."""
    return _refusal(REQUEST_TRANSITIONS, REQUEST_STATE_REASONS, Q, from_state, to_state)
