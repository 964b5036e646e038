"""Imports in a real browser: a French GLPI export at desktop width, and in Dutch on a phone a spreadsheet whose
columns the user maps by hand. Each goes from the dry-run report to the fleet."""

import pytest

from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS
from fairfleet.inventory.models import Device, ImportJob, ImportJobState
from tests.browser.conftest import assert_no_serious_axe_violation, open_as
from tests.inventory.factories import builtin_category
from tests.inventory.imports.make_corpus import write_corpus
from tests.tenancy.factories import MembershipFactory, OrganisationFactory, UserFactory

OWN_COLUMNS = "Code;Sticker;Producent;Omschrijving\nSN-NL-1;GENT-9001;Lenovo;ThinkPad T14 Gen 4\n"


@pytest.fixture
def manager(django_db_serialized_rollback, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for code in BUILTIN_CATEGORY_LABELS:  # a previous live-server test may have flushed the migrations' rows
        builtin_category(code)
    organisation = OrganisationFactory(name="Région Démo")
    user = UserFactory(email="manager@example.org")
    MembershipFactory(organisation=organisation, user=user, role="fleet_manager")
    return organisation


def test_glpi_export_in_french(manager, browser, live_server, tmp_path):
    write_corpus(tmp_path)
    page = open_as(browser, live_server, "manager@example.org", language="fr", width=1280)
    page.goto(live_server.url + "/devices/")
    page.locator(".page-head a[href='/imports/']").click()
    page.locator(".page-head a[href='/imports/new/']").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_no_serious_axe_violation(page)

    page.set_input_files("input[name=file]", str(tmp_path / "glpi_computers_fr.csv"))
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/imports/*-*/")
    figures = page.locator(".import-counts .figure").all_inner_texts()
    assert figures == ["3", "0", "0", "0"]
    assert "Latitude 5420" in page.content()
    assert not Device.objects.exists()  # the dry run wrote nothing
    assert_no_serious_axe_violation(page)

    page.locator(".import-actions form[action$='/apply/'] button").click()
    page.wait_for_load_state("networkidle")
    assert ImportJob.objects.get().state == ImportJobState.APPLIED
    assert Device.objects.filter(organisation=manager).count() == 3
    page.locator("#import-panel a.button").click()  # to the devices
    page.wait_for_url("**/devices/")
    assert page.locator("#device-results tbody tr").count() == 3
    assert "INV-0001" in page.content()


def test_own_columns_mapped_on_a_phone_in_dutch(
    browser, live_server, django_db_serialized_rollback, manager, tmp_path
):
    path = tmp_path / "eigen-lijst.csv"
    path.write_text(OWN_COLUMNS, encoding="cp1252")
    page = open_as(browser, live_server, "manager@example.org", language="nl", width=390)
    page.goto(live_server.url + "/imports/new/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.set_input_files("input[name=file]", str(path))
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/imports/*-*/")
    assert ImportJob.objects.get().state == ImportJobState.REFUSED

    # The mapping step is open, one choice per column of the file, reachable with the keyboard.
    mapping = page.locator("details.mapping")
    assert mapping.get_attribute("open") is not None
    assert_no_serious_axe_violation(page)
    for name, field in (("column_0", "serial_number"), ("column_1", "asset_tag"), ("column_2", "manufacturer"),
                        ("column_3", "model")):  # fmt: skip
        page.locator(f"select[name={name}]").select_option(field)
    page.locator("input[name=save_as]").fill("Eigen lijst")
    page.locator("details.mapping button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".import-counts .figure").first.inner_text() == "1"
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, "the job page overflows the phone screen sideways"
    assert_no_serious_axe_violation(page)

    page.locator(".import-actions form[action$='/apply/'] button").click()
    page.wait_for_load_state("networkidle")
    device = Device.objects.get(organisation=manager)
    assert (device.serial_number, device.asset_tag) == ("SN-NL-1", "GENT-9001")


def _workbook_with_title_rows(path):
    """A workbook as people make them: a merged title, a date line, the table on row 4 under titles of their own,
    a blank row, a totals line."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Parc 2026"
    sheet.append(["Mairie de Roubaix — parc informatique"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Extraction du 02/12/2026"])
    sheet.append([])
    sheet.append(["Code machine", "Badge", "Fabricant maison", "Réf. constructeur", "Tarif"])
    sheet.append(["RBX-SN-001", "RBX-0001", "Dell", "Latitude 5440", 1099.5])
    sheet.append(["RBX-SN-002", "RBX-0002", "HP", "EliteBook 840 G10", 999])
    sheet.append([])
    sheet.append(["TOTAL", "", "", "", 2098.5])
    workbook.save(path)
    return path


def test_workbook_with_title_rows_header_row_corrected_on_the_mapping_page(manager, browser, live_server, tmp_path):
    path = _workbook_with_title_rows(tmp_path / "parc-roubaix.xlsx")
    page = open_as(browser, live_server, "manager@example.org", language="fr", width=1280)
    page.goto(live_server.url + "/imports/new/")
    page.set_input_files("input[name=file]", str(path))
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/imports/*-*/")
    assert ImportJob.objects.get().state == ImportJobState.REFUSED  # none of these titles is known

    # The first row was taken for the titles: the first values show the date line and the real titles below it.
    mapping = page.locator("details.mapping")
    assert mapping.get_attribute("open") is not None
    first_values = page.locator("#column_0_samples").inner_text()
    assert "Extraction du 02/12/2026" in first_values
    assert "Code machine" in first_values
    page.locator("input[name=header_row]").fill("4")
    page.locator("details.mapping button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    # Now the columns are the table's: each with its first values, to choose what it fills.
    assert page.locator(".mapping-columns tbody th").all_inner_texts() == [
        "Code machine", "Badge", "Fabricant maison", "Réf. constructeur", "Tarif",
    ]  # fmt: skip
    assert page.locator("#column_0_samples li").all_inner_texts() == ["RBX-SN-001", "RBX-SN-002", "TOTAL"]
    assert page.locator("#column_4_samples li").all_inner_texts() == ["1099.5", "999", "2098.5"]
    assert_no_serious_axe_violation(page)
    page.keyboard.press("Tab")  # the choices are reachable with the keyboard
    for name, field in (("column_0", "serial_number"), ("column_1", "asset_tag"), ("column_2", "manufacturer"),
                        ("column_3", "model"), ("column_4", "price")):  # fmt: skip
        page.locator(f"select[name={name}]").select_option(field)
    page.locator("details.mapping button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".import-counts .figure").all_inner_texts() == ["2", "0", "0", "0"]
    assert "ligne 8" in page.locator(".left-out").inner_text()  # the totals line, skipped and said so
    assert_no_serious_axe_violation(page)

    page.locator(".import-actions form[action$='/apply/'] button").click()
    page.wait_for_load_state("networkidle")
    job = ImportJob.objects.get()
    assert (job.state, job.header_row) == (ImportJobState.APPLIED, 4)
    prices = dict(Device.objects.filter(organisation=manager).values_list("serial_number", "price"))
    assert {k: str(v) for k, v in prices.items()} == {"RBX-SN-001": "1099.50", "RBX-SN-002": "999.00"}
