"""State machines of the census listings, the donation lots and the offers: explicit transition
tables, and a refusal with a clear reason for any other step.

listing: draft -> submitted -> validated | rejected; a validated or rejected listing that the partner
changes goes back to draft and must be submitted again.
lot: draft -> offered -> accepted -> scheduled -> handed_over -> closed; an offered lot whose offers
were all declined or withdrawn goes back to draft; a lot is cancelled before it is handed over.
offer: pending -> accepted | declined | withdrawn | closed (another partner accepted first).
"""

from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.workflows import Refusal
from fairfleet.reuse.donations.models import ListingState as LS
from fairfleet.reuse.donations.models import LotState as L
from fairfleet.reuse.donations.models import OfferState as O

LISTING_TRANSITIONS: dict[str, frozenset[str]] = {
    LS.DRAFT: frozenset({LS.SUBMITTED}),
    LS.SUBMITTED: frozenset({LS.VALIDATED, LS.REJECTED, LS.DRAFT}),
    LS.VALIDATED: frozenset({LS.DRAFT}),
    LS.REJECTED: frozenset({LS.DRAFT}),
}

LOT_TRANSITIONS: dict[str, frozenset[str]] = {
    L.DRAFT: frozenset({L.OFFERED, L.CANCELLED}),
    L.OFFERED: frozenset({L.ACCEPTED, L.DRAFT, L.CANCELLED}),
    L.ACCEPTED: frozenset({L.SCHEDULED, L.CANCELLED}),
    L.SCHEDULED: frozenset({L.HANDED_OVER, L.CANCELLED}),
    L.HANDED_OVER: frozenset({L.CLOSED}),
    L.CLOSED: frozenset(),
    L.CANCELLED: frozenset(),
}

OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    O.PENDING: frozenset({O.ACCEPTED, O.DECLINED, O.WITHDRAWN, O.CLOSED}),
    O.ACCEPTED: frozenset(),
    O.DECLINED: frozenset(),
    O.WITHDRAWN: frozenset(),
    O.CLOSED: frozenset(),
}

# Lot states in which the devices still belong to the lot and the donor may still change its mind.
OPEN_LOT_STATES = frozenset({L.DRAFT, L.OFFERED, L.ACCEPTED, L.SCHEDULED})
# Lot states in which the partner holds (or is about to hold) the devices and reports what becomes of them.
PARTNER_LOT_STATES = frozenset({L.ACCEPTED, L.SCHEDULED, L.HANDED_OVER, L.CLOSED})


NOT_ALLOWED = {
    "listing": _("A listing that is “%(current)s” cannot become “%(wanted)s”. Possible next states: %(allowed)s."),
    "lot": _("A lot that is “%(current)s” cannot become “%(wanted)s”. Possible next states: %(allowed)s."),
    "offer": _("An offer that is “%(current)s” cannot become “%(wanted)s”. Possible next states: %(allowed)s."),
}


def _refusal(table, choices, what: str, from_state: str, to_state: str) -> Refusal | None:
    if to_state not in table:
        return Refusal("unknown_state", str(_("“%(state)s” is not a known state.") % {"state": to_state}))
    if to_state in table[from_state]:
        return None
    allowed = ", ".join(str(choices(s).label) for s in sorted(table[from_state])) or str(_("none"))
    return Refusal(
        "not_allowed",
        str(
            NOT_ALLOWED[what]
            % {"current": choices(from_state).label, "wanted": choices(to_state).label, "allowed": allowed}
        ),
    )


def listing_refusal(from_state: str, to_state: str) -> Refusal | None:
    return _refusal(LISTING_TRANSITIONS, LS, "listing", from_state, to_state)


def lot_refusal(from_state: str, to_state: str) -> Refusal | None:
    return _refusal(LOT_TRANSITIONS, L, "lot", from_state, to_state)


def offer_refusal(from_state: str, to_state: str) -> Refusal | None:
    return _refusal(OFFER_TRANSITIONS, O, "offer", from_state, to_state)
