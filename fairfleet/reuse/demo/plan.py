"""The reuse demo's story as data: the names, which devices retire when and what their triage finds, the
campaigns, and the dates of the donation lot. Dates are days before the day the demo is seeded."""

import re
from dataclasses import dataclass

from fairfleet.inventory.management.commands.seed_demo import with_luhn_digit
from fairfleet.reuse.models import BeneficiaryKind, ErasureMethod, StorageHealth

PARTNER_NAME = "Atelier Solidaire du Numérique (démo)"
PARTNER_ADMIN_EMAIL = "partner-admin@atelier-solidaire.example"
PARTNER_ADMIN_NAME = "Camille Lefort"
# A fictional SIREN (8 digits and its Luhn digit), then establishment 0001 and the SIRET's own Luhn digit.
PARTNER_SIRET = with_luhn_digit(with_luhn_digit("79999912") + "0001")
PLATFORM_NAME = "Plateforme régionale de réemploi Hauts-de-Vallée (démo)"
PLATFORM_DESCRIPTION = (
    "Les structures de réemploi du territoire et les acheteurs publics qui leur confient leur matériel "
    "réformé. La Région valide les fiches des structures."
)
PARTNER_TERRITORY = "FR-59"  # the department of the region's sites (postcodes 599xx)
LOT_TITLE = "Portables et postes réformés – lot 2026-01 (démo)"
MARKET_NOTES = "Matériel de fin de cycle, adapté aux salles de classe et aux usages sans données sensibles."
REQUEST_PURPOSE = "Ordinateurs pour la salle informatique du CDI (démo)"
# Retirement steps are recognised on a later run by their reference, which carries the plan's line number.
REFERENCE_PATTERN = re.compile(r"^RFM-(\d{3})$")
SEED = 4242

# ---------------------------------------------------------------------------------------------------------
# The plan. One line per retired device: its fate, category, acquisition age window (years), days since
# it was retired, then the assessment (None: not assessed yet) and the erasure (None: none recorded).
# Assessment: grade, battery %, storage health, firmware lock, faulty checks, OS updates ended, notes.


@dataclass(frozen=True)
class Triage:
    grade: str
    battery: int | None = None
    storage: str = StorageHealth.GOOD
    locked: bool = False
    faults: tuple[str, ...] = ()
    updates_ended: bool = False
    notes: str = ""
    functional: bool = True
    protected: bool = False  # held classified or specially protected data (left out of the decree's ratio)


@dataclass(frozen=True)
class Line:
    fate: str  # "lot", "market" or "stock"
    category: str
    ages: tuple[float, float]
    retired_days_ago: int
    triage: Triage | None = None
    erasure: str | None = None  # an ERASURES key


LOT, MARKET, STOCK = "lot", "market", "stock"
WORN, FAILING, ABSENT = StorageHealth.WORN, StorageHealth.FAILING, StorageHealth.ABSENT
PURGE_SSD, CLEAR_HDD, PHONE_WIPE, PRINTER_WIPE, FAILED, DESTROYED = (
    "purge_ssd", "clear_hdd", "phone_wipe", "printer_wipe", "failed", "destroyed"
)  # fmt: skip
# method, technique, tool, result
ERASURES = {
    PURGE_SSD: (ErasureMethod.PURGE, "Sanitize Crypto Erase (IEEE 2883)", "Blancco Drive Eraser 7.13", "passed"),
    CLEAR_HDD: (ErasureMethod.CLEAR, "Écrasement 1 passe, vérifié", "nwipe 0.37 (ShredOS)", "passed"),
    PHONE_WIPE: (ErasureMethod.PURGE, "Effacement cryptographique (réinitialisation)", "Blancco Mobile Diagnostics",
                 "passed"),
    PRINTER_WIPE: (ErasureMethod.CLEAR, "Effacement sécurisé du disque de l'imprimante", "Menu constructeur",
                   "passed"),
    FAILED: (ErasureMethod.PURGE, "Sanitize Block Erase (IEEE 2883)", "Blancco Drive Eraser 7.13", "failed"),
    DESTROYED: (ErasureMethod.DESTROY, "Broyage du disque", "Broyeur certifié (prestataire DEEE)", "passed"),
}  # fmt: skip
OPERATORS = ("Karim Benali", "Sophie Marchand", "Lucas Verhoeven")

# A dead desktop of the crisis cell: it held protected data, so it is left out of the decree's ratio.
PROTECTED_DESKTOP = Triage(
    "C", None, FAILING, functional=False, faults=("powers_on",), protected=True,
    notes="Poste de la cellule de crise\u00a0: données protégées, disque broyé.",
)  # fmt: skip

