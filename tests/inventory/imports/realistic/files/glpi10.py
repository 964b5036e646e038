"""GLPI 10.0.14 list exports as CSV: computers in fr_FR, en_GB and en_US, monitors, phones and printers in fr_FR,
and a computers file with faults of its own. Each follows GLPI's source as read in exporters.md (cited per file)."""

from tests.inventory.imports.realistic.files.expected import LIFELONG, D, Expected, day, unused
from tests.inventory.imports.realistic.files.glpi import FIN_FR, FIN_GB, FIN_US, glpi10_csv, place


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
