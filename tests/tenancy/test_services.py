"""Rules the tenancy pages rely on: service tree, last administrator, invitations, network memberships."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings

from fairfleet.tenancy import selectors, services
from fairfleet.tenancy.identifiers import validate_legal_identifier
from fairfleet.tenancy.models import AuditEntry, Invitation, NetworkMembershipState
from tests.tenancy.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
)

# Service tree -------------------------------------------------------------------------------


def test_a_service_cannot_become_its_own_ancestor(organisation):
    actor = UserFactory()
    top = ServiceFactory(organisation=organisation, name="Top")
    middle = ServiceFactory(organisation=organisation, name="Middle", parent=top)
    leaf = ServiceFactory(organisation=organisation, name="Leaf", parent=middle)
    for new_parent in (top, middle, leaf):
        with pytest.raises(ValidationError) as caught:
            services.service_update(actor=actor, service=top, data={"parent": new_parent})
        assert "parent" in caught.value.error_dict
    top.refresh_from_db()
    assert top.parent is None
    # Moving a leaf elsewhere in the tree is fine.
    services.service_update(actor=actor, service=leaf, data={"parent": top})
    leaf.refresh_from_db()
    assert leaf.parent == top


def test_a_parent_from_another_organisation_is_refused(organisation, other_organisation):
    foreign = ServiceFactory(organisation=other_organisation)
    with pytest.raises(ValidationError):
        services.service_create(
            actor=UserFactory(), organisation=organisation, name="X", criticality="standard", parent=foreign
        )


def test_service_tree_orders_by_depth_and_keeps_orphans(organisation):
    top = ServiceFactory(organisation=organisation, name="b-top")
    ServiceFactory(organisation=organisation, name="a-top")
    child = ServiceFactory(organisation=organisation, name="child", parent=top)
    archived = ServiceFactory(organisation=organisation, name="gone", archived_at="2024-01-01T00:00:00Z")
    ServiceFactory(organisation=organisation, name="orphan", parent=archived)
    tree = [(s.name, depth) for s, depth in selectors.service_tree(organisation=organisation)]
    assert tree == [("a-top", 0), ("b-top", 0), ("child", 1), ("orphan", 0)]
    assert child.parent == top


# Members and invitations --------------------------------------------------------------------


def test_last_admin_rules(organisation):
    actor = UserFactory()
    admin = MembershipFactory(organisation=organisation, role="admin")
    MembershipFactory(organisation=organisation, role="admin", is_active=False)  # inactive admins do not count
    with pytest.raises(ValidationError, match="at least one active administrator"):
        services.membership_update_role(actor=actor, membership=admin, role="viewer")
    with pytest.raises(ValidationError, match="at least one active administrator"):
        services.membership_deactivate(actor=actor, membership=admin)
    second = MembershipFactory(organisation=organisation, role="admin")
    services.membership_update_role(actor=actor, membership=admin, role="viewer")
    with pytest.raises(ValidationError):
        services.membership_deactivate(actor=actor, membership=second)


def test_invitation_tokens(organisation):
    admin = UserFactory()
    invitation = Invitation.objects.create(
        organisation=organisation, email="a@example.org", role="viewer", invited_by=admin
    )
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token) == invitation
    with pytest.raises(ValidationError) as caught:
        services.invitation_from_token(token + "x")
    assert caught.value.code == "invalid"
    with override_settings(INVITATION_MAX_AGE_SECONDS=-1), pytest.raises(ValidationError) as caught:
        services.invitation_from_token(token)
    assert caught.value.code == "expired"
    services.invitation_accept(token=token, user=None, full_name="A", password="long-enough-passphrase-1")
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(token=token, user=None, full_name="A", password="long-enough-passphrase-1")
    assert caught.value.code == "used"


def test_account_exists_ignores_case():
    UserFactory(email="someone@example.org")
    assert selectors.account_exists(email=" Someone@Example.org ")
    assert not selectors.account_exists(email="nobody@example.org")


# Network memberships ------------------------------------------------------------------------

STATES = list(NetworkMembershipState)
ALL_PAIRS = list(itertools.product(STATES, STATES))


@pytest.mark.parametrize(("current", "wanted"), ALL_PAIRS, ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS])
def test_every_network_membership_transition(current, wanted):
    """Allowed transitions change the state and are audited; the others are refused and change nothing."""
    membership = NetworkMembershipFactory(state=current)
    actor = UserFactory()
    allowed = wanted in services.NETWORK_MEMBERSHIP_TRANSITIONS[current]
    if allowed:
        services.network_membership_respond(actor=actor, membership=membership, state=wanted)
    else:
        with pytest.raises(ValidationError) as caught:
            services.network_membership_respond(actor=actor, membership=membership, state=wanted)
        assert caught.value.code == "invalid_transition"
    membership.refresh_from_db()
    assert membership.state == (wanted if allowed else current)
    entries = AuditEntry.objects.filter(organisation=membership.organisation, action=f"network_{wanted.value}")
    assert entries.exists() == allowed
    if allowed:
        assert (entries.get().before, entries.get().after) == ({"state": current.value}, {"state": wanted.value})


def test_the_transition_table_covers_every_state():
    assert set(services.NETWORK_MEMBERSHIP_TRANSITIONS) == set(STATES)


def test_the_coordinator_cannot_leave_its_network(organisation):
    network = services.network_create(actor=UserFactory(), coordinator=organisation, name="N", kind="learning")
    own = selectors.get_own_network_membership_for(organisation, network)
    with pytest.raises(ValidationError) as caught:
        services.network_membership_respond(actor=UserFactory(), membership=own, state=NetworkMembershipState.LEFT)
    assert caught.value.code == "coordinator"
    own.refresh_from_db()
    assert own.state == NetworkMembershipState.ACTIVE


def test_left_or_declined_organisations_can_be_invited_again(organisation):
    network = NetworkFactory(coordinator=organisation)
    states = {"invited": OrganisationFactory(), "active": OrganisationFactory()}
    states.update(declined=OrganisationFactory(), left=OrganisationFactory())
    for state, org in states.items():
        NetworkMembershipFactory(network=network, organisation=org, state=state)
    fresh = OrganisationFactory()
    invitable = set(selectors.organisations_invitable_to(network=network))
    assert invitable >= {states["declined"], states["left"], fresh}
    assert not invitable & {states["invited"], states["active"], organisation}
    membership = services.network_invite(actor=UserFactory(), network=network, organisation=states["left"])
    assert membership.state == NetworkMembershipState.INVITED
    with pytest.raises(ValidationError):
        services.network_invite(actor=UserFactory(), network=network, organisation=states["active"])


def test_own_network_membership_is_404_when_absent(organisation):
    with pytest.raises(Http404):
        selectors.get_own_network_membership_for(organisation, NetworkFactory())


# Legal identifiers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "value", "expected"),
    [
        ("FR", "732 829 320 00074", "73282932000074"),
        ("BE", "0203.201.340", "0203201340"),
        ("BE", "203201340", "0203201340"),  # written without the leading zero
        ("NL", " 12345678 ", "12345678"),
    ],
)
def test_valid_legal_identifiers(country, value, expected):
    assert validate_legal_identifier(country=country, value=value) == expected


@pytest.mark.parametrize(
    ("country", "value"),
    [("FR", "12345678901234"), ("FR", "7328293200007"), ("BE", "0203.201.341"), ("BE", "2203201340")],
)
def test_invalid_legal_identifiers(country, value):
    with pytest.raises(ValidationError):
        validate_legal_identifier(country=country, value=value)
