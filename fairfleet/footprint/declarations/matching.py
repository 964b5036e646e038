"""Proposing, for each model of the catalogue, the row of the data set that describes it.

The manufacturer must agree once normalised ("Dell Inc." ~ "Dell", "HP Inc." ~ "Hewlett-Packard" ~ "HP");
then an exact match of the normalised model name wins, else the closest name (difflib ratio and shared words).
Only exact matches are offered ticked: a fuzzy one is a suggestion for a person to check, never applied by itself.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from fairfleet.footprint.declarations.reader import DeclarationRow

# Below this ratio two names have too little in common to be worth showing.
FUZZY_CUTOFF = 0.6
# A word held by more names than this (or a twentieth of the manufacturer's names) is too common to search by.
COMMON_WORD_NAMES = 10
# Legal forms and filler words that differ between a company's registered and trading names.
_COMPANY_WORDS = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "gmbh", "ag",
    "sa", "sas", "bv", "nv", "group", "technologies", "technology", "computer", "computers", "international",
}  # fmt: skip
_MANUFACTURER_ALIASES = {
    "hewlett packard": "hp",
    "hp development": "hp",
    "hewlett packard enterprise": "hpe",  # servers: a different company from HP since 2015
    "asustek": "asus",
    "dell emc": "dell",
    "lenovo pc": "lenovo",
    "apple computer": "apple",
    "fairphone bv": "fairphone",
}
# Words the data set appends to model names ("EliteBook 840 G8 Notebook PC", "P2422H Monitor").
_NAME_FILLERS = {"pc", "notebook", "laptop", "desktop", "monitor", "energy", "star"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", ascii_text.lower()).split()


def normalise_manufacturer(text: str) -> str:
    words = _words(text)
    joined = " ".join(words)
    if joined in _MANUFACTURER_ALIASES:
        return _MANUFACTURER_ALIASES[joined]
    kept = " ".join(word for word in words if word not in _COMPANY_WORDS) or joined
    return _MANUFACTURER_ALIASES.get(kept, kept)


def normalise_name(text: str, manufacturer: str = "") -> str:
    """Lower-case words without punctuation, fillers or a leading manufacturer ("HP EliteBook" → "elitebook")."""
    words = _words(text)
    for prefix in {tuple(_words(manufacturer)), (normalise_manufacturer(manufacturer),)}:
        if prefix and prefix != ("",) and tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            words = words[len(prefix) :]
            break
    kept = [word for word in words if word not in _NAME_FILLERS]
    return " ".join(kept or words)


@dataclass
class Proposal:
    """The best row for one model, or none. `exact` proposals are the only ones offered ticked."""

    device_model: object
    row: DeclarationRow | None = None
    score: float = 0.0  # 1.0 for an exact normalised match
    exact: bool = False
    unusable_row: DeclarationRow | None = None  # the data set names this model but without a usable figure
    signed: str = ""  # filled by the service: what the review form posts back
    ticked: bool = False

    @property
    def value(self) -> Decimal | None:
        return self.row.embedded_kgco2e if self.row else None

    @property
    def score_percent(self) -> int:
        return round(self.score * 100)


@dataclass
class DataSetIndex:
    """The usable rows by normalised manufacturer then normalised name (the first row of a name wins)."""

    usable: dict[str, dict[str, DeclarationRow]] = field(default_factory=dict)
    unusable: dict[str, dict[str, DeclarationRow]] = field(default_factory=dict)
    # manufacturer → word → usable names holding it: a fuzzy match must share a word, which keeps it fast.
    words: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: list[DeclarationRow]) -> "DataSetIndex":
        index = cls()
        for row in rows:
            maker = normalise_manufacturer(row.manufacturer)
            name = normalise_name(row.name, row.manufacturer)
            if not maker or not name:
                continue
            target = index.usable if row.embedded_kgco2e is not None else index.unusable
            target.setdefault(maker, {}).setdefault(name, row)
            if target is index.usable:
                for word in name.split():
                    index.words.setdefault(maker, {}).setdefault(word, set()).add(name)
        return index


def similarity(one: str, other: str) -> float:
    """Mean of difflib's character ratio and the share of words in common (Dice), both 0–1.

    The character ratio alone rates "thinkpad t14 gen 2" close to "thinkpad edge e545"; the words keep model
    numbers apart, the characters still forgive "gen2" against "gen 2".
    """
    words, other_words = set(one.split()), set(other.split())
    dice = 2 * len(words & other_words) / (len(words) + len(other_words))
    return (difflib.SequenceMatcher(None, one, other).ratio() + dice) / 2


def _closest(name: str, candidates: dict[str, DeclarationRow], words: dict[str, set[str]]) -> tuple[str, float]:
    """The candidate name most similar to `name`, among those sharing a word with it.

    Words that most names share ("latitude", "gen") are used only when no rarer word is shared: comparing every
    Latitude with every other would cost seconds per thousand models, and a model number is what tells them apart.
    """
    common = max(COMMON_WORD_NAMES, len(candidates) // 20)
    holders = [words.get(word, set()) for word in set(name.split())]
    rare = [names for names in holders if len(names) <= common]
    sharing = set().union(*rare) if rare and any(rare) else set().union(*holders)
    best, best_score = "", FUZZY_CUTOFF
    for other in sorted(sharing):  # sorted: the same file gives the same proposals
        score = similarity(name, other)
        if score > best_score:
            best, best_score = other, score
    return best, best_score


def propose(device_model, index: DataSetIndex) -> Proposal:
    proposal = Proposal(device_model=device_model)
    maker = normalise_manufacturer(device_model.manufacturer)
    name = normalise_name(device_model.name, device_model.manufacturer)
    candidates = index.usable.get(maker, {})
    if name in candidates:
        proposal.row, proposal.score, proposal.exact = candidates[name], 1.0, True
        return proposal
    proposal.unusable_row = index.unusable.get(maker, {}).get(name)
    close, score = _closest(name, candidates, index.words.get(maker, {}))
    if close:
        proposal.row, proposal.score = candidates[close], score
    return proposal


def propose_all(device_models, rows: list[DeclarationRow]) -> list[Proposal]:
    index = DataSetIndex.build(rows)
    return [propose(device_model, index) for device_model in device_models]
