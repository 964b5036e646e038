"""A realistic, deterministic fleet for the demo, the benchmarks and the tests.

Every value comes from one `random.Random(seed)`, so a seed always gives the same fleet (public ids
excepted: they must stay unique across organisations). Rows are written in batches through the
fastest path the database offers (SQLite executemany, PostgreSQL COPY; the ORM's bulk_create
elsewhere), and each device gets its first lifecycle step, as `device_create` records it.
"""

import bisect
import datetime
import itertools
import random
import unicodedata
import uuid
from binascii import b2a_base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from fairfleet.inventory.models import AcquisitionKind, Category, Device, DeviceModel, DeviceTransition
from fairfleet.inventory.models import DeviceState as S
from fairfleet.inventory.services import device_model_create
from fairfleet.tenancy import services as tenancy_services
from fairfleet.tenancy.models import Criticality, Organisation, Person, Service, Site, StorageRoom, User

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
# Plain strings for the hot loop (comparing with enum members costs a lookup each time).
_IN_USE, _IN_STOCK, _IN_REPAIR, _END_OF_USE = S.IN_USE.value, S.IN_STOCK.value, S.IN_REPAIR.value, S.END_OF_USE.value
_NEW, _REFURBISHED, _DONATED = (
    AcquisitionKind.NEW.value,
    AcquisitionKind.REFURBISHED.value,
    AcquisitionKind.DONATED.value,
)
STORED = frozenset({_IN_STOCK, _END_OF_USE})
GONE = frozenset({S.RECYCLED.value, S.SOLD.value})
_HELD = frozenset({_IN_USE, S.LOST.value})  # states in which a personal device keeps its holder
_BASE64_TO_ALNUM = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", b"0123456789ABCDEFGHJKLMNPRSTVWXYZ" * 2
)
_UUID_MASK = ~(0xF000 << 64) & ~(0xC000 << 48) & (1 << 128) - 1
_UUID_VERSION_4 = (0x4000 << 64) | (0x8000 << 48)


