"""Build a factor file from the data shipped in the boaviztapi package (development only: needs boaviztapi).

The tables mirror what boaviztapi's code reads, so that our engine reproduces its figures:
- embedded impacts of a terminal: factors.yml[DEVICE][criterion][type]["impact"], looked up with the criterion's
  own code (so `adp`, `pe`, `gwppb`... are "not implemented" for terminals, as in boaviztapi);
- electricity factors of a zone: factors.yml["electricity"][zone][key], where the use phase reads `adpe` for `adp`
  and `gwpf` for `gwppf`; min/max equal the value, except for the default zone (EEE, also used for unknown codes)
  whose min/max span the "min-max" row of all zones;
- archetype usage defaults from archetypes/user_terminal.csv ("default;min;max");
- from revision 2 on, every server archetype of archetypes/server.csv. boaviztapi models a server bottom-up from
  its components (CPU, RAM, SSD, HDD, GPU, motherboard, power supply, case, assembly), with a fallback to the
  generic SERVER factor for a criterion some component lacks, and models its power from CPU and RAM consumption
  profiles at a workload. Neither depends on the zone, and the embedded impact is linear in the allocation, so
  the extraction runs boaviztapi's own server model once per archetype, on its default configuration, over its
  whole default lifetime, and keeps: the embedded impact of each criterion (value, min, max: the components'
  ranges), the power at the archetype's default workload (value at the default, min and max at the min and max
  workload), the use ratio and the lifetime. The engine then allocates and multiplies as for terminals.
A missing factor is null in the file (NaN in the engine), never zero.

Revisions: a revision is a new factor set (its own code), never a rewrite of an older one. Revision 1 (code
boavizta-VERSION) has terminals and peripherals only; revision 2 (boavizta-VERSION-r2) adds the servers. Each
revision can be extracted again, byte for byte.
"""

import csv
import hashlib
import json
import re
import warnings
from importlib.metadata import version as package_version
from pathlib import Path

import yaml

from fairfleet.footprint.loading import tables_sha256
from fairfleet.footprint.oracle import load_boaviztapi

CURRENT_REVISION = 2
# Revision -> format of the tables: format 2 adds server rows, whose embedded impacts are [value, min, max].
FORMAT_OF_REVISION = {1: 1, 2: 2}
# The use phase of boaviztapi reads these electricity keys for these criteria (models/usage/usage.py).
USE_KEY_OF_CRITERION = {"adp": "adpe", "gwppf": "gwpf"}
DATA_FILES = ("factors.yml", "archetypes/user_terminal.csv")
# What boaviztapi's server model reads besides factors.yml (archetypes, component defaults, consumption profiles,
# CPU/GPU/RAM/SSD specifications).
SERVER_DATA_FILES = (
    "archetypes/server.csv",
    "archetypes/components/case.csv",
    "archetypes/components/cpu.csv",
    "archetypes/components/gpu.csv",
    "archetypes/components/hdd.csv",
    "archetypes/components/power_supply.csv",
    "archetypes/components/ram.csv",
    "archetypes/components/ssd.csv",
    "consumption_profile/cpu/cpu_profile.csv",
    "consumption_profile/ram/memory_type.csv",
    "crowdsourcing/cpu_specs.csv",
    "crowdsourcing/gpu_specs.csv",
    "crowdsourcing/ram_manufacture.csv",
    "crowdsourcing/ssd_manufacture.csv",
)
# The modelled power comes out of a curve fit (scipy): rounded, so that the file's bytes do not depend on the last
# bits of the fit. 12 significant digits are far inside the 0.1 % the oracle tests allow.
POWER_SIGNIFICANT_DIGITS = 12
SERVER_METHOD_SOURCE = (
    "Boavizta bottom-up server model (boaviztapi {version}, compute/impacts_computation.py: "
    "server_impact_embedded), run on the archetype's default configuration: CPU, RAM, SSD, HDD and GPU "
    "impacts from their size, plus motherboard, power supply, case and assembly, with the component factors of "
    "factors.yml; method: https://doc.api.boavizta.org/Explanations/devices/server/"
)
SERVER_FALLBACK_SOURCE = (
    "Generic SERVER factor of factors.yml, used by boaviztapi {version} for a criterion that a component "
    "lacks (same figure for every server archetype): {source}"
)
SERVER_POWER_SOURCE = (
    "Modelled by boaviztapi {version} (DeviceServer.model_power_consumption): CPU consumption profile at the "
    "archetype's workload (USAGE.time_workload: value at the default {default:g} %, min at {low:g} %, max at "
    "{high:g} %) plus RAM, plus other_consumption_ratio for the rest of the server, plus the disks"
)


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


