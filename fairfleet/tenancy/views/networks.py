"""Networks: learning networks, regional reuse platforms, buyers' affiliations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import add_service_errors, show_refusal
from fairfleet.tenancy import perms, selectors, services
from fairfleet.tenancy.forms import InviteSearchForm, NetworkAnswerForm, NetworkForm, NetworkInviteForm
from fairfleet.tenancy.identifiers import searchable_identifier
from fairfleet.tenancy.models import NetworkMembershipState
from fairfleet.tenancy.views.common import form_page


@organisation_required(perms.can_view_organisation)
def network_list(request):
    context = {
        "networks": selectors.network_list_for(organisation=request.organisation),
        "invitations": selectors.network_invitations_for(organisation=request.organisation),
        "can_answer": perms.can_answer_network_invitation(request.membership),
        "can_create": perms.can_create_network(request.membership),
    }
    return render(request, "tenancy/network_list.html", context)


@organisation_required(perms.can_create_network)
def network_create(request):
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_create(
                actor=request.user, coordinator=request.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The network “%(name)s” has been created; your organisation coordinates it.")
                % {"name": network.name},
            )
            return redirect("tenancy:network_detail", public_id=network.public_id)
    return form_page(
        request,
        form,
        title=_("New network"),
        submit_label=_("Create the network"),
        cancel_url=reverse("tenancy:network_list"),
    )


@organisation_required(perms.can_view_organisation)
def network_detail(request, public_id):
    network = selectors.get_network_for(request.organisation, public_id)
    can_manage = perms.can_manage_network(request.membership, network)
    search_form = InviteSearchForm(request.GET)
    search = search_form.identifier() if can_manage else ""
    # One exact identifier, one answer: the same "none" whether it is unknown or cannot be invited.
    candidate = selectors.organisation_to_invite(network=network, legal_identifier=search) if search else None
    candidates = [candidate] if candidate else []
    members = list(selectors.network_member_list(network=network))
    context = {
        "network": network,
        "members": members,
        "own_membership": next((m for m in members if m.organisation_id == request.organisation.id), None),
        "can_manage": can_manage,
        "can_answer": perms.can_answer_network_invitation(request.membership),
        "is_coordinator": network.coordinator_id == request.organisation.id,
        "search_form": search_form,
        "search": search,
        "candidates": candidates,
        "search_is_identifier": searchable_identifier(search) is not None,
    }
    # htmx asks for the search results only; without JavaScript the same search reloads the page.
    if request.htmx and can_manage:
        return render(request, "tenancy/includes/organisation_search_results.html", context)
    return render(request, "tenancy/network_detail.html", context)


@require_POST
@organisation_required(perms.can_view_organisation)
def network_invite(request, public_id):
    network = selectors.get_network_for(request.organisation, public_id)
    if not perms.can_manage_network(request.membership, network):
        raise PermissionDenied
    form = NetworkInviteForm(request.POST, network=network)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.network_invite(actor=request.user, network=network, organisation=organisation)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request, _("%(organisation)s has been invited to the network.") % {"organisation": organisation.name}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("tenancy:network_detail", public_id=network.public_id)


@require_POST
@organisation_required(perms.can_answer_network_invitation)
def network_respond(request, public_id):
    """Join or decline a network that invited the current organisation."""
    membership = selectors.get_network_membership_for(request.organisation, public_id)
    form = NetworkAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to join or to decline."))
        return redirect("tenancy:network_list")
    try:
        services.network_membership_respond(
            actor=request.user, membership=membership, state=form.cleaned_data["state"]
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("tenancy:network_list")
    if form.cleaned_data["state"] == NetworkMembershipState.ACTIVE:
        messages.success(request, _("You have joined the network “%(name)s”.") % {"name": membership.network.name})
        return redirect("tenancy:network_detail", public_id=membership.network.public_id)
    messages.success(request, _("You have declined the invitation of “%(name)s”.") % {"name": membership.network.name})
    return redirect("tenancy:network_list")


@require_POST
@organisation_required(perms.can_answer_network_invitation)
def network_leave(request, public_id):
    network = selectors.get_network_for(request.organisation, public_id)
    membership = selectors.get_own_network_membership_for(request.organisation, network)
    try:
        services.network_membership_respond(
            actor=request.user, membership=membership, state=NetworkMembershipState.LEFT
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("tenancy:network_detail", public_id=network.public_id)
    messages.success(request, _("Your organisation has left the network “%(name)s”.") % {"name": network.name})
    return redirect("tenancy:network_list")
