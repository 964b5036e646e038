"""Pages of the fleet. Views parse input, call selectors and services, and render; no rule lives here."""

import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import push_url

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import XLSX_CONTENT_TYPE, attachment_disposition, csv_response, xlsx_bytes
from fairfleet.core.forms import NOT_SAVED, add_service_errors, form_status, run_step, submit_form
from fairfleet.inventory import selectors, services
from fairfleet.inventory.forms import (
    BulkTransitionForm,
    CategoryForm,
    DeviceFilterForm,
    DeviceForm,
    DeviceModelForm,
    TransitionForm,
    transition_choices,
)
from fairfleet.inventory.models import Device, DeviceState
from fairfleet.inventory.perms import (
    can_edit_device,
    can_manage_catalogue,
    can_manage_categories,
    can_transition_device,
    can_view_devices,
)
from fairfleet.inventory.workflows import AFTER_FIRST_USE_STATES

BULK_PREVIEW_ROWS = 20
EXPORT_MAX_ROWS = 1_048_575  # the most rows a spreadsheet sheet holds, below the header


@organisation_required(can_view_devices)
def home(request):
    overview = selectors.fleet_overview(organisation=request.organisation)
    return render(request, "inventory/home.html", {"overview": overview})


def _filter_form(request) -> DeviceFilterForm:
    form = DeviceFilterForm(request.GET, organisation=request.organisation)
    form.is_valid()
    return form


@organisation_required(can_view_devices)
def device_list(request):
    form = _filter_form(request)
    sort = form.cleaned_data.get("sort") or selectors.DEFAULT_SORT
    page = selectors.device_page(
        organisation=request.organisation, filters=form.to_filters(), sort=sort, cursor=request.GET.get("cursor")
    )
    context = {
        "form": form,
        "page": page,
        "sort": sort,
        "bulk_states": [
            (s, DeviceState(s).label) for s in DeviceState.values if can_transition_device(request.membership, s)
        ],
        "can_edit": can_edit_device(request.membership),
        "filter_query": _filter_query(request),
    }
    if not request.htmx:
        return render(request, "inventory/device_list.html", context)
    # htmx asks for the results only; the address bar gets the filters without the empty ones.
    response = render(request, "inventory/includes/device_results.html", context)
    query = _filter_query(request, keep_cursor=True)
    return push_url(response, request.path + (f"?{query}" if query else ""))


def _filter_query(request, *, keep_cursor: bool = False) -> str:
    """The list's query string without empty parameters (and without the page cursor, unless kept)."""
    params = request.GET.copy()
    for name in list(params):
        values = [v for v in params.getlist(name) if v != ""]
        if not values or (name == "cursor" and not keep_cursor):
            params.pop(name)
        else:
            params.setlist(name, values)
    return params.urlencode()


def _export_rows(queryset):
    for d in queryset.iterator(chunk_size=2000):
        yield [
            str(d.public_id),
            d.asset_tag,
            d.serial_number,
            d.category.label,
            d.model.manufacturer,
            d.model.name,
            d.state_label,
            d.service.name if d.service else "",
            d.site.name if d.site else "",
            d.holder.full_name if d.holder else "",
            d.acquisition_date,
            d.get_acquisition_kind_display(),
            d.price,
            d.currency,
            d.supplier,
            d.warranty_end,
            d.notes,
        ]


def _export_header() -> list[str]:
    return [
        _("Identifier"),
        _("Asset tag"),
        _("Serial number"),
        _("Category"),
        _("Manufacturer"),
        _("Model"),
        _("State"),
        _("Service"),
        _("Site"),
        _("Holder"),
        _("Acquisition date"),
        _("Acquisition"),
        _("Price excl. VAT"),
        _("Currency"),
        _("Supplier"),
        _("Warranty end"),
        _("Notes"),
    ]


