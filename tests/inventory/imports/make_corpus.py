"""Writes the import corpus: good exports from GLPI, Snipe-IT and messy spreadsheets, and bad files.

`write_corpus(directory)` returns {file name: expected error code, or "" for a file that imports cleanly}.
Binary formats are written here rather than committed, so that the corpus stays readable in review.
Run it directly to look at the files: python -m tests.inventory.imports.make_corpus DIRECTORY
"""

import datetime
import sys
import zipfile
from pathlib import Path

# GLPI's French list export: semicolons, Windows-1252, dd/mm/yyyy, decimal comma.
GLPI_FR = (
    "Nom;Entité;Statut;Fabricant;Numéro de série;Type;Modèle;Lieu;Numéro d'inventaire;Utilisateur;ID;"
    "Date d'achat;Valeur;Fournisseur;Durée de garantie\r\n"
    "PC-COMPTA-01;Direction des finances;En service;Dell Inc.;7XK2L13;Portable;Latitude 5420;Hôtel de Ville;"
    "INV-0001;Élodie Lefèvre;12;15/03/2021;1 234,50;Econocom;36\r\n"
    "PC-RH-02;Ressources humaines;En stock;HP;CZC1234ABC;Tour;EliteDesk 800 G6;Annexe Saint-Éloi;INV-0002;;13;"
    "02/11/2020;689,00;Bechtle;60\r\n"
    "ECR-RH-03;Ressources humaines;En service;Iiyama;11223344;Moniteur;ProLite XU2493HS;Annexe Saint-Éloi;"
    "INV-0003;Jean Dupont;14;2022-01-10;149,90;;24\r\n"
)
SNIPEIT = (
    "ID,Company,Asset Name,Asset Tag,Model,Model No.,Category,Manufacturer,Serial,Purchased,Purchase Cost,"
    "Status,Checked Out To,Location,Supplier,Warranty,Notes\n"
    "101,Gemeente Gent,,GENT-0001,ThinkPad T14 Gen 3,21AH,Laptops,Lenovo,PF3ABCDE,2023-02-01,1099.00,"
    "Ready to Deploy,,Stadhuis,Centralpoint,36,\n"
    "102,Gemeente Gent,,GENT-0002,ThinkPad T14 Gen 3,21AH,Laptops,Lenovo,PF3ABCDF,2023-02-01,1099.00,"
    "Deployed,Pieter Janssens,Stadhuis,Centralpoint,36,Spare battery\n"
)
GENERIC_HEADER = ["Numéro de série", "Numéro d'inventaire", "Marque", "Modèle", "Type", "Service", "Date d'achat"]
GENERIC_HEADER += ["Prix"]
GENERIC_ROWS = [
    ["SN-XL-001", "T-001", "Dell", "OptiPlex 7090", "Desktop", "Accueil", datetime.datetime(2021, 6, 1), 799.5],
    ["SN-XL-002", "T-002", "Dell", "P2422H", "Écran", "Accueil", datetime.datetime(2021, 6, 1), 189],
]
END = "</table:table-cell>"
HEAD = "serial number,asset tag,manufacturer,model,acquisition date,price,notes\n"


def _text(directory: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    (directory / name).write_bytes(text.encode(encoding))


def write_xlsx(path: Path, header: list, rows: list) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Parc"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _ods_cell(value) -> str:
    if isinstance(value, datetime.datetime):
        iso = value.date().isoformat()
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}"><text:p>{iso}</text:p>{END}'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>{END}'
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>{END}'


def write_ods(path: Path, header: list, rows: list) -> None:
    """A minimal OpenDocument spreadsheet, written by hand: odfpy is not installed."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in [header, *rows]
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Parc">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def write_zip_bomb(path: Path) -> None:
    """150 MB of zeros behind an XLSX name: about 150 kB on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _i in range(150):
                member.write(chunk)


def write_corpus(directory: Path) -> dict[str, str]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    _text(directory, "glpi_computers_fr.csv", GLPI_FR, "cp1252")
    _text(directory, "snipeit_export.csv", SNIPEIT)
    write_xlsx(directory / "generic.xlsx", GENERIC_HEADER, GENERIC_ROWS)
    write_ods(directory / "generic.ods", GENERIC_HEADER, GENERIC_ROWS)
    formulas = (
        'SN-F1,T-F1,Dell,"=HYPERLINK(""http://x"")",2021-01-01,10,+33 1 23\n'
        "SN-F2,T-F2,Dell,Latitude,2021-01-01,10,@SUM(A1)\nSN-F3,T-F3,Dell,Latitude,2021-01-01,10,-cmd\n"
    )
    _text(directory, "formulas.csv", HEAD + formulas)
    _text(directory, "tabs_bom.tsv", "\ufeff" + HEAD.replace(",", "\t") + "SN-T1\tT-T1\tHP\tProBook 450\t01/02/2022\t"
          "1.234,50\t\n")  # fmt: skip
    bad = {
        "empty.csv": ("", "empty_file"),
        "header_only.csv": (HEAD, "no_rows"),
        "missing_column.csv": ("asset tag,notes\nT-1,x\n", "missing_column"),
        "ragged.csv": (HEAD + "SN-R1,T-R1,Dell,Latitude,2021-01-01,10,,extra,cells\n", "ragged_row"),
        "duplicate_serials.csv": (HEAD + "SN-D1,T-D1,Dell,Latitude,,,\nsn-d1 ,T-D2,Dell,X,,,\n", "duplicate_serial"),
        "impossible_date.csv": (HEAD + "SN-I1,T-I1,Dell,Latitude,31/02/2024,10,\n", "invalid_date"),
        "negative_price.csv": (HEAD + "SN-N1,T-N1,Dell,Latitude,2021-01-01,-10,\n", "negative_price"),
        "text_in_number.csv": (HEAD + "SN-X1,T-X1,Dell,Latitude,2021-01-01,cheap,\n", "not_a_number"),
    }  # fmt: skip
    expected = dict.fromkeys(("glpi_computers_fr.csv", "snipeit_export.csv", "generic.xlsx", "generic.ods"), "")
    expected |= {"formulas.csv": "", "tabs_bom.tsv": ""}
    for name, (text, code) in bad.items():
        _text(directory, name, text)
        expected[name] = code
    (directory / "garbage.csv").write_bytes(bytes(range(256)) * 64)
    expected["garbage.csv"] = "unknown_encoding"
    huge = "x" * (10 * 1024 * 1024 + 1)
    (directory / "huge_cell.csv").write_text(HEAD + "SN-H1,T-H1,Dell,Latitude,,," + huge + "\n")
    expected["huge_cell.csv"] = "cell_too_large"
    write_zip_bomb(directory / "zip_bomb.xlsx")
    expected["zip_bomb.xlsx"] = "zip_bomb"
    (directory / "picture.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    expected["picture.xlsx"] = "not_a_spreadsheet"
    return expected


if __name__ == "__main__":
    for name, code in write_corpus(Path(sys.argv[1])).items():
        print(name, code or "ok")
