"""Issue 11: the realistic corpus (make_files.py) through the service, the command and the upload page, and the
titles each exporter writes against the presets.

Expected figures come from the files' rows, worked out by hand in the modules of files/.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairfleet.inventory.imports import jobs
from fairfleet.inventory.imports.presets import PRESETS, column_fields
from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.models import Device, DeviceModel, ImportJob, ImportJobState
from fairfleet.tenancy.models import Service, Site
from tests.inventory.imports.realistic.files.expected import Expected
from tests.inventory.imports.realistic.files.glpi import FIN_FR, FIN_GB, FIN_US
from tests.inventory.imports.realistic.make_files import write_realistic_corpus
from tests.inventory.imports.test_corpus import COMMAND_KEYS, run_command

# Listed here rather than read from the generator, so that a file that goes missing fails a test.
NAMES = sorted([
    "glpi10_computers_fr_FR.csv", "glpi10_computers_en_GB.csv", "glpi10_computers_en_US.csv",
    "glpi11_computers_fr_FR.csv", "glpi11_0_7_computers_en_GB_bom.csv", "glpi11_computers_fr_FR.xlsx",
    "glpi10_monitors_fr_FR.csv", "glpi10_phones_fr_FR.csv", "glpi10_printers_fr_FR.csv", "glpi10_errors_fr_FR.csv",
    "snipeit_list_export.xlsx", "snipeit_custom_report.csv", "snipeit_custom_report_bom_decimal_comma.csv",
    "snipeit_importer_template.csv", "parc_mairie_fr.xlsx", "toestellen_gemeente_nl.xlsx",
    "it_assets_en_hidden_columns.xlsx", "sous_totaux_services_fr.xlsx", "excel_fr_cp1252.csv",
    "gemeente_nl_utf8_bom.csv", "parc_ecoles.ods", "parc_maison_header_override.csv", "erreurs_saisie_fr.csv",
])  # fmt: skip
OVERRIDE = "parc_maison_header_override.csv"


@pytest.fixture(scope="session")
def realistic(tmp_path_factory):
    directory = tmp_path_factory.mktemp("realistic")
    return directory, write_realistic_corpus(directory)


def good(name: str) -> bool:
    return name not in ("glpi10_errors_fr_FR.csv", "erreurs_saisie_fr.csv")


GOOD = [n for n in NAMES if good(n)]


def counts() -> tuple[int, ...]:
    return Device.objects.count(), DeviceModel.objects.count(), Service.objects.count(), Site.objects.count()


def create_job(organisation, path, job_kwargs: dict) -> ImportJob:
    """A job as the page and the command make it; header_row is passed only to the files that need it."""
    kwargs = {k: v for k, v in job_kwargs.items() if v not in (None, "", {})}
    with open(path, "rb") as handle:
        return jobs.import_job_create(
            organisation=organisation, actor=None, handle=handle, name=path.name, start=False, **kwargs
        )


def summary(report: dict, *, full: bool = True) -> dict:
    """What a report says, in the shape of Expected."""
    got = {
        "new": report.get("new"),
        "rejected": report.get("rejected"),
        "rejected_lines": sorted((e.get("line"), e.get("code")) for e in report.get("errors", [])),
        "unused_columns": [u.get("title") for u in report.get("unused_columns", [])],
        "unused_indices": [u.get("column") for u in report.get("unused_columns", [])],
        "header_row": report.get("header_row"),
        "skipped_lines": [s.get("line") for s in report.get("skipped", [])],
        "skipped_codes": sorted({s.get("code") for s in report.get("skipped", [])}),
        "sheet": report.get("sheet"),
    }
    if full:
        got["sheets"] = report.get("sheets")
    return got


def wanted(expected: Expected, *, full: bool = True) -> dict:
    want = {
        "new": expected.new,
        "rejected": len(expected.rejected_lines),
        "rejected_lines": sorted(expected.rejected_lines.items()),
        "unused_columns": expected.unused_columns,
        "unused_indices": expected.unused_indices,
        "header_row": expected.header_row,
        "skipped_lines": expected.skipped_lines,
        "skipped_codes": ["totals_row"] if expected.skipped_lines else [],
        "sheet": expected.sheet,
    }
    if full:
        want["sheets"] = expected.sheets
    return want


def samples(report: dict, expected: Expected) -> dict:
    columns = {c.get("title"): c.get("samples") for c in report.get("columns", [])}
    return {title: (columns.get(title) or [])[: len(values)] for title, values in expected.samples.items()}


def facts(device: Device) -> dict:
    return {
        "asset_tag": device.asset_tag,
        "manufacturer": device.model.manufacturer,
        "model": device.model.name,
        "price": device.price,
        "acquisition_date": device.acquisition_date,
        "warranty_end": device.warranty_end,
        "site": device.site.name if device.site else None,
        "service": device.service.name if device.service else None,
        "holder": device.holder.full_name if device.holder else None,
        "supplier": device.supplier,
        "notes": device.notes,
        "external_ids": device.external_ids,
    }


def assert_devices(organisation, expected: Expected) -> None:
    wrong = {}
    for serial, fields in expected.devices.items():
        device = Device.objects.filter(organisation=organisation, serial_number=serial).first()
        if device is None:
            wrong[serial] = "no device with this serial number"
            continue
        found = facts(device)
        wrong |= {f"{serial}.{k}": (v, found[k]) for k, v in fields.items() if found[k] != v}
    assert wrong == {}, "serial.field: (expected, found)"


def command_args(expected: Expected, tmp_path) -> list[str]:
    job, args = expected.job, []
    if job.get("preset"):
        args += ["--preset", job["preset"]]
    if job.get("sheet"):
        args += ["--sheet", job["sheet"]]
    if job.get("header_row"):
        args += ["--header-row", str(job["header_row"])]
    if job.get("columns"):
        mapping = tmp_path / "mapping.json"
        mapping.write_text(json.dumps(job["columns"], ensure_ascii=False), encoding="utf-8")
        args += ["--mapping", str(mapping)]
    return args


def test_the_corpus_has_every_file(realistic):
    directory, expected = realistic
    assert sorted(expected) == NAMES
    assert len(NAMES) >= 22
    for name, item in expected.items():
        size = (directory / name).stat().st_size
        assert 0 < size < 20_000, name
        assert item.source, name
        assert item.refused == bool(item.refusal or item.rejected_lines), name


# --- (a) the service -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_service_check_then_apply(realistic, organisation, name):
    directory, corpus = realistic
    expected = corpus[name]
    before = counts()
    job = create_job(organisation, directory / name, expected.job)
    report = import_check(job=job)
    assert summary(report) == wanted(expected), report.get("errors")
    assert samples(report, expected) == expected.samples
    assert job.report == report
    if expected.refused:
        assert job.state == ImportJobState.REFUSED
        assert all(e["message"] and e["column"] for e in report["errors"])
        job.state = ImportJobState.CHECKED  # forced: apply checks again and writes nothing
        import_apply(actor=None, job=job)
        assert job.state == ImportJobState.REFUSED
        assert counts() == before
        return
    assert job.state == ImportJobState.CHECKED
    assert counts() == before  # a check writes nothing
    import_apply(actor=None, job=job)
    assert job.state == ImportJobState.APPLIED
    assert Device.objects.filter(organisation=organisation).count() == expected.new
    assert_devices(organisation, expected)


@pytest.mark.parametrize("name", GOOD)
def test_service_import_again_changes_nothing(realistic, organisation, name):
    directory, corpus = realistic
    expected = corpus[name]
    first = create_job(organisation, directory / name, expected.job)
    import_check(job=first)
    assert first.state == ImportJobState.CHECKED, first.report.get("errors")
    import_apply(actor=None, job=first)
    before = counts()
    again = create_job(organisation, directory / name, expected.job)
    report = import_check(job=again)
    assert (report["new"], report["updated"], report["unchanged"], report["rejected"]) == (0, 0, expected.new, 0)
    import_apply(actor=None, job=again)
    assert counts() == before


def test_header_override_is_needed(realistic, organisation):
    """Without the header row and the mapping, the file's own titles give no serial, manufacturer or model."""
    directory, corpus = realistic
    expected = corpus[OVERRIDE]
    before = counts()
    job = create_job(organisation, directory / OVERRIDE, {})
    report = import_check(job=job)
    assert job.state == ImportJobState.REFUSED
    assert [e["code"] for e in report["errors"]] == [expected.without_job]
    code, printed = run_command(directory / OVERRIDE, organisation, "--apply")
    assert (code, [e["code"] for e in printed["errors"]]) == (1, [expected.without_job])
    assert counts() == before


