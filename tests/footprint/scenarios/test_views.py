"""Scenario pages: role matrix, creation and its refusals, tenant isolation, exports, comparison, htmx."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from fairfleet.footprint.models import Scenario, ScenarioKind
from fairfleet.tenancy.models import AuditEntry
from tests.conftest import member_client
from tests.footprint.factories import ScenarioFactory

ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]
MANAGERS = {"admin", "fleet_manager", "buyer"}
ASSUMPTION_KEEPERS = {"admin", "fleet_manager"}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def keep_longer_post(laptop, **extra):
    return {"kind": "keep_longer", "name": "Laptops 6 years", "category": str(laptop.public_id), "to_years": "6",
            "horizon_years": "5", **extra}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, organisation, small_fleet):
    client = member_client(organisation, role)
    scenario = ScenarioFactory(organisation=organisation)
    manage = role in MANAGERS
    for name in ("footprint:scenario_list", "footprint:method_parameters"):
        assert client.get(reverse(name)).status_code == 200, name
    for name in ("footprint:scenario_detail", "footprint:scenario_export_csv", "footprint:scenario_export_xlsx"):
        assert client.get(reverse(name, args=[scenario.public_id])).status_code == 200, name
    assert client.get(reverse("footprint:scenario_create")).status_code == (200 if manage else 403)
    assert client.get(reverse("footprint:scenario_fields"), {"kind": "donate"}).status_code == (200 if manage else 403)
    response = client.post(reverse("footprint:scenario_create"), keep_longer_post(small_fleet["laptop"]))
    assert response.status_code == (302 if manage else 403)
    assert Scenario.objects.filter(organisation=organisation).count() == (2 if manage else 1)
    response = client.post(reverse("footprint:scenario_recompute", args=[scenario.public_id]))
    assert response.status_code == (302 if manage else 403)
    response = client.post(reverse("footprint:method_parameters"), {"second_life_years": "4"})
    assert response.status_code == (302 if role in ASSUMPTION_KEEPERS else 403)
    response = client.post(reverse("footprint:scenario_archive", args=[scenario.public_id]))
    assert response.status_code == (302 if manage else 403)
    scenario.refresh_from_db()
    assert (scenario.archived_at is not None) == manage


def test_create_in_two_steps_without_javascript(org_admin_client, organisation, small_fleet):
    page = org_admin_client.get(reverse("footprint:scenario_create"))
    assert b'name="kind"' in page.content
    assert b"Compute and save" not in page.content
    page = org_admin_client.get(reverse("footprint:scenario_create"), {"kind": "keep_longer"})
    assert b'name="to_years"' in page.content
    assert b'name="percent"' not in page.content
    response = org_admin_client.post(reverse("footprint:scenario_create"), keep_longer_post(small_fleet["laptop"]))
    scenario = Scenario.objects.get(organisation=organisation)
    assert response.url == reverse("footprint:scenario_detail", args=[scenario.public_id])
    assert scenario.parameters == {"category": str(small_fleet["laptop"].public_id), "to_years": 6.0,
                                   "horizon_years": 5}  # fmt: skip
    entry = AuditEntry.objects.get(organisation=organisation, object_id=str(scenario.public_id))
    assert entry.action == "create"
    assert entry.after["kind"] == "keep_longer"
    detail = org_admin_client.get(response.url)
    assert detail.status_code == 200
    assert b"<svg" in detail.content
    assert b"<caption>" in detail.content


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to_years": ""}, "to_years"),
        ({"to_years": "4"}, "to_years"),  # the current lifetime of laptops
        ({"to_years": "99"}, "to_years"),
        ({"category": "00000000-0000-0000-0000-000000000000"}, "category"),
        ({"horizon_years": "0"}, "horizon_years"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_parameters_are_refused_and_nothing_is_saved(org_admin_client, organisation, small_fleet, changes,
                                                        field):  # fmt: skip
    audit_before = AuditEntry.objects.count()
    response = org_admin_client.post(reverse("footprint:scenario_create"), keep_longer_post(small_fleet["laptop"],
                                                                                            **changes))  # fmt: skip
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Scenario.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_another_organisations_category_is_refused(org_admin_client, organisation, other_organisation, small_fleet):
    from fairfleet.inventory import services

    foreign = services.category_create(actor=None, organisation=other_organisation, name="Kiosks")
    response = org_admin_client.post(
        reverse("footprint:scenario_create"),
        {"kind": "buy_refurbished", "name": "x", "category": str(foreign.public_id), "percent": "50",
         "horizon_years": "5"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("buy_refurbished", {"percent": "0"}, "percent"),
        ("buy_refurbished", {"percent": "101"}, "percent"),
        ("replace_category", {"percent": "100", "target_category": "SAME"}, "target_category"),
        ("move_country", {"country": "XXX"}, "country"),
    ],
)
def test_service_refuses_bad_parameters(organisation, small_fleet, kind, data, field):
    from django.core.exceptions import ValidationError

    from fairfleet.footprint.scenarios.service import scenario_create

    laptop = str(small_fleet["laptop"].public_id)
    parameters = {"category": laptop, **{k: (laptop if v == "SAME" else v) for k, v in data.items()}}
    with pytest.raises(ValidationError) as refusal:
        scenario_create(actor=None, organisation=organisation, name="x", kind=kind, parameters=parameters)
    assert field in refusal.value.message_dict
    assert not Scenario.objects.exists()


def test_another_organisation_gets_404_on_every_scenario_url(organisation, other_org_client):
    scenario = ScenarioFactory(organisation=organisation)
    audit_before = AuditEntry.objects.filter(organisation=organisation).count()
    for name in ("scenario_detail", "scenario_recompute", "scenario_archive", "scenario_export_csv",
                 "scenario_export_xlsx"):  # fmt: skip
        url = reverse(f"footprint:{name}", args=[scenario.public_id])
        assert other_org_client.get(url).status_code in (404, 405), name
        assert other_org_client.post(url).status_code == 404, name
    scenario.refresh_from_db()
    assert scenario.archived_at is None
    assert AuditEntry.objects.filter(organisation=organisation).count() == audit_before
    # Lists and comparisons show nothing of it, and cannot be made to.
    assert scenario.name.encode() not in other_org_client.get(reverse("footprint:scenario_list")).content
    compare = other_org_client.get(reverse("footprint:scenario_compare"), {"s": [scenario.public_id] * 2})
    assert compare.status_code == 400
    assert scenario.name.encode() not in compare.content
    export = other_org_client.get(reverse("footprint:scenario_compare_csv"), {"s": [scenario.public_id] * 2})
    assert export.status_code == 400


def test_archived_scenarios_leave_the_list(org_admin_client, organisation):
    scenario = ScenarioFactory(organisation=organisation, name="Gone soon")
    org_admin_client.post(reverse("footprint:scenario_archive", args=[scenario.public_id]))
    assert b"Gone soon" not in org_admin_client.get(reverse("footprint:scenario_list")).content
    assert org_admin_client.get(reverse("footprint:scenario_detail", args=[scenario.public_id])).status_code == 404
    assert Scenario.objects.filter(pk=scenario.pk).exists()  # archived, never deleted


def test_exports_read_back(org_admin_client, organisation, small_fleet):
    scenario = ScenarioFactory(organisation=organisation, name="=HYPERLINK(1)")
    response = org_admin_client.get(reverse("footprint:scenario_export_csv", args=[scenario.public_id]))
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    header = rows[0]
    assert header == ["Scenario", "Criterion", "Code", "Unit", "Figure", "Phase", "Year", "Value", "Min", "Max"]
    avoided = next(r for r in rows if r[2] == "gwp" and r[4] == "Avoided, per year" and r[5] == "Embedded")
    assert avoided[0] == "'=HYPERLINK(1)"  # a formula is neutralised
    assert float(avoided[7]) == pytest.approx(5 * (181 / 4 - 181 / 6))
    years = [r for r in rows if r[2] == "gwp" and r[4] == "Avoided in the year"]
    assert [r[6] for r in years] == ["1", "2", "3", "4", "5"]
    cost = next(r for r in rows if r[2] == "cost" and r[4] == "Avoided, per year")
    assert float(cost[7]) == pytest.approx(5 * 1000 * (1 / 4 - 1 / 6))

    response = org_admin_client.get(reverse("footprint:scenario_export_xlsx", args=[scenario.public_id]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == header
    assert len(table) == len(rows)
    row = next(r for r in table if r[2] == "gwp" and r[4] == "Avoided, per year" and r[5] == "Embedded")
    assert row[7] == pytest.approx(5 * (181 / 4 - 181 / 6))


def test_compare_page_and_its_exports(org_admin_client, organisation, small_fleet):
    first = ScenarioFactory(organisation=organisation, name="Longer")
    second = ScenarioFactory(organisation=organisation, name="Germany", kind=ScenarioKind.MOVE_COUNTRY,
                             parameters={"country": "DEU"})  # fmt: skip
    listing = org_admin_client.get(reverse("footprint:scenario_list"))
    assert f'value="{first.public_id}"'.encode() in listing.content
    query = {"s": [first.public_id, second.public_id]}
    page = org_admin_client.get(reverse("footprint:scenario_compare"), query)
    assert page.status_code == 200
    assert b"Longer" in page.content
    assert b"Germany" in page.content
    assert b"Today, per year" in page.content
    climate = next(row for row in page.context["rows"] if row["label"] == "Climate change")
    assert climate["current"]["known"]
    assert len(climate["cells"]) == 2
    rows = list(csv.reader(io.StringIO(body(org_admin_client.get(reverse("footprint:scenario_compare_csv"),
                                                                 query)).decode("utf-8-sig"))))  # fmt: skip
    assert {r[0] for r in rows[1:]} == {"Longer", "Germany"}
    workbook = org_admin_client.get(reverse("footprint:scenario_compare_xlsx"), query)
    table = list(openpyxl.load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert len(table) == len(rows)
    one = org_admin_client.get(reverse("footprint:scenario_compare"), {"s": [first.public_id]})
    assert one.status_code == 200  # one scenario beside the current state
    unknown = org_admin_client.get(reverse("footprint:scenario_compare"), {"s": ["not-a-scenario"]})
    assert unknown.status_code == 400


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_htmx_fragment_equals_the_fresh_render(org_admin_client, small_fleet):
    page = org_admin_client.get(reverse("footprint:scenario_create"), {"kind": "replace_category"}).content.decode()
    fragment = org_admin_client.get(reverse("footprint:scenario_fields"), {"kind": "replace_category"},
                                    headers={"HX-Request": "true"}).content.decode()  # fmt: skip
    assert 'name="target_category"' in fragment
    assert _without_tokens(fragment.strip()) in _without_tokens(page)


def test_method_parameters_page(org_admin_client, organisation):
    from fairfleet.footprint.fleet import profile_of

    page = org_admin_client.get(reverse("footprint:method_parameters"))
    assert b"ADEME 2022" in page.content
    response = org_admin_client.post(reverse("footprint:method_parameters"), {"second_life_years": "99"})
    assert response.status_code == 400
    assert profile_of(organisation).method_parameters == {}
    response = org_admin_client.post(
        reverse("footprint:method_parameters"), {"second_life_years": "4", "donation_substitution_rate": "0.3"}
    )
    assert response.status_code == 302
    assert profile_of(organisation).method_parameters == {"second_life_years": 4.0, "donation_substitution_rate": 0.3}
    entry = AuditEntry.objects.filter(organisation=organisation, action="update").latest("id")
    assert entry.after == {"method_parameters": {"second_life_years": 4.0, "donation_substitution_rate": 0.3}}


KIND_PARAMETERS = {
    ScenarioKind.KEEP_LONGER: {"to_years": 6},
    ScenarioKind.BUY_REFURBISHED: {"percent": 40},
    ScenarioKind.REDEPLOY: {},
    ScenarioKind.DONATE: {},
    ScenarioKind.REPLACE_CATEGORY: {"target_category": "LAPTOP", "percent": 100},
    ScenarioKind.MOVE_COUNTRY: {"country": "BEL"},
}


@pytest.mark.parametrize("kind", ScenarioKind.values)
def test_every_kind_renders_its_page(kind, org_admin_client, organisation, small_fleet):
    laptop, desktop = (str(small_fleet[code].public_id) for code in ("laptop", "desktop"))
    parameters = {"category": desktop if kind == ScenarioKind.REPLACE_CATEGORY else laptop}
    parameters.update({k: (laptop if v == "LAPTOP" else v) for k, v in KIND_PARAMETERS[kind].items()})
    scenario = ScenarioFactory(organisation=organisation, kind=kind, parameters=parameters)
    page = org_admin_client.get(reverse("footprint:scenario_detail", args=[scenario.public_id]))
    assert page.status_code == 200
    assert b"Climate change" in page.content
    fields = org_admin_client.get(reverse("footprint:scenario_create"), {"kind": kind})
    assert fields.status_code == 200
