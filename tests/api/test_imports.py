"""The import endpoints: upload and check, apply, remap, cancel; saved column mappings; roles and tenants."""

import json
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from fairfleet.inventory.imports.jobs import column_mapping_save, import_job_create
from fairfleet.inventory.models import ColumnMapping, Device, ImportJob
from fairfleet.tenancy.models import AuditEntry
from fairfleet.tenancy.services import api_token_create
from tests.api.conftest import token_client
from tests.conftest import member_client
from tests.inventory.imports.make_corpus import GENERIC_HEADER, GENERIC_ROWS, write_xlsx
from tests.tenancy.factories import MembershipFactory

URL = "/api/v1/imports/"
MAPPINGS = "/api/v1/column-mappings/"
ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]
WRITERS = {"admin", "fleet_manager"}
CSV = (
    b"serial number,asset tag,manufacturer,model,acquisition date,price\n"
    b"SN-API-1,T-API-1,Dell,Latitude 5420,2021-03-15,1234.50\n"
    b"SN-API-2,T-API-2,HP,EliteBook 840,2022-01-10,999\n"
)
# The same fleet under the organisation's own titles, which no preset knows.
OWN_CSV = b"Numero,Etiquette,Marque,Type de poste\nSN-OWN-1,T-OWN-1,Dell,Latitude 5420\n"
OWN_COLUMNS = {"Numero": "serial_number", "Etiquette": "asset_tag", "Marque": "manufacturer", "Type de poste": "model"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """The queued check or apply runs when the request's transaction would commit (tasks are immediate)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def upload(client, content: bytes = CSV, name: str = "fleet.csv", **fields):
    if "columns" in fields:
        fields["columns"] = json.dumps(fields["columns"])
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **fields}, format="multipart")


def checked_job(client, run_tasks, content: bytes = CSV, name: str = "fleet.csv", **fields) -> dict:
    with run_tasks():
        response = upload(client, content, name, **fields)
    assert response.status_code == 201, response.content
    return client.get(f"{URL}{response.json()['id']}/").json()


def xlsx_bytes(tmp_path) -> bytes:
    path = tmp_path / "parc.xlsx"
    write_xlsx(path, GENERIC_HEADER, GENERIC_ROWS)
    return path.read_bytes()


def _make_job(org, content: bytes = CSV):
    return import_job_create(organisation=org, actor=None, handle=ContentFile(content), name="fleet.csv", start=False)


# Upload and check --------------------------------------------------------------------------------


def test_upload_csv_queues_the_check_and_the_job_shows_its_report(admin_a, org_a, run_tasks):
    with run_tasks():
        response = upload(admin_a)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "uploaded"  # the check runs once the upload is committed
    assert response["Location"].endswith(f"{URL}{body['id']}/")
    job = admin_a.get(f"{URL}{body['id']}/").json()
    assert job["state"] == "checked"
    assert job["state_label"] == "Checked: ready to apply"
    assert job["format"] == "csv"
    assert job["source_name"] == "fleet.csv"
    assert job["file_size"] == len(CSV)
    assert len(job["sha256"]) == 64
    assert job["created_by"] == admin_a.member.user.email
    assert job["rows_total"] == 2
    assert job["checked_at"] is not None
    assert job["applied_at"] is None
    report = job["report"]
    assert (report["new"], report["updated"], report["unchanged"], report["rejected"]) == (2, 0, 0, 0)
    assert report["error_count"] == 0
    assert report["preset"] == "generic"
    serial = {"title": "serial number", "field": "serial_number", "samples": ["SN-API-1", "SN-API-2"]}
    assert serial in report["columns"]
    assert not Device.objects.filter(organisation=org_a).exists()  # a dry run


def test_upload_xlsx(admin_a, run_tasks, tmp_path):
    job = checked_job(admin_a, run_tasks, xlsx_bytes(tmp_path), "parc.xlsx", sheet="Parc")
    assert job["format"] == "xlsx"
    assert job["sheet"] == "Parc"
    assert job["state"] == "checked", job["report"]
    assert job["report"]["new"] == 2


def test_a_file_with_errors_is_refused_with_each_error(admin_a, run_tasks):
    bad = CSV + b"SN-API-3,T-API-3,Dell,Latitude,31/02/2024,-1\n"
    job = checked_job(admin_a, run_tasks, bad)
    assert job["state"] == "refused"
    assert job["report"]["rejected"] == 1
    error = job["report"]["errors"][0]
    assert set(error) == {"line", "column", "value", "code", "message", "params"}
    assert error["line"] == 4


def test_junk_is_stored_then_refused_by_the_check(admin_a, run_tasks):
    job = checked_job(admin_a, run_tasks, bytes(range(256)) * 64, "junk.csv")
    assert job["state"] == "refused"
    assert job["report"]["refused"] is True
    assert job["report"]["errors"][0]["code"] == "unknown_encoding"


def test_upload_with_a_saved_mapping(admin_a, org_a, run_tasks):
    mapping = column_mapping_save(organisation=org_a, actor=None, name="Our sheet", columns=OWN_COLUMNS)
    job = checked_job(admin_a, run_tasks, OWN_CSV, mapping=str(mapping.public_id))
    assert job["columns"] == OWN_COLUMNS
    assert job["state"] == "checked", job["report"]
    both = upload(admin_a, OWN_CSV, mapping=str(mapping.public_id), columns=OWN_COLUMNS)
    assert both.status_code == 400
    assert "mapping" in both.json()


# Apply, re-upload, cancel ------------------------------------------------------------------------


def test_apply_creates_devices_and_the_same_file_again_changes_nothing(admin_a, org_a, run_tasks):
    job = checked_job(admin_a, run_tasks)
    with run_tasks():
        response = admin_a.post(f"{URL}{job['id']}/apply/")
    assert response.status_code == 202, response.content
    assert response.json()["state"] == "apply_queued"
    job = admin_a.get(f"{URL}{job['id']}/").json()
    assert job["state"] == "applied"
    assert job["applied_at"] is not None
    assert job["report"]["created"]["models"] == 2
    serials = set(Device.objects.filter(organisation=org_a).values_list("serial_number", flat=True))
    assert serials == {"SN-API-1", "SN-API-2"}
    assert AuditEntry.objects.filter(organisation=org_a, action="import", object_id=job["id"]).exists()
    again = checked_job(admin_a, run_tasks)
    report = again["report"]
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 0, 2)


def test_apply_twice_or_before_the_check_is_a_conflict(admin_a, org_a, run_tasks):
    job = checked_job(admin_a, run_tasks)
    with run_tasks():
        assert admin_a.post(f"{URL}{job['id']}/apply/").status_code == 202
    response = admin_a.post(f"{URL}{job['id']}/apply/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only a checked import can be applied; this one is in the state “Applied”.",
        "state": "applied",
    }
    assert admin_a.post(f"{URL}{job['id']}/cancel/").status_code == 409
    assert admin_a.post(f"{URL}{job['id']}/remap/", {"columns": {}}, format="json").status_code == 409
    unchecked = upload(admin_a).json()  # its check is never run: the callbacks are not executed
    response = admin_a.post(f"{URL}{unchecked['id']}/apply/")
    assert response.status_code == 409
    assert response.json()["state"] == "uploaded"
    assert Device.objects.filter(organisation=org_a).count() == 2


def test_apply_of_a_refused_job_is_a_conflict(admin_a, org_a, run_tasks):
    job = checked_job(admin_a, run_tasks, CSV + b"SN-API-3,T-API-3,Dell,Latitude,,cheap\n")
    response = admin_a.post(f"{URL}{job['id']}/apply/")
    assert response.status_code == 409
    assert response.json()["state"] == "refused"
    assert not Device.objects.filter(organisation=org_a).exists()


def test_cancel_drops_the_job_and_its_file(admin_a, org_a, run_tasks):
    job = checked_job(admin_a, run_tasks)
    stored = ImportJob.objects.get(public_id=job["id"])
    path = stored.file.path
    response = admin_a.post(f"{URL}{job['id']}/cancel/")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "cancelled"
    stored.refresh_from_db()
    assert not stored.file
    assert not os.path.exists(path)
    assert AuditEntry.objects.filter(organisation=org_a, action="cancel", object_id=job["id"]).exists()
    response = admin_a.post(f"{URL}{job['id']}/cancel/")
    assert response.status_code == 409
    assert response.json()["detail"] == "This import can no longer be cancelled; it is in the state “Cancelled”."
    assert admin_a.post(f"{URL}{job['id']}/apply/").status_code == 409


# Remap and mappings ------------------------------------------------------------------------------


def test_remap_with_save_as_checks_again_and_saves_the_mapping(admin_a, org_a, run_tasks):
    job = checked_job(admin_a, run_tasks, OWN_CSV)
    assert job["state"] == "refused"  # no preset knows these titles
    assert job["report"]["errors"][0]["code"] == "missing_column"
    with run_tasks():
        response = admin_a.post(
            f"{URL}{job['id']}/remap/",
            {"columns": OWN_COLUMNS, "preset": "generic", "save_as": "Our own sheet"},
            format="json",
        )
    assert response.status_code == 202, response.content
    assert response.json()["state"] == "uploaded"
    assert response.json()["columns"] == OWN_COLUMNS
    job = admin_a.get(f"{URL}{job['id']}/").json()
    assert job["state"] == "checked", job["report"]
    assert job["preset"] == "generic"
    assert job["report"]["new"] == 1
    listed = admin_a.get(MAPPINGS).json()
    assert [(m["name"], m["columns"]) for m in listed] == [("Our own sheet", OWN_COLUMNS)]
    detail = admin_a.get(f"{MAPPINGS}{listed[0]['id']}/")
    assert detail.status_code == 200
    assert detail.json()["name"] == "Our own sheet"


def test_create_and_replace_a_mapping(admin_a, org_a):
    response = admin_a.post(MAPPINGS, {"name": "GLPI custom", "columns": {"Serial": "serial_number"}}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["columns"] == {"Serial": "serial_number"}
    response = admin_a.post(MAPPINGS, {"name": "GLPI custom", "columns": {"S/N": "serial_number"}}, format="json")
    assert response.status_code == 201
    mapping = ColumnMapping.objects.get(organisation=org_a)
    assert mapping.columns == {"S/N": "serial_number"}
    assert AuditEntry.objects.filter(organisation=org_a, object_id=str(mapping.public_id)).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "columns": {"Serial": "colour"}},
        {"name": "", "columns": {}},
        {"columns": {}},
        {"name": "x", "columns": ["serial_number"]},
        {"name": "x", "columns": {"Serial": None}},
        {"name": "x", "columns": {}, "owner": "me"},
    ],
)
def test_bad_mappings_get_400(body, admin_a, org_a):
    response = admin_a.post(MAPPINGS, body, format="json")
    assert response.status_code == 400, response.content
    assert not ColumnMapping.objects.exists()


def test_unknown_field_in_columns_gets_400(admin_a, org_a, run_tasks):
    response = upload(admin_a, columns={"serial number": "colour"})
    assert response.status_code == 400
    assert "columns" in response.json()
    assert not ImportJob.objects.exists()
    job = checked_job(admin_a, run_tasks)
    response = admin_a.post(f"{URL}{job['id']}/remap/", {"columns": {"serial number": "colour"}}, format="json")
    assert response.status_code == 400
    assert "columns" in response.json()
    assert admin_a.get(f"{URL}{job['id']}/").json()["state"] == "checked"


@pytest.mark.parametrize("title", ["a\\u0000b", "\\ud9a4x"])
def test_titles_that_cannot_be_stored_get_400(title, admin_a, run_tasks):
    """A NUL or a lone surrogate in a JSON key: PostgreSQL's jsonb would refuse it with a server error."""
    job = checked_job(admin_a, run_tasks)
    body = '{"columns": {"TITLE": "serial_number"}}'.replace("TITLE", title)
    response = admin_a.post(f"{URL}{job['id']}/remap/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    body = '{"name": "x", "columns": {"TITLE": ""}}'.replace("TITLE", title)
    assert admin_a.post(MAPPINGS, body, content_type="application/json").status_code == 400
    assert not ColumnMapping.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"preset": "no_such_preset"},
        {"columns": "{not json"},
        {"columns": "[1, 2]"},
        {"sheet": "x" * 121},
        {"colour": "red"},
        {"mapping": "not-a-uuid"},
        {"mapping": "00000000-0000-4000-8000-000000000000"},
    ],
)
def test_bad_upload_fields_get_400_and_store_nothing(fields, admin_a):
    response = admin_a.post(URL, {"file": SimpleUploadedFile("fleet.csv", CSV), **fields}, format="multipart")
    assert response.status_code == 400, response.content
    assert not ImportJob.objects.exists()


