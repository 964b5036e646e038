from fairfleet.inventory.imports.tasks import import_apply_task, import_check_task
from fairfleet.inventory.models import Device, ImportJob, ImportJobState
from tests.inventory.imports.test_corpus import make_job


def test_background_check_then_apply(corpus, organisation):
    directory, _expected = corpus
    job = make_job(organisation, directory / "snipeit_export.csv")
    import_check_task.enqueue(job.pk, "nl")
    job = ImportJob.objects.get(pk=job.pk)
    assert job.state == ImportJobState.CHECKED
    assert job.report["new"] == 2
    import_apply_task.enqueue(job.pk, None, "nl")
    job = ImportJob.objects.get(pk=job.pk)
    assert job.state == ImportJobState.APPLIED
    assert Device.objects.get(asset_tag="GENT-0002").external_ids == {"snipeit": "102"}
