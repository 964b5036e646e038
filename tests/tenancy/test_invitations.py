"""The invitation link, from the e-mail to the membership: new account, existing account, bad links."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from fairfleet.tenancy import services
from fairfleet.tenancy.middleware import SESSION_KEY
from fairfleet.tenancy.models import AuditEntry, Invitation, Membership, User
from tests.conftest import PASSWORD
from tests.tenancy.factories import MembershipFactory, OrganisationFactory, UserFactory

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def _invite(admin_client, email, role="buyer", capture=None) -> str:
    """Invite through the settings page; return the path of the link the e-mail holds."""
    with capture(execute=True):
        response = admin_client.post(reverse("tenancy:invitation_create"), {"email": email, "role": role})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    match = re.search(r"http://testserver(/invitation/\S+/)", body)
    assert match, body
    return match.group(1)


def _signup(client, link, **changes):
    data = {"full_name": "Nouvelle Personne", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    data.update(changes)
    return client.post(link, data)


def test_end_to_end_new_account(org_admin_client, organisation, django_capture_on_commit_callbacks):
    link = _invite(org_admin_client, "New.Person@Example.org", capture=django_capture_on_commit_callbacks)
    assert "Région Démo" in mail.outbox[0].subject
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in page.content
    assert page.context["mode"] == "sign_up"
    assert "new.person@example.org" in page.content.decode()

    response = _signup(visitor, link)
    assert response.status_code == 302
    assert response.url == reverse("inventory:home")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Nouvelle Personne"
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert (membership.role, membership.is_active) == ("buyer", True)
    assert Invitation.objects.get().accepted_at is not None
    assert AuditEntry.objects.filter(organisation=organisation, object_type="tenancy.membership", actor=user).exists()
    # Logged in, in the organisation of the invitation.
    assert int(visitor.session["_auth_user_id"]) == user.pk
    assert visitor.session[SESSION_KEY] == str(organisation.public_id)

    # The link works once.
    again = Client().get(link)
    assert again.status_code == 400
    assert "This invitation has already been used." in again.content.decode()


def test_a_weak_or_mismatched_password_creates_nothing(org_admin_client, django_capture_on_commit_callbacks):
    link = _invite(org_admin_client, "weak@example.org", capture=django_capture_on_commit_callbacks)
    visitor = Client()
    response = _signup(visitor, link, password1="short", password2="short")
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    response = _signup(visitor, link, password2="something-else-entirely-99")
    assert response.context["form"].errors["password2"] == ["The two passwords do not match."]
    response = _signup(visitor, link, full_name="")
    assert "full_name" in response.context["form"].errors
    assert not User.objects.filter(email="weak@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_is_asked_to_log_in_then_accepts(
    org_admin_client, organisation, django_capture_on_commit_callbacks
):
    user = UserFactory(email="known@example.org")
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Former Body"))
    link = _invite(org_admin_client, "known@example.org", role="viewer", capture=django_capture_on_commit_callbacks)

    visitor = Client()
    page = visitor.get(link)
    assert page.context["mode"] == "log_in"
    login_link = page.content.decode().split(reverse("login") + "?next=")[1].split('"')[0]
    assert login_link.startswith("/invitation/")
    # A form post without an account form does nothing.
    assert (
        visitor.post(link, {"full_name": "x", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 200
    )
    assert not Membership.objects.filter(user=user, organisation=organisation).exists()

    response = visitor.post(reverse("login"), {"username": "known@example.org", "password": PASSWORD, "next": link})
    assert response.status_code == 302
    assert response.url == link
    page = visitor.get(link)
    assert page.context["mode"] == "accept"
    response = visitor.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=user, organisation=organisation).role == "viewer"
    assert visitor.session[SESSION_KEY] == str(organisation.public_id)


def test_another_logged_in_user_cannot_take_the_invitation(
    org_admin_client, organisation, django_capture_on_commit_callbacks
):
    link = _invite(org_admin_client, "intended@example.org", capture=django_capture_on_commit_callbacks)
    intruder = Client()
    intruder.force_login(UserFactory(email="intruder@example.org"))
    response = intruder.post(link)
    assert response.status_code == 200
    assert "This invitation was sent to intended@example.org. Log in with that address." in response.content.decode()
    assert not Membership.objects.filter(organisation=organisation, user__email="intruder@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


@override_settings(INVITATION_MAX_AGE_SECONDS=-1)
def test_an_expired_link_is_refused(org_admin_client, django_capture_on_commit_callbacks):
    link = _invite(org_admin_client, "late@example.org", capture=django_capture_on_commit_callbacks)
    visitor = Client()
    response = visitor.get(link)
    assert response.status_code == 400
    assert "This invitation has expired. Ask for a new one." in response.content.decode()
    assert _signup(visitor, link).status_code == 400
    assert not User.objects.filter(email="late@example.org").exists()


@pytest.mark.parametrize("tamper", ["last_char", "other_id", "garbage"])
def test_a_tampered_link_is_refused(org_admin_client, django_capture_on_commit_callbacks, tamper):
    link = _invite(org_admin_client, "target@example.org", capture=django_capture_on_commit_callbacks)
    token = link.split("/")[2]
    if tamper == "last_char":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif tamper == "other_id":
        token = "00000000-0000-0000-0000-000000000000" + token[token.index(":") :]
    else:
        token = "not-a-token"
    bad_link = reverse("tenancy:invitation_accept", args=[token])
    visitor = Client()
    response = visitor.get(bad_link)
    assert response.status_code == 400
    assert "This invitation link is not valid." in response.content.decode()
    assert _signup(visitor, bad_link).status_code == 400
    assert not User.objects.filter(email="target@example.org").exists()


def test_a_revoked_invitation_is_refused(org_admin_client, django_capture_on_commit_callbacks):
    link = _invite(org_admin_client, "revoked@example.org", capture=django_capture_on_commit_callbacks)
    services.invitation_revoke(actor=org_admin_client.membership.user, invitation=Invitation.objects.get())
    response = Client().get(link)
    assert response.status_code == 400
    assert "This invitation link is not valid." in response.content.decode()


def test_the_invitation_email_names_the_organisation_and_role(org_admin_client, django_capture_on_commit_callbacks):
    _invite(org_admin_client, "reader@example.org", role="viewer", capture=django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "Région Démo" in body  # not escaped: a plain-text message
    assert "&" not in body
    assert str(org_admin_client.membership.user) in body