class Picker:
    """Draws one of the keys of `weighted` in proportion to its value: one random number and a bisect."""

    def __init__(self, weighted: dict):
        self.items = list(weighted)
        self.cumulative = list(itertools.accumulate(weighted.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]

    def drawer(self, rng: random.Random) -> Callable[[], object]:
        """The same draw as a function of no argument, for hot loops."""
        items, cumulative, total, random_, bisect_right = (
            self.items,
            self.cumulative,
            self.total,
            rng.random,
            bisect.bisect_right,
        )
        return lambda: items[bisect_right(cumulative, random_() * total)]


# Structure: catalogue, services, sites, people --------------------------------------------------


def ensure_catalogue(*, organisation: Organisation, actor: User | None = None) -> None:
    """Add the catalogue models the organisation lacks, through the service, so that each is audited."""
    categories = {c.code: c for c in Category.objects.filter(organisation__isnull=True)}
    existing = set(DeviceModel.objects.filter(organisation=organisation).values_list("manufacturer", "name"))
    for row in catalogue():
        if (row["manufacturer"], row["name"]) not in existing:
            fields = {k: v for k, v in row.items() if k != "price"} | {"category": categories[row["category"]]}
            device_model_create(actor=actor, organisation=organisation, **fields)


def create_services(*, organisation: Organisation, actor: User | None, tree: list, parent: Service | None = None):
    """Create a tree of (name, criticality, headcount weight, sub-services); return {service: weight}."""
    weights = {}
    for name, criticality, weight, children in tree:
        service = tenancy_services.service_create(
            actor=actor, organisation=organisation, name=name, criticality=criticality, parent=parent
        )
        weights[service] = weight
        weights.update(create_services(organisation=organisation, actor=actor, tree=children, parent=service))
    return weights


def create_sites(*, organisation: Organisation, actor: User | None, sites: list[dict]) -> list[Site]:
    """Create sites from dicts of Site fields plus "rooms": [(storage room name, capacity), ...]."""
    created = []
    for spec in sites:
        fields = {k: v for k, v in spec.items() if k != "rooms"}
        site = tenancy_services.site_create(actor=actor, organisation=organisation, **fields)
        for room, capacity in spec.get("rooms", []):
            tenancy_services.storage_room_create(actor=actor, site=site, name=room, capacity=capacity)
        created.append(site)
    return created


def person_names(rng: random.Random, *, country: str, count: int) -> list[str]:
    """Distinct plausible names while the lists allow, then homonyms, as in any large organisation."""
    first, last = (BE_FIRST, BE_LAST) if country == "BE" else (FR_FIRST, FR_LAST)
    names, seen = [], set()
    for _i in range(count):
        for _attempt in range(20):
            name = f"{rng.choice(first)} {rng.choice(last)}"
            if name not in seen:
                break
        seen.add(name)
        names.append(name)
    return names


def email_for(full_name: str, domain: str) -> str:
    """ "Élodie Van Damme" -> elodie.vandamme@domain."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode().lower()
    first, _sep, last = ascii_name.partition(" ")
    return f"{first}.{last.replace(' ', '')}@{domain}"


def ensure_structure(*, organisation: Organisation, actor: User | None, rng: random.Random, people: int) -> None:
    """Give an organisation that has none a few services, two sites with storage rooms, and people."""
    language = organisation.language if organisation.language in DEFAULT_SERVICES else "en"
    if not Service.objects.filter(organisation=organisation).exists():
        create_services(organisation=organisation, actor=actor, tree=DEFAULT_SERVICES[language])
    if not Site.objects.filter(organisation=organisation).exists():
        sites = [
            {"name": name, "country": organisation.country, "rooms": [(stock, 500), (triage, 300)]}
            for name, stock, triage in DEFAULT_SITES[language]
        ]
        create_sites(organisation=organisation, actor=actor, sites=sites)
    if people and not Person.objects.filter(organisation=organisation).exists():
        # Thousands of people: bulk_create, like the devices; the few services and sites above are audited.
        services = list(Service.objects.filter(organisation=organisation).order_by("id"))
        names = person_names(rng, country=organisation.country, count=people)
        Person.objects.bulk_create(
            [Person(organisation=organisation, full_name=n, service=rng.choice(services)) for n in names],
            batch_size=2000,
        )


# Fleet ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Model:
    id: int
    category_id: int
    serial_style: tuple | None
    price: float
    personal: bool  # held by one person
    long_warranty: float  # share bought with a 5-year warranty
    optional_serial: bool  # half of the peripherals are recorded without a serial number


@dataclass(frozen=True, slots=True)
class _Service:
    id: int
    home_site_id: int | None
    people: tuple[int, ...]


def _model_pickers(organisation: Organisation, today: datetime.date) -> dict[tuple[str, int], Picker]:
    """For each (category, year of purchase), the models on sale that year, the most recent most often."""
    prices = {(row["manufacturer"], row["name"]): float(row["price"]) for row in catalogue()}
    by_category: dict[str, list] = {}
    for m in DeviceModel.objects.filter(organisation=organisation, archived_at__isnull=True).select_related(
        "category"
    ):
        code = m.category.code
        model = _Model(
            id=m.id, category_id=m.category_id, serial_style=SERIAL_STYLES.get(m.manufacturer, DEFAULT_SERIAL_STYLE),
            price=prices.get((m.manufacturer, m.name), 500.0), personal=code in PERSONAL_CATEGORIES,
            long_warranty=LONG_WARRANTY_SHARE.get(code, 0.25), optional_serial=code == "peripheral",
        )  # fmt: skip
        by_category.setdefault(code, []).append((m.release_year or today.year - 5, model))
    pickers = {}
    for code, entries in by_category.items():
        window = 40 if code in LONG_SELLERS else 4
        for year in range(today.year - 11, today.year + 1):
            eligible = [(y, m) for y, m in entries if year - window <= y <= year]
            if not eligible:  # nothing on sale that year: the latest model released by then, else the oldest
                released = [e for e in entries if e[0] <= year]
                eligible = [max(released, key=lambda e: e[0]) if released else min(entries, key=lambda e: e[0])]
            pickers[code, year] = Picker({m: max(1, 1 + y - year + window) for y, m in eligible})
    return pickers


def _structure_pickers(organisation: Organisation, rng: random.Random):
    """Services (weighted by headcount, each at a home site), storage rooms (by capacity), site ids."""
    site_ids = list(
        Site.objects.filter(organisation=organisation, archived_at__isnull=True).values_list("id", flat=True)
    )
    people: dict[int | None, list[int]] = {}
    persons = Person.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("id")
    for pk, service_id in persons.values_list("id", "service_id"):
        people.setdefault(service_id, []).append(pk)
    everyone = tuple(pk for ids in people.values() for pk in ids)
    services = {}
    for pk in Service.objects.filter(organisation=organisation, archived_at__isnull=True).values_list("id", flat=True):
        # A service works at one site, the first one (the head office) more often than the others.
        home = None if not site_ids else site_ids[0] if rng.random() < 0.5 else rng.choice(site_ids)
        members = tuple(people.get(pk, ()))
        services[_Service(pk, home, members or everyone)] = max(1, len(members))
    rooms = StorageRoom.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("id")
    room_weights = {(r.id, r.site_id): max(1, r.capacity) for r in rooms}
    return Picker(services) if services else None, Picker(room_weights) if room_weights else None, sorted(site_ids)


class _Values:
    """Turns generated values into what a writer sends: Python objects, or the text SQLite stores."""

    def __init__(self, *, raw_sqlite: bool, json_as_text: bool):
        self.raw_sqlite, self._dates, self._times = raw_sqlite, {}, {}
        self.tz = timezone.get_current_timezone()
        self.json_empty = "{}" if json_as_text else {}

    def uuid(self, n: int):
        return f"{n:032x}" if self.raw_sqlite else uuid.UUID(int=n)

    def date(self, ordinal: int | None):
        if ordinal is None:
            return None
        if ordinal not in self._dates:
            value = datetime.date.fromordinal(ordinal)
            self._dates[ordinal] = value.isoformat() if self.raw_sqlite else value
        return self._dates[ordinal]

    def datetime(self, ordinal: int, hour: int):
        if (ordinal, hour) not in self._times:
            value = datetime.datetime.combine(datetime.date.fromordinal(ordinal), datetime.time(hour), tzinfo=self.tz)
            self._times[ordinal, hour] = connection.ops.adapt_datetimefield_value(value) if self.raw_sqlite else value
        return self._times[ordinal, hour]

    def now(self):
        now = timezone.now()
        return connection.ops.adapt_datetimefield_value(now) if self.raw_sqlite else now

    def price(self, text: str):
        return text if self.raw_sqlite else Decimal(text)


def random_uuid_int(rng: random.Random) -> int:
    """A version 4 UUID, as an integer, drawn from `rng`."""
    return rng.getrandbits(128) & _UUID_MASK | _UUID_VERSION_4


DEVICE_FIELDS = (
    "organisation_id", "public_id", "asset_tag", "serial_number", "model_id", "category_id", "service_id", "site_id",
    "storage_room_id", "holder_id", "state", "state_changed_at", "acquisition_date", "acquisition_kind", "price",
    "currency", "supplier", "warranty_end", "notes", "external_ids", "created_at", "updated_at",
)  # fmt: skip
# device_id first: the writer adds it once the device has its id.
TRANSITION_FIELDS = (
    "device_id", "organisation_id", "from_state", "to_state", "actor_id", "created_at", "reason", "reference",
    "storage_room_id", "batch_id",
)  # fmt: skip


@dataclass
class _Plan:
    """What the rows of one run are drawn from."""

    organisation: Organisation
    actor_id: int | None
    today: int
    tags: Iterator[str]
    used_serials: set
    reason: str
    batch_id: int
    models: dict
    services: Picker | None
    rooms: Picker | None
    site_ids: list


def _plan(*, organisation, actor, prefix: str, devices: int, rng, structure_rng) -> _Plan:
    today = timezone.localdate()
    existing = Device.objects.filter(organisation=organisation)
    serials = existing.exclude(serial_number="").values_list("serial_number", flat=True)
    start = prefix + "-"
    numbers = [
        int(tag[len(start) :])
        for tag in existing.filter(asset_tag__startswith=start).values_list("asset_tag", flat=True).iterator()
        if tag[len(start) :].isdigit()
    ]
    first = max(numbers, default=0) + 1
    width = max(6, len(str(first + devices)))
    services, rooms, site_ids = _structure_pickers(organisation, structure_rng)
    with translation.override(organisation.language):
        reason = gettext("Added to the inventory")  # the words device_create records, in the organisation's language
    return _Plan(
        organisation=organisation, actor_id=actor.pk if actor else None, today=today.toordinal(),
        tags=(f"{start}{n:0{width}d}" for n in itertools.count(first)), used_serials=set(serials.iterator()),
        reason=reason, batch_id=random_uuid_int(rng), models=_model_pickers(organisation, today), services=services,
        rooms=rooms, site_ids=site_ids,
    )  # fmt: skip


def acquisition_ordinals(rng: random.Random, count: int, today: int) -> list[int]:
    """Acquisition dates (as ordinals) over the ten years up to yesterday, mostly 2 to 6 years ago, oldest first.

    Sorted, so that ids and asset tags follow the order of purchase, as in a real inventory."""
    years = Picker(dict(enumerate(AGE_WEIGHTS)))
    return sorted(today - 1 - int((years(rng) + rng.random()) * 365) for _i in range(count))


def _serial_maker(rng: random.Random, style: tuple, used: set) -> Callable[[], str]:
    """A function that draws new serial numbers in a manufacturer's style, unique in `used`."""
    prefixes, length, alphabet = style
    random_, getrandbits, scale = rng.random, rng.getrandbits, 10**length
    size = 3 * -(-length // 4)  # random bytes whose base 64 text has `length` characters at least, unpadded

    def draw() -> str:
        while True:
            prefix = prefixes[int(random_() * len(prefixes))]
            if alphabet == "digits":
                serial = f"{prefix}{int(random_() * scale):0{length}d}"
            else:  # base 64 in C, then two base-64 characters onto each of the 32 letters and digits
                chars = b2a_base64(getrandbits(8 * size).to_bytes(size, "big"), newline=False)[:length]
                serial = prefix + chars.translate(_BASE64_TO_ALNUM).decode()
            if serial not in used:
                used.add(serial)
                return serial

    return draw


def _state_since(state: str, ordinal: int, today: int, age: float, random_: Callable[[], float]) -> int:
    """When the device reached its state: soon after purchase for a first use, recently for repairs and triage."""
    if state == _IN_USE or (state == _IN_STOCK and age < 1):
        day = ordinal + int(random_() * 30)
    elif state == _IN_STOCK:  # back in stock some time after a first use
        day = ordinal + int(random_() * (today - ordinal + 1))
    elif state == _IN_REPAIR:
        day = today - 1 - int(random_() * 60)
    elif state == _END_OF_USE:
        day = today - 1 - int(random_() * 540)
    else:
        day = today - 30 - int(random_() * 870)
    return min(today - 1, max(ordinal, day))  # up to yesterday: no time of day today can be in the future


def _rows(plan: _Plan, rng: random.Random, id_rng: random.Random, values: _Values, ordinals) -> Iterator[tuple]:
    """(device row in DEVICE_FIELDS order, transition row without its device_id), one per acquisition date.

    The hot loop of a million-device load: helpers are bound to local names and values cached per day."""
    today, org_id, random_ = plan.today, plan.organisation.pk, rng.random
    present = {code for code, _year in plan.models}
    category = Picker({code: share for code, share in CATEGORY_SHARES.items() if code in present}).drawer(rng)
    model_of = {key: picker.drawer(rng) for key, picker in plan.models.items()}
    states = [Picker({str(state): w for state, w in weights.items()}).drawer(rng) for weights in STATE_WEIGHTS]
    kind_of = Picker({str(kind): w for kind, w in KIND_WEIGHTS.items()}).drawer(rng)
    service_of = plan.services.drawer(rng) if plan.services else None
    room_of = plan.rooms.drawer(rng) if plan.rooms else None
    serials = {style: _serial_maker(rng, style, plan.used_serials) for style in set(SERIAL_STYLES.values()) if style}
    resellers, refurbishers = SUPPLIERS.get(plan.organisation.country, SUPPLIERS["FR"])
    now, batch_id, actor_id, reason = values.now(), values.uuid(plan.batch_id), plan.actor_id, plan.reason
    date_of, datetime_of, price_of, uuid_of = values.date, values.datetime, values.price, values.uuid
    site_ids, json_empty, getrandbits, tags, years = (
        plan.site_ids,
        values.json_empty,
        id_rng.getrandbits,
        plan.tags,
        {},
    )
    for ordinal in ordinals:
        year = years.get(ordinal) or years.setdefault(ordinal, datetime.date.fromordinal(ordinal).year)
        age = (today - ordinal) / 365.25
        model = model_of[category(), year]()
        state = states[0 if age < 1 else 1 if age < 4 else 2 if age < 7 else 3]()
        kind = kind_of()
        service_id = site_id = room_id = holder_id = None
        if state in STORED and room_of is not None:
            room_id, site_id = room_of()
        if state not in GONE and state != _IN_STOCK and service_of is not None:
            service = service_of()  # for a device awaiting triage: the service that gave it back
            service_id = service.id
            if site_id is None:
                away = site_ids and random_() < 0.15
                site_id = site_ids[int(random_() * len(site_ids))] if away else service.home_site_id
            people = service.people
            if model.personal and state in _HELD and people and random_() < 0.9:
                holder_id = people[int(random_() * len(people))]
        changed_at = datetime_of(_state_since(state, ordinal, today, age, random_), 8 + int(random_() * 10))
        if kind == _DONATED:
            price, warranty, supplier = "0.00", None, ""
        elif kind == _REFURBISHED:  # refurbishers give one or two years
            price = f"{model.price * (0.4 + 0.2 * random_()):.2f}"
            warranty = ordinal + (365 if random_() < 0.5 else 730)
            supplier = refurbishers[int(random_() * len(refurbishers))]
        else:
            price = f"{model.price * (0.85 + 0.2 * random_()):.2f}"
            warranty = ordinal + (1826 if random_() < model.long_warranty else 1096)
            sellers = resellers if kind == _NEW else LEASERS
            supplier = sellers[int(random_() * len(sellers))]
        style = model.serial_style
        serial = "" if style is None or (model.optional_serial and random_() < 0.5) else serials[style]()
        public_id = uuid_of(getrandbits(128) & _UUID_MASK | _UUID_VERSION_4)
        device = (
            org_id, public_id, next(tags), serial, model.id, model.category_id, service_id, site_id, room_id,
            holder_id, state, changed_at, date_of(ordinal), kind, price_of(price), "EUR", supplier, date_of(warranty),
            "", json_empty, datetime_of(ordinal, 9), now,
        )  # fmt: skip
        yield device, (org_id, "", state, actor_id, changed_at, reason, "", room_id, batch_id)


# Writers: the same rows through SQLite executemany, PostgreSQL COPY, or the ORM -----------------


# From this many new rows, and as many as the table holds, the raw writers rebuild the indexes after the load.
REBUILD_INDEXES_FROM = 50_000


def _table(model, fields) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), ", ".join(quote(model._meta.get_field(name).column) for name in fields)


def _knows_every_field(model, fields) -> bool:
    """The raw writers fill every column themselves: only while they know every field of the model."""
    return {f.attname for f in model._meta.concrete_fields} - {"id"} == set(fields) - {"id"}


class _SqliteWriter:
    """executemany on the sqlite3 cursor: one prepared statement for every row, where bulk_create is capped at
    999 values per statement and builds a model instance per row.

    A device row feeds some 25 indexes; for a load as large as the table, dropping the secondary indexes and
    building them again at the end costs a third of updating them row by row. The transaction covers both:
    readers keep seeing the old indexes until the commit, and a failure rolls the drop back."""

    def __init__(self, *, rebuild_indexes: bool):
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()
        table, columns = _table(Device, ("id", *DEVICE_FIELDS))
        self.device_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * (len(DEVICE_FIELDS) + 1))})"
        table, columns = _table(DeviceTransition, TRANSITION_FIELDS)
        self.transition_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(TRANSITION_FIELDS))})"
        # Ids are given explicitly, after the highest ever used (AUTOINCREMENT never reuses one); the
        # transaction holds the write lock, so nobody else takes them meanwhile.
        self.cursor.execute(f"SELECT MAX(id) FROM {_table(Device, ())[0]}")
        highest = self.cursor.fetchone()[0] or 0
        self.cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [Device._meta.db_table])
        row = self.cursor.fetchone()
        self.next_id = max(highest, row[0] if row else 0) + 1
        # A larger page cache keeps the indexes in memory while millions of rows go in.
        self.cursor.execute("PRAGMA cache_size")
        self.cache_size = int(self.cursor.fetchone()[0])
        self.cursor.execute("PRAGMA cache_size = -1000000")
        self.indexes = []
        if rebuild_indexes:  # every index Django declared (the primary key and UNIQUE columns have no sql)
            self.cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?, ?)",
                [Device._meta.db_table, DeviceTransition._meta.db_table],
            )
            self.indexes = self.cursor.fetchall()
            for name, _sql in self.indexes:
                self.cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    def write(self, rows: list[tuple]) -> None:
        ids = range(self.next_id, self.next_id + len(rows))
        self.next_id += len(rows)
        self.cursor.executemany(self.device_sql, [(pk, *dev) for pk, (dev, _t) in zip(ids, rows, strict=True)])
        self.cursor.executemany(self.transition_sql, [(pk, *t) for pk, (_d, t) in zip(ids, rows, strict=True)])

    def finish(self) -> None:
        for _name, sql in self.indexes:  # a unique index refuses to build over duplicates: all is rolled back
            self.cursor.execute(sql)
        self.cursor.execute(f"PRAGMA cache_size = {self.cache_size}")
        self.cursor.close()


