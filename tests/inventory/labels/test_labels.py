"""Label sheets: a real PDF, one page per sheet, QR codes holding the device page's address."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from fairfleet.inventory.labels import services
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory
from tests.tenancy.factories import SiteFactory

URL = "/labels/"


def _pdf_pages(response) -> int:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="labels-')
    assert response.content.startswith(b"%PDF")
    return len(PdfReader(io.BytesIO(response.content)).pages)


def _ids(devices) -> str:
    return ",".join(str(d.public_id) for d in devices)


def test_url_name():
    assert reverse("inventory:label_sheet") == URL


@pytest.mark.parametrize(
    ("fmt", "count", "start", "pages"),
    [("l7160", 21, 1, 1), ("l7160", 22, 1, 2), ("l7160", 3, 20, 2), ("l7163", 15, 1, 2), ("roll62x29", 3, 1, 3)],
)
def test_pdf_has_one_page_per_sheet(fmt, count, start, pages, organisation, org_admin_client):
    devices = DeviceFactory.create_batch(count, organisation=organisation)
    response = org_admin_client.post(
        f"{URL}?selection={_ids(devices)}", {"label_format": fmt, "start_position": start}
    )
    assert _pdf_pages(response) == pages


def test_l7651_sheet_of_sixty_five(organisation, org_admin_client):
    devices = DeviceFactory.create_batch(66, organisation=organisation)
    response = org_admin_client.post(
        f"{URL}?selection={_ids(devices)}", {"label_format": "l7651", "start_position": 1}
    )
    assert _pdf_pages(response) == 2


def test_page_size_is_a4_and_roll(organisation, org_admin_client):
    device = DeviceFactory(organisation=organisation)
    a4 = org_admin_client.post(f"{URL}?selected={device.public_id}", {"label_format": "l7160", "start_position": 1})
    box = PdfReader(io.BytesIO(a4.content)).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210
    assert round(float(box.height) / 72 * 25.4) == 297
    roll = org_admin_client.post(
        f"{URL}?selected={device.public_id}", {"label_format": "roll62x29", "start_position": 1}
    )
    box = PdfReader(io.BytesIO(roll.content)).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 62
    assert round(float(box.height) / 72 * 25.4) == 29


def test_filters_choose_the_devices(organisation, org_admin_client):
    site = SiteFactory(organisation=organisation)
    DeviceFactory.create_batch(2, organisation=organisation, site=site)
    DeviceFactory.create_batch(3, organisation=organisation)
    page = org_admin_client.get(f"{URL}?site={site.public_id}")
    assert page.status_code == 200
    assert "2 labels will be printed." in page.content.decode()
    response = org_admin_client.post(
        f"{URL}?site={site.public_id}", {"label_format": "roll62x29", "start_position": 1}
    )
    assert _pdf_pages(response) == 2


def test_html_holds_the_device_address_and_its_qr_code(organisation):
    device = DeviceFactory(organisation=organisation, asset_tag="PC-0042")
    url = f"https://fleet.example.org/devices/{device.public_id}/"
    html = services.label_sheet_html(
        organisation=organisation,
        devices=[device],
        label_format=services.LABEL_FORMATS["l7160"],
        start_position=5,
        device_url=lambda d: url,
    )
    assert "PC-0042" in html
    assert organisation.name in html
    assert f'data-url="{url}"' in html
    # The QR code drawn is exactly the one qrcode makes for the address.
    assert services.qr_png_data_uri(url) in html
    # Start position 5 on a 3-column sheet: second row, second column.
    left, top = services.LABEL_FORMATS["l7160"].position(4)
    assert f"left: {left:.2f}mm; top: {top:.2f}mm" in html
    assert (left, top) == (73.25, 53.25)


def test_view_encodes_the_absolute_device_url(organisation, org_admin_client, monkeypatch):
    device = DeviceFactory(organisation=organisation)
    seen = {}

    def fake_pdf(**kwargs):
        seen["urls"] = [kwargs["device_url"](d) for d in kwargs["devices"]]
        return b"%PDF-fake"

    monkeypatch.setattr(services, "label_sheet_pdf", fake_pdf)
    org_admin_client.post(f"{URL}?selected={device.public_id}", {"label_format": "l7160", "start_position": 1})
    assert seen["urls"] == [f"http://testserver/devices/{device.public_id}/"]


def test_formats_fit_on_their_page():
    for label_format in services.LABEL_FORMATS.values():
        right, bottom = label_format.position(label_format.per_sheet - 1)
        assert right + label_format.width <= label_format.page_width + 0.01
        assert bottom + label_format.height <= label_format.page_height + 0.01
        # Sheets are centred: the margins on both sides are equal.
        assert abs(label_format.page_width - (right + label_format.width) - label_format.left) < 0.01


def test_foreign_ids_print_nothing(organisation, other_organisation, org_admin_client):
    foreign = DeviceFactory(organisation=other_organisation)
    response = org_admin_client.post(
        f"{URL}?selected={foreign.public_id}", {"label_format": "l7160", "start_position": 1}
    )
    assert response.status_code == 400
    assert not response.content.startswith(b"%PDF")
    assert foreign.asset_tag not in response.content.decode()


def test_filters_of_another_organisation_see_nothing(organisation, other_organisation, other_org_client):
    DeviceFactory.create_batch(2, organisation=organisation)
    response = other_org_client.post(URL, {"label_format": "l7160", "start_position": 1})
    assert response.status_code == 400
    assert "No device matches this selection." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"label_format": "l9999", "start_position": 1}, "label_format"),
        ({"label_format": "l7160", "start_position": 22}, "start_position"),
        ({"label_format": "l7160", "start_position": 0}, "start_position"),
        ({"label_format": "roll62x29", "start_position": 2}, "start_position"),
        ({"label_format": "l7160", "start_position": "two"}, "start_position"),
    ],
)
def test_bad_input_is_refused(data, field, organisation, org_admin_client):
    device = DeviceFactory(organisation=organisation)
    response = org_admin_client.post(f"{URL}?selected={device.public_id}", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_too_many_labels_is_refused(organisation, org_admin_client, monkeypatch):
    monkeypatch.setattr(services, "MAX_LABELS", 2)
    DeviceFactory.create_batch(3, organisation=organisation)
    response = org_admin_client.post(URL, {"label_format": "l7160", "start_position": 1})
    assert response.status_code == 400
    assert "one PDF holds at most 2 labels" in response.content.decode()


@pytest.mark.parametrize("role", ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"])
def test_every_member_can_print_labels(role, organisation):
    client = member_client(organisation, role)
    device = DeviceFactory(organisation=organisation)
    assert client.get(f"{URL}?selected={device.public_id}").status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302


def test_qr_matrix_is_a_real_qr_code():
    matrix = services.qr_matrix("https://fleet.example.org/devices/3f2a6c1e-0000-4000-8000-000000000001/")
    size = len(matrix)
    assert size == len(matrix[0])
    # Three finder patterns (7 x 7, dark border) inside the 2-module quiet zone.
    for x, y in [(2, 2), (size - 9, 2), (2, size - 9)]:
        assert all(matrix[y][x + i] for i in range(7))
        assert all(matrix[y + i][x] for i in range(7))
    assert not any(matrix[0])


def test_qr_images_are_printed_sharp(organisation, org_admin_client):
    device = DeviceFactory(organisation=organisation)
    response = org_admin_client.post(
        f"{URL}?selected={device.public_id}", {"label_format": "l7160", "start_position": 1}
    )
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    images = [obj.get_object() for obj in page["/Resources"]["/XObject"].values()]
    assert len(images) == 1
    # One pixel per module, never smoothed when scaled up to 35 mm.
    assert images[0]["/Interpolate"].value is False
    assert images[0]["/Width"] == len(services.qr_matrix(f"http://testserver/devices/{device.public_id}/"))


def test_the_device_list_posts_its_selection(organisation, org_admin_client):
    """The list's bulk form posts the ticked ids to the label page, which asks for the format first."""
    devices = DeviceFactory.create_batch(2, organisation=organisation)
    DeviceFactory(organisation=organisation)
    choose = org_admin_client.post(URL, {"selected": [str(d.public_id) for d in devices], "to_state": ""})
    assert choose.status_code == 200
    body = choose.content.decode()
    assert "2 labels will be printed." in body
    assert f'name="selection" value="{_ids(devices)}"' in body
    response = org_admin_client.post(
        URL, {"selection": _ids(devices), "label_format": "roll62x29", "start_position": 1}
    )
    assert _pdf_pages(response) == 2
