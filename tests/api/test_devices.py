"""The device endpoints: the page's filters and keyset pages, lifecycle steps one by one and in bulk."""

import datetime
import uuid

import pytest
from django.http import QueryDict

from fairfleet.inventory import selectors
from fairfleet.inventory.forms import DeviceFilterForm
from fairfleet.inventory.models import Device, DeviceState, DeviceTransition
from tests.api.conftest import token_client
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.tenancy import factories as tf

NOWHERE = "00000000-0000-4000-8000-000000000000"  # a fixed id: xdist workers must collect the same tests
ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]


@pytest.fixture
def fleet(org_a, org_b):
    """Devices of org A spread over services, sites, states, ages and warranties; a few of org B."""
    parent = tf.ServiceFactory(organisation=org_a, name="Finance")
    child = tf.ServiceFactory(organisation=org_a, name="Payroll", parent=parent)
    site = tf.SiteFactory(organisation=org_a)
    dell = DeviceModelFactory(organisation=org_a, manufacturer="Dell", name="Latitude 7420")
    hp = DeviceModelFactory(organisation=org_a, manufacturer="HP", name="EliteBook 840")
    today = datetime.date.today()
    states = [DeviceState.IN_USE, DeviceState.IN_STOCK, DeviceState.END_OF_USE, DeviceState.SOLD]
    for i in range(23):
        DeviceFactory(
            organisation=org_a,
            model=dell if i % 2 else hp,
            service=[None, parent, child][i % 3],
            site=site if i % 4 == 0 else None,
            state=states[i % 4],
            acquisition_date=None if i % 7 == 0 else today - datetime.timedelta(days=200 * i),
            warranty_end=None if i % 5 == 0 else today + datetime.timedelta(days=60 * (i - 8)),
            acquisition_kind="refurbished" if i % 6 == 0 else "new",
            asset_tag=f"A-{i:03d}" if i % 8 else "",
        )
    DeviceFactory.create_batch(3, organisation=org_b)
    return {"parent": parent, "child": child, "site": site, "dell": dell}


def _api_ids(client, query: str) -> list[str]:
    ids, url = [], f"/api/v1/devices/?{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        ids += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]
    return ids


def _page_ids(org, query: str, size: int) -> list[str]:
    form = DeviceFilterForm(QueryDict(query), organisation=org)
    assert form.is_valid(), form.errors
    sort = form.cleaned_data.get("sort") or selectors.DEFAULT_SORT
    ids, cursor = [], None
    while True:
        page = selectors.device_page(organisation=org, filters=form.to_filters(), sort=sort, cursor=cursor, size=size)
        ids += [str(d.public_id) for d in page.rows]
        if not page.next_cursor:
            return ids
        cursor = page.next_cursor


QUERIES = [
    "",
    "q=latitude",
    "q=a-01",
    "state=active",
    "state=sold",
    "service={parent}",
    "service={child}",
    "site={site}",
    "age=0-2",
    "age=unknown",
    "warranty=expired",
    "warranty=ending",
    "warranty=valid",
    "kind=refurbished",
    "sort=oldest",
    "sort=tag",
    "sort=serial",
    "sort=acquired",
    "sort=-acquired",
    "sort=warranty",
    "state=in_use&sort=warranty&service={parent}",
]


@pytest.mark.parametrize("query", QUERIES)
def test_list_filters_and_pages_like_the_page(query, fleet, org_a, admin_a):
    query = query.format(**{k: v.public_id for k, v in fleet.items()})
    expected = _page_ids(org_a, query, size=4)
    assert _api_ids(admin_a, f"{query}&page_size=4") == expected
    # The full list in one page agrees too, and only org A's devices are in it.
    assert _api_ids(admin_a, f"{query}&page_size=500") == expected
    own = {str(p) for p in Device.objects.filter(organisation=org_a).values_list("public_id", flat=True)}
    assert set(expected) <= own


def test_default_page_size_and_next_link(fleet, admin_a, settings):
    settings.DEVICE_LIST_PAGE_SIZE = 10
    first = admin_a.get("/api/v1/devices/?state=active").json()
    assert len(first["results"]) == 10
    assert first["next"].startswith("http://testserver/api/v1/devices/?")
    assert "state=active" in first["next"]


def test_another_organisation_lists_none_of_the_devices(fleet, admin_b):
    assert len(_api_ids(admin_b, "")) == 3


@pytest.mark.parametrize(
    "query",
    [
        "state=melted",
        "category=not-a-uuid",
        f"service={NOWHERE}",
        "age=100",
        "sort=price",
        "page_size=0",
        "page_size=abc",
        "page_size=100000",
        "q=" + "x" * 101,
        "q=a%00b",
    ],
)
def test_bad_filters_get_400(query, admin_a):
    assert admin_a.get(f"/api/v1/devices/?{query}").status_code == 400


def test_foreign_filter_values_get_400_not_data(fleet, admin_b):
    assert admin_b.get(f"/api/v1/devices/?service={fleet['parent'].public_id}").status_code == 400


def test_tampered_cursor_is_a_400_naming_the_cursor(fleet, admin_a):
    # A client that edited its cursor is told so, rather than silently sent back to the first page.
    response = admin_a.get("/api/v1/devices/?page_size=5&cursor=!!garbage")
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


# Lifecycle steps -------------------------------------------------------------------------------


def _transition(client, device, **body):
    return client.post(f"/api/v1/devices/{device.public_id}/transition/", body, format="json")


