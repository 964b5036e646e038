"""Writes on the census, donation lots and offers. Each is atomic, audited, and logs state changes.

Accepting an offer is safe under concurrency: the lot row is locked (select_for_update) and moved with
a conditional UPDATE (state still "offered"), so of two partners accepting at once exactly one wins and
the other gets a clear refusal.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fairfleet.core.concurrency import retry_when_locked
from fairfleet.core.messages import Message, typed_or_stored
from fairfleet.inventory.models import Device, DeviceState
from fairfleet.inventory.services import BulkTransitionRefused, TransitionRequest, device_bulk_transition
from fairfleet.inventory.workflows import refuse
from fairfleet.reuse.donations import matching, territories
from fairfleet.reuse.donations.models import (
    DonationLot,
    DonationOffer,
    LegalStatus,
    ListingState,
    ListingTransition,
    LotDevice,
    LotState,
    LotTransition,
    OfferState,
    OfferTransition,
    PartnerLabel,
    PartnerListing,
    QualityLabel,
)
from fairfleet.reuse.donations.workflows import OPEN_LOT_STATES, listing_refusal, lot_refusal, offer_refusal
from fairfleet.reuse.models import CustodyEvent, CustodyEventKind
from fairfleet.reuse.workflows import donation_refusal, latest_assessment
from fairfleet.tenancy.audit import audit_record, snapshot
from fairfleet.tenancy.models import (
    NetworkKind,
    NetworkMembership,
    NetworkMembershipState,
    Organisation,
    OrganisationKind,
    Site,
    User,
)

LISTING_FIELDS = [
    "network",
    "legal_status",
    "description",
    "territories",
    "postcodes",
    "accepted_categories",
    "min_lot_size",
    "monthly_capacity",
    "contact_name",
    "contact_email",
    "contact_phone",
]
MAX_LOT_DEVICES = 5000


# Census -------------------------------------------------------------------------------------


def _check_listing_data(organisation: Organisation, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    errors = {}
    unknown = [code for code in data.get("territories", []) if not territories.is_known(code)]
    if unknown:
        errors["territories"] = _("Unknown territory codes: %(codes)s.") % {"codes": ", ".join(unknown)}
    data["postcodes"] = sorted({p.strip().upper() for p in data.get("postcodes", []) if p.strip()})
    bad = [p for p in data["postcodes"] if not p.isalnum() or len(p) > 10]
    if bad:
        errors["postcodes"] = _("These postcodes are not valid: %(codes)s.") % {"codes": ", ".join(bad)}
    network = data.get("network")
    if network is not None:
        is_member = NetworkMembership.objects.filter(
            network=network, organisation=organisation, state=NetworkMembershipState.ACTIVE
        ).exists()
        if network.kind != NetworkKind.REUSE_PLATFORM or not is_member:
            errors["network"] = _("Choose a regional reuse platform your organisation is a member of.")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def listing_save(*, actor: User, organisation: Organisation, data: dict[str, Any]) -> PartnerListing:
    """Create or update the partner's own listing. A listing changed after it was submitted, validated or
    rejected goes back to draft: the network coordinator validates the new version."""
    if organisation.kind != OrganisationKind.REUSE_PARTNER:
        raise ValidationError(_("Only an organisation of kind “reuse partner” has a census listing."))
    data = _check_listing_data(organisation, data)
    listing = PartnerListing.objects.select_for_update().filter(organisation=organisation).first()
    if listing is None:
        listing = PartnerListing(organisation=organisation, **data)
        listing.full_clean()
        listing.save()
        ListingTransition.objects.create(listing=listing, from_state="", to_state=ListingState.DRAFT, actor=actor)
        audit_record(
            organisation=organisation, actor=actor, action="create", instance=listing, after=snapshot(listing, data)
        )
        return listing
    changed = [name for name, value in data.items() if getattr(listing, name) != value]
    if not changed:
        return listing
    before = snapshot(listing, [*changed, "state"])
    for name in changed:
        setattr(listing, name, data[name])
    listing.full_clean()
    if listing.state != ListingState.DRAFT:
        _listing_move(listing, ListingState.DRAFT, actor, Message("donations.listing_changed"))
    listing.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="update",
        instance=listing,
        before=before,
        after=snapshot(listing, [*changed, "state"]),
    )
    return listing


def _listing_move(listing: PartnerListing, to_state: str, actor: User | None, note: str | Message = "") -> None:
    """`note`: what a user typed, or a Message the system wrote."""
    refuse(listing_refusal(listing.state, to_state))
    note, note_message = typed_or_stored(note)
    ListingTransition.objects.create(
        listing=listing, from_state=listing.state, to_state=to_state, actor=actor, note=note, note_message=note_message
    )
    listing.state = to_state


@transaction.atomic
def listing_label_add(
    *, actor: User, listing: PartnerListing, label: str, detail: str, valid_from: datetime.date, valid_until=None
) -> PartnerLabel:
    if label not in QualityLabel.values:
        raise ValidationError({"label": _("Choose a label from the list.")})
    item = PartnerLabel(listing=listing, label=label, detail=detail, valid_from=valid_from, valid_until=valid_until)
    item.full_clean()
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end of validity comes before its start.")})
    item.save()
    listing = PartnerListing.objects.select_for_update().get(pk=listing.pk)
    if listing.state != ListingState.DRAFT:
        _listing_move(listing, ListingState.DRAFT, actor, Message("donations.listing_label_added"))
        listing.save(update_fields=["state", "updated_at"])
    audit_record(
        organisation=listing.organisation,
        actor=actor,
        action="label_add",
        instance=listing,
        after={"label": label, "detail": detail, "valid_from": str(valid_from), "valid_until": str(valid_until)},
    )
    return item


@transaction.atomic
def listing_submit(*, actor: User, listing: PartnerListing) -> PartnerListing:
    listing = PartnerListing.objects.select_for_update(of=("self",)).select_related("network").get(pk=listing.pk)
    if listing.network is None:
        raise ValidationError(_("Choose the reuse platform that will validate your listing before submitting it."))
    _listing_move(listing, ListingState.SUBMITTED, actor)
    listing.save(update_fields=["state", "updated_at"])
    audit_record(
        organisation=listing.organisation,
        actor=actor,
        action="submit",
        instance=listing,
        after={"state": listing.state},
    )
    return listing


@transaction.atomic
def listing_review(*, actor: User, listing: PartnerListing, validate: bool, note: str = "") -> PartnerListing:
    """The network coordinator validates or rejects a submitted listing; a rejection gives its reason."""
    listing = PartnerListing.objects.select_for_update(of=("self",)).select_related("network").get(pk=listing.pk)
    if not validate and not note.strip():
        raise ValidationError({"note": _("Say why the listing is rejected, so that the partner can correct it.")})
    to_state = ListingState.VALIDATED if validate else ListingState.REJECTED
    _listing_move(listing, to_state, actor, note)
    listing.review_note = note
    listing.save(update_fields=["state", "review_note", "updated_at"])
    audit_record(
        organisation=listing.network.coordinator,
        actor=actor,
        action="validate" if validate else "reject",
        instance=listing,
        after={"state": to_state, "note": note},
    )
    return listing


# Lots ---------------------------------------------------------------------------------------


def _lot_move(
    lot: DonationLot,
    to_state: str,
    *,
    actor: User | None,
    organisation: Organisation | None = None,
    note: str | Message = "",
) -> None:
    refuse(lot_refusal(lot.state, to_state))
    note, note_message = typed_or_stored(note)
    LotTransition.objects.create(
        lot=lot,
        from_state=lot.state,
        to_state=to_state,
        actor=actor,
        actor_organisation=organisation or lot.organisation,
        note=note,
        note_message=note_message,
    )
    audit_record(
        organisation=lot.organisation,
        actor=actor,
        action="transition",
        instance=lot,
        before={"state": lot.state},
        after={"state": to_state, "note": note, "note_message": note_message},
    )
    lot.state = to_state


def _offer_move(offer: DonationOffer, to_state: str, *, actor: User | None, note: str | Message = "") -> None:
    refuse(offer_refusal(offer.state, to_state))
    note, note_message = typed_or_stored(note)
    OfferTransition.objects.create(
        offer=offer, from_state=offer.state, to_state=to_state, actor=actor, note=note, note_message=note_message
    )
    offer.state = to_state
    offer.responded_at = timezone.now()
    offer.responded_by = actor
    offer.save(update_fields=["state", "responded_at", "responded_by"])


def _devices_for_lot(organisation: Organisation, devices: Sequence[Device]) -> list[Device]:
    """Each device must be the donor's, at end of use, assessed, and in no other open lot."""
    if not devices:
        raise ValidationError({"devices": _("Choose at least one device.")})
    if len(devices) > MAX_LOT_DEVICES:
        raise ValidationError({"devices": _("A lot holds at most %(max)d devices.") % {"max": MAX_LOT_DEVICES}})
    problems = []
    for device in devices:
        label = device.asset_tag or device.serial_number or str(device.public_id)
        if device.organisation_id != organisation.id:
            problems.append(_("%(device)s is not a device of this organisation.") % {"device": label})
        elif device.state != DeviceState.END_OF_USE:
            problems.append(
                _("%(device)s is “%(state)s”: only devices at end of use go into a lot.")
                % {"device": label, "state": device.state_label}
            )
        elif latest_assessment(device) is None:
            problems.append(
                _("%(device)s has not been assessed: assess it before putting it in a lot.") % {"device": label}
            )
    if problems:
        raise ValidationError({"devices": problems})
    return list(devices)