def test_unknown_preset_gets_400(admin_a, run_tasks):
    response = upload(admin_a, preset="no_such_preset")
    assert response.status_code == 400
    assert "preset" in response.json()
    job = checked_job(admin_a, run_tasks)
    response = admin_a.post(f"{URL}{job['id']}/remap/", {"preset": "no_such_preset"}, format="json")
    assert response.status_code == 400
    assert "preset" in response.json()


def test_missing_empty_or_json_file_gets_an_error(admin_a):
    assert admin_a.post(URL, {"preset": "generic"}, format="multipart").status_code == 400
    assert upload(admin_a, b"").status_code == 400
    assert admin_a.post(URL, {"file": "x"}, format="json").status_code == 415
    assert admin_a.post(URL, "garbage", content_type="multipart/form-data; boundary=zz").status_code == 400
    assert not ImportJob.objects.exists()


def test_file_over_the_limit_gets_400_and_nothing_is_stored(admin_a, settings, tmp_path):
    settings.MAX_UPLOAD_BYTES = 100
    response = upload(admin_a, CSV * 2)
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"
    assert "larger than the limit" in response.json()["detail"]
    # A body far over the limit is refused before it is read.
    response = upload(admin_a, b"x" * 100_000)
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"
    assert not ImportJob.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_awkward_file_names_are_stored(admin_a, run_tasks):
    for name in ["%%%", "a" * 300 + ".csv", "x." + "c" * 50]:
        job = checked_job(admin_a, run_tasks, CSV, name)
        assert job["state"] == "checked", (name, job["report"])
        assert len(ImportJob.objects.get(public_id=job["id"]).file.name) <= 100


