"""The reuse demo across organisations: the reuse partner on the regional platform, the donation lot and
its chain of custody, and the internal marketplace (see the package docstring)."""

import datetime

from django.utils import timezone

from fairfleet.inventory.management.commands.seed_demo import _demo_user
from fairfleet.inventory.models import Category, Device, DeviceState
from fairfleet.reuse.demo.fleet import Report, _at, _history
from fairfleet.reuse.demo.plan import (
    GIVEN,
    LOT,
    LOT_ACCEPTED,
    LOT_CREATED,
    LOT_HANDED_OVER,
    LOT_OFFERED,
    LOT_SCHEDULED,
    LOT_TITLE,
    MARKET,
    MARKET_NOTES,
    PARTNER_ADMIN_EMAIL,
    PARTNER_ADMIN_NAME,
    PARTNER_NAME,
    PARTNER_SIRET,
    PARTNER_TERRITORY,
    PLATFORM_DESCRIPTION,
    PLATFORM_NAME,
    REFURBISH_NOTES,
    REFURBISHED_DAYS_AGO,
    REQUEST_PURPOSE,
    Line,
)
from fairfleet.reuse.donations import custody
from fairfleet.reuse.donations import services as donation_services
from fairfleet.reuse.donations.models import (
    DonationLot,
    DonationOffer,
    LegalStatus,
    ListingState,
    ListingTransition,
    LotDevice,
    LotState,
    LotTransition,
    OfferTransition,
    PartnerListing,
    QualityLabel,
)
from fairfleet.reuse.marketplace import services as market_services
from fairfleet.reuse.marketplace.models import DeviceRequest, Offer, OfferState, Reservation
from fairfleet.reuse.matching import offer_priority
from fairfleet.reuse.models import CustodyEvent, CustodyEventKind
from fairfleet.reuse.routes import device_age
from fairfleet.reuse.workflows import latest_assessment
from fairfleet.tenancy import services as tenancy_services
from fairfleet.tenancy.models import (
    Network,
    NetworkKind,
    NetworkMembership,
    NetworkMembershipState,
    Organisation,
    OrganisationKind,
    Service,
    Site,
    User,
)

# The reuse partner and the regional platform -------------------------------------------------------------


