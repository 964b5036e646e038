"""Writes of physical audits: campaigns, scans and the corrections they lead to. Atomic and audited."""

import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fairfleet.core.messages import Message
from fairfleet.inventory.audits import selectors
from fairfleet.inventory.audits.workflows import campaign_transition_refusal
from fairfleet.inventory.models import (
    AuditCampaign,
    AuditCampaignState,
    AuditScan,
    CosmeticGrade,
    Device,
    DeviceCondition,
    DeviceState,
)
from fairfleet.inventory.services import TransitionRequest, device_bulk_transition, device_update, normalise_code
from fairfleet.inventory.workflows import refuse
from fairfleet.tenancy.audit import audit_record, snapshot
from fairfleet.tenancy.models import Organisation, Site, User

CAMPAIGN_FIELDS = ["name", "site", "state", "closed_at", "applied_at"]
SCAN_FIELDS = ["code", "device", "condition", "grade", "notes"]


@transaction.atomic
def audit_campaign_create(*, actor: User | None, organisation: Organisation, site: Site, name: str) -> AuditCampaign:
    if site.organisation_id != organisation.id or site.archived_at is not None:
        raise ValidationError({"site": _("Choose an active site of this organisation.")})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the campaign a name.")})
    campaign = AuditCampaign(organisation=organisation, site=site, name=name, created_by=actor)
    campaign.full_clean()
    campaign.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=campaign,
        after=snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


def _lock(campaign: AuditCampaign) -> AuditCampaign:
    """Scans and steps of one campaign run one after the other: a device is never counted twice."""
    return AuditCampaign.objects.select_for_update().select_related("organisation", "site").get(pk=campaign.pk)


def _check_step(campaign: AuditCampaign, to_state: str) -> None:
    refuse(campaign_transition_refusal(from_state=campaign.state, to_state=to_state))


def _set_state(campaign: AuditCampaign, to_state: str, *, actor: User | None, **fields) -> None:
    before = snapshot(campaign, ["state", *fields])
    campaign.state = to_state
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=["state", *fields])
    audit_record(
        organisation=campaign.organisation,
        actor=actor,
        action="transition",
        instance=campaign,
        before=before,
        after=snapshot(campaign, ["state", *fields]),
    )


@transaction.atomic
def audit_campaign_transition(*, actor: User | None, campaign: AuditCampaign, to_state: str) -> AuditCampaign:
    """Close, reopen or cancel a campaign; applying goes through audit_campaign_apply."""
    campaign = _lock(campaign)
    _check_step(campaign, to_state)
    if to_state == AuditCampaignState.APPLIED:
        raise ValidationError(_("Apply the corrections to finish the campaign."), code="apply_required")
    extra = {}
    if to_state == AuditCampaignState.CLOSED:
        extra["closed_at"] = timezone.now()
    elif to_state == AuditCampaignState.OPEN:
        extra["closed_at"] = None
    _set_state(campaign, to_state, actor=actor, **extra)
    return campaign


@dataclass(frozen=True)
class ScanOutcome:
    scan: AuditScan
    # True when this code was already scanned in the campaign: the scan was updated, not added.
    repeated: bool

    @property
    def device(self) -> Device | None:
        return self.scan.device


# The QR code of our labels holds the device page's address, ending with the device's public id.
DEVICE_URL = re.compile(r"/DEVICES/([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})/?$")


def _find_device(organisation_id: int, code: str) -> Device | None:
    """Asset tag first (printed on our labels), then serial number, then the address in our QR codes;
    never another organisation's device."""
    devices = Device.objects.filter(organisation_id=organisation_id).select_related("model", "site")
    device = devices.filter(asset_tag=code).first() or devices.filter(serial_number=code).first()
    if device is None and (match := DEVICE_URL.search(code)):
        device = devices.filter(public_id=uuid.UUID(match.group(1))).first()
    return device


