"""Personal API tokens: created by their holder, shown once, stored as a hash, refused once revoked."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from fairfleet.tenancy import services
from fairfleet.tenancy.models import ApiToken, AuditEntry
from tests.api.conftest import token_client
from tests.conftest import member_client
from tests.tenancy.factories import MembershipFactory

ORG_URL = "/api/v1/organisation/"
INVALID = "Invalid, expired or revoked API token."


def _bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_create_returns_the_key_once_and_stores_only_its_hash(org_a):
    admin = MembershipFactory(organisation=org_a, role="admin")
    token, key = services.api_token_create(actor=admin.user, organisation=org_a, name="GLPI sync", role="viewer")
    assert key.startswith(f"ff_{token.prefix}_")
    assert len(key) > 40
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    entry = AuditEntry.objects.get(organisation=org_a, action="create", object_type="tenancy.apitoken")
    assert key not in str(entry.after)
    assert entry.after["role"] == "viewer"
    assert _bearer(key).get(ORG_URL).json()["name"] == "Org A"


def test_token_is_for_an_active_member_of_the_organisation(org_a, org_b):
    admin = MembershipFactory(organisation=org_a, role="admin")
    outsider = MembershipFactory(organisation=org_b, role="admin")
    with pytest.raises(Exception, match="active member"):
        services.api_token_create(actor=outsider.user, organisation=org_a, name="x", role="viewer")
    with pytest.raises(Exception, match="future"):
        services.api_token_create(
            actor=admin.user,
            organisation=org_a,
            name="x",
            role="viewer",
            expires_at=timezone.now() - datetime.timedelta(days=1),
        )


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer ff_nope_nope", "Bearer a b", "Token abc", "Bearer \u00e9t\u00e9"]
)
def test_missing_or_unknown_keys_get_401(header, admin_a):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(ORG_URL)
    assert response.status_code == 401
    if header.startswith("Bearer "):
        assert response.json()["detail"] == INVALID


def test_revoked_token_gets_401_and_revocation_is_audited(admin_a):
    assert admin_a.get(ORG_URL).status_code == 200
    services.api_token_revoke(actor=admin_a.member.user, token=admin_a.token)
    response = admin_a.get(ORG_URL)
    assert response.status_code == 401
    assert response.json()["detail"] == INVALID
    assert AuditEntry.objects.filter(action="update", object_id=str(admin_a.token.public_id)).exists()


def test_expired_token_gets_401(admin_a):
    ApiToken.objects.filter(pk=admin_a.token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert admin_a.get(ORG_URL).json() == {"detail": INVALID}


def test_token_of_a_member_who_left_or_of_an_archived_organisation_gets_401(org_a, admin_a):
    membership = admin_a.member
    membership.is_active = False
    membership.save()
    assert admin_a.get(ORG_URL).status_code == 401
    # Authentication reads the membership at every request (re-invitation through the services revokes the keys).
    membership.is_active = True
    membership.save()
    assert admin_a.get(ORG_URL).status_code == 200
    org_a.archived_at = timezone.now()
    org_a.save()
    assert admin_a.get(ORG_URL).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(admin_a):
    admin_a.get(ORG_URL)
    admin_a.token.refresh_from_db()
    first = admin_a.token.last_used_at
    assert first is not None
    admin_a.get(ORG_URL)
    admin_a.token.refresh_from_db()
    assert admin_a.token.last_used_at == first
    ApiToken.objects.filter(pk=admin_a.token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    admin_a.get(ORG_URL)
    admin_a.token.refresh_from_db()
    assert admin_a.token.last_used_at > first


def test_the_token_acts_with_its_own_role(org_a):
    admin = MembershipFactory(organisation=org_a, role="admin")
    _token, key = services.api_token_create(actor=admin.user, organisation=org_a, name="read only", role="viewer")
    response = _bearer(key).post("/api/v1/services/", {"name": "IT"}, format="json")
    assert response.status_code == 403


def test_session_authentication_uses_the_current_organisation(org_a):
    client = member_client(org_a, "viewer")
    assert client.get(ORG_URL).json()["name"] == "Org A"
    assert client.post("/api/v1/services/", {"name": "IT"}, content_type="application/json").status_code == 403


# The management page --------------------------------------------------------------------------


def test_page_creates_a_token_and_shows_the_key_once(org_a):
    client = member_client(org_a, "admin")
    url = reverse("tenancy:api_tokens")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"member": client.membership.public_id, "name": "Snipe sync", "role": "fleet_manager", "expires_on": ""}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(organisation=org_a, name="Snipe sync")
    key = response.context["new_key"]
    assert key.startswith(f"ff_{token.prefix}_")
    assert key in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    assert token.role == "fleet_manager"
    assert token.created_by == client.membership.user
    page = client.get(url).content.decode()
    assert token.prefix in page
    assert key not in page
    assert _bearer(key).get(ORG_URL).status_code == 200


def test_page_refuses_bad_input(org_a):
    client = member_client(org_a, "admin")
    url = reverse("tenancy:api_tokens")
    response = client.post(url, {"member": "not-a-uuid", "name": "", "role": "emperor"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_page_revokes_a_token(org_a):
    client = member_client(org_a, "admin")
    token, key = services.api_token_create(actor=client.membership.user, organisation=org_a, name="x", role="viewer")
    response = client.post(reverse("tenancy:api_token_revoke", args=[token.public_id]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _bearer(key).get(ORG_URL).status_code == 401
    assert "Revoked on" in client.get(reverse("tenancy:api_tokens")).content.decode()


def test_another_organisation_cannot_revoke(org_a, org_b):
    victim = token_client(org_a, "viewer")
    client = member_client(org_b, "admin")
    assert client.post(reverse("tenancy:api_token_revoke", args=[victim.token.public_id])).status_code == 404
    victim.token.refresh_from_db()
    assert victim.token.revoked_at is None