def _enter_lot(*, actor: User, lot: DonationLot, devices: list[Device]) -> None:
    try:
        device_bulk_transition(
            actor=actor,
            organisation=lot.organisation,
            device_ids=[d.id for d in devices],
            request=TransitionRequest(
                to_state=DeviceState.IN_DONATION_LOT, reason=Message("donations.in_lot", {"lot": lot.title})
            ),
        )
    except BulkTransitionRefused as error:
        raise ValidationError({"devices": [r.message for r in error.refusals]}) from None
    LotDevice.objects.bulk_create([LotDevice(organisation=lot.organisation, lot=lot, device=d) for d in devices])


def _leave_lot(*, actor: User | None, lot: DonationLot, items: list[LotDevice], reason: str | Message) -> None:
    if not items:
        return
    device_bulk_transition(
        actor=actor,
        organisation=lot.organisation,
        device_ids=[item.device_id for item in items],
        request=TransitionRequest(to_state=DeviceState.END_OF_USE, reason=reason),
    )
    LotDevice.objects.filter(id__in=[item.id for item in items]).update(removed_at=timezone.now())


@transaction.atomic
def lot_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    site: Site,
    devices: Sequence[Device],
    notes: str = "",
    required_statuses: Sequence[str] = (),
    required_labels: Sequence[str] = (),
) -> DonationLot:
    if site.organisation_id != organisation.id:
        raise ValidationError({"site": _("Choose a site of this organisation.")})
    bad = [s for s in required_statuses if s not in LegalStatus.values] + [
        code for code in required_labels if code not in QualityLabel.values
    ]
    if bad:
        raise ValidationError(_("Unknown requirement: %(codes)s.") % {"codes": ", ".join(bad)})
    devices = _devices_for_lot(organisation, devices)
    lot = DonationLot(
        organisation=organisation,
        title=title.strip(),
        site=site,
        notes=notes,
        required_statuses=list(required_statuses),
        required_labels=list(required_labels),
        created_by=actor,
    )
    lot.full_clean()
    lot.save()
    LotTransition.objects.create(
        lot=lot, from_state="", to_state=LotState.DRAFT, actor=actor, actor_organisation=organisation
    )
    _enter_lot(actor=actor, lot=lot, devices=devices)
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=lot,
        after={**snapshot(lot, ["title", "site", "required_statuses", "required_labels"]), "devices": len(devices)},
    )
    return lot