def test_transition_is_recorded(org_a, admin_a):
    room = tf.StorageRoomFactory(site=tf.SiteFactory(organisation=org_a))
    device = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    response = _transition(admin_a, device, to_state="end_of_use", reason="Slow", storage_room=str(room.public_id))
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "end_of_use"
    assert response.json()["storage_room"] == str(room.public_id)
    step = DeviceTransition.objects.filter(device=device).latest("id")
    assert (step.from_state, step.to_state, step.reason) == ("in_use", "end_of_use", "Slow")
    assert step.actor == admin_a.member.user


def test_refused_transition_says_why_and_changes_nothing(org_a, admin_a):
    device = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    response = _transition(admin_a, device, to_state="second_life")
    assert response.status_code == 400
    assert "cannot become" in str(response.json())
    response = _transition(admin_a, DeviceFactory(organisation=org_a, state=DeviceState.END_OF_USE), to_state="sold")
    assert response.status_code == 400
    assert "invoice" in str(response.json())
    device.refresh_from_db()
    assert device.state == DeviceState.IN_USE


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"to_state": "ordered"},
        {"to_state": "melted"},
        {"to_state": "in_stock", "storage_room": "nope"},
        {"to_state": "in_stock", "storage_room": NOWHERE},
        {"to_state": "in_stock", "extra": 1},
        {"to_state": ["in_stock"]},
    ],
)
def test_transition_bad_input_gets_400(body, org_a, admin_a):
    device = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    assert _transition(admin_a, device, **body).status_code == 400
    device.refresh_from_db()
    assert device.state == DeviceState.IN_USE


def test_transition_with_another_organisations_storage_room_is_refused(org_a, org_b, admin_a):
    foreign_room = tf.StorageRoomFactory(site=tf.SiteFactory(organisation=org_b))
    device = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    response = _transition(admin_a, device, to_state="in_stock", storage_room=str(foreign_room.public_id))
    assert response.status_code == 400
    assert "storage_room" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_transition_role_matrix(role, org_a):
    client = token_client(org_a, role)
    to_end = _transition(client, DeviceFactory(organisation=org_a, state=DeviceState.IN_USE), to_state="end_of_use")
    offer = _transition(
        client, DeviceFactory(organisation=org_a, state=DeviceState.END_OF_USE), to_state="offered_internally"
    )
    assert to_end.status_code == (200 if role in ("admin", "fleet_manager") else 403)
    assert offer.status_code == (200 if role in ("admin", "fleet_manager", "reuse_coordinator") else 403)
    if to_end.status_code == 403:
        assert to_end.json()["detail"] == "Your role does not allow this lifecycle step."


def test_transition_of_a_foreign_device_is_404(org_a, admin_b):
    device = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    assert _transition(admin_b, device, to_state="end_of_use").status_code == 404
    device.refresh_from_db()
    assert device.state == DeviceState.IN_USE


# Bulk ------------------------------------------------------------------------------------------


def _bulk(client, devices, **body):
    ids = [str(getattr(d, "public_id", d)) for d in devices]
    return client.post("/api/v1/devices/bulk-transition/", {"devices": ids, **body}, format="json")


def test_bulk_moves_all(org_a, admin_a):
    devices = DeviceFactory.create_batch(3, organisation=org_a, state=DeviceState.IN_USE)
    response = _bulk(admin_a, devices, to_state="end_of_use", reason="Refresh 2026")
    assert response.status_code == 200
    assert response.json() == {"count": 3}
    assert set(Device.objects.filter(pk__in=[d.pk for d in devices]).values_list("state", flat=True)) == {"end_of_use"}
    assert len(set(DeviceTransition.objects.filter(to_state="end_of_use").values_list("batch_id", flat=True))) == 1


def test_bulk_is_all_or_nothing_with_a_refusal_per_device(org_a, admin_a):
    ok = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    sold = DeviceFactory(organisation=org_a, state=DeviceState.SOLD)
    response = _bulk(admin_a, [ok, sold], to_state="end_of_use")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == ["1 device cannot take this step; nothing was changed."]
    assert [r["device"] for r in body["refusals"]] == [str(sold.public_id)]
    assert body["refusals"][0]["message"]
    ok.refresh_from_db()
    assert ok.state == DeviceState.IN_USE


def test_bulk_refuses_foreign_and_missing_ids_alike(org_a, org_b, admin_a):
    own = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    foreign = DeviceFactory(organisation=org_b, state=DeviceState.IN_USE)
    missing = uuid.uuid4()
    for other in (foreign, missing):
        response = _bulk(admin_a, [own, other], to_state="end_of_use")
        assert response.status_code == 400
        assert "devices" in response.json()
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.state == foreign.state == DeviceState.IN_USE


@pytest.mark.parametrize(
    "body",
    [
        {"devices": [], "to_state": "end_of_use"},
        {"devices": ["not-a-uuid"], "to_state": "end_of_use"},
        {"devices": "abc", "to_state": "end_of_use"},
        {"to_state": "end_of_use"},
        {"devices": [NOWHERE]},
    ],
)
def test_bulk_bad_input_gets_400(body, admin_a):
    assert admin_a.post("/api/v1/devices/bulk-transition/", body, format="json").status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_bulk_role_matrix(role, org_a):
    client = token_client(org_a, role)
    in_use = DeviceFactory(organisation=org_a, state=DeviceState.IN_USE)
    ended = DeviceFactory(organisation=org_a, state=DeviceState.END_OF_USE)
    assert _bulk(client, [in_use], to_state="end_of_use").status_code == (
        200 if role in ("admin", "fleet_manager") else 403
    )
    assert _bulk(client, [ended], to_state="in_donation_lot").status_code == (
        200 if role in ("admin", "fleet_manager", "reuse_coordinator") else 403
    )
