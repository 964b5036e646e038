import pytest

from fairfleet.inventory.audits.workflows import TRANSITIONS, campaign_transition_refusal
from fairfleet.inventory.models import AuditCampaignState as S

ALLOWED = {
    (S.OPEN, S.CLOSED),
    (S.OPEN, S.CANCELLED),
    (S.CLOSED, S.OPEN),
    (S.CLOSED, S.APPLIED),
    (S.CLOSED, S.CANCELLED),
}
PAIRS = [(a, b) for a in S.values for b in S.values]


def test_table_covers_every_state():
    assert set(TRANSITIONS) == set(S.values)
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


@pytest.mark.parametrize(("from_state", "to_state"), PAIRS)
def test_every_pair(from_state, to_state):
    refusal = campaign_transition_refusal(from_state=from_state, to_state=to_state)
    if (from_state, to_state) in ALLOWED:
        assert refusal is None
    else:
        assert refusal is not None
        assert refusal.message


def test_clear_reasons():
    assert "Close the campaign" in campaign_transition_refusal(from_state=S.OPEN, to_state=S.APPLIED).message
    assert "already" in campaign_transition_refusal(from_state=S.OPEN, to_state=S.OPEN).message
    assert campaign_transition_refusal(from_state=S.OPEN, to_state="archived").code == "unknown_state"
    assert "cancelled" in campaign_transition_refusal(from_state=S.CANCELLED, to_state=S.OPEN).message
