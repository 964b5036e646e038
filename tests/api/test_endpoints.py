"""Every endpoint: tenant isolation, the role x action matrix, and bad input answered 400/404, never 500."""

import uuid

import pytest

from fairfleet.inventory.models import ColumnMapping, ImportJob
from fairfleet.tenancy.models import AuditEntry, Person, Service, Site
from tests.api.conftest import token_client
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy import factories as tf

ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]
MAKERS = {
    "services": lambda org: tf.ServiceFactory(organisation=org),
    "sites": lambda org: tf.SiteFactory(organisation=org),
    "people": lambda org: tf.PersonFactory(organisation=org),
    "device-models": lambda org: DeviceModelFactory(organisation=org),
    "devices": lambda org: DeviceFactory(organisation=org),
    "imports": lambda org: ImportJob.objects.create(organisation=org, source_name="fleet.csv", format="csv"),
    "column-mappings": lambda org: ColumnMapping.objects.create(organisation=org, name="Ours", columns={}),
}


def _list(response) -> list:
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


@pytest.mark.parametrize("kind", MAKERS)
def test_another_organisation_sees_nothing(kind, org_a, admin_b):
    obj = MAKERS[kind](org_a)
    own = MAKERS[kind](admin_b.member.organisation)
    listed = {row["id"] for row in _list(admin_b.get(f"/api/v1/{kind}/"))}
    assert listed == {str(own.public_id)}
    url = f"/api/v1/{kind}/{obj.public_id}/"
    audit_before = AuditEntry.objects.filter(organisation=org_a).count()
    assert admin_b.get(url).status_code == 404
    assert admin_b.patch(url, {"name": "stolen"}, format="json").status_code == 404
    assert admin_b.post(url, {}, format="json").status_code == 404
    assert admin_b.put(url, {}, format="json").status_code == 404
    assert admin_b.delete(url).status_code == 404
    assert AuditEntry.objects.filter(organisation=org_a).count() == audit_before


@pytest.mark.parametrize("kind", MAKERS)
def test_missing_and_malformed_ids_get_404(kind, admin_a):
    assert admin_a.get(f"/api/v1/{kind}/{uuid.uuid4()}/").status_code == 404
    assert admin_a.get(f"/api/v1/{kind}/12/").status_code == 404
    assert admin_a.get(f"/api/v1/{kind}/not-a-uuid/").status_code == 404


def test_organisation_is_the_tokens_own(org_a, admin_a, admin_b):
    assert admin_a.get("/api/v1/organisation/").json()["id"] == str(org_a.public_id)
    assert admin_b.get("/api/v1/organisation/").json()["name"] == "Org B"


def test_no_delete_nor_put(admin_a, org_a):
    service = tf.ServiceFactory(organisation=org_a)
    url = f"/api/v1/services/{service.public_id}/"
    assert admin_a.delete(url).status_code == 405
    assert admin_a.put(url, {"name": "x"}, format="json").status_code == 405
    assert Service.objects.filter(pk=service.pk).exists()


# Role x action ---------------------------------------------------------------------------------

