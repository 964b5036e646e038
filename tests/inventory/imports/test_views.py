"""The import pages: upload, the job page that follows the worker, the column mapping, apply and cancel."""

import csv
import io
import os

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairfleet.inventory.models import ColumnMapping, Device, DeviceModel, ImportJob, ImportJobState
from tests.conftest import member_client
from tests.inventory.imports.factories import ColumnMappingFactory, ImportJobFactory
from tests.inventory.imports.test_corpus import BAD, GOOD

GOOD_CSV = (
    "Numéro de série;N° d'inventaire;Marque;Modèle;Service;Date d'achat;Prix\n"
    "SN-V-1;INV-V-1;Dell;Latitude 5440;Accueil;15/03/2023;1 099,50\n"
    "SN-V-2;INV-V-2;HP;EliteBook 840 G10;Accueil;2023-04-01;999\n"
)
# Columns no preset knows: the user maps them on the job page.
OWN_COLUMNS = "Code;Étiquette;Fabricant maison;Référence\nSN-O-1;T-O-1;Lenovo;ThinkPad T14\n"


def upload(client, content: bytes | str, name="fleet.csv", *, follow=False, **fields):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("inventory:import_create"),
        {"file": SimpleUploadedFile(name, data), "preset": "", "sheet": "", **fields},
        follow=follow,
    )


def panel(html: bytes) -> str:
    """The job panel, with the per-response CSRF tokens blanked."""
    soup = BeautifulSoup(html, "html.parser").find(id="import-panel")
    for token in soup.select("input[name=csrfmiddlewaretoken]"):
        token["value"] = ""
    return str(soup)


