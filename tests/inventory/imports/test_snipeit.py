"""The Snipe-IT API reader against a fake server over real HTTP: paging, the import it feeds, and every refusal."""

import csv
import datetime
import io
import json
import logging
import socket
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fairfleet.inventory.imports import snipeit
from fairfleet.inventory.imports.jobs import import_job_apply_start
from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.imports.snipeit import COLUMNS, SnipeitError, import_job_from_snipeit, snipeit_fetch
from fairfleet.inventory.models import Device, DeviceModel, ImportFormat, ImportJob, ImportJobState
from fairfleet.tenancy.models import AuditEntry, Person
from tests.inventory.imports.fake_snipeit import TOKEN, FakeSnipeit, asset


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    # The fake listens on loopback over http, which an operator must allow; test_snipeit_addresses.py checks both
    # are refused by default.
    settings.SNIPEIT_ALLOW_HTTP = True
    settings.SNIPEIT_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def server():
    with FakeSnipeit([asset(n) for n in range(1, 251)]) as fake:
        yield fake


def fetch(url, token=TOKEN, **kwargs) -> tuple[int, list[list[str]]]:
    out = io.BytesIO()
    count = snipeit_fetch(url=url, token=token, out=out, **kwargs)
    return count, list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"))))


def run_command(organisation, *args) -> tuple[int, dict]:
    out = io.StringIO()
    code = 0
    try:
        call_command("import_devices", "--org", str(organisation.public_id), "--json", *args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


# Reading -------------------------------------------------------------------------------------


def test_pages_are_read_in_id_order_with_the_token(server):
    count, rows = fetch(server.url, page_size=100)
    assert count == 250
    assert rows[0] == list(COLUMNS)
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 251)]
    assert [(r["path"], r["query"]) for r in server.requests] == [
        ("/api/v1/hardware", {"limit": "100", "offset": str(offset), "sort": "id", "order": "asc"})
        for offset in (0, 100, 200)
    ]
    assert {(r["authorization"], r["accept"]) for r in server.requests} == {(f"Bearer {TOKEN}", "application/json")}


def test_a_server_that_caps_the_page_is_followed(server):
    server.max_results = 100  # we ask for 500; Snipe-IT sends its max_results
    count, _rows = fetch(server.url)
    assert count == 250
    assert [r["query"]["offset"] for r in server.requests] == ["0", "100", "200"]


@pytest.mark.parametrize("suffix", ["/", "/api/v1", "/api/v1/", "/api/v1/hardware"])
def test_the_api_address_may_be_given_whole(server, suffix):
    assert fetch(server.url + suffix)[0] == 250
    assert {r["path"] for r in server.requests} == {"/api/v1/hardware"}


def test_values_are_unescaped_and_normalised():
    with FakeSnipeit([asset(n) for n in (1, 3, 5, 7)]) as fake:
        _count, rows = fetch(fake.url)
    cells = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    assert cells["1"] | {"Notes": ""} == {
        "Snipe-IT ID": "1", "Asset Tag": "SNIPE-0001", "Serial": "SN000001", "Asset Name": "PC-0001",
        "Manufacturer": "Dell", "Model": "OptiPlex 7090", "Category": "Desktops", "Status": "Pending",
        "Location": "Hôtel de Région", "Checked Out To": "", "Company": "Région Démo", "Purchase Date": "2021-03-15",
        "Purchase Cost": "1099.00", "Supplier": "Bureau & Co", "Warranty Months": "36",
        "Warranty Expires": "2024-03-15", "Notes": "",
    }  # fmt: skip
    assert (cells["3"]["Status"], cells["3"]["Checked Out To"]) == ("deployed", "Agent 3 O'Brien")
    assert cells["5"]["Notes"] == "Écran rayé"
    assert cells["7"]["Serial"] == ""
    assert snipeit.asset_cells({"id": 9, "purchase_cost": "1.099,00", "status_label": None})[12] == "1099.00"


def test_statuses_become_words_the_import_knows():
    label = {"name": "Out for Diagnostics", "status_type": "undeployable", "status_meta": "undeployable"}
    assert snipeit.asset_cells({"status_label": label})[7] == "out for repair"
    label = {"name": "Broken - Not Fixable", "status_type": "undeployable", "status_meta": "undeployable"}
    assert snipeit.asset_cells({"status_label": label})[7] == "Broken - Not Fixable"
    label = {"name": "Ready to Deploy", "status_type": "deployable", "status_meta": "deployed"}
    assert snipeit.asset_cells({"status_label": label})[7] == "deployed"
    assigned = {"id": 4, "name": "Meeting room", "type": "location"}
    assert snipeit.asset_cells({"assigned_to": assigned})[9] == ""


