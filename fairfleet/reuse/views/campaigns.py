"""Collection campaigns per site."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import NOT_SAVED, form_status, submit_form
from fairfleet.reuse import selectors, services
from fairfleet.reuse.forms import CampaignForm
from fairfleet.reuse.perms import can_manage_campaigns, can_view_reuse


@organisation_required(can_view_reuse)
def campaign_list(request):
    can_manage = can_manage_campaigns(request.membership)
    form = CampaignForm(request.POST or None, organisation=request.organisation) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        created = submit_form(
            request,
            form,
            lambda data: services.campaign_create(actor=request.user, organisation=request.organisation, data=data),
        )
        if created is not NOT_SAVED:
            messages.success(request, _("The collection campaign was planned."))
            return redirect("reuse:campaigns")
    context = {
        "campaigns": selectors.campaigns_for(organisation=request.organisation),
        "reminders": selectors.recent_reminders(organisation=request.organisation),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "reuse/campaign_list.html", context, status=form_status(form) if form else 200)


@organisation_required(can_manage_campaigns)
def campaign_edit(request, public_id):
    campaign = selectors.get_campaign_for(request.organisation, public_id)
    form = CampaignForm(request.POST or None, instance=campaign, organisation=request.organisation)
    saved = submit_form(
        request, form, lambda data: services.campaign_update(actor=request.user, campaign=campaign, data=data)
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("The collection campaign was saved."))
        return redirect("reuse:campaigns")
    return render(request, "reuse/campaign_form.html", {"form": form, "campaign": campaign}, status=form_status(form))


@require_POST
@organisation_required(can_manage_campaigns)
def campaign_archive(request, public_id):
    campaign = selectors.get_campaign_for(request.organisation, public_id)
    services.campaign_archive(actor=request.user, campaign=campaign)
    messages.success(request, _("The collection campaign was archived."))
    return redirect("reuse:campaigns")