# Lists -------------------------------------------------------------------------------------------


def test_list_pages_newest_first_without_reports(admin_a, org_a):
    jobs = [_make_job(org_a) for _ in range(3)]
    response = admin_a.get(f"{URL}?page_size=2")
    assert response.status_code == 200
    page = response.json()
    assert [row["id"] for row in page["results"]] == [str(jobs[2].public_id), str(jobs[1].public_id)]
    assert "report" not in page["results"][0]
    rest = admin_a.get(page["next"]).json()
    assert [row["id"] for row in rest["results"]] == [str(jobs[0].public_id)]
    assert rest["next"] is None
    assert admin_a.get(f"{URL}?state=uploaded").json()["results"][0]["state"] == "uploaded"
    assert admin_a.get(f"{URL}?state=applied").json()["results"] == []
    assert admin_a.get(f"{URL}?state=sold").status_code == 400
    assert admin_a.get(f"{URL}?page_size=0").status_code == 400
    assert admin_a.get(f"{URL}?cursor=garbage").status_code == 400


# Roles, tokens and tenants -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, org_a, run_tasks):
    allowed = role in WRITERS
    client = token_client(org_a, role)
    job = _make_job(org_a)
    mapping = column_mapping_save(organisation=org_a, actor=None, name="Ours", columns={"A": "serial_number"})
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{job.public_id}/").status_code == 200
    assert client.get(MAPPINGS).status_code == 200
    assert client.get(f"{MAPPINGS}{mapping.public_id}/").status_code == 200
    with run_tasks():
        created = upload(client)
    assert created.status_code == (201 if allowed else 403), created.content
    assert ImportJob.objects.count() == (2 if allowed else 1)
    if allowed:
        job = ImportJob.objects.get(public_id=created.json()["id"])
    expected = 202 if allowed else 403
    response = client.post(f"{URL}{job.public_id}/remap/", {"columns": {}, "save_as": "Mine"}, format="json")
    assert response.status_code == expected, response.content
    job.refresh_from_db()
    with run_tasks():
        job.state = "checked"
        job.save()
        assert client.post(f"{URL}{job.public_id}/apply/").status_code == expected
    other = _make_job(org_a)
    assert client.post(f"{URL}{other.public_id}/cancel/").status_code == (200 if allowed else 403)
    saved = client.post(MAPPINGS, {"name": "Theirs", "columns": {}}, format="json")
    assert saved.status_code == (201 if allowed else 403)
    assert ColumnMapping.objects.count() == (3 if allowed else 1)


