"""A token never outlives nor outranks its membership, belongs to its holder and names itself in the audit log."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fairfleet.tenancy import perms, services
from fairfleet.tenancy.models import ApiToken, AuditEntry, Membership, Service, Site
from tests.api.conftest import token_client
from tests.conftest import member_client
from tests.tenancy.factories import MembershipFactory

ORG_URL = "/api/v1/organisation/"
SERVICES = "/api/v1/services/"
SITES = "/api/v1/sites/"
PEOPLE = "/api/v1/people/"
TOKENS_PAGE = "tenancy:api_tokens"
ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]


def _bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _demote(membership: Membership, role: str) -> None:
    # Another administrator does it, so that the organisation keeps one.
    other_admin = MembershipFactory(organisation=membership.organisation, role="admin")
    services.membership_update_role(actor=other_admin.user, membership=membership, role=role)


# The lower of the token's role and the member's current role ---------------------------------

# Worked out by hand from the predicates: an administrator may do all that any role may, a viewer
# only what every role may; the three specialist roles each hold rights the others lack.
LOWER = [
    ("admin", "admin", "admin"),
    ("admin", "fleet_manager", "fleet_manager"),
    ("admin", "viewer", "viewer"),
    ("fleet_manager", "admin", "fleet_manager"),
    ("fleet_manager", "fleet_manager", "fleet_manager"),
    ("fleet_manager", "buyer", "viewer"),
    ("buyer", "reuse_coordinator", "viewer"),
    ("reuse_coordinator", "admin", "reuse_coordinator"),
    ("viewer", "admin", "viewer"),
]


@pytest.mark.parametrize(("token_role", "member_role", "expected"), LOWER)
def test_lower_role(token_role, member_role, expected):
    assert perms.lower_role(token_role, member_role) == expected


# Structure writes are for administrators and fleet managers; reads for every member.
@pytest.mark.parametrize(
    ("now", "may_write"),
    [("admin", True), ("fleet_manager", True), ("buyer", False), ("reuse_coordinator", False), ("viewer", False)],
)
def test_an_admin_token_acts_with_the_members_current_role(org_a, now, may_write):
    client = token_client(org_a, "admin")
    if now != "admin":
        _demote(client.member, now)
    assert client.get(ORG_URL).status_code == 200
    assert client.get(SERVICES).status_code == 200
    assert client.get(SITES).status_code == 200
    assert client.get(PEOPLE).status_code == 200
    expected = 201 if may_write else 403
    assert client.post(SERVICES, {"name": "IT"}, format="json").status_code == expected
    assert client.post(SITES, {"name": "Depot"}, format="json").status_code == expected
    assert client.post(PEOPLE, {"full_name": "Ann"}, format="json").status_code == expected
    assert Service.objects.filter(organisation=org_a).count() == (1 if may_write else 0)
    assert Site.objects.filter(organisation=org_a).count() == (1 if may_write else 0)


def test_a_fleet_manager_token_of_a_member_now_buyer_only_reads(org_a):
    client = token_client(org_a, "fleet_manager")
    assert client.post(SERVICES, {"name": "Before"}, format="json").status_code == 201
    _demote(client.member, "buyer")
    assert client.get(SERVICES).status_code == 200
    assert client.post(SERVICES, {"name": "After"}, format="json").status_code == 403
    assert list(Service.objects.filter(organisation=org_a).values_list("name", flat=True)) == ["Before"]


def test_a_viewer_token_of_an_admin_stays_a_viewer(org_a):
    client = token_client(org_a, "admin")
    _token, key = services.api_token_create(actor=client.member.user, organisation=org_a, name="ro", role="viewer")
    assert _bearer(key).post(SERVICES, {"name": "IT"}, format="json").status_code == 403
    assert not Service.objects.exists()


def test_a_token_cannot_be_created_above_the_members_role(org_a):
    viewer = MembershipFactory(organisation=org_a, role="viewer")
    with pytest.raises(Exception, match="your own role"):
        services.api_token_create(actor=viewer.user, organisation=org_a, name="x", role="admin")
    assert not ApiToken.objects.exists()
    _token, key = services.api_token_create(actor=viewer.user, organisation=org_a, name="x", role="viewer")
    assert _bearer(key).get(ORG_URL).status_code == 200


# Leaving and coming back ---------------------------------------------------------------------


def test_deactivation_revokes_the_members_tokens(org_a):
    client = token_client(org_a, "fleet_manager")
    bystander = token_client(org_a, "viewer")
    admin = MembershipFactory(organisation=org_a, role="admin")
    services.membership_deactivate(actor=admin.user, membership=client.member)
    assert client.get(ORG_URL).status_code == 401
    client.token.refresh_from_db()
    assert client.token.revoked_at is not None
    assert AuditEntry.objects.filter(object_id=str(client.token.public_id), after__has_key="revoked_at").exists()
    # The other members' tokens are untouched.
    assert bystander.get(ORG_URL).status_code == 200
    bystander.token.refresh_from_db()
    assert bystander.token.revoked_at is None


def test_a_membership_deactivated_outside_the_services_is_refused_at_authentication(org_a):
    client = token_client(org_a, "admin")
    Membership.objects.filter(pk=client.member.pk).update(is_active=False)
    assert client.get(ORG_URL).status_code == 401


def _reinvite(org, membership, role, capture):
    admin = member_client(org, "admin")
    with capture(execute=True):
        admin.post(reverse("tenancy:invitation_create"), {"email": membership.user.email, "role": role})
    link = re.search(r"http://testserver(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    returning = Client()
    returning.force_login(membership.user)
    assert returning.post(link).status_code == 302
    membership.refresh_from_db()
    assert (membership.is_active, membership.role) == (True, role)
    return returning


def test_a_reinvited_members_old_token_stays_dead(org_a, django_capture_on_commit_callbacks):
    client = token_client(org_a, "admin")
    admin = MembershipFactory(organisation=org_a, role="admin")
    services.membership_deactivate(actor=admin.user, membership=client.member)
    _reinvite(org_a, client.member, "admin", django_capture_on_commit_callbacks)
    assert client.get(ORG_URL).status_code == 401
    # Control: a key made after coming back works.
    _token, key = services.api_token_create(actor=client.member.user, organisation=org_a, name="new", role="admin")
    assert _bearer(key).get(ORG_URL).status_code == 200


def test_reinvitation_after_a_deactivation_outside_the_services_does_not_revive_tokens(
    org_a, django_capture_on_commit_callbacks
):
    client = token_client(org_a, "viewer")
    Membership.objects.filter(pk=client.member.pk).update(is_active=False)
    _reinvite(org_a, client.member, "viewer", django_capture_on_commit_callbacks)
    assert client.get(ORG_URL).status_code == 401


# Only the member mints their own keys --------------------------------------------------------


def test_the_service_mints_keys_for_the_actor_only(org_a):
    admin = MembershipFactory(organisation=org_a, role="admin")
    other = MembershipFactory(organisation=org_a, role="fleet_manager")
    with pytest.raises(TypeError):
        services.api_token_create(actor=admin.user, organisation=org_a, user=other.user, name="x", role="viewer")
    assert not ApiToken.objects.exists()


def test_an_admin_cannot_create_a_key_for_another_member_on_the_page(org_a):
    admin = member_client(org_a, "admin")
    other = MembershipFactory(organisation=org_a, role="fleet_manager")
    response = admin.post(
        reverse(TOKENS_PAGE), {"member": other.public_id, "name": "x", "role": "viewer", "expires_on": ""}
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(object_type="tenancy.apitoken").exists()


def test_the_api_offers_no_way_to_mint_keys(org_a):
    admin = token_client(org_a, "admin")
    other = MembershipFactory(organisation=org_a, role="fleet_manager")
    before = set(ApiToken.objects.values_list("pk", flat=True))
    for url in ("/api/v1/tokens/", "/api/v1/api-tokens/", "/api/v1/organisation/tokens/"):
        response = admin.post(url, {"user": str(other.public_id), "name": "x", "role": "viewer"}, format="json")
        assert response.status_code == 404
    assert set(ApiToken.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("role", ROLES)
def test_every_member_creates_their_own_key_on_the_page(org_a, role):
    client = member_client(org_a, role)
    url = reverse(TOKENS_PAGE)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Mine", "role": "viewer", "expires_on": ""})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Mine")
    assert (token.user, token.created_by) == (client.membership.user, client.membership.user)
    assert _bearer(response.context["new_key"]).get(ORG_URL).status_code == 200


def test_the_page_refuses_a_role_above_the_members(org_a):
    client = member_client(org_a, "buyer")
    response = client.post(reverse(TOKENS_PAGE), {"name": "Mine", "role": "admin", "expires_on": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_members_see_their_own_keys_and_admins_see_all(org_a):
    viewer = member_client(org_a, "viewer")
    admin = member_client(org_a, "admin")
    own, _key = services.api_token_create(actor=viewer.membership.user, organisation=org_a, name="Mine", role="viewer")
    theirs, _key = services.api_token_create(
        actor=admin.membership.user, organisation=org_a, name="Theirs", role="admin"
    )
    page = viewer.get(reverse(TOKENS_PAGE)).content.decode()
    assert own.prefix in page
    assert theirs.prefix not in page
    page = admin.get(reverse(TOKENS_PAGE)).content.decode()
    assert own.prefix in page
    assert theirs.prefix in page


def test_an_admin_revokes_another_members_key_but_a_member_cannot(org_a):
    viewer = member_client(org_a, "viewer")
    buyer = member_client(org_a, "buyer")
    admin = member_client(org_a, "admin")
    token, key = services.api_token_create(
        actor=viewer.membership.user, organisation=org_a, name="Mine", role="viewer"
    )
    url = reverse("tenancy:api_token_revoke", args=[token.public_id])
    assert buyer.post(url).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _bearer(key).get(ORG_URL).status_code == 200
    assert admin.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _bearer(key).get(ORG_URL).status_code == 401


def test_a_member_revokes_their_own_key(org_a):
    viewer = member_client(org_a, "viewer")
    token, key = services.api_token_create(
        actor=viewer.membership.user, organisation=org_a, name="Mine", role="viewer"
    )
    assert viewer.post(reverse("tenancy:api_token_revoke", args=[token.public_id])).status_code == 302
    assert _bearer(key).get(ORG_URL).status_code == 401


# The audit log names the key -----------------------------------------------------------------


def test_api_writes_name_the_token_in_the_audit_log(org_a):
    client = token_client(org_a, "admin")
    created = client.post(SERVICES, {"name": "IT"}, format="json").json()
    assert client.patch(f"{SERVICES}{created['id']}/", {"name": "ICT"}, format="json").status_code == 200
    entries = AuditEntry.objects.filter(object_id=created["id"]).order_by("id")
    assert [(e.action, e.actor, e.api_token) for e in entries] == [
        ("create", client.member.user, client.token),
        ("update", client.member.user, client.token),
    ]
    admin = Client()
    admin.force_login(client.member.user)
    page = admin.get(reverse("tenancy:audit_log")).content.decode()
    assert f"ff_{client.token.prefix}_" in page


def test_session_and_page_writes_name_no_token(org_a):
    client = member_client(org_a, "admin")
    token_client(org_a, "admin").get(ORG_URL)  # a token request just before must not leak into the next one
    response = client.post(SERVICES, {"name": "IT"}, content_type="application/json")
    assert response.status_code == 201
    entry = AuditEntry.objects.get(object_type="tenancy.service", action="create")
    assert entry.actor == client.membership.user
    assert entry.api_token is None
