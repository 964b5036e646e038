"""The reuse home, the triage queue, one device's reuse page, assessments, the route policy and storage."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import NOT_SAVED, add_service_errors, form_status, submit_form
from fairfleet.reuse import selectors, services
from fairfleet.reuse.forms import AssessmentForm, RoutePolicyForm, TriageFilterForm
from fairfleet.reuse.models import Route
from fairfleet.reuse.perms import (
    can_assess_device,
    can_manage_campaigns,
    can_manage_route_policy,
    can_record_erasure,
    can_view_reuse,
)
from fairfleet.reuse.routes import avoided_by_route, device_age, policy_for
from fairfleet.reuse.workflows import donation_refusal, latest_assessment, leave_refusal

# Pages of the reuse sub-apps, linked from the home page when they are installed.
OPTIONAL_LINKS = (
    ("reuse:marketplace:offer_list", "marketplace"),
    ("reuse:donations:home", "donations"),
    ("reuse:reporting:decree_report", "reporting"),
)


def optional_links() -> dict[str, str]:
    links = {}
    for name, key in OPTIONAL_LINKS:
        try:
            links[key] = reverse(name)
        except NoReverseMatch:
            links[key] = ""
    return links


@organisation_required(can_view_reuse)
def home(request):
    organisation = request.organisation
    policy = policy_for(organisation)
    rooms = selectors.storage_overview(organisation=organisation, alert_days=policy.storage_alert_days)
    context = {
        "counts": selectors.queue_counts(organisation=organisation),
        "routes": [(value, label) for value, label in Route.choices],
        "rooms": [room for room in rooms if room.stored or room.room.capacity],
        "aged_total": sum(room.aged for room in rooms),
        "policy": policy,
        "campaigns": selectors.upcoming_campaigns(organisation=organisation),
        "links": optional_links(),
        "can_manage_policy": can_manage_route_policy(request.membership),
        "can_record_erasure": can_record_erasure(request.membership),
    }
    return render(request, "reuse/home.html", context)


def _filter_query(request, *, keep_cursor: bool = False) -> str:
    params = request.GET.copy()
    for name in list(params):
        values = [v for v in params.getlist(name) if v != ""]
        if not values or (name == "cursor" and not keep_cursor):
            params.pop(name)
        else:
            params.setlist(name, values)
    return params.urlencode()


@organisation_required(can_view_reuse)
def triage_list(request):
    form = TriageFilterForm(request.GET, organisation=request.organisation)
    form.is_valid()
    page = selectors.triage_page(
        organisation=request.organisation, filters=form.to_filters(), cursor=request.GET.get("cursor")
    )
    for device in page.rows:
        device.latest_route_label = Route(device.latest_route).label if device.latest_route else ""
        device.age_years, _source = device_age(device)
    context = {
        "form": form,
        "page": page,
        "filter_query": _filter_query(request),
        "can_assess": can_assess_device(request.membership),
        "campaigns": selectors.upcoming_campaigns(organisation=request.organisation),
        "can_manage_campaigns": can_manage_campaigns(request.membership),
    }
    template = "reuse/includes/triage_results.html" if request.htmx else "reuse/triage_list.html"
    return render(request, template, context)


def _device_context(request, device, form=None):
    assessment = latest_assessment(device)
    age, age_source = device_age(device)
    figures = avoided_by_route(request.organisation, [device]).get(device.pk, [])
    return {
        "device": device,
        "assessment": assessment,
        "assessments": selectors.assessments_for(device),
        "erasures": selectors.erasure_records_for(device),
        "age": age,
        "age_source": age_source,
        "figures": figures,
        "leave_refusal": leave_refusal(device),
        "donation_refusal": donation_refusal(device),
        "can_assess": can_assess_device(request.membership) and device.state == "end_of_use",
        "can_record_erasure": can_record_erasure(request.membership),
        "form": form,
    }


@organisation_required(can_view_reuse)
def device_reuse(request, public_id):
    device = selectors.get_triage_device_for(request.organisation, public_id)
    return render(request, "reuse/device.html", _device_context(request, device))


@organisation_required(can_assess_device)
def device_assess(request, public_id):
    device = selectors.get_triage_device_for(request.organisation, public_id)
    form = AssessmentForm(request.POST or None, category_code=device.category.code)
    saved = submit_form(
        request, form, lambda _data: services.assessment_create(actor=request.user, device=device, data=form.to_data())
    )
    if saved is not NOT_SAVED:
        messages.success(
            request,
            _("The assessment was saved. Suggested route: %(route)s.") % {"route": Route(saved.suggested_route).label},
        )
        return redirect("reuse:device", public_id=device.public_id)
    context = {"device": device, "form": form, "devices": [device], "selection": ""}
    return render(request, "reuse/assessment_form.html", context, status=form_status(form))


def _selected_ids(request) -> list[str]:
    values = request.POST.getlist("selected") + request.GET.getlist("selected")
    for joined in request.POST.getlist("selection") + request.GET.getlist("selection"):
        values += [v for v in joined.split(",") if v.strip()]
    return values


@require_POST
@organisation_required(can_assess_device)
def triage_bulk(request):
    """Assess several identical items with one form: all are recorded, or none."""
    devices, missing = selectors.devices_by_public_ids(
        organisation=request.organisation, public_ids=_selected_ids(request)
    )
    if missing:
        messages.error(request, _("Some selected devices do not exist; select them again."))
        return redirect("reuse:triage")
    if not devices:
        messages.error(request, _("Select the devices to assess."))
        return redirect("reuse:triage")
    if len({device.model_id for device in devices}) > 1:
        messages.error(request, _("Assess identical items together: select devices of one model."))
        return redirect("reuse:triage")
    confirming = "confirm" in request.POST  # sent by the assessment form; the queue sends only the selection
    form = AssessmentForm(request.POST if confirming else None, category_code=devices[0].category.code)
    context = {
        "device": None,
        "devices": devices,
        "form": form,
        "selection": ",".join(str(device.public_id) for device in devices),
    }
    if confirming and form.is_valid():
        try:
            created = services.assessment_bulk_create(
                actor=request.user, organisation=request.organisation, devices=devices, data=form.to_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d device was assessed.", "%(count)d devices were assessed.", len(created))
                % {"count": len(created)},
            )
            return redirect("reuse:triage")
    return render(request, "reuse/assessment_form.html", context, status=400 if form.errors else 200)


@organisation_required(can_view_reuse)
def route_policy(request):
    policy = policy_for(request.organisation)
    can_manage = can_manage_route_policy(request.membership)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = RoutePolicyForm(request.POST or None, instance=policy)
    saved = submit_form(
        request,
        form,
        lambda data: services.route_policy_save(actor=request.user, organisation=request.organisation, data=data),
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("The route rules were saved; they apply to the next assessments."))
        return redirect("reuse:policy")
    context = {"form": form, "can_manage": can_manage, "saved": policy.pk is not None}
    return render(request, "reuse/policy.html", context, status=form_status(form))


@organisation_required(can_view_reuse)
def storage(request):
    policy = policy_for(request.organisation)
    context = {
        "rooms": selectors.storage_overview(organisation=request.organisation, alert_days=policy.storage_alert_days),
        "aged": selectors.aged_devices(organisation=request.organisation, alert_days=policy.storage_alert_days),
        "policy": policy,
    }
    return render(request, "reuse/storage.html", context)
