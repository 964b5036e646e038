"""Writes of the end of first use. Each is atomic and audited."""

import calendar
import datetime
import logging
from collections.abc import Sequence
from typing import Any

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairfleet.inventory.models import Device, DeviceState
from fairfleet.inventory.services import normalise_code
from fairfleet.reuse.checklists import FAULT, NOT_APPLICABLE, OK, checklist_for, failed_checks
from fairfleet.reuse.models import Assessment, CampaignReminder, CollectionCampaign, ErasureRecord, RoutePolicy
from fairfleet.reuse.routes import Facts, device_age, policy_for, suggest_route
from fairfleet.tenancy.audit import audit_record, model_update, snapshot
from fairfleet.tenancy.models import Membership, Organisation, Role, User

logger = logging.getLogger(__name__)

ASSESSMENT_FIELDS = [
    "checklist",
    "is_functional",
    "grade",
    "battery_health_pct",
    "storage_health",
    "firmware_locked",
    "os_updates_end",
    "holds_protected_data",
    "notes",
]
MAX_BULK_ASSESSMENTS = 500


def _clean_checklist(category_code: str, answers: dict | None) -> dict[str, str]:
    codes = {check.code for check in checklist_for(category_code)}
    cleaned = {}
    for code, answer in (answers or {}).items():
        if code not in codes:
            raise ValidationError({"checklist": _("“%(check)s” is not a check of this category.") % {"check": code}})
        if answer not in (OK, FAULT, NOT_APPLICABLE):
            raise ValidationError({"checklist": _("Answer each check with ok, fault or not applicable.")})
        cleaned[code] = answer
    return cleaned


def _build_assessment(*, actor: User | None, device: Device, data: dict[str, Any]) -> Assessment:
    if device.state != DeviceState.END_OF_USE:
        raise ValidationError(
            _("%(device)s is “%(state)s”: only devices at the end of use are triaged.")
            % {"device": device, "state": device.state_label},
            code="not_end_of_use",
        )
    values = {name: data[name] for name in ASSESSMENT_FIELDS if name in data}
    values["checklist"] = _clean_checklist(device.category.code, values.get("checklist"))
    assessment = Assessment(organisation_id=device.organisation_id, device=device, assessed_by=actor, **values)
    faults = tuple(check.code for check in failed_checks(device.category.code, assessment.checklist))
    age, _source = device_age(device)
    suggestion = suggest_route(
        policy_for(device.organisation),
        Facts(
            is_functional=assessment.is_functional,
            grade=assessment.grade,
            battery_health_pct=assessment.battery_health_pct,
            storage_health=assessment.storage_health,
            firmware_locked=assessment.firmware_locked,
            os_updates_end=assessment.os_updates_end,
            age_years=age,
            faults=faults,
        ),
    )
    assessment.suggested_route = suggestion.route
    assessment.route_reasons = [reason.as_json() for reason in suggestion.reasons]
    assessment.full_clean(exclude=["device", "organisation", "assessed_by"])
    return assessment


def _save_assessment(assessment: Assessment, actor: User | None) -> Assessment:
    assessment.save()
    audit_record(
        organisation=assessment.device.organisation,
        actor=actor,
        action="create",
        instance=assessment,
        after=snapshot(assessment, ["device", *ASSESSMENT_FIELDS, "suggested_route"]),
    )
    return assessment


@transaction.atomic
def assessment_create(*, actor: User | None, device: Device, data: dict[str, Any]) -> Assessment:
    """Record one triage of a device at the end of use, with the route its organisation's rules suggest."""
    device = Device.objects.select_related("organisation", "category", "model").get(pk=device.pk)
    return _save_assessment(_build_assessment(actor=actor, device=device, data=data), actor)


@transaction.atomic
def assessment_bulk_create(
    *, actor: User | None, organisation: Organisation, devices: Sequence[Device], data: dict[str, Any]
) -> list[Assessment]:
    """One assessment for several identical items (same model): all are recorded, or none."""
    if not devices:
        raise ValidationError(_("Select at least one device."), code="empty")
    if len(devices) > MAX_BULK_ASSESSMENTS:
        raise ValidationError(
            _("At most %(max)d devices can be assessed at once.") % {"max": MAX_BULK_ASSESSMENTS}, code="too_many"
        )
    ids = [device.pk for device in devices]
    locked = list(
        Device.objects.select_for_update()
        .select_related("organisation", "category", "model")
        .filter(organisation=organisation, id__in=ids)
        .order_by("id")
    )
    if len(locked) != len(set(ids)):
        raise ValidationError(_("Some selected devices do not belong to this organisation."), code="foreign")
    if len({device.model_id for device in locked}) > 1:
        raise ValidationError(
            _("Assess identical items together: the selected devices are of several models."), code="mixed_models"
        )
    problems = []
    built = []
    for device in locked:
        try:
            built.append(_build_assessment(actor=actor, device=device, data=data))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems[:20], code="refused")
    return [_save_assessment(assessment, actor) for assessment in built]


