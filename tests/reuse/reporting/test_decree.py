import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fairfleet.inventory.models import DeviceState, DeviceTransition
from fairfleet.reuse.models import CustodyEvent
from fairfleet.reuse.reporting.decree import Exclusion, decree_ratio, target_for
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category

YEAR = 2025


def at(y, m, d, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hour, minute))


def step(device, to_state, when, from_state=""):
    transition = DeviceTransition.objects.create(
        organisation=device.organisation, device=device, from_state=from_state, to_state=to_state
    )
    DeviceTransition.objects.filter(pk=transition.pk).update(created_at=when)


def retired_device(organisation, when, *, acquired=datetime.date(2020, 1, 1), state=DeviceState.END_OF_USE, **kw):
    device = DeviceFactory(organisation=organisation, state=state, acquisition_date=acquired, **kw)
    step(device, DeviceState.IN_USE, at(2020, 1, 2))
    step(device, DeviceState.END_OF_USE, when, from_state=DeviceState.IN_USE)
    return device


def proof(device, day, kind="given", **kw):
    return CustodyEvent.objects.create(
        organisation=device.organisation, device=device, kind=kind, occurred_on=day, reported_by=device.organisation,
        **kw,
    )  # fmt: skip


def ids(rows):
    return {row.device.pk for row in rows}


def test_stock_and_proven_reuse(organisation):
    reused = retired_device(organisation, at(2024, 6, 1))
    step(reused, DeviceState.IN_DONATION_LOT, at(2025, 2, 1), DeviceState.END_OF_USE)
    step(reused, DeviceState.HANDED_OVER, at(2025, 3, 1), DeviceState.IN_DONATION_LOT)
    proof(reused, datetime.date(2025, 3, 10))
    waiting = retired_device(organisation, at(2024, 9, 1))
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert ids(report.stock) == {reused.pk, waiting.pk}
    assert ids(report.counted) == {reused.pk}
    assert report.ratio == 50
    assert report.target.percent == 50
    assert report.target_met is True


def test_no_proof_not_counted(organisation):
    device = retired_device(organisation, at(2024, 6, 1))
    step(device, DeviceState.IN_DONATION_LOT, at(2025, 2, 1), DeviceState.END_OF_USE)
    step(device, DeviceState.HANDED_OVER, at(2025, 3, 1), DeviceState.IN_DONATION_LOT)
    # A pick-up or reception is not a proof of reuse.
    proof(device, datetime.date(2025, 3, 2), kind="received")
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert report.counted == []
    assert ids(report.awaiting_proof) == {device.pk}
    assert report.ratio == 0
    assert report.target_met is False


def test_over_ten_years_excluded(organisation):
    old = retired_device(organisation, at(2024, 6, 1), acquired=datetime.date(2014, 5, 31))
    just = retired_device(organisation, at(2024, 6, 1), acquired=datetime.date(2014, 6, 3))
    proof(old, datetime.date(2025, 2, 1))
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert [(row.device.pk, row.exclusion) for row in report.excluded] == [(old.pk, Exclusion.TOO_OLD)]
    assert ids(report.stock) == {just.pk}
    assert report.counted == []


def test_devices_that_held_protected_data_are_excluded(organisation):
    from tests.reuse.factories import AssessmentFactory

    secret = retired_device(organisation, at(2024, 6, 1))
    AssessmentFactory(device=secret, holds_protected_data=False)
    AssessmentFactory(device=secret, holds_protected_data=True)  # the latest assessment counts
    plain = retired_device(organisation, at(2024, 6, 1))
    AssessmentFactory(device=plain, holds_protected_data=False)
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert [(row.device.pk, row.exclusion) for row in report.excluded] == [(secret.pk, Exclusion.PROTECTED)]
    assert ids(report.stock) == {plain.pk}


def test_age_falls_back_to_the_release_year(organisation):
    model = DeviceModelFactory(organisation=organisation, release_year=2012)
    device = retired_device(organisation, at(2024, 6, 1), acquired=None, model=model)
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert [row.exclusion for row in report.excluded] == [Exclusion.TOO_OLD]
    assert report.excluded[0].device == device


def test_out_of_scope_categories(organisation):
    furniture = DeviceModelFactory(organisation=organisation, category=builtin_category("furniture"))
    server = DeviceModelFactory(organisation=organisation, category=builtin_category("server"))
    monitor = DeviceModelFactory(organisation=organisation, category=builtin_category("monitor"))
    for model in (furniture, server):
        retired_device(organisation, at(2024, 6, 1), model=model)
    kept = retired_device(organisation, at(2024, 6, 1), model=monitor)
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert {row.exclusion for row in report.excluded} == {Exclusion.OUT_OF_SCOPE}
    assert len(report.excluded) == 2
    assert ids(report.stock) == {kept.pk}