def partner(*, region: Organisation, region_admin: User, reviewer: User, report: Report) -> PartnerListing:
    """The partner organisation and its administrator, the platform the region coordinates, the partner's
    membership, and its listing submitted and validated by the region. Each piece once."""
    admin = _demo_user(PARTNER_ADMIN_EMAIL, PARTNER_ADMIN_NAME)
    organisation = Organisation.objects.filter(name=PARTNER_NAME, kind=OrganisationKind.REUSE_PARTNER).first()
    if organisation is None:
        organisation = tenancy_services.organisation_create(
            actor=admin, name=PARTNER_NAME, kind=OrganisationKind.REUSE_PARTNER, country="FR",
            legal_identifier=PARTNER_SIRET, language="fr",
        )  # fmt: skip
        Organisation.objects.filter(pk=organisation.pk).update(created_at=_at(210))  # demo history
        report.add(f"Reuse partner {PARTNER_NAME} created.")
    platform = Network.objects.filter(name=PLATFORM_NAME, coordinator=region).first()
    if platform is None:
        platform = tenancy_services.network_create(
            actor=region_admin, coordinator=region, name=PLATFORM_NAME, kind=NetworkKind.REUSE_PLATFORM,
            description=PLATFORM_DESCRIPTION,
        )  # fmt: skip
        Network.objects.filter(pk=platform.pk).update(created_at=_at(200))  # demo history
        report.add(f"Reuse platform {PLATFORM_NAME} created.")
    membership = NetworkMembership.objects.filter(network=platform, organisation=organisation).first()
    if membership is None:
        membership = tenancy_services.network_invite(actor=region_admin, network=platform, organisation=organisation)
    if membership.state == NetworkMembershipState.INVITED:
        membership = tenancy_services.network_membership_respond(
            actor=admin, membership=membership, state=NetworkMembershipState.ACTIVE
        )
        NetworkMembership.objects.filter(pk=membership.pk).update(invited_at=_at(198), responded_at=_at(196, 15))
    listing = PartnerListing.objects.filter(organisation=organisation).first()
    if listing is None:
        since = timezone.now()
        listing = donation_services.listing_save(
            actor=admin,
            organisation=organisation,
            data={
                "network": platform,
                "legal_status": LegalStatus.REUSE_ESUS,
                "description": (
                    "Association d'insertion agréée ESUS\u00a0: collecte, effacement certifié, reconditionnement et "
                    "don d'ordinateurs aux familles, écoles et associations du Nord."
                ),
                "territories": [PARTNER_TERRITORY],
                "postcodes": [],
                "accepted_categories": ["laptop", "desktop", "all_in_one", "monitor", "tablet", "smartphone"],
                "min_lot_size": 5,
                "monthly_capacity": 60,
                "contact_name": PARTNER_ADMIN_NAME,
                "contact_email": PARTNER_ADMIN_EMAIL,
                "contact_phone": "+33 3 20 00 00 00",
            },
        )
        donation_services.listing_label_add(
            actor=admin, listing=listing, label=QualityLabel.ORDI_3_0, detail="Label Ordi 3.0 (démo)",
            valid_from=timezone.localdate() - datetime.timedelta(days=400),
            valid_until=timezone.localdate() + datetime.timedelta(days=695),
        )  # fmt: skip
        ListingTransition.objects.filter(listing=listing, created_at__gte=since).update(created_at=_at(194))
    if listing.state == ListingState.DRAFT:
        since = timezone.now()
        listing = donation_services.listing_submit(actor=admin, listing=listing)
        ListingTransition.objects.filter(listing=listing, created_at__gte=since).update(created_at=_at(192))
    if listing.state == ListingState.SUBMITTED:
        since = timezone.now()
        listing = donation_services.listing_review(
            actor=reviewer,
            listing=listing,
            validate=True,
            note="Pièces vérifiées\u00a0: agrément ESUS et label à jour.",
        )
        ListingTransition.objects.filter(listing=listing, created_at__gte=since).update(created_at=_at(186))
        report.add(f"Listing of {PARTNER_NAME} validated on {PLATFORM_NAME}.")
    return listing


# The donation lot and the chain of custody ---------------------------------------------------------------


def _lot_history(lot: DonationLot, to_state: str, when: datetime.datetime, since: datetime.datetime) -> None:
    """Demo history of one lot step (see _history)."""
    LotTransition.objects.filter(lot=lot, to_state=to_state, created_at__gte=since).update(created_at=when)


