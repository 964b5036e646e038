"""Import jobs for the page, the API and the command: created from a file, checked and applied in the background.

The check and the apply themselves live in `service`; this module creates jobs, queues their tasks and moves
them between states, so that a job is never queued twice for the same step.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.db import transaction
from django.utils import translation
from django.utils.text import get_valid_filename

from fairfleet.inventory.imports.presets import PRESETS, TARGET_FIELDS
from fairfleet.inventory.imports.readers import ImportRefused, detect_format
from fairfleet.inventory.imports.spill import discard as discard_spill
from fairfleet.inventory.models import ColumnMapping, ImportJob, ImportJobState
from fairfleet.tenancy.audit import audit_record
from fairfleet.tenancy.models import Organisation, User

# A job in these states may be mapped again and checked again; past them the file is spent or gone.
REMAPPABLE = (ImportJobState.CHECKED, ImportJobState.REFUSED, ImportJobState.FAILED)
CANCELLABLE = (ImportJobState.UPLOADED, ImportJobState.CHECKED, ImportJobState.REFUSED, ImportJobState.FAILED)
MAX_FILE_NAME = 60
MAX_SUFFIX = 8
RUNNING = (ImportJobState.UPLOADED, ImportJobState.ANALYSING, ImportJobState.APPLY_QUEUED, ImportJobState.APPLYING)


class ImportJobRefused(Exception):
    """A request on a job that its state does not allow; the message is translated."""


def _language() -> str:
    return translation.get_language() or ""


def file_facts(handle, limit: int) -> tuple[int, str]:
    """An upload's size and sha256; reading stops past `limit`, where the size alone refuses the file."""
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
        if size > limit:
            break
    handle.seek(0)
    return size, digest.hexdigest()


def clean_columns(columns: dict | None) -> dict[str, str]:
    """A mapping {column title: field or ""}, with unknown fields refused."""
    if not columns:
        return {}
    if not isinstance(columns, dict):
        raise ValueError("columns")
    cleaned = {}
    for title, target in columns.items():
        if not isinstance(title, str) or not isinstance(target, str) or (target and target not in TARGET_FIELDS):
            raise ValueError(str(title))
        cleaned[title[:255]] = target
    return cleaned


MAX_HEADER_ROW = 1000


def clean_header_row(header_row: int | None) -> int | None:
    """The header's row number, 1-based, or None to let the check find it."""
    if header_row in (None, ""):
        return None
    if isinstance(header_row, bool) or not isinstance(header_row, int) or not 1 <= header_row <= MAX_HEADER_ROW:
        raise ValueError("header_row")
    return header_row


