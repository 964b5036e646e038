"""Pages of donations: the donor's lots, the partner's offers and accepted lots, the census.

Views parse input, fetch objects through the scoped selectors (same 404 for missing and foreign),
check the permission predicates, call the services and render; no rule lives here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import attachment_disposition
from fairfleet.core.forms import NOT_SAVED, add_service_errors, form_status, show_refusal, submit_form
from fairfleet.reuse.donations import custody, documents, eligibility, matching, selectors, services
from fairfleet.reuse.donations.forms import (
    AddDevicesForm,
    AnswerForm,
    CancelForm,
    CustodyEventForm,
    CustodyImportForm,
    LabelForm,
    ListingForm,
    LotForm,
    OfferForm,
    PickupForm,
    ReviewForm,
)
from fairfleet.reuse.donations.models import ListingState, LotState, OfferState, PartnerListing
from fairfleet.reuse.donations.perms import (
    can_answer_offer,
    can_confirm_handover,
    can_confirm_receipt,
    can_download_agreement,
    can_edit_listing,
    can_edit_lot,
    can_manage_lots,
    can_offer_lot,
    can_plan_pickup,
    can_report_custody,
    can_review_listing,
    can_view_donations,
    can_view_listing,
    can_view_lot,
    can_view_lot_chain,
    is_partner,
)
from fairfleet.reuse.donations.territories import territory_name
from fairfleet.reuse.models import CustodySource


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@organisation_required(can_view_donations)
def home(request):
    org = request.organisation
    context = {
        "lots": selectors.donor_lots(org)[:200],
        # A reuse partner receives lots; it does not give any.
        "can_manage": can_manage_lots(request.membership) and not is_partner(request.membership),
        "is_partner": is_partner(request.membership),
        "offers": selectors.incoming_offers(org) if is_partner(request.membership) else [],
        "accepted": selectors.accepted_lots(org)[:200] if is_partner(request.membership) else [],
        "review_queue": selectors.review_queue(org),
    }
    return render(request, "reuse_donations/home.html", context)


@organisation_required(can_view_donations)
def partner_home(request):
    """The partner's desk: offers to answer, accepted lots, and the bulk report of what became of devices."""
    _deny_unless(is_partner(request.membership))
    org = request.organisation
    form = CustodyImportForm()
    report = None
    if request.method == "POST":
        _deny_unless(can_report_custody(request.membership))
        form, report = _import(request, None)
    context = {
        "offers": selectors.incoming_offers(org),
        "accepted": selectors.accepted_lots(org)[:200],
        "listing": PartnerListing.objects.filter(organisation=org).first(),
        "import_form": form,
        "report": report,
        "columns": custody.CSV_COLUMNS,
        "can_report": can_report_custody(request.membership),
    }
    return render(request, "reuse_donations/partner.html", context, status=400 if report and not report.ok else 200)


# Lots ---------------------------------------------------------------------------------------


@organisation_required(can_manage_lots)
def lot_create(request):
    form = LotForm(request.POST or None, organisation=request.organisation)
    lot = submit_form(
        request,
        form,
        lambda data: services.lot_create(
            actor=request.user,
            organisation=request.organisation,
            title=data["title"],
            site=data["site"],
            devices=list(data["devices"]),
            notes=data["notes"],
            required_statuses=data["required_statuses"],
            required_labels=data["required_labels"],
        ),
    )
    if lot is not NOT_SAVED:
        messages.success(request, _("The lot was created. Choose the partners to offer it to."))
        return redirect("reuse:donations:lot_detail", lot.public_id)
    return render(request, "reuse_donations/lot_form.html", {"form": form}, status=form_status(form))


