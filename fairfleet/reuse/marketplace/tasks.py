"""Background release of reservations past their expiry."""

from django_tasks import task

from fairfleet.reuse.marketplace.services import reservations_expire_overdue


@task()
def expire_reservations_task() -> int:
    return reservations_expire_overdue()
