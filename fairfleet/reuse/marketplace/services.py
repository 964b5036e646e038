"""Writes of the marketplace: offers, requests, reservations and handovers. Each is atomic, audited and logged.

Two services claiming the same item at once: the claim is one conditional UPDATE ("open -> reserved where the
offer is still open"), so exactly one of them changes the row and the other gets a clear refusal; a partial
unique index (one active reservation per offer) backs it in the database. SQLite serialises writers: a claim
that finds the database locked waits and tries again, so that the loser also gets the refusal, never a
"database is locked" error.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairfleet.core.concurrency import retry_when_locked
from fairfleet.core.messages import Message, typed_or_stored
from fairfleet.inventory import services as inventory
from fairfleet.inventory.models import AcquisitionKind, Category, Device, DeviceModel, DeviceState
from fairfleet.inventory.services import TransitionRequest
from fairfleet.inventory.workflows import refuse
from fairfleet.reuse.marketplace import selectors
from fairfleet.reuse.marketplace.models import (
    DeviceRequest,
    LogSubject,
    MarketplaceTransition,
    Offer,
    OfferState,
    RequestState,
    Reservation,
    ReservationState,
)
from fairfleet.reuse.marketplace.workflows import offer_refusal, request_refusal, reservation_refusal
from fairfleet.reuse.matching import grade_acceptable, grade_rank
from fairfleet.reuse.models import BeneficiaryKind, CustodyEvent, CustodyEventKind, CustodySource
from fairfleet.reuse.workflows import latest_assessment, leave_refusal
from fairfleet.tenancy.audit import audit_record, snapshot
from fairfleet.tenancy.models import Network, Organisation, Service, User

DEFAULT_RESERVATION_DAYS = 14
MAX_RESERVATION_DAYS = 90
MAX_OFFERS_AT_ONCE = 500


def reservation_days() -> int:
    """How long a reservation holds an item unless the claimant asks otherwise (setting REUSE_RESERVATION_DAYS)."""
    return int(getattr(settings, "REUSE_RESERVATION_DAYS", DEFAULT_RESERVATION_DAYS))


def _log(
    *, organisation, subject, actor, from_state, to_state, offer=None, reservation=None, request=None, reason=""
) -> MarketplaceTransition:
    """`reason`: what a user typed, or a Message the system wrote."""
    reason, reason_message = typed_or_stored(reason)
    return MarketplaceTransition.objects.create(
        organisation=organisation,
        subject=subject,
        offer=offer,
        reservation=reservation,
        request=request,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        reason=reason,
        reason_message=reason_message,
    )


def _move_offer(
    offer: Offer, to_state: str, *, actor, reason: str | Message = "", reservation=None
) -> MarketplaceTransition:
    """Conditional UPDATE from the state the offer had when read: refused if someone moved it meanwhile."""
    refuse(offer_refusal(from_state=offer.state, to_state=to_state))
    now = timezone.now()
    changed = Offer.objects.filter(pk=offer.pk, state=offer.state).update(state=to_state, state_changed_at=now)
    if not changed:
        current = Offer.objects.filter(pk=offer.pk).values_list("state", flat=True).first()
        refuse(offer_refusal(from_state=current, to_state=to_state))
        raise ValidationError(_("This offer changed meanwhile: reload the page."), code="changed")
    step = _log(
        organisation=offer.organisation,
        subject=LogSubject.OFFER,
        actor=actor,
        from_state=offer.state,
        to_state=to_state,
        offer=offer,
        reservation=reservation,
        reason=reason,
    )
    offer.state, offer.state_changed_at = to_state, now
    return step


def _move_reservation(reservation: Reservation, to_state: str, *, actor, reason: str | Message = "") -> None:
    refuse(reservation_refusal(from_state=reservation.state, to_state=to_state))
    now = timezone.now()
    changed = Reservation.objects.filter(pk=reservation.pk, state=reservation.state).update(
        state=to_state, closed_at=now
    )
    if not changed:
        current = Reservation.objects.filter(pk=reservation.pk).values_list("state", flat=True).first()
        refuse(reservation_refusal(from_state=current, to_state=to_state))
        raise ValidationError(_("This reservation changed meanwhile: reload the page."), code="changed")
    _log(
        organisation=reservation.organisation,
        subject=LogSubject.RESERVATION,
        actor=actor,
        from_state=reservation.state,
        to_state=to_state,
        offer=reservation.offer,
        reservation=reservation,
        reason=reason,
    )
    reservation.state, reservation.closed_at = to_state, now


def _move_request(request: DeviceRequest, to_state: str, *, actor, reason: str | Message = "") -> None:
    refuse(request_refusal(from_state=request.state, to_state=to_state))
    now = timezone.now()
    changed = DeviceRequest.objects.filter(pk=request.pk, state=request.state).update(
        state=to_state, state_changed_at=now
    )
    if not changed:
        raise ValidationError(_("This request changed meanwhile: reload the page."), code="changed")
    _log(
        organisation=request.organisation,
        subject=LogSubject.REQUEST,
        actor=actor,
        from_state=request.state,
        to_state=to_state,
        request=request,
        reason=reason,
    )
    request.state, request.state_changed_at = to_state, now


def _audit(organisation, actor, action, instance, before=None, after=None) -> None:
    audit_record(organisation=organisation, actor=actor, action=action, instance=instance, before=before, after=after)


def _device_label(device: Device) -> str:
    return device.asset_tag or device.serial_number or str(device.model)


# Offers ----------------------------------------------------------------------------------------


def _check_networks(organisation: Organisation, networks: Iterable[Network]) -> list[Network]:
    networks = list(networks or [])
    allowed = set(selectors.shareable_networks(organisation=organisation).values_list("id", flat=True))
    for network in networks:
        if network.id not in allowed:
            raise ValidationError(
                {
                    "networks": _("“%(network)s” is not a network this organisation is an active member of.")
                    % {"network": network.name}
                }
            )
    return networks


@transaction.atomic
def offers_create(
    *,
    actor: User | None,
    organisation: Organisation,
    devices: Sequence[Device],
    networks: Iterable[Network] = (),
    available_until: datetime.date | None = None,
    pickup_place: str = "",
    notes: str = "",
) -> list[Offer]:
    """Put retired devices on offer, one offer each: all of them, or none with the reason for the first refusal.
    Each device goes from "end of use" to "offered internally"."""
    devices = list(devices)
    if not devices:
        raise ValidationError({"devices": _("Select at least one device.")}, code="empty")
    if len(devices) > MAX_OFFERS_AT_ONCE:
        raise ValidationError(
            {"devices": _("At most %(max)d devices can be offered at once.") % {"max": MAX_OFFERS_AT_ONCE}}
        )
    if available_until is not None and available_until < timezone.localdate():
        raise ValidationError({"available_until": _("Choose today or a later date.")})
    networks = _check_networks(organisation, networks)
    offers = []
    for device in devices:
        if device.organisation_id != organisation.id:
            raise ValidationError({"devices": _("Choose devices of this organisation.")})
        if device.state != DeviceState.END_OF_USE:
            raise ValidationError(
                {
                    "devices": _("%(device)s is “%(state)s”: only devices at the end of use can be offered.")
                    % {"device": _device_label(device), "state": device.state_label}
                },
                code="not_retired",
            )
        if Offer.objects.filter(device=device, state__in=[OfferState.OPEN, OfferState.RESERVED]).exists():
            raise ValidationError(
                {"devices": _("%(device)s is already on offer.") % {"device": _device_label(device)}}, code="live"
            )
        reason = Message("marketplace.offered")
        inventory.device_transition(
            actor=actor, device=device, request=TransitionRequest(DeviceState.OFFERED_INTERNALLY, reason=reason)
        )
        offer = Offer.objects.create(
            organisation=organisation,
            device=device,
            available_until=available_until,
            pickup_place=pickup_place.strip(),
            notes=notes.strip(),
            created_by=actor,
            state_changed_at=timezone.now(),
        )
        if networks:
            offer.networks.set(networks)
        _log(
            organisation=organisation,
            subject=LogSubject.OFFER,
            actor=actor,
            from_state="",
            to_state=OfferState.OPEN,
            offer=offer,
        )
        _audit(
            organisation,
            actor,
            "create",
            offer,
            after={
                **snapshot(offer, ["device", "available_until", "pickup_place"]),
                "networks": [str(n.public_id) for n in networks],
            },
        )
        offers.append(offer)
    return offers


@retry_when_locked
@transaction.atomic
def offer_withdraw(*, actor: User | None, offer: Offer, reason: str = "") -> Offer:
    """Take an open offer off the marketplace; the device goes back to "end of use" awaiting triage."""
    offer = Offer.objects.select_related("organisation", "device").get(pk=offer.pk)
    _move_offer(offer, OfferState.WITHDRAWN, actor=actor, reason=reason)
    inventory.device_transition(
        actor=actor,
        device=offer.device,
        request=TransitionRequest(DeviceState.END_OF_USE, reason=reason or Message("marketplace.withdrawn")),
    )
    _audit(
        offer.organisation,
        actor,
        "withdraw",
        offer,
        before={"state": OfferState.OPEN},
        after={"state": offer.state, "reason": reason},
    )
    return offer


# Requests --------------------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    actor: User | None,
    organisation: Organisation,
    service: Service,
    category: Category,
    quantity: int = 1,
    minimum_grade: str = "",
    needed_by: datetime.date | None = None,
    purpose: str = "",
) -> DeviceRequest:
    if service.organisation_id != organisation.id or service.archived_at is not None:
        raise ValidationError({"service": _("Choose an active service of this organisation.")})
    if category.organisation_id not in (None, organisation.id):
        raise ValidationError({"category": _("Choose a category of this organisation.")})
    if needed_by is not None and needed_by < timezone.localdate():
        raise ValidationError({"needed_by": _("Choose today or a later date.")})
    request = DeviceRequest(
        organisation=organisation,
        service=service,
        category=category,
        quantity=quantity,
        minimum_grade=minimum_grade,
        needed_by=needed_by,
        purpose=purpose.strip(),
        created_by=actor,
        state_changed_at=timezone.now(),
    )
    request.full_clean(exclude=["created_by"])
    request.save()
    _log(
        organisation=organisation,
        subject=LogSubject.REQUEST,
        actor=actor,
        from_state="",
        to_state=RequestState.OPEN,
        request=request,
    )
    _audit(
        organisation,
        actor,
        "create",
        request,
        after=snapshot(request, ["service", "category", "quantity", "minimum_grade", "needed_by", "purpose"]),
    )
    return request


@transaction.atomic
def request_cancel(*, actor: User | None, request: DeviceRequest, reason: str = "") -> DeviceRequest:
    """Cancel a request; its active reservations stay (each can be cancelled on its own)."""
    request = DeviceRequest.objects.select_related("organisation").get(pk=request.pk)
    before = request.state
    _move_request(request, RequestState.CANCELLED, actor=actor, reason=reason)
    _audit(
        request.organisation,
        actor,
        "cancel",
        request,
        before={"state": before},
        after={"state": request.state, "reason": reason},
    )
    return request


def _fulfil_request_if_complete(request: DeviceRequest | None, actor) -> None:
    if request is None:
        return
    request = DeviceRequest.objects.select_related("organisation").get(pk=request.pk)
    if request.state != RequestState.OPEN:
        return
    handed = request.reservations.filter(state=ReservationState.HANDED_OVER).count()
    if handed >= request.quantity:
        _move_request(request, RequestState.FULFILLED, actor=actor, reason=Message("marketplace.request_fulfilled"))
        _audit(
            request.organisation,
            actor,
            "fulfil",
            request,
            before={"state": RequestState.OPEN},
            after={"state": request.state},
        )


# Reservations ----------------------------------------------------------------------------------


def _expire(reservation: Reservation, *, now) -> bool:
    """Release an active reservation whose time is up: the offer opens again, the device is offered again."""
    changed = Reservation.objects.filter(pk=reservation.pk, state=ReservationState.ACTIVE, expires_at__lte=now)
    if not changed.update(state=ReservationState.EXPIRED, closed_at=now):
        return False
    reason = Message("marketplace.reservation_expired")
    _log(
        organisation=reservation.organisation,
        subject=LogSubject.RESERVATION,
        actor=None,
        from_state=ReservationState.ACTIVE,
        to_state=ReservationState.EXPIRED,
        offer=reservation.offer,
        reservation=reservation,
        reason=reason,
    )
    offer = Offer.objects.select_related("organisation").get(pk=reservation.offer_id)
    if offer.state == OfferState.RESERVED:
        _move_offer(offer, OfferState.OPEN, actor=None, reason=reason, reservation=reservation)
        device = Device.objects.get(pk=reservation.device_id)
        if device.state == DeviceState.RESERVED:
            inventory.device_transition(
                actor=None, device=device, request=TransitionRequest(DeviceState.OFFERED_INTERNALLY, reason=reason)
            )
    _audit(
        reservation.organisation,
        None,
        "expire",
        reservation,
        before={"state": ReservationState.ACTIVE},
        after={"state": ReservationState.EXPIRED},
    )
    reservation.state, reservation.closed_at = ReservationState.EXPIRED, now
    return True


@retry_when_locked
def reservations_expire_overdue(*, organisation: Organisation | None = None, now=None) -> int:
    """Release every reservation past its expiry (of one organisation, as giver or claimant, or of all);
    returns how many. Run by the task and the command, and before pages read reservations."""
    now = now or timezone.now()
    overdue = Reservation.objects.filter(state=ReservationState.ACTIVE, expires_at__lte=now)
    if organisation is not None:
        overdue = overdue.filter(Q(organisation=organisation) | Q(claimant=organisation))
    count = 0
    for reservation in overdue.select_related("organisation", "offer").order_by("id")[:1000]:
        with transaction.atomic():
            count += _expire(reservation, now=now)
    return count


def _check_claim(
    *, offer: Offer, claimant: Organisation, service: Service, request: DeviceRequest | None, grade: str
) -> None:
    if service.organisation_id != claimant.id or service.archived_at is not None:
        raise ValidationError({"service": _("Choose an active service of your organisation.")}, code="service")
    if offer.organisation_id != claimant.id and not selectors.visible_offers(claimant).filter(pk=offer.pk).exists():
        raise ValidationError(_("This offer is not shared with your organisation."), code="not_shared")
    if not grade_acceptable(criticality=service.criticality, grade=grade):
        raise ValidationError(
            _(
                "Grade %(grade)s does not suit the service “%(service)s” (%(criticality)s): choose another item or "
                "another service."
            )
            % {
                "grade": grade or _("not assessed"),
                "service": service.name,
                "criticality": service.get_criticality_display(),
            },
            code="grade_not_acceptable",
        )
    if request is not None:
        if request.organisation_id != claimant.id:
            raise ValidationError({"request": _("Choose a request of your organisation.")}, code="request")
        if request.state != RequestState.OPEN:
            raise ValidationError({"request": _("This request is no longer open.")}, code="request_closed")
        if request.service_id != service.id:
            raise ValidationError({"request": _("This request is for another service.")}, code="request_service")
        if request.category_id != offer.device.category_id:
            raise ValidationError({"request": _("This item is not of the category requested.")}, code="category")
        if request.minimum_grade and grade_rank(grade) > grade_rank(request.minimum_grade):
            raise ValidationError(
                _("Grade %(grade)s is below the minimum grade %(minimum)s of the request.")
                % {"grade": grade or _("not assessed"), "minimum": request.minimum_grade},
                code="below_minimum_grade",
            )


@retry_when_locked
@transaction.atomic
def reservation_create(
    *,
    actor: User | None,
    offer: Offer,
    claimant: Organisation,
    service: Service,
    request: DeviceRequest | None = None,
    days: int | None = None,
) -> Reservation:
    """Reserve an open offer for a service. Of two claims at once, exactly one wins; the other is refused with
    the reason ("already reserved")."""
    days = reservation_days() if days is None else days
    if not 1 <= days <= MAX_RESERVATION_DAYS:
        raise ValidationError(
            {"days": _("Choose between 1 and %(max)d days.") % {"max": MAX_RESERVATION_DAYS}}, code="days"
        )
    now = timezone.now()
    offer = Offer.objects.select_related("organisation", "device", "device__model").get(pk=offer.pk)
    # A reservation past its time no longer holds the item (checked here even if the task has not run yet).
    for overdue in offer.reservations.filter(state=ReservationState.ACTIVE, expires_at__lte=now):
        _expire(overdue, now=now)
        offer.refresh_from_db(fields=["state", "state_changed_at"])
    if offer.state != OfferState.OPEN:  # the common answer under contention, before any other read
        refuse(offer_refusal(from_state=offer.state, to_state=OfferState.RESERVED))
    grade = getattr(latest_assessment(offer.device), "grade", "") or ""
    _check_claim(offer=offer, claimant=claimant, service=service, request=request, grade=grade)
    offer_step = _move_offer(offer, OfferState.RESERVED, actor=actor)  # the conditional UPDATE: one winner
    try:
        with transaction.atomic():
            reservation = Reservation.objects.create(
                organisation=offer.organisation,
                offer=offer,
                device=offer.device,
                claimant=claimant,
                service=service,
                request=request,
                expires_at=now + datetime.timedelta(days=days),
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("This item is already reserved."), code="not_allowed") from None
    MarketplaceTransition.objects.filter(pk=offer_step.pk).update(reservation=reservation)
    _log(
        organisation=offer.organisation,
        subject=LogSubject.RESERVATION,
        actor=actor,
        from_state="",
        to_state=ReservationState.ACTIVE,
        offer=offer,
        reservation=reservation,
    )
    inventory.device_transition(
        actor=actor,
        device=offer.device,
        request=TransitionRequest(
            DeviceState.RESERVED, reason=Message("marketplace.reserved_for", {"service": service.name})
        ),
    )
    after = {**snapshot(reservation, ["offer", "device", "claimant", "service", "request", "expires_at"])}
    _audit(offer.organisation, actor, "reserve", reservation, after=after)
    if claimant.id != offer.organisation_id:
        _audit(claimant, actor, "reserve", reservation, after=after)
    return reservation


def _release(reservation: Reservation, to_state: str, *, actor, reason: str | Message) -> None:
    offer = Offer.objects.select_related("organisation").get(pk=reservation.offer_id)
    _move_reservation(reservation, to_state, actor=actor, reason=reason)
    _move_offer(offer, OfferState.OPEN, actor=actor, reason=reason, reservation=reservation)
    inventory.device_transition(
        actor=actor,
        device=Device.objects.get(pk=reservation.device_id),
        request=TransitionRequest(DeviceState.OFFERED_INTERNALLY, reason=reason),
    )


@retry_when_locked
@transaction.atomic
def reservation_cancel(*, actor: User | None, reservation: Reservation, reason: str = "") -> Reservation:
    """Give up a reservation: the offer opens again and the device is offered again."""
    reservation = Reservation.objects.select_related("organisation", "claimant").get(pk=reservation.pk)
    _release(
        reservation,
        ReservationState.CANCELLED,
        actor=actor,
        reason=reason or Message("marketplace.reservation_cancelled"),
    )
    for organisation in {reservation.organisation, reservation.claimant}:
        _audit(
            organisation,
            actor,
            "cancel",
            reservation,
            before={"state": ReservationState.ACTIVE},
            after={"state": reservation.state, "reason": reason},
        )
    return reservation


# Handover --------------------------------------------------------------------------------------


def _receiver_category(*, actor, receiver: Organisation, category: Category) -> Category:
    if category.organisation_id is None:
        return category
    own = Category.objects.filter(organisation=receiver, code=category.code).first()
    return own or inventory.category_create(
        actor=actor, organisation=receiver, name=category.name, is_it=category.is_it
    )


MODEL_COPIED_FIELDS = [
    "release_year",
    "cpu",
    "ram_gb",
    "storage_type",
    "storage_gb",
    "screen_inches",
    "tco_generation",
    "epeat_tier",
    "repairability_index",
    "declared_footprint_kgco2e",
    "declared_footprint_source",
]


def _receiver_model(*, actor, receiver: Organisation, model: DeviceModel) -> DeviceModel:
    """The same model in the receiver's catalogue: found by manufacturer and name, or created as a copy."""
    found = DeviceModel.objects.filter(
        organisation=receiver, manufacturer__iexact=model.manufacturer, name__iexact=model.name
    ).first()
    if found is not None:
        return found
    category = _receiver_category(actor=actor, receiver=receiver, category=model.category)
    fields = {name: getattr(model, name) for name in MODEL_COPIED_FIELDS}
    return inventory.device_model_create(
        actor=actor,
        organisation=receiver,
        manufacturer=model.manufacturer,
        name=model.name,
        category=category,
        **fields,
    )


