"""The life of a physical audit campaign.

open (scanning) -> closed (to review) -> applied (corrections made); a closed campaign can be
reopened to scan more; open or closed campaigns can be cancelled. Applied and cancelled are final.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.models import AuditCampaignState as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset({S.OPEN, S.APPLIED, S.CANCELLED}),
    S.APPLIED: frozenset(),
    S.CANCELLED: frozenset(),
}

REFUSALS = {
    (S.OPEN, S.APPLIED): _("Close the campaign before applying its corrections."),
    (S.APPLIED, S.OPEN): _("The corrections of this campaign were applied; start a new campaign to count again."),
    (S.CANCELLED, S.OPEN): _("This campaign was cancelled; start a new campaign to count again."),
}


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def campaign_transition_refusal(*, from_state: str, to_state: str) -> Refusal | None:
    """Why the campaign cannot take this step, or None when it can."""
    if to_state not in TRANSITIONS:
        return Refusal("unknown_state", str(_("“%(state)s” is not a campaign state.") % {"state": to_state}))
    if to_state in TRANSITIONS[from_state]:
        return None
    if (from_state, to_state) in REFUSALS:
        return Refusal("not_allowed", str(REFUSALS[(from_state, to_state)]))
    if from_state == to_state:
        return Refusal("same_state", str(_("The campaign is already “%(state)s”.") % {"state": S(to_state).label}))
    return Refusal(
        "not_allowed",
        str(
            _("A campaign that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": S(from_state).label, "wanted": S(to_state).label}
        ),
    )
