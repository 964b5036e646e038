"""The page an invitation e-mail links to. Public: the invited person may not have an account yet."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fairfleet.core.forms import add_service_errors
from fairfleet.core.views import public
from fairfleet.tenancy import selectors, services
from fairfleet.tenancy.forms import InvitationSignupForm
from fairfleet.tenancy.middleware import SESSION_KEY

# Several backends are configured (axes first); a fresh account is logged in with the model backend.
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _enter(request, invitation):
    """Open the organisation the invitation was for, whatever organisation was current before."""
    request.session[SESSION_KEY] = str(invitation.organisation.public_id)
    messages.success(request, _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation.name})
    return redirect("inventory:home")


@public
def invitation_accept(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except ValidationError as error:
        context = {"mode": "invalid", "errors": error.messages}
        return render(request, "tenancy/invitation_accept.html", context, status=400)

    context = {"invitation": invitation, "errors": [], "form": None}
    if request.user.is_authenticated:
        context["mode"] = "accept"
        if request.method == "POST":
            try:
                services.invitation_accept(token=token, user=request.user)
            except ValidationError as error:
                context["errors"] = error.messages
            else:
                return _enter(request, invitation)
    elif selectors.account_exists(email=invitation.email):
        context["mode"] = "log_in"
    else:
        context["mode"] = "sign_up"
        form = InvitationSignupForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                invitation, user = services.invitation_accept(
                    token=token,
                    user=None,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                login(request, user, backend=LOGIN_BACKEND)
                return _enter(request, invitation)
        context["form"] = form
    return render(request, "tenancy/invitation_accept.html", context)
