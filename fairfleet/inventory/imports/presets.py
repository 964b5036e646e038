"""Column presets for the export formats of GLPI and Snipe-IT, and a generic English/French/Dutch one.

The titles each format writes are data (titles.toml, with the source each was read in); titles are compared by
`title_key`, which forgives case, accents, punctuation, notes in parentheses and GLPI's group prefixes. Cell
words (categories, states, acquisition kinds) are compared by `fold`.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

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
    """A cell's words for `match_word`: lower case, no accents, single spaces."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode().lower()
    text = text.replace("\u2019", "'").replace("_", " ")
    return " ".join(text.split())


# The titles each format writes are data: titles.toml, with the sources they were read in.
TITLES_FILE = Path(__file__).with_name("titles.toml")
_NOTE = re.compile(r"[(\[][^)\]]*[)\]]")  # "(€)", "[EUR]", "(jj/mm/aaaa)"
_NOT_WORD = re.compile(r"[^a-z0-9]+")
GROUP_SEPARATOR = " - "  # GLPI: "%1$s - %2$s" (fr_FR.po line 309 translates it the same)


def title_key(title: str) -> str:
    """A column title as compared: no case, accents, punctuation, currency signs or extra spaces."""
    text = unicodedata.normalize("NFKD", str(title))
    # Accents go; any other character beyond ASCII (’, €, °, –) separates words like punctuation does.
    text = "".join(c if c.isascii() else ("" if unicodedata.combining(c) else " ") for c in text).lower()
    return _NOT_WORD.sub(" ", text).strip()


def title_keys(title: str) -> list[str]:
    """The keys a title is looked up by, most exact first: as written, then without a note in parentheses or
    brackets; and the same behind a known group prefix ("Financial and administrative information - Value")."""
    title = str(title).replace("\u00a0", " ").replace("\u2013", "-").strip()
    texts = [title]
    group, separator, rest = title.partition(GROUP_SEPARATOR)
    if separator and title_key(group) in GROUPS:
        texts.append(rest)
    keys = []
    for text in texts:
        for key in (title_key(text), title_key(_NOTE.sub(" ", text))):
            if key and key not in keys:
                keys.append(key)
    return keys


def _load_titles() -> tuple[dict[str, dict[str, str]], frozenset[str]]:
    with open(TITLES_FILE, "rb") as handle:
        data = tomllib.load(handle)
    formats, groups = {}, set()
    for name, table in data.items():
        columns: dict[str, str] = {}
        for target, titles in table.items():
            if target == "groups":
                groups.update(title_key(title) for title in titles)
                continue
            if target not in TARGET_FIELDS:
                raise ValueError(f"titles.toml [{name}]: unknown field {target}")
            for title in titles:
                key = title_key(title)
                if columns.get(key, target) != target:
                    raise ValueError(f"titles.toml [{name}]: {title!r} fills both {columns[key]} and {target}")
                columns[key] = target
        formats[name] = columns
    return formats, frozenset(groups)


TITLES, GROUPS = _load_titles()


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
        Preset("glpi_computers", _("GLPI: computers"), TITLES["glpi"], "desktop", "glpi"),
        Preset("glpi_monitors", _("GLPI: monitors"), TITLES["glpi"], "monitor", "glpi"),
        Preset("glpi_phones", _("GLPI: phones"), TITLES["glpi"], "smartphone", "glpi"),
        Preset("glpi_network", _("GLPI: network equipment"), TITLES["glpi"], "network", "glpi"),
        Preset("glpi_printers", _("GLPI: printers"), TITLES["glpi"], "printer", "glpi"),
        Preset("snipeit", _("Snipe-IT: asset export or importer file"), TITLES["snipeit"], "peripheral", "snipeit"),
        Preset("snipeit_api", _("Snipe-IT server (API)"), TITLES["snipeit_api"], "peripheral", "snipeit"),
        Preset(
            "generic", _("Spreadsheet (English, French or Dutch headers)"), TITLES["generic"], "peripheral", "external"
        ),
    )
}

# What a file upload may be read as; the Snipe-IT API preset reads only the snapshots that the API reader writes.
FILE_PRESETS = {code: preset for code, preset in PRESETS.items() if code != "snipeit_api"}

