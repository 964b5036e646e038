"""Erasure records, certificates and the import of erasure tools' reports."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import attachment_disposition
from fairfleet.core.forms import NOT_SAVED, form_status, submit_form
from fairfleet.inventory.models import ImportJobState
from fairfleet.reuse import selectors, services
from fairfleet.reuse.certificates import MAX_CERTIFICATE_DEVICES, certificate_pdf
from fairfleet.reuse.erasure_import import ErasureImportRefused
from fairfleet.reuse.erasure_jobs import (
    RUNNING,
    ErasureJobRefused,
    erasure_import_job_apply_start,
    erasure_import_job_create,
)
from fairfleet.reuse.forms import ErasureImportForm, ErasureRecordForm
from fairfleet.reuse.perms import can_record_erasure, can_view_reuse
from fairfleet.reuse.views.triage import _selected_ids

LINES_SHOWN = 500


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
    """Upload a report: it is stored and checked in the background; its job page shows the check."""
    form = ErasureImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = erasure_import_job_create(
                organisation=request.organisation, actor=request.user, handle=upload, name=upload.name
            )
        except ErasureImportRefused as refused:
            form.add_error("file", " ".join(refused.messages))
        else:
            return redirect("reuse:erasure_import_job", public_id=job.public_id)
    return render(request, "reuse/erasure_import.html", {"form": form}, status=form_status(form))


@organisation_required(can_record_erasure)
def erasure_import_job_page(request, public_id):
    job = selectors.get_erasure_import_job_for(request.organisation, public_id)
    report = job.report or {}
    lines = report.get("lines", [])
    context = {
        "job": job,
        "report": report,
        "lines": lines[:LINES_SHOWN],
        "lines_hidden": max(0, len(lines) - LINES_SHOWN),
        "running": job.state in RUNNING,
        "can_apply": job.state == ImportJobState.CHECKED and report.get("matched"),
    }
    return render(request, "reuse/erasure_import_job.html", context)


@require_POST
@organisation_required(can_record_erasure)
def erasure_import_job_apply_view(request, public_id):
    """Apply the job's stored file; anything posted with the request is ignored."""
    job = selectors.get_erasure_import_job_for(request.organisation, public_id)
    try:
        erasure_import_job_apply_start(job=job, actor=request.user)
    except ErasureJobRefused:
        messages.error(request, _("This import cannot be applied in its present state."))
    return redirect("reuse:erasure_import_job", public_id=job.public_id)