class _PostgresWriter:
    """COPY through psycopg 3, with ids reserved from the table's sequence, so concurrent inserts stay safe.

    For a load as large as the table, the secondary indexes and the foreign keys are dropped, then built and
    validated again at the end: one join per key instead of one deferred check per row. Unlike SQLite's, this
    locks the device tables against readers until the commit."""

    def __init__(self, *, rebuild_indexes: bool):
        self.cursor = connection.cursor()
        self.device_copy = "COPY {} ({}) FROM STDIN".format(*_table(Device, ("id", *DEVICE_FIELDS)))
        self.transition_copy = "COPY {} ({}) FROM STDIN".format(*_table(DeviceTransition, TRANSITION_FIELDS))
        # Local to the transaction: no wait for the disk at the commit, more memory to sort index entries.
        self.cursor.execute("SET LOCAL synchronous_commit = off")
        self.cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.indexes, self.foreign_keys = [], []
        if rebuild_indexes:
            tables = [Device._meta.db_table, DeviceTransition._meta.db_table]
            self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no pending check
            self.cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text IN (%s, %s)",
                tables,
            )
            self.foreign_keys = self.cursor.fetchall()
            self.cursor.execute(  # indexes that back no constraint (the primary key and UNIQUE columns stay)
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename IN (%s, %s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                tables,
            )
            self.indexes = self.cursor.fetchall()
            quote = connection.ops.quote_name
            for table, name, _definition in self.foreign_keys:
                self.cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _sql in self.indexes:
                self.cursor.execute(f"DROP INDEX {quote(name)}")

    def write(self, rows: list[tuple]) -> None:
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Device._meta.db_table, len(rows)],
        )
        ids = sorted(pk for (pk,) in self.cursor.fetchall())
        raw = self.cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(self.device_copy) as copy:
            for pk, (device, _t) in zip(ids, rows, strict=True):
                copy.write_row((pk, *device))
        with raw.copy(self.transition_copy) as copy:
            for pk, (_d, step) in zip(ids, rows, strict=True):
                copy.write_row((pk, *step))

    def finish(self) -> None:
        quote = connection.ops.quote_name
        for _name, sql in self.indexes:  # a unique index refuses to build over duplicates: all is rolled back
            self.cursor.execute(sql)
        for table, name, definition in self.foreign_keys:  # validated here, in one join per key
            self.cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        if self.foreign_keys:
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default, for the rest of the transaction
        self.cursor.close()


