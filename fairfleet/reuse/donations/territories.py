"""Territories a reuse partner serves and a donor's site lies in: the 101 French departments, the 18
French regions, the 10 Belgian provinces and the Brussels-Capital Region.

Codes: a department is "FR-" and its INSEE code ("FR-59", "FR-2A", "FR-971", as in ISO 3166-2:FR); a
region is "FR-R" and its INSEE region code ("FR-R32"); a Belgian province or Brussels is its ISO
3166-2:BE code ("BE-VAN", "BE-BRU"). Department names are official proper nouns, written the same in
French, Dutch and English; region and province names are translated.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SOURCES = {
    "departments_regions": "https://www.insee.fr/fr/information/7766585",  # Code officiel géographique 2024
    "belgian_provinces": "https://www.iso.org/obp/ui/#iso:code:3166:BE",
}

REGIONS = {
    "01": _("Guadeloupe"),
    "02": _("Martinique"),
    "03": _("French Guiana"),
    "04": _("Réunion"),
    "06": _("Mayotte"),
    "11": _("Île-de-France"),
    "24": _("Centre-Val de Loire"),
    "27": _("Bourgogne-Franche-Comté"),
    "28": _("Normandy"),
    "32": _("Hauts-de-France"),
    "44": _("Grand Est"),
    "52": _("Pays de la Loire"),
    "53": _("Brittany"),
    "75": _("Nouvelle-Aquitaine"),
    "76": _("Occitania"),
    "84": _("Auvergne-Rhône-Alpes"),
    "93": _("Provence-Alpes-Côte d'Azur"),
    "94": _("Corsica"),
}

# INSEE department code -> (official name, INSEE region code)
DEPARTMENTS = {
    "01": ("Ain", "84"),
    "02": ("Aisne", "32"),
    "03": ("Allier", "84"),
    "04": ("Alpes-de-Haute-Provence", "93"),
    "05": ("Hautes-Alpes", "93"),
    "06": ("Alpes-Maritimes", "93"),
    "07": ("Ardèche", "84"),
    "08": ("Ardennes", "44"),
    "09": ("Ariège", "76"),
    "10": ("Aube", "44"),
    "11": ("Aude", "76"),
    "12": ("Aveyron", "76"),
    "13": ("Bouches-du-Rhône", "93"),
    "14": ("Calvados", "28"),
    "15": ("Cantal", "84"),
    "16": ("Charente", "75"),
    "17": ("Charente-Maritime", "75"),
    "18": ("Cher", "24"),
    "19": ("Corrèze", "75"),
    "2A": ("Corse-du-Sud", "94"),
    "2B": ("Haute-Corse", "94"),
    "21": ("Côte-d'Or", "27"),
    "22": ("Côtes-d'Armor", "53"),
    "23": ("Creuse", "75"),
    "24": ("Dordogne", "75"),
    "25": ("Doubs", "27"),
    "26": ("Drôme", "84"),
    "27": ("Eure", "28"),
    "28": ("Eure-et-Loir", "24"),
    "29": ("Finistère", "53"),
    "30": ("Gard", "76"),
    "31": ("Haute-Garonne", "76"),
    "32": ("Gers", "76"),
    "33": ("Gironde", "75"),
    "34": ("Hérault", "76"),
    "35": ("Ille-et-Vilaine", "53"),
    "36": ("Indre", "24"),
    "37": ("Indre-et-Loire", "24"),
    "38": ("Isère", "84"),
    "39": ("Jura", "27"),
    "40": ("Landes", "75"),
    "41": ("Loir-et-Cher", "24"),
    "42": ("Loire", "84"),
    "43": ("Haute-Loire", "84"),
    "44": ("Loire-Atlantique", "52"),
    "45": ("Loiret", "24"),
    "46": ("Lot", "76"),
    "47": ("Lot-et-Garonne", "75"),
    "48": ("Lozère", "76"),
    "49": ("Maine-et-Loire", "52"),
    "50": ("Manche", "28"),
    "51": ("Marne", "44"),
    "52": ("Haute-Marne", "44"),
    "53": ("Mayenne", "52"),
    "54": ("Meurthe-et-Moselle", "44"),
    "55": ("Meuse", "44"),
    "56": ("Morbihan", "53"),
    "57": ("Moselle", "44"),
    "58": ("Nièvre", "27"),
    "59": ("Nord", "32"),
    "60": ("Oise", "32"),
    "61": ("Orne", "28"),
    "62": ("Pas-de-Calais", "32"),
    "63": ("Puy-de-Dôme", "84"),
    "64": ("Pyrénées-Atlantiques", "75"),
    "65": ("Hautes-Pyrénées", "76"),
    "66": ("Pyrénées-Orientales", "76"),
    "67": ("Bas-Rhin", "44"),
    "68": ("Haut-Rhin", "44"),
    "69": ("Rhône", "84"),
    "70": ("Haute-Saône", "27"),
    "71": ("Saône-et-Loire", "27"),
    "72": ("Sarthe", "52"),
    "73": ("Savoie", "84"),
    "74": ("Haute-Savoie", "84"),
    "75": ("Paris", "11"),
    "76": ("Seine-Maritime", "28"),
    "77": ("Seine-et-Marne", "11"),
    "78": ("Yvelines", "11"),
    "79": ("Deux-Sèvres", "75"),
    "80": ("Somme", "32"),
    "81": ("Tarn", "76"),
    "82": ("Tarn-et-Garonne", "76"),
    "83": ("Var", "93"),
    "84": ("Vaucluse", "93"),
    "85": ("Vendée", "52"),
    "86": ("Vienne", "75"),
    "87": ("Haute-Vienne", "75"),
    "88": ("Vosges", "44"),
    "89": ("Yonne", "27"),
    "90": ("Territoire de Belfort", "27"),
    "91": ("Essonne", "11"),
    "92": ("Hauts-de-Seine", "11"),
    "93": ("Seine-Saint-Denis", "11"),
    "94": ("Val-de-Marne", "11"),
    "95": ("Val-d'Oise", "11"),
    "971": ("Guadeloupe", "01"),
    "972": ("Martinique", "02"),
    "973": ("Guyane", "03"),
    "974": ("La Réunion", "04"),
    "976": ("Mayotte", "06"),
}

BELGIAN_PROVINCES = {
    "BE-VAN": _("Antwerp"),
    "BE-VLI": _("Limburg"),
    "BE-VOV": _("East Flanders"),
    "BE-VBR": _("Flemish Brabant"),
    "BE-VWV": _("West Flanders"),
    "BE-WBR": _("Walloon Brabant"),
    "BE-WHT": _("Hainaut"),
    "BE-WLG": _("Liège"),
    "BE-WLX": _("Luxembourg"),
    "BE-WNA": _("Namur"),
    "BE-BRU": _("Brussels-Capital Region"),
}

# Belgian postcode ranges (first and last code) and the province they lie in.
BELGIAN_POSTCODE_RANGES = [
    (1000, 1299, "BE-BRU"),
    (1300, 1499, "BE-WBR"),
    (1500, 1999, "BE-VBR"),
    (2000, 2999, "BE-VAN"),
    (3000, 3499, "BE-VBR"),
    (3500, 3999, "BE-VLI"),
    (4000, 4999, "BE-WLG"),
    (5000, 5999, "BE-WNA"),
    (6000, 6599, "BE-WHT"),
    (6600, 6999, "BE-WLX"),
    (7000, 7999, "BE-WHT"),
    (8000, 8999, "BE-VWV"),
    (9000, 9999, "BE-VOV"),
]


def department_code(code: str) -> str:
    return f"FR-{code}"


def region_code(code: str) -> str:
    return f"FR-R{code}"


def territory_name(code: str) -> str:
    """The display name of a territory code, or the code itself when it is unknown."""
    if code.startswith("FR-R") and code[4:] in REGIONS:
        return str(REGIONS[code[4:]])
    if code.startswith("FR-") and code[3:] in DEPARTMENTS:
        return f"{code[3:]} {DEPARTMENTS[code[3:]][0]}"
    if code in BELGIAN_PROVINCES:
        return str(BELGIAN_PROVINCES[code])
    return code


def all_codes() -> set[str]:
    return {department_code(c) for c in DEPARTMENTS} | {region_code(c) for c in REGIONS} | set(BELGIAN_PROVINCES)


def is_known(code: str) -> bool:
    return code in all_codes()


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a form: regions, departments, Belgian provinces."""
    return [
        (str(_("French regions")), [(region_code(c), str(n)) for c, n in REGIONS.items()]),
        (
            str(_("French departments")),
            [(department_code(c), territory_name(department_code(c))) for c in DEPARTMENTS],
        ),
        (str(_("Belgian provinces and Brussels")), [(c, str(n)) for c, n in BELGIAN_PROVINCES.items()]),
    ]


