"""Background computation of the fleet's footprint figures."""

from django_tasks import task

from fairfleet.footprint.services import fleet_snapshot_compute
from fairfleet.tenancy.models import Organisation


@task()
def fleet_snapshot_task(organisation_id: int) -> None:
    fleet_snapshot_compute(organisation=Organisation.objects.get(pk=organisation_id))