def test_a_workbook_reads_its_first_sheet_unless_told(realistic, organisation):
    """The NL workbook's first sheet is an "Info" page: read without --sheet, it is no fleet."""
    directory, _corpus = realistic
    job = create_job(organisation, directory / "toestellen_gemeente_nl.xlsx", {})
    import_check(job=job)
    assert job.state == ImportJobState.REFUSED
    assert Device.objects.count() == 0


# --- (b) the command -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_command_with_json(realistic, organisation, name, tmp_path):
    directory, corpus = realistic
    expected = corpus[name]
    before = counts()
    args = command_args(expected, tmp_path)
    code, report = run_command(directory / name, organisation, *args)  # dry run
    assert set(report) >= COMMAND_KEYS
    assert summary(report, full=False) == wanted(expected, full=False), report.get("errors")
    assert counts() == before
    code, report = run_command(directory / name, organisation, "--apply", *args)
    if expected.refused:
        assert code == 1
        assert counts() == before
        return
    assert code == 0, report["errors"]
    assert summary(report, full=False) == wanted(expected, full=False)
    assert Device.objects.filter(organisation=organisation).count() == expected.new
    assert_devices(organisation, expected)


# --- (c) the upload page ---------------------------------------------------------------------------------------


def upload_data(name: str, content: bytes, expected: Expected, organisation) -> dict:
    job = expected.job
    data = {
        "file": SimpleUploadedFile(name, content),
        "preset": job.get("preset", ""),
        "sheet": job.get("sheet", ""),
        "header_row": str(job.get("header_row", "")),
    }
    if job.get("columns"):
        mapping = jobs.column_mapping_save(
            organisation=organisation, actor=None, name="Parc maison", columns=job["columns"]
        )
        data["mapping"] = str(mapping.public_id)
    return data


