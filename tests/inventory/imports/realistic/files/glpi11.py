"""GLPI 11 list exports: computers as CSV before and from 11.0.7 (the BOM came back), and as XLSX."""

from pathlib import Path

from tests.inventory.imports.realistic.files.expected import LIFELONG, D, Expected, day, unused
from tests.inventory.imports.realistic.files.glpi import FIN_FR, FIN_GB, glpi11_csv, place
from tests.inventory.imports.realistic.files.writers import xlsx_workbook


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
    xlsx_workbook({"Worksheet": [header, *rows]}).save(path)
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