def _lot_context(request, lot, **forms):
    membership = request.membership
    is_donor = lot.organisation_id == request.organisation.id
    own_offer = None if is_donor else lot.offers.filter(partner=request.organisation).first()
    items = list(services.active_items(lot)) if lot.state != LotState.CANCELLED else []
    # A partner still deciding sees the devices offered, not the donor's staff nor any custody event.
    show_chain = can_view_lot_chain(membership, lot)
    context = {
        "lot": lot,
        "is_donor": is_donor,
        "own_offer": own_offer,
        "items": items,
        "show_chain": show_chain,
        "timeline": selectors.lot_timeline(lot) if show_chain else [(item, []) for item in items],
        "transitions": lot.transitions.select_related("actor", "actor_organisation") if show_chain else [],
        "offers": lot.offers.select_related("partner") if is_donor else [],
        "can_edit": can_edit_lot(membership, lot),
        "can_offer": can_offer_lot(membership, lot) and lot.state in (LotState.DRAFT, LotState.OFFERED),
        "can_cancel": can_offer_lot(membership, lot) and lot.state in services.OPEN_LOT_STATES,
        "can_close": can_offer_lot(membership, lot) and lot.state == LotState.HANDED_OVER,
        "can_answer": own_offer is not None
        and own_offer.state == OfferState.PENDING
        and can_answer_offer(membership, own_offer),
        "can_plan": can_plan_pickup(membership, lot) and lot.state in (LotState.ACCEPTED, LotState.SCHEDULED),
        "can_handover": can_confirm_handover(membership, lot)
        and lot.state == LotState.SCHEDULED
        and not lot.donor_confirmed_at,
        "can_receive": can_confirm_receipt(membership, lot)
        and lot.state == LotState.SCHEDULED
        and not lot.partner_confirmed_at,
        "can_download": can_download_agreement(membership, lot),
        "can_report": can_report_custody(membership, lot) and lot.state in custody.REPORTABLE_LOT_STATES,
        "eligibility_rules": eligibility.RULES,
        "columns": custody.CSV_COLUMNS,
    }
    if context["can_offer"]:
        already = {o.partner_id for o in context["offers"]}
        context["matches"] = [m for m in matching.rank_partners(lot) if m.listing.organisation_id not in already]
        context["offer_form"] = forms.get("offer_form") or OfferForm(matches=context["matches"])
        context["any_warnings"] = any(match.warnings for match in context["matches"])
    if context["can_answer"]:
        context["answer_form"] = forms.get("answer_form") or AnswerForm()
    if context["can_plan"]:
        context["pickup_form"] = forms.get("pickup_form") or PickupForm(
            initial={
                "pickup_date": lot.pickup_date,
                "pickup_place": lot.pickup_place or lot.site.address,
                "transporter": lot.transporter,
            }
        )
    if context["can_edit"]:
        context["add_form"] = forms.get("add_form") or AddDevicesForm(organisation=lot.organisation)
    if context["can_cancel"]:
        context["cancel_form"] = forms.get("cancel_form") or CancelForm()
    if context["can_report"]:
        context["event_form"] = forms.get("event_form") or CustodyEventForm(items=items)
        context["import_form"] = forms.get("import_form") or CustodyImportForm()
        context["report"] = forms.get("report")
    return context


def _get_lot(request, public_id):
    lot = selectors.get_lot_for(request.organisation, public_id)
    _deny_unless(can_view_lot(request.membership, lot))
    return lot


@organisation_required(can_view_donations)
def lot_detail(request, public_id):
    try:
        lot = _get_lot(request, public_id)
    except Http404:
        # A partner that declined, was withdrawn or lost the lot learns only that its offer is closed.
        offer = selectors.get_closed_offer_for(request.organisation, public_id)
        return render(request, "reuse_donations/offer_closed.html", {"offer": offer})
    return render(request, "reuse_donations/lot_detail.html", _lot_context(request, lot))


def _render_lot(request, lot, status=400, **forms):
    return render(request, "reuse_donations/lot_detail.html", _lot_context(request, lot, **forms), status=status)


@require_POST
@organisation_required(can_manage_lots)
def lot_offer(request, public_id):
    lot = selectors.get_own_lot_for(request.organisation, public_id)
    _deny_unless(can_offer_lot(request.membership, lot))
    already = set(lot.offers.values_list("partner_id", flat=True))
    matches = [m for m in matching.rank_partners(lot) if m.listing.organisation_id not in already]
    form = OfferForm(request.POST, matches=matches)
    result = submit_form(
        request,
        form,
        lambda data: services.lot_offer(
            actor=request.user,
            lot=lot,
            listings=form.chosen_listings(),
            acknowledge_warnings=data["acknowledge_warnings"],
        ),
    )
    if result is NOT_SAVED:
        lot.refresh_from_db()
        return _render_lot(request, lot, offer_form=form)
    messages.success(request, _("The lot was offered. The partners answer in their own account."))
    return redirect("reuse:donations:lot_detail", lot.public_id)


