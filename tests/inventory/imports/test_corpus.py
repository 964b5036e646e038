"""Every corpus file through both front doors: the service and the command."""

import io
import json

import pytest
from django.core.files import File
from django.core.management import call_command

from fairfleet.inventory.imports import readers
from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.models import Device, DeviceModel, DeviceTransition, ImportJob, ImportJobState
from fairfleet.tenancy.models import AuditEntry, Service, Site

# What `import_devices --json` prints on its last line (README, "Imports").
COMMAND_KEYS = {
    "new",
    "updated",
    "unchanged",
    "rejected",
    "errors",
    "unused_columns",
    "header_row",
    "skipped",
    "sheet",
}
BAD = {
    "empty.csv": "empty_file",
    "header_only.csv": "no_rows",
    "missing_column.csv": "missing_column",
    "ragged.csv": "ragged_row",
    "duplicate_serials.csv": "duplicate_serial",
    "impossible_date.csv": "invalid_date",
    "negative_price.csv": "negative_price",
    "text_in_number.csv": "not_a_number",
    "garbage.csv": "unknown_encoding",
    "huge_cell.csv": "cell_too_large",
    "zip_bomb.xlsx": "zip_bomb",
    "picture.xlsx": "not_a_spreadsheet",
}
GOOD = {
    "glpi_computers_fr.csv": 3,
    "snipeit_export.csv": 2,
    "generic.xlsx": 2,
    "generic.ods": 2,
    "formulas.csv": 3,
    "tabs_bom.tsv": 1,
}


def counts():
    return (Device.objects.count(), DeviceModel.objects.count(), Service.objects.count(), Site.objects.count())


def make_job(organisation, path, **fields) -> ImportJob:
    job = ImportJob(organisation=organisation, source_name=path.name, format="csv", **fields)
    with open(path, "rb") as handle:
        job.file.save(path.name, File(handle), save=False)
    job.save()
    return job


def run_command(path, organisation, *args) -> tuple[int, dict]:
    out = io.StringIO()
    code = 0
    try:
        call_command("import_devices", str(path), "--org", str(organisation.public_id), "--json", *args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


def test_corpus_lists_every_file(corpus):
    _directory, expected = corpus
    assert {k for k, v in expected.items() if v} == set(BAD)
    assert {k for k, v in expected.items() if not v} == set(GOOD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_through_the_service_changes_nothing(corpus, organisation, name):
    directory, _expected = corpus
    before = counts()
    job = make_job(organisation, directory / name)
    report = import_check(job=job)
    assert BAD[name] in {e["code"] for e in report["errors"]}
    assert job.state == ImportJobState.REFUSED
    assert all(e["message"] and "line" in e and "column" in e and "value" in e for e in report["errors"])
    job.state = ImportJobState.CHECKED  # even forced, apply checks again and writes nothing
    import_apply(actor=None, job=job)
    assert job.state == ImportJobState.REFUSED
    assert counts() == before


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_through_the_command_changes_nothing(corpus, organisation, name):
    directory, _expected = corpus
    before = counts()
    code, report = run_command(directory / name, organisation, "--apply")
    assert code == 1
    assert set(report) == COMMAND_KEYS
    assert BAD[name] in {e["code"] for e in report["errors"]}
    assert counts() == before


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_file_through_the_service(corpus, organisation, name):
    directory, _expected = corpus
    job = make_job(organisation, directory / name)
    report = import_check(job=job)
    assert report["errors"] == [], report["errors"]
    assert report["new"] == GOOD[name]
    assert Device.objects.count() == 0
    report = import_apply(actor=None, job=job)
    assert job.state == ImportJobState.APPLIED
    assert Device.objects.filter(organisation=organisation).count() == GOOD[name]
    assert DeviceTransition.objects.filter(organisation=organisation, from_state="").count() == GOOD[name]
    assert DeviceModel.objects.filter(organisation=organisation, is_draft=True).exists()
    assert AuditEntry.objects.filter(organisation=organisation, action="import").count() == 1


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_file_through_the_command_twice_is_idempotent(corpus, organisation, name):
    directory, _expected = corpus
    code, report = run_command(directory / name, organisation)
    assert (code, report["new"], report["errors"]) == (0, GOOD[name], [])
    assert Device.objects.count() == 0  # without --apply: a dry run
    code, report = run_command(directory / name, organisation, "--apply")
    assert (code, report["new"]) == (0, GOOD[name])
    before = counts()
    code, report = run_command(directory / name, organisation, "--apply")
    assert (code, report["new"], report["updated"], report["unchanged"]) == (0, 0, 0, GOOD[name])
    assert counts() == before


def test_file_over_the_size_limit(corpus, organisation, settings):
    settings.MAX_UPLOAD_BYTES = 100
    directory, _expected = corpus
    code, report = run_command(directory / "glpi_computers_fr.csv", organisation, "--apply")
    assert code == 1
    assert report["errors"][0]["code"] == "too_large"
    assert Device.objects.count() == 0


def test_file_over_the_row_limit(corpus, organisation, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 2)
    directory, _expected = corpus
    code, report = run_command(directory / "glpi_computers_fr.csv", organisation, "--apply")
    assert code == 1
    assert report["errors"][0]["code"] == "too_many_rows"
    assert Device.objects.count() == 0
