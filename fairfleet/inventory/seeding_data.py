"""Reference tables of the demo fleet: a catalogue of real product lines with plausible specifications,
the mix of an office fleet, people's names, and default services and sites.

Specifications and prices are plausible, not checked against manufacturers' sheets: they serve the
demo, the benchmarks and the tests, never a report.
"""

from decimal import Decimal

from fairfleet.inventory.models import AcquisitionKind
from fairfleet.inventory.models import DeviceState as S
from fairfleet.tenancy.models import Criticality

# One model per line, under its category: manufacturer | model | release year | processor | RAM GB |
# storage type:GB | screen inches | TCO Certified generation | EPEAT tier | French repairability index |
# manufacturer-declared kg CO2e | list price in EUR excl. VAT. "-" marks an unknown or irrelevant value.
CATALOGUE_TABLE = """
[laptop]
Dell | Latitude E7470 | 2016 | Intel Core i5-6300U | 8 | ssd:256 | 14 | 7 | gold | - | - | 1150
Dell | Latitude 5490 | 2018 | Intel Core i5-8350U | 8 | ssd:256 | 14 | 8 | gold | - | - | 980
Dell | Latitude 5410 | 2020 | Intel Core i5-10310U | 16 | ssd:256 | 14 | 8 | gold | - | 298 | 1040
Dell | Latitude 5420 | 2021 | Intel Core i5-1145G7 | 16 | ssd:256 | 14 | 8 | gold | 7.7 | 312 | 1090
Dell | Latitude 3520 | 2021 | Intel Core i5-1135G7 | 8 | ssd:256 | 15.6 | 8 | silver | 7.4 | 285 | 720
Dell | Latitude 5440 | 2023 | Intel Core i5-1345U | 16 | ssd:512 | 14 | 9 | gold | 8.3 | 296 | 1150
Dell | Latitude 7440 | 2023 | Intel Core i7-1365U | 32 | ssd:512 | 14 | 9 | gold | 8.2 | 318 | 1590
Dell | Pro 14 | 2025 | Intel Core Ultra 5 235U | 16 | ssd:512 | 14 | 10 | gold | 8.6 | 270 | 1190
HP | EliteBook 840 G3 | 2016 | Intel Core i5-6300U | 8 | ssd:256 | 14 | 7 | gold | - | - | 1120
HP | EliteBook 840 G5 | 2018 | Intel Core i5-8350U | 8 | ssd:256 | 14 | 8 | gold | - | - | 1080
HP | EliteBook 840 G7 | 2020 | Intel Core i5-10210U | 16 | ssd:512 | 14 | 8 | gold | - | 306 | 1130
HP | EliteBook 840 G8 | 2021 | Intel Core i5-1135G7 | 16 | ssd:512 | 14 | 8 | gold | 8.2 | 301 | 1150
HP | ProBook 450 G8 | 2021 | Intel Core i5-1135G7 | 8 | ssd:256 | 15.6 | 8 | silver | 7.9 | 280 | 790
HP | EliteBook 840 G10 | 2023 | Intel Core i5-1335U | 16 | ssd:512 | 14 | 9 | gold | 8.6 | 290 | 1240
HP | EliteBook 640 G11 | 2024 | Intel Core Ultra 5 125U | 16 | ssd:512 | 14 | 9 | gold | 8.4 | 276 | 1080
Lenovo | ThinkPad T470 | 2017 | Intel Core i5-7300U | 8 | ssd:256 | 14 | 7 | gold | - | - | 1040
Lenovo | ThinkPad T480 | 2018 | Intel Core i5-8350U | 8 | ssd:256 | 14 | 8 | gold | - | - | 1050
Lenovo | ThinkPad T490 | 2019 | Intel Core i5-8365U | 16 | ssd:512 | 14 | 8 | gold | - | 317 | 1090
Lenovo | ThinkPad T14 Gen 2 | 2021 | Intel Core i5-1145G7 | 16 | ssd:512 | 14 | 8 | gold | 7.6 | 306 | 1110
Lenovo | ThinkPad X1 Carbon Gen 9 | 2021 | Intel Core i7-1165G7 | 16 | ssd:512 | 14 | 8 | gold | 6.9 | 330 | 1790
Lenovo | ThinkPad E14 Gen 4 | 2022 | AMD Ryzen 5 5625U | 16 | ssd:512 | 14 | 9 | silver | 7.5 | 260 | 760
Lenovo | ThinkPad T14 Gen 4 | 2023 | Intel Core i5-1345U | 16 | ssd:512 | 14 | 9 | gold | 8.3 | 289 | 1170
Lenovo | ThinkPad T14 Gen 5 | 2024 | Intel Core Ultra 5 125U | 16 | ssd:512 | 14 | 9 | gold | 9.0 | 281 | 1230
Apple | MacBook Air (M1, 2020) | 2020 | Apple M1 | 8 | ssd:256 | 13.3 | - | gold | 6.5 | 161 | 1020
Apple | MacBook Air (M2, 2022) | 2022 | Apple M2 | 8 | ssd:256 | 13.6 | - | gold | 6.3 | 174 | 1190
Apple | MacBook Air (M4, 2025) | 2025 | Apple M4 | 16 | ssd:512 | 13.6 | - | gold | 6.6 | 155 | 1150
Fujitsu | Lifebook U749 | 2019 | Intel Core i5-8265U | 8 | ssd:256 | 14 | 8 | silver | - | - | 930
Fujitsu | Lifebook U7411 | 2021 | Intel Core i5-1145G7 | 16 | ssd:512 | 14 | 8 | silver | 7.1 | 299 | 990
[monitor]
Dell | P2417H | 2016 | - | - | - | 23.8 | 7 | gold | - | - | 190
Dell | P2419H | 2018 | - | - | - | 23.8 | 8 | gold | - | - | 180
Dell | P2422H | 2021 | - | - | - | 23.8 | 8 | gold | - | - | 175
Dell | P2723DE | 2022 | - | - | - | 27 | 9 | gold | - | - | 330
HP | EliteDisplay E243 | 2016 | - | - | - | 23.8 | 7 | gold | - | - | 200
HP | E24 G4 | 2020 | - | - | - | 23.8 | 8 | gold | - | - | 170
HP | E24 G5 | 2022 | - | - | - | 23.8 | 9 | gold | - | - | 180
Lenovo | ThinkVision T24i-20 | 2020 | - | - | - | 23.8 | 8 | gold | - | - | 175
Lenovo | ThinkVision T24i-30 | 2023 | - | - | - | 23.8 | 9 | gold | - | - | 185
Iiyama | ProLite XUB2493HS | 2019 | - | - | - | 23.8 | 8 | silver | - | - | 140
Eizo | FlexScan EV2485 | 2019 | - | - | - | 24.1 | 8 | gold | - | - | 420
[desktop]
Dell | OptiPlex 7040 SFF | 2016 | Intel Core i5-6500 | 8 | hdd:500 | - | 7 | gold | - | - | 720
Dell | OptiPlex 7060 Micro | 2018 | Intel Core i5-8500T | 8 | ssd:256 | - | 8 | gold | - | - | 740
Dell | OptiPlex 7090 Micro | 2021 | Intel Core i5-10500T | 16 | ssd:256 | - | 8 | gold | - | - | 790
Dell | OptiPlex 7010 SFF | 2023 | Intel Core i5-13500 | 16 | ssd:512 | - | 9 | gold | - | - | 820
HP | ProDesk 600 G3 SFF | 2017 | Intel Core i5-7500 | 8 | ssd:256 | - | 7 | gold | - | - | 690
HP | EliteDesk 800 G6 Mini | 2020 | Intel Core i5-10500T | 16 | ssd:512 | - | 8 | gold | - | - | 880
HP | Elite Mini 800 G9 | 2022 | Intel Core i5-12500T | 16 | ssd:512 | - | 9 | gold | - | - | 910
Lenovo | ThinkCentre M720q Tiny | 2018 | Intel Core i5-8400T | 8 | ssd:256 | - | 8 | gold | - | - | 650
Lenovo | ThinkCentre M70q Gen 2 | 2021 | Intel Core i5-11400T | 16 | ssd:256 | - | 8 | gold | - | - | 700
Fujitsu | Esprimo D7010 | 2020 | Intel Core i5-10400 | 8 | ssd:256 | - | 8 | silver | - | - | 640
[smartphone]
Apple | iPhone 8 | 2017 | Apple A11 Bionic | 2 | emmc:64 | 4.7 | - | - | - | 57 | 560
Apple | iPhone SE (2nd generation) | 2020 | Apple A13 Bionic | 3 | emmc:64 | 4.7 | - | - | 6.2 | 57 | 410
Apple | iPhone 13 | 2021 | Apple A15 Bionic | 4 | emmc:128 | 6.1 | - | - | 6.2 | 64 | 760
Apple | iPhone 15 | 2023 | Apple A16 Bionic | 6 | emmc:128 | 6.1 | - | - | 7.0 | 56 | 800
Samsung | Galaxy A5 (2017) | 2017 | Exynos 7880 | 3 | emmc:32 | 5.2 | - | - | - | - | 330
Samsung | Galaxy A50 | 2019 | Exynos 9610 | 4 | emmc:128 | 6.4 | - | - | - | - | 290
Samsung | Galaxy A52 | 2021 | Snapdragon 720G | 6 | emmc:128 | 6.5 | - | - | 8.1 | 60 | 330
Samsung | Galaxy XCover 5 | 2021 | Exynos 850 | 4 | emmc:64 | 5.3 | - | - | 8.0 | 45 | 250
Samsung | Galaxy A54 5G | 2023 | Exynos 1380 | 8 | emmc:128 | 6.4 | 9 | - | 8.2 | 50 | 390
Samsung | Galaxy A56 5G | 2025 | Exynos 1580 | 8 | emmc:128 | 6.7 | 10 | - | 8.5 | 48 | 420
Fairphone | Fairphone 3 | 2019 | Snapdragon 632 | 4 | emmc:64 | 5.7 | - | - | 9.3 | 40 | 400
Fairphone | Fairphone 5 | 2023 | Qualcomm QCM6490 | 8 | emmc:256 | 6.5 | 9 | - | 9.5 | 42 | 580
[tablet]
Apple | iPad (6th generation) | 2018 | Apple A10 Fusion | 2 | emmc:32 | 9.7 | - | - | - | 87 | 320
Apple | iPad (9th generation) | 2021 | Apple A13 Bionic | 3 | emmc:64 | 10.2 | - | - | - | 79 | 360
Apple | iPad (10th generation) | 2022 | Apple A14 Bionic | 4 | emmc:64 | 10.9 | - | - | - | 75 | 480
Samsung | Galaxy Tab Active3 | 2020 | Exynos 9810 | 4 | emmc:64 | 8 | - | - | - | - | 430
Samsung | Galaxy Tab A8 | 2022 | Unisoc T618 | 3 | emmc:32 | 10.5 | - | - | - | - | 210
[feature_phone]
Nokia | 3310 (2017) | 2017 | - | - | - | 2.4 | - | - | - | - | 50
Nokia | 225 4G | 2020 | - | - | - | 2.4 | - | - | - | - | 45
Doro | 6620 | 2019 | - | - | - | 2.8 | - | - | - | - | 80
[dock]
Dell | WD15 | 2016 | - | - | - | - | - | - | - | - | 150
Dell | WD19S | 2021 | - | - | - | - | - | - | - | - | 210
Dell | WD22TB4 | 2022 | - | - | - | - | - | - | - | - | 290
Lenovo | ThinkPad USB-C Dock Gen 2 | 2019 | - | - | - | - | - | - | - | - | 180
HP | USB-C Dock G5 | 2019 | - | - | - | - | - | - | - | - | 170
[printer]
Brother | HL-L5100DN | 2017 | - | - | - | - | - | silver | - | - | 260
Brother | MFC-L8900CDW | 2017 | - | - | - | - | - | silver | - | - | 650
Canon | i-SENSYS MF445dw | 2018 | - | - | - | - | - | silver | - | - | 380
Canon | imageRUNNER ADVANCE DX C3826i | 2020 | - | - | - | - | - | gold | - | - | 4200
Ricoh | IM C3000 | 2019 | - | - | - | - | - | gold | - | - | 5200
HP | LaserJet Pro M404dn | 2019 | - | - | - | - | - | silver | - | - | 250
[projector]
Epson | EB-2250U | 2018 | - | - | - | - | - | - | - | - | 1400
Epson | EB-FH52 | 2019 | - | - | - | - | - | - | - | - | 700
Epson | EB-L260F | 2021 | - | - | - | - | - | - | - | - | 1500
[server]
Dell | PowerEdge R640 | 2017 | 2x Intel Xeon Silver 4114 | 128 | ssd:1920 | - | - | - | - | - | 5400
Dell | PowerEdge R650 | 2021 | 2x Intel Xeon Silver 4314 | 256 | ssd:3840 | - | - | - | - | - | 9800
HPE | ProLiant DL380 Gen10 | 2017 | 2x Intel Xeon Silver 4110 | 128 | ssd:1920 | - | - | - | - | - | 7200
HPE | ProLiant DL360 Gen10 Plus | 2021 | 2x Intel Xeon Silver 4310 | 128 | ssd:1920 | - | - | - | - | - | 7800
[network]
Cisco | Catalyst 2960-X 48 PoE | 2015 | - | - | - | - | - | - | - | - | 2900
Cisco | Catalyst 9200L 48P | 2019 | - | - | - | - | - | - | - | - | 3400
Cisco | Meraki MR46 | 2019 | - | - | - | - | - | - | - | - | 1100
HPE | Aruba 2930F 48G PoE+ | 2016 | - | - | - | - | - | - | - | - | 2600
HPE | Aruba CX 6100 48G | 2021 | - | - | - | - | - | - | - | - | 2100
[storage]
Synology | DiskStation DS218+ | 2017 | Intel Celeron J3355 | 2 | hdd:8000 | - | - | - | - | - | 320
Synology | RackStation RS1221+ | 2021 | AMD Ryzen V1500B | 4 | hdd:32000 | - | - | - | - | - | 1300
[thin_client]
Dell | Wyse 3040 | 2016 | Intel Atom x5-Z8350 | 2 | emmc:8 | - | - | silver | - | - | 250
Dell | Wyse 5070 | 2018 | Intel Celeron J4105 | 4 | emmc:16 | - | - | gold | - | - | 390
HP | t640 | 2019 | AMD Ryzen R1505G | 8 | ssd:32 | - | - | gold | - | - | 420
[workstation]
Dell | Precision 3640 Tower | 2020 | Intel Xeon W-1250 | 32 | ssd:1024 | - | 8 | gold | - | - | 1900
HP | Z4 G4 | 2017 | Intel Xeon W-2123 | 32 | ssd:512 | - | 7 | gold | - | - | 2600
Lenovo | ThinkStation P360 Tower | 2022 | Intel Core i7-12700 | 32 | ssd:1024 | - | 9 | gold | - | - | 2050
[all_in_one]
Dell | OptiPlex 7470 All-in-One | 2019 | Intel Core i5-9500 | 8 | ssd:256 | 23.8 | 8 | gold | - | - | 1000
HP | EliteOne 800 G6 | 2020 | Intel Core i5-10500 | 16 | ssd:512 | 23.8 | 8 | gold | - | - | 1150
Lenovo | ThinkCentre M90a Gen 3 | 2022 | Intel Core i5-12500 | 16 | ssd:512 | 23.8 | 9 | gold | - | - | 1100
Apple | iMac 24-inch (M1, 2021) | 2021 | Apple M1 | 8 | ssd:256 | 24 | - | gold | - | 549 | 1400
[peripheral]
Logitech | MK270 Wireless Combo | 2011 | - | - | - | - | - | - | - | - | 25
Logitech | C920 HD Pro Webcam | 2012 | - | - | - | - | - | - | - | - | 65
Logitech | MX Keys | 2019 | - | - | - | - | - | - | - | - | 95
Logitech | Zone Wired | 2020 | - | - | - | - | - | - | - | - | 90
Jabra | Evolve2 40 | 2020 | - | - | - | - | - | - | - | - | 95
[furniture]
Steelcase | Series 1 chair | 2017 | - | - | - | - | - | - | - | - | 450
Steelcase | Migration SE desk | 2019 | - | - | - | - | - | - | - | - | 690
IKEA | BEKANT desk 160x80 | 2014 | - | - | - | - | - | - | - | - | 190
"""
_CATALOGUE_FIELDS = (
    "manufacturer", "name", "release_year", "cpu", "ram_gb", "storage", "screen_inches", "tco_generation",
    "epeat_tier", "repairability_index", "declared_footprint_kgco2e", "price",
)  # fmt: skip


