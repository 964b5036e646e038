"""Which partners suit a lot, in which order, and why.

Each validated listing is scored on the territory of the donor's site, the categories it accepts, the
capacity it has left this month, the legal statuses and labels the donor requires, its minimum lot size
and, for a French public donor, the eligibility rules of CGPPP L3212-2. Every criterion adds a reason;
a criterion the partner fails adds a warning, and a partner with warnings ranks after all others.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from fairfleet.core.messages import Message
from fairfleet.reuse.donations import eligibility, territories
from fairfleet.reuse.donations.models import (
    DonationLot,
    ListingState,
    LotDevice,
    LotState,
    PartnerListing,
)

SCORE_POSTCODE = 40
SCORE_DEPARTMENT = 30
SCORE_REGION = 20
SCORE_PROVINCE = 30
SCORE_CATEGORIES = 20
SCORE_CAPACITY = 10
SCORE_LABEL = 5


@dataclass
class Match:
    """Reasons, warnings and notes are messages (core.messages): an offer stores them, str() shows one."""

    listing: PartnerListing
    score: int = 0
    reasons: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    capacity_left: int = 0

    @property
    def suitable(self) -> bool:
        return not self.warnings


def month_start(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now or timezone.now())
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def accepted_this_month(partner_ids, now=None) -> dict[int, int]:
    """Devices in lots each partner accepted since the first of the month (cancelled lots excepted)."""
    rows = (
        LotDevice.objects.filter(
            lot__partner_id__in=list(partner_ids),
            lot__accepted_at__gte=month_start(now),
            removed_at__isnull=True,
        )
        .exclude(lot__state=LotState.CANCELLED)
        .values("lot__partner_id")
        .annotate(n=Count("id"))
    )
    return {row["lot__partner_id"]: row["n"] for row in rows}


def lot_devices(lot: DonationLot):
    return [
        item.device
        for item in lot.items.filter(removed_at__isnull=True).select_related("device__category", "device__model")
    ]


def _territory(match: Match, listing: PartnerListing, place: territories.Place) -> None:
    covered = set(listing.territories)
    postcode_hit = any(place.postcode.startswith(prefix) for prefix in listing.postcodes if prefix)
    if postcode_hit:
        match.score += SCORE_POSTCODE
        match.reasons.append(Message("donations.match_postcode", {"postcode": place.postcode}))
        return
    hits = sorted(covered & place.codes)
    for code in hits:
        if code.startswith("FR-R"):
            match.score += SCORE_REGION
        elif code.startswith("BE-"):
            match.score += SCORE_PROVINCE
        else:
            match.score += SCORE_DEPARTMENT
    if hits:
        match.reasons.append(Message("donations.match_territory", {"names": hits}))
    elif not place.codes:
        match.notes.append(Message("donations.match_no_known_territory"))
    else:
        match.warnings.append(Message("donations.match_territory_missed"))


def _categories(match: Match, listing: PartnerListing, devices) -> None:
    wanted = {d.category.code for d in devices}
    missing = sorted(wanted - set(listing.accepted_categories))
    if not missing:
        match.score += SCORE_CATEGORIES
        match.reasons.append(Message("donations.match_categories"))
    else:
        match.warnings.append(Message("donations.match_categories_missing", {"categories": missing}))


def _capacity(match: Match, listing: PartnerListing, size: int, used: int) -> None:
    match.capacity_left = max(listing.monthly_capacity - used, 0)
    counts = {"left": match.capacity_left, "size": size}
    if size <= match.capacity_left:
        match.score += SCORE_CAPACITY
        match.reasons.append(Message("donations.match_capacity", counts))
    else:
        match.warnings.append(Message("donations.match_capacity_short", counts))
    if size < listing.min_lot_size:
        match.warnings.append(Message("donations.match_min_size", {"min": listing.min_lot_size, "size": size}))


def _requirements(match: Match, listing: PartnerListing, lot: DonationLot, today: datetime.date) -> None:
    if lot.required_statuses:
        status = {"status": listing.legal_status}
        if listing.legal_status in lot.required_statuses:
            match.reasons.append(Message("donations.match_status", status))
        else:
            match.warnings.append(Message("donations.match_status_missing", status))
    valid = {label.label for label in listing.labels.all() if label.is_valid_on(today)}
    for code in lot.required_labels:
        if code in valid:
            match.score += SCORE_LABEL
            match.reasons.append(Message("donations.match_label", {"label": code}))
        else:
            match.warnings.append(Message("donations.match_label_missing", {"label": code}))


def rank_partners(lot: DonationLot, *, listings=None, now=None) -> list[Match]:
    """Validated listings ranked for this lot: suitable partners first, best score first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if listings is None:
        listings = (
            PartnerListing.objects.filter(state=ListingState.VALIDATED, organisation__archived_at__isnull=True)
            .exclude(organisation_id=lot.organisation_id)
            .select_related("organisation")
            .prefetch_related("labels")
        )
    listings = list(listings)
    devices = lot_devices(lot)
    place = territories.place_of(lot.site.country, lot.site.postcode)
    used = accepted_this_month([listing.organisation_id for listing in listings], now)
    matches = []
    for listing in listings:
        match = Match(listing=listing)
        _territory(match, listing, place)
        _categories(match, listing, devices)
        _capacity(match, listing, len(devices), used.get(listing.organisation_id, 0))
        _requirements(match, listing, lot, today)
        verdict = eligibility.check(
            donor=lot.organisation, partner_status=listing.legal_status, devices=devices, today=today
        )
        match.warnings += verdict.warnings
        match.notes += verdict.notes
        matches.append(match)
    matches.sort(key=lambda m: (not m.suitable, -m.score, m.listing.organisation.name.lower()))
    return matches


def match_for(lot: DonationLot, listing: PartnerListing) -> Match:
    return rank_partners(lot, listings=[listing])[0]
