"""Writes the realistic import corpus of issue 11: files as GLPI, Snipe-IT and people really make them.

`write_realistic_corpus(directory)` returns {file name: Expected}. Every expected figure was worked out by hand
from the rows written here, never by running the importer. Each exporter file follows what the tool's own source
writes, as read in /work/shared/research/exporters.md (cited per file below as "exporters.md §n" with the tool's
source path and line). Binary formats are written by their libraries (openpyxl, odfpy).

Run it to look at the files: python -m tests.inventory.imports.realistic.make_files DIRECTORY
"""

import csv
import datetime
import io
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

D = Decimal
day = datetime.date
LIFELONG = datetime.date(9999, 12, 31)  # "A vie" / "Lifelong" / "Lifetime" / "Levenslang"
# GLPI writes an entity, a location or a group as its path, "Ville de Lyon > Direction des finances"
# (src/CommonTreeDropdown.php:1010). The importer keeps the last part for a GLPI preset (values.py, leaf=glpi): the
# contract of issue 11 does not say; this switch holds the choice in one place.
GLPI_TREE_LEAF = True


def place(path: str) -> str:
    """The service or site name the importer stores for a GLPI path."""
    return path.rsplit(" > ", 1)[-1] if GLPI_TREE_LEAF else path


# GLPI's financial group, as a prefix of every Infocom column (exporters.md §1: 10.0.14 src/Search.php:1912-1918
# "$name = "$groupname - $name""; group names from src/Infocom.php:1213-1214, fr_FR.po line 10520; en_US .mo).
FIN_FR = "Informations financières et administratives - "
FIN_GB = "Financial and administrative information - "
FIN_US = "Financial & Administrative Information - "


@dataclass
class Expected:
    """What the importer must report for one file, worked out by hand from the file's rows."""

    new: int = 0
    rejected_lines: dict[int, str] = field(default_factory=dict)  # {1-based row number in the file: error code}
    refused: bool = False  # the file is refused (a whole-file refusal, or rows with errors)
    refusal: str = ""  # the code of a whole-file refusal (then nothing else is read)
    unused_columns: list[str] = field(default_factory=list)  # titles, in file order ("" for an untitled column)
    unused_indices: list[int] = field(default_factory=list)  # their 1-based column numbers
    header_row: int = 1
    skipped_lines: list[int] = field(default_factory=list)  # totals rows
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    devices: dict[str, dict[str, object]] = field(default_factory=dict)  # {stored serial: {field: value}}
    samples: dict[str, list[str]] = field(default_factory=dict)  # {column title: its first non-empty cells}
    job: dict = field(default_factory=dict)  # preset, sheet, header_row, columns for the job
    without_job: str = ""  # refusal code expected when the job kwargs above are left out
    source: str = ""  # what the file reproduces, and where that comes from


def unused(header: list[str], *titles: str) -> dict:
    """Expected.unused_columns and unused_indices for these titles of the header (in header order)."""
    indices = sorted(header.index(t) + 1 for t in titles)
    return {"unused_columns": [header[i - 1] for i in indices], "unused_indices": indices}


# --- writers -------------------------------------------------------------------------------------------------