@transaction.atomic
def audit_scan_record(
    *,
    actor: User | None,
    campaign: AuditCampaign,
    code: str,
    condition: str = "",
    grade: str = "",
    notes: str = "",
) -> ScanOutcome:
    """Record one code read or typed during an open campaign, and what it matched."""
    campaign = _lock(campaign)
    if campaign.state != AuditCampaignState.OPEN:
        raise ValidationError(_("This campaign is not open: reopen it to scan more devices."), code="not_open")
    code = normalise_code(code)
    errors = {}
    if not code:
        errors["code"] = _("Scan or type an asset tag or a serial number.")
    elif len(code) > AuditScan._meta.get_field("code").max_length:
        errors["code"] = _("This code is too long to be an asset tag or a serial number.")
    if condition and condition not in DeviceCondition.values:
        errors["condition"] = _("Choose one of the listed conditions.")
    if grade and grade not in CosmeticGrade.values:
        errors["grade"] = _("Choose a grade from A to D.")
    if errors:
        raise ValidationError(errors)
    device = _find_device(campaign.organisation_id, code)
    if device is not None:
        # The report shows the code printed on the device, also when the QR code gave its address.
        code = device.asset_tag or device.serial_number or code
    scans = AuditScan.objects.filter(campaign=campaign)
    existing = scans.filter(device=device).first() if device else scans.filter(device__isnull=True, code=code).first()
    if existing is None:
        scan = AuditScan.objects.create(
            organisation_id=campaign.organisation_id,
            campaign=campaign,
            code=code,
            device=device,
            condition=condition,
            grade=grade,
            notes=notes.strip(),
            scanned_by=actor,
        )
        audit_record(
            organisation=campaign.organisation,
            actor=actor,
            action="create",
            instance=scan,
            after=snapshot(scan, SCAN_FIELDS),
        )
        return ScanOutcome(scan=scan, repeated=False)
    # A second scan refreshes what was seen; an empty field keeps what the first scan said.
    before = snapshot(existing, SCAN_FIELDS)
    existing.code = code
    existing.condition = condition or existing.condition
    existing.grade = grade or existing.grade
    existing.notes = notes.strip() or existing.notes
    existing.scanned_by = actor
    existing.scanned_at = timezone.now()
    existing.save()
    audit_record(
        organisation=campaign.organisation,
        actor=actor,
        action="update",
        instance=existing,
        before=before,
        after=snapshot(existing, SCAN_FIELDS),
    )
    return ScanOutcome(scan=existing, repeated=True)


@dataclass(frozen=True)
class ApplyOutcome:
    moved: int
    lost: int


@transaction.atomic
def audit_campaign_apply(*, actor: User | None, campaign: AuditCampaign, mark_missing_lost: bool) -> ApplyOutcome:
    """Correct the inventory from a closed campaign, all or nothing: devices found elsewhere move to the
    campaign's site; on request, devices not found are declared lost. The campaign is then applied."""
    campaign = _lock(campaign)
    _check_step(campaign, AuditCampaignState.APPLIED)
    site = campaign.site
    moved = 0
    for scan in selectors.audit_misplaced_scans(campaign=campaign).select_related("device__storage_room"):
        device = Device.objects.select_related("organisation", "storage_room").get(pk=scan.device_id)
        data = {"site": site}
        # A storage room of another site would contradict the new site: the device leaves it.
        if device.storage_room is not None and device.storage_room.site_id != site.id:
            data["storage_room"] = None
        device_update(actor=actor, device=device, data=data)
        moved += 1
    lost = 0
    if mark_missing_lost:
        missing_ids = list(selectors.audit_missing_devices(campaign=campaign).values_list("id", flat=True))
        if missing_ids:
            lost = device_bulk_transition(
                actor=actor,
                organisation=campaign.organisation,
                device_ids=missing_ids,
                request=TransitionRequest(
                    to_state=DeviceState.LOST,
                    reason=Message("inventory.audit_not_found", {"name": campaign.name}),
                    reference=str(campaign.public_id),
                ),
            )
    # device_update and device_bulk_transition have told the footprint which services changed.
    _set_state(campaign, AuditCampaignState.APPLIED, actor=actor, applied_at=timezone.now())
    return ApplyOutcome(moved=moved, lost=lost)