def _locked_lot(lot: DonationLot) -> DonationLot:
    return DonationLot.objects.select_for_update().select_related("organisation", "site").get(pk=lot.pk)


@transaction.atomic
def lot_add_devices(*, actor: User, lot: DonationLot, devices: Sequence[Device]) -> DonationLot:
    lot = _locked_lot(lot)
    if lot.state != LotState.DRAFT:
        raise ValidationError(_("Devices are added to a lot only while it is a draft."))
    _enter_lot(actor=actor, lot=lot, devices=_devices_for_lot(lot.organisation, devices))
    audit_record(
        organisation=lot.organisation,
        actor=actor,
        action="add_devices",
        instance=lot,
        after={"devices": [str(d) for d in devices]},
    )
    return lot


@transaction.atomic
def lot_remove_device(*, actor: User, lot: DonationLot, device: Device) -> DonationLot:
    lot = _locked_lot(lot)
    if lot.state != LotState.DRAFT:
        raise ValidationError(_("Devices are removed from a lot only while it is a draft."))
    item = lot.items.filter(device=device, removed_at__isnull=True).first()
    if item is None:
        raise ValidationError(_("This device is not in the lot."))
    _leave_lot(actor=actor, lot=lot, items=[item], reason=Message("donations.removed_from_lot", {"lot": lot.title}))
    audit_record(
        organisation=lot.organisation,
        actor=actor,
        action="remove_device",
        instance=lot,
        before={"device": str(device)},
    )
    return lot