def glpi10_csv(header: list[str], rows: list[list[str]], delimiter: str = ";") -> bytes:
    """GLPI 10.0.x legacy CSV (exporters.md §3, 10.0.14 src/Search.php): UTF-8 BOM (lines 8996-9003, "zero width
    no break space (for excel)"), every cell quoted and followed by the delimiter, the last one too (line 8673
    header, 8755 data), `"` inside a value written as two apostrophes (csv_clean, line 9231), "\\n" (line 9156)."""

    def cell(value: str) -> str:
        return '"' + value.replace('"', "''") + '"' + delimiter

    text = "".join("".join(cell(v) for v in row) + "\n" for row in [header, *rows])
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def glpi11_csv(header: list[str], rows: list[list[str]], delimiter: str = ";", *, bom: bool = False) -> bytes:
    """GLPI 11 CSV through PhpSpreadsheet (exporters.md §3, src/Glpi/Search/Output/Csv.php at 704aeeed:
    setDelimiter, setEnclosure('"'), setLineEnding("\\r\\n")): every cell quoted, quotes doubled, delimiters only
    between cells, CRLF; no BOM before 11.0.7, a BOM from 11.0.7 (issue #23291, PR #23390, issue #24086)."""

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    text = "".join(delimiter.join(cell(v) for v in row) + "\r\n" for row in [header, *rows])
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def php_fputcsv(rows: list[list[str]], *, bom: bool = False) -> bytes:
    """PHP's fputcsv: ",", a cell quoted only when it holds the delimiter, a quote, a backslash, a space, a tab or a
    line break, quotes doubled, "\\n" (Snipe-IT ReportsController::postCustom, exporters.md §4b; BOM only when
    "use_bom" is ticked, line 446)."""

    def cell(value: str) -> str:
        if any(ch in value for ch in ',"\\ \t\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    text = "".join(",".join(cell(v) for v in row) + "\n" for row in rows)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def excel_csv(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "cp1252", bom: bool = False) -> bytes:
    """What Excel writes for "CSV (séparateur : point-virgule)" (cp1252) or "CSV UTF-8": minimal quoting, CRLF."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def plain_csv(rows: list[list[str]], *, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def workbook_sheet(workbook, title: str, rows: list[list], *, first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return sheet


# --- GLPI ----------------------------------------------------------------------------------------------------


def glpi10_computers_fr() -> tuple[bytes, Expected]:
    # Default Computer columns in multi-entity mode (exporters.md §1: Name always first, src/Search.php:3853;
    # Entity, line 3868; display preferences of install/empty_data.php: 31, 23, 5, 4, 40, 45, 3, 19, 17), then
    # columns the user added: Inventory number, User, Comments, the financial block and a meta column of the
    # connected monitor ("Moniteur - Numéro de série", Search.php:1921-1932, not a column of the computer).
    # fr_FR titles from 10.0.14 locales/fr_FR.po (exporters.md §2). User preferences: ";" (empty_data.php:170),
    # number format 2 "1 234,56", date format 1 "d-m-Y" (exporters.md §2c, Html::formatNumber, Html::convDate).
    header = ["Nom", "Entité", "Statut", "Fabricant", "Numéro de série", "Type", "Modèle",
              "Système d'exploitation - Nom", "Lieu", "Dernière modification", "Composants - Processeur",
              "Numéro d'inventaire", "Utilisateur", "Commentaires", FIN_FR + "Date d'achat", FIN_FR + "Valeur",
              FIN_FR + "Fournisseur", FIN_FR + "Durée de garantie", "Moniteur - Numéro de série"]  # fmt: skip
    cpu = "Intel(R) Core(TM) i5-1145G7 @ 2.60GHz"
    rows = [
        ["PC-FIN-01", "Ville de Lyon > Direction des finances", "En service", "Dell Inc.", "7XK2L13", "Portable",
         "Latitude 5420", "Microsoft Windows 11 Professionnel", "Hôtel de Ville > 2e étage", "12-03-2024 10:42",
         f"{cpu}<br>{cpu}", "INV-0001", "Élodie Lefèvre", 'Écran 24" fourni<br>Station d\'accueil WD19',
         "15-03-2021", "1 234,56", "Econocom", "36 mois", "CN-0P2422H-001"],
        ["PC-RH-02", "Ville de Lyon > Ressources humaines", "En stock", "HP", "CZC1234ABC", "Tour",
         "EliteDesk 800 G6", "Microsoft Windows 10 Entreprise", "Annexe Saint-Éloi", "02-01-2024 08:15",
         "Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz", "INV-0002", "", "", "02-11-2020", "689,00", "Bechtle",
         "A vie", ""],
        ["PC-DSI-03", "Ville de Lyon > DSI", "En service", "LENOVO", "pf2abcd1", "Portable", "ThinkPad T14 Gen 2",
         "Ubuntu 22.04.4 LTS", "Hôtel de Ville > Sous-sol", "28-02-2024 17:01", "AMD Ryzen 5 PRO 5650U",
         "INV-0003", "Karim Benali", "", "31-01-2022", "2 345,00", "Econocom", "1 mois", ""],
        ["PC-ACC-04", "Ville de Lyon", "En service", "Dell Inc.", "9QW2L13", "Tour", "OptiPlex 7090",
         "Microsoft Windows 11 Professionnel", "Hôtel de Ville > Accueil", "05-01-2024 09:30",
         "Intel(R) Core(TM) i5-10505 CPU @ 3.20GHz", "INV-0004", "Jean Dupont", "", "", "", "", "", ""],
        ["PC-ARCH-05", "Ville de Lyon > Archives", "En service", "Dell Inc.", "5GH7K21", "Tour", "OptiPlex 5080",
         "Microsoft Windows 10 Entreprise", "Annexe Saint-Éloi > Archives", "11-12-2023 14:05",
         "Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz", "INV-0005", "", "", "29-02-2020", "799,90", "Bechtle",
         "60 mois", ""],
    ]  # fmt: skip
    expected = Expected(
        new=5,
        **unused(
            header,
            "Nom",
            "Système d'exploitation - Nom",
            "Dernière modification",
            "Composants - Processeur",
            "Moniteur - Numéro de série",
        ),
        samples={"Nom": ["PC-FIN-01", "PC-RH-02", "PC-DSI-03"]},
        devices={
            "7XK2L13": {
                "asset_tag": "INV-0001",
                "manufacturer": "Dell Inc.",
                "model": "Latitude 5420",
                "price": D("1234.56"),
                "acquisition_date": day(2021, 3, 15),
                "warranty_end": day(2024, 3, 15),
                "site": place("Hôtel de Ville > 2e étage"),
                "service": place("Ville de Lyon > Direction des finances"),
                "holder": "Élodie Lefèvre",
                "supplier": "Econocom",
                "notes": "Écran 24\" fourni; Station d'accueil WD19",
            },
            "CZC1234ABC": {
                "price": D("689.00"),
                "acquisition_date": day(2020, 11, 2),
                "warranty_end": LIFELONG,
                "holder": None,
                "site": "Annexe Saint-Éloi",
                "model": "EliteDesk 800 G6",
            },
            "PF2ABCD1": {
                "price": D("2345.00"),
                "acquisition_date": day(2022, 1, 31),
                "warranty_end": day(2022, 2, 28),
                "manufacturer": "LENOVO",
                "holder": "Karim Benali",
            },
            "9QW2L13": {
                "price": None,
                "acquisition_date": None,
                "warranty_end": None,
                "holder": "Jean Dupont",
                "service": "Ville de Lyon",
            },
            "5GH7K21": {"price": D("799.90"), "acquisition_date": day(2020, 2, 29), "warranty_end": day(2025, 2, 28)},
        },
        source="GLPI 10.0.14 computers, fr_FR: default columns + financial block, ';', BOM, trailing delimiter, "
        "'' for a quote, <br> in Composants - Processeur and Commentaires, ' > ' entities and locations, "
        "'1 234,56', d-m-Y, '36 mois', '1 mois', 'A vie', a meta column",
    )
    return glpi10_csv(header, rows), expected


def glpi10_computers_en_gb() -> tuple[bytes, Expected]:
    # en_GB titles equal the msgids (exporters.md §2, en_GB is the install default language, empty_data.php:142);
    # "," is the other delimiter GLPI offers (src/Config.php:1188-1192); number format 1 "1,234.56", date format 0
    # "Y-m-d" (default, empty_data.php:168); durations "%s months" / "1 month", -1 "Lifelong" (§2c).
    header = ["Name", "Entity", "Status", "Manufacturer", "Serial number", "Type", "Model", "Operating System - Name",
              "Location", "Last update", "Components - Processor", "Inventory number", "User",
              FIN_GB + "Date of purchase", FIN_GB + "Value", FIN_GB + "Supplier",
              FIN_GB + "Warranty duration"]  # fmt: skip
    rows = [
        ["LT-0101", "Borough of Camden > IT", "In use", "Lenovo", "PF3ABCDE", "Laptop", "ThinkPad T14 Gen 3",
         "Windows 11 Pro", "Town Hall > Floor 1", "2024-03-12 10:42", "12th Gen Intel(R) Core(TM) i5-1245U",
         "CAM-0101", "Priya Shah", "2023-02-01", "1,099.00", "Centralpoint", "36 months"],
        ["DT-0102", "Borough of Camden > Finance", "In stock", "HP", "CZC4455XYZ", "Desktop", "ProDesk 400 G7",
         "Windows 10 Enterprise", "Depot", "2024-01-08 16:20", "Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz",
         "CAM-0102", "", "2021-07-19", "2,345.50", "Insight", "Lifelong"],
        ["LT-0103", "Borough of Camden > IT", "In use", "Lenovo", "PF3ABCDF", "Laptop", "ThinkPad T14 Gen 3",
         "Windows 11 Pro", "Town Hall > Floor 2", "2024-03-12 10:45", "12th Gen Intel(R) Core(TM) i5-1245U",
         "CAM-0103", "Tom Evans", "2023-08-31", "999.99", "Centralpoint", "1 month"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(header, "Name", "Operating System - Name", "Last update", "Components - Processor"),
        samples={"Name": ["LT-0101", "DT-0102", "LT-0103"]},
        devices={
            "PF3ABCDE": {
                "asset_tag": "CAM-0101",
                "price": D("1099.00"),
                "acquisition_date": day(2023, 2, 1),
                "warranty_end": day(2026, 2, 1),
                "site": place("Town Hall > Floor 1"),
                "service": place("Borough of Camden > IT"),
                "holder": "Priya Shah",
                "manufacturer": "Lenovo",
                "model": "ThinkPad T14 Gen 3",
                "supplier": "Centralpoint",
            },
            "CZC4455XYZ": {"price": D("2345.50"), "acquisition_date": day(2021, 7, 19), "warranty_end": LIFELONG},
            "PF3ABCDF": {"price": D("999.99"), "warranty_end": day(2023, 9, 30), "holder": "Tom Evans"},
        },
        source="GLPI 10.0.14 computers, en_GB: ',' delimiter, BOM, trailing delimiter, '1,234.56', Y-m-d, "
        "'36 months', '1 month', 'Lifelong'",
    )
    return glpi10_csv(header, rows, ","), expected


def glpi10_computers_en_us() -> tuple[bytes, Expected]:
    # en_US: Title Case, and the one-form plural entries of en_US.mo give "Manufacturers", "Locations",
    # "Processors", "Suppliers"; option 6 reads "Inventory/Asset Number"; the group reads "Financial &
    # Administrative Information"; -1 months is "Lifetime" (exporters.md §2, derived from 10.0.14 en_US.mo and
    # vendor/laminas/laminas-i18n). Date format 2 "m-d-Y", number format 1 "1,234.56", ";" (the default).
    header = ["Name", "Entity", "Status", "Manufacturers", "Serial Number", "Type", "Model",
              "Operating System - Name", "Locations", "Last Update", "Components - Processors",
              "Inventory/Asset Number", "Alternate Username", FIN_US + "Date of Purchase", FIN_US + "Value",
              FIN_US + "Suppliers", FIN_US + "Warranty Duration"]  # fmt: skip
    rows = [
        ["ALB-LT-1", "City of Albany > IT", "In use", "Dell Inc.", "4TR8Q73", "Laptop", "Latitude 7440",
         "Windows 11 Enterprise", "City Hall > 3rd Floor", "03-12-2024 10:42",
         "13th Gen Intel(R) Core(TM) i7-1365U", "ALB-2001", "jsmith", "03-15-2023", "1,429.00", "CDW Government",
         "36 months"],
        ["ALB-DT-2", "City of Albany > Clerk", "In stock", "HP", "MXL3210ABC", "Desktop", "Elite Mini 800 G9",
         "Windows 11 Enterprise", "Annex", "02-20-2024 08:00", "12th Gen Intel(R) Core(TM) i5-12500",
         "ALB-2002", "", "11-02-2022", "899.00", "CDW Government", "Lifetime"],
        ["ALB-LT-3", "City of Albany > IT", "In use", "Dell Inc.", "7YU9W21", "Laptop", "Latitude 5440",
         "Windows 11 Enterprise", "City Hall > 1st Floor", "03-01-2024 12:12",
         "13th Gen Intel(R) Core(TM) i5-1345U", "ALB-2003", "mgarcia", "01-31-2024", "1,099.50", "CDW Government",
         "1 month"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(header, "Name", "Operating System - Name", "Last Update", "Components - Processors"),
        samples={"Name": ["ALB-LT-1", "ALB-DT-2", "ALB-LT-3"]},
        devices={
            "4TR8Q73": {
                "asset_tag": "ALB-2001",
                "manufacturer": "Dell Inc.",
                "model": "Latitude 7440",
                "price": D("1429.00"),
                "acquisition_date": day(2023, 3, 15),
                "warranty_end": day(2026, 3, 15),
                "site": place("City Hall > 3rd Floor"),
                "service": place("City of Albany > IT"),
                "holder": "jsmith",
                "supplier": "CDW Government",
            },
            # 11-02-2022 is read m-d-Y: the column's 03-15-2023 and 01-31-2024 show the month comes first.
            "MXL3210ABC": {"acquisition_date": day(2022, 11, 2), "warranty_end": LIFELONG, "price": D("899.00")},
            "7YU9W21": {"acquisition_date": day(2024, 1, 31), "warranty_end": day(2024, 2, 29), "price": D("1099.50")},
        },
        source="GLPI 10.0.14 computers, en_US: Title Case, Manufacturers, Locations, Inventory/Asset Number, "
        "'Financial & Administrative Information - ...', 'Lifetime', m-d-Y dates",
    )
    return glpi10_csv(header, rows), expected


def glpi11_computers_fr() -> tuple[bytes, Expected]:
    # GLPI 11.0.0-11.0.6 CSV: no BOM, CRLF, "" for a quote, no trailing delimiter (exporters.md §3). Single-entity
    # instance: no Entity column (Search.php:3868 adds it in multi-entity mode only). Assets may have several groups
    # in GLPI 11: a <br> between them. Number format 0 "1 234.56" and date format 0 "Y-m-d" (the defaults).
    # "Date d'expiration de la garantie" (option 120) counts from the warranty start date, not the purchase date:
    # the file's date wins over purchase + duration; a row without it (no warranty start in GLPI) takes
    # purchase + duration.
    header = ["Nom", "Statut", "Fabricant", "Numéro de série", "Type", "Modèle", "Système d'exploitation - Nom",
              "Lieu", "Dernière modification", "Composants - Processeur", "ID", "Numéro d'inventaire", "Groupe",
              "Commentaires", FIN_FR + "Date d'achat", FIN_FR + "Valeur", FIN_FR + "Fournisseur",
              FIN_FR + "Durée de garantie", FIN_FR + "Date d'expiration de la garantie"]  # fmt: skip
    rows = [
        ["PC-CD35-001", "En service", "Dell Inc.", "3HJK9L2", "Portable", "Latitude 5440", "Windows 11",
         "Hôtel du Département > Bâtiment A", "2025-01-06 09:12", "Intel(R) Core(TM) i5-1335U", "1042",
         "CD35-0001", "Direction des routes<br>Astreinte", 'Écran 27" inclus', "2024-04-15", "1 149.00", "UGAP",
         "48 mois", "2028-04-30"],
        ["PC-CD35-002", "En stock", "HP", "5CG1234XYZ", "Portable", "EliteBook 840 G10", "Windows 11",
         "Hôtel du Département > Magasin", "2025-01-03 15:40", "Intel(R) Core(TM) i5-1345U", "1043", "CD35-0002",
         "Direction des collèges", "", "2023-09-01", "1 034.50", "UGAP", "36 mois", ""],
        ["PC-CD35-003", "En service", "Lenovo", "PF4QRST1", "Tour", "ThinkCentre M70q Gen 3", "Windows 10",
         "Centre routier > Rennes", "2024-12-20 11:00", "Intel(R) Core(TM) i5-12400T", "1044", "CD35-0003",
         "Direction des routes", "", "2022-12-20", "689.00", "Econocom", "60 mois", "2027-12-20"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(header, "Nom", "Système d'exploitation - Nom", "Dernière modification", "Composants - Processeur"),
        samples={"Nom": ["PC-CD35-001", "PC-CD35-002", "PC-CD35-003"]},
        devices={
            "3HJK9L2": {
                "asset_tag": "CD35-0001",
                "service": "Direction des routes",
                "notes": 'Écran 27" inclus',
                "price": D("1149.00"),
                "acquisition_date": day(2024, 4, 15),
                "warranty_end": day(2028, 4, 30),
                "site": place("Hôtel du Département > Bâtiment A"),
                "external_ids": {"glpi": "1042"},
            },
            "5CG1234XYZ": {
                "price": D("1034.50"),
                "acquisition_date": day(2023, 9, 1),
                "warranty_end": day(2026, 9, 1),
                "service": "Direction des collèges",
            },
            "PF4QRST1": {"price": D("689.00"), "warranty_end": day(2027, 12, 20), "supplier": "Econocom"},
        },
        source="GLPI 11.0.0-11.0.6 computers, fr_FR CSV: no BOM, CRLF, '\"\"', no trailing delimiter, "
        "'1 234.56', Y-m-d, groups joined by <br>, warranty expiration column, ID",
    )
    return glpi11_csv(header, rows), expected


def glpi11_computers_en_gb_bom() -> tuple[bytes, Expected]:
    # GLPI 11.0.7+ CSV: the same PhpSpreadsheet writer with the BOM back (PR #23390; issue #24086 "already fixed
    # in GLPI 11.0.7"). "," delimiter, number format 3 "1234.56", date format 1 "d-m-Y".
    header = ["Name", "Entity", "Status", "Manufacturer", "Serial number", "Type", "Model", "Location",
              "Last update", "Inventory number", "User", "Comments", FIN_GB + "Date of purchase", FIN_GB + "Value",
              FIN_GB + "Supplier", FIN_GB + "Warranty duration"]  # fmt: skip
    rows = [
        ["BE-LT-01", "Stad Leuven > ICT", "In use", "Dell Inc.", "8KL2M45", "Laptop", "Latitude 5540",
         "Stadhuis > Verdieping 2", "06-01-2025 09:12", "LEU-001", "An Peeters", 'Charger "USB-C" 65W',
         "20-06-2024", "1049.00", "Realdolmen", "36 months"],
        ["BE-DT-02", "Stad Leuven > Financiën", "In stock", "HP", "CZC9988QWE", "Desktop", "Pro Mini 400 G9",
         "Stadhuis > Kelder", "18-12-2024 13:30", "LEU-002", "", "", "05-12-2023", "749.50", "Realdolmen",
         "60 months"],
    ]  # fmt: skip
    expected = Expected(
        new=2,
        **unused(header, "Name", "Last update"),
        samples={"Name": ["BE-LT-01", "BE-DT-02"]},
        devices={
            "8KL2M45": {
                "notes": 'Charger "USB-C" 65W',
                "acquisition_date": day(2024, 6, 20),
                "warranty_end": day(2027, 6, 20),
                "price": D("1049.00"),
                "holder": "An Peeters",
                "site": place("Stadhuis > Verdieping 2"),
                "service": place("Stad Leuven > ICT"),
            },
            "CZC9988QWE": {
                "acquisition_date": day(2023, 12, 5),
                "warranty_end": day(2028, 12, 5),
                "price": D("749.50"),
                "holder": None,
            },
        },
        source="GLPI 11.0.7+ computers, en_GB CSV: BOM, CRLF, ',' delimiter, '\"\"', '1234.56', d-m-Y",
    )
    return glpi11_csv(header, rows, ",", bom=True), expected


def glpi11_computers_fr_xlsx(path: Path) -> Expected:
    # GLPI 11 "Tableau (XLSX)" (XLSX_OUTPUT = 7, src/Search.php at 0042059c) goes through
    # src/Glpi/Search/Output/Spreadsheet.php: the same titles with the group prefix; PhpSpreadsheet names its one
    # sheet "Worksheet". Values are written as the text GLPI shows (SpreadsheetValueBinder keeps formula-like
    # strings as text; exporters.md §3 marks its number handling as not verified). Number format 2, date format 1.
    from openpyxl import Workbook

    header = ["Nom", "Entité", "Statut", "Fabricant", "Numéro de série", "Type", "Modèle", "Lieu",
              "Numéro d'inventaire", "Utilisateur", FIN_FR + "Date d'achat", FIN_FR + "Valeur",
              FIN_FR + "Durée de garantie", FIN_FR + "Fournisseur"]  # fmt: skip
    rows = [
        ["PC-MTP-01", "Montpellier Méditerranée Métropole > DSN", "En service", "Dell Inc.", "2BN4K83", "Portable",
         "Latitude 5340", "Hôtel de Métropole > Niveau 3", "MMM-0001", "Sophie Girard", "14-10-2024", "1 079,00",
         "36 mois", "UGAP"],
        ["PC-MTP-02", "Montpellier Méditerranée Métropole > Culture", "En stock", "Lenovo", "PF5ZZZ99", "Tour",
         "ThinkCentre neo 50s", "Opéra Comédie", "MMM-0002", "", "05-02-2024", "649,00", "A vie", "UGAP"],
        ["PC-MTP-03", "Montpellier Méditerranée Métropole > DSN", "En service", "Dell Inc.", "6CD9L21", "Portable",
         "Latitude 5340", "Hôtel de Métropole > Niveau 1", "MMM-0003", "Lucas Roux", "31-08-2023", "1 079,00",
         "12 mois", "UGAP"],
    ]  # fmt: skip
    workbook = Workbook()
    workbook_sheet(workbook, "Worksheet", [header, *rows], first=True)
    workbook.save(path)
    return Expected(
        new=3,
        **unused(header, "Nom"),
        sheet="Worksheet",
        sheets=["Worksheet"],
        samples={"Nom": ["PC-MTP-01", "PC-MTP-02", "PC-MTP-03"]},
        devices={
            "2BN4K83": {
                "acquisition_date": day(2024, 10, 14),
                "warranty_end": day(2027, 10, 14),
                "price": D("1079.00"),
                "holder": "Sophie Girard",
                "asset_tag": "MMM-0001",
                "service": place("Montpellier Méditerranée Métropole > DSN"),
            },
            "PF5ZZZ99": {"acquisition_date": day(2024, 2, 5), "warranty_end": LIFELONG, "price": D("649.00")},
            "6CD9L21": {"acquisition_date": day(2023, 8, 31), "warranty_end": day(2024, 8, 31)},
        },
        source="GLPI 11 computers, fr_FR XLSX (PhpSpreadsheet, sheet 'Worksheet'), text cells, '1 234,56', d-m-Y, "
        "'A vie'",
    )


def glpi10_monitors_fr() -> tuple[bytes, Expected]:
    # Monitor display preferences (exporters.md §1: 31, 23, 3, 4, 40, 19, 7 = Alternate username "Usager"), Name and
    # Entity first; the user added Serial number, Size (Monitor.php:203 "Taille") and the financial block.
    header = ["Nom", "Entité", "Statut", "Fabricant", "Lieu", "Type", "Modèle", "Dernière modification", "Usager",
              "Numéro de série", "Taille", FIN_FR + "Date d'achat", FIN_FR + "Valeur",
              FIN_FR + "Durée de garantie"]  # fmt: skip
    rows = [
        ["ECR-001", "Mairie de Brest", "En service", "Iiyama", "Hôtel de Ville > Bureau 12", "Moniteur",
         "ProLite XU2493HS", "03-01-2024 11:20", "Élodie Lefèvre", "11223344", "24", "10-01-2022", "149,90",
         "36 mois"],
        ["ECR-002", "Mairie de Brest", "En stock", "Dell Inc.", "Magasin", "Moniteur", "P2422H", "03-01-2024 11:21",
         "", "CN0ABC123", "24", "13-05-2021", "189,00", "36 mois"],
        ["ECR-003", "Mairie de Brest > Médiathèque", "En service", "Dell Inc.", "Médiathèque", "Moniteur",
         "P2723DE", "03-01-2024 11:22", "Paul Martin", "CN0DEF456", "27", "13-05-2021", "289,00", "60 mois"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(header, "Nom", "Dernière modification", "Taille"),
        job={"preset": "glpi_monitors"},
        samples={"Nom": ["ECR-001", "ECR-002", "ECR-003"]},
        devices={
            "11223344": {
                "price": D("149.90"),
                "acquisition_date": day(2022, 1, 10),
                "warranty_end": day(2025, 1, 10),
                "holder": "Élodie Lefèvre",
                "site": place("Hôtel de Ville > Bureau 12"),
                "service": "Mairie de Brest",
                "manufacturer": "Iiyama",
                "model": "ProLite XU2493HS",
            },
            "CN0ABC123": {"warranty_end": day(2024, 5, 13), "holder": None, "site": "Magasin"},
            "CN0DEF456": {"price": D("289.00"), "warranty_end": day(2026, 5, 13), "holder": "Paul Martin"},
        },
        source="GLPI 10.0.14 monitors, fr_FR: Monitor display preferences (Usager), Taille, financial block",
    )
    return glpi10_csv(header, rows), expected


def glpi10_phones_fr() -> tuple[bytes, Expected]:
    # Phone display preferences (same set as Monitor, exporters.md §1) plus Serial, Inventory number, Brand ("Marque",
    # option 11 of Phone.php:209, a free text beside the manufacturer) and Number of lines ("Nombre de lignes",
    # option 9). "," delimiter (Config.php:1188-1192), number format 4 "1234,56" (a comma inside a quoted cell of a
    # comma-separated file), date format 0 "Y-m-d".
    header = ["Nom", "Entité", "Statut", "Fabricant", "Lieu", "Type", "Modèle", "Dernière modification", "Usager",
              "Numéro de série", "Numéro d'inventaire", "Marque", "Nombre de lignes", FIN_FR + "Date d'achat",
              FIN_FR + "Valeur", FIN_FR + "Durée de garantie"]  # fmt: skip
    rows = [
        ["TEL-001", "Département du Nord", "En service", "Samsung", "Hôtel du Département", "Smartphone",
         "Galaxy A54 5G", "2024-02-01 09:00", "Claire Dubois", "R58T12ABCDE", "TEL-N-001", "Samsung", "1",
         "2023-06-12", "399,00", "24 mois"],
        ["TEL-002", "Département du Nord", "En stock", "Apple", "Magasin central", "Smartphone",
         "iPhone SE (3e génération)", "2024-02-01 09:01", "", "F17GH2JKL3MN", "TEL-N-002", "Apple", "1",
         "2022-11-30", "529,00", "12 mois"],
        ["TEL-003", "Département du Nord > Collèges", "En service", "Cisco", "Collège Jean Moulin", "Téléphone IP",
         "IP Phone 8841", "2024-02-01 09:02", "Accueil collège", "FCH2345J0AB", "TEL-N-003", "Cisco", "2",
         "2021-03-31", "189,50", "60 mois"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(header, "Nom", "Dernière modification", "Marque", "Nombre de lignes"),
        job={"preset": "glpi_phones"},
        samples={"Nom": ["TEL-001", "TEL-002", "TEL-003"]},
        devices={
            "R58T12ABCDE": {
                "price": D("399.00"),
                "acquisition_date": day(2023, 6, 12),
                "warranty_end": day(2025, 6, 12),
                "holder": "Claire Dubois",
                "asset_tag": "TEL-N-001",
                "manufacturer": "Samsung",
                "model": "Galaxy A54 5G",
            },
            "F17GH2JKL3MN": {
                "price": D("529.00"),
                "warranty_end": day(2023, 11, 30),
                "model": "iPhone SE (3e génération)",
            },
            "FCH2345J0AB": {
                "price": D("189.50"),
                "warranty_end": day(2026, 3, 31),
                "site": "Collège Jean Moulin",
                "service": place("Département du Nord > Collèges"),
            },
        },
        source="GLPI 10.0.14 phones, fr_FR: ',' delimiter, '1234,56', Marque and Nombre de lignes",
    )
    return glpi10_csv(header, rows, ","), expected


def glpi10_printers_fr() -> tuple[bytes, Expected]:
    # Printer display preferences (exporters.md §1: 31, 23, 3, 4, 40, 19) plus Serial number, Inventory number and
    # "Série" (option 42 of Printer.php:343: the serial PORT flag, Oui/Non, not the serial number), financial
    # block. Number format 0 "1 234.56", date format 0.
    header = ["Nom", "Entité", "Statut", "Fabricant", "Lieu", "Type", "Modèle", "Dernière modification",
              "Numéro de série", "Numéro d'inventaire", "Série", FIN_FR + "Date d'achat", FIN_FR + "Valeur",
              FIN_FR + "Fournisseur"]  # fmt: skip
    rows = [
        ["IMP-RDC", "Communauté de communes du Pays de Caux", "En service", "Kyocera", "Siège > RDC",
         "Multifonction", "ECOSYS M3655idn", "2024-01-15 10:00", "VCF1234567", "CC-IMP-01", "Non", "2020-09-15",
         "1 234.56", "Bureau Vallée"],
        ["IMP-ETAGE", "Communauté de communes du Pays de Caux", "En service", "HP", "Siège > 1er étage", "Laser",
         "LaserJet Pro M404dn", "2024-01-15 10:01", "PHBBB12345", "CC-IMP-02", "Oui", "2019-03-01", "289.00",
         "Bureau Vallée"],
        ["IMP-CTM", "Communauté de communes du Pays de Caux > Services techniques", "En stock", "Brother",
         "Centre technique", "Laser", "HL-L5100DN", "2024-01-15 10:02", "E12345K6N789", "CC-IMP-03", "Non", "",
         "", ""],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(header, "Nom", "Dernière modification", "Série"),
        job={"preset": "glpi_printers"},
        samples={"Nom": ["IMP-RDC", "IMP-ETAGE", "IMP-CTM"]},
        devices={
            "VCF1234567": {
                "price": D("1234.56"),
                "acquisition_date": day(2020, 9, 15),
                "warranty_end": None,
                "supplier": "Bureau Vallée",
                "site": place("Siège > RDC"),
                "asset_tag": "CC-IMP-01",
            },
            "PHBBB12345": {"price": D("289.00"), "acquisition_date": day(2019, 3, 1)},
            "E12345K6N789": {
                "price": None,
                "acquisition_date": None,
                "supplier": "",
                "service": place("Communauté de communes du Pays de Caux > Services techniques"),
            },
        },
        source="GLPI 10.0.14 printers, fr_FR: 'Série' is the serial port flag (unused), '1 234.56', Y-m-d",
    )
    return glpi10_csv(header, rows), expected


def glpi10_errors_fr() -> tuple[bytes, Expected]:
    # A GLPI 10 export with faults of its own: a serial cell holding two serial numbers joined by <br> (a joined
    # search option, exporters.md §2c line 8753), the same serial on two computers (GLPI does not forbid it), and
    # a cell that repeats one serial (one value, not an error).
    header = ["Nom", "Entité", "Statut", "Fabricant", "Numéro de série", "Type", "Modèle", "Lieu",
              FIN_FR + "Date d'achat", FIN_FR + "Valeur"]  # fmt: skip
    rows = [
        ["PC-01", "Mairie de Caen", "En service", "Dell Inc.", "3DF4G56", "Portable", "Latitude 5420",
         "Hôtel de Ville", "01-06-2022", "1 020,00"],
        ["PC-02", "Mairie de Caen", "En service", "HP", "5CG111AAA<br>5CG111AAB", "Portable", "ProBook 450 G8",
         "Hôtel de Ville", "01-06-2022", "820,00"],
        ["PC-03", "Mairie de Caen", "En stock", "Dell Inc.", "3DF4G56", "Portable", "Latitude 5420", "Magasin",
         "01-06-2022", "1 020,00"],
        ["PC-04", "Mairie de Caen", "En service", "Lenovo", "PF2LMN34", "Tour", "ThinkCentre M70s", "Annexe",
         "14-09-2021", "640,00"],
        ["PC-05", "Mairie de Caen", "En service", "Lenovo", "7HJ8K90<br>7HJ8K90", "Tour", "ThinkCentre M70s",
         "Annexe", "14-09-2021", "640,00"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        refused=True,
        rejected_lines={3: "several_values", 4: "duplicate_serial"},
        **unused(header, "Nom"),
        samples={"Nom": ["PC-01", "PC-02", "PC-03"]},
        source="GLPI 10.0.14 computers, fr_FR, with 'SN1<br>SN2' in a serial cell and a serial given twice",
    )
    return glpi10_csv(header, rows), expected


# --- Snipe-IT ------------------------------------------------------------------------------------------------


def snipeit_list_xlsx(path: Path) -> Expected:
    # Assets list "Export" (bootstrap-table, resources/views/partials/bootstrap-table.blade.php:105 exportTypes
    # 'xlsx'): the column titles (lines 45-48) of AssetPresenter::dataTableLayout() (exporters.md §4a): the default
    # visible columns (Asset Name, Asset Tag, Serial, Model, Category, Status, Checked Out To, Location, Purchase
    # Cost, Current Value) and hidden ones the user showed (Manufacturer, Supplier, Purchase Date, Warranty,
    # Warranty Expires, Notes). Cells hold the displayed text: Warranty "36 months" (AssetsTransformer.php:83),
    # formatted currency (formatCurrencyOutput, lines 120-131), dates per the date setting (Y-m-d). The export
    # library's sheet name was not read: "Sheet1" here.
    from openpyxl import Workbook

    header = ["Asset Name", "Asset Tag", "Serial", "Model", "Category", "Status", "Checked Out To", "Location",
              "Purchase Cost", "Current Value", "Manufacturer", "Supplier", "Purchase Date", "Warranty",
              "Warranty Expires", "Notes"]  # fmt: skip
    rows = [
        ["", "GENT-0001", "PF3GNT01", "ThinkPad T14 Gen 3", "Laptops", "Ready to Deploy", "", "Stadhuis",
         "1,099.00", "733.67", "Lenovo", "Centralpoint", "2023-02-01", "36 months", "2026-02-01", ""],
        ["Laptop Pieter", "GENT-0002", "PF3GNT02", "ThinkPad T14 Gen 3", "Laptops", "Deployed", "Pieter Janssens",
         "Stadhuis", "1,099.00", "733.67", "Lenovo", "Centralpoint", "2023-02-01", "36 months", "2026-02-01",
         "Spare battery"],
        ["", "GENT-0003", "CN0MON77", "P2422H", "Monitors", "Deployed", "Pieter Janssens", "Stadhuis", "189.00",
         "126.00", "Dell", "Centralpoint", "2023-03-15", "12 months", "2024-03-15", ""],
        ["", "GENT-0004", "8HJ3K21", "OptiPlex 7010", "Desktops", "Archived", "", "Depot Oost", "1,234.56", "0.00",
         "Dell", "Dell Technologies", "2019-10-01", "60 months", "2024-10-01", "Replaced"],
    ]  # fmt: skip
    workbook = Workbook()
    workbook_sheet(workbook, "Sheet1", [header, *rows], first=True)
    workbook.save(path)
    return Expected(
        new=4,
        **unused(header, "Asset Name", "Current Value"),
        sheet="Sheet1",
        sheets=["Sheet1"],
        samples={"Asset Tag": ["GENT-0001", "GENT-0002", "GENT-0003"]},
        devices={
            "PF3GNT01": {
                "asset_tag": "GENT-0001",
                "price": D("1099.00"),
                "acquisition_date": day(2023, 2, 1),
                "warranty_end": day(2026, 2, 1),
                "site": "Stadhuis",
                "holder": None,
                "manufacturer": "Lenovo",
                "model": "ThinkPad T14 Gen 3",
                "supplier": "Centralpoint",
            },
            "PF3GNT02": {"holder": "Pieter Janssens", "notes": "Spare battery"},
            "CN0MON77": {"price": D("189.00"), "warranty_end": day(2024, 3, 15)},
            "8HJ3K21": {
                "price": D("1234.56"),
                "acquisition_date": day(2019, 10, 1),
                "warranty_end": day(2024, 10, 1),
                "site": "Depot Oost",
            },
        },
        source="Snipe-IT v8.1.4 assets list export (bootstrap-table XLSX): AssetPresenter titles, '36 months', "
        "formatted currency '1,099.00'",
    )


CUSTOM_HEADER = ["ID", "Company", "Asset Name", "Asset Tag", "Model", "Model No.", "Category", "Manufacturer",
                 "Serial", "Purchased", "Cost", "Warranty", "Warranty Expires", "Supplier", "Location", "Checked Out",
                 "Type", "Department", "Status", "Notes"]  # fmt: skip


def snipeit_custom_report(*, decimal_comma: bool = False) -> tuple[bytes, Expected]:
    # Custom asset report (ReportsController::postCustom, exporters.md §4b): fputcsv, titles of lines 453-636 for
    # the ticked boxes, Purchased = raw Y-m-d, Cost through formatCurrencyOutput, Warranty = integer months
    # (line 814), Warranty Expires Y-m-d, Checked Out = the user's name with Type "user", Department = that user's
    # department (line ~892), Status = "<name> (<meta>)" (line ~955). The second variant has "use_bom" ticked
    # (line 446) and a "1.234,56" currency setting.
    cost = "1.149,00" if decimal_comma else "1,149.00"
    screen = "579,00" if decimal_comma else "579.00"
    rows = [
        ["101", "Stad Antwerpen", "", "ANT-0001", "Latitude 5440", "P175G", "Laptops", "Dell", "4KX8M32",
         "2023-05-10", cost, "36", "2026-05-10", "Dell Technologies", "Stadhuis", "Joke Claes", "user", "Financiën",
         "Ready to Deploy (deployed)", ""],
        ["102", "Stad Antwerpen", "", "ANT-0002", "Latitude 5440", "P175G", "Laptops", "Dell", "4KX8M33",
         "2023-05-10", cost, "36", "2026-05-10", "Dell Technologies", "Magazijn", "", "", "",
         "Ready to Deploy (deployable)", ""],
        ["103", "Stad Antwerpen", "Vergaderzaal 3 scherm", "ANT-0003", "U2723QE", "U2723QE", "Monitors", "Dell",
         "CN0XYZ789", "2024-01-22", screen, "60", "2029-01-22", "Dell Technologies", "Stadhuis", "Bram Jacobs",
         "user", "Communicatie", "Ready to Deploy (deployed)", "4K, USB-C"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(CUSTOM_HEADER, "Company", "Asset Name", "Model No.", "Type"),
        samples={"Serial": ["4KX8M32", "4KX8M33", "CN0XYZ789"]},
        devices={
            "4KX8M32": {
                "asset_tag": "ANT-0001",
                "price": D("1149.00"),
                "acquisition_date": day(2023, 5, 10),
                "warranty_end": day(2026, 5, 10),
                "holder": "Joke Claes",
                "service": "Financiën",
                "site": "Stadhuis",
                "manufacturer": "Dell",
                "model": "Latitude 5440",
                "external_ids": {"snipeit": "101"},
            },
            "4KX8M33": {"holder": None, "service": None, "site": "Magazijn"},
            "CN0XYZ789": {
                "price": D("579.00"),
                "warranty_end": day(2029, 1, 22),
                "notes": "4K, USB-C",
                "holder": "Bram Jacobs",
                "service": "Communicatie",
            },
        },
        source="Snipe-IT v8.1.4 custom asset report (fputcsv): Purchased, Cost, integer Warranty, Checked Out, "
        "Department, 'Ready to Deploy (deployable)'" + (", BOM and '1.149,00'" if decimal_comma else ""),
    )
    return php_fputcsv([CUSTOM_HEADER, *rows], bom=decimal_comma), expected


def snipeit_importer_template() -> tuple[bytes, Expected]:
    # A file filled in for Snipe-IT's CSV importer, with the web importer's field labels (app/Livewire/
    # Importer.php $assets_fields, lines 195-235, exporters.md §4c): Asset Tag, Asset Name, Serial Number, Model
    # Name, Model No., Manufacturer, Category, Status, Location, Purchase Date, Purchase Cost, Supplier, Order
    # Number, Warranty (months), Checked Out to: Full Name, Asset Notes, Company.
    header = ["Asset Tag", "Asset Name", "Serial Number", "Model Name", "Model No.", "Manufacturer", "Category",
              "Status", "Location", "Purchase Date", "Purchase Cost", "Supplier", "Order Number", "Warranty",
              "Checked Out to: Full Name", "Asset Notes", "Company"]  # fmt: skip
    rows = [
        ["BXL-0001", "", "5CD3012ABC", "EliteBook 840 G10", "818H5EA", "HP", "Laptop", "Ready to Deploy",
         "Gare Maritime", "2024-03-04", "1199.00", "Easi", "PO-2024-017", "48", "", "", "Brussels Environment"],
        ["BXL-0002", "", "5CD3012ABD", "EliteBook 840 G10", "818H5EA", "HP", "Laptop", "Deployed", "Gare Maritime",
         "2024-03-04", "1199.00", "Easi", "PO-2024-017", "48", "Sofie Maes", "Docking station included",
         "Brussels Environment"],
        ["BXL-0003", "", "CN0ABCD12", "P2425H", "P2425H", "Dell", "Monitor", "Ready to Deploy", "Annex",
         "2024-03-18", "159.00", "Easi", "PO-2024-019", "36", "", "", "Brussels Environment"],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        **unused(header, "Asset Name", "Model No.", "Order Number", "Company"),
        samples={"Serial Number": ["5CD3012ABC", "5CD3012ABD", "CN0ABCD12"]},
        devices={
            "5CD3012ABC": {
                "asset_tag": "BXL-0001",
                "model": "EliteBook 840 G10",
                "manufacturer": "HP",
                "price": D("1199.00"),
                "acquisition_date": day(2024, 3, 4),
                "warranty_end": day(2028, 3, 4),
                "site": "Gare Maritime",
                "supplier": "Easi",
                "holder": None,
            },
            "5CD3012ABD": {"holder": "Sofie Maes", "notes": "Docking station included"},
            "CN0ABCD12": {"price": D("159.00"), "warranty_end": day(2027, 3, 18), "site": "Annex"},
        },
        source="Snipe-IT v8.1.4 CSV importer file with the web importer's labels (Livewire/Importer.php)",
    )
    return plain_csv([header, *rows]), expected


# --- files people make -----------------------------------------------------------------------------------------


def parc_mairie_fr(path: Path) -> Expected:
    """A town hall's workbook: a merged title, two more title rows, the header on row 4, blank rows, a TOTAL line,
    units in titles, prices as numbers and as text with a decimal comma, dates as date cells and as text."""
    from openpyxl import Workbook

    header = ["Nom du poste", "N° de série", "Numéro d'inventaire", "Marque", "Modèle", "Type", "Service", "Site",
              "Utilisateur", "Date d'achat (jj/mm/aaaa)", "Prix HT (€)", "Garantie (mois)"]  # fmt: skip
    rows = [
        ["Inventaire du parc informatique — Mairie de Saint-Éloi"],
        ["Service informatique — état au 31/12/2024"],
        ["Montants en euros hors taxes"],
        header,
        ["PC-ACC-01", "FR5A0001", "SE-001", "Dell", "OptiPlex 7010", "Unité centrale", "Accueil", "Mairie",
         "Marie Curie", datetime.datetime(2023, 3, 15), 849.9, 36],
        ["PC-URB-02", "FR5A0002", "SE-002", "HP", "ProBook 450 G9", "Portable", "Urbanisme", "Mairie", "Luc Moreau",
         "02/05/2022", "1 099,50", "36 mois"],
        [],
        ["ECR-ACC-03", "FR5A0003", "SE-003", "Iiyama", "ProLite XU2493HS", "Écran", "Accueil", "Mairie", None,
         datetime.datetime(2021, 11, 30), "189,00 €", "3 ans"],
        ["PC-ST-04", "FR5A0004", "SE-004", "Lenovo", "ThinkCentre M75q Gen 2", "Unité centrale",
         "Services techniques", "Centre technique", "Paul Leroy", "31/01/2020", 649, 60],
        [],
        ["TOTAL", None, None, None, None, None, None, None, None, None, 2787.4, None],
    ]  # fmt: skip
    workbook = Workbook()
    sheet = workbook_sheet(workbook, "Parc 2024", rows, first=True)
    sheet.merge_cells("A1:L1")
    sheet.merge_cells("A2:L2")
    workbook.save(path)
    return Expected(
        new=4,
        header_row=4,
        skipped_lines=[11],
        **unused(header, "Nom du poste"),
        sheet="Parc 2024",
        sheets=["Parc 2024"],
        samples={"Nom du poste": ["PC-ACC-01", "PC-URB-02", "ECR-ACC-03"]},
        devices={
            "FR5A0001": {
                "asset_tag": "SE-001",
                "manufacturer": "Dell",
                "model": "OptiPlex 7010",
                "price": D("849.90"),
                "acquisition_date": day(2023, 3, 15),
                "warranty_end": day(2026, 3, 15),
                "service": "Accueil",
                "site": "Mairie",
                "holder": "Marie Curie",
            },
            "FR5A0002": {"price": D("1099.50"), "acquisition_date": day(2022, 5, 2), "warranty_end": day(2025, 5, 2)},
            "FR5A0003": {
                "price": D("189.00"),
                "acquisition_date": day(2021, 11, 30),
                "warranty_end": day(2024, 11, 30),
                "holder": None,
            },
            "FR5A0004": {
                "price": D("649.00"),
                "acquisition_date": day(2020, 1, 31),
                "warranty_end": day(2025, 1, 31),
                "site": "Centre technique",
                "service": "Services techniques",
            },
        },
        source="Hand-made FR workbook: merged title rows, header on row 4, blank rows, TOTAL, 'Prix HT (€)', "
        "'Date d'achat (jj/mm/aaaa)', decimal commas as text and numbers, '3 ans'",
    )


def toestellen_nl(path: Path) -> Expected:
    """A Flemish town's workbook: an "Info" sheet first, the fleet on the second sheet under one merged title row,
    "Totaal" left of the sum, a cost-centre column nobody maps."""
    from openpyxl import Workbook

    header = ["Serienummer", "Inventarisnummer", "Merk", "Model", "Type", "Afdeling", "Locatie", "Gebruiker",
              "Aankoopdatum", "Aankoopprijs (€)", "Garantie (maanden)", "Opmerkingen", "Kostenplaats"]  # fmt: skip
    workbook = Workbook()
    workbook_sheet(
        workbook,
        "Info",
        [["Toestellenpark Gemeente Gent"], [], ["Bijgewerkt op", datetime.datetime(2025, 1, 6)],
         ["Contact", "ict@gent.example"]],
        first=True,
    )  # fmt: skip
    sheet = workbook_sheet(
        workbook,
        "Toestellen",
        [
            ["Toestellenpark — stand op 1 januari 2025"],
            header,
            ["5CG2345ABC", "GENT-1001", "HP", "EliteBook 840 G9", "Laptop", "Burgerzaken", "Administratief Centrum",
             "Jan Peeters", datetime.datetime(2022, 9, 14), 1234.5, 36, None, "KP-410"],
            ["PF3GHJ12", "GENT-1002", "Lenovo", "ThinkPad L14 Gen 3", "Laptop", "Financiën", "Administratief Centrum",
             "Els Wouters", "03-10-2022", "1.099,50", "3 jaar", "Nieuwe batterij", "KP-220"],
            ["CN0P24KL9", "GENT-1003", "Dell", "P2422H", "Scherm", "Burgerzaken", "Stadhuis", None,
             datetime.datetime(2021, 5, 20), "€ 189,00", "60 maanden", None, "KP-415"],
            ["MXL1234QWE", "GENT-1004", "HP", "ProDesk 400 G7", "Desktop", "ICT", "Stadhuis", "Ahmed El Amrani",
             "20.01.2021", 699, 48, None, "KP-410"],
            [None, None, None, None, None, None, None, None, "Totaal", 3222, None, None, None],
        ],
    )  # fmt: skip
    sheet.merge_cells("A1:M1")
    workbook.save(path)
    return Expected(
        new=4,
        header_row=2,
        skipped_lines=[7],
        **unused(header, "Kostenplaats"),
        sheet="Toestellen",
        sheets=["Info", "Toestellen"],
        job={"sheet": "Toestellen"},
        samples={"Kostenplaats": ["KP-410", "KP-220", "KP-415"]},
        devices={
            "5CG2345ABC": {
                "asset_tag": "GENT-1001",
                "manufacturer": "HP",
                "model": "EliteBook 840 G9",
                "price": D("1234.50"),
                "acquisition_date": day(2022, 9, 14),
                "warranty_end": day(2025, 9, 14),
                "service": "Burgerzaken",
                "site": "Administratief Centrum",
                "holder": "Jan Peeters",
            },
            "PF3GHJ12": {
                "price": D("1099.50"),
                "acquisition_date": day(2022, 10, 3),
                "warranty_end": day(2025, 10, 3),
                "notes": "Nieuwe batterij",
                "service": "Financiën",
            },
            "CN0P24KL9": {"price": D("189.00"), "warranty_end": day(2026, 5, 20), "holder": None},
            "MXL1234QWE": {
                "price": D("699.00"),
                "acquisition_date": day(2021, 1, 20),
                "warranty_end": day(2025, 1, 20),
                "holder": "Ahmed El Amrani",
            },
        },
        source="Hand-made NL workbook: 'Info' sheet first, fleet on 'Toestellen', 'Aankoopprijs (€)', "
        "'Garantie (maanden)', '3 jaar', '60 maanden', d.m.Y, 'Totaal'",
    )


def it_assets_en(path: Path) -> Expected:
    """An English workbook with hidden columns (a titled one and an untitled helper), a "Sum" row after a blank
    row, a datetime cell, "Y-m-d H:i" text, a "EUR 1,189.00" price."""
    from openpyxl import Workbook

    header = ["Hostname", "Asset tag", "Serial number", "Brand", "Model", "Category", "Department", "Location",
              "User", "Purchase date", "Price (EUR)", "Warranty end", "Cost centre", None, "Notes"]  # fmt: skip
    rows = [
        ["IT assets — Finance department (exported 2025-01-06)"],
        header,
        ["FIN-LT-01", "FIN-0001", "1AB2C3D", "Dell", "Latitude 5440", "Laptop", "Finance", "Head Office",
         "Sarah Connor", datetime.datetime(2023, 6, 30), 1249.0, datetime.datetime(2026, 6, 30), "CC-100", "x", None],
        ["FIN-LT-02", "FIN-0002", "1AB2C3E", "Dell", "Latitude 5440", "Laptop", "Finance", "Head Office",
         "Kyle Reese", "2023-06-30 14:30", 1249.0, "30/06/2026", "CC-100", "x", "Keyboard UK layout"],
        ["FIN-DT-03", "FIN-0003", "8ZX7Y6W", "HP", "Elite Tower 800 G9", "Desktop", "Payroll", "Annex", None,
         datetime.datetime(2022, 1, 10, 9, 15), "EUR 1,189.00", datetime.datetime(2027, 1, 10), "CC-110", "x",
         None],
        ["FIN-MN-04", "FIN-0004", "CN0QWE12", "Dell", "P2723D", "Monitor", "Payroll", "Annex", None,
         datetime.datetime(2022, 1, 10), 289.99, None, "CC-110", None, None],
        [],
        ["Sum", None, None, None, None, None, None, None, None, None, 3976.99, None, None, None, None],
    ]  # fmt: skip
    workbook = Workbook()
    sheet = workbook_sheet(workbook, "Assets", rows, first=True)
    sheet.column_dimensions["M"].hidden = True
    sheet.column_dimensions["N"].hidden = True
    workbook.save(path)
    return Expected(
        new=4,
        header_row=2,
        skipped_lines=[8],
        unused_columns=["Hostname", "Cost centre", ""],
        unused_indices=[1, 13, 14],
        sheet="Assets",
        sheets=["Assets"],
        samples={"Hostname": ["FIN-LT-01", "FIN-LT-02", "FIN-DT-03"]},
        devices={
            "1AB2C3D": {
                "asset_tag": "FIN-0001",
                "manufacturer": "Dell",
                "model": "Latitude 5440",
                "price": D("1249.00"),
                "acquisition_date": day(2023, 6, 30),
                "warranty_end": day(2026, 6, 30),
                "service": "Finance",
                "site": "Head Office",
                "holder": "Sarah Connor",
            },
            "1AB2C3E": {
                "acquisition_date": day(2023, 6, 30),
                "warranty_end": day(2026, 6, 30),
                "notes": "Keyboard UK layout",
            },
            "8ZX7Y6W": {
                "acquisition_date": day(2022, 1, 10),
                "price": D("1189.00"),
                "warranty_end": day(2027, 1, 10),
                "holder": None,
                "service": "Payroll",
            },
            "CN0QWE12": {"price": D("289.99"), "warranty_end": None},
        },
        source="Hand-made EN workbook: hidden columns M (titled) and N (untitled helper), 'Sum' row, "
        "'Price (EUR)', datetime cells, 'Y-m-d H:i' text, 'EUR 1,189.00'",
    )


def excel_cp1252_fr() -> tuple[bytes, Expected]:
    """Excel's "CSV (séparateur : point-virgule)" on a French Windows: cp1252, CRLF, non-breaking spaces as
    thousands separators, "€" (0x80), a quoted cell with a doubled quote."""
    header = ["N° de série", "Numéro d'inventaire", "Fabricant", "Modèle", "Catégorie", "Direction", "Site",
              "Détenteur", "Date d'achat", "Prix", "Fin de garantie", "Remarques"]  # fmt: skip
    rows = [
        ["4HG7K12", "CD59-0101", "Dell", "Latitude 5430", "Portable", "Direction des collèges",
         "Hôtel du Département", "Hélène Lefèvre", "12/09/2022", "1\u00a0149,00", "12/09/2025", "Sacoche fournie"],
        ["4HG7K13", "CD59-0102", "Dell", "Latitude 5430", "Portable", "Direction des collèges",
         "Hôtel du Département", "François Müller", "12/09/2022", "1\u00a0149,00", "12/09/2025", ""],
        ["CZC2233ZZ", "CD59-0103", "HP", "Z2 Tower G9", "Station de travail", "Direction de l'aménagement",
         "Cité administrative", "Noël Baptiste", "03/01/2023", "2\u00a0389,90 €", "03/01/2028", 'Écran 32" inclus'],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        samples={"N° de série": ["4HG7K12", "4HG7K13", "CZC2233ZZ"]},
        devices={
            "4HG7K12": {
                "asset_tag": "CD59-0101",
                "price": D("1149.00"),
                "acquisition_date": day(2022, 9, 12),
                "warranty_end": day(2025, 9, 12),
                "holder": "Hélène Lefèvre",
                "service": "Direction des collèges",
                "site": "Hôtel du Département",
                "notes": "Sacoche fournie",
            },
            "4HG7K13": {"holder": "François Müller"},
            "CZC2233ZZ": {
                "price": D("2389.90"),
                "warranty_end": day(2028, 1, 3),
                "notes": 'Écran 32" inclus',
                "service": "Direction de l'aménagement",
                "model": "Z2 Tower G9",
            },
        },
        source="Excel FR 'CSV (point-virgule)': cp1252, CRLF, NBSP thousands, '€', doubled quote",
    )
    return excel_csv([header, *rows]), expected


def gemeente_nl_csv() -> tuple[bytes, Expected]:
    """Excel's "CSV UTF-8" on a Dutch-language Windows: ";" delimiter, BOM, CRLF, "€ 1.349,00", d.m.Y dates,
    "Levenslang", a blank line in the middle, "Totaal" left of the sum."""
    header = ["Serienummer", "Inventarisnummer", "Merk", "Model", "Afdeling", "Aankoopdatum", "Aankoopprijs (€)",
              "Garantie (maanden)", "Opmerkingen"]  # fmt: skip
    rows = [
        header,
        ["FOC2345X0AB", "LEU-2001", "Cisco", "Catalyst 1000-24T-4G-L", "ICT", "01.09.2023", "€ 1.349,00",
         "Levenslang", "Beperkte levenslange garantie"],
        ["5CG3456DEF", "LEU-2002", "HP", "ProBook 440 G10", "Communicatie", "15.09.2023", "€ 879,00", "36 maanden",
         ""],
        ["", "", "", "", "", "", "", "", ""],
        ["5CG3456DEG", "LEU-2003", "HP", "ProBook 440 G10", "Communicatie", "15.09.2023", "€ 879,00", "3 jaar", ""],
        ["", "", "", "", "", "Totaal", "€ 3.107,00", "", ""],
    ]  # fmt: skip
    expected = Expected(
        new=3,
        skipped_lines=[6],
        samples={"Serienummer": ["FOC2345X0AB", "5CG3456DEF", "5CG3456DEG"]},
        devices={
            "FOC2345X0AB": {
                "price": D("1349.00"),
                "acquisition_date": day(2023, 9, 1),
                "warranty_end": LIFELONG,
                "service": "ICT",
                "manufacturer": "Cisco",
                "model": "Catalyst 1000-24T-4G-L",
                "notes": "Beperkte levenslange garantie",
            },
            "5CG3456DEF": {
                "price": D("879.00"),
                "acquisition_date": day(2023, 9, 15),
                "warranty_end": day(2026, 9, 15),
            },
            "5CG3456DEG": {"warranty_end": day(2026, 9, 15), "asset_tag": "LEU-2003"},
        },
        source="Excel NL 'CSV UTF-8': ';', BOM, CRLF, '€ 1.349,00', d.m.Y, 'Levenslang', blank line, 'Totaal'",
    )
    return excel_csv(rows, encoding="utf-8", bom=True), expected


def parc_ecoles_ods(path: Path) -> Expected:
    """A LibreOffice Calc workbook (odfpy): a title row, the header on row 2, date and float cells, a "Total
    général" line, a second sheet of drop-down lists."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value):
        if value is None:
            return TableCell()
        if isinstance(value, datetime.date):
            made = TableCell(valuetype="date", datevalue=value.isoformat())
            made.addElement(P(text=value.strftime("%d/%m/%Y")))
            return made
        if isinstance(value, int | float):
            made = TableCell(valuetype="float", value=value)
            made.addElement(P(text=str(value).replace(".", ",")))
            return made
        made = TableCell(valuetype="string")
        made.addElement(P(text=value))
        return made

    def table(name, rows):
        made = Table(name=name)
        for values in rows:
            row = TableRow()
            for value in values:
                row.addElement(cell(value))
            made.addElement(row)
        return made

    header = ["Établissement", "N° de série", "Inventaire", "Fabricant", "Modèle", "Catégorie", "Site",
              "Date d'achat", "Prix", "Garantie (mois)"]  # fmt: skip
    rows = [
        ["Parc numérique des écoles — rentrée 2024"],
        header,
        ["École Jules Ferry", "R9TQ12345", "ECO-001", "Samsung", "Galaxy Tab A8", "Tablette", "École Jules Ferry",
         day(2022, 9, 1), 229.0, 24],
        ["École Jules Ferry", "R9TQ12346", "ECO-002", "Samsung", "Galaxy Tab A8", "Tablette", "École Jules Ferry",
         day(2022, 9, 1), 229.0, 24],
        ["École Pasteur", "NXA5QEF001", "ECO-003", "Acer", "TravelMate B3", "Portable", "École Pasteur",
         day(2021, 1, 15), 379.9, 36],
        ["Total général", None, None, None, None, None, None, None, 837.9, None],
    ]  # fmt: skip
    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(table("Écoles", rows))
    document.spreadsheet.addElement(table("Listes", [["Catégories"], ["Tablette"], ["Portable"]]))
    document.save(str(path))
    return Expected(
        new=3,
        header_row=2,
        skipped_lines=[6],
        **unused(header, "Établissement"),
        sheet="Écoles",
        sheets=["Écoles", "Listes"],
        samples={"N° de série": ["R9TQ12345", "R9TQ12346", "NXA5QEF001"]},
        devices={
            "R9TQ12345": {
                "asset_tag": "ECO-001",
                "manufacturer": "Samsung",
                "model": "Galaxy Tab A8",
                "price": D("229.00"),
                "acquisition_date": day(2022, 9, 1),
                "warranty_end": day(2024, 9, 1),
                "site": "École Jules Ferry",
            },
            "NXA5QEF001": {
                "price": D("379.90"),
                "acquisition_date": day(2021, 1, 15),
                "warranty_end": day(2024, 1, 15),
                "site": "École Pasteur",
            },
        },
        source="LibreOffice ODS (odfpy): title row, header row 2, date and float cells, 'Total général', 2 sheets",
    )


