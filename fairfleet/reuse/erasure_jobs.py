"""Erasure report imports as jobs, for the page, the API and the command: the file is stored server-side,
checked, then applied from that stored file, in the background for the page.

The reading, matching and recording live in `erasure_import`; this module keeps the file, moves the job
between states (the states of fleet imports) and makes sure that the apply reads the very file that was
checked: same stored file, same SHA-256 digest.
"""

import hashlib
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairfleet.inventory.imports.jobs import file_facts, stored_name
from fairfleet.inventory.models import ImportJobState
from fairfleet.reuse.erasure_import import MAX_BYTES, ErasureImportRefused, erasure_import
from fairfleet.reuse.models import ErasureImportJob
from fairfleet.tenancy.models import Organisation, User

RUNNING = (ImportJobState.UPLOADED, ImportJobState.ANALYSING, ImportJobState.APPLY_QUEUED, ImportJobState.APPLYING)


class ErasureJobRefused(Exception):
    """A request on a job that its state does not allow."""


def erasure_import_job_create(
    *, organisation: Organisation, actor: User | None, handle, name: str, start: bool = True
) -> ErasureImportJob:
    """Store the report and, with `start`, queue its check. A file over the size limit is refused before it
    is stored; every other fault is found by the check."""
    size, sha256 = file_facts(handle, MAX_BYTES)
    if size > MAX_BYTES:
        raise ErasureImportRefused(
            _("The file is larger than %(max)d MB: split it.") % {"max": MAX_BYTES // (1024 * 1024)}, code="too_big"
        )
    name = Path(name or "").name or "erasures"
    job = ErasureImportJob(
        organisation=organisation, created_by=actor, source_name=name[:255], file_size=size, sha256=sha256
    )
    job.file.save(stored_name(name), File(handle), save=False)
    job.save()
    if start:
        from fairfleet.reuse.tasks import erasure_import_check_task

        language = translation.get_language() or ""
        transaction.on_commit(lambda: erasure_import_check_task.enqueue(job.pk, language))
    return job


def _stored_content(job: ErasureImportJob) -> bytes:
    """The job's stored file, refused if it is gone or no longer the file whose digest was taken."""
    if not job.file:
        raise ErasureImportRefused(_("The file of this import is no longer stored: upload it again."), code="gone")
    with job.file.open("rb") as handle:
        content = handle.read(MAX_BYTES + 1)
    if hashlib.sha256(content).hexdigest() != job.sha256:
        raise ErasureImportRefused(
            _("The stored file is not the one that was uploaded: upload it again."), code="digest"
        )
    return content


def _move(job: ErasureImportJob, source: tuple, target: str) -> None:
    """Move the job to `target` only from one of the `source` states, so that no step runs twice."""
    if not ErasureImportJob.objects.filter(pk=job.pk, state__in=source).update(state=target):
        job.refresh_from_db()
        raise ErasureJobRefused(job.state)
    job.state = target


def _finish(job: ErasureImportJob, state: str, report: dict, **fields) -> None:
    job.state, job.report = state, report
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["state", "report", "format", "updated_at", *fields])


def erasure_import_job_check(*, job: ErasureImportJob) -> ErasureImportJob:
    """Read and match the stored file, writing nothing but the job's report. A refused file or a file with
    errors leaves the job refused; a clean one leaves it checked, ready to apply."""
    _move(job, (ImportJobState.UPLOADED,), ImportJobState.ANALYSING)
    try:
        report = erasure_import(actor=None, organisation=job.organisation, content=_stored_content(job))
    except ErasureImportRefused as refused:
        _finish(job, ImportJobState.REFUSED, {"refused": " ".join(refused.messages), "code": refused.code})
        return job
    job.format = report.format
    state = ImportJobState.REFUSED if report.errors else ImportJobState.CHECKED
    _finish(job, state, report.as_dict(), checked_at=timezone.now())
    return job


def erasure_import_job_apply_start(*, job: ErasureImportJob, actor: User | None) -> ErasureImportJob:
    """Queue the apply of a checked job, once: a second click finds it already queued."""
    from fairfleet.reuse.tasks import erasure_import_apply_task

    with transaction.atomic():
        _move(job, (ImportJobState.CHECKED,), ImportJobState.APPLY_QUEUED)
        actor_id, language = (actor.pk if actor else None), translation.get_language() or ""
        transaction.on_commit(lambda: erasure_import_apply_task.enqueue(job.pk, actor_id, language))
    return job


def erasure_import_job_apply(*, job: ErasureImportJob, actor: User | None) -> ErasureImportJob:
    """Record the matched erasures of the stored, checked file in one transaction; the file is then deleted,
    as it names people and devices."""
    _move(job, (ImportJobState.APPLY_QUEUED,), ImportJobState.APPLYING)
    try:
        report = erasure_import(actor=actor, organisation=job.organisation, content=_stored_content(job), apply=True)
    except ErasureImportRefused as refused:
        _finish(
            job, ImportJobState.REFUSED, {**job.report, "refused": " ".join(refused.messages), "code": refused.code}
        )
        return job
    job.file.delete(save=False)
    _finish(job, ImportJobState.APPLIED, report.as_dict(), applied_at=timezone.now(), file=job.file)
    return job


def erasure_import_job_run(*, job: ErasureImportJob, actor: User | None, apply: bool) -> ErasureImportJob:
    """Check and, with `apply` and a clean check, apply now, in this process (the command and the API)."""
    erasure_import_job_check(job=job)
    if apply and job.state == ImportJobState.CHECKED:
        _move(job, (ImportJobState.CHECKED,), ImportJobState.APPLY_QUEUED)
        erasure_import_job_apply(job=job, actor=actor)
    return job


def erasure_import_job_failed(job: ErasureImportJob, exc: Exception) -> None:
    job.state, job.failure = ImportJobState.FAILED, repr(exc)[:2000]
    job.save(update_fields=["state", "failure", "updated_at"])
