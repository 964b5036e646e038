"""The current organisation: switching, its settings, its members and invitations, its audit log."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import NOT_SAVED, submit_form
from fairfleet.core.pagination import SortKey, keyset_page
from fairfleet.tenancy import perms, selectors, services
from fairfleet.tenancy.forms import InvitationForm, MemberRoleForm, OrganisationForm, OrganisationSwitchForm
from fairfleet.tenancy.middleware import SESSION_KEY, memberships_of

AUDIT_PAGE_SIZE = 50
AUDIT_SORT = SortKey("id", descending=True)

# What the audit log shows for the actions services record, in every app; an unknown code shows as recorded.
AUDIT_ACTIONS = {
    "create": gettext_lazy("Created"),
    "update": gettext_lazy("Changed"),
    "archive": gettext_lazy("Archived"),
    "transition": gettext_lazy("Lifecycle step"),
    "import": gettext_lazy("Imported"),
    "recompute": gettext_lazy("Recomputed"),
    "offer": gettext_lazy("Offered"),
    "reserve": gettext_lazy("Reserved"),
    "hand_over": gettext_lazy("Handed over"),
    "withdraw": gettext_lazy("Withdrawn"),
    "accept": gettext_lazy("Accepted"),
    "decline": gettext_lazy("Declined"),
    "cancel": gettext_lazy("Cancelled"),
    "expire": gettext_lazy("Expired"),
    "fulfil": gettext_lazy("Fulfilled"),
    "reject": gettext_lazy("Rejected"),
    "add_devices": gettext_lazy("Devices added"),
    "remove_device": gettext_lazy("Device removed"),
    "schedule_pickup": gettext_lazy("Pick-up scheduled"),
    "confirm_handover": gettext_lazy("Handover confirmed"),
    "confirm_receipt": gettext_lazy("Receipt confirmed"),
    "custody_event": gettext_lazy("Custody event recorded"),
    "label_add": gettext_lazy("Quality label added"),
    "submit": gettext_lazy("Submitted for validation"),
    "validate": gettext_lazy("Validated"),
    "remind": gettext_lazy("Reminder sent"),
    "join": gettext_lazy("Joined the network"),
    "network_invite": gettext_lazy("Invited to the network"),
    "network_active": gettext_lazy("Joined the network"),
    "network_declined": gettext_lazy("Declined the network's invitation"),
    "network_left": gettext_lazy("Left the network"),
}


def no_organisation(request):
    return render(request, "tenancy/no_organisation.html")


@organisation_required()
def organisation_switch(request):
    memberships = list(memberships_of(request.user))
    form = OrganisationSwitchForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["organisation"]
        chosen = next(
            m.organisation for m in memberships if str(m.organisation.public_id) == form.cleaned_data["organisation"]
        )
        messages.success(request, _("You are now working in %(organisation)s.") % {"organisation": chosen.name})
        return redirect("inventory:home")
    return render(request, "tenancy/organisation_switch.html", {"memberships": memberships, "form": form})


# Settings, members, invitations -------------------------------------------------------------


def _settings_page(request, *, organisation_form=None, invitation_form=None):
    organisation = request.organisation
    members = [
        {
            "membership": membership,
            # One role form per row; distinct ids keep every label tied to its own select.
            "role_form": MemberRoleForm(initial={"role": membership.role}, auto_id=f"id_%s_{membership.public_id}"),
        }
        for membership in selectors.membership_list(organisation=organisation)
    ]
    context = {
        "organisation_form": organisation_form or OrganisationForm(instance=organisation),
        "invitation_form": invitation_form or InvitationForm(),
        "members": members,
        "invitations": selectors.invitation_pending_list(organisation=organisation).select_related("invited_by"),
    }
    return render(request, "tenancy/organisation_settings.html", context)


@organisation_required(perms.can_manage_organisation)
def organisation_settings(request):
    organisation = request.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    saved = submit_form(
        request,
        form,
        lambda data: services.organisation_update(actor=request.user, organisation=organisation, data=data),
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("The organisation's details have been saved."))
        return redirect("tenancy:organisation_settings")
    return _settings_page(request, organisation_form=form)


@require_POST
@organisation_required(perms.can_manage_organisation)
def invitation_create(request):
    form = InvitationForm(request.POST)
    invitation = submit_form(
        request,
        form,
        lambda data: services.invitation_create(
            actor=request.user,
            organisation=request.organisation,
            email=data["email"],
            role=data["role"],
            base_url=request.build_absolute_uri("/")[:-1],
        ),
    )
    if invitation is not NOT_SAVED:
        messages.success(
            request, _("An invitation has been sent by e-mail to %(email)s.") % {"email": invitation.email}
        )
        return redirect("tenancy:organisation_settings")
    return _settings_page(request, invitation_form=form)


@require_POST
@organisation_required(perms.can_manage_organisation)
def invitation_revoke(request, public_id):
    invitation = selectors.get_invitation_for(request.organisation, public_id)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email})
    return redirect("tenancy:organisation_settings")


@require_POST
@organisation_required(perms.can_manage_organisation)
def membership_role(request, public_id):
    membership = selectors.get_membership_for(request.organisation, public_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("tenancy:organisation_settings")
    try:
        services.membership_update_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(email)s is now: %(role)s.") % {"email": membership.user.email, "role": membership.get_role_display()},
        )
    return redirect("tenancy:organisation_settings")


@require_POST
@organisation_required(perms.can_manage_organisation)
def membership_deactivate(request, public_id):
    membership = selectors.get_membership_for(request.organisation, public_id)
    try:
        services.membership_deactivate(actor=request.user, membership=membership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(email)s can no longer access the organisation.") % {"email": membership.user.email}
        )
    return redirect("tenancy:organisation_settings")


# Audit log ----------------------------------------------------------------------------------


def _model_for(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _readable(model, name: str, value):
    """A recorded value as a person reads it: choices by their label, booleans as yes or no."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict) and "name" in value:  # a related object, as audit.snapshot records it
        return value["name"]
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        field = None
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


