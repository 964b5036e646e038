"""Build a factor file from the data shipped in the boaviztapi package (development only: needs boaviztapi).

The tables mirror what boaviztapi's code reads, so that our engine reproduces its figures:
- embedded impacts of a terminal: factors.yml[DEVICE][criterion][type]["impact"], looked up with the criterion's
  own code (so `adp`, `pe`, `gwppb`... are "not implemented" for terminals, as in boaviztapi);
- electricity factors of a zone: factors.yml["electricity"][zone][key], where the use phase reads `adpe` for `adp`
  and `gwpf` for `gwppf`; min/max equal the value, except for the default zone (EEE, also used for unknown codes)
  whose min/max span the "min-max" row of all zones;
- archetype usage defaults from archetypes/user_terminal.csv ("default;min;max").
A missing factor is null in the file (NaN in the engine), never zero.
"""

import csv
import hashlib
import json
from importlib.metadata import version as package_version
from pathlib import Path

import yaml

from fairfleet.footprint.loading import tables_sha256
from fairfleet.footprint.oracle import load_boaviztapi

FORMAT_VERSION = 1
# The use phase of boaviztapi reads these electricity keys for these criteria (models/usage/usage.py).
USE_KEY_OF_CRITERION = {"adp": "adpe", "gwppf": "gwpf"}
DATA_FILES = ("factors.yml", "archetypes/user_terminal.csv")


def _triple(text: str) -> list[float] | None:
    """boaviztapi's "default;min;max" (or "default;other" or "default") as [default, min, max]."""
    parts = [float(part) for part in text.split(";") if part.strip()]
    if not parts:
        return None
    if len(parts) == 1:
        return [parts[0]] * 3
    if len(parts) == 2:
        return [parts[0], min(parts), max(parts)]
    return parts[:3]


class _Sources:
    """Source texts are long and repeated: the tables keep each once and refer to it by index."""

    def __init__(self):
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text) -> int | None:
        if not text:
            return None
        text = str(text)
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]


def extract(data_dir: Path | None = None) -> dict:
    """The factor file's content (a dict ready for json.dump), read from the installed boaviztapi."""
    boavizta = load_boaviztapi()
    data_dir = Path(data_dir or boavizta.package.data_dir)
    factors = yaml.load((data_dir / "factors.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    criteria_objects = boavizta.package_criteria
    criteria = [
        {"code": c.name, "unit": c.unit, "description": c.description, "method": c.method or ""}
        for c in criteria_objects
    ]
    codes = [c["code"] for c in criteria]
    sources = _Sources()

    archetypes = []
    with open(data_dir / "archetypes/user_terminal.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            device = row["device_type"].strip().upper()
            kind = row["type"].strip()
            device_factors = factors.get(device) or {}
            embedded, embedded_sources = {}, {}
            for code in codes:
                entry = device_factors.get(code) or {}
                entry = entry if "impact" in entry else entry.get(kind) or {}
                impact = entry.get("impact")
                embedded[code] = None if impact is None else float(impact)
                embedded_sources[code] = sources.ref(entry.get("source"))
            archetypes.append(
                {
                    "code": row["id"].strip(),
                    "device": device,
                    "type": kind,
                    "router": row["router_type"].strip(),
                    "use_ratio": _triple(row["USAGE.use_time_ratio"]),
                    "lifetime_h": _triple(row["USAGE.hours_life_time"]),
                    "power_w": _triple(row["USAGE.avg_power"]),
                    "embedded": embedded,
                    "embedded_sources": embedded_sources,
                }
            )

    electricity = factors["electricity"]
    spread = electricity["min-max"]
    default_zone = boavizta.package.config.default_location
    zones = []
    for name, zone in sorted(electricity["available_countries"].items(), key=lambda item: item[1]):
        row = electricity.get(zone) or {}
        use, use_sources = {}, {}
        for code in codes:
            key = USE_KEY_OF_CRITERION.get(code, code)
            entry = row.get(key) or {}
            value = entry.get("value")
            if value is None:
                use[code] = None
            elif zone == default_zone:
                bounds = spread.get(key) or {}
                low, high = bounds.get("min"), bounds.get("max")
                use[code] = None if low is None or high is None else [float(value), float(low), float(high)]
            else:
                use[code] = [float(value)] * 3
            source = entry.get("source")
            if source and entry.get("reference_year"):
                source = f"{source} ({entry['reference_year']})"
            use_sources[code] = sources.ref(source)
        zones.append({"code": zone, "name": name, "use": use, "use_sources": use_sources})

    tables = {
        "format": FORMAT_VERSION,
        "criteria": criteria,
        "default_zone": default_zone,
        "archetypes": archetypes,
        "zones": zones,
        "sources": sources.texts,
    }
    version = package_version("boaviztapi")
    return {
        "code": f"boavizta-{version}",
        "label": f"Boavizta reference data (boaviztapi {version})",
        "package_version": version,
        "provenance": {
            "package": "boaviztapi",
            "package_version": version,
            "license": "AGPL-3.0 (boaviztapi); device factors from ADEME Base Empreinte / NegaOctet, see sources",
            "method": "Boavizta methodology: https://doc.api.boavizta.org/",
            "files": {name: _file_sha256(data_dir / name) for name in DATA_FILES},
            "notes": [
                "Terminals and peripherals only; servers (bottom-up component model) are not extracted.",
                "smartwatch-default has no embedded factors in the data (not implemented in boaviztapi).",
                "Unknown zones fall back to the default zone, whose min/max span every zone.",
            ],
        },
        "tables_sha256": tables_sha256(tables),
        "tables": tables,
    }


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_factor_file(content: dict, path: Path) -> None:
    """Sorted keys and one indent: the same data always gives the same bytes, and diffs stay readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
