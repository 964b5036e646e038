"""Pages of physical audits: campaigns, the phone scanning page, the report and its corrections."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import NOT_SAVED, form_status, submit_form
from fairfleet.inventory.audits import selectors, services
from fairfleet.inventory.audits.forms import AuditApplyForm, AuditCampaignForm, AuditScanForm
from fairfleet.inventory.models import AuditCampaignState
from fairfleet.inventory.perms import can_edit_device, can_view_devices


@organisation_required(can_view_devices)
def audit_list(request):
    context = {
        "campaigns": selectors.audit_campaign_list(organisation=request.organisation)[:200],
        "can_edit": can_edit_device(request.membership),
    }
    return render(request, "inventory/audits/list.html", context)


@organisation_required(can_edit_device)
def audit_create(request):
    form = AuditCampaignForm(request.POST or None, organisation=request.organisation)
    campaign = submit_form(
        request,
        form,
        lambda data: services.audit_campaign_create(actor=request.user, organisation=request.organisation, **data),
    )
    if campaign is not NOT_SAVED:
        messages.success(request, _("The campaign is open: scan or type the codes of the devices you find."))
        return redirect("inventory:audit_detail", public_id=campaign.public_id)
    return render(request, "inventory/audits/form.html", {"form": form}, status=form_status(form))


def _detail_context(request, campaign, *, form=None, outcome=None, error=None):
    can_edit = can_edit_device(request.membership)
    can_scan = can_edit and campaign.state == AuditCampaignState.OPEN
    return {
        "campaign": campaign,
        "form": form or (AuditScanForm() if can_scan else None),
        "outcome": outcome,
        "error": error,
        "recent": selectors.audit_scan_recent(campaign=campaign),
        "scan_count": campaign.scans.count(),
        "can_edit": can_edit,
        "can_scan": can_scan,
        "is_open": campaign.state == AuditCampaignState.OPEN,
        "is_closed": campaign.state == AuditCampaignState.CLOSED,
    }


@organisation_required(can_view_devices)
def audit_detail(request, public_id):
    campaign = selectors.get_audit_campaign_for(request.organisation, public_id)
    return render(request, "inventory/audits/detail.html", _detail_context(request, campaign))


@require_POST
@organisation_required(can_edit_device)
def audit_scan(request, public_id):
    """One code; htmx gets the result panel only, a plain form post the whole page again."""
    campaign = selectors.get_audit_campaign_for(request.organisation, public_id)
    form = AuditScanForm(request.POST)
    outcome = submit_form(
        request, form, lambda data: services.audit_scan_record(actor=request.user, campaign=campaign, **data)
    )
    saved = outcome is not NOT_SAVED
    context = _detail_context(request, campaign, form=None if saved else form, outcome=outcome if saved else None)
    status = 200 if saved else 400
    if request.htmx:
        return render(request, "inventory/audits/includes/scan_panel.html", context, status=status)
    return render(request, "inventory/audits/detail.html", context, status=status)


@require_POST
@organisation_required(can_edit_device)
def audit_transition(request, public_id, to_state):
    campaign = selectors.get_audit_campaign_for(request.organisation, public_id)
    try:
        services.audit_campaign_transition(actor=request.user, campaign=campaign, to_state=to_state)
    except ValidationError as error:
        context = _detail_context(request, campaign, error=" ".join(error.messages))
        return render(request, "inventory/audits/detail.html", context, status=400)
    done = {
        AuditCampaignState.CLOSED: _("The campaign is closed. Review its report, then apply the corrections."),
        AuditCampaignState.OPEN: _("The campaign is open again."),
        AuditCampaignState.CANCELLED: _("The campaign was cancelled; the inventory was not changed."),
    }
    messages.success(request, done[to_state])
    target = "inventory:audit_report" if to_state == AuditCampaignState.CLOSED else "inventory:audit_detail"
    return redirect(target, public_id=campaign.public_id)


def _report_context(request, campaign, apply_form=None):
    can_apply = can_edit_device(request.membership) and campaign.state == AuditCampaignState.CLOSED
    return {
        "campaign": campaign,
        "report": selectors.audit_report(campaign=campaign),
        "apply_form": apply_form or (AuditApplyForm() if can_apply else None),
        "can_edit": can_edit_device(request.membership),
        "is_open": campaign.state == AuditCampaignState.OPEN,
    }


@organisation_required(can_view_devices)
def audit_report(request, public_id):
    campaign = selectors.get_audit_campaign_for(request.organisation, public_id)
    return render(request, "inventory/audits/report.html", _report_context(request, campaign))


@require_POST
@organisation_required(can_edit_device)
def audit_apply(request, public_id):
    campaign = selectors.get_audit_campaign_for(request.organisation, public_id)
    form = AuditApplyForm(request.POST)
    outcome = submit_form(
        request,
        form,
        lambda data: services.audit_campaign_apply(
            actor=request.user, campaign=campaign, mark_missing_lost=data["mark_missing_lost"]
        ),
    )
    if outcome is NOT_SAVED:
        return render(request, "inventory/audits/report.html", _report_context(request, campaign, form), status=400)
    moved = ngettext(
        "%(count)d device was moved to this site.", "%(count)d devices were moved to this site.", outcome.moved
    ) % {"count": outcome.moved}
    lost = ngettext("%(count)d device was declared lost.", "%(count)d devices were declared lost.", outcome.lost) % {
        "count": outcome.lost
    }
    messages.success(request, _("The corrections were applied.") + " " + moved + " " + lost)
    return redirect("inventory:audit_report", public_id=campaign.public_id)