# What services record beside an object's own fields (a step's reason, the partners a lot was offered to...).
RECORDED_LABELS = {
    "columns": gettext_lazy("columns"),
    "detail": gettext_lazy("detail"),
    "device": gettext_lazy("device"),
    "devices": gettext_lazy("devices"),
    "kept": gettext_lazy("devices kept back"),
    "kind": gettext_lazy("kind"),
    "label": gettext_lazy("label"),
    "method_parameters": gettext_lazy("method parameters"),
    "note": gettext_lazy("note"),
    "occurs_on": gettext_lazy("date"),
    "partner": gettext_lazy("partner"),
    "partners": gettext_lazy("partners"),
    "reason": gettext_lazy("reason"),
    "recipients": gettext_lazy("recipients"),
    "reference": gettext_lazy("reference"),
    "reported_by": gettext_lazy("reported by"),
    "source": gettext_lazy("source"),
    "valid_from": gettext_lazy("valid from"),
    "valid_until": gettext_lazy("valid until"),
    "warnings": gettext_lazy("warnings"),
}


def _field_label(model, name: str) -> str:
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        field = None
    if field is None:
        return capfirst(RECORDED_LABELS.get(name, name))
    if field.is_relation and field.verbose_name == name.replace("_", " "):
        # A relation without a label of its own gets its attribute name (English): say what it points to instead.
        return capfirst(field.related_model._meta.verbose_name)
    return capfirst(field.verbose_name)


def _describe(entry) -> dict:
    model = _model_for(entry.object_type)
    before, after = entry.before or {}, entry.after or {}
    names = list(dict.fromkeys([*before, *after]))
    return {
        "entry": entry,
        "action": AUDIT_ACTIONS.get(entry.action, entry.action),
        "object_type": capfirst(model._meta.verbose_name) if model else entry.object_type,
        "changes": [
            {
                "field": _field_label(model, name),
                "before": _readable(model, name, before.get(name)),
                "after": _readable(model, name, after.get(name)),
            }
            for name in names
        ],
    }


@organisation_required(perms.can_manage_organisation)
def audit_log(request):
    # Keyset pagination: the log only grows, and page 100 costs what page 1 costs.
    page = keyset_page(
        selectors.audit_entry_list(organisation=request.organisation),
        key=AUDIT_SORT,
        cursor=request.GET.get("cursor"),
        size=AUDIT_PAGE_SIZE,
    )
    entries = [_describe(entry) for entry in page.rows]
    return render(request, "tenancy/audit_log.html", {"page": page, "entries": entries})