@organisation_required(can_view_devices)
def device_export(request, fmt: str):
    form = _filter_form(request)
    queryset = (
        selectors.device_queryset(organisation=request.organisation, filters=form.to_filters())
        .select_related("model", "category", "service", "site", "holder")
        .order_by("id")[:EXPORT_MAX_ROWS]
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        return csv_response(f"devices-{stamp}.csv", _export_header(), _export_rows(queryset))
    content = xlsx_bytes(_("Devices"), _export_header(), _export_rows(queryset))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(f"devices-{stamp}.xlsx")
    return response


def _bulk_device_ids(request, form: BulkTransitionForm) -> list[int]:
    if form.cleaned_data["scope"] == "filtered":
        filters = _filter_form(request).to_filters()
        queryset = selectors.device_queryset(organisation=request.organisation, filters=filters)
        return list(queryset.values_list("id", flat=True)[: services.MAX_BULK_DEVICES + 1])
    wanted = [v for v in form.cleaned_data["selection"].split(",") if v] or request.POST.getlist("selected")
    ids = list(
        Device.objects.filter(organisation=request.organisation, public_id__in=_valid_uuids(wanted)).values_list(
            "id", flat=True
        )
    )
    if len(ids) != len(set(wanted)):
        raise ValidationError(_("Some selected devices no longer exist."))
    return ids


def _valid_uuids(values):
    valid = []
    for value in values:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    return valid


@require_POST
@organisation_required(can_view_devices)
def device_bulk(request):
    """Review, then confirm, one lifecycle step for many devices: all change, or none."""
    form = BulkTransitionForm(
        request.POST,
        organisation=request.organisation,
        choices=[(s, DeviceState(s).label) for s in DeviceState.values],
    )
    context = {"form": form, "filter_query": _filter_query(request), "refusals": []}
    if not form.is_valid():
        return render(request, "inventory/device_bulk.html", context, status=400)
    to_state = form.cleaned_data["to_state"]
    if not can_transition_device(request.membership, to_state):
        raise PermissionDenied
    try:
        device_ids = _bulk_device_ids(request, form)
        if not device_ids:
            raise ValidationError(_("Select at least one device, or choose every device matching the filters."))
        if len(device_ids) > services.MAX_BULK_DEVICES:
            raise ValidationError(
                _("At most %(max)d devices can be changed at once.") % {"max": services.MAX_BULK_DEVICES}
            )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "inventory/device_bulk.html", context, status=400)
    selected = ",".join(request.POST.getlist("selected")) or form.cleaned_data["selection"]
    context.update(
        count=len(device_ids),
        preview=Device.objects.filter(id__in=device_ids[:BULK_PREVIEW_ROWS]).select_related("model", "category"),
        to_state_label=DeviceState(to_state).label,
        selection=selected,
    )
    if "confirm" not in request.POST:
        return render(request, "inventory/device_bulk.html", context)
    try:
        changed = services.device_bulk_transition(
            actor=request.user,
            organisation=request.organisation,
            device_ids=device_ids,
            request=_transition_request(form.cleaned_data),
        )
    except services.BulkTransitionRefused as refused:
        form.add_error(None, refused)
        context["refusals"] = refused.refusals[:100]
        return render(request, "inventory/device_bulk.html", context, status=400)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "inventory/device_bulk.html", context, status=400)
    message = ngettext("%(count)d device is now “%(state)s”.", "%(count)d devices are now “%(state)s”.", changed)
    messages.success(request, message % {"count": changed, "state": DeviceState(to_state).label})
    query = _filter_query(request)
    return redirect(reverse("inventory:device_list") + (f"?{query}" if query else ""))


def _transition_request(data: dict) -> services.TransitionRequest:
    return services.TransitionRequest(
        to_state=data["to_state"],
        reason=data["reason"],
        reference=data["reference"],
        storage_room=data["storage_room"],
    )


def _device_detail_context(request, device, transition_form=None):
    choices = transition_choices(from_state=device.state, membership=request.membership)
    if transition_form is None and choices:
        transition_form = TransitionForm(organisation=request.organisation, choices=choices)
    return {
        "device": device,
        "transitions": selectors.device_transition_list(device=device),
        "transition_form": transition_form,
        "can_edit": can_edit_device(request.membership),
        "after_first_use": device.state in AFTER_FIRST_USE_STATES,
        "today": timezone.localdate(),
        "warranty_soon": timezone.localdate() + datetime.timedelta(days=90),
    }