def test_a_server_with_too_many_assets_is_refused_before_paging(server):
    server.total = 2_000_001
    with pytest.raises(SnipeitError) as caught:
        fetch(server.url)
    assert caught.value.code == "too_many_rows"
    assert "2,000,000" in caught.value.message
    assert len(server.requests) == 1


def test_rows_past_the_limit_are_refused(server, monkeypatch):
    monkeypatch.setattr(snipeit, "MAX_ROWS", 100)
    with pytest.raises(SnipeitError) as caught:
        fetch(server.url, page_size=50)
    assert caught.value.code == "too_many_rows"


def test_a_snapshot_over_the_upload_limit_is_refused(server, settings):
    settings.MAX_UPLOAD_BYTES = 10_000
    with pytest.raises(SnipeitError) as caught:
        fetch(server.url, page_size=100)
    assert caught.value.code == "too_large"
    assert len(server.requests) == 1


def test_throttling_is_waited_out(server):
    server.throttle = 2
    assert fetch(server.url)[0] == 250
    server.throttle = snipeit.MAX_RETRIES + 1
    with pytest.raises(SnipeitError) as caught:
        fetch(server.url)
    assert caught.value.code == "rate_limited"


def test_text_handles_are_written_too(server):
    out = io.StringIO()
    assert snipeit_fetch(url=server.url, token=TOKEN, out=out) == 250
    assert out.getvalue().startswith('"Snipe-IT ID","Asset Tag"')


# Refusals ------------------------------------------------------------------------------------

PAGE = json.dumps({"total": 20, "rows": [asset(1), asset(2)]}).encode()
ANSWERS = {
    "server_error": (500, "text/html", b"<h1>Server Error</h1>"),
    "http_error": (418, "text/plain", b"teapot"),
    "forbidden": (403, "application/json", b'{"status":"error","messages":"Unauthorized"}'),
    "redirected": (302, "text/html", b""),
    "html_answer": (200, "text/html; charset=UTF-8", b"\n<!DOCTYPE html><html><title>Snipe-IT</title></html>"),
    "invalid_json": (200, "application/json", b'{"total": 3, "rows": ['),
    "unexpected_answer": (200, "application/json", b'{"data": []}'),
    "server_refused": (200, "application/json", b'{"status":"error","messages":"Permission denied","payload":null}'),
    "pagination_ignored": (200, "application/json", PAGE),
}


def assert_refused(exc: SnipeitError, code: str) -> None:
    assert exc.code == code
    assert isinstance(exc.message, str)
    assert exc.message
    assert TOKEN not in exc.message
    assert TOKEN not in repr(exc)


@pytest.mark.parametrize("code", sorted(ANSWERS))
def test_answers_that_are_not_an_asset_list(organisation, code):
    with FakeSnipeit() as fake:
        fake.answer = ANSWERS[code]
        with pytest.raises(SnipeitError) as caught:
            import_job_from_snipeit(organisation=organisation, actor=None, url=fake.url, token=TOKEN)
    assert_refused(caught.value, code)
    assert not ImportJob.objects.exists()


def test_a_bad_token(organisation):
    with FakeSnipeit() as fake, pytest.raises(SnipeitError) as caught:
        import_job_from_snipeit(organisation=organisation, actor=None, url=fake.url, token="not-the-token")
    assert_refused(caught.value, "bad_token")
    assert not ImportJob.objects.exists()


def test_an_address_that_is_not_snipeit(organisation):
    with FakeSnipeit() as fake, pytest.raises(SnipeitError) as caught:
        import_job_from_snipeit(organisation=organisation, actor=None, url=f"{fake.url}/wiki", token=TOKEN)
    assert_refused(caught.value, "not_snipeit")
    assert fake.requests[0]["path"] == "/wiki/api/v1/hardware"


def test_a_server_too_slow(organisation, monkeypatch):
    monkeypatch.setattr(snipeit, "TIMEOUT", 0.3)
    with FakeSnipeit() as fake:
        fake.delay = 2
        with pytest.raises(SnipeitError) as caught:
            import_job_from_snipeit(organisation=organisation, actor=None, url=fake.url, token=TOKEN)
    assert_refused(caught.value, "unreachable")  # silent before its first page: as if not there at all
    assert not ImportJob.objects.exists()


