"""Snipe-IT v8.1.4 files: the assets list export (XLSX), the custom asset report (CSV) and a file filled in for its
CSV importer, each as Snipe-IT's source writes or reads it (exporters.md §4)."""

from pathlib import Path

from tests.inventory.imports.realistic.files.expected import D, Expected, day, unused
from tests.inventory.imports.realistic.files.writers import delimited, encoded, plain_csv, quoted, xlsx_workbook


def php_fputcsv(rows: list[list[str]], *, bom: bool = False) -> bytes:
    """PHP's fputcsv: ",", a cell quoted only when it holds the delimiter, a quote, a backslash, a space, a tab or a
    line break, quotes doubled, "\\n" (Snipe-IT ReportsController::postCustom, exporters.md §4b; BOM only when
    "use_bom" is ticked, line 446)."""

    def cell(value: str) -> str:
        return quoted(value) if any(ch in value for ch in ',"\\ \t\r\n') else value

    return encoded(delimited(rows, cell, delimiter=",", line_end="\n"), bom=bom)


def snipeit_list_xlsx(path: Path) -> Expected:
    # Assets list "Export" (bootstrap-table, resources/views/partials/bootstrap-table.blade.php:105 exportTypes
    # 'xlsx'): the column titles (lines 45-48) of AssetPresenter::dataTableLayout() (exporters.md §4a): the default
    # visible columns (Asset Name, Asset Tag, Serial, Model, Category, Status, Checked Out To, Location, Purchase
    # Cost, Current Value) and hidden ones the user showed (Manufacturer, Supplier, Purchase Date, Warranty,
    # Warranty Expires, Notes). Cells hold the displayed text: Warranty "36 months" (AssetsTransformer.php:83),
    # formatted currency (formatCurrencyOutput, lines 120-131), dates per the date setting (Y-m-d). The export
    # library's sheet name was not read: "Sheet1" here.
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
    xlsx_workbook({"Sheet1": [header, *rows]}).save(path)
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