def test_year_boundaries(organisation):
    # Paris time: retired on 31 December at 23:30 is in the stock of 1 January; at 00:30 on 1 January it is not.
    late = retired_device(organisation, at(2024, 12, 31, 23, 30))
    early = retired_device(organisation, at(2025, 1, 1, 0, 30))
    proven_before = retired_device(organisation, at(2024, 3, 1))
    proof(proven_before, datetime.date(2024, 12, 31))
    proven_next_year = retired_device(organisation, at(2024, 3, 1))
    proof(proven_next_year, datetime.date(2026, 1, 1))
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert ids(report.stock) == {late.pk, proven_next_year.pk}
    assert early.pk not in ids(report.stock)
    assert report.counted == []
    assert ids(decree_ratio(organisation=organisation, year=2024).counted) == {proven_before.pk}
    assert ids(decree_ratio(organisation=organisation, year=2026).counted) == {proven_next_year.pk}


def test_a_device_back_in_service_is_not_in_stock(organisation):
    device = retired_device(organisation, at(2023, 6, 1), state=DeviceState.IN_STOCK)
    step(device, DeviceState.IN_STOCK, at(2024, 2, 1), DeviceState.END_OF_USE)
    assert decree_ratio(organisation=organisation, year=YEAR).stock == []
    assert ids(decree_ratio(organisation=organisation, year=2024).stock) == {device.pk}


def test_a_withdrawn_offer_keeps_the_retirement_date(organisation):
    device = retired_device(organisation, at(2024, 6, 1))
    step(device, DeviceState.OFFERED_INTERNALLY, at(2024, 7, 1), DeviceState.END_OF_USE)
    step(device, DeviceState.END_OF_USE, at(2025, 2, 1), DeviceState.OFFERED_INTERNALLY)
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert [row.retired_on for row in report.stock] == [datetime.date(2024, 6, 1)]


def test_redeployment_and_transfer_are_proofs(organisation):
    redeployed = retired_device(organisation, at(2024, 6, 1))
    transferred = retired_device(organisation, at(2024, 6, 1))
    proof(redeployed, datetime.date(2025, 5, 1), kind="redeployed")
    proof(transferred, datetime.date(2025, 5, 1), kind="transferred")
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert ids(report.counted) == {redeployed.pk, transferred.pk}
    assert report.ratio == 100


def test_targets_schedule():
    assert target_for(2022) is None
    assert target_for(2023).percent == 25
    assert target_for(2024).percent == 35
    assert target_for(2025).percent == 50
    assert target_for(2030).percent == 50


def test_empty_stock_gives_no_ratio(organisation):
    report = decree_ratio(organisation=organisation, year=YEAR)
    assert report.ratio is None
    assert report.target_met is None


def test_other_organisations_are_not_counted(organisation, other_organisation):
    retired_device(other_organisation, at(2024, 6, 1))
    assert decree_ratio(organisation=organisation, year=YEAR).stock == []


# Pages and exports ---------------------------------------------------------------------------------


def test_report_page_lists_the_devices(org_admin_client, organisation):
    device = retired_device(organisation, at(2024, 6, 1), asset_tag="INV-777")
    response = org_admin_client.get(reverse("reuse:reporting:decree_report"), {"year": YEAR})
    assert response.status_code == 200
    assert "INV-777" in response.content.decode()
    assert response.context["report"].stock[0].device == device


def test_report_page_bad_year_falls_back(org_admin_client):
    response = org_admin_client.get(reverse("reuse:reporting:decree_report"), {"year": "drop table"})
    assert response.status_code == 200


def test_report_query_count_does_not_grow(org_admin_client, organisation):
    url = reverse("reuse:reporting:decree_report")
    retired_device(organisation, at(2024, 6, 1))
    org_admin_client.get(url, {"year": YEAR})

    def count():
        with CaptureQueriesContext(connection) as captured:
            org_admin_client.get(url, {"year": YEAR})
        return len(captured.captured_queries)

    few = count()
    for _ in range(8):
        proof(retired_device(organisation, at(2024, 6, 1)), datetime.date(2025, 4, 1))
    assert count() == few


def test_csv_export_neutralises_formulas(org_admin_client, organisation, other_organisation):
    retired_device(organisation, at(2024, 6, 1), asset_tag="=HYPERLINK(1)")
    retired_device(other_organisation, at(2024, 6, 1), asset_tag="FOREIGN-1")
    response = org_admin_client.get(reverse("reuse:reporting:decree_export_csv", args=[YEAR]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][2] == "'=HYPERLINK(1)"
    assert "FOREIGN-1" not in content
    assert ["A", "0"] in rows
    assert ["B", "1"] in rows


def test_xlsx_export(org_admin_client, organisation):
    from openpyxl import load_workbook

    retired_device(organisation, at(2024, 6, 1), asset_tag="+SUM(A1)")
    response = org_admin_client.get(reverse("reuse:reporting:decree_export_xlsx", args=[YEAR]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=3).value == "'+SUM(A1)"


@pytest.mark.parametrize("role", ["admin", "fleet_manager", "reuse_coordinator", "buyer", "viewer"])
def test_every_member_reads_the_report(organisation, role):
    client = member_client(organisation, role)
    assert client.get(reverse("reuse:reporting:decree_report")).status_code == 200
    assert client.get(reverse("reuse:reporting:decree_export_csv", args=[YEAR])).status_code == 200


def test_export_year_out_of_range(org_admin_client):
    assert org_admin_client.get(reverse("reuse:reporting:decree_export_csv", args=[1999])).status_code == 404
