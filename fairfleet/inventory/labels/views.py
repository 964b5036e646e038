"""The label sheet page: choose a format and a start position, get a PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import attachment_disposition
from fairfleet.inventory.forms import DeviceFilterForm
from fairfleet.inventory.labels import selectors, services
from fairfleet.inventory.labels.forms import LabelSheetForm
from fairfleet.inventory.perms import can_view_devices


def _selected_ids(request) -> list[str]:
    """Ids come as repeated `selected` parameters or one comma-separated `selection`, as from the list."""
    values = request.GET.getlist("selected") + request.POST.getlist("selected")
    for joined in request.GET.getlist("selection") + request.POST.getlist("selection"):
        values += [v for v in joined.split(",") if v.strip()]
    return values


def _selection_error(selection, count: int) -> str | None:
    if selection.unknown_ids:
        return _("Some selected devices do not exist; go back to the list and select them again.")
    if count == 0:
        return _("No device matches this selection.")
    if count > services.MAX_LABELS:
        return _(
            "This selection holds %(count)d devices, but one PDF holds at most %(max)d labels. "
            "Narrow the filters and print in several parts."
        ) % {"count": count, "max": services.MAX_LABELS}
    return None


@organisation_required(can_view_devices)
def label_sheet(request):
    filter_form = DeviceFilterForm(request.GET, organisation=request.organisation)
    filter_form.is_valid()
    selection = selectors.label_selection(
        organisation=request.organisation, public_ids=_selected_ids(request), filters=filter_form.to_filters()
    )
    count = selection.devices.count()
    # The device list's "Print labels" button posts its selected ids without a format: show the choice first.
    choosing = request.method != "POST" or "label_format" not in request.POST
    form = LabelSheetForm(None if choosing else request.POST)
    selection_error = _selection_error(selection, count)
    context = {
        "form": form,
        "count": count,
        "count_text": ngettext("%(count)d label will be printed.", "%(count)d labels will be printed.", count)
        % {"count": count},
        "selection_error": selection_error,
        "query": request.GET.urlencode(),
        "selection": ",".join(v.strip() for v in _selected_ids(request)),
    }
    if choosing:
        return render(request, "inventory/labels/sheet_form.html", context, status=400 if selection_error else 200)
    if selection_error or not form.is_valid():
        return render(request, "inventory/labels/sheet_form.html", context, status=400)
    label_format = services.LABEL_FORMATS[form.cleaned_data["label_format"]]
    pdf = services.label_sheet_pdf(
        organisation=request.organisation,
        devices=list(selection.devices),
        label_format=label_format,
        start_position=form.cleaned_data["start_position"],
        # The QR code opens the device page; the login page comes first for anyone not logged in.
        device_url=lambda device: request.build_absolute_uri(
            reverse("inventory:device_detail", kwargs={"public_id": device.public_id})
        ),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = attachment_disposition(f"labels-{label_format.code}-{stamp}.pdf")
    return response
