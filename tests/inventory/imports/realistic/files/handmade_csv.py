"""CSV files people make: Excel's French and Dutch CSV, titles nobody knows that need a mapping, and a hand-typed
file with the faults people make."""

from tests.inventory.imports.realistic.files.expected import LIFELONG, D, Expected, day
from tests.inventory.imports.realistic.files.writers import excel_csv, plain_csv


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
