"""Reference factors as numpy arrays, built once per FactorSet and kept in the process.

Shapes (A archetypes, K electricity zones, C criteria; the last axis of size 3 is value, min, max):
- embedded (A, C, 3): embedded impacts of one device over its whole life (terminals: min = max = value; servers:
  the range of their components);
- electricity (K, C, 3): impact of one kWh in each zone (use phase);
- power_w (A, 3), use_ratio (A,), lifetime_h (A,): the archetype's usage defaults (servers: the power boaviztapi
  models at the archetype's default workload).
A factor the data does not have is NaN ("not implemented"), never zero.
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext_lazy as _

from fairfleet.footprint.models import FactorSet

VALUE, MIN, MAX = 0, 1, 2
BOUNDS = ("value", "min", "max")

# English source labels of the 24 Boavizta criteria (PEF names where the criterion is a PEF one).
CRITERION_LABELS = {
    "gwp": _("Climate change"),
    "adp": _("Abiotic resource depletion"),
    "pe": _("Primary energy"),
    "gwppb": _("Climate change, biogenic"),
    "gwppf": _("Climate change, fossil"),
    "gwpplu": _("Climate change, land use"),
    "ir": _("Ionising radiation"),
    "lu": _("Land use"),
    "odp": _("Ozone depletion"),
    "pm": _("Particulate matter"),
    "pocp": _("Photochemical ozone formation"),
    "wu": _("Water use"),
    "mips": _("Material input per service unit"),
    "adpe": _("Resource use, minerals and metals"),
    "adpf": _("Resource use, fossils"),
    "ap": _("Acidification"),
    "ctue": _("Ecotoxicity, freshwater"),
    "ctuh_c": _("Human toxicity, cancer"),
    "ctuh_nc": _("Human toxicity, non-cancer"),
    "epf": _("Eutrophication, freshwater"),
    "epm": _("Eutrophication, marine"),
    "ept": _("Eutrophication, terrestrial"),
    "fw": _("Net use of fresh water"),
    "fe": _("Final energy"),
}

# ISO 3166 alpha-2 -> alpha-3 for the countries our organisations are likely in; other codes ("XX") fall back to
# the default zone, as boaviztapi does for a zone it does not know.
ISO3_OF_ISO2 = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CH": "CHE", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK",
    "EE": "EST", "ES": "ESP", "FI": "FIN", "FR": "FRA", "GB": "GBR", "GR": "GRC", "HR": "HRV", "HU": "HUN",
    "IE": "IRL", "IS": "ISL", "IT": "ITA", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD",
    "NO": "NOR", "PL": "POL", "PT": "PRT", "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK", "UA": "UKR",
    "US": "USA", "CA": "CAN", "MA": "MAR", "TN": "TUN", "DZ": "DZA", "SN": "SEN", "CD": "COD", "CN": "CHN",
    "JP": "JPN", "IN": "IND", "BR": "BRA", "AU": "AUS",
}  # fmt: skip


def zone_of_country(country: str) -> str:
    """The electricity zone code (ISO3) of an ISO2 country code, or the code itself when it is ISO3 already.

    Unknown ISO2 codes (our "XX" = other country) give "" and so the default zone in FactorTables.zone().
    """
    country = (country or "").strip().upper()
    if len(country) == 2:
        return ISO3_OF_ISO2.get(country, "")
    return country


Composition = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ZoneChoice:
    index: int
    code: str
    requested: str
    fell_back: bool  # the requested zone is not in the data: the default zone (EEE) was used


@dataclass(eq=False)
class FactorTables:
    factor_set_id: int | None
    code: str
    tables_sha256: str
    criteria: tuple[str, ...]
    units: tuple[str, ...]
    archetypes: tuple[str, ...]
    kinds: tuple[str, ...]  # per archetype: "terminal" (terminals and peripherals) or "server"
    zones: tuple[str, ...]
    zone_names: tuple[str, ...]
    default_zone: str
    embedded: np.ndarray
    electricity: np.ndarray
    power_w: np.ndarray
    use_ratio: np.ndarray
    lifetime_h: np.ndarray
    sources: tuple[str, ...]
    embedded_sources: np.ndarray  # (A, C) index into sources, -1 when none
    use_sources: np.ndarray  # (K, C)
    _compositions: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_tables(cls, tables: dict, *, code: str, tables_sha256: str, factor_set_id: int | None = None):
        criteria = tuple(c["code"] for c in tables["criteria"])
        archetypes, zones = tables["archetypes"], tables["zones"]

        def triples(rows, key):
            return np.array(
                [[(row[key][c] if row[key][c] is not None else [np.nan] * 3) for c in criteria] for row in rows],
                dtype=np.float64,
            ).reshape(len(rows), len(criteria), 3)

        def embedded_triple(value):
            # Terminals keep one figure (min = max = value); servers (format 2) keep [value, min, max].
            if value is None:
                return [np.nan] * 3
            return list(value) if isinstance(value, list) else [value] * 3

        def embedded_triples(rows):
            values = [[embedded_triple(row["embedded"][c]) for c in criteria] for row in rows]
            return np.array(values, dtype=np.float64).reshape(len(rows), len(criteria), 3)

        def source_refs(rows, key):
            return np.array([[-1 if row[key][c] is None else row[key][c] for c in criteria] for row in rows], np.int32)

        def first_or_nan(triple):
            return np.nan if triple is None else triple[VALUE]

        return cls(
            factor_set_id=factor_set_id,
            code=code,
            tables_sha256=tables_sha256,
            criteria=criteria,
            units=tuple(c["unit"] for c in tables["criteria"]),
            archetypes=tuple(a["code"] for a in archetypes),
            kinds=tuple(a.get("kind", "terminal") for a in archetypes),
            zones=tuple(z["code"] for z in zones),
            zone_names=tuple(z["name"] for z in zones),
            default_zone=tables["default_zone"],
            embedded=embedded_triples(archetypes),
            electricity=triples(zones, "use"),
            power_w=np.array([a["power_w"] or [np.nan] * 3 for a in archetypes], dtype=np.float64),
            use_ratio=np.array([first_or_nan(a["use_ratio"]) for a in archetypes], dtype=np.float64),
            lifetime_h=np.array([first_or_nan(a["lifetime_h"]) for a in archetypes], dtype=np.float64),
            sources=tuple(tables["sources"]),
            embedded_sources=source_refs(archetypes, "embedded_sources"),
            use_sources=source_refs(zones, "use_sources"),
        )

    # Look-ups -----------------------------------------------------------------------------------

    @property
    def labels(self) -> tuple:
        return tuple(CRITERION_LABELS.get(code, code) for code in self.criteria)

    def criterion_index(self, code: str) -> int:
        try:
            return self.criteria.index(code)
        except ValueError:
            raise KeyError(f"Unknown criterion {code!r}; known: {', '.join(self.criteria)}.") from None

    def archetype_index(self, code: str) -> int:
        try:
            return self.archetypes.index(code)
        except ValueError:
            raise KeyError(f"Unknown archetype {code!r} in factor set {self.code}.") from None

    def zone(self, country: str) -> ZoneChoice:
        """The zone of an ISO3 (or ISO2) code; an unknown code falls back to the default zone, like boaviztapi."""
        requested = (country or "").strip().upper()
        code = zone_of_country(requested)
        if code in self.zones:
            return ZoneChoice(self.zones.index(code), code, requested, fell_back=False)
        return ZoneChoice(self.zones.index(self.default_zone), self.default_zone, requested, fell_back=True)

    def zone_indexes(self, countries: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Zone index and fell-back flag of each code: vectorised over the distinct codes."""
        distinct, inverse = np.unique(np.asarray(countries, dtype=str), return_inverse=True)
        choices = [self.zone(code) for code in distinct]
        indexes = np.array([choice.index for choice in choices], dtype=np.int32)
        fell_back = np.array([choice.fell_back for choice in choices], dtype=bool)
        return indexes[inverse], fell_back[inverse]

    # Compositions (one archetype, or a weighted sum of archetypes for proxies) ------------------

    def composition_arrays(self, compositions: Sequence[Composition]) -> dict[str, np.ndarray]:
        """Per composition: embedded (P, C, 3), power_w (P, 3), use_ratio (P,), lifetime_h (P,).

        A composition adds its archetypes' embedded impacts and power, weighted; an empty composition (no data,
        e.g. furniture), or one with an archetype this factor set does not have, is NaN throughout, so that it
        counts as "without data", never as zero.
        The use ratio and default lifetime are those of the first (main) archetype; the power of a part with
        another use ratio is scaled by its ratio / the main one's, so that the energy stays the sum of the parts'
        (every terminal archetype has a use ratio of 0.3, every server 1).
        """
        rows = [self._composition_row(tuple(tuple(pair) for pair in composition)) for composition in compositions]
        return {
            "embedded": np.stack([row[0] for row in rows]) if rows else np.empty((0, len(self.criteria), 3)),
            "power_w": np.array([row[1] for row in rows], dtype=np.float64).reshape(len(rows), 3),
            "use_ratio": np.array([row[2] for row in rows], dtype=np.float64),
            "lifetime_h": np.array([row[3] for row in rows], dtype=np.float64),
        }

    def covers(self, composition: Composition) -> bool:
        """Whether this factor set has every archetype of the composition (an empty one is covered by none).

        A composition made for newer data (e.g. a server archetype, under a factor set from before servers) has
        no figure here: it is NaN throughout, like an empty one, never an error.
        """
        return bool(composition) and all(archetype in self.archetypes for archetype, _weight in composition)

    def _composition_row(self, composition: Composition):
        cached = self._compositions.get(composition)
        if cached is None:
            covered = self.covers(composition)
            embedded = np.zeros((len(self.criteria), 3)) if covered else np.full((len(self.criteria), 3), np.nan)
            power = np.zeros(3) if covered else np.full(3, np.nan)
            use_ratio = lifetime = np.nan
            for position, (archetype, weight) in enumerate(composition if covered else ()):
                index = self.archetype_index(archetype)
                if position == 0:
                    use_ratio, lifetime = self.use_ratio[index], self.lifetime_h[index]
                # A part used more or less of the time than the main one (a server, 1, with a terminal, 0.3) adds
                # its power in proportion, so that the energy stays the sum of the parts' energies.
                share = self.use_ratio[index] / use_ratio if np.isfinite(use_ratio) and use_ratio > 0 else 1.0
                embedded = embedded + weight * self.embedded[index]
                power = power + weight * self.power_w[index] * (share if np.isfinite(share) else 1.0)
            cached = (embedded, power, use_ratio, lifetime)
            self._compositions[composition] = cached
        return cached

    def source_of(self, phase: str, row: int, criterion: int) -> str:
        refs = self.embedded_sources if phase == "embedded" else self.use_sources
        ref = int(refs[row, criterion])
        return "" if ref < 0 else self.sources[ref]


