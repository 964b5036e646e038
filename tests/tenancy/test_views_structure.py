"""Services, sites and storage rooms pages."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from fairfleet.tenancy.models import AuditEntry, Role, Service, Site, StorageRoom
from tests.conftest import member_client
from tests.tenancy.factories import ServiceFactory, SiteFactory, StorageRoomFactory

ROLES = list(Role.values)
MANAGERS = {"admin", "fleet_manager"}


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return response


def _audited(obj, action) -> bool:
    return AuditEntry.objects.filter(object_id=str(obj.public_id), action=action).exists()


# Services -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_services_role_matrix(organisation, role):
    client = member_client(organisation, role)
    service = ServiceFactory(organisation=organisation)
    allowed = role in MANAGERS
    list_page = _page(client, reverse("tenancy:service_list"))
    assert (reverse("tenancy:service_create").encode() in list_page.content) == allowed
    assert client.get(reverse("tenancy:service_create")).status_code == (200 if allowed else 403)
    assert client.get(reverse("tenancy:service_edit", args=[service.public_id])).status_code == (
        200 if allowed else 403
    )
    response = client.post(reverse("tenancy:service_create"), {"name": "IT", "criticality": "standard"})
    assert response.status_code == (302 if allowed else 403)
    response = client.post(reverse("tenancy:service_archive", args=[service.public_id]))
    assert response.status_code == (302 if allowed else 403)
    service.refresh_from_db()
    assert (service.archived_at is not None) == allowed
    assert Service.objects.filter(organisation=organisation, name="IT").exists() == allowed


def test_service_list_shows_the_tree_of_this_organisation_only(org_admin_client, organisation, other_organisation):
    top = ServiceFactory(organisation=organisation, name="Direction", criticality="vital")
    ServiceFactory(organisation=organisation, name="Accounting", parent=top)
    ServiceFactory(organisation=organisation, name="Archives", archived_at="2024-01-01T00:00:00Z")
    ServiceFactory(organisation=other_organisation, name="Foreign service")
    response = _page(org_admin_client, reverse("tenancy:service_list"))
    soup = BeautifulSoup(response.content, "html.parser")
    names = [row.th.get_text(" ", strip=True) for row in soup.select("tbody tr")]
    assert names[0] == "Direction"
    assert names[1].startswith("↳ Accounting")
    assert len(names) == 2
    assert "Vital: needs faultless hardware" in soup.select("tbody tr")[0].get_text()


def test_create_a_sub_service(org_admin_client, organisation):
    parent = ServiceFactory(organisation=organisation, name="Direction")
    response = org_admin_client.post(
        reverse("tenancy:service_create"),
        {"name": "Finances", "parent": str(parent.public_id), "criticality": "tolerant"},
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Finances")
    assert (service.organisation, service.parent, service.criticality) == (organisation, parent, "tolerant")
    assert _audited(service, "create")


def test_parent_choices_are_this_organisations_services(org_admin_client, organisation, other_organisation):
    mine = ServiceFactory(organisation=organisation, name="Mine")
    foreign = ServiceFactory(organisation=other_organisation, name="Theirs")
    form_page = _page(org_admin_client, reverse("tenancy:service_create"))
    options = [
        o.get_text(strip=True) for o in BeautifulSoup(form_page.content, "html.parser").select("#id_parent option")
    ]
    assert "Mine" in options
    assert "Theirs" not in options
    response = org_admin_client.post(
        reverse("tenancy:service_create"),
        {"name": "Sneaky", "parent": str(foreign.public_id), "criticality": "standard"},
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    assert not Service.objects.filter(name="Sneaky").exists()
    assert mine.children.count() == 0


def test_a_service_cannot_move_under_its_own_child(org_admin_client, organisation):
    top = ServiceFactory(organisation=organisation, name="Top")
    child = ServiceFactory(organisation=organisation, name="Child", parent=top)
    audit_before = AuditEntry.objects.count()
    response = org_admin_client.post(
        reverse("tenancy:service_edit", args=[top.public_id]),
        {"name": "Top renamed", "parent": str(child.public_id), "criticality": "standard"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["parent"] == [
        "A service cannot be placed under itself or its sub-services."
    ]
    top.refresh_from_db()
    assert (top.name, top.parent) == ("Top", None)
    assert AuditEntry.objects.count() == audit_before


def test_edit_a_service(org_admin_client, organisation):
    service = ServiceFactory(organisation=organisation, name="IT")
    edit_url = reverse("tenancy:service_edit", args=[service.public_id])
    form = _page(org_admin_client, edit_url).context["form"]
    assert form.initial["name"] == "IT"
    response = org_admin_client.post(edit_url, {"name": "IT and telecoms", "parent": "", "criticality": "vital"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.criticality) == ("IT and telecoms", "vital")
    entry = AuditEntry.objects.filter(object_id=str(service.public_id), action="update").get()
    assert entry.before == {"name": "IT", "criticality": "standard"}


def test_a_blank_name_is_refused(org_admin_client):
    response = org_admin_client.post(reverse("tenancy:service_create"), {"name": "", "criticality": "standard"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not Service.objects.exists()


def test_archive_is_post_only(org_admin_client, organisation):
    service = ServiceFactory(organisation=organisation)
    assert org_admin_client.get(reverse("tenancy:service_archive", args=[service.public_id])).status_code == 405
    service.refresh_from_db()
    assert service.archived_at is None


# Sites and storage rooms --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_sites_role_matrix(organisation, role):
    client = member_client(organisation, role)
    site = SiteFactory(organisation=organisation)
    room = StorageRoomFactory(site=site)
    allowed = role in MANAGERS
    _page(client, reverse("tenancy:site_list"))
    _page(client, reverse("tenancy:site_detail", args=[site.public_id]))
    for url in (
        reverse("tenancy:site_create"),
        reverse("tenancy:site_edit", args=[site.public_id]),
        reverse("tenancy:storage_room_create", args=[site.public_id]),
        reverse("tenancy:storage_room_edit", args=[room.public_id]),
    ):
        assert client.get(url).status_code == (200 if allowed else 403), url
    response = client.post(reverse("tenancy:site_create"), {"name": "Depot", "country": "FR"})
    assert response.status_code == (302 if allowed else 403)
    response = client.post(reverse("tenancy:storage_room_create", args=[site.public_id]), {"name": "B", "capacity": 3})
    assert response.status_code == (302 if allowed else 403)
    assert client.post(reverse("tenancy:storage_room_archive", args=[room.public_id])).status_code == (
        302 if allowed else 403
    )
    assert client.post(reverse("tenancy:site_archive", args=[site.public_id])).status_code == (302 if allowed else 403)
    site.refresh_from_db()
    room.refresh_from_db()
    assert (site.archived_at is not None, room.archived_at is not None) == (allowed, allowed)
    assert Site.objects.filter(name="Depot").exists() == allowed
    assert StorageRoom.objects.filter(name="B").exists() == allowed


def test_site_list_and_detail(org_admin_client, organisation, other_organisation):
    site = SiteFactory(organisation=organisation, name="Town hall", address="1 place du Marché", postcode="59000")
    StorageRoomFactory(site=site, name="Basement", capacity=120)
    StorageRoomFactory(site=site, name="Old room", archived_at="2024-01-01T00:00:00Z")
    SiteFactory(organisation=other_organisation, name="Foreign site")
    listing = _page(org_admin_client, reverse("tenancy:site_list"))
    assert b"Town hall" in listing.content
    assert b"Foreign site" not in listing.content
    assert listing.context["sites"][0].room_count == 1
    detail = _page(org_admin_client, reverse("tenancy:site_detail", args=[site.public_id]))
    text = BeautifulSoup(detail.content, "html.parser").select_one("main").get_text(" ", strip=True)
    assert "Basement 120" in text
    assert "Old room" not in text


def test_create_edit_and_archive_a_site(org_admin_client, organisation):
    response = org_admin_client.post(
        reverse("tenancy:site_create"), {"name": "Depot", "city": "Namur", "country": "BE"}
    )
    site = Site.objects.get(name="Depot")
    assert response.url == reverse("tenancy:site_detail", args=[site.public_id])
    assert (site.organisation, site.city, site.country) == (organisation, "Namur", "BE")
    assert _audited(site, "create")

    response = org_admin_client.post(
        reverse("tenancy:site_edit", args=[site.public_id]), {"name": "Depot", "city": "Liège", "country": "BE"}
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.city == "Liège"
    assert _audited(site, "update")

    org_admin_client.post(reverse("tenancy:site_archive", args=[site.public_id]))
    site.refresh_from_db()
    assert site.archived_at is not None
    assert list(_page(org_admin_client, reverse("tenancy:site_list")).context["sites"]) == []


def test_a_bad_country_changes_nothing(org_admin_client, organisation):
    site = SiteFactory(organisation=organisation, name="Depot")
    response = org_admin_client.post(
        reverse("tenancy:site_edit", args=[site.public_id]), {"name": "Renamed", "country": "ZZ"}
    )
    assert response.status_code == 400
    assert "country" in response.context["form"].errors
    site.refresh_from_db()
    assert site.name == "Depot"


def test_storage_rooms(org_admin_client, organisation):
    site = SiteFactory(organisation=organisation)
    create_url = reverse("tenancy:storage_room_create", args=[site.public_id])
    response = org_admin_client.post(create_url, {"name": "Cellar", "capacity": -3})
    assert response.status_code == 400
    assert "capacity" in response.context["form"].errors
    assert not StorageRoom.objects.exists()

    response = org_admin_client.post(create_url, {"name": "Cellar", "capacity": 40})
    assert response.url == reverse("tenancy:site_detail", args=[site.public_id])
    room = StorageRoom.objects.get()
    assert (room.site, room.organisation, room.capacity) == (site, organisation, 40)
    assert _audited(room, "create")

    response = org_admin_client.post(
        reverse("tenancy:storage_room_edit", args=[room.public_id]), {"name": "Cellar", "capacity": 60}
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.capacity == 60
    assert AuditEntry.objects.get(object_id=str(room.public_id), action="update").after == {"capacity": 60}

    org_admin_client.post(reverse("tenancy:storage_room_archive", args=[room.public_id]))
    room.refresh_from_db()
    assert room.archived_at is not None


@pytest.mark.parametrize(
    ("name", "maker", "method"),
    [
        ("tenancy:service_edit", lambda org: ServiceFactory(organisation=org), "get"),
        ("tenancy:service_archive", lambda org: ServiceFactory(organisation=org), "post"),
        ("tenancy:site_detail", lambda org: SiteFactory(organisation=org), "get"),
        ("tenancy:site_edit", lambda org: SiteFactory(organisation=org), "post"),
        ("tenancy:storage_room_create", lambda org: SiteFactory(organisation=org), "post"),
        ("tenancy:storage_room_edit", lambda org: StorageRoomFactory(site__organisation=org), "get"),
        ("tenancy:storage_room_archive", lambda org: StorageRoomFactory(site__organisation=org), "post"),
    ],
)
def test_another_organisation_gets_404(organisation, other_org_client, name, maker, method):
    obj = maker(organisation)
    response = getattr(other_org_client, method)(reverse(name, args=[obj.public_id]), {"name": "x", "capacity": 1})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(organisation=organisation).exists()