# Words in type, category and status cells, folded, mapped onto our codes; the first word found wins.
CATEGORY_WORDS = (
    ("all-in-one", "all_in_one"), ("all in one", "all_in_one"), ("thin client", "thin_client"),
    ("client leger", "thin_client"), ("workstation", "workstation"), ("station de travail", "workstation"),
    ("laptop", "laptop"), ("portable", "laptop"), ("notebook", "laptop"), ("ordinateur portable", "laptop"),
    ("chromebook", "laptop"), ("macbook", "laptop"), ("ultrabook", "laptop"), ("imac", "all_in_one"),
    ("poste de travail", "desktop"), ("postes de travail", "desktop"), ("desktop", "desktop"), ("tour", "desktop"),
    ("unite centrale", "desktop"), ("ordinateur", "desktop"),
    ("monitor", "monitor"), ("moniteur", "monitor"), ("ecran", "monitor"), ("scherm", "monitor"),
    ("tablet", "tablet"), ("tablette", "tablet"), ("smartphone", "smartphone"), ("mobile", "smartphone"),
    ("phone", "feature_phone"), ("telephone", "feature_phone"), ("printer", "printer"), ("imprimante", "printer"),
    ("copieur", "printer"), ("multifonction", "printer"), ("printer", "printer"), ("projector", "projector"),
    ("projecteur", "projector"), ("videoprojecteur", "projector"), ("server", "server"), ("serveur", "server"),
    ("switch", "network"), ("router", "network"), ("routeur", "network"), ("borne", "network"),
    ("network", "network"), ("reseau", "network"), ("nas", "storage"), ("storage", "storage"),
    ("dock", "dock"), ("station d'accueil", "dock"), ("keyboard", "peripheral"), ("clavier", "peripheral"),
    ("mouse", "peripheral"), ("souris", "peripheral"), ("desk", "furniture"), ("bureau", "furniture"),
    # Last, so that a more precise word wins ("Tablet PC", "Écran PC"); whatever they catch holds data.
    ("computer", "desktop"), ("pc", "desktop"),
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


# Titles only one tool prints, to settle a tie between presets that read as many columns (keys of title_key).
_MARKERS = {
    "glpi_computers": {
        "nom", "entite", "usager", "numero d inventaire", "inventory number", "inventory asset number", "fabricant",
        "derniere modification", "last update", "composants processeur", "components processor",
        "systeme d exploitation nom", "operating system name",
    },
    "snipeit": {
        "asset tag", "asset name", "checked out to", "checked out", "model no", "purchased", "model name",
        "current value", "warranty expires",
    },
    "generic": set(),
}  # fmt: skip


def _field_of(title: str, columns: dict[str, str]) -> str | None:
    for key in title_keys(title):
        if key in columns:
            return columns[key]
    return None


def detect_preset(header: list[str]) -> str:
    """The preset that reads the most columns of this header; a tool's own titles break a tie."""
    keys = [title_key(h) for h in header]

    def score(code: str) -> tuple[int, int]:
        columns = PRESETS[code].columns
        return sum(1 for h in header if _field_of(h, columns)), sum(1 for k in keys if k in _MARKERS[code])

    return max(("generic", "glpi_computers", "snipeit"), key=score)


def header_score(cells: list) -> int:
    """How many cells of a row read as column titles of any format: the header row is the one that scores best."""
    titles = [cell for cell in cells if isinstance(cell, str) and cell.strip() and len(cell) <= 200]
    return max(sum(1 for title in titles if _field_of(title, columns)) for columns in TITLES.values())


def column_fields(header: list[str], preset: Preset, mapping: dict[str, str] | None = None) -> list[str | None]:
    """For each column, the field it fills (or None); an explicit mapping wins over the preset, and maps a
    column to "" to leave it out. A mapping names columns by their titles, compared as title_key does."""
    explicit = {title_key(k): v for k, v in (mapping or {}).items() if v in TARGET_FIELDS or v == ""}
    fields, taken = [], set()
    for title in header:
        key = title_key(title)
        target = (explicit[key] or None) if key in explicit else _field_of(title, preset.columns)
        if target in taken:  # two columns for one field: the first wins, as users list the main one first
            target = None
        fields.append(target)
        if target:
            taken.add(target)
    return fields