def sous_totaux_fr(path: Path) -> Expected:
    """Devices grouped by service with a "Sous-total" line after each group and a "Total général" at the end;
    header on row 3 under a merged title and a blank row."""
    from openpyxl import Workbook

    header = ["Service", "Numéro de série", "Numéro d'inventaire", "Fabricant", "Modèle", "Date d'achat", "Prix",
              "Fin de garantie"]  # fmt: skip
    rows = [
        ["Inventaire par service — Communauté d'agglomération"],
        [],
        header,
        ["Culture", "CUL5X001", "CUL-001", "Dell", "OptiPlex 3000", datetime.datetime(2022, 3, 1), 612.0,
         datetime.datetime(2025, 3, 1)],
        ["Culture", "CUL5X002", "CUL-002", "Dell", "OptiPlex 3000", datetime.datetime(2022, 3, 1), 612.0,
         datetime.datetime(2025, 3, 1)],
        ["Sous-total", None, None, None, None, None, 1224.0, None],
        [],
        ["Sports", "SPO5X001", "SPO-001", "HP", "ProDesk 400 G9", datetime.datetime(2023, 1, 16), 705.5,
         datetime.datetime(2026, 1, 16)],
        ["Sous-total", None, None, None, None, None, 705.5, None],
        [],
        ["Total général", None, None, None, None, None, 1929.5, None],
    ]  # fmt: skip
    workbook = Workbook()
    sheet = workbook_sheet(workbook, "Inventaire", rows, first=True)
    sheet.merge_cells("A1:H1")
    workbook.save(path)
    return Expected(
        new=3,
        header_row=3,
        skipped_lines=[6, 9, 11],
        sheet="Inventaire",
        sheets=["Inventaire"],
        samples={"Numéro de série": ["CUL5X001", "CUL5X002", "SPO5X001"]},
        devices={
            "CUL5X001": {
                "service": "Culture",
                "price": D("612.00"),
                "acquisition_date": day(2022, 3, 1),
                "warranty_end": day(2025, 3, 1),
                "manufacturer": "Dell",
                "model": "OptiPlex 3000",
            },
            "SPO5X001": {"service": "Sports", "price": D("705.50"), "warranty_end": day(2026, 1, 16)},
        },
        source="Hand-made FR workbook: header row 3, 'Sous-total' after each service, 'Total général'",
    )


