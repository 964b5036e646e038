"""The French and Dutch catalogues read straight from the .po files: tests compare what a page shows with the
translators' text, not with what the code under test would compute."""

import functools
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "fairfleet" / "locale"
_ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _unquote(lines: str) -> str:
    parts = re.findall(r'^"(.*)"$', lines, re.MULTILINE)
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(0)), "".join(parts))


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return {_unquote(msgid): _unquote(msgstr) for msgid, msgstr in _ENTRY.findall(text) if msgid.strip() != '""'}


def msgstr(language: str, msgid: str) -> str:
    """The translation of `msgid` in the .po file; KeyError when the catalogue lacks it."""
    return catalogue(language)[str(msgid)]


PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")  # (name, kind)


def literal_parts(text: str, shortest: int = 4) -> list[str]:
    """The pieces of a translated text between its placeholders (long enough to mean something)."""
    return [
        part.replace("%%", "%").strip() for part in re.split(r"%\(\w+\)[sd]", text) if len(part.strip()) >= shortest
    ]
