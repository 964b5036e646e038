"""Reads of the marketplace, always scoped to the organisation that looks.

An organisation sees its own offers, and the live offers of the other members of its networks that were
shared with one of those networks (both organisations active members). It sees the reservations it gives
and the ones it made; its requests stay its own.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from fairfleet.inventory.models import Category, Device, DeviceState
from fairfleet.reuse.marketplace.models import (
    LIVE_OFFER_STATES,
    DeviceRequest,
    MarketplaceTransition,
    Offer,
    OfferState,
    RequestState,
    Reservation,
    ReservationState,
)
from fairfleet.reuse.matching import grade_acceptable, grade_rank, offer_priority
from fairfleet.reuse.selectors import latest_assessment_value
from fairfleet.tenancy.models import Network, NetworkMembership, NetworkMembershipState, Organisation, Service
from fairfleet.tenancy.selectors import get_scoped_or_404


def latest_grade_subquery(device_ref: str = "device_id") -> Subquery:
    return latest_assessment_value("grade", device_ref=device_ref)


def active_network_ids(organisation: Organisation) -> QuerySet:
    return NetworkMembership.objects.filter(organisation=organisation, state=NetworkMembershipState.ACTIVE).values(
        "network_id"
    )


def shareable_networks(*, organisation: Organisation) -> QuerySet[Network]:
    """The networks the organisation is an active member of: it may share its offers with them."""
    return Network.objects.filter(id__in=active_network_ids(organisation)).order_by("name")


def _shared_with(organisation: Organisation) -> Exists:
    """The offer is shared with a network both its owner and `organisation` are active members of."""
    through = Offer.networks.through.objects.filter(
        offer_id=OuterRef("pk"),
        network_id__in=active_network_ids(organisation),
        network__memberships__organisation_id=OuterRef("organisation_id"),
        network__memberships__state=NetworkMembershipState.ACTIVE,
    )
    return Exists(through)


def visible_offers(organisation: Organisation) -> QuerySet[Offer]:
    """Every offer of the organisation, and the live offers others shared with it through a network."""
    return Offer.objects.filter(
        Q(organisation=organisation) | (Q(state__in=LIVE_OFFER_STATES) & _shared_with(organisation))
    )


def get_offer_for(organisation: Organisation, public_id) -> Offer:
    """The same 404 for a missing offer and for one the organisation may not see."""
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    offer = (
        visible_offers(organisation)
        .filter(public_id=wanted)
        .select_related("organisation", "device", "device__model", "device__category", "device__service")
        .annotate(grade=latest_grade_subquery())
        .first()
    )
    if offer is None:
        raise Http404
    return offer


@dataclass
class OfferFilters:
    category: Category | None = None
    state: str = OfferState.OPEN  # "" for every state
    origin: str = ""  # "own", "network" or "" for both


def offer_list(*, organisation: Organisation, filters: OfferFilters | None = None) -> QuerySet[Offer]:
    """Offers the organisation can see, with the latest grade of each item (one query)."""
    f = filters or OfferFilters()
    qs = visible_offers(organisation)
    if f.category is not None:
        qs = qs.filter(device__category=f.category)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.origin == "own":
        qs = qs.filter(organisation=organisation)
    elif f.origin == "network":
        qs = qs.exclude(organisation=organisation)
    return (
        qs.select_related("organisation", "device", "device__model", "device__category")
        .annotate(grade=latest_grade_subquery())
        .order_by("-created_at", "-id")
    )


def offer_networks(offer: Offer) -> list[Network]:
    return list(offer.networks.order_by("name"))


def offer_log(offer: Offer) -> QuerySet[MarketplaceTransition]:
    return offer.log.filter(subject="offer").select_related("actor")


def offerable_devices(*, organisation: Organisation) -> QuerySet[Device]:
    """Retired devices awaiting triage that are not on offer yet, any category (furniture included)."""
    live = Offer.objects.filter(device_id=OuterRef("pk"), state__in=LIVE_OFFER_STATES)
    return (
        Device.objects.filter(organisation=organisation, state=DeviceState.END_OF_USE)
        .exclude(Exists(live))
        .select_related("model", "category")
        .annotate(grade=latest_grade_subquery("pk"))
        .order_by("category__name", "asset_tag", "id")
    )


# Requests ------------------------------------------------------------------------------------


def request_list(*, organisation: Organisation, state: str = RequestState.OPEN) -> QuerySet[DeviceRequest]:
    qs = DeviceRequest.objects.filter(organisation=organisation).select_related("service", "category")
    return qs.filter(state=state) if state else qs


def get_request_for(organisation: Organisation, public_id) -> DeviceRequest:
    return get_scoped_or_404(DeviceRequest.objects.select_related("service", "category"), organisation, public_id)


def request_services(*, organisation: Organisation) -> QuerySet[Service]:
    return Service.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("name")


def age_years(device: Device, today: datetime.date) -> float | None:
    if device.acquisition_date is None:
        return None
    return (today - device.acquisition_date).days / 365.25


@dataclass
class Match:
    offer: Offer
    acceptable: bool
    reason: str  # "" when acceptable; else "criticality" or "minimum_grade"


def matching_offers(*, request: DeviceRequest, limit: int = 100) -> list[Match]:
    """Open offers of the requested category the organisation can see, acceptable ones first, in the order the
    requesting service's criticality gives (a tolerant service gets end-of-cycle hardware first)."""
    criticality = request.service.criticality
    offers = list(
        offer_list(
            organisation=request.organisation, filters=OfferFilters(category=request.category, state=OfferState.OPEN)
        )[:500]
    )
    today = timezone.localdate()
    matches = []
    for offer in offers:
        grade = offer.grade or ""
        if not grade_acceptable(criticality=criticality, grade=grade):
            reason = "criticality"
        elif request.minimum_grade and grade_rank(grade) > grade_rank(request.minimum_grade):
            reason = "minimum_grade"
        else:
            reason = ""
        matches.append(Match(offer=offer, acceptable=not reason, reason=reason))
    matches.sort(
        key=lambda m: (
            not m.acceptable,
            offer_priority(
                criticality=criticality, grade=m.offer.grade or "", age_years=age_years(m.offer.device, today)
            ),
        )
    )
    return matches[:limit]


