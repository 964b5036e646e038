import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.models import Assessment, ErasureRecord
from tests.api.conftest import token_client
from tests.inventory.factories import DeviceFactory
from tests.reuse.factories import AssessmentFactory, ErasureRecordFactory

ASSESSMENTS = "/api/v1/reuse/assessments/"
ERASURES = "/api/v1/reuse/erasures/"
ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]
ACTING = {"admin", "fleet_manager", "reuse_coordinator"}


def _retired(organisation, **kwargs):
    return DeviceFactory(organisation=organisation, state=DeviceState.END_OF_USE, **kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(organisation, role):
    client = token_client(organisation, role)
    device = _retired(organisation)
    assert client.get(ASSESSMENTS).status_code == 200
    assert client.get(ERASURES).status_code == 200
    assessed = client.post(ASSESSMENTS, {"device": str(device.public_id), "grade": "A"}, format="json")
    erased = client.post(
        ERASURES,
        {"device": str(device.public_id), "method": "purge", "operator": "Camille",
         "performed_at": "2026-11-01T10:00:00+01:00", "result": "passed"},
        format="json",
    )  # fmt: skip
    if role in ACTING:
        assert assessed.status_code == 201, assessed.content
        assert assessed.json()["suggested_route"]
        assert erased.status_code == 201, erased.content
        assert ErasureRecord.objects.get().source == "api"
    else:
        assert (assessed.status_code, erased.status_code) == (403, 403)
        assert not Assessment.objects.exists()
        assert not ErasureRecord.objects.exists()


def test_lists_show_only_the_organisations_records(organisation, other_organisation):
    own = AssessmentFactory(device=_retired(organisation), organisation=organisation)
    AssessmentFactory(device=_retired(other_organisation), organisation=other_organisation)
    ErasureRecordFactory(device=_retired(other_organisation), organisation=other_organisation)
    client = token_client(organisation, "viewer")
    assert [row["id"] for row in client.get(ASSESSMENTS).json()] == [str(own.public_id)]
    assert client.get(ERASURES).json() == []
    filtered = client.get(ASSESSMENTS, {"device": str(own.device.public_id)}).json()
    assert len(filtered) == 1
    assert client.get(ASSESSMENTS, {"device": "not-a-uuid"}).status_code == 400


def test_another_organisations_device_is_refused(organisation, other_organisation):
    foreign = _retired(other_organisation)
    client = token_client(organisation, "admin")
    response = client.post(ASSESSMENTS, {"device": str(foreign.public_id), "grade": "A"}, format="json")
    assert response.status_code == 400
    assert "device" in response.json()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"grade": "Z"},
        {"grade": "A", "battery_health_pct": 101},
        {"grade": "A", "checklist": {"powers_on": "maybe"}},
        {"grade": "A", "checklist": {"toner": "ok"}},
        {"grade": "A", "colour": "blue"},
    ],
)
def test_bad_assessments_get_400_and_change_nothing(organisation, body):
    device = _retired(organisation)
    client = token_client(organisation, "reuse_coordinator")
    response = client.post(ASSESSMENTS, {"device": str(device.public_id), **body}, format="json")
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_assessing_a_device_in_use_is_refused(organisation):
    device = DeviceFactory(organisation=organisation)
    response = token_client(organisation).post(
        ASSESSMENTS, {"device": str(device.public_id), "grade": "A"}, format="json"
    )
    assert response.status_code == 400
    assert "end of use" in str(response.json())


def test_import_report_dry_run_and_apply(organisation):
    _retired(organisation, serial_number="SN-API-1")
    csv = b"Device serial,Method,Result,Date\nSN-API-1,purge,passed,2026-11-01 10:00\nNOPE,clear,passed,2026-11-01\n"
    client = token_client(organisation, "reuse_coordinator")
    dry = client.post(ERASURES + "import/", {"file": SimpleUploadedFile("r.csv", csv)}, format="multipart")
    assert dry.status_code == 200
    assert (dry.json()["matched"], dry.json()["unmatched"], dry.json()["applied"]) == (1, 1, False)
    assert not ErasureRecord.objects.exists()
    applied = client.post(
        ERASURES + "import/", {"file": SimpleUploadedFile("r.csv", csv), "apply": "true"}, format="multipart"
    )
    assert applied.json()["created"] == 1
    assert ErasureRecord.objects.count() == 1


def test_import_report_refusals(organisation):
    client = token_client(organisation, "admin")
    empty = client.post(ERASURES + "import/", {"file": SimpleUploadedFile("r.csv", b" ")}, format="multipart")
    assert empty.status_code == 400
    assert empty.json()["code"] == "empty"
    bad = b"Device serial,Result,Date\nX,passed,yesterday\n"
    response = client.post(
        ERASURES + "import/", {"file": SimpleUploadedFile("r.csv", bad), "apply": "true"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["report"]["errors"] == 1
    assert token_client(organisation, "viewer").post(ERASURES + "import/", {}, format="multipart").status_code == 403
