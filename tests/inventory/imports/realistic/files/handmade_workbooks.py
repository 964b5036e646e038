"""Workbooks people make by hand: title rows above the header, blank rows, totals, hidden columns, a first sheet
that is not the fleet, numbers and dates as cells and as text; four XLSX files and one ODS."""

import datetime
from pathlib import Path

from tests.inventory.imports.realistic.files.expected import D, Expected, day, unused
from tests.inventory.imports.realistic.files.writers import save_ods, xlsx_workbook


def parc_mairie_fr(path: Path) -> Expected:
    """A town hall's workbook: a merged title, two more title rows, the header on row 4, blank rows, a TOTAL line,
    units in titles, prices as numbers and as text with a decimal comma, dates as date cells and as text."""
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
    workbook = xlsx_workbook({"Parc 2024": rows})
    sheet = workbook["Parc 2024"]
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
    header = ["Serienummer", "Inventarisnummer", "Merk", "Model", "Type", "Afdeling", "Locatie", "Gebruiker",
              "Aankoopdatum", "Aankoopprijs (€)", "Garantie (maanden)", "Opmerkingen", "Kostenplaats"]  # fmt: skip
    info = [["Toestellenpark Gemeente Gent"], [], ["Bijgewerkt op", datetime.datetime(2025, 1, 6)],
            ["Contact", "ict@gent.example"]]  # fmt: skip
    fleet = [
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
    ]  # fmt: skip
    workbook = xlsx_workbook({"Info": info, "Toestellen": fleet})
    workbook["Toestellen"].merge_cells("A1:M1")
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
    workbook = xlsx_workbook({"Assets": rows})
    sheet = workbook["Assets"]
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


def parc_ecoles_ods(path: Path) -> Expected:
    """A LibreOffice Calc workbook (odfpy): a title row, the header on row 2, date and float cells, a "Total
    général" line, a second sheet of drop-down lists."""
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
    save_ods(path, {"Écoles": rows, "Listes": [["Catégories"], ["Tablette"], ["Portable"]]})
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
    workbook = xlsx_workbook({"Inventaire": rows})
    workbook["Inventaire"].merge_cells("A1:H1")
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
