"""What an import writes: values from real exports, matching order, all-or-nothing, formulas kept as text."""

import datetime
from decimal import Decimal

import pytest

from fairfleet.inventory.imports.presets import detect_preset
from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.imports.values import CellError, parse_date, parse_decimal, parse_price
from fairfleet.inventory.models import Device, DeviceModel, ImportJobState
from fairfleet.tenancy.models import Person, Service, Site
from tests.inventory.factories import DeviceFactory
from tests.inventory.imports.test_corpus import make_job

HEAD = "serial number,asset tag,manufacturer,model,id,notes\n"


def run(organisation, tmp_path, text: str, preset: str = "generic"):
    path = tmp_path / "fleet.csv"
    path.write_text(text, encoding="utf-8")
    job = make_job(organisation, path, preset=preset)
    report = import_check(job=job)
    if job.state == ImportJobState.CHECKED:
        report = import_apply(actor=None, job=job)
    return job, report


def test_glpi_french_export_values(corpus, organisation):
    directory, _expected = corpus
    job = make_job(organisation, directory / "glpi_computers_fr.csv")
    import_check(job=job)
    import_apply(actor=None, job=job)
    laptop = Device.objects.select_related("model__category", "service", "site", "holder").get(serial_number="7XK2L13")
    assert job.report["preset"] == "glpi_computers"
    assert (laptop.asset_tag, laptop.price, laptop.acquisition_date) == (
        "INV-0001",
        Decimal("1234.50"),
        datetime.date(2021, 3, 15),
    )
    assert laptop.warranty_end == datetime.date(2024, 3, 15)
    assert (laptop.model.manufacturer, laptop.model.name, laptop.model.is_draft) == (
        "Dell Inc.",
        "Latitude 5420",
        True,
    )
    assert laptop.model.category.code == "laptop"
    assert (laptop.service.name, laptop.site.name, laptop.holder.full_name) == (
        "Direction des finances",
        "Hôtel de Ville",
        "Élodie Lefèvre",
    )
    assert (laptop.state, laptop.external_ids) == ("in_use", {"glpi": "12"})
    assert Device.objects.get(serial_number="CZC1234ABC").state == "in_stock"
    assert Device.objects.get(serial_number="11223344").model.category.code == "monitor"
    assert set(job.report["new_services"]) == {"Direction des finances", "Ressources humaines"}  # fmt: skip


def test_formula_cells_are_stored_as_text(corpus, organisation):
    directory, _expected = corpus
    job = make_job(organisation, directory / "formulas.csv")
    import_check(job=job)
    import_apply(actor=None, job=job)
    assert Device.objects.get(serial_number="SN-F1").model.name == '=HYPERLINK("http://x")'
    assert Device.objects.get(serial_number="SN-F1").notes == "+33 1 23"
    assert Device.objects.get(serial_number="SN-F2").notes == "@SUM(A1)"


def test_matching_order_serial_then_external_id_then_tag(organisation, tmp_path):
    by_serial = DeviceFactory(organisation=organisation, serial_number="S1", asset_tag="A1")
    by_external = DeviceFactory(
        organisation=organisation, serial_number="", asset_tag="A2", external_ids={"external": "7"}
    )
    by_tag = DeviceFactory(organisation=organisation, serial_number="", asset_tag="A3")
    before = Device.objects.count()
    text = HEAD + "S1,A1,Dell,New 1,,one\nS2,A2,Dell,New 2,7,two\nS3,A3,Dell,New 3,,three\n"
    _job, report = run(organisation, tmp_path, text)
    assert (report["new"], report["updated"], report["errors"]) == (0, 3, [])
    assert Device.objects.count() == before
    by_serial.refresh_from_db(), by_external.refresh_from_db(), by_tag.refresh_from_db()
    assert (by_serial.notes, by_external.notes, by_tag.notes) == ("one", "two", "three")
    assert (by_external.serial_number, by_tag.serial_number) == ("S2", "S3")
    assert by_external.external_ids == {"external": "7"}


def test_tag_of_another_device_is_an_error_and_nothing_is_written(organisation, tmp_path):
    DeviceFactory(organisation=organisation, serial_number="S1", asset_tag="A1")
    DeviceFactory(organisation=organisation, serial_number="S2", asset_tag="A2")
    counts = (Device.objects.count(), DeviceModel.objects.count())
    job, report = run(organisation, tmp_path, HEAD + "S9,A9,Dell,Fine,,\nS1,A2,Dell,Clash,,\n")
    assert [e["code"] for e in report["errors"]] == ["tag_taken"]
    assert report["errors"][0]["line"] == 3
    assert job.state == ImportJobState.REFUSED
    assert (Device.objects.count(), DeviceModel.objects.count()) == counts


def test_apply_refuses_an_unchecked_job(organisation, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(HEAD + "S1,A1,Dell,X,,\n")
    job = make_job(organisation, path)
    with pytest.raises(Exception, match="uploaded"):
        import_apply(actor=None, job=job)
    assert not Person.objects.exists()
    assert not Service.objects.exists()
    assert not Site.objects.exists()


def test_messages_in_the_users_language(organisation, tmp_path, settings):
    from django.utils import translation

    with translation.override("fr"):
        _job, report = run(organisation, tmp_path, HEAD + "S1,A1,Dell,X,,\nS1,A2,Dell,X,,\n")
    assert report["errors"][0]["code"] == "duplicate_serial"
    assert report["errors"][0]["message"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 234,50", "1234.50"), ("1.234,50", "1234.50"), ("1234.50", "1234.50"), ("1,234.50", "1234.50"), ("12", "12")],
)
def test_decimal_comma(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("15/03/2021", "2021-03-15"), ("15-03-2021", "2021-03-15"), ("2021-03-15", "2021-03-15"), (45292, "2024-01-01"),
     ("45292", "2024-01-01"), (datetime.datetime(2021, 3, 15, 10), "2021-03-15")],
)  # fmt: skip
def test_dates(value, expected):
    assert parse_date(value).isoformat() == expected


@pytest.mark.parametrize(("call", "value", "code"), [(parse_date, "31/02/2024", "invalid_date"),
    (parse_price, "-5", "negative_price"), (parse_price, "abc", "not_a_number")])  # fmt: skip
def test_cell_errors(call, value, code):
    with pytest.raises(CellError) as info:
        call(value)
    assert info.value.code == code


def test_preset_detection():
    assert detect_preset(["Nom", "Numéro de série", "Numéro d'inventaire", "Fabricant", "Modèle"]) == "glpi_computers"
    assert detect_preset(["Asset Tag", "Serial", "Model", "Manufacturer", "Checked Out To"]) == "snipeit"
    assert detect_preset(["Serienummer", "Inventarisnummer", "Merk", "Model"]) == "generic"
