"""Pages of fleet imports: upload, the job page that follows the background check and apply, and its report.

The job page polls a fragment with htmx while the worker runs; the fragment is the same template the page
includes, so a patched page and a fresh one are the same. Without JavaScript, a link reloads the page.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import csv_response
from fairfleet.core.forms import form_status
from fairfleet.inventory.imports import jobs, selectors
from fairfleet.inventory.imports.forms import ColumnMappingForm, ImportUploadForm, SnipeitForm
from fairfleet.inventory.imports.messages import localised_errors
from fairfleet.inventory.imports.presets import PRESETS
from fairfleet.inventory.imports.readers import ImportRefused
from fairfleet.inventory.imports.snipeit import import_job_from_snipeit
from fairfleet.inventory.models import ImportJobState
from fairfleet.inventory.perms import can_import_devices, can_view_devices

ERRORS_SHOWN = 100
LIST_LENGTH = 100
UNUSED_COLUMN = gettext_lazy("This column fills no field: its values are not imported.")
TOTALS_LINE = gettext_lazy("A totals line: skipped.")


@organisation_required(can_view_devices)
def import_list(request):
    context = {
        "jobs": selectors.import_jobs_for(request.organisation)[:LIST_LENGTH],
        "mappings": selectors.column_mappings_for(request.organisation),
        "can_import": can_import_devices(request.membership),
    }
    return render(request, "inventory/imports/list.html", context)


def _upload_page(request, *, form=None, snipeit_form=None, status=200):
    context = {
        "form": form or ImportUploadForm(organisation=request.organisation),
        "snipeit_form": snipeit_form or SnipeitForm(),
    }
    return render(request, "inventory/imports/upload.html", context, status=status)


@organisation_required(can_import_devices)
def import_create(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            job = jobs.import_job_create(
                organisation=request.organisation,
                actor=request.user,
                handle=upload,
                name=upload.name,
                preset=data["preset"],
                sheet=data["sheet"],
                header_row=data["header_row"],
                columns=data["mapping"].columns if data["mapping"] else None,
            )
        except ImportRefused as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("inventory:import_detail", public_id=job.public_id)
    return _upload_page(request, form=form, status=form_status(form))


@require_POST
@organisation_required(can_import_devices)
def import_snipeit(request):
    """Read a Snipe-IT server during the request (a snapshot of its assets), then check it in the background."""
    form = SnipeitForm(request.POST)
    if form.is_valid():
        try:
            job = import_job_from_snipeit(
                organisation=request.organisation,
                actor=request.user,
                url=form.cleaned_data["url"],
                token=form.cleaned_data["token"],
            )
        except ImportRefused as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("inventory:import_detail", public_id=job.public_id)
    return _upload_page(request, snipeit_form=form, status=400)


# Every key the job page reads, so that an early or refused report renders like a full one.
_REPORT_DEFAULTS = {"new": 0, "updated": 0, "unchanged": 0, "rejected": 0, "errors": [], "error_count": 0,
                    "refused": False, "new_models": [], "new_model_count": 0, "new_services": [], "new_sites": [],
                    "new_people_count": 0, "columns": [], "preset": "", "unused_columns": [], "skipped": [],
                    "header_row": None, "sheet": "", "sheets": []}  # fmt: skip


def _panel_context(request, job, *, mapping_form=None):
    report = {**_REPORT_DEFAULTS, **(job.report or {})}
    report["errors"] = localised_errors(report["errors"][:ERRORS_SHOWN])
    preset = PRESETS.get(report["preset"])
    can_import = can_import_devices(request.membership)
    errors = report["errors"]
    columns = report["columns"]
    if mapping_form is None and can_import and columns and job.state in jobs.REMAPPABLE:
        initial = {"preset": job.preset or report["preset"], "sheet": report["sheet"], "header_row": job.header_row}
        mapping_form = ColumnMappingForm(columns=columns, sheets=report["sheets"], initial=initial)
    return {
        "job": job,
        "report": report,
        "has_report": bool(job.report),
        "preset_label": preset.label if preset else "",
        "errors": errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, report["error_count"] - ERRORS_SHOWN),
        "running": job.state in jobs.RUNNING,
        "can_import": can_import,
        "can_apply": can_import and job.state == ImportJobState.CHECKED,
        "can_cancel": can_import and job.state in jobs.CANCELLABLE,
        "mapping_form": mapping_form,
        "is_applied": job.state == ImportJobState.APPLIED,
    }


@organisation_required(can_view_devices)
def import_detail(request, public_id):
    job = selectors.get_import_job_for(request.organisation, public_id)
    return render(request, "inventory/imports/detail.html", _panel_context(request, job))


@organisation_required(can_view_devices)
def import_panel(request, public_id):
    """The part of the job page that changes while the worker runs: htmx polls it."""
    job = selectors.get_import_job_for(request.organisation, public_id)
    return render(request, "inventory/imports/includes/panel.html", _panel_context(request, job))


@require_POST
@organisation_required(can_import_devices)
def import_apply(request, public_id):
    job = selectors.get_import_job_for(request.organisation, public_id)
    try:
        jobs.import_job_apply_start(job=job, actor=request.user)
    except jobs.ImportJobRefused:
        messages.error(request, _("This import cannot be applied in its current state: %(state)s.") % _state(job))
    else:
        messages.success(request, _("The import is being applied; this page follows its progress."))
    return redirect("inventory:import_detail", public_id=job.public_id)


@require_POST
@organisation_required(can_import_devices)
def import_remap(request, public_id):
    job = selectors.get_import_job_for(request.organisation, public_id)
    report = job.report or {}
    form = ColumnMappingForm(request.POST, columns=report.get("columns") or [], sheets=report.get("sheets") or [])
    if form.is_valid():
        data = form.cleaned_data
        try:
            jobs.import_job_remap(
                job=job,
                actor=request.user,
                columns=form.mapping(),
                preset=data["preset"],
                sheet=data.get("sheet", ""),
                header_row=data["header_row"],
                save_as=data["save_as"],
            )
        except jobs.ImportJobRefused:
            form.add_error(None, _("This import cannot be read again in its current state: %(state)s.") % _state(job))
        except ImportRefused as exc:
            form.add_error("preset", exc.message)
        else:
            messages.success(request, _("The file is being checked again with these columns."))
            return redirect("inventory:import_detail", public_id=job.public_id)
    context = _panel_context(request, job, mapping_form=form)
    return render(request, "inventory/imports/detail.html", context, status=400)


@require_POST
@organisation_required(can_import_devices)
def import_cancel(request, public_id):
    job = selectors.get_import_job_for(request.organisation, public_id)
    try:
        jobs.import_job_cancel(job=job, actor=request.user)
    except jobs.ImportJobRefused:
        messages.error(request, _("This import cannot be cancelled in its current state: %(state)s.") % _state(job))
    else:
        messages.success(request, _("The import was cancelled and its file deleted."))
    return redirect("inventory:import_detail", public_id=job.public_id)


@organisation_required(can_view_devices)
def import_errors_csv(request, public_id):
    """Every reported error as a spreadsheet, to fix the file line by line."""
    job = selectors.get_import_job_for(request.organisation, public_id)
    report = job.report or {}
    header = [_("Line"), _("Column"), _("Value"), _("Code"), _("Problem")]
    errors = localised_errors(report.get("errors", []))
    rows = [[e["line"], e["column"], e["value"], e["code"], e["message"]] for e in errors]
    # What the check left aside on purpose, so that the list says everything the import will not write.
    rows += [["", c["title"], "", "unused_column", str(UNUSED_COLUMN)] for c in report.get("unused_columns", [])]
    rows += [[s["line"], "", s["value"], s["code"], str(TOTALS_LINE)] for s in report.get("skipped", [])]
    return csv_response(f"import-errors-{job.public_id}.csv", header, rows)


def _state(job) -> dict:
    job.refresh_from_db(fields=["state"])
    return {"state": job.get_state_display()}