REGION_PLAN = [
    # Donation lot: 5-8-year-old computers, worn batteries, Windows 10 past its updates: the "donate" route.
    # The last laptop has no erasure record: it is kept back at the handover (the guard of leave_refusal).
    Line(LOT, "laptop", (5, 8), 412, Triage("B", 61, updates_ended=True), PURGE_SSD),
    Line(LOT, "laptop", (5, 8), 405, Triage("B", 58, updates_ended=True), PURGE_SSD),
    Line(LOT, "laptop", (5, 8), 398, Triage("C", 66, updates_ended=True), PURGE_SSD),
    Line(LOT, "laptop", (5, 8), 396, Triage("B", 54, updates_ended=True), PURGE_SSD),
    Line(LOT, "laptop", (5, 8), 390, Triage("C", 63, updates_ended=True, faults=("webcam",)), PURGE_SSD),
    Line(LOT, "laptop", (5, 8), 384, Triage("B", 67, updates_ended=True), PURGE_SSD),
    Line(LOT, "laptop", (5, 8), 377, Triage("C", 59, updates_ended=True), PURGE_SSD),
    Line(LOT, "desktop", (5, 8), 371, Triage("B", None, WORN, updates_ended=True), CLEAR_HDD),
    Line(LOT, "desktop", (5, 8), 366, Triage("C", None, updates_ended=True), CLEAR_HDD),
    Line(LOT, "monitor", (5, 9), 360, Triage("B", None, ABSENT)),
    Line(LOT, "laptop", (5, 8), 352, Triage("B", 64, updates_ended=True)),
    # Internal marketplace: end-of-cycle laptops for a tolerant service (a school).
    Line(MARKET, "laptop", (4, 9), 58, Triage("C", 72), PURGE_SSD),
    Line(MARKET, "laptop", (4, 9), 52, Triage("D", 75, notes="Coque fissurée, écran intact."), PURGE_SSD),
    Line(MARKET, "laptop", (4, 9), 47, Triage("B", 81), PURGE_SSD),
    Line(MARKET, "laptop", (4, 9), 41, Triage("C", 70, faults=("speakers",)), PURGE_SSD),
    Line(MARKET, "laptop", (4, 9), 36, Triage("D", 73), PURGE_SSD),
    # Awaiting a route in the storage rooms: assessed, some stored far beyond the 90-day warning.
    Line(STOCK, "laptop", (2, 4), 12, Triage("A", 91), PURGE_SSD),
    Line(STOCK, "laptop", (2, 5), 19, Triage("B", 84), PURGE_SSD),
    Line(STOCK, "laptop", (4, 7), 160, Triage("B", 76, locked=True, notes="Mot de passe BIOS inconnu."), PURGE_SSD),
    Line(STOCK, "laptop", (5, 9), 205, Triage("C", 48, WORN), PURGE_SSD),
    Line(STOCK, "laptop", (8, 12), 240, Triage("D", 31, FAILING, faults=("keyboard", "battery_charges"))),
    Line(STOCK, "desktop", (4, 7), 134, Triage("A", None), CLEAR_HDD),
    Line(STOCK, "desktop", (9, 13), 345, PROTECTED_DESKTOP, DESTROYED),
    Line(STOCK, "smartphone", (2, 5), 27, Triage("B", 83), PHONE_WIPE),
    Line(
        STOCK,
        "smartphone",
        (3, 6),
        96,
        Triage("B", 77, locked=True, faults=("sim_unlocked",), notes="Verrou d'activation du compte encore présent."),
    ),
    Line(STOCK, "tablet", (3, 6), 118, Triage("C", 69), FAILED),
    Line(STOCK, "monitor", (3, 7), 64, Triage("A", None, ABSENT)),
    Line(STOCK, "monitor", (6, 10), 150, Triage("D", None, ABSENT, faults=("panel",))),
    Line(STOCK, "printer", (5, 9), 101, Triage("C", None), PRINTER_WIPE),
    Line(STOCK, "laptop", (3, 6), 8, Triage("B", 79)),
    # Not assessed yet: the rest of the queue, some of it waiting for months.
    Line(STOCK, "laptop", (3, 8), 4),
    Line(STOCK, "laptop", (3, 8), 9),
    Line(STOCK, "laptop", (3, 8), 15),
    Line(STOCK, "laptop", (3, 8), 126),
    Line(STOCK, "desktop", (3, 9), 22),
    Line(STOCK, "desktop", (3, 9), 174),
    Line(STOCK, "monitor", (3, 9), 33),
    Line(STOCK, "smartphone", (2, 6), 6),
    Line(STOCK, "dock", (3, 8), 95),
    Line(STOCK, "tablet", (3, 7), 45),
]
MOBILITY_PLAN = [
    Line(STOCK, "laptop", (4, 7), 140, Triage("B", 74), PURGE_SSD),
    Line(STOCK, "laptop", (5, 8), 112, Triage("C", 57), PURGE_SSD),
    Line(STOCK, "desktop", (5, 9), 63, Triage("B", None), CLEAR_HDD),
    Line(STOCK, "smartphone", (3, 6), 25, Triage("A", 88)),
    Line(STOCK, "monitor", (4, 9), 31, Triage("C", None, ABSENT)),
    Line(STOCK, "laptop", (3, 8), 17),
    Line(STOCK, "laptop", (3, 8), 5),
    Line(STOCK, "desktop", (3, 9), 102),
]

