"""Writes the realistic import corpus of issue 11: files as GLPI, Snipe-IT and people really make them.

`write_realistic_corpus(directory)` returns {file name: Expected}. Every expected figure was worked out by hand
from the rows written in the modules of files/ (one per kind of file), never by running the importer. Each exporter
file follows what the tool's own source writes, as read in /work/shared/research/exporters.md (cited per file as
"exporters.md §n" with the tool's source path and line). Binary formats are written by their libraries (openpyxl,
odfpy).

Run it to look at the files: python -m tests.inventory.imports.realistic.make_files DIRECTORY
"""

import sys
from pathlib import Path

from tests.inventory.imports.realistic.files import glpi10, glpi11, handmade_csv, handmade_workbooks, snipeit
from tests.inventory.imports.realistic.files.expected import Expected

# {file name: function returning (content, Expected)}, written in this order.
TEXT_FILES = {
    "glpi10_computers_fr_FR.csv": glpi10.glpi10_computers_fr,
    "glpi10_computers_en_GB.csv": glpi10.glpi10_computers_en_gb,
    "glpi10_computers_en_US.csv": glpi10.glpi10_computers_en_us,
    "glpi11_computers_fr_FR.csv": glpi11.glpi11_computers_fr,
    "glpi11_0_7_computers_en_GB_bom.csv": glpi11.glpi11_computers_en_gb_bom,
    "glpi10_monitors_fr_FR.csv": glpi10.glpi10_monitors_fr,
    "glpi10_phones_fr_FR.csv": glpi10.glpi10_phones_fr,
    "glpi10_printers_fr_FR.csv": glpi10.glpi10_printers_fr,
    "glpi10_errors_fr_FR.csv": glpi10.glpi10_errors_fr,
    "snipeit_custom_report.csv": snipeit.snipeit_custom_report,
    "snipeit_custom_report_bom_decimal_comma.csv": lambda: snipeit.snipeit_custom_report(decimal_comma=True),
    "snipeit_importer_template.csv": snipeit.snipeit_importer_template,
    "excel_fr_cp1252.csv": handmade_csv.excel_cp1252_fr,
    "gemeente_nl_utf8_bom.csv": handmade_csv.gemeente_nl_csv,
    "parc_maison_header_override.csv": handmade_csv.parc_maison_override,
    "erreurs_saisie_fr.csv": handmade_csv.erreurs_saisie_fr,
}
# {file name: function writing the file at the path it is given and returning its Expected}, written after the above.
BINARY_FILES = {
    "glpi11_computers_fr_FR.xlsx": glpi11.glpi11_computers_fr_xlsx,
    "snipeit_list_export.xlsx": snipeit.snipeit_list_xlsx,
    "parc_mairie_fr.xlsx": handmade_workbooks.parc_mairie_fr,
    "toestellen_gemeente_nl.xlsx": handmade_workbooks.toestellen_nl,
    "it_assets_en_hidden_columns.xlsx": handmade_workbooks.it_assets_en,
    "sous_totaux_services_fr.xlsx": handmade_workbooks.sous_totaux_fr,
    "parc_ecoles.ods": handmade_workbooks.parc_ecoles_ods,
}


def write_realistic_corpus(directory) -> dict[str, Expected]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    for name, make in TEXT_FILES.items():
        content, expected[name] = make()
        (directory / name).write_bytes(content)
    for name, make in BINARY_FILES.items():
        expected[name] = make(directory / name)
    return expected


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for name, item in write_realistic_corpus(target).items():
        outcome = item.refusal or ("refused " + str(item.rejected_lines) if item.refused else f"{item.new} new")
        print(f"{name:45} {(target / name).stat().st_size:6} B  {outcome:40} {item.source}")
