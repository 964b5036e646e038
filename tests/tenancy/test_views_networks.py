"""Network pages: list, creation, detail with the invite search, answers and leaving."""

import pytest
from django.urls import reverse

from fairfleet.tenancy.models import AuditEntry, Network, NetworkMembership, Role
from tests.conftest import member_client
from tests.tenancy.factories import NetworkFactory, NetworkMembershipFactory, OrganisationFactory
from tests.tenancy.test_identifiers import _siret

ROLES = list(Role.values)
LIST_URL = reverse("tenancy:network_list")


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return response


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _network(coordinator, **kwargs):
    network = NetworkFactory(coordinator=coordinator, **kwargs)
    NetworkMembershipFactory(network=network, organisation=coordinator, state="active")
    return network


@pytest.mark.parametrize("role", ROLES)
def test_network_role_matrix(organisation, role):
    client = member_client(organisation, role)
    coordinated = _network(organisation, name="Ours")
    invited_by = _network(OrganisationFactory(), name="Theirs")
    invitation = NetworkMembershipFactory(network=invited_by, organisation=organisation)
    is_admin = role == "admin"

    listing = _page(client, LIST_URL)
    assert [n.name for n in listing.context["networks"]] == ["Ours"]
    assert list(listing.context["invitations"]) == [invitation]
    _page(client, reverse("tenancy:network_detail", args=[coordinated.public_id]))
    assert client.get(reverse("tenancy:network_create")).status_code == (200 if is_admin else 403)
    response = client.post(reverse("tenancy:network_create"), {"name": "New", "kind": "learning"})
    assert response.status_code == (302 if is_admin else 403)
    target = OrganisationFactory()
    response = client.post(
        reverse("tenancy:network_invite", args=[coordinated.public_id]), {"organisation": str(target.public_id)}
    )
    assert response.status_code == (302 if is_admin else 403)
    response = client.post(reverse("tenancy:network_respond", args=[invitation.public_id]), {"state": "active"})
    assert response.status_code == (302 if is_admin else 403)

    assert Network.objects.filter(name="New").exists() == is_admin
    assert NetworkMembership.objects.filter(network=coordinated, organisation=target).exists() == is_admin
    invitation.refresh_from_db()
    assert invitation.state == ("active" if is_admin else "invited")


def test_create_a_network_makes_the_organisation_coordinator(org_admin_client, organisation):
    response = org_admin_client.post(
        reverse("tenancy:network_create"),
        {"name": "Réseau des acheteurs", "kind": "buyers", "description": "Shared criteria"},
    )
    network = Network.objects.get()
    assert response.url == reverse("tenancy:network_detail", args=[network.public_id])
    assert network.coordinator == organisation
    assert network.memberships.get().state == "active"
    assert AuditEntry.objects.filter(organisation=organisation, object_id=str(network.public_id)).exists()


def test_create_refuses_a_bad_kind(org_admin_client):
    response = org_admin_client.post(reverse("tenancy:network_create"), {"name": "X", "kind": "secret_club"})
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Network.objects.exists()


SIRET = _siret("732829320000")
KBO = f"{4_123_456:08d}{97 - 4_123_456 % 97:02d}"


