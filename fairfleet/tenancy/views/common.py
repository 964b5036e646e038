"""Small helpers shared by the tenancy pages."""

from django.shortcuts import render


def form_page(request, form, *, title: str, submit_label: str, cancel_url: str, status: int = 200, extra=None):
    """The generic page of one form: a heading, the fields, a submit button and a way back."""
    context = {"form": form, "title": title, "submit_label": submit_label, "cancel_url": cancel_url}
    context.update(extra or {})
    return render(request, "tenancy/form_page.html", context, status=status)
