import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.erasure_import import ErasureImportRefused, erasure_import, parse_method
from fairfleet.reuse.models import ErasureRecord
from tests.inventory.factories import DeviceFactory
from tests.reuse.factories import ErasureRecordFactory

BLANCCO_XML = """<?xml version="1.0" encoding="UTF-8"?>
<root>
  <report>
    <blancco_data>
      <description>
        <document_id>6f1c2a8e-report-0001</document_id>
        <document_log>
          <log_entry>
            <author>
              <product_name name="product_name" type="string">Blancco Drive Eraser</product_name>
              <product_version name="product_version" type="string">7.9.1</product_version>
            </author>
            <date>2026-11-20T10:15:00+0100</date>
          </log_entry>
        </document_log>
        <description_entries>
          <entries name="company_information">
            <entry name="erasure_person" type="string">Camille Martin</entry>
          </entries>
        </description_entries>
      </description>
      <blancco_hardware_report>
        <entries name="system">
          <entry name="manufacturer" type="string">Dell Inc.</entry>
          <entry name="serial" type="string">sn-blancco-1</entry>
        </entries>
        <entries name="disks">
          <entries name="disk"><entry name="serial" type="string">S3Z4NB0K123456P</entry></entries>
        </entries>
      </blancco_hardware_report>
      <blancco_erasure_report>
        <entries name="erasures">
          <entries name="erasure">
            <entry name="state" type="string">Successful</entry>
            <entry name="erasure_standard_name" type="string">NIST 800-88 Purge</entry>
            <entry name="start_time" type="string">2026-11-20T09:01:00+0100</entry>
            <entry name="end_time" type="string">2026-11-20T10:14:00+0100</entry>
            <entries name="target">
              <entry name="serial" type="string">S3Z4NB0K123456P</entry>
              <entry name="type" type="string">SSD</entry>
            </entries>
          </entries>
        </entries>
      </blancco_erasure_report>
    </blancco_data>
  </report>
  <report>
    <blancco_data>
      <description><document_id>report-0002</document_id></description>
      <blancco_hardware_report>
        <entries name="system"><entry name="serial">UNKNOWN-99</entry></entries>
      </blancco_hardware_report>
      <blancco_erasure_report><entries name="erasures"><entries name="erasure">
        <entry name="state">Failed</entry>
        <entry name="erasure_standard_name">HMG Infosec Standard 5, Baseline</entry>
        <entry name="end_time">2026-11-21T08:00:00</entry>
        <entries name="target"><entry name="serial">WD-XYZ</entry></entries>
      </entries></entries></blancco_erasure_report>
    </blancco_data>
  </report>
</root>
"""

CSV_TEXT = (
    "System serial;Disk serial;Erasure standard;Erasure state;End time;Erasure person;Report ID\n"
    "SN-CSV-1;DISK-1;NIST 800-88 Clear;Successful;2026-11-20 10:00;Camille;R-1\n"
    "SN-CSV-2;DISK-2;Cryptographic erase;completed;20/11/2026 11:30;Camille;R-2\n"
    "NOPE-1;DISK-3;NIST 800-88 Purge;Successful;2026-11-20 12:00;Camille;R-3\n"
)


@pytest.fixture
def devices(organisation):
    return {
        serial: DeviceFactory(organisation=organisation, serial_number=serial, state=DeviceState.END_OF_USE)
        for serial in ["SN-BLANCCO-1", "SN-CSV-1", "SN-CSV-2"]
    }


def test_blancco_xml_dry_run_then_apply(organisation, devices):
    report = erasure_import(actor=None, organisation=organisation, content=BLANCCO_XML.encode())
    assert report.format == "blancco_xml"
    assert [line.status for line in report.lines] == ["matched", "unmatched"]
    first = report.lines[0]
    assert (first.device, first.drive_serial, first.method, first.result) == (
        devices["SN-BLANCCO-1"], "S3Z4NB0K123456P", "purge", "passed",
    )  # fmt: skip
    assert first.operator == "Camille Martin"
    assert first.tool == "Blancco Drive Eraser 7.9.1"
    assert first.report_reference == "6f1c2a8e-report-0001"
    assert first.performed_at.isoformat() == "2026-11-20T10:14:00+01:00"
    assert "UNKNOWN-99" in report.lines[1].messages[0]
    assert not ErasureRecord.objects.exists()  # a dry run writes nothing

    applied = erasure_import(actor=None, organisation=organisation, content=BLANCCO_XML.encode(), apply=True)
    assert applied.created == 1
    record = ErasureRecord.objects.get()
    assert (record.device, record.source) == (devices["SN-BLANCCO-1"], "blancco_xml")
    again = erasure_import(actor=None, organisation=organisation, content=BLANCCO_XML.encode(), apply=True)
    assert again.created == 0
    assert again.lines[0].status == "duplicate"


def test_csv_import_matches_by_device_or_known_drive_serial(organisation, devices):
    known = DeviceFactory(organisation=organisation, serial_number="SN-KNOWN")
    ErasureRecordFactory(device=known, organisation=organisation, drive_serial="DISK-3")
    report = erasure_import(actor=None, organisation=organisation, content=CSV_TEXT.encode(), apply=True)
    assert [line.status for line in report.lines] == ["matched", "matched", "matched"]
    assert report.lines[2].device == known  # NOPE-1 is unknown, its drive DISK-3 was recorded for SN-KNOWN
    assert [line.method for line in report.lines] == ["clear", "purge", "purge"]
    assert report.created == 3


