"""makemessages only finds strings marked with `_`, `gettext`, `gettext_lazy`, `ngettext`...: a
translation function imported under another name hides its strings from the catalogues."""

import ast
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


def _translation_aliases(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names under which a module imports gettext (translates at once) and gettext_lazy (translates when shown)."""
    eager, lazy = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in ("gettext", "ngettext", "pgettext"):
                    eager.add(alias.asname or alias.name)
                elif alias.name.endswith("_lazy"):
                    lazy.add(alias.asname or alias.name)
    return eager, lazy


def _import_time_nodes(node: ast.AST):
    """The nodes evaluated when the module is imported: everything outside function bodies and lambdas."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield child
            yield from _import_time_nodes(child)


def _calls(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def test_nothing_is_translated_once_at_import_time():
    """`gettext` at module or class level translates once, in the language active at import (English), and so does
    `gettext_lazy(...) % {...}` or `.format(...)`: the page then shows English to every reader. Use gettext_lazy,
    and fairfleet.core.i18n.lazy_interpolation for an interpolated text."""
    offenders = []
    for path in Path(fairfleet.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        eager, lazy = _translation_aliases(tree)
        for node in _import_time_nodes(tree):
            eager_call = _calls(node, eager)
            formatted = (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _calls(node.left, lazy)) or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and _calls(node.func.value, lazy)
            )
            if eager_call or formatted:
                offenders.append(f"{path.relative_to(Path(fairfleet.__file__).parent)}:{node.lineno}")
    assert not offenders