OWN_MAPPING = {"Code": "serial_number", "Étiquette": "asset_tag", "Fabricant maison": "manufacturer",
               "Référence": "model"}  # fmt: skip


def parc_maison_override() -> tuple[bytes, Expected]:
    """Titles nobody knows, under two title rows: refused (missing_column) until the user gives the header row
    and maps the columns."""
    rows = [
        ["Parc informatique maison", "", "", "", ""],
        ["Extraction du 03/02/2025", "", "", "", ""],
        ["Code", "Étiquette", "Fabricant maison", "Référence", "Réf. interne"],
        ["SN-O-001", "T-O-001", "Lenovo", "ThinkPad T14", "R-17"],
        ["SN-O-002", "T-O-002", "Dell", "Latitude 5440", "R-18"],
        ["SN-O-003", "T-O-003", "HP", "ProBook 450 G10", "R-19"],
    ]
    expected = Expected(
        new=3,
        header_row=3,
        unused_columns=["Réf. interne"],
        unused_indices=[5],
        job={"header_row": 3, "columns": OWN_MAPPING},
        without_job="missing_column",
        samples={"Réf. interne": ["R-17", "R-18", "R-19"]},
        devices={
            "SN-O-001": {"asset_tag": "T-O-001", "manufacturer": "Lenovo", "model": "ThinkPad T14"},
            "SN-O-003": {"asset_tag": "T-O-003", "manufacturer": "HP", "model": "ProBook 450 G10"},
        },
        source="Own titles (Code, Étiquette, Fabricant maison, Référence) under two title rows: header_row 3 and a "
        "mapping needed",
    )
    return excel_csv(rows, encoding="utf-8"), expected


def erreurs_saisie_fr() -> tuple[bytes, Expected]:
    """A hand-typed file with the faults people make: a price in words, 31 February, a doubtful duration, and the
    first serial typed again in lower case with a trailing space."""
    rows = [
        ["N° de série", "Numéro d'inventaire", "Marque", "Modèle", "Service", "Date d'achat", "Prix",
         "Garantie (mois)"],
        ["SN-E-001", "INV-E-001", "Dell", "Latitude 5440", "Accueil", "15/03/2023", "1 099,50", "36"],
        ["SN-E-002", "INV-E-002", "Dell", "Latitude 5440", "Accueil", "15/03/2023", "environ 900", "36"],
        ["SN-E-003", "INV-E-003", "HP", "ProBook 450 G10", "Urbanisme", "31/02/2024", "899,00", "36"],
        ["SN-E-004", "INV-E-004", "HP", "ProBook 450 G10", "Urbanisme", "01/02/2024", "899,00", "36 mois?"],
        ["SN-E-005", "INV-E-005", "Lenovo", "ThinkPad E14", "État civil", "10/10/2023", "749,00", "24"],
        ["sn-e-001 ", "INV-E-006", "Dell", "Latitude 5440", "Accueil", "15/03/2023", "1 099,50", "36"],
    ]  # fmt: skip
    expected = Expected(
        new=2,
        refused=True,
        rejected_lines={3: "not_a_number", 4: "invalid_date", 5: "invalid_duration", 7: "duplicate_serial"},
        samples={"N° de série": ["SN-E-001", "SN-E-002", "SN-E-003"]},
        source="Hand-made FR CSV with 'environ 900', 31/02/2024, '36 mois?' and a duplicate serial",
    )
    return plain_csv(rows, delimiter=";"), expected