ERASURE_FIELDS = ["drive_serial", "method", "technique", "tool", "operator", "performed_at", "result",
                  "report_reference"]  # fmt: skip


@transaction.atomic
def erasure_record_create(
    *, actor: User | None, device: Device, data: dict[str, Any], source: str = "web"
) -> ErasureRecord:
    """Record the sanitisation of one storage medium of a device (NIST SP 800-88 outcome)."""
    values = {name: data[name] for name in ERASURE_FIELDS if name in data}
    values["drive_serial"] = normalise_code(values.get("drive_serial", ""))
    performed_at = values.get("performed_at")
    if performed_at is not None and performed_at > timezone.now() + datetime.timedelta(hours=1):
        raise ValidationError({"performed_at": _("The erasure cannot be in the future.")})
    record = ErasureRecord(
        organisation_id=device.organisation_id, device=device, recorded_by=actor, source=source, **values
    )
    record.full_clean(exclude=["device", "organisation", "recorded_by"])
    record.save()
    audit_record(
        organisation=device.organisation,
        actor=actor,
        action="create",
        instance=record,
        after=snapshot(record, ["device", *ERASURE_FIELDS, "source"]),
    )
    return record


POLICY_FIELDS = [
    "redeploy_max_age_years",
    "redeploy_grades",
    "min_battery_pct",
    "network_offers",
    "network_max_age_years",
    "network_grades",
    "donate_max_age_years",
    "donate_grades",
    "sell_max_age_years",
    "sell_grades",
    "storage_alert_days",
]


@transaction.atomic
def route_policy_save(*, actor: User, organisation: Organisation, data: dict[str, Any]) -> RoutePolicy:
    """Create or change the organisation's route rules; the suggestions of later assessments follow them."""
    data = {name: value for name, value in data.items() if name in POLICY_FIELDS}
    for name in ("redeploy_grades", "network_grades", "donate_grades", "sell_grades"):
        if name in data:
            data[name] = "".join(letter for letter in "ABCD" if letter in (data[name] or ""))
    policy = RoutePolicy.objects.select_for_update().filter(organisation=organisation).first()
    if policy is None:
        policy = RoutePolicy(organisation=organisation, updated_by=actor, **data)
        policy.full_clean()
        policy.save()
        audit_record(
            organisation=organisation, actor=actor, action="create", instance=policy,
            after=snapshot(policy, POLICY_FIELDS),
        )  # fmt: skip
        return policy
    policy.updated_by = actor
    model_update(instance=policy, data=data, actor=actor, organisation=organisation)
    return policy


# Campaigns -------------------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = ["site", "name", "recurrence_months", "next_date", "remind_days_before", "notes"]


@transaction.atomic
def campaign_create(*, actor: User, organisation: Organisation, data: dict[str, Any]) -> CollectionCampaign:
    values = {name: data[name] for name in CAMPAIGN_FIELDS if name in data}
    if values.get("site") is not None and values["site"].organisation_id != organisation.pk:
        raise ValidationError({"site": _("Choose a site of this organisation.")})
    campaign = CollectionCampaign(organisation=organisation, created_by=actor, **values)
    campaign.full_clean()
    campaign.save()
    audit_record(
        organisation=organisation, actor=actor, action="create", instance=campaign,
        after=snapshot(campaign, CAMPAIGN_FIELDS),
    )  # fmt: skip
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign: CollectionCampaign, data: dict[str, Any]) -> CollectionCampaign:
    values = {name: data[name] for name in CAMPAIGN_FIELDS if name in data}
    if values.get("site") is not None and values["site"].organisation_id != campaign.organisation_id:
        raise ValidationError({"site": _("Choose a site of this organisation.")})
    model_update(instance=campaign, data=values, actor=actor, organisation=campaign.organisation)
    return campaign


@transaction.atomic
def campaign_archive(*, actor: User, campaign: CollectionCampaign) -> CollectionCampaign:
    if campaign.archived_at is None:
        model_update(
            instance=campaign, data={"archived_at": timezone.now()}, actor=actor, organisation=campaign.organisation
        )
    return campaign


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 January + 1 = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


