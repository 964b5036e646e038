"""Erasure records, certificates and the import of erasure tools' reports."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import attachment_disposition
from fairfleet.core.forms import NOT_SAVED, form_status, submit_form
from fairfleet.reuse import selectors, services
from fairfleet.reuse.certificates import MAX_CERTIFICATE_DEVICES, certificate_pdf
from fairfleet.reuse.erasure_import import ErasureImportRefused, erasure_import
from fairfleet.reuse.forms import ErasureImportForm, ErasureRecordForm
from fairfleet.reuse.perms import can_record_erasure, can_view_reuse
from fairfleet.reuse.views.triage import _selected_ids


@organisation_required(can_record_erasure)
def erasure_create(request, public_id):
    device = selectors.get_triage_device_for(request.organisation, public_id)
    initial = {"operator": request.user.full_name or request.user.email, "performed_at": timezone.localtime()}
    form = ErasureRecordForm(request.POST or None, initial=initial)
    saved = submit_form(
        request, form, lambda data: services.erasure_record_create(actor=request.user, device=device, data=data)
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("The erasure was recorded."))
        return redirect("reuse:device", public_id=device.public_id)
    return render(request, "reuse/erasure_form.html", {"device": device, "form": form}, status=form_status(form))


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(name)
    return response


@organisation_required(can_view_reuse)
def certificate_device(request, public_id):
    device = selectors.get_triage_device_for(request.organisation, public_id)
    pdf = certificate_pdf(organisation=request.organisation, devices=[device], issued_by=request.user)
    code = device.asset_tag or device.serial_number or str(device.public_id)[:8]
    return _pdf_response(pdf, f"erasure-certificate-{code}.pdf")


@organisation_required(can_view_reuse)
def certificate_selection(request):
    """One certificate for the devices selected in the triage queue (a lot)."""
    devices, missing = selectors.devices_by_public_ids(
        organisation=request.organisation, public_ids=_selected_ids(request)
    )
    error = ""
    if missing:
        error = _("Some selected devices do not exist; select them again.")
    elif not devices:
        error = _("Select the devices of the certificate.")
    elif len(devices) > MAX_CERTIFICATE_DEVICES:
        error = _("One certificate holds at most %(max)d devices: select fewer.") % {"max": MAX_CERTIFICATE_DEVICES}
    if error:
        return render(request, "reuse/certificate_error.html", {"error": error}, status=400)
    pdf = certificate_pdf(organisation=request.organisation, devices=devices, issued_by=request.user)
    return _pdf_response(pdf, f"erasure-certificate-{timezone.localdate().isoformat()}-{len(devices)}.pdf")


@organisation_required(can_record_erasure)
def erasure_import_page(request):
    """Upload a report: a dry run lists each line's outcome; "apply" records the matched lines."""
    form = ErasureImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    context = {"form": form, "report": None, "content": "", "refused": ""}
    if request.method != "POST" or not form.is_valid():
        return render(request, "reuse/erasure_import.html", context, status=form_status(form))
    content = form.content_bytes()
    apply = "apply" in request.POST and not request.FILES
    try:
        report = erasure_import(actor=request.user, organisation=request.organisation, content=content, apply=apply)
    except ErasureImportRefused as refused:
        context["refused"] = " ".join(refused.messages)
        if apply:  # show the dry run again, with the reason nothing was applied
            context["report"] = erasure_import(actor=request.user, organisation=request.organisation, content=content)
        return render(request, "reuse/erasure_import.html", context, status=400)
    if report.applied:
        messages.success(
            request,
            ngettext("%(count)d erasure was recorded.", "%(count)d erasures were recorded.", report.created)
            % {"count": report.created},
        )
        if report.unmatched:
            messages.warning(
                request,
                ngettext(
                    "%(count)d line matched no device and was not recorded.",
                    "%(count)d lines matched no device and were not recorded.",
                    len(report.unmatched),
                )
                % {"count": len(report.unmatched)},
            )
        context.update(report=report)
        return render(request, "reuse/erasure_import.html", context)
    context.update(report=report, content=content.decode("utf-8-sig"))
    return render(request, "reuse/erasure_import.html", context)