@organisation_required(can_view_devices)
def device_detail(request, public_id):
    device = selectors.get_device_for(request.organisation, public_id)
    return render(request, "inventory/device_detail.html", _device_detail_context(request, device))


@require_POST
@organisation_required(can_view_devices)
def device_transition(request, public_id):
    device = selectors.get_device_for(request.organisation, public_id)
    choices = transition_choices(from_state=device.state, membership=request.membership)
    if not choices:
        raise PermissionDenied
    form = TransitionForm(request.POST, organisation=request.organisation, choices=choices)
    moved = submit_form(
        request,
        form,
        lambda data: services.device_transition(actor=request.user, device=device, request=_transition_request(data)),
    )
    if moved is not NOT_SAVED:
        messages.success(request, _("The device's state was changed."))
        return redirect("inventory:device_detail", public_id=device.public_id)
    context = _device_detail_context(request, device, transition_form=form)
    return render(request, "inventory/device_detail.html", context, status=400)


@organisation_required(can_edit_device)
def device_create(request):
    form = DeviceForm(request.POST or None, organisation=request.organisation)
    device = submit_form(
        request,
        form,
        lambda data: services.device_create(actor=request.user, organisation=request.organisation, **data),
    )
    if device is not NOT_SAVED:
        messages.success(request, _("The device was added."))
        return redirect("inventory:device_detail", public_id=device.public_id)
    return render(request, "inventory/device_form.html", {"form": form}, status=form_status(form))


@organisation_required(can_edit_device)
def device_edit(request, public_id):
    device = selectors.get_device_for(request.organisation, public_id)
    form = DeviceForm(request.POST or None, instance=device, organisation=request.organisation)
    saved = submit_form(
        request, form, lambda data: services.device_update(actor=request.user, device=device, data=data)
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("The device was saved."))
        return redirect("inventory:device_detail", public_id=device.public_id)
    context = {"form": form, "device": device}
    return render(request, "inventory/device_form.html", context, status=form_status(form))


# Catalogue ----------------------------------------------------------------------------------


@organisation_required(can_view_devices)
def model_list(request):
    search = request.GET.get("q", "").strip()[:100]
    drafts_only = request.GET.get("draft") == "1"
    models = selectors.device_model_list(organisation=request.organisation, search=search, drafts_only=drafts_only)
    context = {
        "models": models,
        "search": search,
        "drafts_only": drafts_only,
        "can_manage": can_manage_catalogue(request.membership),
        "categories": selectors.category_list(organisation=request.organisation),
        "can_manage_categories": can_manage_categories(request.membership),
        "category_form": CategoryForm(),
    }
    return render(request, "inventory/model_list.html", context)


@organisation_required(can_manage_catalogue)
def model_create(request):
    form = DeviceModelForm(request.POST or None, organisation=request.organisation)
    created = submit_form(
        request,
        form,
        lambda data: services.device_model_create(actor=request.user, organisation=request.organisation, **data),
    )
    if created is not NOT_SAVED:
        messages.success(request, _("The model was added to the catalogue."))
        return redirect("inventory:model_list")
    return render(request, "inventory/model_form.html", {"form": form}, status=form_status(form))


@organisation_required(can_manage_catalogue)
def model_edit(request, public_id):
    device_model = selectors.get_device_model_for(request.organisation, public_id)
    form = DeviceModelForm(request.POST or None, instance=device_model, organisation=request.organisation)
    saved = submit_form(
        request,
        form,
        lambda data: services.device_model_update(actor=request.user, device_model=device_model, data=data),
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("The model was saved."))
        return redirect("inventory:model_list")
    context = {"form": form, "device_model": device_model}
    return render(request, "inventory/model_form.html", context, status=form_status(form))


@require_POST
@organisation_required(can_manage_categories)
def category_create(request):
    form = CategoryForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.category_create(actor=request.user, organisation=request.organisation, **data),
    )
    if form.errors:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, _("The category was added."))
    return redirect("inventory:model_list")


@require_POST
@organisation_required(can_manage_categories)
def category_archive(request, public_id):
    category = selectors.get_category_for(request.organisation, public_id)
    run_step(
        request,
        lambda: services.category_archive(actor=request.user, category=category),
        success=_("The category was archived."),
    )
    return redirect("inventory:model_list")
