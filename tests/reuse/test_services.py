import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse import services
from fairfleet.reuse.checklists import GENERIC, checklist_for
from fairfleet.reuse.models import Assessment, CampaignReminder, ErasureRecord, RoutePolicy
from fairfleet.reuse.workflows import donation_refusal, leave_refusal
from fairfleet.tenancy.models import AuditEntry
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.reuse.factories import AssessmentFactory, CollectionCampaignFactory, ErasureRecordFactory
from tests.tenancy.factories import MembershipFactory, UserFactory

DATA = {"is_functional": True, "grade": "A", "battery_health_pct": 90, "storage_health": "good"}


def _retired(organisation, **kwargs):
    return DeviceFactory(organisation=organisation, state=DeviceState.END_OF_USE, **kwargs)


def test_checklists_per_category():
    assert "keyboard" in {check.code for check in checklist_for("laptop")}
    assert "prints" in {check.code for check in checklist_for("printer")}
    assert checklist_for("furniture") == GENERIC
    assert checklist_for("") == GENERIC


def test_assessment_create_stores_the_route_and_audits(organisation):
    device = _retired(organisation, acquisition_date=timezone.localdate() - datetime.timedelta(days=400))
    user = UserFactory()
    assessment = services.assessment_create(
        actor=user, device=device, data={**DATA, "checklist": {"powers_on": "ok", "keyboard": "fault"}}
    )
    assert assessment.suggested_route == "redeploy"
    assert "another service can use it" in assessment.route_reason_text
    entry = AuditEntry.objects.get(object_type="reuse.assessment")
    assert entry.actor == user
    assert entry.after["grade"] == "A"


def test_assessment_refuses_unknown_checks(organisation):
    device = _retired(organisation)
    with pytest.raises(ValidationError) as error:
        services.assessment_create(actor=None, device=device, data={**DATA, "checklist": {"toner": "ok"}})
    assert "checklist" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.assessment_create(actor=None, device=device, data={**DATA, "checklist": {"screen": "maybe"}})
    assert not Assessment.objects.exists()


def test_assessment_refuses_bad_battery(organisation):
    with pytest.raises(ValidationError):
        services.assessment_create(actor=None, device=_retired(organisation), data={**DATA, "battery_health_pct": 101})


def test_bulk_is_atomic(organisation):
    model = DeviceModelFactory(organisation=organisation)
    retired = [_retired(organisation, model=model) for _ in range(2)]
    in_use = DeviceFactory(organisation=organisation, model=model)
    with pytest.raises(ValidationError) as error:
        services.assessment_bulk_create(actor=None, organisation=organisation, devices=[*retired, in_use], data=DATA)
    assert "only devices at the end of use" in " ".join(error.value.messages)
    assert not Assessment.objects.exists()
    created = services.assessment_bulk_create(actor=None, organisation=organisation, devices=retired, data=DATA)
    assert len(created) == 2
    assert AuditEntry.objects.filter(object_type="reuse.assessment").count() == 2


def test_bulk_refuses_foreign_devices_and_mixed_models(organisation, other_organisation):
    foreign = _retired(other_organisation)
    with pytest.raises(ValidationError):
        services.assessment_bulk_create(actor=None, organisation=organisation, devices=[foreign], data=DATA)
    with pytest.raises(ValidationError, match="several models"):
        services.assessment_bulk_create(
            actor=None, organisation=organisation, devices=[_retired(organisation), _retired(organisation)], data=DATA
        )
    with pytest.raises(ValidationError):
        services.assessment_bulk_create(actor=None, organisation=organisation, devices=[], data=DATA)


def test_erasure_in_the_future_is_refused(organisation):
    device = _retired(organisation)
    with pytest.raises(ValidationError) as error:
        services.erasure_record_create(
            actor=None,
            device=device,
            data={"method": "clear", "operator": "X", "result": "passed",
                  "performed_at": timezone.now() + datetime.timedelta(days=2)},
        )  # fmt: skip
    assert "performed_at" in error.value.message_dict
    assert not ErasureRecord.objects.exists()


def test_leave_and_donation_refusals(organisation):
    device = _retired(organisation)
    assert leave_refusal(device).code == "erasure_missing"
    ErasureRecordFactory(device=device, organisation=organisation)
    assert leave_refusal(device) is None
    AssessmentFactory(device=device, organisation=organisation, firmware_locked=True)
    assert donation_refusal(device).code == "firmware_locked"
    failed = _retired(organisation)
    ErasureRecordFactory(device=failed, organisation=organisation, result="failed")
    assert leave_refusal(failed).code == "erasure_missing"
    destroyed = _retired(organisation)
    ErasureRecordFactory(device=destroyed, organisation=organisation, result="not_verified", method="destroy")
    assert leave_refusal(destroyed) is None


def test_route_policy_save_creates_then_updates_with_audit(organisation):
    user = UserFactory()
    policy = services.route_policy_save(actor=user, organisation=organisation, data={"redeploy_grades": "BA"})
    assert policy.redeploy_grades == "AB"
    services.route_policy_save(actor=user, organisation=organisation, data={"storage_alert_days": 30})
    assert RoutePolicy.objects.get(organisation=organisation).storage_alert_days == 30
    actions = sorted(AuditEntry.objects.filter(object_type="reuse.routepolicy").values_list("action", flat=True))
    assert actions == ["create", "update"]
    with pytest.raises(ValidationError):
        services.route_policy_save(actor=user, organisation=organisation, data={"storage_alert_days": 0})


