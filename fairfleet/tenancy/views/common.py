"""Small helpers shared by the tenancy pages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render

from fairfleet.core.forms import NOT_SAVED, form_status, submit_form


def form_page(request, form, *, title: str, submit_label: str, cancel_url: str, status: int = 200, extra=None):
    """The generic page of one form: a heading, the fields, a submit button and a way back."""
    context = {"form": form, "title": title, "submit_label": submit_label, "cancel_url": cancel_url}
    context.update(extra or {})
    return render(request, "tenancy/form_page.html", context, status=status)


def save_or_show(
    request,
    form,
    *,
    write: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], tuple[str, str]],
    **page: Any,
):
    """On a valid POST, run `write` and redirect with the message and URL that `success(result)` gives;
    otherwise (a GET, invalid data, or a refusal from the service) show the form page again."""
    result = submit_form(request, form, write)
    if result is not NOT_SAVED:
        message, url = success(result)
        messages.success(request, message)
        return redirect(url)
    return form_page(request, form, status=form_status(form), **page)
