"""The README and docs/ speak to the project's users: they point to nothing outside the repository, and every
relative link in them leads to a file that exists."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)  # https:, mailto:, an anchor of this page
# A folder beside the repository, or a machine's own folders: neither exists for someone who cloned it.
OUTSIDE = re.compile(r"(?<![\w-])shared/[\w./-]*|(?<![\w./-])(?:/work/|/home/|/Users/|/tmp/|~/)")
UP = re.compile(r"(?<![\w.-])(?:\.\./)+[\w./-]*")


def _inside(path: Path) -> bool:
    return path == ROOT or ROOT in path.parents


def problems_of(document: Path) -> list[str]:
    text = document.read_text(encoding="utf-8")
    found = [f"refers to {match.group(0)!r} outside the repository" for match in OUTSIDE.finditer(text)]
    found += [
        f"refers to {match.group(0)!r} outside the repository"
        for match in UP.finditer(text)
        if not _inside((document.parent / match.group(0)).resolve())
    ]
    for match in LINK.finditer(text):
        target = match.group(1)
        if EXTERNAL.match(target):
            continue
        path = target.split("#", 1)[0].split("?", 1)[0]
        resolved = (ROOT / path.lstrip("/")) if path.startswith("/") else (document.parent / path)
        resolved = resolved.resolve()
        if not _inside(resolved):
            found.append(f"links to {target!r} outside the repository")
        elif not resolved.exists():
            found.append(f"links to {target!r}, which does not exist")
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS])
def test_the_document_stays_inside_the_repository(document):
    assert not problems_of(document)


def test_the_architecture_document_exists_and_the_readme_points_to_it():
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "architecture.md").is_file()


def test_the_check_finds_links_and_paths_that_lead_outside(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    page = docs / "page.md"
    page.write_text(
        "See [the readme](../README.md), [a note](../../shared/DESIGN.md), [gone](missing.md), "
        "[the site](https://example.org/) and [here](#top); run `../shared/tools/shoot` or read /work/x.\n",
        encoding="utf-8",
    )

    found = problems_of(page)

    assert found == [
        "refers to 'shared/DESIGN.md' outside the repository",
        "refers to 'shared/tools/shoot' outside the repository",
        "refers to '/work/' outside the repository",
        "refers to '../../shared/DESIGN.md' outside the repository",
        "links to '../../shared/DESIGN.md' outside the repository",
        "links to 'missing.md', which does not exist",
    ]
