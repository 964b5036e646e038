"""Organisation switch, settings, members, invitations (admin side) and the audit log."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.urls import reverse

from fairfleet.tenancy import services
from fairfleet.tenancy.audit import audit_record
from fairfleet.tenancy.middleware import SESSION_KEY
from fairfleet.tenancy.models import AuditEntry, Invitation, Membership, Organisation, Role
from tests.conftest import member_client
from tests.tenancy.factories import MembershipFactory, OrganisationFactory, ServiceFactory, UserFactory

ROLES = list(Role.values)
SETTINGS_URL = reverse("tenancy:organisation_settings")
AUDIT_URL = reverse("tenancy:audit_log")


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return response


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _org_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "country": organisation.country,
        "legal_identifier": organisation.legal_identifier,
        "language": organisation.language,
    }
    data.update(changes)
    return data


# Switching organisation ---------------------------------------------------------------------


def test_switch_lists_own_memberships_and_switches(organisation):
    client = member_client(organisation, "viewer")
    second = OrganisationFactory(name="Second Body")
    MembershipFactory(organisation=second, user=client.membership.user, role="buyer")
    OrganisationFactory(name="Stranger Body")
    response = _page(client, reverse("tenancy:organisation_switch"))
    assert b"Second Body" in response.content
    assert b"Stranger Body" not in response.content

    response = client.post(reverse("tenancy:organisation_switch"), {"organisation": str(second.public_id)})
    assert response.status_code == 302
    assert response.url == reverse("inventory:home")
    assert client.session[SESSION_KEY] == str(second.public_id)
    assert _page(client, reverse("tenancy:service_list")).context["organisation"] == second


def test_switch_refuses_an_organisation_of_which_the_user_is_not_a_member(organisation, other_organisation):
    client = member_client(organisation, "admin")
    client.get(reverse("tenancy:organisation_switch"))  # the middleware sets the current organisation
    response = client.post(reverse("tenancy:organisation_switch"), {"organisation": str(other_organisation.public_id)})
    assert response.status_code == 200
    assert "Choose one of your organisations." in response.content.decode()
    assert client.session[SESSION_KEY] == str(organisation.public_id)


# Settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_settings_and_audit_log_are_for_administrators(organisation, role):
    client = member_client(organisation, role)
    allowed = role == "admin"
    assert client.get(SETTINGS_URL).status_code == (200 if allowed else 403)
    assert client.get(AUDIT_URL).status_code == (200 if allowed else 403)
    response = client.post(SETTINGS_URL, _org_data(organisation, name="Renamed"))
    assert response.status_code == (302 if allowed else 403)
    response = client.post(reverse("tenancy:invitation_create"), {"email": "a@example.org", "role": "viewer"})
    assert response.status_code == (302 if allowed else 403)
    organisation.refresh_from_db()
    assert (organisation.name == "Renamed") == allowed
    assert Invitation.objects.filter(organisation=organisation).exists() == allowed


def test_settings_page_shows_members_invitations_and_link_to_audit_log(org_admin_client, organisation):
    MembershipFactory(organisation=organisation, role="viewer", user__email="viewer@example.org")
    Invitation.objects.create(
        organisation=organisation,
        email="pending@example.org",
        role="buyer",
        invited_by=org_admin_client.membership.user,
    )
    response = _page(org_admin_client, SETTINGS_URL)
    content = response.content.decode()
    assert "viewer@example.org" in content
    assert "pending@example.org" in content
    assert AUDIT_URL in content
    soup = BeautifulSoup(content, "html.parser")
    # Every visible input or select has a label.
    for control in soup.select("main input:not([type=hidden]), main select"):
        assert soup.select_one(f"label[for='{control['id']}']") is not None, control


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [("FR", "732 829 320 00074", "73282932000074"), ("BE", "0203.201.340", "0203201340")],
)
def test_settings_save_a_valid_legal_identifier_and_audit_it(org_admin_client, organisation, country, typed, stored):
    response = org_admin_client.post(
        SETTINGS_URL, _org_data(organisation, country=country, legal_identifier=typed, name="Ville de Test")
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.legal_identifier) == ("Ville de Test", stored)
    entry = AuditEntry.objects.filter(organisation=organisation, object_type="tenancy.organisation").latest("id")
    assert entry.actor == org_admin_client.membership.user
    assert entry.after["legal_identifier"] == stored


@pytest.mark.parametrize(
    ("country", "typed", "message"),
    [
        ("FR", "12345678901234", "This SIRET number fails its check digit."),
        ("FR", "1234", "A SIRET number has 14 digits."),
        ("BE", "0203.201.341", "This enterprise number fails its check digits."),
    ],
)
def test_settings_refuse_a_bad_legal_identifier_and_change_nothing(
    org_admin_client, organisation, country, typed, message
):
    audit_before = AuditEntry.objects.count()
    response = org_admin_client.post(
        SETTINGS_URL, _org_data(organisation, country=country, legal_identifier=typed, name="Changed")
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["organisation_form"].errors["legal_identifier"] == [message]
    organisation.refresh_from_db()
    assert organisation.name == "Région Démo"
    assert organisation.legal_identifier == ""
    assert AuditEntry.objects.count() == audit_before


def test_settings_refuse_an_identifier_already_used(org_admin_client, organisation):
    OrganisationFactory(country="FR", legal_identifier="73282932000074")
    response = org_admin_client.post(SETTINGS_URL, _org_data(organisation, legal_identifier="73282932000074"))
    assert response.status_code == 200
    assert response.context["organisation_form"].errors
    assert Organisation.objects.filter(legal_identifier="73282932000074").count() == 1


# Members ------------------------------------------------------------------------------------


def test_role_change_is_saved_and_audited(org_admin_client, organisation):
    member = MembershipFactory(organisation=organisation, role="viewer")
    response = org_admin_client.post(reverse("tenancy:membership_role", args=[member.public_id]), {"role": "buyer"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "buyer"
    entry = AuditEntry.objects.filter(object_type="tenancy.membership", object_id=str(member.public_id)).latest("id")
    assert (entry.before, entry.after) == ({"role": "viewer"}, {"role": "buyer"})


def test_the_last_admin_cannot_be_demoted_nor_deactivated(org_admin_client, organisation):
    own = org_admin_client.membership
    audit_before = AuditEntry.objects.count()
    response = org_admin_client.post(
        reverse("tenancy:membership_role", args=[own.public_id]), {"role": "viewer"}, follow=True
    )
    assert "An organisation needs at least one active administrator." in _messages(response)
    response = org_admin_client.post(reverse("tenancy:membership_deactivate", args=[own.public_id]), follow=True)
    assert "An organisation needs at least one active administrator." in _messages(response)
    own.refresh_from_db()
    assert (own.role, own.is_active) == ("admin", True)
    assert AuditEntry.objects.count() == audit_before


def test_an_admin_can_be_demoted_when_another_remains(org_admin_client, organisation):
    other_admin = MembershipFactory(organisation=organisation, role="admin")
    response = org_admin_client.post(
        reverse("tenancy:membership_role", args=[other_admin.public_id]), {"role": "fleet_manager"}
    )
    assert response.status_code == 302
    other_admin.refresh_from_db()
    assert other_admin.role == "fleet_manager"


def test_deactivate_member(org_admin_client, organisation):
    member = MembershipFactory(organisation=organisation, role="buyer")
    response = org_admin_client.post(reverse("tenancy:membership_deactivate", args=[member.public_id]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert AuditEntry.objects.filter(object_id=str(member.public_id), after={"is_active": False}).exists()
    # A deactivated member no longer reaches the organisation.
    client = Client()
    client.force_login(member.user)
    assert client.get(reverse("tenancy:service_list")).url == reverse("tenancy:no_organisation")


def test_a_bad_role_changes_nothing(org_admin_client, organisation):
    member = MembershipFactory(organisation=organisation, role="viewer")
    response = org_admin_client.post(
        reverse("tenancy:membership_role", args=[member.public_id]), {"role": "emperor"}, follow=True
    )
    assert "Choose a role from the list." in _messages(response)
    member.refresh_from_db()
    assert member.role == "viewer"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_members_cannot_be_managed_by_non_admins(organisation, role):
    client = member_client(organisation, role)
    member = MembershipFactory(organisation=organisation, role="viewer")
    assert (
        client.post(reverse("tenancy:membership_role", args=[member.public_id]), {"role": "admin"}).status_code == 403
    )
    assert client.post(reverse("tenancy:membership_deactivate", args=[member.public_id])).status_code == 403
    member.refresh_from_db()
    assert (member.role, member.is_active) == ("viewer", True)


def test_another_organisations_member_is_404(org_admin_client, other_organisation):
    foreign = MembershipFactory(organisation=other_organisation, role="admin")
    url = reverse("tenancy:membership_role", args=[foreign.public_id])
    assert org_admin_client.post(url, {"role": "viewer"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == "admin"


# Invitations (admin side) -------------------------------------------------------------------


def test_invite_sends_an_email_and_tells_the_admin(org_admin_client, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(
            reverse("tenancy:invitation_create"), {"email": "Someone@Example.org", "role": "buyer"}, follow=True
        )
    assert "An invitation has been sent by e-mail to someone@example.org." in _messages(response)
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role) == ("someone@example.org", "buyer")
    assert AuditEntry.objects.filter(object_type="tenancy.invitation", action="create").exists()
    assert mail.outbox[0].to == ["someone@example.org"]
    assert "http://testserver/invitation/" in mail.outbox[0].body


def test_inviting_a_current_member_is_refused(org_admin_client, organisation, django_capture_on_commit_callbacks):
    MembershipFactory(organisation=organisation, user__email="member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(
            reverse("tenancy:invitation_create"), {"email": "member@example.org", "role": "viewer"}
        )
    assert response.status_code == 200
    assert response.context["invitation_form"].errors["email"] == [
        "This person is already a member of the organisation."
    ]
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invite_with_a_bad_address_shows_the_error(org_admin_client):
    response = org_admin_client.post(
        reverse("tenancy:invitation_create"), {"email": "not-an-address", "role": "viewer"}
    )
    assert response.status_code == 200
    assert "email" in response.context["invitation_form"].errors
    assert not Invitation.objects.exists()


def test_revoke_an_invitation(org_admin_client, organisation):
    invitation = Invitation.objects.create(
        organisation=organisation, email="x@example.org", role="viewer", invited_by=org_admin_client.membership.user
    )
    response = org_admin_client.post(reverse("tenancy:invitation_revoke", args=[invitation.public_id]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(object_id=str(invitation.public_id), action="update").exists()
    assert list(_page(org_admin_client, SETTINGS_URL).context["invitations"]) == []


# Audit log ----------------------------------------------------------------------------------


def test_audit_log_shows_changes_newest_first(org_admin_client, organisation):
    service = ServiceFactory(organisation=organisation, name="Old name")
    services.service_update(
        actor=org_admin_client.membership.user, service=service, data={"name": "New name", "criticality": "vital"}
    )
    response = _page(org_admin_client, AUDIT_URL)
    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.select("table.responsive > tbody > tr")
    first = rows[0].get_text(" ", strip=True)
    assert "Changed" in first
    assert "Service" in first
    assert "Old name" in first
    assert "New name" in first
    assert "Vital: needs faultless hardware" in first  # a choice shows by its label
    assert org_admin_client.membership.user.email in first
    assert rows[0].select_one("time")["datetime"]


def test_audit_log_pages_by_fifty_and_shows_only_this_organisation(org_admin_client, organisation, other_organisation):
    actor = org_admin_client.membership.user
    for number in range(60):
        audit_record(
            organisation=organisation, actor=actor, action="create", instance=organisation, after={"n": number}
        )
    audit_record(organisation=other_organisation, actor=None, action="create", instance=other_organisation)
    first = _page(org_admin_client, AUDIT_URL)
    assert len(first.context["entries"]) == 50
    assert first.context["entries"][0]["entry"].after == {"n": 59}
    assert b"Other Body" not in first.content
    cursor = first.context["page"].next_cursor
    second = _page(org_admin_client, AUDIT_URL, cursor=cursor)
    # 60 entries, plus those of the admin's own membership.
    remaining = AuditEntry.objects.filter(organisation=organisation).count() - 50
    assert len(second.context["entries"]) == remaining
    assert second.context["page"].next_cursor is None
    seen = {e["entry"].pk for e in first.context["entries"]} | {e["entry"].pk for e in second.context["entries"]}
    assert seen == set(AuditEntry.objects.filter(organisation=organisation).values_list("pk", flat=True))


def test_audit_log_survives_a_garbage_cursor(org_admin_client):
    assert org_admin_client.get(AUDIT_URL, {"cursor": "%%%"}).status_code == 200


def test_no_membership_redirects_to_the_explanation(client):
    client.force_login(UserFactory())
    response = client.get(SETTINGS_URL)
    assert response.url == reverse("tenancy:no_organisation")
    assert _page(client, response.url)
    assert Membership.objects.count() == 0