REGION_CAMPAIGNS = [
    # site, name, recurrence (months), next date (days from today), notes
    ("Hôtel de Région", "Collecte trimestrielle du matériel réformé – Hôtel de Région", 3, 12,
     "Dépôt au local de réforme (sous-sol, porte B) de 9 h à 16 h."),
    ("Antenne de Saint-Aubin-sur-Vallée", "Collecte d'hiver – Antenne de Saint-Aubin", 0, 26,
     "Le Centre technique passe avec la camionnette le matin."),
    ("Maison de la Région de Montclair-les-Bois", "Collecte – Maison de la Région de Montclair", 0, 40, ""),
    ("Centre technique de Port-Ardent", "Tri DEEE et reconditionnement – Port-Ardent", 0, 54,
     "Tri des équipements non réemployables avec l'éco-organisme."),
]  # fmt: skip
MOBILITY_CAMPAIGNS = [
    ("Hoofdzetel Brussel / Siège Bruxelles", "Halfjaarlijkse inzameling / Collecte semestrielle – Brussel", 6, 19, ""),
    ("Kantoor Antwerpen", "Inzameling Antwerpen", 0, 33, ""),
    ("Bureau de Namur", "Collecte Namur", 0, 47, ""),
]
RETIREMENT_ROOMS = {  # the room each site's retired devices go to (the first one when not named here)
    "Hôtel de Région": "Local de réforme",
    "Centre technique de Port-Ardent": "Atelier de reconditionnement",
    "Hoofdzetel Brussel / Siège Bruxelles": "Afdankingslokaal / Local de réforme",
}
RETIREMENT_REASONS = {
    "fr": "Fin de première utilisation\u00a0: remplacé lors du renouvellement du parc.",
    "nl": "Einde eerste gebruik: vervangen bij de vernieuwing van het toestellenpark.",
}

# Days ago of each step of the lot.
LOT_ASSESSED = 135  # the lot's devices were assessed together, before the lot was made
LOT_CREATED, LOT_OFFERED, LOT_ACCEPTED, LOT_SCHEDULED, LOT_HANDED_OVER = 125, 124, 121, 118, 110
REFURBISHED_DAYS_AGO = (96, 94, 92, 90, 88, 87, 86, 85, 84, 83)
# What became of the handed-over devices, in lot order: (days ago, beneficiary, place, reference).
GIVEN = [
    (48, BeneficiaryKind.HOUSEHOLD, "Valbourg", "Don n° ASN-2026-041"),
    (47, BeneficiaryKind.HOUSEHOLD, "Valbourg", "Don n° ASN-2026-042"),
    (46, BeneficiaryKind.HOUSEHOLD, "Saint-Aubin-sur-Vallée", "Don n° ASN-2026-047"),
    (45, BeneficiaryKind.HOUSEHOLD, "Port-Ardent", "Don n° ASN-2026-050"),
    (44, BeneficiaryKind.HOUSEHOLD, "Montclair-les-Bois", "Don n° ASN-2026-052"),
    (21, BeneficiaryKind.SCHOOL, "École élémentaire Jean-Macé, Valbourg", "Convention école 2026-07"),
    (20, BeneficiaryKind.SCHOOL, "École élémentaire Jean-Macé, Valbourg", "Convention école 2026-07"),
    (19, BeneficiaryKind.SCHOOL, "Collège Jacques-Brel, Port-Ardent", "Convention école 2026-09"),
]
REFURBISH_NOTES = {
    "laptop": "Batterie remplacée, système Linux maintenu installé, nettoyage.",
    "desktop": "Disque remplacé par un SSD, système Linux maintenu installé.",
}