def catalogue() -> list[dict]:
    """The catalogue table as dicts of DeviceModel fields, plus "category" (a code) and "price" (EUR)."""
    rows, category = [], None
    for line in CATALOGUE_TABLE.strip().splitlines():
        if line.startswith("["):
            category = line.strip("[]")
            continue
        row = dict(zip(_CATALOGUE_FIELDS, (v.strip() for v in line.split("|")), strict=True))
        storage_type, _sep, storage_gb = row.pop("storage").partition(":")
        row = {k: "" if v == "-" else v for k, v in row.items()}
        for name in ("release_year", "ram_gb", "tco_generation"):
            row[name] = int(row[name]) if row[name] else None
        for name in ("screen_inches", "repairability_index", "declared_footprint_kgco2e", "price"):
            row[name] = Decimal(row[name]) if row[name] else None
        rows.append({**row, "category": category, "storage_type": storage_type.replace("-", ""),
                     "storage_gb": int(storage_gb) if storage_gb else None})  # fmt: skip
    return rows


# fmt: off
# Share of each category in a typical office fleet, in per mille.
CATEGORY_SHARES = {
    "laptop": 350, "monitor": 250, "desktop": 100, "smartphone": 100, "dock": 60, "tablet": 30, "printer": 30,
    "peripheral": 25, "thin_client": 12, "workstation": 10, "network": 8, "all_in_one": 7, "projector": 6,
    "feature_phone": 5, "server": 4, "furniture": 5, "storage": 2,
}
# Devices one person holds; the others (printers, servers...) belong to a service only.
PERSONAL_CATEGORIES = frozenset({
    "laptop", "desktop", "monitor", "smartphone", "tablet", "feature_phone", "dock", "peripheral", "all_in_one",
    "workstation", "thin_client",
})
# Bought from the same models for many years; other categories come from the models of the last 4 years.
LONG_SELLERS = frozenset({"peripheral", "furniture", "feature_phone", "dock", "printer", "network", "storage"})
# Weight of each year since acquisition, from 0-1 to 9-10: most of a fleet is 2 to 6 years old.
AGE_WEIGHTS = (8, 11, 15, 17, 16, 13, 9, 6, 3, 2)
# Lifecycle states by age (under 1 year, 1-4, 4-7, 7 and more): a few hundred per 5,000 await triage.
STATE_WEIGHTS = [
    {S.IN_USE: 80, S.IN_STOCK: 17, S.IN_REPAIR: 1.5, S.END_OF_USE: 1, S.LOST: 0.5},
    {S.IN_USE: 91, S.IN_STOCK: 3.5, S.IN_REPAIR: 2, S.END_OF_USE: 2.5, S.LOST: 0.5, S.RECYCLED: 0.3, S.SOLD: 0.2},
    {S.IN_USE: 80, S.IN_STOCK: 3, S.IN_REPAIR: 2, S.END_OF_USE: 9, S.LOST: 0.6, S.RECYCLED: 3.4, S.SOLD: 2},
    {S.IN_USE: 55, S.IN_STOCK: 2, S.IN_REPAIR: 1, S.END_OF_USE: 20, S.LOST: 1, S.RECYCLED: 15, S.SOLD: 6},
]
KIND_WEIGHTS = {AcquisitionKind.NEW: 80, AcquisitionKind.REFURBISHED: 10, AcquisitionKind.LEASED: 7,
                AcquisitionKind.DONATED: 3}
