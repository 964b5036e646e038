"""Background work of the reuse app."""

from django.utils import translation
from django_tasks import task

from fairfleet.reuse.services import campaign_reminders_send


@task()
def campaign_reminders_task() -> dict:
    """Send the collection campaign reminders that are due; enqueue it daily, or run `reuse_reminders`."""
    return campaign_reminders_send()


def _job(job_id: int):
    from fairfleet.reuse.models import ErasureImportJob

    return ErasureImportJob.objects.select_related("organisation").get(pk=job_id)


@task()
def erasure_import_check_task(job_id: int, language: str = "") -> None:
    """Check an erasure report's stored file; the report is written on the job, in the asker's language."""
    from fairfleet.reuse.erasure_jobs import ErasureJobRefused, erasure_import_job_check, erasure_import_job_failed

    job = _job(job_id)
    with translation.override(language or job.organisation.language):
        try:
            erasure_import_job_check(job=job)
        except ErasureJobRefused:
            return  # queued twice: the first run did the work
        except Exception as exc:  # a crash must show on the job page, not only in the worker's log
            erasure_import_job_failed(job, exc)
            raise


@task()
def erasure_import_apply_task(job_id: int, actor_id: int | None = None, language: str = "") -> None:
    from fairfleet.reuse.erasure_jobs import ErasureJobRefused, erasure_import_job_apply, erasure_import_job_failed
    from fairfleet.tenancy.models import User

    job = _job(job_id)
    actor = User.objects.get(pk=actor_id) if actor_id else None
    with translation.override(language or job.organisation.language):
        try:
            erasure_import_job_apply(job=job, actor=actor)
        except ErasureJobRefused:
            return
        except Exception as exc:
            erasure_import_job_failed(job, exc)
            raise
