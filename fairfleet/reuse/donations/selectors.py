"""Reads of donations, scoped to the caller's organisation.

get_<entity>_for answers the same 404 for a missing object and for one the organisation may not see:
a lot is seen by its donor, by the partner that accepted it, and by a partner while its offer awaits an
answer (a partner that declined, was withdrawn or lost the lot sees only its closed offer); an offer by
its donor and its partner; a listing by its partner, by the coordinator of its network, and by anyone once validated.
"""

import uuid

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from fairfleet.reuse.donations import eligibility
from fairfleet.reuse.donations.models import DonationLot, DonationOffer, ListingState, OfferState, PartnerListing
from fairfleet.reuse.models import CustodyEvent, CustodyEventKind
from fairfleet.tenancy.models import Network, NetworkKind, NetworkMembershipState, Organisation


def _uuid(public_id) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None


def _first_or_404(queryset):
    obj = queryset.first()
    if obj is None:
        raise Http404
    return obj


def visible_lots(organisation: Organisation) -> QuerySet[DonationLot]:
    """The donor's lots, the lots the organisation accepted, and those it is still asked to answer."""
    return DonationLot.objects.filter(
        Q(organisation=organisation)
        | Q(partner=organisation)
        | Q(offers__partner=organisation, offers__state=OfferState.PENDING)
    ).distinct()


def get_lot_for(organisation: Organisation, public_id) -> DonationLot:
    return _first_or_404(
        visible_lots(organisation).filter(public_id=_uuid(public_id)).select_related("organisation", "site", "partner")
    )


def get_own_lot_for(organisation: Organisation, public_id) -> DonationLot:
    """A lot of the donor itself (for the donor's actions)."""
    return _first_or_404(
        DonationLot.objects.filter(organisation=organisation, public_id=_uuid(public_id)).select_related(
            "site", "partner"
        )
    )


def get_closed_offer_for(organisation: Organisation, lot_public_id) -> DonationOffer:
    """The organisation's own offer of a lot it no longer sees: declined, withdrawn, or closed because
    another partner accepted. It tells only that the offer is closed, nothing of what followed."""
    return _first_or_404(
        DonationOffer.objects.filter(
            partner=organisation,
            lot__public_id=_uuid(lot_public_id),
            state__in=[OfferState.DECLINED, OfferState.WITHDRAWN, OfferState.CLOSED],
        )
        .exclude(lot__partner=organisation)
        .select_related("lot__organisation")
    )


def get_offer_for(organisation: Organisation, public_id) -> DonationOffer:
    return _first_or_404(
        DonationOffer.objects.filter(Q(organisation=organisation) | Q(partner=organisation))
        .filter(public_id=_uuid(public_id))
        .select_related("lot__organisation", "lot__site", "partner")
    )


def get_listing_for(organisation: Organisation, public_id) -> PartnerListing:
    return _first_or_404(
        PartnerListing.objects.filter(
            Q(organisation=organisation) | Q(state=ListingState.VALIDATED) | Q(network__coordinator=organisation)
        )
        .filter(public_id=_uuid(public_id))
        .select_related("organisation", "network")
    )


def get_network_for(organisation: Organisation, public_id) -> Network:
    """A reuse platform the organisation coordinates or is an active member of."""
    return _first_or_404(
        Network.objects.filter(kind=NetworkKind.REUSE_PLATFORM, public_id=_uuid(public_id))
        .filter(
            Q(coordinator=organisation)
            | Q(memberships__organisation=organisation, memberships__state=NetworkMembershipState.ACTIVE)
        )
        .distinct()
    )


def donor_lots(organisation: Organisation) -> QuerySet[DonationLot]:
    return (
        DonationLot.objects.filter(organisation=organisation)
        .select_related("partner", "site")
        .annotate(device_count=Count("items", filter=Q(items__removed_at__isnull=True)))
    )


def incoming_offers(organisation: Organisation) -> QuerySet[DonationOffer]:
    return (
        DonationOffer.objects.filter(partner=organisation, state=OfferState.PENDING)
        .select_related("lot__organisation", "lot__site")
        .annotate(device_count=Count("lot__items", filter=Q(lot__items__removed_at__isnull=True)))
    )


def accepted_lots(organisation: Organisation) -> QuerySet[DonationLot]:
    return (
        DonationLot.objects.filter(partner=organisation)
        .select_related("organisation", "site")
        .annotate(device_count=Count("items", filter=Q(items__removed_at__isnull=True)))
    )


def validated_listings(network: Network | None = None) -> QuerySet[PartnerListing]:
    qs = PartnerListing.objects.filter(state=ListingState.VALIDATED, organisation__archived_at__isnull=True)
    if network is not None:
        qs = qs.filter(network=network)
    return qs.select_related("organisation", "network").prefetch_related("labels")


def review_queue(organisation: Organisation) -> QuerySet[PartnerListing]:
    """Listings of the networks the organisation coordinates, awaiting validation."""
    return PartnerListing.objects.filter(
        network__coordinator=organisation, network__kind=NetworkKind.REUSE_PLATFORM, state=ListingState.SUBMITTED
    ).select_related("organisation", "network")


def coordinated_platforms(organisation: Organisation) -> QuerySet[Network]:
    return Network.objects.filter(coordinator=organisation, kind=NetworkKind.REUSE_PLATFORM)


def member_platforms(organisation: Organisation) -> QuerySet[Network]:
    return Network.objects.filter(
        kind=NetworkKind.REUSE_PLATFORM,
        memberships__organisation=organisation,
        memberships__state=NetworkMembershipState.ACTIVE,
    ).distinct()


def visible_platforms(organisation: Organisation) -> QuerySet[Network]:
    """The reuse platforms the organisation coordinates or is an active member of."""
    return (
        Network.objects.filter(kind=NetworkKind.REUSE_PLATFORM)
        .filter(
            Q(coordinator=organisation)
            | Q(memberships__organisation=organisation, memberships__state=NetworkMembershipState.ACTIVE)
        )
        .distinct()
        .order_by("name")
    )


def lot_timeline(lot: DonationLot) -> list[tuple]:
    """Each device of the lot with its custody events, oldest first."""
    items = list(lot.items.select_related("device__model", "device__category").order_by("id"))
    events: dict[int, list[CustodyEvent]] = {}
    for event in CustodyEvent.objects.filter(
        organisation=lot.organisation, device_id__in=[i.device_id for i in items]
    ).select_related("reported_by"):
        events.setdefault(event.device_id, []).append(event)
    listing = getattr(lot.partner, "partner_listing", None) if lot.partner_id else None
    for device_events in events.values():
        for event in device_events:
            event.resale_warning = None
            if event.kind == CustodyEventKind.SOLD_SOLIDARITY:
                event.resale_warning = eligibility.resale_warning(
                    donor=lot.organisation,
                    partner_status=listing.legal_status if listing else None,
                    category_code=next(i.device.category.code for i in items if i.device_id == event.device_id),
                    price=event.price,
                )
    return [(item, events.get(item.device_id, [])) for item in items]