def test_the_token_acts_with_its_own_role(org_a):
    admin = MembershipFactory(organisation=org_a, role="admin")
    _token, key = api_token_create(actor=admin.user, organisation=org_a, name="ro", role="viewer")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    job = _make_job(org_a)
    assert client.get(f"{URL}{job.public_id}/").status_code == 200
    assert upload(client).status_code == 403
    assert client.post(f"{URL}{job.public_id}/cancel/").status_code == 403
    assert client.post(MAPPINGS, {"name": "x", "columns": {}}, format="json").status_code == 403
    job.refresh_from_db()
    assert job.state == "uploaded"


def test_without_a_token_gets_401(org_a):
    job = _make_job(org_a)
    assert APIClient().get(URL).status_code == 401
    assert APIClient().post(f"{URL}{job.public_id}/apply/").status_code == 401


def test_another_organisation_gets_404_and_sees_nothing(admin_a, admin_b, org_a, run_tasks):
    job = checked_job(admin_a, run_tasks)
    mapping = column_mapping_save(organisation=org_a, actor=None, name="A's", columns={"A": "serial_number"})
    audit_before = AuditEntry.objects.filter(organisation=org_a).count()
    url = f"{URL}{job['id']}/"
    assert admin_b.get(url).status_code == 404
    assert admin_b.post(f"{url}apply/").status_code == 404
    assert admin_b.post(f"{url}cancel/").status_code == 404
    assert admin_b.post(f"{url}remap/", {"columns": {}, "save_as": "stolen"}, format="json").status_code == 404
    assert admin_b.post(f"{url}remap/", {"columns": {"x": "colour"}}, format="json").status_code == 404
    assert admin_b.patch(url, {}, format="json").status_code == 404
    assert admin_b.delete(url).status_code == 404
    assert admin_b.get(f"{MAPPINGS}{mapping.public_id}/").status_code == 404
    assert admin_b.get(URL).json() == {"results": [], "next": None}
    assert admin_b.get(MAPPINGS).json() == []
    mine = checked_job(admin_b, run_tasks, name="b.csv")
    assert [row["id"] for row in admin_b.get(URL).json()["results"]] == [mine["id"]]
    assert ImportJob.objects.get(public_id=job["id"]).state == "checked"
    assert AuditEntry.objects.filter(organisation=org_a).count() == audit_before
    assert not ColumnMapping.objects.filter(name="stolen").exists()