# Reservations --------------------------------------------------------------------------------


def reservation_list(*, organisation: Organisation, state: str = ReservationState.ACTIVE) -> QuerySet[Reservation]:
    """Reservations the organisation gives (its offers) and those it made, one query."""
    qs = Reservation.objects.filter(Q(organisation=organisation) | Q(claimant=organisation)).select_related(
        "organisation", "claimant", "service", "device", "device__model", "device__category", "offer"
    )
    qs = qs.filter(state=state) if state else qs
    return qs.order_by("expires_at" if state == ReservationState.ACTIVE else "-created_at", "id")


def get_reservation_for(organisation: Organisation, public_id) -> Reservation:
    """Visible to the giving and to the claimant organisation; the same 404 for everyone else."""
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    reservation = (
        Reservation.objects.filter(Q(organisation=organisation) | Q(claimant=organisation), public_id=wanted)
        .select_related(
            "organisation",
            "claimant",
            "service",
            "request",
            "offer",
            "device",
            "device__model",
            "device__category",
            "received_device",
        )
        .annotate(grade=latest_grade_subquery())
        .first()
    )
    if reservation is None:
        raise Http404
    return reservation


def reservation_log(reservation: Reservation) -> QuerySet[MarketplaceTransition]:
    return reservation.log.select_related("actor")


def request_progress(request: DeviceRequest) -> dict:
    counts = dict.fromkeys(ReservationState.values, 0)
    for state in request.reservations.values_list("state", flat=True):
        counts[state] += 1
    return counts