def test_detail_shows_members_and_invite_search_to_the_coordinator(org_admin_client, organisation):
    network = _network(organisation, name="Learning North")
    NetworkMembershipFactory(network=network, organisation=OrganisationFactory(name="Member Town"), state="active")
    OrganisationFactory(name="Candidate City", country="FR", legal_identifier=SIRET)
    OrganisationFactory(name="Elsewhere Village")
    url = reverse("tenancy:network_detail", args=[network.public_id])
    page = _page(org_admin_client, url)
    content = page.content.decode()
    assert "Member Town" in content
    assert 'name="q"' in content
    assert "Candidate City" not in content  # nothing listed before a search

    # Without JavaScript: the whole page with the result, found by its identifier typed with spaces.
    spaced = f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}"
    page = _page(org_admin_client, url, q=spaced)
    assert [o.name for o in page.context["candidates"]] == ["Candidate City"]
    assert "<html" in page.content.decode()
    # With htmx: the result fragment only.
    fragment = org_admin_client.get(url, {"q": SIRET}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text
    assert "Candidate City" in text
    assert "Elsewhere Village" not in text
    assert reverse("tenancy:network_invite", args=[network.public_id]) in text


@pytest.mark.parametrize("fragment", ["city", "Candidate", "C", SIRET[:9], SIRET[:-1], "%", "a"])
def test_no_list_by_name_or_part_of_an_identifier(org_admin_client, organisation, fragment):
    network = _network(organisation)
    OrganisationFactory(name="Candidate City", country="FR", legal_identifier=SIRET)
    url = reverse("tenancy:network_detail", args=[network.public_id])
    page = _page(org_admin_client, url, q=fragment)
    assert page.context["candidates"] == []
    assert "Candidate City" not in page.content.decode()
    assert SIRET not in page.content.decode()
    # The control: the whole identifier finds it.
    assert [o.name for o in _page(org_admin_client, url, q=SIRET).context["candidates"]] == ["Candidate City"]


def test_a_belgian_enterprise_number_is_found_however_typed(org_admin_client, organisation):
    network = _network(organisation)
    OrganisationFactory(name="Stad Gent", country="BE", legal_identifier=KBO)
    url = reverse("tenancy:network_detail", args=[network.public_id])
    for typed in (KBO, f"{KBO[:4]}.{KBO[4:7]}.{KBO[7:]}", f"BE {KBO}"):
        assert [o.name for o in _page(org_admin_client, url, q=typed).context["candidates"]] == ["Stad Gent"]


def test_unknown_and_uninvitable_organisations_get_the_same_answer(org_admin_client, organisation):
    """A member, an invited one, an archived one and the coordinator answer exactly like an unknown number."""
    import django.utils.timezone

    network = _network(organisation)
    organisation.country, organisation.legal_identifier = "FR", _siret("111111111111")
    organisation.save()
    member = OrganisationFactory(name="Member Town", country="FR", legal_identifier=_siret("222222222222"))
    NetworkMembershipFactory(network=network, organisation=member, state="active")
    invited = OrganisationFactory(name="Invited Town", country="FR", legal_identifier=_siret("333333333333"))
    NetworkMembershipFactory(network=network, organisation=invited, state="invited")
    OrganisationFactory(
        name="Archived Town",
        country="BE",
        legal_identifier=KBO,
        archived_at=django.utils.timezone.now(),
    )
    url = reverse("tenancy:network_detail", args=[network.public_id])

    def answer(identifier):
        response = org_admin_client.get(url, {"q": identifier}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        return response.content.decode()

    unknown = answer(_siret("444444444444"))
    assert "No organisation can be invited with this identifier." in unknown
    for identifier in (organisation.legal_identifier, member.legal_identifier, invited.legal_identifier, KBO):
        assert answer(identifier) == unknown
    # The control: an invitable organisation is offered.
    OrganisationFactory(name="Free Town", country="FR", legal_identifier=_siret("555555555555"))
    assert "Free Town" in answer(_siret("555555555555"))


def test_members_see_the_network_but_not_the_invite_form(organisation):
    coordinator = OrganisationFactory(name="Coordinator Body")
    network = _network(coordinator)
    NetworkMembershipFactory(network=network, organisation=organisation, state="active")
    client = member_client(organisation, "admin")
    page = _page(client, reverse("tenancy:network_detail", args=[network.public_id]), q="a")
    assert page.context["can_manage"] is False
    assert page.context["candidates"] == []
    assert 'name="q"' not in page.content.decode()
    assert reverse("tenancy:network_leave", args=[network.public_id]) in page.content.decode()


def test_invite_an_organisation(org_admin_client, organisation):
    network = _network(organisation)
    target = OrganisationFactory(name="Target")
    response = org_admin_client.post(
        reverse("tenancy:network_invite", args=[network.public_id]),
        {"organisation": str(target.public_id)},
        follow=True,
    )
    assert "Target has been invited to the network." in _messages(response)
    membership = NetworkMembership.objects.get(network=network, organisation=target)
    assert membership.state == "invited"
    assert AuditEntry.objects.filter(organisation=organisation, action="network_invite").exists()


def test_inviting_twice_or_an_unknown_organisation_changes_nothing(org_admin_client, organisation):
    network = _network(organisation)
    member = NetworkMembershipFactory(network=network, state="invited").organisation
    url = reverse("tenancy:network_invite", args=[network.public_id])
    for public_id in (member.public_id, organisation.public_id, "00000000-0000-0000-0000-000000000000"):
        response = org_admin_client.post(url, {"organisation": str(public_id)}, follow=True)
        assert "This organisation cannot be invited to the network." in _messages(response)
    assert network.memberships.count() == 2
    assert not AuditEntry.objects.filter(action="network_invite").exists()


def test_a_member_cannot_invite(organisation):
    network = _network(OrganisationFactory())
    NetworkMembershipFactory(network=network, organisation=organisation, state="active")
    client = member_client(organisation, "admin")
    target = OrganisationFactory()
    response = client.post(
        reverse("tenancy:network_invite", args=[network.public_id]), {"organisation": str(target.public_id)}
    )
    assert response.status_code == 403
    assert not network.memberships.filter(organisation=target).exists()


@pytest.mark.parametrize(("answer", "state"), [("active", "active"), ("declined", "declined")])
def test_answer_an_invitation(org_admin_client, organisation, answer, state):
    network = _network(OrganisationFactory(), name="Reuse platform")
    invitation = NetworkMembershipFactory(network=network, organisation=organisation)
    response = org_admin_client.post(
        reverse("tenancy:network_respond", args=[invitation.public_id]), {"state": answer}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == state
    assert AuditEntry.objects.filter(organisation=organisation, action=f"network_{state}").exists()
    names = [n.name for n in _page(org_admin_client, LIST_URL).context["networks"]]
    assert names == (["Reuse platform"] if state == "active" else [])


def test_answering_twice_is_refused_with_the_reason(org_admin_client, organisation):
    invitation = NetworkMembershipFactory(network=_network(OrganisationFactory()), organisation=organisation)
    url = reverse("tenancy:network_respond", args=[invitation.public_id])
    org_admin_client.post(url, {"state": "declined"})
    response = org_admin_client.post(url, {"state": "active"}, follow=True)
    assert "A membership that is “Declined” cannot become “Member”." in _messages(response)
    invitation.refresh_from_db()
    assert invitation.state == "declined"


def test_an_answer_must_be_join_or_decline(org_admin_client, organisation):
    invitation = NetworkMembershipFactory(network=_network(OrganisationFactory()), organisation=organisation)
    response = org_admin_client.post(
        reverse("tenancy:network_respond", args=[invitation.public_id]), {"state": "left"}, follow=True
    )
    assert "Choose to join or to decline." in _messages(response)
    invitation.refresh_from_db()
    assert invitation.state == "invited"


def test_leave_a_network(org_admin_client, organisation):
    network = _network(OrganisationFactory())
    membership = NetworkMembershipFactory(network=network, organisation=organisation, state="active")
    response = org_admin_client.post(reverse("tenancy:network_leave", args=[network.public_id]))
    assert response.url == LIST_URL
    membership.refresh_from_db()
    assert membership.state == "left"
    assert AuditEntry.objects.filter(organisation=organisation, action="network_left").exists()
    # Once left, the network is out of sight.
    assert org_admin_client.get(reverse("tenancy:network_detail", args=[network.public_id])).status_code == 404


def test_the_coordinator_cannot_leave(org_admin_client, organisation):
    network = _network(organisation)
    page = _page(org_admin_client, reverse("tenancy:network_detail", args=[network.public_id]))
    assert reverse("tenancy:network_leave", args=[network.public_id]) not in page.content.decode()
    response = org_admin_client.post(reverse("tenancy:network_leave", args=[network.public_id]), follow=True)
    assert "The coordinator cannot leave its own network." in _messages(response)
    assert network.memberships.get(organisation=organisation).state == "active"


def test_foreign_networks_are_404(org_admin_client, other_organisation):
    network = _network(other_organisation)
    foreign_invitation = NetworkMembershipFactory(network=network)
    assert org_admin_client.get(reverse("tenancy:network_detail", args=[network.public_id])).status_code == 404
    assert org_admin_client.post(reverse("tenancy:network_leave", args=[network.public_id])).status_code == 404
    response = org_admin_client.post(
        reverse("tenancy:network_respond", args=[foreign_invitation.public_id]), {"state": "active"}
    )
    assert response.status_code == 404
    foreign_invitation.refresh_from_db()
    assert foreign_invitation.state == "invited"