_cache: dict[tuple[int, str], FactorTables] = {}
_cache_lock = threading.Lock()


def current_factor_set(code: str | None = None) -> FactorSet:
    """The factor set of this code, or the newest one when no code is given.

    Its tables (about 1 MB of JSON with the servers) are deferred: they are read only when accessed, which
    factor_tables does once per process.
    """
    factor_sets = FactorSet.objects.defer("tables")
    if code:
        return factor_sets.get(code=code)
    factor_set = factor_sets.order_by("-created_at", "-id").first()
    if factor_set is None:
        raise FactorSet.DoesNotExist("No factor set is loaded: run the migrations (footprint 0002) first.")
    return factor_set


def factor_tables(factor_set: FactorSet | str | None = None) -> FactorTables:
    """The arrays of a factor set (a FactorSet, its code, or None for the newest), built once per process."""
    if not isinstance(factor_set, FactorSet):
        factor_set = current_factor_set(factor_set)
    key = (factor_set.pk, factor_set.tables_sha256)
    tables = _cache.get(key)
    if tables is None:
        with _cache_lock:
            tables = _cache.get(key)
            if tables is None:
                tables = FactorTables.from_tables(
                    factor_set.tables,
                    code=factor_set.code,
                    tables_sha256=factor_set.tables_sha256,
                    factor_set_id=factor_set.pk,
                )
                _cache[key] = tables
    return tables
