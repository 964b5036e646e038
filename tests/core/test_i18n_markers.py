"""makemessages only finds strings marked with `_`, `gettext`, `gettext_lazy`, `ngettext`...: a
translation function imported under another name hides its strings from the catalogues."""

import re
from pathlib import Path

import fairfleet

ALIASED = re.compile(r"import\s+\w*gettext\w*\s+as\s+(?!_\b)(\w+)")


def test_translation_functions_keep_names_makemessages_knows():
    offenders = [
        f"{path.relative_to(Path(fairfleet.__file__).parent)}: as {match.group(1)}"
        for path in Path(fairfleet.__file__).parent.rglob("*.py")
        for match in ALIASED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders
