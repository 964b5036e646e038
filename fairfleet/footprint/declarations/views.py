"""Pages of the import of manufacturers' declared footprints: upload, review, apply.

The review is the answer to the upload's POST: the file is read, matched and forgotten, and the page carries
signed proposals (see service.py), so there is no job or stored file to clean up. Reloading the review
without a file brings the upload page back.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.footprint.declarations import service
from fairfleet.footprint.declarations.forms import DeclarationUploadForm, parse_choices
from fairfleet.footprint.declarations.reader import DATASET_NAME, DeclarationFileRefused
from fairfleet.footprint.perms import can_manage_assumptions

UNUSABLE_SHOWN = 100


def _upload_page(request, *, form=None, error="", status=200):
    context = {"form": form or DeclarationUploadForm(), "error": error, "dataset_name": DATASET_NAME}
    return render(request, "footprint/declarations/upload.html", context, status=status)


@organisation_required(can_manage_assumptions)
def declaration_upload(request):
    return _upload_page(request)


@organisation_required(can_manage_assumptions)
def declaration_review(request):
    if request.method != "POST":
        return redirect("footprint:declaration_upload")
    form = DeclarationUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form=form, status=400)
    try:
        check = service.declaration_import_check(
            organisation=request.organisation,
            handle=form.cleaned_data["file"],
            include_declared=form.cleaned_data["include_declared"],
        )
    except DeclarationFileRefused as exc:
        form.add_error("file", exc.message)
        return _upload_page(request, form=form, status=400)
    context = {
        "check": check,
        "unusable": check.unusable[:UNUSABLE_SHOWN],
        "unusable_hidden": max(0, len(check.unusable) - UNUSABLE_SHOWN),
        "dataset_name": DATASET_NAME,
        "file_name": form.cleaned_data["file"].name,
    }
    return render(request, "footprint/declarations/review.html", context)


@require_POST
@organisation_required(can_manage_assumptions)
def declaration_apply(request):
    choices = parse_choices(request.POST.getlist("choice"))
    if not choices:
        return _upload_page(request, error=_("No model was ticked: nothing was applied."), status=400)
    try:
        changed = service.declaration_apply(actor=request.user, organisation=request.organisation, choices=choices)
    except service.DeclarationApplyRefused as exc:
        return _upload_page(request, error=exc.message, status=400)
    messages.success(
        request,
        ngettext(
            "%(count)d declared footprint was set; the fleet's figures are being computed again.",
            "%(count)d declared footprints were set; the fleet's figures are being computed again.",
            changed,
        )
        % {"count": changed},
    )
    return redirect("footprint:declaration_upload")