def _receive_device(*, actor, reservation: Reservation, device: Device) -> Device:
    """The device as a new record of the receiving organisation, with its history: model, serial number, asset
    tag (when free there) and a note naming where it comes from."""
    receiver = reservation.claimant
    serial = device.serial_number
    if serial and Device.objects.filter(organisation=receiver, serial_number=serial).exists():
        raise ValidationError(
            _(
                "%(organisation)s already has a device with serial number %(serial)s: check it is not the same one "
                "before handing this one over."
            )
            % {"organisation": receiver.name, "serial": serial},
            code="serial_taken",
        )
    tag = device.asset_tag
    if tag and Device.objects.filter(organisation=receiver, asset_tag=tag).exists():
        tag = ""
    # The receiver's staff read and edit this note as their own: it is written in their organisation's language.
    with translation.override(receiver.language):
        note = _(
            "Received from %(donor)s through the reuse marketplace on %(date)s (their asset tag: %(tag)s; acquired "
            "by them on %(acquired)s)."
        ) % {
            "donor": reservation.organisation.name,
            "date": timezone.localdate().isoformat(),
            "tag": device.asset_tag or "—",
            "acquired": device.acquisition_date.isoformat() if device.acquisition_date else "—",
        }
    return inventory.device_create(
        actor=actor,
        organisation=receiver,
        state=DeviceState.IN_USE,
        model=_receiver_model(actor=actor, receiver=receiver, model=device.model),
        serial_number=serial,
        asset_tag=tag,
        service=reservation.service,
        acquisition_date=timezone.localdate(),
        acquisition_kind=AcquisitionKind.DONATED,
        notes=note,
        external_ids={
            "marketplace": {
                "donor": str(reservation.organisation.public_id),
                "donor_device": str(device.public_id),
                "reservation": str(reservation.public_id),
            }
        },
    )


