"""Load a factor file (written by footprint_extract) into a FactorSet: once, and never over an older one."""

import hashlib
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# The factor files committed with the code, oldest first; each is loaded by its own data migration and never
# rewritten. boavizta-2.5.0: terminals and peripherals (migration 0002); boavizta-2.5.0-r2: the same plus every
# server archetype (migration 0005).
BUNDLED_FACTOR_FILE = DATA_DIR / "boavizta-2.5.0.json"
SERVERS_FACTOR_FILE = DATA_DIR / "boavizta-2.5.0-r2.json"
BUNDLED_FACTOR_FILES = (BUNDLED_FACTOR_FILE, SERVERS_FACTOR_FILE)
LATEST_FACTOR_FILE = BUNDLED_FACTOR_FILES[-1]


def canonical_json(data) -> str:
    """One text per content: sorted keys, no spaces. Hashes are taken on it."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def tables_sha256(tables: dict) -> str:
    return hashlib.sha256(canonical_json(tables).encode()).hexdigest()


class FactorFileError(ValueError):
    pass


def read_factor_file(path: Path | str) -> dict:
    content = json.loads(Path(path).read_text(encoding="utf-8"))
    missing = {"code", "label", "package_version", "provenance", "tables_sha256", "tables"} - set(content)
    if missing:
        raise FactorFileError(f"{path}: not a factor file (missing {', '.join(sorted(missing))}).")
    if tables_sha256(content["tables"]) != content["tables_sha256"]:
        raise FactorFileError(f"{path}: the tables do not match their SHA-256 (edited by hand?).")
    return content


def load_factor_file(path: Path | str, factor_set_model=None):
    """Create the FactorSet of the file and return (factor_set, created).

    Loading a file already loaded does nothing. A file whose code is taken by different tables is refused:
    a new version needs a new code. `factor_set_model` lets data migrations pass their historical model.
    """
    if factor_set_model is None:
        from fairfleet.footprint.models import FactorSet as factor_set_model
    content = read_factor_file(path)
    existing = factor_set_model.objects.filter(code=content["code"]).first()
    if existing is not None:
        if existing.tables_sha256 != content["tables_sha256"]:
            raise FactorFileError(
                f"The factor set {content['code']} exists with other tables; give the new data another code."
            )
        return existing, False
    factor_set = factor_set_model.objects.create(
        code=content["code"],
        label=content["label"],
        package_version=content["package_version"],
        provenance=content["provenance"],
        tables_sha256=content["tables_sha256"],
        tables=content["tables"],
    )
    return factor_set, True
