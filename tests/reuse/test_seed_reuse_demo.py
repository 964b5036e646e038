"""The reuse demo (seed_reuse_demo) on top of seed_demo: what it tells, that it goes through the services
(transition and audit logs), that a second run changes nothing, and that the partner can log in."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from fairfleet.inventory.models import Device, DeviceState, DeviceTransition
from fairfleet.reuse.demo import PARTNER_ADMIN_EMAIL, PARTNER_NAME
from fairfleet.reuse.demo.plan import LOT_TITLE, MOBILITY_PLAN, PLATFORM_NAME, REGION_PLAN
from fairfleet.reuse.donations.models import DonationLot, LotState, OfferState, PartnerListing
from fairfleet.reuse.marketplace.models import DeviceRequest, Offer, Reservation
from fairfleet.reuse.marketplace.models import OfferState as MarketOfferState
from fairfleet.reuse.models import (
    Assessment,
    CollectionCampaign,
    CustodyEvent,
    CustodyEventKind,
    ErasureRecord,
    RoutePolicy,
)
from fairfleet.reuse.reporting import decree
from fairfleet.reuse.reporting.selectors import network_dashboard
from fairfleet.reuse.selectors import aged_devices
from fairfleet.tenancy.models import (
    AuditEntry,
    Criticality,
    Membership,
    Network,
    NetworkKind,
    NetworkMembershipState,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.inventory.factories import DeviceFactory

REGION_NAME = "Région Hauts-de-Vallée"
MOBILITY_NAME = "Service public fédéral Mobilité Démo"
# Enough devices for every line of the plans to find one of its category in use, and still quick.
DEVICES_PER_ORG = 300


def run(command: str, **options) -> str:
    out = StringIO()
    call_command(command, not_production=True, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def demo_devices(organisation):
    """The devices the reuse demo retired (their retirement step carries an RFM-nnn reference)."""
    return Device.objects.filter(
        organisation=organisation, transitions__to_state=DeviceState.END_OF_USE, transitions__reference__regex=r"^RFM-"
    ).distinct()


def table_counts() -> dict[str, int]:
    models = [Organisation, Membership, Network, Device, DeviceTransition, Assessment, ErasureRecord, RoutePolicy,
              CollectionCampaign, PartnerListing, DonationLot, CustodyEvent, Offer, DeviceRequest, Reservation,
              AuditEntry]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def test_the_reuse_demo_tells_the_end_of_first_use_and_a_second_run_changes_nothing(client):
    run("seed_demo", devices_per_org=DEVICES_PER_ORG)
    audit_before = AuditEntry.objects.count()

    output = run("seed_reuse_demo")

    region = Organisation.objects.get(name=REGION_NAME)
    mobility = Organisation.objects.get(name=MOBILITY_NAME)
    retired = demo_devices(region)
    assert retired.count() == len(REGION_PLAN) == 40
    assert demo_devices(mobility).count() == len(MOBILITY_PLAN)
    # Every step went through the services: each retirement has an actor and an audit entry.
    steps = DeviceTransition.objects.filter(device__in=retired, to_state=DeviceState.END_OF_USE)
    assert not steps.filter(actor__isnull=True).exists()
    assert AuditEntry.objects.count() - audit_before > 150

    # Storage: retired into a storage room, a good part of them long ago.
    today = timezone.localdate()
    assert not retired.filter(state=DeviceState.END_OF_USE, storage_room__isnull=True).exists()
    long_stored = {device.pk for device in aged_devices(organisation=region, alert_days=90, limit=10_000)}
    still_stored = set(retired.filter(state=DeviceState.END_OF_USE).values_list("pk", flat=True))
    assert len(still_stored & long_stored) >= 8
    assert len(still_stored - long_stored) >= 8
    assert not steps.filter(created_at__gt=timezone.now()).exists()

    # Triage: 30 assessments (two devices locked), erasures for most data-bearing devices.
    assessments = Assessment.objects.filter(organisation=region)
    assert assessments.count() == 30
    assert set(assessments.values_list("grade", flat=True)) == {"A", "B", "C", "D"}
    assert assessments.filter(firmware_locked=True).count() == 2
    assert assessments.filter(holds_protected_data=True).count() == 1
    assert assessments.filter(battery_health_pct__isnull=False).count() >= 15
    assert not assessments.filter(suggested_route="").exists()
    assert ErasureRecord.objects.filter(organisation=region).count() == 23
    assert Assessment.objects.filter(organisation=mobility).count() == 5
    assert ErasureRecord.objects.filter(organisation=mobility).count() == 3

    # Rules at their defaults; a campaign per site, one of them quarterly.
    policy = RoutePolicy.objects.get(organisation=region)
    assert (policy.redeploy_max_age_years, policy.storage_alert_days) == (5, 90)
    campaigns = CollectionCampaign.objects.filter(organisation=region)
    assert campaigns.count() == region.sites.count() == 4
    assert list(campaigns.exclude(recurrence_months=0).values_list("recurrence_months", flat=True)) == [3]
    assert not campaigns.filter(next_date__lt=today).exists()
    assert CollectionCampaign.objects.filter(organisation=mobility).count() == 3

    # The partner, validated on the region's reuse platform.
    partner = Organisation.objects.get(name=PARTNER_NAME)
    assert partner.kind == OrganisationKind.REUSE_PARTNER
    assert Membership.objects.get(organisation=partner, user__email=PARTNER_ADMIN_EMAIL).role == Role.ADMIN
    listing = PartnerListing.objects.get(organisation=partner)
    assert listing.state == "validated"
    assert listing.territories == ["FR-59"]
    assert listing.monthly_capacity > 0
    assert "laptop" in listing.accepted_categories
    platform = listing.network
    assert (platform.name, platform.kind, platform.coordinator) == (PLATFORM_NAME, NetworkKind.REUSE_PLATFORM, region)
    assert platform.memberships.get(organisation=partner).state == NetworkMembershipState.ACTIVE

    # The lot: offered, accepted and handed over; the device without an erasure record was kept back.
    lot = DonationLot.objects.get(organisation=region, title=LOT_TITLE)
    assert (lot.state, lot.partner) == (LotState.HANDED_OVER, partner)
    assert lot.offers.get().state == OfferState.ACCEPTED
    kept = lot.items.get(removed_at__isnull=False)
    assert kept.refusal_code == "erasure_missing"
    assert kept.device.state == DeviceState.END_OF_USE
    handed = [item.device for item in lot.items.filter(removed_at__isnull=True)]
    assert len(handed) == 10
    history = list(lot.transitions.order_by("id").values_list("to_state", "created_at"))
    assert [state for state, _at in history] == ["draft", "offered", "accepted", "scheduled", "handed_over"]
    assert [at for _state, at in history] == sorted(at for _state, at in history)
    assert history[-1][1] < timezone.now() - datetime.timedelta(days=90)

    # The chain of custody: received, refurbished, then given to households and schools.
    events = CustodyEvent.objects.filter(lot_public_id=lot.public_id)
    kinds = dict(events.values_list("kind").annotate(n=Count("id")))
    assert kinds == {CustodyEventKind.RECEIVED: 10, CustodyEventKind.REFURBISHED: 10, CustodyEventKind.GIVEN: 8}
    given = events.filter(kind=CustodyEventKind.GIVEN)
    assert dict(given.values_list("beneficiary_kind").annotate(n=Count("id"))) == {"household": 5, "school": 3}
    assert not events.filter(occurred_on__gt=today).exists()
    for device in handed:
        dates = list(events.filter(device=device).order_by("occurred_on", "id").values_list("kind", "occurred_on"))
        assert [kind for kind, _day in dates][:2] == ["received", "refurbished"]
    assert Device.objects.filter(id__in=[d.id for d in handed], state=DeviceState.SECOND_LIFE).count() == 8

    # The reports have content.
    year = given.latest("occurred_on").occurred_on.year  # this year, unless seeded in early January
    dashboard = network_dashboard(network=platform, year=year, viewer=region)
    # The demo platform has too few members for its totals not to give one member's figures away.
    assert dashboard.suppressed
    assert dashboard.devices == 0
    ratio = decree.decree_ratio(organisation=region, year=year)
    assert ratio.numerator >= 1
    assert ratio.denominator > ratio.numerator

    # The marketplace: five items, a tolerant school's request and one reservation for it.
    offers = Offer.objects.filter(organisation=region)
    assert offers.count() == 5
    assert offers.filter(state=MarketOfferState.RESERVED).count() == 1
    reservation = Reservation.objects.get(organisation=region)
    assert reservation.service.criticality == Criticality.TOLERANT
    assert reservation.request == DeviceRequest.objects.get(organisation=region)

    assert PARTNER_ADMIN_EMAIL in output
    assert "demo-fairfleet-2026" in output
    counts = table_counts()
    states = list(retired.order_by("id").values_list("id", "state", "state_changed_at", "storage_room"))

    second = run("seed_reuse_demo")

    assert table_counts() == counts
    assert list(retired.order_by("id").values_list("id", "state", "state_changed_at", "storage_room")) == states
    assert "exists already" in second
    assert PARTNER_ADMIN_EMAIL in second

    # The partner logs in with the demo password and finds the lot on its desk.
    response = client.post(reverse("login"), {"username": PARTNER_ADMIN_EMAIL, "password": "demo-fairfleet-2026"})
    assert response.status_code == 302
    desk = client.get(reverse("reuse:donations:partner"))
    assert desk.status_code == 200
    assert LOT_TITLE in desk.content.decode()


def test_the_reuse_demo_needs_the_demo_organisations():
    with pytest.raises(CommandError, match="run seed_demo first"):
        run("seed_reuse_demo")


@pytest.mark.parametrize(
    ("state", "linked"),
    [
        (DeviceState.IN_USE, False),
        (DeviceState.IN_STOCK, False),
        (DeviceState.END_OF_USE, True),
        (DeviceState.IN_DONATION_LOT, True),
        (DeviceState.SECOND_LIFE, True),
        (DeviceState.RECYCLED, True),
    ],
)
def test_the_device_page_links_to_its_reuse_page_from_the_end_of_use(org_admin_client, organisation, state, linked):
    device = DeviceFactory(organisation=organisation, state=state)

    page = org_admin_client.get(reverse("inventory:device_detail", args=[device.public_id])).content.decode()

    assert (reverse("reuse:device", args=[device.public_id]) in page) is linked
