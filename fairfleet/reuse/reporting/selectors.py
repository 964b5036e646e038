"""Reads of the reuse reports: one organisation's decree ratio (decree.py), and a regional reuse platform's
network dashboard, in aggregates only: the coordinator never sees one member's devices."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.models import Device
from fairfleet.reuse.models import REUSE_PROOF_KINDS, BeneficiaryKind, CustodyEvent, CustodyEventKind, Route
from fairfleet.tenancy.models import Network, NetworkKind, NetworkMembershipState, Organisation

# The route of the footprint figures (reuse.routes) each proof of reuse stands for.
ROUTE_OF_KIND = {
    CustodyEventKind.REDEPLOYED: Route.REDEPLOY,
    CustodyEventKind.TRANSFERRED: Route.NETWORK,
    CustodyEventKind.GIVEN: Route.DONATE,
    CustodyEventKind.SOLD_SOLIDARITY: Route.SELL,
}
NO_TERRITORY = _("Territory not given")
# Below this many member organisations besides the viewer, a total could be taken apart into one member's
# figures (with one other member, the viewer's own share subtracted gives the other's): nothing is shown.
MIN_MEMBERS_FOR_FIGURES = 5


def coordinated_platforms(*, organisation: Organisation):
    """The regional reuse platforms the organisation coordinates."""
    return Network.objects.filter(coordinator=organisation, kind=NetworkKind.REUSE_PLATFORM).order_by("name")


def get_coordinated_platform_for(organisation: Organisation, public_id) -> Network:
    """A reuse platform seen by its coordinator only; the same 404 for members, strangers and missing ids."""
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    network = coordinated_platforms(organisation=organisation).filter(public_id=wanted).first()
    if network is None:
        raise Http404
    return network


@dataclass
class NetworkDashboard:
    year: int
    members: int
    devices: int = 0
    by_route: list[tuple] = field(default_factory=list)  # (label, devices)
    by_territory: list[tuple] = field(default_factory=list)  # (territory, devices)
    beneficiaries: list[tuple] = field(default_factory=list)  # (label, events)
    avoided_kg: float | None = None
    avoided_by_route: list[tuple] = field(default_factory=list)  # (label, kg)
    devices_without_figure: int = 0
    partners: list[dict] | None = None  # None: the donations app has no partner census
    suppressed: bool = False  # too few members besides the viewer: no figure at all
    minimum: int = MIN_MEMBERS_FOR_FIGURES


def _member_ids(network: Network) -> list[int]:
    return list(
        network.memberships.filter(state=NetworkMembershipState.ACTIVE).values_list("organisation_id", flat=True)
    )


def network_dashboard(*, network: Network, year: int, viewer: Organisation) -> NetworkDashboard:
    """The platform's totals for the year, or none when fewer than MIN_MEMBERS_FOR_FIGURES member
    organisations other than the viewer stand behind them."""
    members = _member_ids(network)
    dashboard = NetworkDashboard(year=year, members=len(members))
    if len(set(members) - {viewer.pk}) < MIN_MEMBERS_FOR_FIGURES:
        dashboard.suppressed = True
        return dashboard
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    events = CustodyEvent.objects.filter(
        organisation_id__in=members, kind__in=REUSE_PROOF_KINDS, occurred_on__gte=start, occurred_on__lte=end
    )
    # A device counts once, by its first proof of the year.
    firsts: dict[int, tuple] = {}
    for device_id, organisation_id, kind, territory in events.order_by("occurred_on", "id").values_list(
        "device_id", "organisation_id", "kind", "territory"
    ):
        firsts.setdefault(device_id, (organisation_id, kind, territory))
    dashboard.devices = len(firsts)
    routes: dict[str, int] = {}
    territories: dict[str, int] = {}
    for _organisation_id, kind, territory in firsts.values():
        routes[kind] = routes.get(kind, 0) + 1
        territories[territory] = territories.get(territory, 0) + 1
    dashboard.by_route = [(CustodyEventKind(kind).label, n) for kind, n in sorted(routes.items(), key=lambda i: -i[1])]
    dashboard.by_territory = [
        (territory or NO_TERRITORY, n) for territory, n in sorted(territories.items(), key=lambda i: (-i[1], i[0]))
    ]
    beneficiaries = (
        CustodyEvent.objects.filter(
            organisation_id__in=members,
            occurred_on__gte=start,
            occurred_on__lte=end,
            kind__in=[CustodyEventKind.GIVEN, CustodyEventKind.SOLD_SOLIDARITY, CustodyEventKind.TRANSFERRED],
        )
        .exclude(beneficiary_kind="")
        .values_list("beneficiary_kind")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    dashboard.beneficiaries = [(BeneficiaryKind(kind).label, n) for kind, n in beneficiaries]
    _add_avoided(dashboard, firsts)
    dashboard.partners = partner_capacity(network=network, year=year)
    return dashboard


def _add_avoided(dashboard: NetworkDashboard, firsts: dict[int, tuple]) -> None:
    """kg CO2e avoided, from the footprint engine through reuse.routes, member by member (each with its own
    footprint profile), summed: no member's figure is shown on its own."""
    from fairfleet.reuse.routes import avoided_by_route

    by_organisation: dict[int, list[int]] = {}
    for device_id, (organisation_id, _kind, _territory) in firsts.items():
        by_organisation.setdefault(organisation_id, []).append(device_id)
    total, per_route, missing = 0.0, {}, 0
    for organisation_id, device_ids in by_organisation.items():
        organisation = Organisation.objects.get(pk=organisation_id)
        devices = list(Device.objects.filter(id__in=device_ids).select_related("category", "model"))
        figures = avoided_by_route(organisation, devices)
        for device in devices:
            route = ROUTE_OF_KIND[firsts[device.pk][1]]
            kg = next((f.kg for f in figures.get(device.pk, []) if f.route == route), None)
            if kg is None:
                missing += 1
                continue
            total += kg
            per_route[route] = per_route.get(route, 0.0) + kg
    dashboard.avoided_kg = total if firsts and missing < len(firsts) else None
    dashboard.avoided_by_route = [(Route(route).label, kg) for route, kg in per_route.items()]
    dashboard.devices_without_figure = missing


def partner_capacity(*, network: Network, year: int) -> list[dict] | None:
    """Each validated partner of the platform: its capacity over the year's months so far, and the devices of
    the donation lots it accepted in them."""
    try:
        from fairfleet.reuse.donations.models import DonationLot, ListingState, LotState, PartnerListing
    except ImportError:
        return None
    today = timezone.localdate()
    months = 12 if year < today.year else (today.month if year == today.year else 0)
    listings = PartnerListing.objects.filter(network=network, state=ListingState.VALIDATED).select_related(
        "organisation"
    )
    accepted = dict(
        DonationLot.objects.filter(
            partner_id__in=[listing.organisation_id for listing in listings],
            accepted_at__year=year,
        )
        .exclude(state=LotState.CANCELLED)
        .values_list("partner_id")
        .annotate(n=Count("items", filter=Q(items__removed_at__isnull=True)))
    )
    rows = []
    for listing in listings:
        capacity = listing.monthly_capacity * months
        used = accepted.get(listing.organisation_id, 0)
        rows.append(
            {
                "name": listing.organisation.name,
                "monthly_capacity": listing.monthly_capacity,
                "capacity": capacity,
                "used": used,
                "percent": round(100 * used / capacity) if capacity else None,
            }
        )
    return rows