# Share of devices bought with a 5-year rather than a 3-year warranty.
LONG_WARRANTY_SHARE = {"server": 0.7, "network": 0.7, "storage": 0.7, "workstation": 0.5}
# Resellers of new equipment, then refurbishers, by country; leasing companies.
SUPPLIERS = {
    "FR": (("UGAP", "Bechtle", "Computacenter", "SCC France", "Inmac Wstore"), ("Ecodair", "Back Market Pro")),
    "BE": (("Bechtle", "Inetum-Realdolmen", "Computacenter", "Econocom"), ("Out of Use", "Econocom")),
}
LEASERS = ("Econocom", "Grenke")

# How each manufacturer writes serial numbers: one of the prefixes, then so many digits or letters and digits
# (without I, O, Q, U, which read like 1, 0 and V). Phones carry their IMEI; furniture has none.
SERIAL_STYLES = {
    "Dell": (("",), 7, "alnum"), "Lenovo": (("PF", "PC", "MJ"), 6, "alnum"), "HP": (("5CG", "CND", "MXL"), 7, "alnum"),
    "Apple": (("C02", "F9F", "DMP", "FVF"), 9, "alnum"), "Samsung": (("R58", "R52", "RF8"), 8, "alnum"),
    "Fujitsu": (("YL", "YM"), 8, "alnum"), "Fairphone": (("35",), 13, "digits"), "Nokia": (("35",), 13, "digits"),
    "Doro": (("35",), 13, "digits"), "Cisco": (("FOC", "FCW", "JAE"), 8, "alnum"), "HPE": (("CN", "SG"), 8, "alnum"),
    "Brother": (("E7", "U6"), 13, "alnum"), "Canon": (("XJL", "RKB"), 5, "digits"), "Ricoh": (("3100R",), 6, "digits"),
    "Epson": (("X5", "X4"), 8, "alnum"), "Synology": (("20A0PEN", "21B0PEN"), 6, "digits"),
    "Logitech": (("2",), 11, "alnum"), "Jabra": (("",), 10, "digits"), "Iiyama": (("11",), 11, "digits"),
    "Eizo": (("",), 8, "digits"), "Steelcase": None, "IKEA": None,
}
DEFAULT_SERIAL_STYLE = (("",), 10, "alnum")
FR_FIRST = [
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Claire", "Nathalie", "Isabelle", "Sophie",
    "Céline", "Aurélie", "Hélène", "Anne", "Lucie", "Élodie", "Sandrine", "Yasmine", "Fatima", "Awa", "Thomas",
    "Nicolas", "Julien", "Maxime", "Antoine", "Hugo", "Lucas", "Louis", "Pierre", "Jean", "Philippe", "Laurent",
    "Olivier", "Stéphane", "Mathieu", "Romain", "Karim", "Mehdi", "Samir", "Moussa"
]
FR_LAST = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
    "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
    "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Benali", "Haddad", "Diallo", "Nguyen"
]
BE_FIRST = [
    "Lotte", "Emma", "Louise", "Marie", "Elise", "Lien", "Sofie", "An", "Katrien", "Nele", "Hanne", "Sarah", "Amélie",
    "Chloé", "Manon", "Noor", "Fatima", "Jan", "Pieter", "Wouter", "Koen", "Tom", "Bart", "Stijn", "Thomas", "Lucas",
    "Arthur", "Louis", "Maxime", "Jonas", "Bram", "Nicolas", "Julien", "Mohamed", "Youssef", "Olivier", "Kevin"
]
BE_LAST = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
    "Dubois", "Lambert", "Dupont", "Martin", "Leroy", "Vermeulen", "Van Damme", "Hermans", "Declercq", "Michiels",
    "Lemmens", "De Backer", "Van den Broeck", "Claessens", "Aerts", "Smets", "Verhoeven", "Dumont", "Leclercq",
    "Renard", "El Amrani", "Van de Velde", "Cools", "Pauwels", "Dewulf", "Bogaert"
]
# For an organisation with no structure yet: (name, criticality, headcount weight, sub-services), by language.
DEFAULT_SERVICES = {
    "fr": [("Direction générale", Criticality.STANDARD, 2, [("Finances", Criticality.STANDARD, 2, []),
                                                           ("Ressources humaines", Criticality.STANDARD, 2, [])]),
           ("Direction du numérique", Criticality.VITAL, 2, []), ("Services techniques", Criticality.TOLERANT, 4, []),
           ("Accueil du public", Criticality.STANDARD, 3, [])],
    "nl": [("Algemene directie", Criticality.STANDARD, 2, [("Financiën", Criticality.STANDARD, 2, []),
                                                          ("Personeel en Organisatie", Criticality.STANDARD, 2, [])]),
           ("ICT", Criticality.VITAL, 2, []), ("Logistiek", Criticality.TOLERANT, 4, []),
           ("Onthaal", Criticality.STANDARD, 3, [])],
    "en": [("General management", Criticality.STANDARD, 2, [("Finance", Criticality.STANDARD, 2, []),
                                                           ("Human resources", Criticality.STANDARD, 2, [])]),
           ("IT department", Criticality.VITAL, 2, []), ("Facilities", Criticality.TOLERANT, 4, []),
           ("Front office", Criticality.STANDARD, 3, [])],
}
# Site, stock room, end-of-use room.
DEFAULT_SITES = {
    "fr": [("Siège", "Réserve", "Local de réforme"), ("Annexe", "Stock", "Local de tri")],
    "nl": [("Hoofdzetel", "Opslag", "Afdankingslokaal"), ("Bijgebouw", "Voorraad", "Sorteerlokaal")],
    "en": [("Head office", "Store room", "End-of-use room"), ("Annex", "Stock", "Triage room")],
}
# fmt: on