def test_upload_check_then_apply(organisation, org_admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(org_admin_client, GOOD_CSV)
    job = ImportJob.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response.url == reverse("inventory:import_detail", args=[job.public_id])
    assert job.state == ImportJobState.CHECKED
    assert job.created_by == org_admin_client.membership.user
    page = org_admin_client.get(response.url)
    soup = BeautifulSoup(page.content, "html.parser")
    figures = [p.get_text() for p in soup.select(".import-counts .figure")]
    assert figures == ["2", "0", "0", "0"]
    assert "Dell Latitude 5440" in soup.get_text()
    assert not Device.objects.filter(organisation=organisation).exists()  # a dry run writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(reverse("inventory:import_apply", args=[job.public_id]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJobState.APPLIED
    assert Device.objects.filter(organisation=organisation).count() == 2
    assert DeviceModel.objects.filter(organisation=organisation, is_draft=True).count() == 2
    page = org_admin_client.get(response.url)
    assert b"devices created" in page.content
    assert b"import-actions" not in page.content


def test_the_same_file_again_changes_nothing(organisation, org_admin_client, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(org_admin_client, GOOD_CSV)
        job = ImportJob.objects.filter(organisation=organisation).first()
        with django_capture_on_commit_callbacks(execute=True):
            org_admin_client.post(reverse("inventory:import_apply", args=[job.public_id]))
    job.refresh_from_db()
    assert (job.report["new"], job.report["updated"], job.report["unchanged"]) == (0, 0, 2)
    assert Device.objects.filter(organisation=organisation).count() == 2


def test_apply_twice_queues_once(organisation, org_admin_client, django_capture_on_commit_callbacks):
    job = ImportJobFactory(organisation=organisation)
    url = reverse("inventory:import_apply", args=[job.public_id])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        org_admin_client.post(url)
        response = org_admin_client.post(url, follow=True)
    assert len(callbacks) == 1
    assert "cannot be applied" in response.content.decode()


def test_refused_file_lists_its_problems(organisation, org_admin_client, django_capture_on_commit_callbacks):
    bad = GOOD_CSV + "SN-V-3;INV-V-3;Dell;Latitude 5440;Accueil;31/02/2023;-5\n=HYPERLINK(1);;Dell;X;;;\n"
    with django_capture_on_commit_callbacks(execute=True):
        upload(org_admin_client, bad)
    job = ImportJob.objects.get(organisation=organisation)
    response = org_admin_client.get(reverse("inventory:import_detail", args=[job.public_id]))
    assert job.state == ImportJobState.REFUSED, job.report
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "problems to fix in the file" in text
    assert "Apply:" not in text
    errors = org_admin_client.get(reverse("inventory:import_errors_csv", args=[job.public_id]))
    rows = list(csv.reader(io.StringIO(b"".join(errors.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Line", "Column", "Value", "Code", "Problem"]
    assert {row[3] for row in rows[1:]} >= {"invalid_date", "negative_price"}
    assert all(not row[2].startswith("=") for row in rows[1:])  # formulas stay text in the download


def test_map_unknown_columns_and_save_the_mapping(organisation, org_admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(org_admin_client, OWN_COLUMNS)
    job = ImportJob.objects.get(organisation=organisation)
    response = org_admin_client.get(reverse("inventory:import_detail", args=[job.public_id]))
    assert job.state == ImportJobState.REFUSED
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("details.mapping[open]") is not None
    rows = soup.select("details.mapping .mapping-columns tbody tr")
    labels = [row.select_one("th label").get_text(strip=True) for row in rows]
    assert labels == ["Code", "Étiquette", "Fabricant maison", "Référence"]
    # Each column shows the field it fills now and its first value, so that a user sees what to choose.
    chosen = [row.select_one("select option[selected]") for row in rows]
    assert [option["value"] if option else "" for option in chosen] == ["", "asset_tag", "", "model"]
    assert [row.select_one("ul.samples").get_text(strip=True) for row in rows] == [
        "SN-O-1",
        "T-O-1",
        "Lenovo",
        "ThinkPad T14",
    ]
    assert [li.get_text(strip=True) for li in soup.select("ul.unused-columns li")] == ["“Code”", "“Fabricant maison”"]

    choices = {"column_0": "serial_number", "column_1": "asset_tag", "column_2": "manufacturer", "column_3": "model"}
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(
            reverse("inventory:import_remap", args=[job.public_id]),
            {**choices, "preset": "", "sheet": "", "save_as": "Parc maison"},
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJobState.CHECKED
    assert job.report["new"] == 1
    mapping = ColumnMapping.objects.get(organisation=organisation, name="Parc maison")
    assert mapping.columns == {"Code": "serial_number", "Étiquette": "asset_tag",
                               "Fabricant maison": "manufacturer", "Référence": "model"}  # fmt: skip

    # The next file of the same shape reads with the saved mapping at once.
    with django_capture_on_commit_callbacks(execute=True):
        upload(org_admin_client, OWN_COLUMNS, mapping=str(mapping.public_id))
    assert ImportJob.objects.filter(organisation=organisation).first().state == ImportJobState.CHECKED


def test_a_field_from_two_columns_is_refused(organisation, org_admin_client):
    job = ImportJobFactory(organisation=organisation, state=ImportJobState.REFUSED)
    job.report["columns"] = [{"title": "A", "field": ""}, {"title": "B", "field": ""}]
    job.save()
    response = org_admin_client.post(
        reverse("inventory:import_remap", args=[job.public_id]),
        {"column_0": "model", "column_1": "model", "preset": "", "sheet": "", "save_as": ""},
    )
    assert response.status_code == 400
    assert "one column only" in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportJobState.REFUSED
    assert job.columns == {}


def test_cannot_use_another_organisations_mapping(organisation, other_organisation, org_admin_client):
    foreign = ColumnMappingFactory(organisation=other_organisation)
    response = upload(org_admin_client, GOOD_CSV, mapping=str(foreign.public_id))
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_cancel_deletes_the_file(organisation, org_admin_client):
    job = ImportJobFactory(organisation=organisation)
    path = job.file.path
    response = org_admin_client.post(reverse("inventory:import_cancel", args=[job.public_id]), follow=True)
    job.refresh_from_db()
    assert job.state == ImportJobState.CANCELLED
    assert not job.file
    assert "cancelled" in response.content.decode()
    assert not os.path.exists(path)
    again = org_admin_client.post(reverse("inventory:import_cancel", args=[job.public_id]), follow=True)
    assert "cannot be cancelled" in again.content.decode()


def test_a_file_over_the_limit_is_refused_before_it_is_stored(settings, organisation, org_admin_client):
    settings.MAX_UPLOAD_BYTES = 100
    response = upload(org_admin_client, GOOD_CSV)
    assert response.status_code == 400
    assert "larger than the limit" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("state", "progress", "polls", "shown"),
    [
        (ImportJobState.UPLOADED, 0, True, "Waiting for the background worker"),
        (ImportJobState.ANALYSING, 0, True, "rows read so far"),
        (ImportJobState.APPLYING, 40, True, "40 % written"),
        (ImportJobState.CHECKED, 100, False, "Apply: write 1 device"),
        (ImportJobState.FAILED, 0, False, "unexpected error"),
    ],
)
def test_the_panel_polls_while_the_worker_runs(organisation, org_admin_client, state, progress, polls, shown):
    job = ImportJobFactory(organisation=organisation, state=state, progress=progress, rows_total=20_000)
    if state in (ImportJobState.UPLOADED, ImportJobState.ANALYSING):
        job.report = {}
        job.save()
    page = org_admin_client.get(reverse("inventory:import_detail", args=[job.public_id]))
    fragment = org_admin_client.get(reverse("inventory:import_panel", args=[job.public_id]), HTTP_HX_REQUEST="true")
    # What htmx swaps in is exactly what a fresh page shows.
    assert panel(page.content) == panel(fragment.content)
    assert ('hx-trigger="every 1s"' in panel(page.content)) is polls
    assert shown in BeautifulSoup(page.content, "html.parser").get_text()
    if state == ImportJobState.APPLYING:
        assert BeautifulSoup(page.content, "html.parser").find("progress")["value"] == "40"


@pytest.mark.parametrize(
    ("role", "can_write"),
    [("admin", True), ("fleet_manager", True), ("buyer", False), ("reuse_coordinator", False), ("viewer", False)],
)
def test_roles(organisation, role, can_write, django_capture_on_commit_callbacks):
    client = member_client(organisation, role)
    job = ImportJobFactory(organisation=organisation)
    assert client.get(reverse("inventory:import_list")).status_code == 200
    page = client.get(reverse("inventory:import_detail", args=[job.public_id]))
    assert page.status_code == 200
    assert (b"Apply:" in page.content) is can_write
    assert client.get(reverse("inventory:import_create")).status_code == (200 if can_write else 403)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inventory:import_apply", args=[job.public_id]))
    assert response.status_code == (302 if can_write else 403)
    job.refresh_from_db()
    assert (job.state == ImportJobState.APPLIED) is can_write


def test_list_page(organisation, org_admin_client, django_assert_max_num_queries):
    for _ in range(5):
        ImportJobFactory(organisation=organisation, created_by=org_admin_client.membership.user)
    ColumnMappingFactory(organisation=organisation, name="GLPI maison")
    with django_assert_max_num_queries(8):
        response = org_admin_client.get(reverse("inventory:import_list"))
    assert response.content.count(b"fleet-") == 5
    assert b"GLPI maison" in response.content


@pytest.mark.parametrize("name", sorted({**BAD, **GOOD}))
def test_every_corpus_file_through_the_upload_page(
    name, corpus, organisation, org_admin_client, django_capture_on_commit_callbacks
):
    directory, _expected = corpus
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(org_admin_client, (directory / name).read_bytes(), name=name)
    if name == "empty.csv":  # the form refuses it before any job exists
        assert response.status_code == 400
        assert "The submitted file is empty." in response.content.decode()
        assert not ImportJob.objects.exists()
        return
    job = ImportJob.objects.get(organisation=organisation)
    response = org_admin_client.get(reverse("inventory:import_detail", args=[job.public_id]))
    assert response.status_code == 200
    if name in BAD:
        assert job.state == ImportJobState.REFUSED
        assert BAD[name] in {e["code"] for e in job.report["errors"]}
        assert "Apply:" not in response.content.decode()
    else:
        assert job.state == ImportJobState.CHECKED, job.report["errors"][:3]
        assert job.report["new"] == GOOD[name]
    assert not Device.objects.filter(organisation=organisation).exists()


@pytest.fixture
def snipeit_server(settings):
    from tests.inventory.imports.fake_snipeit import FakeSnipeit, asset

    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = True, ["127.0.0.1/32"]
    with FakeSnipeit([asset(n) for n in range(1, 31)]) as fake:
        yield fake


def test_read_a_snipeit_server_from_the_page(
    organisation, org_admin_client, snipeit_server, django_capture_on_commit_callbacks
):
    from tests.inventory.imports.fake_snipeit import TOKEN

    page = org_admin_client.get(reverse("inventory:import_create"))
    assert b'name="token"' in page.content
    assert b"snipeit_api" not in page.content  # the server's preset is not offered for files
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(
            reverse("inventory:import_snipeit"), {"url": snipeit_server.url, "token": TOKEN}
        )
    job = ImportJob.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert job.state == ImportJobState.CHECKED
    assert job.report["new"] == 30
    assert TOKEN not in str(job.__dict__)


def test_a_wrong_snipeit_token_is_shown_on_the_form(organisation, org_admin_client, snipeit_server):
    response = org_admin_client.post(reverse("inventory:import_snipeit"), {"url": snipeit_server.url, "token": "no"})
    assert response.status_code == 400
    assert b"token" in response.content
    assert b'value="no"' not in response.content  # a password field is not filled back
    assert not ImportJob.objects.exists()


def test_only_importers_may_read_a_snipeit_server(organisation, snipeit_server):
    client = member_client(organisation, "viewer")
    response = client.post(reverse("inventory:import_snipeit"), {"url": snipeit_server.url, "token": "x"})
    assert response.status_code == 403
    assert snipeit_server.requests == []


@pytest.mark.parametrize("name", ["%%%", "a" * 150 + ".csv", "../../etc/passwd.csv", "liste du parc (copie).csv"])
def test_any_file_name_is_stored_safely(name, organisation, org_admin_client):
    response = upload(org_admin_client, GOOD_CSV, name=name)
    assert response.status_code == 302
    job = ImportJob.objects.get(organisation=organisation)
    assert job.source_name == name.rsplit("/", 1)[-1][:255]
    assert job.file.name.startswith("imports/")
    assert ".." not in job.file.name


def test_problems_are_shown_in_the_readers_language(
    organisation, org_admin_client, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from fairfleet.inventory.imports.values import CELL_ERRORS

    bad = GOOD_CSV + "SN-V-3;INV-V-3;Dell;Latitude 5440;Accueil;31/02/2023;5\n"
    with django_capture_on_commit_callbacks(execute=True):
        org_admin_client.post(
            reverse("inventory:import_create"),
            {"file": SimpleUploadedFile("fleet.csv", bad.encode()), "preset": "", "sheet": ""},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    job = ImportJob.objects.get(organisation=organisation)
    with translation.override("fr"):
        assert job.report["errors"][0]["message"] == str(CELL_ERRORS["invalid_date"])
    url = reverse("inventory:import_detail", args=[job.public_id])
    page = org_admin_client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    with translation.override("nl"):
        assert str(CELL_ERRORS["invalid_date"]) in page.content.decode()


def test_services_an_import_creates_are_drafts(organisation, org_admin_client, django_capture_on_commit_callbacks):
    from fairfleet.footprint.models import FleetSnapshot, SnapshotState
    from fairfleet.tenancy.models import Service

    FleetSnapshot.objects.create(organisation=organisation, state=SnapshotState.FRESH)
    with django_capture_on_commit_callbacks(execute=True):
        upload(org_admin_client, GOOD_CSV)
    job = ImportJob.objects.get(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=False):
        org_admin_client.post(reverse("inventory:import_apply", args=[job.public_id]))
    from fairfleet.inventory.imports.service import import_apply

    job.refresh_from_db()
    import_apply(actor=None, job=job)
    assert Service.objects.get(organisation=organisation, name="Accueil").is_draft
    assert FleetSnapshot.objects.get(organisation=organisation).state == SnapshotState.STALE
