"""Personal API tokens: administrators create them for members and revoke them; the key shows once."""

import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import NOT_SAVED, form_status, submit_form
from fairfleet.tenancy import perms, selectors, services
from fairfleet.tenancy.models import ApiToken, Membership, Role


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} <{obj.user.email}>"


class ApiTokenForm(forms.Form):
    member = MemberChoiceField(None, label=gettext_lazy("Member"), to_field_name="public_id")
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        help_text=gettext_lazy("What the token is for, e.g. “GLPI synchronisation”."),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=Role.choices, help_text=gettext_lazy("The token acts with this role.")
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty for a token that does not expire."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.membership_list(organisation=organisation).filter(is_active=True)


def _expiry(day: datetime.date | None) -> datetime.datetime | None:
    # A token is valid through its last day, in the organisation's time zone.
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _token_list(organisation):
    return ApiToken.objects.filter(organisation=organisation).select_related("user").order_by("-created_at", "-id")


@never_cache
@organisation_required(perms.can_manage_organisation)
def api_tokens(request):
    form = ApiTokenForm(request.POST or None, organisation=request.organisation)

    def write(data):
        return services.api_token_create(
            actor=request.user,
            organisation=request.organisation,
            user=data["member"].user,
            name=data["name"],
            role=data["role"],
            expires_at=_expiry(data["expires_on"]),
        )

    result = submit_form(request, form, write)
    new_key = None
    if result is not NOT_SAVED:
        # Shown in this response only: the key is not stored anywhere, not even in the session.
        _token, new_key = result
        form = ApiTokenForm(organisation=request.organisation)
    context = {"form": form, "tokens": _token_list(request.organisation), "new_key": new_key, "now": timezone.now()}
    return render(request, "tenancy/api_tokens.html", context, status=form_status(form))


@require_POST
@organisation_required(perms.can_manage_organisation)
def api_token_revoke(request, public_id):
    token = selectors.get_scoped_or_404(ApiToken.objects.all(), request.organisation, public_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("tenancy:api_tokens")
