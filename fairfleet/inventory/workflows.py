"""The device lifecycle: which state may follow which, and what each step requires.

ordered -> in_stock -> in_use <-> in_repair -> end_of_use; from end_of_use (awaiting triage) a
device is offered internally and reserved by another service, or put in a donation lot and handed
over to a partner who reports its second life, or sold, recycled, or declared lost.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.models import DeviceState as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.ORDERED: frozenset({S.IN_STOCK, S.LOST}),
    S.IN_STOCK: frozenset({S.IN_USE, S.IN_REPAIR, S.END_OF_USE, S.LOST}),
    S.IN_USE: frozenset({S.IN_STOCK, S.IN_REPAIR, S.END_OF_USE, S.LOST}),
    S.IN_REPAIR: frozenset({S.IN_USE, S.IN_STOCK, S.END_OF_USE, S.LOST}),
    S.END_OF_USE: frozenset({S.IN_STOCK, S.OFFERED_INTERNALLY, S.IN_DONATION_LOT, S.SOLD, S.RECYCLED, S.LOST}),
    S.OFFERED_INTERNALLY: frozenset({S.RESERVED, S.END_OF_USE}),
    # Reserved by another service (in use there), or by another organisation of a network (handed over to it).
    S.RESERVED: frozenset({S.IN_USE, S.OFFERED_INTERNALLY, S.HANDED_OVER}),
    S.IN_DONATION_LOT: frozenset({S.HANDED_OVER, S.END_OF_USE}),
    S.HANDED_OVER: frozenset({S.SECOND_LIFE}),
    S.SECOND_LIFE: frozenset(),
    S.SOLD: frozenset(),
    S.RECYCLED: frozenset(),
    # A lost device that turns up again goes back to stock.
    S.LOST: frozenset({S.IN_STOCK}),
}

# States in which the device is kept in a storage room, so the storage place must be recorded.
STORED_STATES = frozenset({S.IN_STOCK, S.END_OF_USE, S.OFFERED_INTERNALLY, S.IN_DONATION_LOT})
# States that need a written reason (investigations, insurance, WEEE certificates).
REASON_REQUIRED = frozenset({S.LOST})
REFERENCE_REQUIRED = {
    S.RECYCLED: _("Give the WEEE certificate or collection reference for this change."),
    S.SOLD: _("Give the invoice number of this sale."),
}
# States reached only through the reuse steps (lots, reservations); the reuse coordinator handles them.
REUSE_STATES = frozenset(
    {S.OFFERED_INTERNALLY, S.RESERVED, S.IN_DONATION_LOT, S.HANDED_OVER, S.SECOND_LIFE, S.SOLD, S.RECYCLED}
)
# From the end of first use on: the reuse pages (triage, offers, lots, custody) follow the device.
AFTER_FIRST_USE_STATES = REUSE_STATES | {S.END_OF_USE}
TERMINAL_STATES = frozenset(state for state, targets in TRANSITIONS.items() if not targets)
# Devices still in the organisation's hands, counted in the fleet at a glance.
ACTIVE_STATES = frozenset(
    {S.ORDERED, S.IN_STOCK, S.IN_USE, S.IN_REPAIR, S.END_OF_USE, S.OFFERED_INTERNALLY, S.RESERVED, S.IN_DONATION_LOT}
)


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    stored: dict | None = None  # the message as code and parameters (core.messages), for rows that keep it


def refuse(refusal: Refusal | None) -> None:
    """Raise the refusal as the ValidationError every front door shows; nothing when there is none."""
    if refusal is not None:
        raise ValidationError(refusal.message, code=refusal.code)


# Checks that apps built on the inventory add to every lifecycle step, so that no page, API or import can skip
# them (the reuse app refuses to let a device that may hold data leave without an erasure record). Each takes
# the device and the wanted state and answers a Refusal or None.
TRANSITION_GUARDS: list[Callable[[Any, str], Refusal | None]] = []


def guard_refusal(device, to_state: str) -> Refusal | None:
    """The first refusal of the guards other apps registered, or None."""
    for guard in TRANSITION_GUARDS:
        refusal = guard(device, to_state)
        if refusal is not None:
            return refusal
    return None


def transition_refusal(*, from_state: str, to_state: str, reason: str = "", reference: str = "") -> Refusal | None:
    """Why this step is not allowed, or None when it is."""
    if to_state not in TRANSITIONS:
        return Refusal("unknown_state", str(_("“%(state)s” is not a lifecycle state.") % {"state": to_state}))
    if to_state not in TRANSITIONS[from_state]:
        allowed = ", ".join(str(S(s).label) for s in sorted(TRANSITIONS[from_state])) or str(_("none"))
        return Refusal(
            "not_allowed",
            str(
                _("A device that is “%(current)s” cannot become “%(wanted)s”. Possible next states: %(allowed)s.")
                % {"current": S(from_state).label, "wanted": S(to_state).label, "allowed": allowed}
            ),
        )
    if to_state in REASON_REQUIRED and not reason.strip():
        return Refusal("reason_required", str(_("Give a reason for this change.")))
    if to_state in REFERENCE_REQUIRED and not reference.strip():
        return Refusal("reference_required", str(REFERENCE_REQUIRED[to_state]))
    return None
