"""The French and Dutch catalogues read straight from the .po files: tests compare what a page shows with the
translators' text, not with what the code under test would compute."""

import ast
import functools
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "fairfleet" / "locale"


@functools.cache
def po_entries(language: str) -> tuple[dict[str, str], ...]:
    """The entries of a .po file: {"msgid": ..., "msgid_plural": ..., "msgstr": ... or "msgstr[0]": ...}."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries, entry, field = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
        elif line and not line.startswith("#"):
            keyword, _space, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and any(key.startswith("msgstr") for key in entry):
                entries.append(entry)
                entry = {}
            entry[keyword], field = ast.literal_eval(value), keyword
    return tuple([*entries, entry] if entry else entries)


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    return {entry["msgid"]: entry["msgstr"] for entry in po_entries(language) if entry["msgid"] and "msgstr" in entry}


def msgstr(language: str, msgid: str) -> str:
    """The translation of `msgid` in the .po file; KeyError when the catalogue lacks it."""
    return catalogue(language)[str(msgid)]


PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")  # (name, kind)


def literal_parts(text: str, shortest: int = 4) -> list[str]:
    """The pieces of a translated text between its placeholders (long enough to mean something)."""
    return [
        part.replace("%%", "%").strip() for part in re.split(r"%\(\w+\)[sd]", text) if len(part.strip()) >= shortest
    ]