def test_a_server_that_is_not_there():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SnipeitError) as caught:
        fetch(f"http://127.0.0.1:{port}")
    assert_refused(caught.value, "unreachable")
    assert f"127.0.0.1:{port}" in caught.value.message


def test_tls_is_verified():
    with FakeSnipeit() as fake, pytest.raises(SnipeitError) as caught:
        fetch(fake.url.replace("http://", "https://"))  # the fake speaks plain HTTP: no certificate to verify
    assert_refused(caught.value, "unreachable")
    assert fake.requests == []


@pytest.mark.parametrize(
    "url",
    ["", "snipe.example.org", "ftp://snipe.example.org", "file:///etc/passwd", "javascript:alert(1)", "https://",
     "https://admin:secret@snipe.example.org", "https://snipe.example.org:port", "https://snipe example.org"],
)  # fmt: skip
def test_addresses_other_than_http_and_https_are_refused(organisation, url):
    with pytest.raises(SnipeitError) as caught:
        import_job_from_snipeit(organisation=organisation, actor=None, url=url, token=TOKEN)
    assert_refused(caught.value, "invalid_url")


def test_an_empty_token_or_server(organisation):
    with FakeSnipeit([]) as fake:
        with pytest.raises(SnipeitError) as caught:
            import_job_from_snipeit(organisation=organisation, actor=None, url=fake.url, token="  ")
        assert_refused(caught.value, "no_token")
        assert fake.requests == []
        with pytest.raises(SnipeitError) as caught:
            import_job_from_snipeit(organisation=organisation, actor=None, url=fake.url, token=TOKEN)
        assert_refused(caught.value, "no_assets")
    assert not ImportJob.objects.exists()


# Importing -----------------------------------------------------------------------------------


def test_dry_run_then_apply_then_again_changes_nothing(server, organisation):
    job = import_job_from_snipeit(organisation=organisation, actor=None, url=server.url, token=TOKEN, start=False)
    port = server.url.rsplit(":", 1)[1]
    assert (job.format, job.preset, job.source_name) == (ImportFormat.SNIPEIT_API, "snipeit_api", f"127.0.0.1:{port}")
    assert job.file.name.endswith(".csv")
    report = import_check(job=job)
    assert (report["new"], report["errors"], job.state) == (250, [], ImportJobState.CHECKED)
    assert {c["title"]: c["field"] for c in report["columns"]}["Company"] == ""
    assert Device.objects.count() == 0
    report = import_apply(actor=None, job=job)
    assert (report["new"], job.state) == (250, ImportJobState.APPLIED)

    devices = Device.objects.filter(organisation=organisation)
    assert devices.count() == 250
    one = devices.select_related("model", "site", "holder").get(external_ids={"snipeit": "1"})
    assert (one.asset_tag, one.serial_number, one.state) == ("SNIPE-0001", "SN000001", "ordered")
    assert (one.model.manufacturer, one.model.name, one.site.name) == ("Dell", "OptiPlex 7090", "Hôtel de Région")
    assert (one.price, one.supplier, one.holder) == (Decimal("1099.00"), "Bureau & Co", None)
    assert (one.acquisition_date, one.warranty_end) == (datetime.date(2021, 3, 15), datetime.date(2024, 3, 15))
    three = devices.select_related("holder", "model__category").get(asset_tag="SNIPE-0003")
    assert (three.state, three.holder.full_name) == ("in_use", "Agent 3 O'Brien")
    assert three.model.category.code == "smartphone"
    assert devices.get(asset_tag="SNIPE-0002").state == "in_repair"
    assert devices.get(asset_tag="SNIPE-0006").state == "in_stock"
    assert devices.get(asset_tag="SNIPE-0005").notes == "Écran rayé"
    assert devices.get(asset_tag="SNIPE-0007").serial_number == ""
    assert DeviceModel.objects.filter(organisation=organisation).count() == 4
    assert Person.objects.filter(organisation=organisation).count() == 2  # agents 1 and 3

    again = import_job_from_snipeit(organisation=organisation, actor=None, url=server.url, token=TOKEN, start=False)
    report = import_check(job=again)
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 0, 250)
    assert import_apply(actor=None, job=again)["unchanged"] == 250
    assert Device.objects.count() == 250