def donation_lot(
    devices: dict[int, Device], plan: list[Line], *, region: Organisation, listing: PartnerListing,
    coordinator: User, partner_admin: User, report: Report,
) -> DonationLot | None:  # fmt: skip
    """The lot of the plan's "lot" devices, taken step by step from where an earlier run left it to its
    handover, then the partner's reports (received, refurbished, given)."""
    lot = DonationLot.objects.filter(organisation=region, title=LOT_TITLE).first()
    members = [device for index, device in sorted(devices.items()) if plan[index].fate == LOT]
    ids = [device.id for device in members]
    if lot is None:
        ready = list(
            Device.objects.filter(id__in=ids, state=DeviceState.END_OF_USE)
            .select_related("category", "model")
            .order_by("id")
        )
        if not ready:
            report.missing.append("No retired device is left for the donation lot.")
            return None
        since = timezone.now()
        site = Site.objects.get(organisation=region, name="Hôtel de Région")
        lot = donation_services.lot_create(
            actor=coordinator, organisation=region, title=LOT_TITLE, site=site, devices=ready,
            notes="Portables et postes de 5 à 8 ans, effacés (rapports Blancco et nwipe), chargeurs fournis.",
        )  # fmt: skip
        DonationLot.objects.filter(pk=lot.pk).update(created_at=_at(LOT_CREATED))
        LotDevice.objects.filter(lot=lot).update(added_at=_at(LOT_CREATED))
        _lot_history(lot, LotState.DRAFT, _at(LOT_CREATED), since)
        _history(ids, DeviceState.IN_DONATION_LOT, _at(LOT_CREATED), since=since)
        report.add(f"Donation lot “{LOT_TITLE}” with {len(ready)} devices.")
    if lot.state == LotState.DRAFT:
        since = timezone.now()
        offers = donation_services.lot_offer(actor=coordinator, lot=lot, listings=[listing], acknowledge_warnings=True)
        DonationOffer.objects.filter(pk__in=[o.pk for o in offers]).update(created_at=_at(LOT_OFFERED))
        OfferTransition.objects.filter(offer__in=offers, created_at__gte=since).update(created_at=_at(LOT_OFFERED))
        _lot_history(lot, LotState.OFFERED, _at(LOT_OFFERED), since)
        lot.refresh_from_db()
    if lot.state == LotState.OFFERED:
        offer = lot.offers.get(partner=listing.organisation)
        since = timezone.now()
        donation_services.offer_accept(
            actor=partner_admin, offer=offer, note="Avec plaisir\u00a0: enlèvement sous 10 jours."
        )
        when = _at(LOT_ACCEPTED, 15)
        DonationLot.objects.filter(pk=lot.pk).update(accepted_at=when)
        DonationOffer.objects.filter(pk=offer.pk).update(responded_at=when)
        OfferTransition.objects.filter(offer=offer, created_at__gte=since).update(created_at=when)
        _lot_history(lot, LotState.ACCEPTED, when, since)
        lot.refresh_from_db()
    if lot.state == LotState.ACCEPTED:
        since = timezone.now()
        lot = donation_services.lot_schedule_pickup(
            actor=partner_admin, actor_organisation=listing.organisation, lot=lot,
            pickup_date=timezone.localdate() - datetime.timedelta(days=LOT_HANDED_OVER),
            pickup_place="Hôtel de Région, quai de livraison (rue des Archives)",
            transporter="Atelier Solidaire du Numérique (camionnette de l'atelier)",
        )  # fmt: skip
        _lot_history(lot, LotState.SCHEDULED, _at(LOT_SCHEDULED), since)
    if lot.state == LotState.SCHEDULED:
        since = timezone.now()
        if lot.donor_confirmed_at is None:
            kept = donation_services.lot_confirm_handover(actor=coordinator, lot=lot)
            if kept:
                report.add(f"{len(kept)} device kept back at the handover (no erasure record).")
            lot.refresh_from_db()
        if lot.partner_confirmed_at is None:
            lot = donation_services.lot_confirm_receipt(actor=partner_admin, lot=lot)
        when = _at(LOT_HANDED_OVER, 11)
        DonationLot.objects.filter(pk=lot.pk).update(
            donor_confirmed_at=when, partner_confirmed_at=_at(LOT_HANDED_OVER, 12)
        )
        LotDevice.objects.filter(lot=lot, removed_at__gte=since).update(removed_at=when)
        _lot_history(lot, LotState.HANDED_OVER, when, since)
        for state in (DeviceState.HANDED_OVER, DeviceState.END_OF_USE):
            _history(ids, state, when, since=since)
        CustodyEvent.objects.filter(
            lot_public_id=lot.public_id, kind=CustodyEventKind.RECEIVED, recorded_at__gte=since
        ).update(occurred_on=when.date())
        lot.refresh_from_db()
        report.add(f"Donation lot handed over to {listing.organisation.name}.")
    if lot.state in (LotState.HANDED_OVER, LotState.CLOSED):
        _custody(lot, listing.organisation, partner_admin, report)
    return lot