class _OrmWriter:
    """bulk_create, for any database. auto_now_add stamps created_at with the current time here."""

    def write(self, rows: list[tuple]) -> None:
        devices = Device.objects.bulk_create([Device(**dict(zip(DEVICE_FIELDS, d, strict=True))) for d, _t in rows])
        DeviceTransition.objects.bulk_create(
            DeviceTransition(device_id=device.pk, **dict(zip(TRANSITION_FIELDS[1:], step, strict=True)))
            for device, (_d, step) in zip(devices, rows, strict=True)
        )

    def finish(self) -> None:
        pass


def _writer(method: str, devices: int):
    """The fastest writer for this database ("auto"), or the one named ("sqlite", "postgresql", "orm")."""
    if method == "auto":
        known = _knows_every_field(Device, DEVICE_FIELDS) and _knows_every_field(DeviceTransition, TRANSITION_FIELDS)
        method = connection.vendor if known and connection.vendor in ("sqlite", "postgresql") else "orm"
    rebuild = devices >= REBUILD_INDEXES_FROM and devices >= Device.objects.count()
    if method == "sqlite":
        return _SqliteWriter(rebuild_indexes=rebuild), _Values(raw_sqlite=True, json_as_text=True)
    if method == "postgresql":
        return _PostgresWriter(rebuild_indexes=rebuild), _Values(raw_sqlite=False, json_as_text=True)
    return _OrmWriter(), _Values(raw_sqlite=False, json_as_text=False)