def active_items(lot: DonationLot):
    return lot.items.filter(removed_at__isnull=True).select_related("device__model", "device__category")


@transaction.atomic
def lot_offer(
    *, actor: User, lot: DonationLot, listings: Sequence[PartnerListing], acknowledge_warnings: bool = False
) -> list[DonationOffer]:
    """Offer the lot to one or more partners. A partner that does not suit (territory, capacity, labels,
    eligibility...) is offered only when the donor has acknowledged the warnings."""
    lot = _locked_lot(lot)
    if lot.state not in (LotState.DRAFT, LotState.OFFERED):
        raise ValidationError(_("Only a draft or offered lot can be offered to more partners."))
    if not listings:
        raise ValidationError({"partners": _("Choose at least one partner.")})
    if not active_items(lot).exists():
        raise ValidationError(_("The lot holds no device."))
    already = set(lot.offers.values_list("partner_id", flat=True))
    matches = {m.listing.pk: m for m in matching.rank_partners(lot, listings=listings)}
    offers = []
    warned = []
    for listing in listings:
        if listing.state != ListingState.VALIDATED:
            raise ValidationError(_("%(partner)s has no validated listing.") % {"partner": listing.organisation.name})
        if listing.organisation_id in already:
            raise ValidationError(
                _("The lot was already offered to %(partner)s.") % {"partner": listing.organisation.name}
            )
        match = matches[listing.pk]
        if match.warnings:
            warned.append(f"{listing.organisation.name}: {' '.join(map(str, match.warnings))}")
        offers.append(
            DonationOffer(
                organisation=lot.organisation,
                lot=lot,
                partner=listing.organisation,
                score=match.score,
                reasons=[message.as_json() for message in match.reasons + match.notes],
                warnings=[message.as_json() for message in match.warnings],
                created_by=actor,
            )
        )
    if warned and not acknowledge_warnings:
        raise ValidationError(
            {"acknowledge_warnings": [_("Some partners do not suit this lot; confirm to offer it anyway."), *warned]},
            code="warnings",
        )
    for offer in offers:
        offer.save()
        OfferTransition.objects.create(offer=offer, from_state="", to_state=OfferState.PENDING, actor=actor)
    if lot.state == LotState.DRAFT:
        _lot_move(lot, LotState.OFFERED, actor=actor)
        lot.save(update_fields=["state", "updated_at"])
    audit_record(
        organisation=lot.organisation,
        actor=actor,
        action="offer",
        instance=lot,
        after={"partners": [o.partner.name for o in offers], "warnings": [w for o in offers for w in o.warnings]},
    )
    return offers


def _back_to_draft_if_unanswered(lot: DonationLot, actor: User | None, organisation: Organisation) -> None:
    if lot.state == LotState.OFFERED and not lot.offers.filter(state=OfferState.PENDING).exists():
        _lot_move(
            lot, LotState.DRAFT, actor=actor, organisation=organisation, note=Message("donations.no_offer_pending")
        )
        lot.save(update_fields=["state", "updated_at"])


@transaction.atomic
def offer_withdraw(*, actor: User, offer: DonationOffer) -> DonationOffer:
    lot = _locked_lot(offer.lot)
    offer = DonationOffer.objects.select_for_update().get(pk=offer.pk)
    _offer_move(offer, OfferState.WITHDRAWN, actor=actor)
    _back_to_draft_if_unanswered(lot, actor, lot.organisation)
    audit_record(
        organisation=lot.organisation, actor=actor, action="withdraw", instance=offer, after={"state": offer.state}
    )
    return offer