def extract(data_dir: Path | None = None, revision: int = CURRENT_REVISION) -> dict:
    """The factor file's content (a dict ready for json.dump), read from the installed boaviztapi."""
    if revision not in FORMAT_OF_REVISION:
        raise ValueError(f"Unknown revision {revision}; known: {', '.join(map(str, FORMAT_OF_REVISION))}.")
    boavizta = load_boaviztapi()
    package_dir = Path(boavizta.package.data_dir)
    data_dir = Path(data_dir or package_dir)
    if revision >= 2 and data_dir.resolve() != package_dir.resolve():
        raise ValueError("Servers are computed by boaviztapi's own model, which reads the package's data only.")
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

    version = package_version("boaviztapi")
    files = DATA_FILES
    notes = [
        "Terminals and peripherals only; servers (bottom-up component model) are not extracted.",
        "smartwatch-default has no embedded factors in the data (not implemented in boaviztapi).",
        "Unknown zones fall back to the default zone, whose min/max span every zone.",
    ]
    if revision >= 2:
        servers = _server_archetypes(boavizta, data_dir, factors, codes, sources, version)
        clash = {row["code"] for row in servers} & {row["code"] for row in archetypes}
        if clash:
            raise ValueError(f"Server and terminal archetypes share codes: {', '.join(sorted(clash))}.")
        archetypes += servers
        files = DATA_FILES + SERVER_DATA_FILES
        notes[0] = (
            f"Terminals and peripherals, and the {len(servers)} server archetypes of archetypes/server.csv. "
            "Server figures come from boaviztapi's own server model run at extraction time on each archetype's "
            "default configuration: embedded impacts over the whole life (value, min, max) and power at the "
            "default workload (time_workload 50 %, min and max at the min and max workload)."
        )
        notes.append(
            "Server embedded impacts are bottom-up for gwp, adp and pe only; for every other criterion boaviztapi "
            "falls back to the generic SERVER factor (the same for every server, so gwppf can exceed gwp)."
        )
        notes.append(
            f"Server power is rounded to {POWER_SIGNIFICANT_DIGITS} significant digits (it comes from a curve fit)."
        )

    tables = {
        "format": FORMAT_OF_REVISION[revision],
        "criteria": criteria,
        "default_zone": default_zone,
        "archetypes": archetypes,
        "zones": zones,
        "sources": sources.texts,
    }
    suffix = "" if revision == 1 else f"-r{revision}"
    label_suffix = "" if revision == 1 else ", with servers"
    content = {
        "code": f"boavizta-{version}{suffix}",
        "label": f"Boavizta reference data (boaviztapi {version}{label_suffix})",
        "package_version": version,
        "provenance": {
            "package": "boaviztapi",
            "package_version": version,
            "license": "AGPL-3.0 (boaviztapi); device factors from ADEME Base Empreinte / NegaOctet, see sources",
            "method": "Boavizta methodology: https://doc.api.boavizta.org/",
            "files": {name: _file_sha256(data_dir / name) for name in files},
            "notes": notes,
        },
        "tables_sha256": tables_sha256(tables),
        "tables": tables,
    }
    if revision >= 2:
        content["provenance"]["revision"] = revision
    return content


def _server_archetypes(boavizta, data_dir: Path, factors: dict, codes: list[str], sources, version: str) -> list:
    """Every server archetype, computed by boaviztapi's server model on its default configuration."""
    generic = factors.get("SERVER") or {}
    method_source = sources.ref(SERVER_METHOD_SOURCE.format(version=version))
    rows = []
    with open(data_dir / "archetypes/server.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["id"].strip()
            archetype = boavizta.get_server_archetype(code)
            lifetime = _triple(row["USAGE.hours_life_time"])
            with warnings.catch_warnings():  # pandas and scipy warnings of the CPU model
                warnings.simplefilter("ignore")
                device = boavizta.server_model(archetype=archetype, lifetime_hours=lifetime[0])
                boavizta.compute_impacts(model=device, selected_criteria=list(codes), duration=lifetime[0])
            embedded, embedded_sources = {}, {}
            for criterion in codes:
                impact = device.impacts.get(criterion, {}).get("embedded")
                if impact is None:
                    embedded[criterion], embedded_sources[criterion] = None, None
                    continue
                embedded[criterion] = [float(impact.value), float(impact.min), float(impact.max)]
                if "Generic data used for impact calculation." in impact.warnings:
                    entry = generic.get(criterion) or {}
                    text = SERVER_FALLBACK_SOURCE.format(version=version, source=entry.get("source") or "no source")
                    embedded_sources[criterion] = sources.ref(text)
                else:
                    embedded_sources[criterion] = method_source
            power = device.usage.avg_power
            workload = _triple(row["USAGE.time_workload"])
            power_source = SERVER_POWER_SOURCE.format(
                version=version, default=workload[0], low=workload[1], high=workload[2]
            )
            rows.append(
                {
                    "code": code,
                    "kind": "server",
                    "device": "SERVER",
                    "type": row["CASE.case_type"].strip(),
                    "router": "server",
                    "manufacturer": row["manufacturer"].strip(),
                    "configuration": {
                        key: value.strip()
                        for key, value in row.items()
                        if key not in ("id", "manufacturer") and value and value.strip()
                    },
                    "use_ratio": _triple(row["USAGE.use_time_ratio"]),
                    "lifetime_h": lifetime,
                    "power_w": [_significant(float(bound)) for bound in (power.value, power.min, power.max)],
                    "power_source": sources.ref(power_source),
                    "workload_percent": workload,
                    "embedded": embedded,
                    "embedded_sources": embedded_sources,
                }
            )
    return rows


def _significant(value: float, digits: int = POWER_SIGNIFICANT_DIGITS) -> float:
    return float(f"{value:.{digits}g}")


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# A list of numbers (or nulls) as json.dumps(indent=1) lays it out: one item a line. JSON strings hold no raw
# newline, so this never matches inside a string.
_NUMBER = r"(?:-?[0-9][0-9.eE+-]*|null)"
_NUMBER_LIST = re.compile(rf"\[\n\s*({_NUMBER}(?:,\n\s*{_NUMBER})*)\n\s*\]")


def write_factor_file(content: dict, path: Path) -> None:
    """Sorted keys and one indent: the same data always gives the same bytes, and diffs stay readable.

    From format 2 on (hundreds of server rows), lists of numbers stay on one line.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    if content.get("tables", {}).get("format", 1) >= 2:
        text = _NUMBER_LIST.sub(lambda match: "[" + ", ".join(re.split(r",\n\s*", match.group(1))) + "]", text)
    path.write_text(text + "\n", encoding="utf-8")