@dataclass(frozen=True)
class Place:
    """Where a site lies: its country, postcode and the territory codes that contain it."""

    country: str
    postcode: str
    codes: frozenset[str]


def french_department_of(postcode: str) -> str | None:
    """The INSEE department code of a French postcode, or None when it is not one of the 101."""
    digits = postcode.strip().replace(" ", "")
    if len(digits) != 5 or not digits.isdigit():
        return None
    if digits.startswith("97"):
        code = digits[:3]
    elif digits.startswith("20"):
        # Corsica: 200xx and 201xx are Corse-du-Sud, 202xx to 206xx Haute-Corse.
        code = "2A" if digits[2] in "01" else "2B"
    else:
        code = digits[:2]
    return code if code in DEPARTMENTS else None


def belgian_province_of(postcode: str) -> str | None:
    digits = postcode.strip()
    if len(digits) != 4 or not digits.isdigit():
        return None
    number = int(digits)
    return next((code for low, high, code in BELGIAN_POSTCODE_RANGES if low <= number <= high), None)


def place_of(country: str, postcode: str) -> Place:
    codes: set[str] = set()
    if country == "FR":
        department = french_department_of(postcode)
        if department:
            codes |= {department_code(department), region_code(DEPARTMENTS[department][1])}
    elif country == "BE":
        province = belgian_province_of(postcode)
        if province:
            codes.add(province)
    return Place(country=country, postcode=postcode.strip(), codes=frozenset(codes))