@transaction.atomic
def offer_decline(*, actor: User, offer: DonationOffer, note: str = "") -> DonationOffer:
    lot = _locked_lot(offer.lot)
    offer = DonationOffer.objects.select_for_update().select_related("partner").get(pk=offer.pk)
    _offer_move(offer, OfferState.DECLINED, actor=actor, note=note)
    offer.response_note = note
    offer.save(update_fields=["response_note"])
    _back_to_draft_if_unanswered(lot, actor, offer.partner)
    audit_record(organisation=lot.organisation, actor=actor, action="decline", instance=offer, after={"note": note})
    return offer


LOT_TAKEN = "lot_taken"


@retry_when_locked
@transaction.atomic
def offer_accept(*, actor: User, offer: DonationOffer, note: str = "") -> DonationOffer:
    """The partner takes the lot. The first acceptance wins; the other pending offers close.

    PostgreSQL makes the second of two concurrent acceptances wait on the row lock. SQLite locks the
    whole database and may answer "locked" at once: retry_when_locked tries again."""
    lot = DonationLot.objects.select_for_update().get(pk=offer.lot_id)
    offer = DonationOffer.objects.select_for_update().select_related("partner").get(pk=offer.pk)
    if offer.state == OfferState.CLOSED or (offer.state == OfferState.PENDING and lot.state != LotState.OFFERED):
        raise ValidationError(
            _("Another partner has already accepted this lot; it is no longer available."), code=LOT_TAKEN
        )
    refuse(offer_refusal(offer.state, OfferState.ACCEPTED))
    now = timezone.now()
    # The conditional UPDATE is the guard: of two concurrent acceptances, one changes a row, the other none.
    won = DonationLot.objects.filter(pk=lot.pk, state=LotState.OFFERED).update(
        state=LotState.ACCEPTED, partner=offer.partner, accepted_at=now, updated_at=now
    )
    if not won:
        raise ValidationError(
            _("Another partner has already accepted this lot; it is no longer available."), code=LOT_TAKEN
        )
    LotTransition.objects.create(
        lot=lot, from_state=LotState.OFFERED, to_state=LotState.ACCEPTED, actor=actor, actor_organisation=offer.partner
    )
    _offer_move(offer, OfferState.ACCEPTED, actor=actor, note=note)
    offer.response_note = note
    offer.save(update_fields=["response_note"])
    for other in lot.offers.select_for_update().filter(state=OfferState.PENDING).exclude(pk=offer.pk):
        _offer_move(other, OfferState.CLOSED, actor=actor, note=Message("donations.another_partner_accepted"))
    lot.refresh_from_db()
    audit_record(
        organisation=lot.organisation,
        actor=actor,
        action="accept",
        instance=lot,
        before={"state": LotState.OFFERED},
        after={"state": LotState.ACCEPTED, "partner": offer.partner.name},
    )
    return offer


@transaction.atomic
def lot_schedule_pickup(
    *,
    actor: User,
    actor_organisation: Organisation,
    lot: DonationLot,
    pickup_date: datetime.date,
    pickup_place: str,
    transporter: str,
) -> DonationLot:
    lot = _locked_lot(lot)
    if lot.state not in (LotState.ACCEPTED, LotState.SCHEDULED):
        raise ValidationError(_("A pick-up is planned once a partner has accepted the lot, and before the handover."))
    if not pickup_place.strip():
        raise ValidationError({"pickup_place": _("Say where the devices will be picked up.")})
    before = snapshot(lot, ["pickup_date", "pickup_place", "transporter"])
    lot.pickup_date, lot.pickup_place, lot.transporter = pickup_date, pickup_place.strip(), transporter.strip()
    if lot.state == LotState.ACCEPTED:
        _lot_move(lot, LotState.SCHEDULED, actor=actor, organisation=actor_organisation)
    lot.save()
    audit_record(
        organisation=lot.organisation,
        actor=actor,
        action="schedule_pickup",
        instance=lot,
        before=before,
        after=snapshot(lot, ["pickup_date", "pickup_place", "transporter"]),
    )
    return lot