@retry_when_locked
def reservation_hand_over(*, actor: User | None, reservation: Reservation, notes: str = "") -> Reservation:
    """Hand the item over to the claimant's service. Inside the organisation the device goes to its new service
    (reserved -> in use); to another organisation it leaves the donor (refused while it may hold data without a
    verified erasure) and a device with its history is created in the receiving organisation."""
    # An overdue reservation is released first, in its own transaction, so that the refusal below sticks.
    reservations_expire_overdue(organisation=reservation.organisation)
    with transaction.atomic():
        return _hand_over(actor=actor, reservation=reservation, notes=notes)


def _hand_over(*, actor, reservation: Reservation, notes: str) -> Reservation:
    reservation = Reservation.objects.select_related("organisation", "claimant", "service", "request").get(
        pk=reservation.pk
    )
    refuse(reservation_refusal(from_state=reservation.state, to_state=ReservationState.HANDED_OVER))
    device = Device.objects.select_related("model", "model__category", "category", "organisation").get(
        pk=reservation.device_id
    )
    cross = reservation.is_cross_organisation
    if cross:
        refuse(leave_refusal(device))
    offer = Offer.objects.select_related("organisation").get(pk=reservation.offer_id)
    _move_reservation(reservation, ReservationState.HANDED_OVER, actor=actor, reason=notes)
    _move_offer(offer, OfferState.HANDED_OVER, actor=actor, reservation=reservation, reason=notes)
    service = reservation.service
    today = timezone.localdate()
    if cross:
        inventory.device_transition(
            actor=actor,
            device=device,
            request=TransitionRequest(
                DeviceState.HANDED_OVER,
                reason=Message(
                    "marketplace.transferred", {"organisation": reservation.claimant.name, "service": service.name}
                ),
                reference=str(reservation.public_id),
            ),
        )
        received = _receive_device(actor=actor, reservation=reservation, device=device)
        Reservation.objects.filter(pk=reservation.pk).update(received_device=received)
        reservation.received_device = received
        kind, beneficiary = CustodyEventKind.TRANSFERRED, BeneficiaryKind.PUBLIC_BODY
    else:
        inventory.device_update(actor=actor, device=device, data={"service": service, "holder": None})
        inventory.device_transition(
            actor=actor,
            device=device,
            request=TransitionRequest(
                DeviceState.IN_USE,
                reason=Message("marketplace.redeployed", {"service": service.name}),
                reference=str(reservation.public_id),
            ),
        )
        kind, beneficiary = CustodyEventKind.REDEPLOYED, ""
    event = CustodyEvent.objects.create(
        organisation=reservation.organisation,
        device=device,
        kind=kind,
        occurred_on=today,
        beneficiary_kind=beneficiary,
        reference=str(reservation.public_id),
        notes=notes.strip() or (f"{reservation.claimant.name} / {service.name}" if cross else service.name),
        reported_by=reservation.organisation,
        recorded_by=actor,
        source=CustodySource.WEB,
    )
    after = {"state": reservation.state, "custody_event": str(event.public_id), "kind": kind}
    if reservation.received_device is not None:
        after["received_device"] = str(reservation.received_device.public_id)
    for organisation in {reservation.organisation, reservation.claimant}:
        _audit(organisation, actor, "hand_over", reservation, before={"state": ReservationState.ACTIVE}, after=after)
    _fulfil_request_if_complete(reservation.request, actor)
    return reservation