@pytest.mark.parametrize("name", NAMES)
def test_upload_page(realistic, organisation, org_admin_client, django_capture_on_commit_callbacks, name):
    directory, corpus = realistic
    expected = corpus[name]
    before = counts()
    data = upload_data(name, (directory / name).read_bytes(), expected, organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(reverse("inventory:import_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get(organisation=organisation)
    assert job.state == (ImportJobState.REFUSED if expected.refused else ImportJobState.CHECKED), job.report
    assert summary(job.report) == wanted(expected)
    assert counts() == before

    page = org_admin_client.get(reverse("inventory:import_detail", args=[job.public_id]))
    assert page.status_code == 200
    text = BeautifulSoup(page.content, "html.parser").find(id="import-panel").get_text(" ")
    shown = {title: title in text for title in expected.unused_columns if title}
    assert shown == dict.fromkeys(shown, True), "unused columns not listed on the job page"
    values = {value: value in text for column in expected.samples.values() for value in column}
    assert values == dict.fromkeys(values, True), "first values of a column not shown"


# --- 3. the titles each exporter writes -----------------------------------------------------------------------

# Every title an exporter can write, with the field it must fill or None when it is deliberately left unused.
# "each": every title is read on its own (a catalogue of all the tool's options); "header": the titles are read
# as one header, in the tool's order (where a later synonym must lose to the column the tool means).
GLPI_FR = [  # GLPI 10.0.14 locales/fr_FR.po (exporters.md §2a/2b; msgid line numbers there)
    ("Nom", None), ("ID", "external_id"), ("Entité", "service"), ("Statut", "state"),
    ("Fabricant", "manufacturer"), ("Numéro de série", "serial_number"), ("Numéro d'inventaire", "asset_tag"),
    ("Type", "category"), ("Modèle", "model"), ("Lieu", "site"), ("Utilisateur", "holder"), ("Usager", "holder"),
    ("Usager numéro", None), ("Groupe", "service"), ("Commentaires", "notes"), ("Dernière modification", None),
    ("Date de création", None), ("Technicien responsable", None), ("Groupe responsable", None),
    ("Responsable technique", None), ("Groupe technique", None),  # 10.0.6/10.0.7 spelling of options 24 and 49
    ("Système d'exploitation - Nom", None), ("Composants - Processeur", None), ("Composants - Mémoire", None),
    (FIN_FR + "Date d'achat", "acquisition_date"), (FIN_FR + "Date de mise en service", None),
    (FIN_FR + "Date de commande", None), (FIN_FR + "Date de livraison", None),
    (FIN_FR + "Date de début de garantie", None), (FIN_FR + "Durée de garantie", "warranty_months"),
    (FIN_FR + "Date d'expiration de la garantie", "warranty_end"), (FIN_FR + "Informations sur la garantie", None),
    (FIN_FR + "Fournisseur", "supplier"), (FIN_FR + "Valeur", "price"), (FIN_FR + "Valeur extension garantie", None),
    (FIN_FR + "Valeur de l'extension de garantie", None), (FIN_FR + "Numéro de commande", None),
    (FIN_FR + "Numéro d'immobilisation", None), (FIN_FR + "Numéro de facture", None),
    (FIN_FR + "Bon de livraison", None), (FIN_FR + "Budget", None), (FIN_FR + "Date de réforme", None),
    ("Moniteur - Numéro de série", None), ("Moniteur - Nom", None),  # meta columns (Search.php:1921-1932)
]  # fmt: skip
GLPI_GB = [  # en_GB = the msgids (10.0.14 en_GB.po/.mo)
    ("Name", None), ("ID", "external_id"), ("Entity", "service"), ("Status", "state"),
    ("Manufacturer", "manufacturer"), ("Serial number", "serial_number"), ("Inventory number", "asset_tag"),
    ("Type", "category"), ("Model", "model"), ("Location", "site"), ("User", "holder"),
    ("Alternate username", "holder"), ("Alternate username number", None), ("Group", "service"),
    ("Comments", "notes"), ("Last update", None), ("Creation date", None), ("Technician in charge", None),
    ("Group in charge", None), ("Operating System - Name", None), ("Components - Processor", None),
    ("Components - Memory", None), (FIN_GB + "Date of purchase", "acquisition_date"), (FIN_GB + "Startup date", None),
    (FIN_GB + "Order date", None), (FIN_GB + "Delivery date", None), (FIN_GB + "Start date of warranty", None),
    (FIN_GB + "Warranty duration", "warranty_months"), (FIN_GB + "Warranty expiration date", "warranty_end"),
    (FIN_GB + "Warranty information", None), (FIN_GB + "Supplier", "supplier"), (FIN_GB + "Value", "price"),
    (FIN_GB + "Warranty extension value", None), (FIN_GB + "Order number", None),
    (FIN_GB + "Immobilization number", None), (FIN_GB + "Invoice number", None), (FIN_GB + "Delivery form", None),
    (FIN_GB + "Budget", None), ("Monitor - Serial number", None),
]  # fmt: skip
GLPI_US = [  # en_US: Title Case and one-form plurals (10.0.14 en_US.mo + vendored Laminas, derived)
    ("Name", None), ("ID", "external_id"), ("Entity", "service"), ("Status", "state"),
    ("Manufacturers", "manufacturer"), ("Serial Number", "serial_number"), ("Inventory/Asset Number", "asset_tag"),
    ("Type", "category"), ("Model", "model"), ("Locations", "site"), ("User", "holder"),
    ("Alternate Username", "holder"), ("Alternate Username Number", None), ("Groups", "service"),
    ("Comments", "notes"), ("Last Update", None), ("Creation Date", None), ("Technician in Charge", None),
    ("Group in Charge", None), ("Operating System - Name", None), ("Components - Processors", None),
    (FIN_US + "Date of Purchase", "acquisition_date"), (FIN_US + "Startup Date", None),
    (FIN_US + "Order Date", None), (FIN_US + "Delivery Date", None), (FIN_US + "Start Date of Warranty", None),
    (FIN_US + "Warranty Duration", "warranty_months"), (FIN_US + "Warranty Expiration Date", "warranty_end"),
    (FIN_US + "Warranty Information", None), (FIN_US + "Suppliers", "supplier"), (FIN_US + "Value", "price"),
    (FIN_US + "Warranty Extension Value", None), (FIN_US + "Order Number", None),
    (FIN_US + "Immobilization Number", None), (FIN_US + "Invoice Number", None), (FIN_US + "Delivery Form", None),
    (FIN_US + "Budgets", None),
]  # fmt: skip
GLPI_MONITORS_FR = [  # Monitor defaults 31, 23, 3, 4, 40, 19, 7 (empty_data.php) + Monitor.php:203 "Taille"
    ("Nom", None), ("Entité", "service"), ("Statut", "state"), ("Fabricant", "manufacturer"), ("Lieu", "site"),
    ("Type", "category"), ("Modèle", "model"), ("Dernière modification", None), ("Usager", "holder"),
    ("Numéro de série", "serial_number"), ("Numéro d'inventaire", "asset_tag"), ("Taille", None),
    ("Microphone", None), ("Haut-parleurs", None), ("Sub-D", None), ("BNC", None), ("DVI", None), ("Pivot", None),
    ("HDMI", None), ("DisplayPort", None), (FIN_FR + "Date d'achat", "acquisition_date"), (FIN_FR + "Valeur", "price"),
    (FIN_FR + "Durée de garantie", "warranty_months"),
]  # fmt: skip
GLPI_PHONES_FR = [  # Phone.php:209: option 11 Brand "Marque" (after the manufacturer), 9 "Nombre de lignes"
    ("Nom", None), ("Entité", "service"), ("Statut", "state"), ("Fabricant", "manufacturer"), ("Lieu", "site"),
    ("Type", "category"), ("Modèle", "model"), ("Dernière modification", None), ("Usager", "holder"),
    ("Numéro de série", "serial_number"), ("Numéro d'inventaire", "asset_tag"), ("Marque", None),
    ("Nombre de lignes", None), ("Firmware", None), (FIN_FR + "Date d'achat", "acquisition_date"),
    (FIN_FR + "Valeur", "price"), (FIN_FR + "Durée de garantie", "warranty_months"),
]  # fmt: skip
GLPI_PRINTERS_FR = [  # Printer.php:343: option 42 "Série" is the serial port flag, not the serial number
    ("Nom", None), ("Entité", "service"), ("Statut", "state"), ("Fabricant", "manufacturer"), ("Lieu", "site"),
    ("Type", "category"), ("Modèle", "model"), ("Dernière modification", None), ("Numéro de série", "serial_number"),
    ("Numéro d'inventaire", "asset_tag"), ("Série", None), (FIN_FR + "Valeur", "price"),
    (FIN_FR + "Fournisseur", "supplier"),
]  # fmt: skip
SNIPEIT_LIST = [  # AssetPresenter::dataTableLayout() titles, in their order (exporters.md §4a)
    ("ID", "external_id"), ("Company", None), ("Asset Name", None), ("Asset Tag", "asset_tag"),
    ("Serial", "serial_number"), ("Model", "model"), ("Model No.", None), ("Category", "category"),
    ("Status", "state"), ("Checked Out To", "holder"), ("Employee Number", None), ("Location", "site"),
    ("Default Location", None), ("Manufacturer", "manufacturer"), ("Supplier", "supplier"),
    ("Purchase Date", "acquisition_date"), ("Age", None), ("Purchase Cost", "price"), ("Current Value", None),
    ("Order Number", None), ("EOL Rate", None), ("EOL Date", None), ("Warranty", "warranty_months"),
    ("Warranty Expires", "warranty_end"), ("Requestable", None), ("Notes", "notes"), ("Created By", None),
    ("Created At", None), ("Updated at", None), ("Checkout Date", None), ("Last Checkin Date", None),
    ("Expected Checkin Date", None), ("Last Audit", None), ("Next Audit Date", None), ("BYOD", None),
]  # fmt: skip
SNIPEIT_CUSTOM = [  # ReportsController::postCustom lines 453-636, in their order (exporters.md §4b)
    ("ID", "external_id"), ("Company", None), ("Asset Name", None), ("Asset Tag", "asset_tag"), ("Model", "model"),
    ("Model No.", None), ("Category", "category"), ("Manufacturer", "manufacturer"), ("Serial", "serial_number"),
    ("Purchased", "acquisition_date"), ("Cost", "price"), ("EOL", None), ("Warranty", "warranty_months"),
    ("Warranty Expires", "warranty_end"), ("Current Value", None), ("Diff", None), ("Fully Depreciated", None),
    ("Order Number", None), ("Supplier", "supplier"), ("Location", "site"), ("Address", None), ("Address", None),
    ("City", None), ("State", None), ("Country", None), ("Zip", None), ("Default Location", None),
    ("Checked Out", "holder"), ("Type", None), ("Username", None), ("Employee No.", None), ("Manager", None),
    ("Department", "service"), ("Title", None), ("Phone", None), ("Status", "state"), ("Checkout Date", None),
    ("Last Checkin Date", None), ("Expected Checkin Date", None), ("Created At", None), ("Updated at", None),
    ("Deleted", None), ("Last Audit", None), ("Next Audit Date", None), ("Notes", "notes"), ("URL", None),
]  # fmt: skip
SNIPEIT_IMPORTER = [  # Livewire/Importer.php $assets_fields labels (lines 195-235, exporters.md §4c)
    ("Asset Tag", "asset_tag"), ("Asset Name", None), ("Serial Number", "serial_number"), ("Model Name", "model"),
    ("Model No.", None), ("Manufacturer", "manufacturer"), ("Category", "category"), ("Status", "state"),
    ("Location", "site"), ("Purchase Date", "acquisition_date"), ("Purchase Cost", "price"),
    ("Supplier", "supplier"), ("Order Number", None), ("Warranty", "warranty_months"),
    ("Checked Out to: Full Name", "holder"), ("Checked Out to: First Name", None),
    ("Checked Out to: Last Name", None), ("Checked Out to: Email", None), ("Checked Out to: Username", None),
    ("Asset Notes", "notes"), ("Company", None), ("EOL Date", None), ("BYOD", None), ("Requestable", None),
    ("Image Filename", None), ("Model Notes", None), ("Checkout Type", None), ("Checkout to Location", None),
    ("Last Checkin Date", None), ("Checkout Date", None), ("Expected Checkin Date", None),
]  # fmt: skip
SNIPEIT_CLI = [  # app/Importer/Importer.php $defaultFieldMap values (lines 41-94, exporters.md §4c)
    ("id", "external_id"), ("asset tag", "asset_tag"), ("item name", None), ("serial number", "serial_number"),
    ("model name", "model"), ("model number", None), ("manufacturer", "manufacturer"), ("category", "category"),
    ("status", "state"), ("location", "site"), ("purchase date", "acquisition_date"), ("purchase cost", "price"),
    ("supplier", "supplier"), ("order number", None), ("warranty", "warranty_months"), ("full name", "holder"),
    ("first name", None), ("last name", None), ("email", None), ("username", None), ("employee number", None),
    ("department", "service"), ("company", None), ("notes", "notes"), ("checkout type", None),
    ("checkout location", None),
]  # fmt: skip
HAND_MADE = [  # titles of this corpus's hand-made files, with units, notes, NBSP, typographic apostrophes
    ("N° de série", "serial_number"), ("Numéro d'inventaire", "asset_tag"), ("Inventaire", "asset_tag"),
    ("Marque", "manufacturer"), ("Marque :", "manufacturer"), ("Date d’achat", "acquisition_date"),
    ("Date d'achat (jj/mm/aaaa)", "acquisition_date"), ("Prix HT (€)", "price"), ("Prix\u00a0HT (€)", "price"),
    ("Prix", "price"), ("Garantie (mois)", "warranty_months"), ("Fin de garantie", "warranty_end"),
    ("Détenteur", "holder"), ("Direction", "service"), ("Catégorie", "category"), ("Remarques", "notes"),
    ("  Numéro de série ", "serial_number"), ("Serienummer", "serial_number"),
    ("Inventarisnummer", "asset_tag"), ("Merk", "manufacturer"), ("Afdeling", "service"), ("Locatie", "site"),
    ("Gebruiker", "holder"), ("Aankoopdatum", "acquisition_date"), ("Aankoopprijs (€)", "price"),
    ("Garantie (maanden)", "warranty_months"), ("Opmerkingen", "notes"), ("Brand", "manufacturer"),
    ("Department", "service"), ("Price (EUR)", "price"), ("Warranty end", "warranty_end"),
    ("Purchase date", "acquisition_date"), ("Nom du poste", None), ("Kostenplaats", None), ("Hostname", None),
    ("Cost centre", None), ("Établissement", None), ("Réf. interne", None),
]  # fmt: skip
EXPORTERS = {
    "glpi10_fr_FR": ("glpi_computers", "each", GLPI_FR),
    "glpi10_en_GB": ("glpi_computers", "each", GLPI_GB),
    "glpi10_en_US": ("glpi_computers", "each", GLPI_US),
    "glpi_monitors_fr_FR": ("glpi_monitors", "header", GLPI_MONITORS_FR),
    "glpi_phones_fr_FR": ("glpi_phones", "header", GLPI_PHONES_FR),
    "glpi_printers_fr_FR": ("glpi_printers", "header", GLPI_PRINTERS_FR),
    "snipeit_list_export": ("snipeit", "header", SNIPEIT_LIST),
    "snipeit_custom_report": ("snipeit", "header", SNIPEIT_CUSTOM),
    "snipeit_importer_labels": ("snipeit", "header", SNIPEIT_IMPORTER),
    "snipeit_importer_cli": ("snipeit", "header", SNIPEIT_CLI),
    "hand_made": ("generic", "each", HAND_MADE),
}


@pytest.mark.parametrize("exporter", sorted(EXPORTERS))
def test_every_title_an_exporter_writes_is_mapped_or_deliberately_unused(exporter):
    code, mode, titles = EXPORTERS[exporter]
    preset = PRESETS[code]
    if mode == "each":
        got = [column_fields([title], preset)[0] for title, _field in titles]
    else:
        got = column_fields([title for title, _field in titles], preset)
    wrong = {
        f"{number}: {title}": (field, found)
        for number, ((title, field), found) in enumerate(zip(titles, got, strict=True), start=1)
        if field != found
    }
    assert wrong == {}, "title: (expected, found)"
