"""Hardened Blancco XML reading (bounded work, caps, refusals) and erasure imports as stored jobs."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse import erasure_import
from fairfleet.reuse.erasure_import import ErasureImportRefused, XmlWalk, read_blancco_xml
from fairfleet.reuse.erasure_jobs import erasure_import_job_create, erasure_import_job_run
from fairfleet.reuse.models import ErasureImportJob, ErasureRecord
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory

ERASURE = (
    '<entries name="erasure"><entry name="state">Successful</entry>'
    '<entry name="erasure_standard_name">NIST 800-88 Purge</entry>'
    '<entry name="end_time">2026-11-20T10:14:00+0100</entry>'
    '<entries name="target"><entry name="serial">DRIVE-{n}</entry></entries>'
    '<entry name="comment">{pad}</entry></entries>'
)


def valid_report(erasures: int, *, serial: str = "SN-JOB-1", pad: int = 0) -> bytes:
    body = "".join(ERASURE.format(n=n, pad="x" * pad) for n in range(erasures))
    return (
        "<root><report><blancco_data><description><document_id>R-1</document_id></description>"
        f'<blancco_hardware_report><entries name="system"><entry name="serial">{serial}</entry></entries>'
        f'</blancco_hardware_report><blancco_erasure_report><entries name="erasures">{body}</entries>'
        "</blancco_erasure_report></blancco_data></report></root>"
    ).encode()


def nested(levels: int) -> bytes:
    """The crafted shape: reports nested in reports, each holding blancco_data."""
    return b"<root>" + b"<report><blancco_data>" * levels + b"</blancco_data></report>" * levels + b"</root>"


class CountingBytes(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.served = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.served += len(chunk)
        return chunk


def test_deep_nesting_is_refused_before_the_file_is_read_whole():
    content = nested(100_000)  # 4.2 MB of crafted nesting
    assert len(content) > 2 * 1024 * 1024
    source = CountingBytes(content)
    with pytest.raises(ErasureImportRefused, match="more than 32 levels deep") as refused:
        read_blancco_xml(source)
    assert refused.value.code == "xml_too_deep"
    assert source.served <= 128 * 1024  # the parser stopped within its first reads
    # control: the same shape within the depth limit is read (and is no Blancco report: no erasure)
    assert read_blancco_xml(nested(10)) == []


@pytest.mark.parametrize("erasures", [50, 500, 5000])
def test_work_grows_linearly_with_the_file(erasures):
    """Each erasure has 7 elements (itself, state, standard, end time, target and its serial, a comment);
    the report around them has 10 (root to the erasures' container). The lookups may look at each element
    a bounded number of times (8 here)."""
    walk = XmlWalk()
    lines = read_blancco_xml(valid_report(erasures), walk)
    assert len(lines) == erasures
    elements = 10 + 7 * erasures
    assert walk.elements == elements
    assert walk.visited <= 8 * elements


def test_crafted_wide_nesting_costs_the_same_as_its_size():
    """Under the depth cap, nesting reports in blancco_data everywhere adds no repeated walk."""
    block = b"<report><blancco_data>" * 15 + b"</blancco_data></report>" * 15
    walk = XmlWalk()
    read_blancco_xml(b"<root>" + block * 1000 + b"</root>", walk)
    assert walk.elements == 1 + 30 * 1000
    assert walk.visited <= 8 * walk.elements


def test_too_many_elements_is_refused_and_under_the_cap_is_read(monkeypatch):
    monkeypatch.setattr(erasure_import, "MAX_ELEMENTS", 10 + 7 * 10)
    assert len(read_blancco_xml(valid_report(10))) == 10
    with pytest.raises(ErasureImportRefused, match="more than 80 elements") as refused:
        read_blancco_xml(valid_report(11))
    assert refused.value.code == "xml_too_many_elements"


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><root>&lol3;</root>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE root [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><root>&xxe;</root>'
BAD_XML = [
    (b"<root><report><blancco_data></report></root>", "xml", "cannot be read"),
    (b"<not xml at all", "xml", "cannot be read"),
    (XXE, "xml_dtd", "document type"),
    (BILLION_LAUGHS, "xml_dtd", "document type"),
    (nested(40), "xml_too_deep", "more than 32 levels deep"),
    (b"<report><blancco_data/></report>", "not_blancco", "its root element is “report”, not “root”"),
    (b"<root><something/></root>", "not_blancco", "no “blancco_data” element"),
]


@pytest.fixture
def device(organisation):
    return DeviceFactory(organisation=organisation, serial_number="SN-JOB-1", state=DeviceState.END_OF_USE)


@pytest.mark.parametrize(("content", "code", "message"), BAD_XML)
def test_bad_xml_is_refused_by_the_job_and_nothing_changes(organisation, device, content, code, message):
    job = erasure_import_job_create(
        organisation=organisation, actor=None, handle=io.BytesIO(content), name="r.xml", start=False
    )
    erasure_import_job_run(job=job, actor=None, apply=True)
    job.refresh_from_db()
    assert (job.state, job.report["code"]) == ("refused", code)
    assert message in job.report["refused"]
    assert not ErasureRecord.objects.exists()


def _upload(client, content: bytes, capture):
    with capture(execute=True):
        response = client.post(reverse("reuse:erasure_import"), {"file": SimpleUploadedFile("r.xml", content)})
    assert response.status_code == 302
    return ErasureImportJob.objects.get(public_id=response.url.rstrip("/").rsplit("/", 1)[-1])


def test_a_6_mb_report_is_checked_then_applied_from_the_stored_file(
    organisation, device, org_admin_client, django_capture_on_commit_callbacks
):
    content = valid_report(3000, pad=1900)
    assert 6 * 1024 * 1024 < len(content) < 7 * 1024 * 1024
    job = _upload(org_admin_client, content, django_capture_on_commit_callbacks)
    assert (job.state, job.report["matched"], job.sha256) == ("checked", 3000, hashlib.sha256(content).hexdigest())
    assert not ErasureRecord.objects.exists()
    other = b"Device serial,Method,Result,Date\nSN-JOB-1,clear,passed,2026-11-01 10:00\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(  # a file and a text sent back are ignored: the stored file is applied
            reverse("reuse:erasure_import_job_apply", args=[job.public_id]),
            {"file": SimpleUploadedFile("other.csv", other), "content": other.decode()},
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.report["created"]) == ("applied", 3000)
    assert sorted(ErasureRecord.objects.values_list("drive_serial", flat=True)) == sorted(
        f"DRIVE-{n}" for n in range(3000)
    )
    assert not job.file  # the file, which names people and devices, is gone once applied


def test_the_apply_refuses_a_stored_file_that_changed(organisation, device):
    job = erasure_import_job_create(
        organisation=organisation, actor=None, handle=io.BytesIO(valid_report(1)), name="r.xml", start=False
    )
    with job.file.open("wb") as handle:
        handle.write(valid_report(2))
    erasure_import_job_run(job=job, actor=None, apply=True)
    assert (job.state, job.report["code"]) == ("refused", "digest")
    assert not ErasureRecord.objects.exists()


def test_job_pages_are_scoped_to_the_organisation(
    organisation, other_organisation, device, org_admin_client, other_org_client, django_capture_on_commit_callbacks
):
    job = _upload(org_admin_client, valid_report(1), django_capture_on_commit_callbacks)
    page = reverse("reuse:erasure_import_job", args=[job.public_id])
    apply = reverse("reuse:erasure_import_job_apply", args=[job.public_id])
    assert other_org_client.get(page).status_code == 404
    assert other_org_client.post(apply).status_code == 404
    job.refresh_from_db()
    assert job.state == "checked"
    assert not ErasureRecord.objects.exists()
    assert org_admin_client.get(page).status_code == 200  # control: the owner sees it


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("fleet_manager", True), ("reuse_coordinator", True), ("buyer", False), ("viewer", False)],
)
def test_who_may_import_erasures(organisation, device, role, allowed, django_capture_on_commit_callbacks):
    owner = member_client(organisation, "admin")
    job = _upload(owner, valid_report(1), django_capture_on_commit_callbacks)
    client = member_client(organisation, role)
    upload = client.post(reverse("reuse:erasure_import"), {"file": SimpleUploadedFile("r.xml", valid_report(1))})
    assert upload.status_code == (302 if allowed else 403)
    assert client.get(reverse("reuse:erasure_import_job", args=[job.public_id])).status_code == (
        200 if allowed else 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reuse:erasure_import_job_apply", args=[job.public_id]))
    assert response.status_code == (302 if allowed else 403)
    assert ErasureRecord.objects.count() == (1 if allowed else 0)
    assert ErasureImportJob.objects.count() == (2 if allowed else 1)
