"""Background runs of the import service, for files too large to check or apply during a request."""

from django.utils import translation
from django_tasks import task

from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.models import ImportJob, ImportJobState
from fairfleet.tenancy.models import User


def _failed(job: ImportJob, exc: Exception) -> None:
    job.state, job.failure = ImportJobState.FAILED, repr(exc)[:2000]
    job.save(update_fields=["state", "failure", "updated_at"])


@task()
def import_check_task(job_id: int, language: str = "") -> None:
    """Check the job's file; the report is written on the job, in the language of the user who asked."""
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    with translation.override(language or job.organisation.language):
        try:
            import_check(job=job)
        except Exception as exc:  # a crash must show on the job page, not only in the worker's log
            _failed(job, exc)
            raise


@task()
def import_apply_task(job_id: int, actor_id: int | None = None, language: str = "") -> None:
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    actor = User.objects.get(pk=actor_id) if actor_id else None
    with translation.override(language or job.organisation.language):
        try:
            import_apply(actor=actor, job=job)
        except Exception as exc:
            _failed(job, exc)
            raise