def _custody(lot: DonationLot, partner_org: Organisation, actor: User, report: Report) -> None:
    """The partner's reports on each handed-over device: refurbished, then given (all but the last two)."""
    items = list(custody.partner_items(partner_org, lot).order_by("id"))
    reported = set(
        CustodyEvent.objects.filter(lot_public_id=lot.public_id)
        .exclude(kind=CustodyEventKind.RECEIVED)
        .values_list("device_id", flat=True)
    )
    count = 0
    for position, item in enumerate(items):
        if item.device_id in reported or item.device.state not in (DeviceState.HANDED_OVER, DeviceState.SECOND_LIFE):
            continue
        days = REFURBISHED_DAYS_AGO[position % len(REFURBISHED_DAYS_AGO)]
        custody.custody_report(
            actor=actor,
            partner=partner_org,
            data=custody.EventData(
                item=item,
                kind=CustodyEventKind.REFURBISHED,
                occurred_on=timezone.localdate() - datetime.timedelta(days=days),
                place="Atelier Solidaire, Valbourg",
                territory=PARTNER_TERRITORY,
                notes=REFURBISH_NOTES.get(item.device.category.code, "Contrôlé et nettoyé."),
            ),
        )
        count += 1
        if position >= len(GIVEN):
            continue
        days, beneficiary, place, reference = GIVEN[position]
        since = timezone.now()
        item.device.refresh_from_db()
        custody.custody_report(
            actor=actor,
            partner=partner_org,
            data=custody.EventData(
                item=item,
                kind=CustodyEventKind.GIVEN,
                occurred_on=timezone.localdate() - datetime.timedelta(days=days),
                place=place,
                territory=PARTNER_TERRITORY,
                beneficiary_kind=beneficiary,
                reference=reference,
            ),
        )
        _history([item.device_id], DeviceState.SECOND_LIFE, _at(days, 16), since=since)
        count += 1
    if count:
        report.add(f"{count} custody events reported by {partner_org.name}.")


# The internal marketplace --------------------------------------------------------------------------------


def _priority(service: Service, device: Device) -> tuple:
    grade = getattr(latest_assessment(device), "grade", "")
    return offer_priority(criticality=service.criticality, grade=grade, age_years=device_age(device)[0])


def marketplace(
    devices: dict[int, Device], plan: list[Line], *, region: Organisation, coordinator: User, requester: User,
    learning_network: Network | None, report: Report,
) -> None:  # fmt: skip
    """Five items on offer (shared with the learning network), a school's request, and one reservation."""
    today = timezone.localdate()
    offers = list(Offer.objects.filter(organisation=region, notes=MARKET_NOTES).order_by("id"))
    if not offers:
        wanted = [device for index, device in sorted(devices.items()) if plan[index].fate == MARKET]
        ready = list(Device.objects.filter(id__in=[d.id for d in wanted], state=DeviceState.END_OF_USE).order_by("id"))
        if not ready:
            report.missing.append("No retired device is left for the marketplace.")
            return
        networks = [learning_network] if learning_network is not None else []
        offers = market_services.offers_create(
            actor=coordinator, organisation=region, devices=ready, networks=networks,
            available_until=today + datetime.timedelta(days=30),
            pickup_place="Local de réforme, Hôtel de Région (sous-sol)", notes=MARKET_NOTES,
        )  # fmt: skip
        report.add(f"{len(offers)} items offered on the internal marketplace.")
    school = Service.objects.filter(organisation=region, name="Lycée Jules-Ferry de Valbourg").first()
    laptop = Category.objects.filter(organisation__isnull=True, code="laptop").first()
    if school is None or laptop is None:
        report.missing.append("No tolerant school service or laptop category for the marketplace request.")
        return
    request = DeviceRequest.objects.filter(organisation=region, purpose=REQUEST_PURPOSE).first()
    if request is None:
        request = market_services.request_create(
            actor=requester, organisation=region, service=school, category=laptop, quantity=4,
            needed_by=today + datetime.timedelta(days=45), purpose=REQUEST_PURPOSE,
        )  # fmt: skip
        report.add("A request from the Lycée Jules-Ferry (tolerant service).")
    if not Reservation.objects.filter(request=request).exists():
        # The marketplace's own rule: a tolerant service is offered end-of-cycle hardware first.
        live = Offer.objects.filter(pk__in=[o.pk for o in offers], state=OfferState.OPEN).select_related(
            "device__model"
        )
        graded = sorted(live, key=lambda offer: (_priority(school, offer.device), offer.id))
        if graded:
            market_services.reservation_create(
                actor=requester, offer=graded[0], claimant=region, service=school, request=request
            )
            report.add("One item reserved for the Lycée Jules-Ferry.")
