"""Shared form handling: run a service on a valid form and show its refusals on the form, or as messages for a
one-click step."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields when it names them, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


NOT_SAVED = object()


def submit_form(request, form: forms.Form, write: Callable[[dict[str, Any]], Any]) -> Any:
    """On a POST with valid data, call `write(cleaned_data)` and return its result; otherwise, or when
    the service refuses, return NOT_SAVED, with the refusal shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return NOT_SAVED
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return NOT_SAVED


def form_status(form: forms.Form) -> int:
    """400 for a form sent back with errors, so that clients and tests can tell."""
    return 400 if form.is_bound and form.errors else 200


def show_refusal(request, error: ValidationError) -> None:
    """A service's refusal as messages on the next page."""
    for message in error.messages:
        messages.error(request, message)


def run_step(request, write: Callable[[], Any], *, success: str) -> bool:
    """Call a service for a one-click step (no form to show again): its refusal, or `success`, becomes a message.
    Answers whether the step was taken."""
    try:
        write()
    except ValidationError as error:
        show_refusal(request, error)
        return False
    messages.success(request, success)
    return True