def test_unmatched_lines_are_listed_never_dropped(organisation, other_organisation):
    DeviceFactory(organisation=other_organisation, serial_number="SN-CSV-1")
    report = erasure_import(actor=None, organisation=organisation, content=CSV_TEXT.encode())
    assert [line.status for line in report.lines] == ["unmatched", "unmatched", "unmatched"]
    assert [line.line for line in report.lines] == [2, 3, 4]


def test_errors_by_line_and_field_and_nothing_applied(organisation, devices):
    text = (
        "Device serial,Method,Result,Date\n"
        "SN-CSV-1,purge,passed,2026-13-45\n"
        "SN-CSV-2,wipe it,passed,2026-11-01\n"
        "SN-CSV-1,clear,perhaps,2026-11-01\n"
        "SN-CSV-1,clear,passed,2099-01-01\n"
        ",clear,passed,2026-11-01\n"
        "SN-CSV-2,destroy,passed,2026-11-02\n"
    )
    report = erasure_import(actor=None, organisation=organisation, content=text.encode())
    by_line = {line.line: line for line in report.lines}
    assert "Date: “2026-13-45” is not a date" in by_line[2].messages[0]
    assert by_line[3].messages[0].startswith("Method: cannot tell clear, purge or destroy from “wipe it”")
    assert by_line[4].messages[0].startswith("Result: “perhaps” is not a known result")
    assert "in the future" in by_line[5].messages[0]
    assert "No device serial and no drive serial" in by_line[6].messages[0]
    assert by_line[7].status == "matched"
    with pytest.raises(ErasureImportRefused, match="errors on 5 lines"):
        erasure_import(actor=None, organisation=organisation, content=text.encode(), apply=True)
    assert not ErasureRecord.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"   \n", "The file is empty."),
        ("Serial;Result;Date\nSN-1;ok;2026-11-01\n\xe9".encode("latin-1") + b"\xff", "not UTF-8"),
        (b"Name;Colour\nx;y\n", "no serial number column"),
        (b"Device serial;Result\nSN-1;ok\n", "the column “Date” is missing"),
        (b"Device serial;Result;Date\n", "no line to import"),
        (b"<root><report><oops></report></root>", "cannot be read"),
        (b"<root><something/></root>", "not a Blancco report"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><root>&a;</root>', "document type"),
    ],
)
def test_bad_files_are_refused_with_a_reason(organisation, content, message):
    with pytest.raises(ErasureImportRefused, match=message):
        erasure_import(actor=None, organisation=organisation, content=content)


@pytest.mark.parametrize(
    ("method", "technique", "expected"),
    [
        ("", "NIST 800-88 Purge", "purge"),
        ("", "DoD 5220.22-M 3 passes", "clear"),
        ("", "Physical shredding", "destroy"),
        ("Destroy", "", "destroy"),
        ("", "IEEE 2883 Sanitize Crypto Erase", "purge"),
        ("", "mystery", None),
    ],
)
def test_parse_method(method, technique, expected):
    assert parse_method(method, technique) == expected


def test_command_dry_run_apply_and_json(organisation, devices, tmp_path):
    path = tmp_path / "report.xml"
    path.write_text(BLANCCO_XML, encoding="utf-8")
    out = StringIO()
    call_command("import_erasures", str(path), "--org", str(organisation.public_id), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert (payload["matched"], payload["unmatched"], payload["applied"]) == (1, 1, False)
    assert not ErasureRecord.objects.exists()
    out = StringIO()
    call_command("import_erasures", str(path), "--org", organisation.name, "--apply", stdout=out)
    assert "1 recorded" in out.getvalue()
    assert ErasureRecord.objects.count() == 1


def test_command_exits_1_on_errors(organisation, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Device serial,Result,Date\nX,passed,not a date\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_erasures", str(path), "--org", str(organisation.public_id), "--json", stdout=out)
    assert exit_info.value.code == 1
    assert json.loads(out.getvalue())["errors"] == 1


def test_upload_page_check_then_apply(organisation, devices, org_admin_client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("reuse:erasure_import")
    upload = SimpleUploadedFile("report.csv", CSV_TEXT.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(url, {"file": upload})
    assert response.status_code == 302
    page = org_admin_client.get(response.url)
    assert "No device of the organisation has the serial NOPE-1." in page.content.decode()
    assert not ErasureRecord.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(response.url + "apply/")
    assert response.status_code == 302
    assert ErasureRecord.objects.count() == 2


def test_upload_page_refusal_and_permission(organisation, org_admin_client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import member_client

    url = reverse("reuse:erasure_import")
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(url, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")})
    assert "not UTF-8" in org_admin_client.get(response.url).content.decode()
    assert org_admin_client.post(url, {}).status_code == 400
    assert member_client(organisation, "viewer").get(url).status_code == 403
    assert (
        member_client(organisation, "buyer")
        .post(url, {"file": SimpleUploadedFile("x.csv", CSV_TEXT.encode())})
        .status_code
        == 403
    )
