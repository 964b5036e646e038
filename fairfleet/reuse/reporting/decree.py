"""The French retired-IT reuse ratio of décret n° 2023-266 (12 April 2023), for one organisation and one year.

ratio(N) = A / B x 100, where
* A: eligible devices oriented to reuse during year N, counted only with the recipient's proof of reuse (a
  custody event of REUSE_PROOF_KINDS dated in year N: redeployed, transferred to another public body, given,
  sold at a solidarity price); a device counts in the year of its first such proof;
* B: eligible retired devices in stock on 1 January N: retired (their last move to "end of use" from a state
  of use) before that day, still in a retired state at that instant according to the lifecycle log, and not
  yet proven reused.
Eligible: a category of the decree's scope (R.543-172 II 2° screens over 100 cm² and 6° small IT and
telecommunication equipment), at most 10 years old at retirement, holding no protected data (see
PROTECTED_DATA_RULE). docs/reuse-reports.md explains every rule with its source.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.models import Device, DeviceState, DeviceTransition
from fairfleet.reuse.models import REUSE_PROOF_KINDS, CustodyEvent, CustodyEventKind
from fairfleet.reuse.selectors import latest_assessment_value
from fairfleet.tenancy.models import Organisation

DECREE_SOURCE = _("Décret n° 2023-266 du 12 avril 2023 (loi REEN, art. 16), article 1")
DECREE_URL = "https://legal.tricoteuses.fr/articles/JORFARTI000047439327"


@dataclass(frozen=True)
class Target:
    first_year: int
    percent: int
    source: object = DECREE_SOURCE
    url: str = DECREE_URL


# The yearly targets of the decree: each holds from its first year until the next one.
TARGETS: tuple[Target, ...] = (Target(2023, 25), Target(2024, 35), Target(2025, 50))
MAX_AGE_YEARS = 10

# Built-in categories in the decree's scope: screens over 100 cm² (2°) and small IT and telecommunication
# equipment (6°). Servers, storage arrays (large equipment, 4°) and furniture (not electrical) are out; the
# organisation's own categories are out unless this list names their code.
SCOPE_CATEGORIES = frozenset(
    {
        "laptop",
        "desktop",
        "all_in_one",
        "thin_client",
        "workstation",
        "monitor",
        "tablet",
        "smartphone",
        "feature_phone",
        "printer",
        "projector",
        "network",
        "dock",
        "peripheral",
    }
)

# States of a device held in the retired stock (awaiting a route, or on its way to one).
RETIRED_STOCK_STATES = (
    DeviceState.END_OF_USE,
    DeviceState.OFFERED_INTERNALLY,
    DeviceState.RESERVED,
    DeviceState.IN_DONATION_LOT,
)
# A move to "end of use" from one of these states is a retirement (a withdrawn offer is not).
IN_SERVICE_STATES = ("", DeviceState.ORDERED, DeviceState.IN_STOCK, DeviceState.IN_USE, DeviceState.IN_REPAIR)
# Steps that make a device leave the stock towards a reuse route; without a proof they do not count.
LEAVING_STATES = (DeviceState.HANDED_OVER, DeviceState.SOLD)

# Devices that held classified information (C. défense R.2311-1) or data under a specific security duty are
# marked at triage (the latest assessment counts).
PROTECTED_DATA_RULE = _(
    "Devices whose latest assessment says they held protected data (classified, or under a specific security "
    "duty) are left out; mark them when you triage them."
)


class Exclusion:
    OUT_OF_SCOPE = "out_of_scope"
    TOO_OLD = "too_old"
    PROTECTED = "protected"


EXCLUSION_LABELS = {
    Exclusion.OUT_OF_SCOPE: _("Category outside the decree's scope"),
    Exclusion.TOO_OLD: _("Over 10 years old at retirement"),
    Exclusion.PROTECTED: _("Held protected data"),
}


def target_for(year: int) -> Target | None:
    found = None
    for target in TARGETS:
        if year >= target.first_year:
            found = target
    return found


def _start_of(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 1, 1))


@dataclass
class Row:
    device: Device
    retired_on: datetime.date
    age_years: float | None
    proof_on: datetime.date | None
    proof_kind: str
    exclusion: str = ""

    @property
    def exclusion_label(self):
        return EXCLUSION_LABELS.get(self.exclusion, "")

    @property
    def proof_label(self):
        return CustodyEventKind(self.proof_kind).label if self.proof_kind else ""


@dataclass
class RatioReport:
    year: int
    counted: list[Row] = field(default_factory=list)  # A
    stock: list[Row] = field(default_factory=list)  # B
    excluded: list[Row] = field(default_factory=list)
    awaiting_proof: list[Row] = field(default_factory=list)

    @property
    def numerator(self) -> int:
        return len(self.counted)

    @property
    def denominator(self) -> int:
        return len(self.stock)

    @property
    def ratio(self) -> Decimal | None:
        """A / B in per cent, one decimal; None when the stock on 1 January was empty."""
        if not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / Decimal(self.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def target(self) -> Target | None:
        return target_for(self.year)

    @property
    def target_met(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio >= self.target.percent


def _age_at(device: Device, day: datetime.date) -> float | None:
    if device.acquisition_date is not None:
        return (day - device.acquisition_date).days / 365.25
    if device.model.release_year:
        return (day - datetime.date(device.model.release_year, 7, 1)).days / 365.25
    return None


def _exclusion(device: Device, age: float | None) -> str:
    if device.category.organisation_id is not None or device.category.code not in SCOPE_CATEGORIES:
        return Exclusion.OUT_OF_SCOPE
    if age is not None and age > MAX_AGE_YEARS:
        return Exclusion.TOO_OLD
    if device.held_protected_data:
        return Exclusion.PROTECTED
    return ""


def candidates(organisation: Organisation, year: int):
    """Every device retired before the end of year N, with what the ratio needs, in one query."""
    start, end = _start_of(year), _start_of(year + 1)
    transitions = DeviceTransition.objects.filter(device_id=OuterRef("pk"))
    retirement = transitions.filter(
        to_state=DeviceState.END_OF_USE, from_state__in=IN_SERVICE_STATES, created_at__lt=end
    ).order_by("-created_at", "-id")
    state_at_start = transitions.filter(created_at__lt=start).order_by("-created_at", "-id")
    left_in_year = transitions.filter(to_state__in=LEAVING_STATES, created_at__gte=start, created_at__lt=end)
    proofs = CustodyEvent.objects.filter(
        device_id=OuterRef("pk"), organisation=organisation, kind__in=REUSE_PROOF_KINDS
    ).order_by("occurred_on", "id")
    return (
        Device.objects.filter(organisation=organisation)
        .annotate(
            retired_at=Subquery(retirement.values("created_at")[:1]),
            state_at_start=Subquery(state_at_start.values("to_state")[:1]),
            left_at=Subquery(left_in_year.order_by("created_at").values("created_at")[:1]),
            proof_on=Subquery(proofs.values("occurred_on")[:1]),
            proof_kind=Subquery(proofs.values("kind")[:1]),
            held_protected_data=Coalesce(latest_assessment_value("holds_protected_data"), False),
        )
        .filter(retired_at__isnull=False)
        .select_related("model", "category")
        .order_by("id")
    )


def decree_ratio(*, organisation: Organisation, year: int) -> RatioReport:
    report = RatioReport(year=year)
    first_day, last_day = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = _start_of(year)
    for device in candidates(organisation, year).iterator(chunk_size=2000):
        retired_on = timezone.localdate(device.retired_at)
        age = _age_at(device, retired_on)
        row = Row(device=device, retired_on=retired_on, age_years=age, proof_on=device.proof_on,
                  proof_kind=device.proof_kind or "")  # fmt: skip
        proven_before = device.proof_on is not None and device.proof_on < first_day
        proven_in_year = device.proof_on is not None and first_day <= device.proof_on <= last_day
        in_stock = device.retired_at < start and device.state_at_start in RETIRED_STOCK_STATES and not proven_before
        if not (in_stock or proven_in_year or device.left_at is not None):
            continue
        row.exclusion = _exclusion(device, age)
        if row.exclusion:
            report.excluded.append(row)
            continue
        if in_stock:
            report.stock.append(row)
        if proven_in_year:
            report.counted.append(row)
        elif device.left_at is not None and not proven_before:
            report.awaiting_proof.append(row)
    return report


def report_years(today: datetime.date | None = None) -> list[int]:
    """The years a report can be asked for: from the first target's year to this one."""
    today = today or timezone.localdate()
    return list(range(today.year, TARGETS[0].first_year - 1, -1))
