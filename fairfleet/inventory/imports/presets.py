"""Column presets for the export formats of GLPI and Snipe-IT, and a generic English/French/Dutch one.

Headers are compared folded (lower case, no accents, single spaces). Column titles are data, so the French
and Dutch ones stay as the tools print them.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The fields a column may fill. "model" is the model name; "external_id" goes to Device.external_ids[source].
TARGET_FIELDS = (
    "serial_number", "asset_tag", "manufacturer", "model", "category", "service", "site", "holder", "state",
    "acquisition_date", "acquisition_kind", "price", "supplier", "warranty_end", "warranty_months", "notes",
    "external_id",
)  # fmt: skip
FIELD_LABELS = {
    "serial_number": _("serial number"),
    "asset_tag": _("asset tag"),
    "model": _("model"),
    "manufacturer": _("manufacturer"),
}


def fold(header: str) -> str:
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode().lower()
    text = text.replace("\u2019", "'").replace("_", " ")
    return " ".join(text.split())


# GLPI list views export the columns the user displays, titled with the search option names.
# Source: glpi-project/glpi, src/CommonDBTM.php and src/Computer.php rawSearchOptions() (English names:
# Name, Serial number, Inventory number, Manufacturer, Model, Type, Status, Location, Entity, User, Group,
# Comments, ID) and src/Infocom.php (Date of purchase, Value, Supplier, Warranty duration, Start date of warranty);
# French titles from the glpi-project/glpi locales/fr_FR.po catalogue. [verify against a real export]
_GLPI = {
    "id": "external_id",
    "numero de serie": "serial_number",
    "serial number": "serial_number",
    "numero d'inventaire": "asset_tag",
    "inventory number": "asset_tag",
    "fabricant": "manufacturer",
    "manufacturer": "manufacturer",
    "modele": "model",
    "model": "model",
    "type": "category",
    "statut": "state",
    "status": "state",
    "lieu": "site",
    "location": "site",
    "entite": "service",
    "entity": "service",
    "groupe": "service",
    "group": "service",
    "utilisateur": "holder",
    "user": "holder",
    "usager": "holder",
    "alternate username": "holder",
    "commentaires": "notes",
    "comments": "notes",
    "date d'achat": "acquisition_date",
    "date of purchase": "acquisition_date",
    "valeur": "price",
    "value": "price",
    "fournisseur": "supplier",
    "supplier": "supplier",
    "duree de garantie": "warranty_months",
    "warranty duration": "warranty_months",
}
# Snipe-IT importer columns: grokability/snipe-it app/Importer/Importer.php $defaultFieldMap (checked: "asset tag",
# "serial number", "model name", "manufacturer", "category", "status", "location", "purchase date", "purchase cost",
# "supplier", "warranty" (months), "full name", "notes", "department", "id"). Asset list export titles ("Asset Tag",
# "Serial", "Model", "Checked Out To", "Purchased", "Purchase Cost", "Warranty"...) from
# resources/lang/en-US/admin/hardware/table.php and general.php. [verify the export titles against a real export]
_SNIPEIT = {
    "id": "external_id",
    "asset tag": "asset_tag",
    "serial": "serial_number",
    "serial number": "serial_number",
    "model": "model",
    "model name": "model",
    "manufacturer": "manufacturer",
    "category": "category",
    "status": "state",
    "status label": "state",
    "location": "site",
    "checked out to": "holder",
    "full name": "holder",
    "purchase date": "acquisition_date",
    "purchased": "acquisition_date",
    "purchase cost": "price",
    "cost": "price",
    "supplier": "supplier",
    "warranty": "warranty_months",
    "warranty months": "warranty_months",
    "warranty expires": "warranty_end",
    "notes": "notes",
    "asset notes": "notes",
    "department": "service",
}
# The CSV snapshot that snipeit.py writes from the Snipe-IT API (its COLUMNS). "Snipe-IT ID" is the asset id, so
# a server read through the API and one exported to a file land on the same devices. The status cell is already
# reduced to words STATE_WORDS knows; the holder is the user an asset is checked out to (not a location or an
# asset); the site is the current location, else the default one. Company is left unmapped: in Snipe-IT it
# separates tenants, and a public body that has one would otherwise get a single service named after itself; an
# organisation that files its departments as companies maps "Company" to the service. The API gives no department.
_SNIPEIT_API = {
    "snipe-it id": "external_id",
    "asset tag": "asset_tag",
    "serial": "serial_number",
    "manufacturer": "manufacturer",
    "model": "model",
    "category": "category",
    "status": "state",
    "location": "site",
    "checked out to": "holder",
    "purchase date": "acquisition_date",
    "purchase cost": "price",
    "supplier": "supplier",
    "warranty months": "warranty_months",
    "warranty expires": "warranty_end",
    "notes": "notes",
}
_GENERIC = {
    **dict.fromkeys(("serial number", "serial", "numero de serie", "n de serie", "serienummer"), "serial_number"),
    **dict.fromkeys(("asset tag", "tag", "numero d'inventaire", "inventaire", "inventarisnummer"), "asset_tag"),
    **dict.fromkeys(("manufacturer", "brand", "fabricant", "marque", "fabrikant", "merk"), "manufacturer"),
    **dict.fromkeys(("model", "model name", "modele", "modelnaam"), "model"),
    **dict.fromkeys(("category", "type", "categorie", "categorie d'equipement"), "category"),
    **dict.fromkeys(("service", "department", "departement", "dienst", "afdeling", "direction"), "service"),
    **dict.fromkeys(("site", "location", "lieu", "locatie", "vestiging"), "site"),
    **dict.fromkeys(("holder", "user", "utilisateur", "gebruiker", "detenteur", "agent"), "holder"),
    **dict.fromkeys(("state", "status", "statut", "etat", "toestand"), "state"),
    **dict.fromkeys(("acquisition date", "purchase date", "date d'achat", "aankoopdatum"), "acquisition_date"),
    **dict.fromkeys(("acquisition", "acquisition kind", "mode d'acquisition", "verwerving"), "acquisition_kind"),
    **dict.fromkeys(("price", "purchase cost", "prix", "prix ht", "prijs", "aankoopprijs"), "price"),
    **dict.fromkeys(("supplier", "fournisseur", "leverancier"), "supplier"),
    **dict.fromkeys(("warranty end", "fin de garantie", "einde garantie"), "warranty_end"),
    **dict.fromkeys(("warranty months", "garantie (mois)", "garantie (maanden)"), "warranty_months"),
    **dict.fromkeys(("notes", "comments", "commentaires", "remarques", "opmerkingen"), "notes"),
}


@dataclass(frozen=True)
class Preset:
    code: str
    label: object
    columns: dict[str, str]
    default_category: str
    external_source: str = ""  # the key in Device.external_ids for the "external_id" column


PRESETS = {
    p.code: p
    for p in (
        Preset("glpi_computers", _("GLPI: computers"), _GLPI, "desktop", "glpi"),
        Preset("glpi_monitors", _("GLPI: monitors"), _GLPI, "monitor", "glpi"),
        Preset("glpi_phones", _("GLPI: phones"), _GLPI, "smartphone", "glpi"),
        Preset("glpi_network", _("GLPI: network equipment"), _GLPI, "network", "glpi"),
        Preset("glpi_printers", _("GLPI: printers"), _GLPI, "printer", "glpi"),
        Preset("snipeit", _("Snipe-IT: asset export or importer file"), _SNIPEIT, "peripheral", "snipeit"),
        Preset("snipeit_api", _("Snipe-IT server (API)"), _SNIPEIT_API, "peripheral", "snipeit"),
        Preset("generic", _("Spreadsheet (English, French or Dutch headers)"), _GENERIC, "peripheral", "external"),
    )
}

# What a file upload may be read as; the Snipe-IT API preset reads only the snapshots that the API reader writes.
FILE_PRESETS = {code: preset for code, preset in PRESETS.items() if code != "snipeit_api"}

# Words in type, category and status cells, folded, mapped onto our codes; the first word found wins.
CATEGORY_WORDS = (
    ("all-in-one", "all_in_one"), ("all in one", "all_in_one"), ("thin client", "thin_client"),
    ("client leger", "thin_client"), ("workstation", "workstation"), ("station de travail", "workstation"),
    ("laptop", "laptop"), ("portable", "laptop"), ("notebook", "laptop"), ("ordinateur portable", "laptop"),
    ("desktop", "desktop"), ("tour", "desktop"), ("unite centrale", "desktop"), ("ordinateur", "desktop"),
    ("monitor", "monitor"), ("moniteur", "monitor"), ("ecran", "monitor"), ("scherm", "monitor"),
    ("tablet", "tablet"), ("tablette", "tablet"), ("smartphone", "smartphone"), ("mobile", "smartphone"),
    ("phone", "feature_phone"), ("telephone", "feature_phone"), ("printer", "printer"), ("imprimante", "printer"),
    ("copieur", "printer"), ("multifonction", "printer"), ("printer", "printer"), ("projector", "projector"),
    ("projecteur", "projector"), ("videoprojecteur", "projector"), ("server", "server"), ("serveur", "server"),
    ("switch", "network"), ("router", "network"), ("routeur", "network"), ("borne", "network"),
    ("network", "network"), ("reseau", "network"), ("nas", "storage"), ("storage", "storage"),
    ("dock", "dock"), ("station d'accueil", "dock"), ("keyboard", "peripheral"), ("clavier", "peripheral"),
    ("mouse", "peripheral"), ("souris", "peripheral"), ("desk", "furniture"), ("bureau", "furniture"),
)  # fmt: skip
STATE_WORDS = (
    ("stock", "in_stock"), ("en stock", "in_stock"), ("ready to deploy", "in_stock"), ("deployable", "in_stock"),
    ("pending", "ordered"), ("commande", "ordered"), ("ordered", "ordered"), ("besteld", "ordered"),
    ("repair", "in_repair"), ("reparation", "in_repair"), ("herstel", "in_repair"), ("maintenance", "in_repair"),
    ("lost", "lost"), ("stolen", "lost"), ("perdu", "lost"), ("vole", "lost"), ("verloren", "lost"),
    ("recycl", "recycled"), ("deee", "recycled"), ("sold", "sold"), ("vendu", "sold"), ("verkocht", "sold"),
    ("donated", "handed_over"), ("donne", "handed_over"), ("retired", "end_of_use"), ("archived", "end_of_use"),
    ("reform", "end_of_use"), ("rebut", "end_of_use"), ("hors service", "end_of_use"), ("afgedankt", "end_of_use"),
    ("broken", "end_of_use"), ("in use", "in_use"), ("en service", "in_use"), ("en production", "in_use"),
    ("utilise", "in_use"), ("deployed", "in_use"), ("in gebruik", "in_use"), ("actif", "in_use"),
)  # fmt: skip
KIND_WORDS = (
    ("refurb", "refurbished"), ("reconditionn", "refurbished"), ("reemploi", "refurbished"), ("don", "donated"),
    ("schenking", "donated"), ("leas", "leased"), ("location", "leased"), ("loa", "leased"), ("new", "new"),
    ("neuf", "new"), ("nieuw", "new"), ("achat", "new"),
)  # fmt: skip


def match_word(text: str, table: tuple) -> str | None:
    folded = fold(text)
    for word, code in table:
        if word in folded:
            return code
    return None


# Titles only one tool prints, to settle a tie between presets that read as many columns.
_MARKERS = {
    "glpi_computers": {"nom", "entite", "entity", "usager", "numero d'inventaire", "inventory number", "fabricant"},
    "snipeit": {"asset tag", "asset name", "checked out to", "model no.", "purchased", "model name", "status label"},
    "generic": set(),
}


def detect_preset(header: list[str]) -> str:
    """The preset that reads the most columns of this header; a tool's own titles break a tie."""
    folded = [fold(h) for h in header]

    def score(code: str) -> tuple[int, int]:
        columns = PRESETS[code].columns
        return sum(1 for h in folded if h in columns), sum(1 for h in folded if h in _MARKERS[code])

    return max(("generic", "glpi_computers", "snipeit"), key=score)


def column_fields(header: list[str], preset: Preset, mapping: dict[str, str] | None = None) -> list[str | None]:
    """For each column, the field it fills (or None); an explicit mapping wins over the preset, and maps a
    column to "" to leave it out."""
    explicit = {fold(k): v for k, v in (mapping or {}).items() if v in TARGET_FIELDS or v == ""}
    fields, taken = [], set()
    for title in header:
        key = fold(title)
        target = (explicit[key] or None) if key in explicit else preset.columns.get(key)
        if target in taken:  # two columns for one field: the first wins, as users list the main one first
            target = None
        fields.append(target)
        if target:
            taken.add(target)
    return fields
