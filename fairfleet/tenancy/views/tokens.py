"""Personal API tokens: each member creates and revokes their own; administrators revoke any. The key shows once."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.forms import NOT_SAVED, form_status, submit_form
from fairfleet.tenancy import perms, selectors, services
from fairfleet.tenancy.models import ApiToken, Role


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        help_text=gettext_lazy("What the token is for, e.g. “GLPI synchronisation”."),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        help_text=gettext_lazy(
            "The token acts with this role, or with yours if you are later given a role with fewer rights."
        ),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty for a token that does not expire."),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if perms.lower_role(value, membership.role) == value
        ]

    def clean(self):
        # The page once let administrators pick the holder; a form still naming someone else is refused, not re-aimed.
        member = self.data.get("member")
        if member and member != str(self.membership.public_id):
            raise forms.ValidationError(_("You can only create keys for yourself."), code="not_yours")
        return super().clean()


def _expiry(day: datetime.date | None) -> datetime.datetime | None:
    # A token is valid through its last day, in the organisation's time zone.
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _token_list(membership):
    tokens = ApiToken.objects.filter(organisation=membership.organisation)
    if not perms.can_manage_organisation(membership):
        tokens = tokens.filter(user=membership.user)
    return tokens.select_related("user").order_by("-created_at", "-id")


@never_cache
@organisation_required(perms.can_create_api_token)
def api_tokens(request):
    form = ApiTokenForm(request.POST or None, membership=request.membership)

    def write(data):
        return services.api_token_create(
            actor=request.user,
            organisation=request.organisation,
            name=data["name"],
            role=data["role"],
            expires_at=_expiry(data["expires_on"]),
        )

    result = submit_form(request, form, write)
    new_key = None
    if result is not NOT_SAVED:
        # Shown in this response only: the key is not stored anywhere, not even in the session.
        _token, new_key = result
        form = ApiTokenForm(membership=request.membership)
    context = {
        "form": form,
        "tokens": _token_list(request.membership),
        "new_key": new_key,
        "now": timezone.now(),
        "sees_all": perms.can_manage_organisation(request.membership),
    }
    return render(request, "tenancy/api_tokens.html", context, status=form_status(form))


@require_POST
@organisation_required()
def api_token_revoke(request, public_id):
    token = selectors.get_scoped_or_404(ApiToken.objects.all(), request.organisation, public_id)
    if not perms.can_revoke_api_token(request.membership, token):
        raise PermissionDenied
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("tenancy:api_tokens")
