"""Schemathesis against the app's own OpenAPI schema, with two tenants: no server error, responses that
match the schema, and nothing of organisation A ever in a response to organisation B's token.

It runs on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fairfleet.config.wsgi import application
from fairfleet.inventory.imports.jobs import column_mapping_save, import_job_create
from fairfleet.inventory.imports.service import import_check
from fairfleet.inventory.services import device_create
from tests.api.conftest import token_client
from tests.inventory.factories import DeviceModelFactory
from tests.tenancy import factories as tf

MARKER = "ZQXMARKERA"
EXAMPLES_PER_OPERATION = 20


def _seed(org, marker: str = "") -> dict[str, str]:
    """One object of each kind, every text field carrying the marker; their public ids by path kind."""
    service = tf.ServiceFactory(organisation=org, name=f"{marker}service")
    site = tf.SiteFactory(organisation=org, name=f"{marker}site", city=f"{marker}city")
    room = tf.StorageRoomFactory(site=site, name=f"{marker}room")
    person = tf.PersonFactory(organisation=org, full_name=f"{marker}person", service=service)
    model = DeviceModelFactory(organisation=org, manufacturer=f"{marker}maker", name=f"{marker}model")
    device = device_create(
        actor=None,
        organisation=org,
        model=model,
        serial_number=f"{marker}serial",
        asset_tag=f"{marker}tag",
        service=service,
        site=site,
        storage_room=room,
        holder=person,
        notes=f"{marker}notes",
        supplier=f"{marker}supplier",
        external_ids={"glpi": f"{marker}glpi"},
    )
    fleet = f"serial number,manufacturer,model\n{marker}sn-1,{marker}maker,{marker}new model\n"
    job = import_job_create(
        organisation=org, actor=None, handle=ContentFile(fleet.encode()), name=f"{marker}fleet.csv", start=False
    )
    import_check(job=job)  # checked, with a report naming the new model
    mapping = column_mapping_save(
        organisation=org, actor=None, name=f"{marker}mapping", columns={f"{marker}serial": "serial_number"}
    )
    return {
        "imports": str(job.public_id),
        "column-mappings": str(mapping.public_id),
        "services": str(service.public_id),
        "sites": str(site.public_id),
        "people": str(person.public_id),
        "device-models": str(model.public_id),
        "devices": str(device.public_id),
    }


def _ids_for(path: str, ids: dict[str, str]) -> dict[str, str]:
    for prefix, public_id in ids.items():
        if path.startswith(f"/api/v1/{prefix}/{{"):
            return {"public_id": public_id}
    return {}


@pytest.fixture
def media(settings, tmp_path):
    """Uploads land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI app must not close the connection holding the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_server_error_and_no_cross_tenant_read(keep_test_connection, media):
    org_a = tf.OrganisationFactory(name=f"{MARKER}org", legal_identifier="")
    org_b = tf.OrganisationFactory(name="Org B", country="BE")
    ids_a, ids_b = _seed(org_a, MARKER), _seed(org_b)
    key_b = token_client(org_b, "admin").key
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        # B's token on A's objects (must 404 and leak nothing), then on its own: valid requests must conform
        # to the schema, invalid ones (negative mode) must be refused without a server error.
        runs = [(ids_b, GenerationMode.POSITIVE, EXAMPLES_PER_OPERATION), (ids_b, GenerationMode.NEGATIVE, 10)]
        if _ids_for(operation.path, ids_a):
            runs.insert(0, (ids_a, GenerationMode.POSITIVE, EXAMPLES_PER_OPERATION))
        for ids, mode, examples in runs:
            strategy = operation.as_strategy(mode, path_parameters=_ids_for(operation.path, ids) or None)

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def check(case):
                response = case.call(headers={"Authorization": f"Bearer {key_b}"})
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
                assert MARKER.lower() not in response.text.lower(), (case.method, case.formatted_path, response.text)

            check()
