"""The staff register pages."""

import pytest
from django.urls import reverse

from fairfleet.tenancy.models import AuditEntry, Person, Role
from tests.conftest import member_client
from tests.tenancy.factories import PersonFactory, ServiceFactory

ROLES = list(Role.values)
LIST_URL = reverse("tenancy:person_list")


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return response


def _names(response) -> list[str]:
    return [p.full_name for p in response.context["page"].object_list]


@pytest.mark.parametrize("role", ROLES)
def test_people_role_matrix(organisation, role):
    client = member_client(organisation, role)
    person = PersonFactory(organisation=organisation, full_name="Ada Lovelace")
    allowed = role in {"admin", "fleet_manager"}
    assert _names(_page(client, LIST_URL)) == ["Ada Lovelace"]
    assert client.get(reverse("tenancy:person_create")).status_code == (200 if allowed else 403)
    assert client.get(reverse("tenancy:person_edit", args=[person.public_id])).status_code == (200 if allowed else 403)
    response = client.post(reverse("tenancy:person_create"), {"full_name": "Grace Hopper"})
    assert response.status_code == (302 if allowed else 403)
    response = client.post(reverse("tenancy:person_archive", args=[person.public_id]))
    assert response.status_code == (302 if allowed else 403)
    person.refresh_from_db()
    assert (person.archived_at is not None) == allowed
    assert Person.objects.filter(full_name="Grace Hopper").exists() == allowed


def test_search_and_isolation(org_admin_client, organisation, other_organisation):
    PersonFactory(organisation=organisation, full_name="Alice Martin", email="alice@example.org")
    PersonFactory(organisation=organisation, full_name="Bob Peeters", email="bob@example.be")
    PersonFactory(organisation=other_organisation, full_name="Alice Foreign")
    assert _names(_page(org_admin_client, LIST_URL)) == ["Alice Martin", "Bob Peeters"]
    assert _names(_page(org_admin_client, LIST_URL, q="alice")) == ["Alice Martin"]
    assert _names(_page(org_admin_client, LIST_URL, q="example.be")) == ["Bob Peeters"]
    response = _page(org_admin_client, LIST_URL, q="nobody")
    assert "Nobody matches “nobody”." in response.content.decode()


def test_pagination_keeps_the_search(org_admin_client, organisation):
    PersonFactory.create_batch(55, organisation=organisation, full_name="Agent")
    PersonFactory(organisation=organisation, full_name="Someone else")
    first = _page(org_admin_client, LIST_URL, q="agent")
    assert len(first.context["page"].object_list) == 50
    assert "?page=2&amp;q=agent" in first.content.decode()
    second = _page(org_admin_client, LIST_URL, q="agent", page=2)
    assert len(second.context["page"].object_list) == 5
    # A page number out of range or garbage shows a real page.
    assert len(_page(org_admin_client, LIST_URL, page="999").context["page"].object_list) == 6
    assert _page(org_admin_client, LIST_URL, page="x").context["page"].number == 1


def test_create_with_a_service(org_admin_client, organisation):
    service = ServiceFactory(organisation=organisation, name="IT")
    response = org_admin_client.post(
        reverse("tenancy:person_create"),
        {"full_name": "Grace Hopper", "email": "grace@example.org", "service": str(service.public_id)},
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.organisation, person.service, person.email) == (organisation, service, "grace@example.org")
    assert AuditEntry.objects.filter(object_id=str(person.public_id), action="create").exists()


def test_service_of_another_organisation_is_refused(org_admin_client, other_organisation):
    foreign = ServiceFactory(organisation=other_organisation)
    response = org_admin_client.post(
        reverse("tenancy:person_create"), {"full_name": "Grace Hopper", "service": str(foreign.public_id)}
    )
    assert response.status_code == 400
    assert "service" in response.context["form"].errors
    assert not Person.objects.exists()


def test_edit_and_bad_input(org_admin_client, organisation):
    person = PersonFactory(organisation=organisation, full_name="Ada", email="")
    url = reverse("tenancy:person_edit", args=[person.public_id])
    response = org_admin_client.post(url, {"full_name": "Ada", "email": "not an address"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    person.refresh_from_db()
    assert person.email == ""
    response = org_admin_client.post(url, {"full_name": "Ada Lovelace", "email": "ada@example.org"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.email) == ("Ada Lovelace", "ada@example.org")
    entry = AuditEntry.objects.get(object_id=str(person.public_id), action="update")
    assert entry.before == {"full_name": "Ada", "email": ""}


def test_archived_people_leave_the_list(org_admin_client, organisation):
    person = PersonFactory(organisation=organisation)
    org_admin_client.post(reverse("tenancy:person_archive", args=[person.public_id]))
    assert _names(_page(org_admin_client, LIST_URL)) == []
    assert AuditEntry.objects.filter(object_id=str(person.public_id), action="update").exists()


@pytest.mark.parametrize(("name", "method"), [("tenancy:person_edit", "get"), ("tenancy:person_archive", "post")])
def test_another_organisation_gets_404(organisation, other_org_client, name, method):
    person = PersonFactory(organisation=organisation)
    assert getattr(other_org_client, method)(reverse(name, args=[person.public_id])).status_code == 404
    person.refresh_from_db()
    assert person.archived_at is None