def test_a_change_in_snipeit_updates_the_device(server, organisation):
    import_apply(actor=None, job=_checked(server, organisation))
    server.assets[0]["location"] = {"id": 60, "name": "Annexe", "tag_color": None}
    report = import_apply(actor=None, job=_checked(server, organisation))
    assert (report["updated"], report["unchanged"]) == (1, 249)
    assert Device.objects.get(asset_tag="SNIPE-0001").site.name == "Annexe"


def _checked(server, organisation) -> ImportJob:
    job = import_job_from_snipeit(organisation=organisation, actor=None, url=server.url, token=TOKEN, start=False)
    import_check(job=job)
    return job


def test_background_check_and_apply(server, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_from_snipeit(organisation=organisation, actor=None, url=server.url, token=TOKEN)
    job.refresh_from_db()
    assert (job.state, job.report["new"]) == (ImportJobState.CHECKED, 250)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_apply_start(job=job, actor=None)
    job.refresh_from_db()
    assert job.state == ImportJobState.APPLIED
    assert Device.objects.count() == 250


def test_the_token_is_kept_nowhere(server, organisation, caplog):
    caplog.set_level(logging.DEBUG)
    job = import_job_from_snipeit(organisation=organisation, actor=None, url=server.url, token=TOKEN, start=False)
    import_apply(actor=None, job=_checked(server, organisation))
    job.refresh_from_db()
    stored = [json.dumps(list(ImportJob.objects.values()), default=str)]
    stored.append(json.dumps(list(AuditEntry.objects.values()), default=str))
    stored.append(json.dumps(list(Device.objects.values("notes", "external_ids")), default=str))
    for each in ImportJob.objects.all():
        with each.file.open("rb") as handle:
            stored.append(handle.read().decode("utf-8"))
    stored.append(caplog.text)
    assert all(TOKEN not in text for text in stored)
    assert "Authorization" not in caplog.text


# The command ---------------------------------------------------------------------------------


def test_the_command_reads_the_server(server, organisation, monkeypatch):
    monkeypatch.setenv("SNIPEIT_TOKEN", TOKEN)
    code, report = run_command(organisation, "--snipeit-url", server.url)
    assert (code, report["new"], report["errors"]) == (0, 250, [])
    assert Device.objects.count() == 0
    code, report = run_command(organisation, "--snipeit-url", server.url, "--apply")
    assert (code, report["new"]) == (0, 250)
    code, report = run_command(organisation, "--snipeit-url", server.url, "--apply")
    assert (code, report["new"], report["updated"], report["unchanged"]) == (0, 0, 0, 250)
    assert ImportJob.objects.filter(format=ImportFormat.SNIPEIT_API).count() == 3


def test_the_command_takes_the_token_from_the_named_variable(server, organisation, monkeypatch, tmp_path):
    monkeypatch.setenv("FLEET_SNIPE", TOKEN)
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"Company": "service"}', encoding="utf-8")
    args = ("--snipeit-url", server.url, "--token-env", "FLEET_SNIPE", "--mapping", str(mapping), "--apply")
    code, report = run_command(organisation, *args)
    assert (code, report["new"]) == (0, 250)
    assert Device.objects.filter(service__name="Région Démo").count() == 250


def test_the_command_reports_a_refused_server(server, organisation, monkeypatch):
    monkeypatch.setenv("SNIPEIT_TOKEN", "wrong")
    code, report = run_command(organisation, "--snipeit-url", server.url, "--apply")
    assert code == 1
    assert report["errors"][0]["code"] == "bad_token"
    assert not ImportJob.objects.exists()


def test_the_command_needs_one_source_and_a_token(organisation, monkeypatch, tmp_path):
    monkeypatch.delenv("SNIPEIT_TOKEN", raising=False)
    path = tmp_path / "fleet.csv"
    path.write_text("Serial,Model,Manufacturer\nA1,X,Y\n", encoding="utf-8")
    org = ("--org", str(organisation.public_id))
    with pytest.raises(CommandError, match="FILE"):
        call_command("import_devices", *org)
    with pytest.raises(CommandError, match="not both"):
        call_command("import_devices", str(path), "--snipeit-url", "https://snipe.example.org", *org)
    with pytest.raises(CommandError, match="SNIPEIT_TOKEN"):
        call_command("import_devices", "--snipeit-url", "https://snipe.example.org", *org)