@require_POST
@organisation_required(can_manage_lots)
def lot_add_devices(request, public_id):
    lot = selectors.get_own_lot_for(request.organisation, public_id)
    _deny_unless(can_edit_lot(request.membership, lot))
    form = AddDevicesForm(request.POST, organisation=request.organisation)
    result = submit_form(
        request,
        form,
        lambda data: services.lot_add_devices(actor=request.user, lot=lot, devices=list(data["devices"])),
    )
    if result is NOT_SAVED:
        lot.refresh_from_db()
        return _render_lot(request, lot, add_form=form)
    messages.success(request, _("The devices were added to the lot."))
    return redirect("reuse:donations:lot_detail", lot.public_id)


@require_POST
@organisation_required(can_manage_lots)
def lot_remove_device(request, public_id):
    lot = selectors.get_own_lot_for(request.organisation, public_id)
    _deny_unless(can_edit_lot(request.membership, lot))
    item = lot.items.filter(device__public_id__in=request.POST.getlist("device")[:1], removed_at__isnull=True).first()
    if item is None:
        messages.error(request, _("This device is not in the lot."))
    else:
        try:
            services.lot_remove_device(actor=request.user, lot=lot, device=item.device)
            messages.success(request, _("The device is back at end of use."))
        except ValidationError as error:
            show_refusal(request, error)
    return redirect("reuse:donations:lot_detail", lot.public_id)


@require_POST
@organisation_required(can_view_donations)
def lot_pickup(request, public_id):
    lot = _get_lot(request, public_id)
    _deny_unless(can_plan_pickup(request.membership, lot))
    form = PickupForm(request.POST)
    result = submit_form(
        request,
        form,
        lambda data: services.lot_schedule_pickup(
            actor=request.user, actor_organisation=request.organisation, lot=lot, **data
        ),
    )
    if result is NOT_SAVED:
        return _render_lot(request, lot, pickup_form=form)
    messages.success(request, _("The pick-up is planned."))
    return redirect("reuse:donations:lot_detail", lot.public_id)


def _lot_step(request, public_id, predicate, step, success):
    lot = _get_lot(request, public_id)
    _deny_unless(predicate(request.membership, lot))
    try:
        result = step(lot)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect("reuse:donations:lot_detail", lot.public_id)


def _handover_message(kept):
    if not kept:
        return _("Handover confirmed.")
    return _("Handover confirmed. Kept back: %(reasons)s") % {"reasons": " ".join(item.refusal_text for item in kept)}


@require_POST
@organisation_required(can_view_donations)
def lot_handover(request, public_id):
    return _lot_step(
        request,
        public_id,
        can_confirm_handover,
        lambda lot: services.lot_confirm_handover(actor=request.user, lot=lot),
        _handover_message,
    )


@require_POST
@organisation_required(can_view_donations)
def lot_receipt(request, public_id):
    return _lot_step(
        request,
        public_id,
        can_confirm_receipt,
        lambda lot: services.lot_confirm_receipt(actor=request.user, lot=lot),
        _("Receipt confirmed."),
    )


@require_POST
@organisation_required(can_view_donations)
def lot_close(request, public_id):
    return _lot_step(
        request,
        public_id,
        can_offer_lot,
        lambda lot: services.lot_close(actor=request.user, lot=lot),
        _("The lot is closed."),
    )


@require_POST
@organisation_required(can_manage_lots)
def lot_cancel(request, public_id):
    lot = selectors.get_own_lot_for(request.organisation, public_id)
    _deny_unless(can_offer_lot(request.membership, lot))
    form = CancelForm(request.POST)
    result = submit_form(
        request, form, lambda data: services.lot_cancel(actor=request.user, lot=lot, reason=data["reason"])
    )
    if result is NOT_SAVED:
        lot.refresh_from_db()
        return _render_lot(request, lot, cancel_form=form)
    messages.success(request, _("The lot is cancelled; its devices are back at end of use."))
    return redirect("reuse:donations:lot_detail", lot.public_id)


