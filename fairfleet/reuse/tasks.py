"""Background work of the reuse app."""

from django_tasks import task

from fairfleet.reuse.services import campaign_reminders_send


@task()
def campaign_reminders_task() -> dict:
    """Send the collection campaign reminders that are due; enqueue it daily, or run `reuse_reminders`."""
    return campaign_reminders_send()