def seed_fleet(
    *,
    organisation: Organisation,
    devices: int,
    seed: int,
    prefix: str,
    batch_size: int = 5000,
    actor: User | None = None,
    method: str = "auto",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add `devices` realistic devices to the organisation, each with its first lifecycle step; return how many.

    The same seed gives the same devices (serial numbers, tags, models, states, dates), public ids excepted.
    An organisation without catalogue, services, sites or people first gets a small default structure.
    One transaction: all the devices or none."""
    if devices <= 0:
        return 0
    prefix = prefix.strip().upper()
    rng = random.Random(seed)
    structure_rng = random.Random(f"{seed}/structure")
    id_rng = random.Random()  # public ids must differ between organisations seeded alike
    with transaction.atomic():
        ensure_catalogue(organisation=organisation, actor=actor)
        people = min(2000, max(10, devices // 3))
        ensure_structure(organisation=organisation, actor=actor, rng=structure_rng, people=people)
        plan = _plan(
            organisation=organisation,
            actor=actor,
            prefix=prefix,
            devices=devices,
            rng=rng,
            structure_rng=structure_rng,
        )
        writer, values = _writer(method, devices)
        rows = _rows(plan, rng, id_rng, values, acquisition_ordinals(rng, devices, plan.today))
        done = 0
        while batch := list(itertools.islice(rows, batch_size)):
            writer.write(batch)
            done += len(batch)
            if progress is not None:
                progress(done)
        writer.finish()
    return done