def test_policy_changes_the_next_suggestions(organisation):
    device = _retired(organisation, acquisition_date=timezone.localdate() - datetime.timedelta(days=400))
    assert services.assessment_create(actor=None, device=device, data=DATA).suggested_route == "redeploy"
    services.route_policy_save(
        actor=None, organisation=organisation, data={"redeploy_grades": "", "network_offers": False}
    )
    assert services.assessment_create(actor=None, device=device, data=DATA).suggested_route == "donate"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 1), 12, datetime.date(2027, 12, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert services.add_months(day, months) == expected


def test_reminders_are_sent_once_to_the_acting_members(organisation):
    MembershipFactory(organisation=organisation, role="reuse_coordinator", user=UserFactory(email="coord@example.org"))
    MembershipFactory(organisation=organisation, role="viewer", user=UserFactory(email="viewer@example.org"))
    today = datetime.date(2026, 11, 27)
    campaign = CollectionCampaignFactory(organisation=organisation, next_date=today + datetime.timedelta(days=5))
    CollectionCampaignFactory(organisation=organisation, next_date=today + datetime.timedelta(days=30))
    counts = services.campaign_reminders_send(today=today)
    assert counts["reminders"] == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["coord@example.org"]
    assert campaign.name in mail.outbox[0].subject
    assert services.campaign_reminders_send(today=today)["reminders"] == 0
    assert CampaignReminder.objects.get().recipients == 1


def test_recurring_campaigns_move_to_their_next_date(organisation):
    today = datetime.date(2026, 11, 27)
    recurring = CollectionCampaignFactory(
        organisation=organisation, next_date=datetime.date(2026, 5, 1), recurrence_months=3
    )
    one_off = CollectionCampaignFactory(
        organisation=organisation, next_date=datetime.date(2026, 5, 1), recurrence_months=0
    )
    counts = services.campaign_reminders_send(today=today)
    recurring.refresh_from_db()
    one_off.refresh_from_db()
    assert recurring.next_date == datetime.date(2027, 2, 1)
    assert one_off.next_date == datetime.date(2026, 5, 1)
    assert counts["advanced"] == 1


def test_archived_campaigns_send_nothing(organisation):
    today = timezone.localdate()
    CollectionCampaignFactory(organisation=organisation, next_date=today, archived_at=timezone.now())
    assert services.campaign_reminders_send(today=today)["reminders"] == 0


def test_reminder_command_and_task(organisation):
    from fairfleet.reuse.tasks import campaign_reminders_task

    MembershipFactory(organisation=organisation, role="admin")
    CollectionCampaignFactory(organisation=organisation, next_date=timezone.localdate() + datetime.timedelta(days=1))
    out = StringIO()
    call_command("reuse_reminders", "--json", stdout=out)
    assert json.loads(out.getvalue())["reminders"] == 1
    CollectionCampaignFactory(organisation=organisation, next_date=timezone.localdate() + datetime.timedelta(days=2))
    result = campaign_reminders_task.enqueue()
    assert result.return_value["reminders"] == 1


def test_one_refused_address_stops_no_other_reminder(organisation, other_organisation, settings):
    from tests.reuse.mail_backends import REFUSED, sent_to

    settings.EMAIL_BACKEND = "tests.reuse.mail_backends.RefusingBackend"
    today = datetime.date(2026, 11, 27)
    soon = today + datetime.timedelta(days=3)
    MembershipFactory(organisation=organisation, role="admin", user=UserFactory(email=REFUSED))
    MembershipFactory(organisation=organisation, role="admin", user=UserFactory(email="a@example.org"))
    MembershipFactory(organisation=other_organisation, role="admin", user=UserFactory(email="b@example.org"))
    first = CollectionCampaignFactory(organisation=organisation, next_date=soon)
    second = CollectionCampaignFactory(organisation=organisation, next_date=soon)
    other = CollectionCampaignFactory(organisation=other_organisation, next_date=soon)
    counts = services.campaign_reminders_send(today=today)
    assert sent_to() == ["a@example.org", "a@example.org", "b@example.org"]
    assert counts["reminders"] == 3
    assert counts["recipients"] == 3
    assert counts["failed_recipients"] == 2
    assert {r.campaign_id: r.recipients for r in CampaignReminder.objects.all()} == {
        first.id: 1,
        second.id: 1,
        other.id: 1,
    }


def test_a_campaign_nobody_received_is_tried_again(organisation, other_organisation, settings):
    from tests.reuse.mail_backends import REFUSED, sent_to

    settings.EMAIL_BACKEND = "tests.reuse.mail_backends.RefusingBackend"
    today = timezone.localdate()  # the command runs today
    soon = today + datetime.timedelta(days=3)
    MembershipFactory(organisation=organisation, role="admin", user=UserFactory(email=REFUSED))
    MembershipFactory(organisation=other_organisation, role="admin", user=UserFactory(email="b@example.org"))
    failing = CollectionCampaignFactory(organisation=organisation, next_date=soon)
    CollectionCampaignFactory(organisation=other_organisation, next_date=soon)
    out = StringIO()
    call_command("reuse_reminders", "--json", stdout=out)
    counts = json.loads(out.getvalue())
    assert counts["reminders"] == 1
    assert counts["failed_campaigns"] == 1
    assert sent_to() == ["b@example.org"]
    # Nothing recorded for the failed campaign: the next run sends it.
    assert not CampaignReminder.objects.filter(campaign=failing).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.campaign_reminders_send(today=today)["reminders"] == 1
    assert CampaignReminder.objects.get(campaign=failing).recipients == 1
