"""Pages of the internal marketplace. Views parse input, call selectors and services, and render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import NOT_SAVED, form_status, run_step, submit_form
from fairfleet.reuse.marketplace import selectors, services
from fairfleet.reuse.marketplace.forms import (
    HandoverForm,
    OfferFilterForm,
    OfferForm,
    ReasonForm,
    RequestForm,
    ReserveForm,
)
from fairfleet.reuse.marketplace.models import OfferState, RequestState, ReservationState
from fairfleet.reuse.marketplace.perms import (
    can_cancel_reservation,
    can_hand_over,
    can_offer_devices,
    can_request_devices,
    can_reserve_offer,
    can_view_marketplace,
    can_withdraw_offer,
)
from fairfleet.reuse.workflows import leave_refusal

LIST_LIMIT = 200


@organisation_required(can_view_marketplace)
def offer_list(request):
    services.reservations_expire_overdue(organisation=request.organisation)
    form = OfferFilterForm(request.GET or None, organisation=request.organisation)
    filters = form.to_filters()
    offers = list(selectors.offer_list(organisation=request.organisation, filters=filters)[: LIST_LIMIT + 1])
    context = {
        "form": form,
        "offers": offers[:LIST_LIMIT],
        "truncated": len(offers) > LIST_LIMIT,
        "can_offer": can_offer_devices(request.membership),
        "can_request": can_request_devices(request.membership),
        "active_reservations": selectors.reservation_list(organisation=request.organisation).count(),
    }
    return render(request, "reuse/marketplace/offer_list.html", context)


@organisation_required(can_offer_devices)
def offer_create(request):
    form = OfferForm(request.POST or None, organisation=request.organisation)
    created = submit_form(
        request,
        form,
        lambda data: services.offers_create(
            actor=request.user,
            organisation=request.organisation,
            devices=data["devices"],
            networks=data.get("networks") or [],
            available_until=data["available_until"],
            pickup_place=data["pickup_place"],
            notes=data["notes"],
        ),
    )
    if created is not NOT_SAVED:
        count = len(created)
        messages.success(
            request,
            ngettext("%(count)d item is now on offer.", "%(count)d items are now on offer.", count) % {"count": count},
        )
        return redirect("reuse:marketplace:offer_list")
    return render(request, "reuse/marketplace/offer_form.html", {"form": form}, status=form_status(form))


def _offer_context(request, offer, reserve_form=None):
    own = offer.organisation_id == request.organisation.id
    can_reserve = can_reserve_offer(request.membership) and offer.state == OfferState.OPEN
    if can_reserve and reserve_form is None:
        reserve_form = ReserveForm(organisation=request.organisation, category=offer.device.category)
    return {
        "offer": offer,
        "own": own,
        "networks": selectors.offer_networks(offer) if own else [],
        "log": selectors.offer_log(offer) if own else [],
        "reservations": offer.reservations.select_related("claimant", "service") if own else [],
        "reserve_form": reserve_form if can_reserve else None,
        "can_withdraw": can_withdraw_offer(request.membership, offer) and offer.state == OfferState.OPEN,
        "withdraw_form": ReasonForm(),
    }


@organisation_required(can_view_marketplace)
def offer_detail(request, public_id):
    services.reservations_expire_overdue(organisation=request.organisation)
    offer = selectors.get_offer_for(request.organisation, public_id)
    return render(request, "reuse/marketplace/offer_detail.html", _offer_context(request, offer))


@require_POST
@organisation_required(can_view_marketplace)
def offer_reserve(request, public_id):
    offer = selectors.get_offer_for(request.organisation, public_id)
    if not can_reserve_offer(request.membership):
        raise PermissionDenied
    form = ReserveForm(request.POST, organisation=request.organisation, category=offer.device.category)
    reservation = submit_form(
        request,
        form,
        lambda data: services.reservation_create(
            actor=request.user,
            offer=offer,
            claimant=request.organisation,
            service=data["service"],
            request=data["request"],
            days=data["days"],
        ),
    )
    if reservation is not NOT_SAVED:
        messages.success(request, _("The item is reserved for %(service)s.") % {"service": reservation.service})
        return redirect("reuse:marketplace:reservation_detail", public_id=reservation.public_id)
    offer = selectors.get_offer_for(request.organisation, public_id)
    context = _offer_context(request, offer, reserve_form=form)
    if context["reserve_form"] is None:  # reserved by someone else meanwhile: show why
        messages.error(request, " ".join(form.non_field_errors()))
    return render(request, "reuse/marketplace/offer_detail.html", context, status=400)


@require_POST
@organisation_required(can_view_marketplace)
def offer_withdraw(request, public_id):
    offer = selectors.get_offer_for(request.organisation, public_id)
    if not can_withdraw_offer(request.membership, offer):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    run_step(
        request,
        lambda: services.offer_withdraw(actor=request.user, offer=offer, reason=form.cleaned_data.get("reason", "")),
        success=_("The offer was withdrawn; the device awaits triage again."),
    )
    return redirect("reuse:marketplace:offer_detail", public_id=offer.public_id)


# Requests ------------------------------------------------------------------------------------


@organisation_required(can_view_marketplace)
def request_list(request):
    state = request.GET.get("state", RequestState.OPEN)
    if state not in ("", *RequestState.values):
        state = RequestState.OPEN
    context = {
        "requests": selectors.request_list(organisation=request.organisation, state=state)[:LIST_LIMIT],
        "state": state,
        "states": RequestState.choices,
        "can_request": can_request_devices(request.membership),
    }
    return render(request, "reuse/marketplace/request_list.html", context)


@organisation_required(can_request_devices)
def request_create(request):
    form = RequestForm(request.POST or None, organisation=request.organisation)
    created = submit_form(
        request,
        form,
        lambda data: services.request_create(actor=request.user, organisation=request.organisation, **data),
    )
    if created is not NOT_SAVED:
        messages.success(request, _("The request was recorded; matching offers are listed below."))
        return redirect("reuse:marketplace:request_detail", public_id=created.public_id)
    return render(request, "reuse/marketplace/request_form.html", {"form": form}, status=form_status(form))


@organisation_required(can_view_marketplace)
def request_detail(request, public_id):
    services.reservations_expire_overdue(organisation=request.organisation)
    device_request = selectors.get_request_for(request.organisation, public_id)
    context = {
        "device_request": device_request,
        "matches": selectors.matching_offers(request=device_request) if device_request.state == "open" else [],
        "progress": selectors.request_progress(device_request),
        "reservations": device_request.reservations.select_related("device", "device__model", "organisation"),
        "can_reserve": can_reserve_offer(request.membership) and device_request.state == RequestState.OPEN,
        "can_cancel": can_request_devices(request.membership) and device_request.state == RequestState.OPEN,
        "days": services.reservation_days(),
    }
    return render(request, "reuse/marketplace/request_detail.html", context)


@require_POST
@organisation_required(can_request_devices)
def request_cancel(request, public_id):
    device_request = selectors.get_request_for(request.organisation, public_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    run_step(
        request,
        lambda: services.request_cancel(
            actor=request.user, request=device_request, reason=form.cleaned_data.get("reason", "")
        ),
        success=_("The request was cancelled."),
    )
    return redirect("reuse:marketplace:request_detail", public_id=device_request.public_id)


# Reservations --------------------------------------------------------------------------------


@organisation_required(can_view_marketplace)
def reservation_list(request):
    services.reservations_expire_overdue(organisation=request.organisation)
    state = request.GET.get("state", ReservationState.ACTIVE)
    if state not in ("", *ReservationState.values):
        state = ReservationState.ACTIVE
    reservations = selectors.reservation_list(organisation=request.organisation, state=state)[:LIST_LIMIT]
    context = {"reservations": reservations, "state": state, "states": ReservationState.choices}
    return render(request, "reuse/marketplace/reservation_list.html", context)


def _reservation_context(request, reservation, handover_form=None):
    active = reservation.state == ReservationState.ACTIVE
    may_hand_over = active and can_hand_over(request.membership, reservation)
    refusal = None
    if may_hand_over and reservation.is_cross_organisation:
        refusal = leave_refusal(reservation.device)
    return {
        "reservation": reservation,
        "log": selectors.reservation_log(reservation),
        "handover_form": (handover_form or HandoverForm()) if may_hand_over else None,
        "leave_refusal": refusal,
        "can_cancel": active and can_cancel_reservation(request.membership, reservation),
        "cancel_form": ReasonForm(),
        "giver": reservation.organisation_id == request.organisation.id,
    }


@organisation_required(can_view_marketplace)
def reservation_detail(request, public_id):
    services.reservations_expire_overdue(organisation=request.organisation)
    reservation = selectors.get_reservation_for(request.organisation, public_id)
    return render(request, "reuse/marketplace/reservation_detail.html", _reservation_context(request, reservation))


@require_POST
@organisation_required(can_view_marketplace)
def reservation_hand_over(request, public_id):
    reservation = selectors.get_reservation_for(request.organisation, public_id)
    if not can_hand_over(request.membership, reservation):
        raise PermissionDenied
    form = HandoverForm(request.POST)
    done = submit_form(
        request,
        form,
        lambda data: services.reservation_hand_over(actor=request.user, reservation=reservation, notes=data["notes"]),
    )
    if done is not NOT_SAVED:
        messages.success(request, _("The item was handed over to %(service)s.") % {"service": reservation.service})
        return redirect("reuse:marketplace:reservation_detail", public_id=reservation.public_id)
    reservation = selectors.get_reservation_for(request.organisation, public_id)
    context = _reservation_context(request, reservation, handover_form=form)
    context["handover_errors"] = form.non_field_errors()
    return render(request, "reuse/marketplace/reservation_detail.html", context, status=400)


@require_POST
@organisation_required(can_view_marketplace)
def reservation_cancel(request, public_id):
    reservation = selectors.get_reservation_for(request.organisation, public_id)
    if not can_cancel_reservation(request.membership, reservation):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    run_step(
        request,
        lambda: services.reservation_cancel(
            actor=request.user, reservation=reservation, reason=form.cleaned_data.get("reason", "")
        ),
        success=_("The reservation was cancelled; the item is on offer again."),
    )
    return redirect("reuse:marketplace:reservation_detail", public_id=reservation.public_id)