REMINDER_ROLES = (Role.ADMIN, Role.FLEET_MANAGER, Role.REUSE_COORDINATOR)


class ReminderNotSent(Exception):
    pass


def _send_reminder(campaign: CollectionCampaign, occurs_on: datetime.date) -> tuple[int, int]:
    """(sent, failed) recipients of the reminder."""
    memberships = Membership.objects.filter(
        organisation_id=campaign.organisation_id, is_active=True, role__in=REMINDER_ROLES
    ).select_related("user")
    emails = sorted({m.user.email for m in memberships if m.user.email and m.user.is_active})
    if not emails:
        return 0, 0
    with translation.override(campaign.organisation.language or None):
        subject = _("Collection of retired devices on %(date)s: %(name)s") % {
            "date": occurs_on.isoformat(),
            "name": campaign.name,
        }
        body = _(
            "The collection campaign “%(name)s” takes place on %(date)s at the site %(site)s. "
            "Gather the retired devices in the storage room and check that their data was erased."
        ) % {"name": campaign.name, "date": occurs_on.isoformat(), "site": campaign.site.name}
    # One message per recipient on one connection: an address the server refuses stops no one else.
    sent = failed = 0
    with mail.get_connection() as connection:
        for email in emails:
            try:
                mail.EmailMessage(subject, body, None, [email], connection=connection).send()
                sent += 1
            except Exception:
                # The domain only: the log is no place for members' addresses.
                logger.exception("campaign %s: a reminder to @%s not sent", campaign.pk, email.rpartition("@")[2])
                failed += 1
    if emails and not sent:
        raise ReminderNotSent(campaign.pk)  # record nothing, so that the next run tries again
    return sent, failed


def campaign_reminders_send(*, today: datetime.date | None = None, organisation: Organisation | None = None) -> dict:
    """Move past recurring campaigns to their next date, and send each reminder that is due, once.

    A reminder is due from `remind_days_before` days before the collection until its day. Returns counts
    {"advanced": n, "reminders": n, "recipients": n, "failed_recipients": n, "failed_campaigns": n}: a campaign
    that fails (its mail server, its data) is logged, counted and left for the next run; the others go on.
    """
    today = today or timezone.localdate()
    campaigns = CollectionCampaign.objects.filter(archived_at__isnull=True).select_related("site", "organisation")
    if organisation is not None:
        campaigns = campaigns.filter(organisation=organisation)
    counts = {"advanced": 0, "reminders": 0, "recipients": 0, "failed_recipients": 0, "failed_campaigns": 0}
    for campaign in campaigns.order_by("id"):
        try:
            _remind_campaign(campaign, today, counts)
        except Exception:
            logger.exception("campaign %s of organisation %s: reminder failed", campaign.pk, campaign.organisation_id)
            counts["failed_campaigns"] += 1
    return counts


def _remind_campaign(campaign: CollectionCampaign, today: datetime.date, counts: dict) -> None:
    """Advance one campaign and send its due reminder; counted only once its transaction holds."""
    advanced = reminded = sent = failed = 0
    with transaction.atomic():
        if campaign.is_recurring and campaign.next_date < today:
            next_date = campaign.next_date
            while next_date < today:
                next_date = add_months(next_date, campaign.recurrence_months)
            model_update(
                instance=campaign, data={"next_date": next_date}, actor=None, organisation=campaign.organisation
            )
            advanced = 1
        due_from = campaign.next_date - datetime.timedelta(days=campaign.remind_days_before)
        due = due_from <= today <= campaign.next_date
        if due and not CampaignReminder.objects.filter(campaign=campaign, occurs_on=campaign.next_date).exists():
            try:
                with transaction.atomic():
                    reminder = CampaignReminder.objects.create(
                        organisation_id=campaign.organisation_id, campaign=campaign, occurs_on=campaign.next_date
                    )
            except IntegrityError:  # another worker sent it meanwhile
                reminder = None
            if reminder is not None:
                sent, failed = _send_reminder(campaign, campaign.next_date)
                reminder.recipients = sent
                reminder.save(update_fields=["recipients"])
                audit_record(
                    organisation=campaign.organisation, actor=None, action="remind", instance=campaign,
                    after={"occurs_on": campaign.next_date.isoformat(), "recipients": sent, "failed": failed},
                )  # fmt: skip
                reminded = 1
    counts["advanced"] += advanced
    counts["reminders"] += reminded
    counts["recipients"] += sent
    counts["failed_recipients"] += failed