def _finish_handover(*, actor: User, lot: DonationLot) -> None:
    items = list(active_items(lot))
    if items:
        device_bulk_transition(
            actor=actor,
            organisation=lot.organisation,
            device_ids=[item.device_id for item in items],
            request=TransitionRequest(
                to_state=DeviceState.HANDED_OVER,
                reason=Message("donations.handed_over", {"partner": lot.partner.name}),
                reference=str(lot.public_id),
            ),
        )
    today = timezone.localdate()
    CustodyEvent.objects.bulk_create(
        [
            CustodyEvent(
                organisation=lot.organisation,
                device_id=item.device_id,
                kind=CustodyEventKind.RECEIVED,
                occurred_on=today,
                place=lot.pickup_place,
                lot_public_id=lot.public_id,
                reported_by=lot.partner,
                recorded_by=actor,
            )
            for item in items
        ]
    )
    _lot_move(lot, LotState.HANDED_OVER, actor=actor, organisation=lot.partner)


@transaction.atomic
def lot_confirm_handover(*, actor: User, lot: DonationLot) -> list[LotDevice]:
    """The donor confirms the handover. A device that may not leave (no erasure proof, firmware lock)
    stays with the donor, back at end of use, with the reason; the others go. Returns the kept items."""
    lot = _locked_lot(lot)
    if lot.state != LotState.SCHEDULED:
        raise ValidationError(_("Plan the pick-up before confirming the handover."))
    if lot.donor_confirmed_at is not None:
        raise ValidationError(_("The handover was already confirmed."))
    kept = []
    for item in active_items(lot):
        refusal = donation_refusal(item.device)
        if refusal is not None:
            item.refusal_code, item.refusal_message = refusal.code, refusal.stored
            item.save(update_fields=["refusal_code", "refusal_message"])
            kept.append(item)
    if kept and len(kept) == active_items(lot).count():
        raise ValidationError([_("No device of the lot may leave yet:"), *[item.refusal_text for item in kept]])
    _leave_lot(actor=actor, lot=lot, items=kept, reason=Message("donations.kept_back"))
    lot.donor_confirmed_at = timezone.now()
    if lot.partner_confirmed_at is not None:
        _finish_handover(actor=actor, lot=lot)
    lot.save()
    audit_record(
        organisation=lot.organisation,
        actor=actor,
        action="confirm_handover",
        instance=lot,
        after={"kept": {str(item.device): item.refusal_message for item in kept}},
    )
    return kept


@transaction.atomic
def lot_confirm_receipt(*, actor: User, lot: DonationLot) -> DonationLot:
    """The partner confirms it received the devices; with the donor's confirmation, the devices are
    handed over and each gets a "received" custody event."""
    lot = _locked_lot(lot)
    if lot.state != LotState.SCHEDULED:
        raise ValidationError(_("Receipt is confirmed once the pick-up is planned and before the lot is closed."))
    if lot.partner_confirmed_at is not None:
        raise ValidationError(_("The receipt was already confirmed."))
    lot.partner_confirmed_at = timezone.now()
    if lot.donor_confirmed_at is not None:
        _finish_handover(actor=actor, lot=lot)
    lot.save()
    audit_record(
        organisation=lot.organisation, actor=actor, action="confirm_receipt", instance=lot, after={"state": lot.state}
    )
    return lot


@transaction.atomic
def lot_close(*, actor: User, lot: DonationLot) -> DonationLot:
    lot = _locked_lot(lot)
    _lot_move(lot, LotState.CLOSED, actor=actor)
    lot.save(update_fields=["state", "updated_at"])
    return lot


@transaction.atomic
def lot_cancel(*, actor: User, lot: DonationLot, reason: str) -> DonationLot:
    """Cancel a lot before its handover: pending offers are withdrawn, devices go back to end of use."""
    lot = _locked_lot(lot)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for cancelling the lot.")})
    if lot.state not in OPEN_LOT_STATES:
        refuse(lot_refusal(lot.state, LotState.CANCELLED))
    _lot_move(lot, LotState.CANCELLED, actor=actor, note=reason)
    for offer in lot.offers.select_for_update().filter(state=OfferState.PENDING):
        _offer_move(offer, OfferState.WITHDRAWN, actor=actor, note=reason)
    _leave_lot(actor=actor, lot=lot, items=list(active_items(lot)), reason=reason)
    lot.save(update_fields=["state", "updated_at"])
    return lot