def import_job_create(
    *,
    organisation: Organisation,
    actor: User | None,
    handle,
    name: str,
    preset: str = "",
    sheet: str = "",
    header_row: int | None = None,
    columns: dict | None = None,
    start: bool = True,
) -> ImportJob:
    """Store the file and, with `start`, queue its check. A file over the size limit is refused before it is
    stored; every other fault of the file is found by the check and shown in its report."""
    if preset and preset not in PRESETS:
        raise ImportRefused("unknown_preset", preset=preset)
    size, sha256 = file_facts(handle, settings.MAX_UPLOAD_BYTES)
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImportRefused("too_large", limit=max(1, settings.MAX_UPLOAD_BYTES // (1024 * 1024)))
    name = Path(name or "").name or "import"
    job = ImportJob(
        organisation=organisation,
        created_by=actor,
        source_name=name[:255],
        file_size=size,
        sha256=sha256,
        format=_format(handle, name),
        preset=preset,
        sheet=sheet[:120],
        header_row=clean_header_row(header_row),
        columns=clean_columns(columns),
    )
    job.file.save(stored_name(name), File(handle), save=False)
    job.save()
    if start:
        import_job_check_start(job=job)
    return job


def stored_name(name: str) -> str:
    """The file's name on disk: short enough for the file field (100 characters with its "imports/yyyy/mm/"
    folder) and storable; the job keeps the name as given for display."""
    path = Path(name)
    suffix = path.suffix if len(path.suffix) <= MAX_SUFFIX else ""
    stem = path.name[: len(path.name) - len(suffix)] if suffix else path.name
    try:
        return get_valid_filename(stem[: MAX_FILE_NAME - len(suffix)] + suffix)
    except SuspiciousFileOperation:
        return f"import{suffix}" if suffix.isascii() and suffix[1:].isalnum() else "import"


def _format(handle, name: str) -> str:
    head = handle.read(8)
    handle.seek(0)
    try:
        return detect_format(Path(name), head=head)
    except ImportRefused:
        return "xlsx"  # a workbook name on something else: the check refuses it with its report


def import_job_check_start(*, job: ImportJob) -> None:
    from fairfleet.inventory.imports.tasks import import_check_task

    transaction.on_commit(lambda: import_check_task.enqueue(job.pk, _language()))


def import_job_remap(
    *,
    job: ImportJob,
    actor: User | None,
    columns: dict,
    preset: str = "",
    sheet: str = "",
    header_row: int | None = None,
    save_as: str = "",
) -> ImportJob:
    """Read the file again with another column mapping (and preset, sheet or header row); optionally keep the
    mapping under a name for the next files of the same shape. The check is queued again."""
    if job.state not in REMAPPABLE:
        raise ImportJobRefused(job.state)
    if preset and preset not in PRESETS:
        raise ImportRefused("unknown_preset", preset=preset)
    columns = clean_columns(columns)
    header_row = clean_header_row(header_row)
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, state__in=REMAPPABLE).update(
            state=ImportJobState.UPLOADED, columns=columns, preset=preset, sheet=sheet[:120], header_row=header_row,
            report={}, progress=0,
        )  # fmt: skip
        if not changed:
            raise ImportJobRefused(job.state)
        if save_as:
            column_mapping_save(organisation=job.organisation, actor=actor, name=save_as, columns=columns)
        job.refresh_from_db()
        import_job_check_start(job=job)
    return job


def import_job_apply_start(*, job: ImportJob, actor: User | None) -> ImportJob:
    """Queue the apply of a checked job, once: a second click finds the job already queued."""
    from fairfleet.inventory.imports.tasks import import_apply_task

    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.CHECKED).update(
            state=ImportJobState.APPLY_QUEUED, progress=0
        )
        if not changed:
            raise ImportJobRefused(job.state)
        actor_id, language = (actor.pk if actor else None), _language()
        transaction.on_commit(lambda: import_apply_task.enqueue(job.pk, actor_id, language))
    job.refresh_from_db()
    return job


def import_job_cancel(*, job: ImportJob, actor: User | None) -> ImportJob:
    """Drop a job that was not applied; its file is deleted, as it may hold personal data."""
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, state__in=CANCELLABLE).update(state=ImportJobState.CANCELLED)
        if not changed:
            raise ImportJobRefused(job.state)
        job.refresh_from_db()
        if job.file:
            job.file.delete(save=False)
            job.save(update_fields=["file", "updated_at"])
        discard_spill(job)  # the rows its check kept, personal data too
        audit_record(organisation=job.organisation, actor=actor, action="cancel", instance=job)
    return job


def column_mapping_save(*, organisation: Organisation, actor: User | None, name: str, columns: dict) -> ColumnMapping:
    """Create the named mapping, or replace the columns of the one that has this name."""
    mapping, created = ColumnMapping.objects.update_or_create(
        organisation=organisation,
        name=name.strip()[:120],
        defaults={"columns": clean_columns(columns), "archived_at": None},
        create_defaults={"columns": clean_columns(columns), "created_by": actor},
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create" if created else "update",
        instance=mapping,
        after={"columns": mapping.columns},
    )
    return mapping