WRITE_RULES = {
    # kind: (roles allowed to create and update, a valid body)
    "services": ({"admin", "fleet_manager"}, lambda org: {"name": "IT", "criticality": "vital"}),
    "sites": ({"admin", "fleet_manager"}, lambda org: {"name": "HQ", "city": "Gent", "country": "BE"}),
    "people": ({"admin", "fleet_manager"}, lambda org: {"full_name": "Ann Peeters", "email": "ann@example.org"}),
    "device-models": (
        {"admin", "fleet_manager", "buyer"},
        lambda org: {"manufacturer": "Fairphone", "name": "5", "category": str(builtin_category().public_id)},
    ),
    "devices": (
        {"admin", "fleet_manager"},
        lambda org: {"model": str(DeviceModelFactory(organisation=org).public_id), "serial_number": "sn-1"},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", WRITE_RULES)
def test_role_matrix(kind, role, org_a):
    allowed, body = WRITE_RULES[kind]
    client = token_client(org_a, role)
    existing = MAKERS[kind](org_a)
    assert client.get(f"/api/v1/{kind}/").status_code == 200
    assert client.get(f"/api/v1/{kind}/{existing.public_id}/").status_code == 200
    created = client.post(f"/api/v1/{kind}/", body(org_a), format="json")
    assert created.status_code == (201 if role in allowed else 403), created.content
    field = {"services": "name", "sites": "name", "people": "full_name", "device-models": "cpu", "devices": "notes"}
    updated = client.patch(f"/api/v1/{kind}/{existing.public_id}/", {field[kind]: "Changed"}, format="json")
    assert updated.status_code == (200 if role in allowed else 403), updated.content
    if role in allowed:
        assert updated.json()[field[kind]] == "Changed"
        assert AuditEntry.objects.filter(organisation=org_a, object_id=str(existing.public_id)).exists()


# Writes go through the services -----------------------------------------------------------------


def test_create_person_and_update_service(admin_a, org_a):
    service = tf.ServiceFactory(organisation=org_a)
    response = admin_a.post("/api/v1/people/", {"full_name": "Jan", "service": str(service.public_id)}, format="json")
    assert response.status_code == 201
    person = Person.objects.get(public_id=response.json()["id"])
    assert person.service == service
    assert person.organisation == org_a
    assert AuditEntry.objects.filter(action="create", object_id=str(person.public_id)).exists()
    child = tf.ServiceFactory(organisation=org_a, parent=service)
    response = admin_a.patch(f"/api/v1/services/{service.public_id}/", {"parent": str(child.public_id)}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_site_create_and_patch(admin_a, org_a):
    response = admin_a.post("/api/v1/sites/", {"name": "Depot", "city": "Lyon"}, format="json")
    assert response.status_code == 201
    site = Site.objects.get(public_id=response.json()["id"], organisation=org_a)
    assert admin_a.patch(f"/api/v1/sites/{site.public_id}/", {"country": "ZZ"}, format="json").status_code == 400


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("services", {"name": "IT", "colour": "red"}),  # unknown field
        ("services", {"name": "IT", "id": str(uuid.uuid4())}),  # read-only field
        ("services", {"name": 12.5, "criticality": "deadly"}),
        ("services", ["not", "an", "object"]),
        ("services", {"name": "IT", "parent": "not-a-uuid"}),
        ("services", {"name": "IT", "parent": 42}),
        ("services", {"name": "IT", "parent": str(uuid.uuid4())}),
        ("sites", {"name": "x" * 500}),
        ("people", {"full_name": "A", "email": "not an e-mail"}),
        ("people", {"full_name": "A\x00B"}),
        ("device-models", {"manufacturer": "A", "name": "B", "category": "nope"}),
        ("device-models", {"manufacturer": "A", "name": "B", "ram_gb": 10**30}),
        ("device-models", {"manufacturer": "A", "name": "B", "repairability_index": "NaN"}),
        ("devices", {"serial_number": "x"}),  # the model is required
        ("devices", {"model": None}),
        ("devices", {"model": str(uuid.uuid4())}),
        ("devices", {"price": "-1"}),
        ("devices", {"acquisition_date": "31/02/2024"}),
        ("devices", {"external_ids": {"": "x"}}),
        ("devices", {"external_ids": ["x"]}),
        ("devices", {"state": "sold"}),
    ],
)
def test_bad_input_gets_400_and_changes_nothing(kind, body, admin_a, org_a):
    audit_before = AuditEntry.objects.filter(organisation=org_a).count()
    response = admin_a.post(f"/api/v1/{kind}/", body, format="json")
    assert response.status_code == 400, response.content
    assert AuditEntry.objects.filter(organisation=org_a).count() == audit_before


def test_malformed_json_gets_400(admin_a):
    response = admin_a.post("/api/v1/services/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_references_to_another_organisations_objects_are_refused(admin_a, org_b):
    foreign_service = tf.ServiceFactory(organisation=org_b)
    foreign_model = DeviceModelFactory(organisation=org_b)
    response = admin_a.post("/api/v1/people/", {"full_name": "X", "service": str(foreign_service.public_id)})
    assert response.status_code == 400
    assert response.json() == {"service": ["No such object in this organisation."]}
    response = admin_a.post("/api/v1/devices/", {"model": str(foreign_model.public_id)}, format="json")
    assert response.status_code == 400
    assert "model" in response.json()


def test_service_refusals_come_back_as_400_with_their_message(admin_a, org_a):
    DeviceFactory(organisation=org_a, serial_number="SN-DUP")
    model = DeviceModelFactory(organisation=org_a)
    response = admin_a.post("/api/v1/devices/", {"model": str(model.public_id), "serial_number": " sn-dup "})
    assert response.status_code == 400
    message = "Another device of this organisation already has this serial number."
    assert response.json() == {"serial_number": [message]}
