"""The chain of custody: one event, a CSV file (bad input included) and the API, on the same helpers."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.donations import custody
from fairfleet.reuse.models import CustodyEvent, CustodyEventKind
from tests.api.conftest import token_client

HEADER = "serial_number,event,date,place,territory,beneficiary,price,reference,notes\n"


def _item(lot, serial):
    return lot.items.get(device__serial_number=serial)


def test_given_moves_the_device_to_second_life(handed_over, listing, donor):
    lot, user = handed_over
    item = _item(lot, "SN-A1")
    event = custody.custody_report(
        actor=user,
        partner=listing.organisation,
        data=custody.EventData(
            item=item,
            kind="given",
            occurred_on=datetime.date(2026, 11, 20),
            territory="FR-59",
            beneficiary_kind="school",
        ),
    )
    assert event.organisation == donor
    assert event.reported_by == listing.organisation
    assert event.lot_public_id == lot.public_id
    item.device.refresh_from_db()
    assert item.device.state == DeviceState.SECOND_LIFE


def test_refurbished_and_recycled_keep_the_state(handed_over, listing):
    lot, user = handed_over
    item = _item(lot, "SN-A2")
    for kind in ("refurbished", "recycled"):
        custody.custody_report(
            actor=user,
            partner=listing.organisation,
            data=custody.EventData(item=item, kind=kind, occurred_on=datetime.date(2026, 11, 1)),
        )
    item.device.refresh_from_db()
    assert item.device.state == DeviceState.HANDED_OVER


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "given"}, "which kind of beneficiary"),
        ({"kind": "sold_solidarity"}, "solidarity price"),
        ({"kind": "redeployed"}, "unknown event"),
        ({"occurred_on": datetime.date(2099, 1, 1)}, "future"),
        ({"occurred_on": datetime.date(2026, 9, 30)}, "before .* when your organisation accepted the lot"),
        ({"territory": "FR-99"}, "unknown territory"),
        ({"beneficiary_kind": "martians"}, "unknown beneficiary"),
        ({"price": Decimal("-1")}, "negative"),
    ],
)
def test_bad_events_are_refused(handed_over, listing, changes, message):
    lot, user = handed_over
    data = {"item": _item(lot, "SN-A1"), "kind": "refurbished", "occurred_on": datetime.date(2026, 11, 1), **changes}
    with pytest.raises(ValidationError, match=f"(?i){message}"):
        custody.custody_report(actor=user, partner=listing.organisation, data=custody.EventData(**data))
    assert not CustodyEvent.objects.exclude(kind=CustodyEventKind.RECEIVED).exists()


def test_another_partner_cannot_report(handed_over):
    from tests.reuse.donations.factories import PartnerOrganisationFactory, donor_actor

    lot, _user = handed_over
    stranger = PartnerOrganisationFactory()
    with pytest.raises(ValidationError, match="not in a lot your organisation has accepted"):
        custody.custody_report(
            actor=donor_actor(stranger, "admin"),
            partner=stranger,
            data=custody.EventData(
                item=_item(lot, "SN-A1"), kind="refurbished", occurred_on=datetime.date(2026, 11, 1)
            ),
        )


def _import(listing, user, raw, apply=False, lot=None):
    return custody.custody_import(actor=user, partner=listing.organisation, raw=raw, apply=apply, lot=lot)


def test_csv_dry_run_then_apply(handed_over, listing):
    lot, user = handed_over
    raw = (
        HEADER
        + 'sn-a1,given,2026-11-20,Lille,FR-59,household,,,\nSN-A2,sold_solidarity,2026-11-21,,,,"95,00",FAC-1,\n'
    ).encode()
    report = _import(listing, user, raw)
    assert report.ok
    assert not report.applied
    assert len(report.lines) == 2
    assert not CustodyEvent.objects.filter(kind=CustodyEventKind.GIVEN).exists()
    report = _import(listing, user, raw, apply=True)
    assert report.applied
    sold = CustodyEvent.objects.get(kind=CustodyEventKind.SOLD_SOLIDARITY)
    assert sold.price == Decimal("95.00")
    assert sold.source == "csv"
    assert {i.device.state for i in lot.items.select_related("device")} == {DeviceState.SECOND_LIFE}


def test_timeline_flags_a_sale_above_the_solidarity_cap(handed_over, listing, client):
    from fairfleet.reuse.donations import selectors

    lot, user = handed_over
    listing.legal_status = "public_utility"
    listing.save()
    custody.custody_report(
        actor=user,
        partner=listing.organisation,
        data=custody.EventData(
            item=_item(lot, "SN-A1"),
            kind="sold_solidarity",
            occurred_on=datetime.date(2026, 11, 20),
            price=Decimal("250"),
        ),
    )
    lot.refresh_from_db()
    timeline = dict(selectors.lot_timeline(lot))
    sold = [e for item, events in timeline.items() for e in events if e.kind == "sold_solidarity"]
    assert "cap of 180" in sold[0].resale_warning


def test_csv_semicolons_and_bom(handed_over, listing):
    _lot, user = handed_over
    raw = "\ufeff" + HEADER.replace(",", ";") + "SN-A1;refurbished;2026-11-20;;;;;;\n"
    report = _import(listing, user, raw.encode("utf-8"), apply=True)
    assert report.applied
    assert CustodyEvent.objects.filter(kind=CustodyEventKind.REFURBISHED).count() == 1


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"\xef\xbb\xbf\n\n", "empty"),
        (b'serial_number,event,date\nSN-A1,"given,2026-11-20\n', "malformed"),
        ("serial_number,event,date\nSN-A1,given,2026-11-20,Aubagne Sainte-Thérèse\n".encode("latin-1"), "encoding"),
        (b"serial_number,date\nSN-A1,2026-11-20\n", "missing_columns"),
        (HEADER.encode(), "no_rows"),
        (b"x" * (custody.MAX_CSV_BYTES + 1), "too_large"),
    ],
)
def test_csv_refused_as_a_whole(handed_over, listing, raw, code):
    _lot, user = handed_over
    with pytest.raises(custody.CsvRefused) as refused:
        _import(listing, user, raw, apply=True)
    assert refused.value.code == code
    assert refused.value.message
    assert not CustodyEvent.objects.exclude(kind=CustodyEventKind.RECEIVED).exists()


def test_csv_line_errors_name_the_line_and_change_nothing(handed_over, listing):
    _lot, user = handed_over
    raw = (
        HEADER
        + "SN-A1,refurbished,2026-11-20,,,,,,\n"
        + "SN-UNKNOWN,given,2026-11-20,,,household,,,\n"
        + "SN-A2,given,31/11/2026,,,household,,,\n"
        + 'SN-A2,=HYPERLINK("http://x"),2026-11-20,,,,,,\n'
        + "SN-A2,refurbished,2026-11-20,@SUM(A1),,,,,\n"
        + "SN-A2,sold_solidarity,2026-11-20,,,,abc,,\n"
        + "SN-A2,refurbished,2026-11-20,,,,,,bad\x00note\n"
    ).encode()
    report = _import(listing, user, raw, apply=True)
    assert not report.applied
    errors = {row.line: " ".join(row.errors) for row in report.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "NUL" in errors[8]
    assert "SN-UNKNOWN" in errors[3]
    assert "not a date" in errors[4]
    assert "formula" in errors[5]
    assert "formula" in errors[6]
    assert "place" in errors[6]
    assert "not a number" in errors[7]
    assert not CustodyEvent.objects.exclude(kind=CustodyEventKind.RECEIVED).exists()
    assert report.as_dict()["errors"][0]["line"] == 3


def test_api_reports_one_event_and_imports_a_file(handed_over, listing, donor):
    lot, _user = handed_over
    client = token_client(listing.organisation, "reuse_coordinator")
    response = client.post(
        "/api/v1/custody-events/",
        {
            "serial_number": "SN-A1",
            "kind": "given",
            "occurred_on": "2026-11-20",
            "beneficiary_kind": "association",
            "lot": str(lot.public_id),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "given"
    event = CustodyEvent.objects.get(kind="given")
    assert event.source == "api"
    assert event.organisation == donor
    bad = client.post(
        "/api/v1/custody-events/",
        {"serial_number": "NOPE", "kind": "given", "occurred_on": "2026-11-20"},
        format="json",
    )
    assert bad.status_code == 400
    assert "serial_number" in bad.json()
    upload = SimpleUploadedFile("events.csv", (HEADER + "SN-A2,refurbished,2026-11-21,,,,,,\n").encode(), "text/csv")
    dry = client.post("/api/v1/custody-events/import/", {"file": upload}, format="multipart")
    assert dry.status_code == 200
    assert dry.json() == {"applied": False, "rows": 1, "errors": []}
    upload.seek(0)
    applied = client.post("/api/v1/custody-events/import/", {"file": upload, "apply": "true"}, format="multipart")
    assert applied.json()["applied"] is True
    wrong = client.post(
        "/api/v1/custody-events/import/",
        {"file": SimpleUploadedFile("e.csv", b"\xff\xfe\x00bad", "text/csv")},
        format="multipart",
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "encoding"
    listed = client.get("/api/v1/custody-events/").json()
    assert {row["kind"] for row in listed} == {"received", "given", "refurbished"}


def test_api_isolation_and_roles(handed_over, listing, donor):
    lot, _user = handed_over
    viewer = token_client(listing.organisation, "viewer")
    assert viewer.post("/api/v1/custody-events/", {}, format="json").status_code == 403
    donor_client = token_client(donor, "admin")
    # The donor reads the events of its devices, but does not report as a partner.
    assert len(donor_client.get("/api/v1/custody-events/").json()) == 2
    assert donor_client.post("/api/v1/custody-events/", {}, format="json").status_code == 403
    from tests.tenancy.factories import OrganisationFactory

    stranger = token_client(OrganisationFactory(), "admin")
    assert stranger.get("/api/v1/custody-events/").json() == []
    assert stranger.get(f"/api/v1/custody-events/?lot={lot.public_id}").json() == []


@pytest.mark.parametrize("price", ["NaN", "nan", "inf", "-inf", "Infinity", "1e400", "sNaN", "123456789", "1" * 40])
def test_csv_price_that_is_no_storable_number_is_a_line_error(handed_over, listing, price):
    _lot, user = handed_over
    raw = (HEADER + f"SN-A2,sold_solidarity,2026-11-20,,,,{price},,\n").encode()
    report = _import(listing, user, raw, apply=True)
    assert not report.applied
    assert [row.line for row in report.errors] == [2]
    assert "price" in " ".join(report.errors[0].errors)
    assert not CustodyEvent.objects.filter(kind=CustodyEventKind.SOLD_SOLIDARITY).exists()


def test_csv_price_at_the_field_limit_is_stored(handed_over, listing):
    _lot, user = handed_over
    raw = (HEADER + "SN-A2,sold_solidarity,2026-11-20,,,,99999999.99,,\n").encode()
    assert _import(listing, user, raw, apply=True).applied
    assert CustodyEvent.objects.get(kind=CustodyEventKind.SOLD_SOLIDARITY).price == Decimal("99999999.99")