# --- the corpus ----------------------------------------------------------------------------------------------


def write_realistic_corpus(directory) -> dict[str, Expected]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    texts = {
        "glpi10_computers_fr_FR.csv": glpi10_computers_fr,
        "glpi10_computers_en_GB.csv": glpi10_computers_en_gb,
        "glpi10_computers_en_US.csv": glpi10_computers_en_us,
        "glpi11_computers_fr_FR.csv": glpi11_computers_fr,
        "glpi11_0_7_computers_en_GB_bom.csv": glpi11_computers_en_gb_bom,
        "glpi10_monitors_fr_FR.csv": glpi10_monitors_fr,
        "glpi10_phones_fr_FR.csv": glpi10_phones_fr,
        "glpi10_printers_fr_FR.csv": glpi10_printers_fr,
        "glpi10_errors_fr_FR.csv": glpi10_errors_fr,
        "snipeit_custom_report.csv": snipeit_custom_report,
        "snipeit_custom_report_bom_decimal_comma.csv": lambda: snipeit_custom_report(decimal_comma=True),
        "snipeit_importer_template.csv": snipeit_importer_template,
        "excel_fr_cp1252.csv": excel_cp1252_fr,
        "gemeente_nl_utf8_bom.csv": gemeente_nl_csv,
        "parc_maison_header_override.csv": parc_maison_override,
        "erreurs_saisie_fr.csv": erreurs_saisie_fr,
    }
    for name, make in texts.items():
        content, expected[name] = make()
        (directory / name).write_bytes(content)
    binaries = {
        "glpi11_computers_fr_FR.xlsx": glpi11_computers_fr_xlsx,
        "snipeit_list_export.xlsx": snipeit_list_xlsx,
        "parc_mairie_fr.xlsx": parc_mairie_fr,
        "toestellen_gemeente_nl.xlsx": toestellen_nl,
        "it_assets_en_hidden_columns.xlsx": it_assets_en,
        "sous_totaux_services_fr.xlsx": sous_totaux_fr,
        "parc_ecoles.ods": parc_ecoles_ods,
    }
    for name, make in binaries.items():
        expected[name] = make(directory / name)
    return expected


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for name, item in write_realistic_corpus(target).items():
        outcome = item.refusal or ("refused " + str(item.rejected_lines) if item.refused else f"{item.new} new")
        print(f"{name:45} {(target / name).stat().st_size:6} B  {outcome:40} {item.source}")
