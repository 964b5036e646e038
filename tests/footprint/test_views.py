"""The footprint pages: overview from the background snapshot, a service, a device, the assumptions, exports."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from fairfleet.footprint.models import CategoryAssumption, FleetSnapshot, SnapshotState
from fairfleet.footprint.services import fleet_snapshot_compute
from fairfleet.inventory.models import DeviceState
from fairfleet.inventory.services import TransitionRequest, device_transition
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import ServiceFactory

# boaviztapi 2.5.0, laptop-pro kept 4 years in France, one year of it (research/footprint.md, section 1):
# 181 kg embedded / 4 years + 77.2632 kg of use over 4 years / 4.
LAPTOP_FRA_PER_YEAR = 181 / 4 + 77.2632 / 4


@pytest.fixture
def laptops(organisation):
    service = ServiceFactory(organisation=organisation, name="Finances")
    model = DeviceModelFactory(organisation=organisation, manufacturer="Dell", name="Latitude 5440",
                               category=builtin_category("laptop"))  # fmt: skip
    devices = DeviceFactory.create_batch(
        3, organisation=organisation, model=model, service=service, state=DeviceState.IN_USE
    )
    return service, devices


def assumptions_form_data(client) -> dict:
    """What the assumptions page would post unchanged: every input and the selected option of every select."""
    page = client.get(reverse("footprint:assumptions"))
    form = BeautifulSoup(page.content, "html.parser").find("form", action=reverse("footprint:assumptions"))
    data = {field["name"]: field.get("value", "") for field in form.select("input") if field.get("name")}
    for select in form.select("select"):
        chosen = select.find("option", selected=True)
        data[select["name"]] = chosen["value"] if chosen else ""
    return data


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_first_visit_computes_the_figures(organisation, org_admin_client, laptops, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = org_admin_client.get(reverse("footprint:overview"))
    assert "being computed" in text(page)
    snapshot = FleetSnapshot.objects.get(organisation=organisation)
    assert snapshot.state == SnapshotState.FRESH
    gwp = snapshot.data["per_year"]["total"][snapshot.data["criteria"].index("gwp")][0]
    assert gwp == pytest.approx(3 * LAPTOP_FRA_PER_YEAR, rel=1e-9)
    page = org_admin_client.get(reverse("footprint:overview"))
    assert "hx-trigger" not in page.content.decode()
    assert "194" in text(page)  # 3 x 64.57, three significant digits
    assert "Finances" in text(page)


def test_the_inventory_changing_marks_the_figures_out_of_date(
    organisation, org_admin_client, laptops, django_capture_on_commit_callbacks
):
    fleet_snapshot_compute(organisation=organisation)
    _service, devices = laptops
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        device_transition(actor=None, device=devices[0], request=TransitionRequest(to_state=DeviceState.END_OF_USE))
    assert FleetSnapshot.objects.get(organisation=organisation).state == SnapshotState.STALE
    assert len(callbacks) == 1
    page = org_admin_client.get(reverse("footprint:overview"))
    assert "being updated" in text(page)
    fragment = org_admin_client.get(reverse("footprint:overview_panel"), HTTP_HX_REQUEST="true")
    soup = BeautifulSoup(page.content, "html.parser").find(id="footprint-panel")
    assert str(soup) == str(BeautifulSoup(fragment.content, "html.parser").find(id="footprint-panel"))


def test_other_criteria_and_exports(organisation, org_admin_client, laptops):
    fleet_snapshot_compute(organisation=organisation)
    page = org_admin_client.get(reverse("footprint:overview"), {"criterion": "adpe"})
    assert "kg SB eq." in text(page)
    bad = org_admin_client.get(reverse("footprint:overview"), {"criterion": "<script>"})
    assert bad.status_code == 200  # an unknown criterion falls back to climate change
    response = org_admin_client.get(reverse("footprint:export_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Breakdown"
    laptop_gwp = [r for r in rows if r[0] == "category" and r[3] == "gwp"]
    assert laptop_gwp[0][7] == pytest.approx(3 * LAPTOP_FRA_PER_YEAR)
    response = org_admin_client.get(reverse("footprint:export_csv"))
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(lines) == len(rows)


def test_service_and_device_pages(organisation, org_admin_client, laptops):
    service, devices = laptops
    page = org_admin_client.get(reverse("footprint:service", args=[service.public_id]))
    assert page.status_code == 200
    assert "3 devices held" in text(page)
    page = org_admin_client.get(reverse("footprint:device", args=[devices[0].public_id]))
    body = text(page)
    assert "Reference archetype" in body
    assert "64.6" in body  # per year
    assert "258" in body  # whole life: 181 + 77.3


def test_the_page_of_a_service_without_devices(organisation, org_admin_client, laptops):
    empty = ServiceFactory(organisation=organisation)
    page = org_admin_client.get(reverse("footprint:service", args=[empty.public_id]))
    assert page.status_code == 200


def test_a_declared_footprint_replaces_the_archetype(organisation, org_admin_client):
    model = DeviceModelFactory(organisation=organisation, category=builtin_category("laptop"),
                               declared_footprint_kgco2e=300)  # fmt: skip
    device = DeviceFactory(organisation=organisation, model=model, state=DeviceState.IN_USE)
    page = org_admin_client.get(reverse("footprint:device", args=[device.public_id]))
    assert "Manufacturer's declaration" in text(page)
    assert "94.3" in text(page)  # 300 / 4 + 77.2632 / 4


def test_assumptions_change_the_figures(organisation, org_admin_client, laptops, django_capture_on_commit_callbacks):
    laptop = builtin_category("laptop")
    data = assumptions_form_data(org_admin_client)
    data[f"c{laptop.pk}-lifetime_years"] = "6"
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(reverse("footprint:assumptions"), data)
    assert response.status_code == 302, [
        e.get_text() for e in BeautifulSoup(response.content, "html.parser").select(".errorlist")
    ]
    assert CategoryAssumption.objects.get(organisation=organisation, category=laptop).lifetime_years == 6
    snapshot = FleetSnapshot.objects.get(organisation=organisation)
    gwp = snapshot.data["per_year"]["total"][snapshot.data["criteria"].index("gwp")][0]
    assert gwp == pytest.approx(3 * (181 / 6 + 77.2632 / 4), rel=1e-9)  # use per year does not change


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lifetime_years", "0"),
        ("hours_per_day", "25"),
        ("power_w", "-1"),
        ("custom_gwp_kg", "12"),
        ("lifetime_years", "abc"),
    ],
)
def test_bad_assumptions_change_nothing(organisation, org_admin_client, field, value):
    printer = builtin_category("printer")
    data = assumptions_form_data(org_admin_client)
    data[f"c{printer.pk}-{field}"] = value
    response = org_admin_client.post(reverse("footprint:assumptions"), data)
    assert response.status_code == 400
    assert not CategoryAssumption.objects.exists()


@pytest.mark.parametrize(
    ("role", "can_manage"),
    [("admin", True), ("fleet_manager", True), ("buyer", False), ("reuse_coordinator", False), ("viewer", False)],
)
def test_roles(organisation, laptops, role, can_manage):
    client = member_client(organisation, role)
    service, devices = laptops
    for url in (reverse("footprint:overview"), reverse("footprint:assumptions"),
                reverse("footprint:service", args=[service.public_id]),
                reverse("footprint:device", args=[devices[0].public_id])):  # fmt: skip
        assert client.get(url).status_code == 200
    page = client.get(reverse("footprint:assumptions"))
    assert (b"Save and recompute" in page.content) is can_manage
    response = client.post(reverse("footprint:assumptions"), {})
    assert response.status_code == (400 if can_manage else 403)


def test_refresh_command(organisation, laptops):
    out = io.StringIO()
    call_command("footprint_refresh", "--org", str(organisation.public_id), stdout=out)
    assert "3 devices" in out.getvalue()
    assert FleetSnapshot.objects.get(organisation=organisation).state == SnapshotState.FRESH


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_charts_keep_dots_in_their_coordinates_in_every_language(organisation, org_admin_client, laptops, language):
    import re

    from tests.footprint.factories import ScenarioFactory

    fleet_snapshot_compute(organisation=organisation)
    scenario = ScenarioFactory(organisation=organisation)
    for url in (reverse("footprint:overview"), reverse("footprint:scenario_detail", args=[scenario.public_id])):
        page = org_admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        svg = " ".join(str(tag) for tag in BeautifulSoup(page.content, "html.parser").find_all(["rect", "line"]))
        assert svg
        assert not re.search(r'(x|x1|x2|y|width)="[^"]*,', svg), svg[:300]


def test_an_organisation_may_choose_the_reference_device(organisation, org_admin_client, laptops):
    from fairfleet.footprint.factors import factor_tables
    from fairfleet.footprint.fleet import category_rules

    laptop = builtin_category("laptop")
    data = assumptions_form_data(org_admin_client)
    data[f"c{laptop.pk}-archetype"] = "desktop-pro"
    assert org_admin_client.post(reverse("footprint:assumptions"), data).status_code == 302
    assert CategoryAssumption.objects.get(category=laptop).composition == [["desktop-pro", 1.0]]
    rule = category_rules(organisation, factor_tables())[laptop.pk]
    assert rule.quality == "proxy"
    assert rule.composition == (("desktop-pro", 1.0),)