def test_a_saved_mapping_of_another_organisation_cannot_be_used(admin_b, org_a):
    mapping = column_mapping_save(organisation=org_a, actor=None, name="A's", columns=OWN_COLUMNS)
    response = upload(admin_b, OWN_CSV, mapping=str(mapping.public_id))
    assert response.status_code == 400
    assert response.json() == {"mapping": ["No such object in this organisation."]}


# The browser ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_browsable_pages_and_session_upload(role, org_a, run_tasks):
    client = member_client(org_a, role)
    job = _make_job(org_a)
    mapping = column_mapping_save(organisation=org_a, actor=None, name="Ours", columns={"A": "serial_number"})
    for url in [URL, f"{URL}{job.public_id}/", MAPPINGS, f"{MAPPINGS}{mapping.public_id}/"]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert "text/html" in response["Content-Type"]
    with run_tasks():
        response = client.post(URL, {"file": SimpleUploadedFile("fleet.csv", CSV)})
    assert response.status_code == (201 if role == "admin" else 403)


def test_schema_documents_the_upload_and_the_conflicts(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    upload_body = schema["paths"][URL]["post"]["requestBody"]["content"]
    assert list(upload_body) == ["multipart/form-data"]
    assert set(schema["paths"][URL]["post"]["responses"]) == {"201", "400"}
    assert set(schema["paths"][f"{URL}{{public_id}}/apply/"]["post"]["responses"]) == {"202", "409"}
    assert "409" in schema["paths"][f"{URL}{{public_id}}/cancel/"]["post"]["responses"]
    assert "409" in schema["paths"][f"{URL}{{public_id}}/remap/"]["post"]["responses"]
    assert "report" not in schema["components"]["schemas"]["ImportJob"]["properties"]
    assert "report" in schema["components"]["schemas"]["ImportJobDetail"]["properties"]


# Header row, unused columns and totals -------------------------------------------------------------------------

TITLED_CSV = (
    "Parc informatique — Mairie de Lille\nExport du 02/12/2026\n\n"
    "Numéro de série;Marque;Modèle;Prix HT (€);Processeur\n"
    "SN-H-1;Dell;Latitude 5440;1 099,50;i5\nSN-H-2;HP;EliteBook 840;999,00;i7\nTOTAL;;;2 098,50;\n"
).encode()


def test_the_report_gives_the_header_row_unused_columns_and_skipped_totals(admin_a, run_tasks):
    report = checked_job(admin_a, run_tasks, TITLED_CSV)["report"]
    assert (report["header_row"], report["new"], report["rejected"]) == (4, 2, 0)
    assert report["unused_columns"] == [{"column": 5, "title": "Processeur"}]
    assert report["skipped"] == [{"line": 7, "code": "totals_row", "value": "TOTAL"}]
    price = next(column for column in report["columns"] if column["title"] == "Prix HT (€)")
    assert price == {"title": "Prix HT (€)", "field": "price", "samples": ["1 099,50", "999,00", "2 098,50"]}


def test_a_header_row_given_on_upload_and_on_remap(admin_a, run_tasks):
    job = checked_job(admin_a, run_tasks, TITLED_CSV, header_row=2)
    assert (job["header_row"], job["state"], job["report"]["errors"][0]["code"]) == (2, "refused", "missing_column")
    with run_tasks():
        response = admin_a.post(f"{URL}{job['id']}/remap/", {"header_row": 4}, format="json")
    assert response.status_code == 202, response.content
    job = admin_a.get(f"{URL}{job['id']}/").json()
    assert (job["header_row"], job["state"], job["report"]["new"]) == (4, "checked", 2)


@pytest.mark.parametrize("value", [0, -1, 1001, "four", True])
def test_a_bad_header_row_is_refused_and_stores_nothing(admin_a, value):
    response = upload(admin_a, TITLED_CSV, header_row=value)
    assert response.status_code == 400
    assert "header_row" in response.json()
    assert not ImportJob.objects.exists()