@organisation_required(can_view_donations)
def lot_agreement(request, public_id, fmt):
    lot = _get_lot(request, public_id)
    _deny_unless(can_download_agreement(request.membership, lot))
    writers = {
        "pdf": (documents.agreement_pdf, "application/pdf"),
        "docx": (documents.agreement_docx, documents.DOCX_TYPE),
        "odt": (documents.agreement_odt, documents.ODT_TYPE),
    }
    write, content_type = writers[fmt]
    response = HttpResponse(write(lot), content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(f"donation-agreement-{str(lot.public_id)[:8]}.{fmt}")
    return response


# Offers -------------------------------------------------------------------------------------


def _offer_step(request, public_id, step, success):
    offer = selectors.get_offer_for(request.organisation, public_id)
    if step == "withdraw":
        _deny_unless(can_offer_lot(request.membership, offer.lot))
    else:
        _deny_unless(can_answer_offer(request.membership, offer))
    note = request.POST.get("note", "")[:2000]
    try:
        if step == "accept":
            services.offer_accept(actor=request.user, offer=offer, note=note)
        elif step == "decline":
            services.offer_decline(actor=request.user, offer=offer, note=note)
        else:
            services.offer_withdraw(actor=request.user, offer=offer)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect("reuse:donations:lot_detail", offer.lot.public_id)


@require_POST
@organisation_required(can_view_donations)
def offer_accept(request, public_id):
    return _offer_step(request, public_id, "accept", _("You accepted the lot. Agree on the pick-up with the donor."))


@require_POST
@organisation_required(can_view_donations)
def offer_decline(request, public_id):
    return _offer_step(request, public_id, "decline", _("You declined the offer."))


@require_POST
@organisation_required(can_view_donations)
def offer_withdraw(request, public_id):
    return _offer_step(request, public_id, "withdraw", _("The offer was withdrawn."))


# Chain of custody ---------------------------------------------------------------------------


@require_POST
@organisation_required(can_view_donations)
def lot_custody_event(request, public_id):
    lot = _get_lot(request, public_id)
    _deny_unless(can_report_custody(request.membership, lot))
    form = CustodyEventForm(request.POST, items=list(services.active_items(lot)))
    result = submit_form(
        request,
        form,
        lambda data: custody.custody_report(
            actor=request.user,
            partner=request.organisation,
            data=custody.EventData(
                item=data["device"],
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                place=data["place"],
                territory=data["territory"],
                beneficiary_kind=data["beneficiary_kind"],
                price=data["price"],
                reference=data["reference"],
                notes=data["notes"],
            ),
        ),
    )
    if result is NOT_SAVED:
        return _render_lot(request, lot, event_form=form)
    messages.success(request, _("The event was recorded."))
    return redirect("reuse:donations:lot_detail", lot.public_id)


def _import(request, lot):
    form = CustodyImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read(custody.MAX_CSV_BYTES + 1)
        try:
            report = custody.custody_import(
                actor=request.user,
                partner=request.organisation,
                raw=raw,
                apply=request.POST.get("mode") == "apply",
                lot=lot,
                source=CustodySource.CSV,
            )
        except custody.CsvRefused as refused:
            form.add_error("file", refused.message)
        except ValidationError as error:
            add_service_errors(form, error)
    if report is not None and report.applied:
        count = len(report.lines)
        text = ngettext("%(count)d event was recorded.", "%(count)d events were recorded.", count)
        messages.success(request, text % {"count": count})
    return form, report


@require_POST
@organisation_required(can_view_donations)
def lot_custody_import(request, public_id):
    lot = _get_lot(request, public_id)
    _deny_unless(can_report_custody(request.membership, lot))
    form, report = _import(request, lot)
    if report is not None and report.applied:
        return redirect("reuse:donations:lot_detail", lot.public_id)
    status = 400 if form.errors or (report and not report.ok) else 200
    return _render_lot(request, lot, status=status, import_form=form, report=report)


# Census -------------------------------------------------------------------------------------


@organisation_required(can_view_donations)
def census(request):
    """The national view: validated listings of every network, and links to one's own records."""
    org = request.organisation
    context = {
        "listings": selectors.validated_listings(),
        "own_listing": PartnerListing.objects.filter(organisation=org).first(),
        "can_edit_listing": can_edit_listing(request.membership),
        "review_queue": selectors.review_queue(org),
        "platforms": selectors.visible_platforms(org),
        "network": None,
    }
    return render(request, "reuse_donations/census.html", context)


@organisation_required(can_view_donations)
def network_directory(request, public_id):
    """A regional platform's own list: the validated listings of its network."""
    network = selectors.get_network_for(request.organisation, public_id)
    context = {
        "listings": selectors.validated_listings(network),
        "network": network,
        "own_listing": None,
        "can_edit_listing": False,
        "review_queue": selectors.review_queue(request.organisation).filter(network=network),
        "platforms": [],
    }
    return render(request, "reuse_donations/census.html", context)


@organisation_required(can_edit_listing)
def listing_edit(request):
    org = request.organisation
    listing = PartnerListing.objects.filter(organisation=org).first()
    initial = {}
    if listing is not None:
        initial = {
            "network": str(listing.network.public_id) if listing.network else "",
            "legal_status": listing.legal_status,
            "description": listing.description,
            "territories": listing.territories,
            "postcodes": ", ".join(listing.postcodes),
            "accepted_categories": listing.accepted_categories,
            "min_lot_size": listing.min_lot_size,
            "monthly_capacity": listing.monthly_capacity,
            "contact_name": listing.contact_name,
            "contact_email": listing.contact_email,
            "contact_phone": listing.contact_phone,
        }
    form = ListingForm(request.POST or None, initial=initial, organisation=org)
    saved = submit_form(
        request, form, lambda data: services.listing_save(actor=request.user, organisation=org, data=data)
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("Your listing was saved. Submit it for validation when it is complete."))
        return redirect("reuse:donations:listing_detail", saved.public_id)
    return render(
        request, "reuse_donations/listing_form.html", {"form": form, "listing": listing}, status=form_status(form)
    )


def _listing_context(request, listing, **forms):
    return {
        "listing": listing,
        "labels": listing.labels.all(),
        "today": timezone.localdate(),
        "territories": [territory_name(c) for c in listing.territories],
        "transitions": listing.transitions.select_related("actor")[:20],
        "can_edit": can_edit_listing(request.membership, listing),
        "can_submit": can_edit_listing(request.membership, listing) and listing.state == ListingState.DRAFT,
        "can_review": can_review_listing(request.membership, listing) and listing.state == ListingState.SUBMITTED,
        "label_form": forms.get("label_form") or LabelForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
    }


@organisation_required(can_view_donations)
def listing_detail(request, public_id):
    listing = selectors.get_listing_for(request.organisation, public_id)
    _deny_unless(can_view_listing(request.membership, listing))
    return render(request, "reuse_donations/listing_detail.html", _listing_context(request, listing))


def _own_listing(request, public_id):
    listing = selectors.get_listing_for(request.organisation, public_id)
    if listing.organisation_id != request.organisation.id:
        _deny_unless(can_view_listing(request.membership, listing))
    _deny_unless(can_edit_listing(request.membership, listing))
    return listing


@require_POST
@organisation_required(can_view_donations)
def listing_label_add(request, public_id):
    listing = _own_listing(request, public_id)
    form = LabelForm(request.POST)
    result = submit_form(
        request, form, lambda data: services.listing_label_add(actor=request.user, listing=listing, **data)
    )
    if result is NOT_SAVED:
        return render(
            request,
            "reuse_donations/listing_detail.html",
            _listing_context(request, listing, label_form=form),
            status=400,
        )
    messages.success(request, _("The label was added."))
    return redirect("reuse:donations:listing_detail", listing.public_id)


@require_POST
@organisation_required(can_view_donations)
def listing_submit(request, public_id):
    listing = _own_listing(request, public_id)
    try:
        services.listing_submit(actor=request.user, listing=listing)
        messages.success(request, _("Your listing was submitted to the platform's coordinator."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("reuse:donations:listing_detail", listing.public_id)


@require_POST
@organisation_required(can_view_donations)
def listing_review(request, public_id):
    listing = selectors.get_listing_for(request.organisation, public_id)
    _deny_unless(can_review_listing(request.membership, listing))
    form = ReviewForm(request.POST)
    result = submit_form(
        request,
        form,
        lambda data: services.listing_review(
            actor=request.user, listing=listing, validate=data["decision"] == "validate", note=data["note"]
        ),
    )
    if result is NOT_SAVED:
        listing.refresh_from_db()
        return render(
            request,
            "reuse_donations/listing_detail.html",
            _listing_context(request, listing, review_form=form),
            status=400,
        )
    messages.success(request, _("Your decision was recorded."))
    return redirect("reuse:donations:listing_detail", listing.public_id)
