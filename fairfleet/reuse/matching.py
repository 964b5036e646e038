"""Which retired hardware may be offered to which service, and in what order.

Pure functions, no database access: the marketplace and the triage pages both call them.

The rule (documented in docs/reuse-triage.md, "Services criticality rule"):

* a **vital** service (``Criticality.VITAL``) needs faultless hardware: it is only offered grade A
  or B devices, never C or D; among those, the best grade and the youngest device come first;
* a **standard** service is offered grades A to C (grade D, heavy wear or damage, is kept for
  tolerant services); the best grade and the youngest device come first;
* a **tolerant** service (``Criticality.TOLERANT``) accepts every grade and is offered
  end-of-cycle hardware first: the worst acceptable grade and the oldest device come first, so that
  the best devices stay available for the services that need them.

An unknown criticality is treated as standard; a missing or unknown grade as the worst grade (D),
because a device nobody has assessed must not reach a vital service.
"""

from __future__ import annotations

VITAL = "vital"
STANDARD = "standard"
TOLERANT = "tolerant"

GRADE_ORDER = ("A", "B", "C", "D")

# Grades each criticality accepts.
ACCEPTED_GRADES: dict[str, frozenset[str]] = {
    VITAL: frozenset({"A", "B"}),
    STANDARD: frozenset({"A", "B", "C"}),
    TOLERANT: frozenset({"A", "B", "C", "D"}),
}


def _criticality(criticality: str) -> str:
    return criticality if criticality in ACCEPTED_GRADES else STANDARD


def _grade(grade: str) -> str:
    grade = (grade or "").strip().upper()
    return grade if grade in GRADE_ORDER else "D"


def grade_rank(grade: str) -> int:
    """0 for A (like new) to 3 for D (heavy wear); a missing grade counts as D."""
    return GRADE_ORDER.index(_grade(grade))


def grade_acceptable(*, criticality: str, grade: str) -> bool:
    """Whether a device of this cosmetic grade may be offered to a service of this criticality.

    A vital service is never offered grade C or D hardware; a standard one never grade D.
    """
    return _grade(grade) in ACCEPTED_GRADES[_criticality(criticality)]


def offer_priority(*, criticality: str, grade: str, age_years: float | None) -> tuple:
    """Sort key of a device offered to a service of this criticality: lower sorts first.

    Acceptable devices always come before unacceptable ones. A tolerant service sees end-of-cycle
    hardware first (worst acceptable grade, then oldest; unknown age after known ages); vital and
    standard services see the best grade first, then the youngest device (unknown age last).
    """
    acceptable = 0 if grade_acceptable(criticality=criticality, grade=grade) else 1
    rank = grade_rank(grade)
    known_age = 0 if age_years is not None else 1
    age = float(age_years) if age_years is not None else 0.0
    if _criticality(criticality) == TOLERANT:
        return (acceptable, -rank, known_age, -age)
    return (acceptable, rank, known_age, age)
