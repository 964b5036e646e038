"""Reads of physical audits, always scoped to one organisation."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from fairfleet.inventory.models import (
    AuditCampaign,
    AuditScan,
    CosmeticGrade,
    Device,
    DeviceCondition,
    DeviceState,
)
from fairfleet.tenancy.models import Organisation
from fairfleet.tenancy.selectors import get_scoped_or_404

# Devices that should stand on their site and can be declared lost when nobody finds them.
EXPECTED_STATES = frozenset({DeviceState.IN_STOCK, DeviceState.IN_USE, DeviceState.IN_REPAIR, DeviceState.END_OF_USE})
# The report page shows this many rows per list; the counts and the corrections cover them all.
REPORT_ROWS = 500


def get_audit_campaign_for(organisation: Organisation, public_id) -> AuditCampaign:
    return get_scoped_or_404(AuditCampaign.objects.select_related("site", "created_by"), organisation, public_id)


def audit_campaign_list(*, organisation: Organisation) -> QuerySet[AuditCampaign]:
    return (
        AuditCampaign.objects.filter(organisation=organisation)
        .select_related("site")
        .annotate(scan_count=Count("scans"))
    )


def audit_scan_recent(*, campaign: AuditCampaign, limit: int = 15) -> QuerySet[AuditScan]:
    return campaign.scans.select_related("device", "device__model", "device__site")[:limit]


def audit_missing_devices(*, campaign: AuditCampaign) -> QuerySet[Device]:
    """Devices recorded at the campaign's site, in a state where they should be there, and not scanned."""
    scanned = AuditScan.objects.filter(campaign=campaign, device__isnull=False).values("device_id")
    return (
        Device.objects.filter(organisation_id=campaign.organisation_id, site_id=campaign.site_id)
        .filter(state__in=EXPECTED_STATES)
        .exclude(id__in=scanned)
        .select_related("model")
        .order_by("asset_tag", "serial_number", "id")
    )


def audit_misplaced_scans(*, campaign: AuditCampaign) -> QuerySet[AuditScan]:
    """Scanned devices that the inventory records at another site, or at none."""
    return (
        campaign.scans.filter(device__isnull=False)
        .filter(Q(device__site__isnull=True) | ~Q(device__site_id=campaign.site_id))
        .select_related("device", "device__model", "device__site")
        .order_by("device__asset_tag", "device__serial_number", "id")
    )


@dataclass
class AuditReport:
    expected_count: int
    scanned_count: int
    missing_count: int
    missing: list[Device]
    misplaced_count: int
    misplaced: list[AuditScan]
    unknown_count: int
    unknown: list[AuditScan]
    # Scanned devices whose recorded state says they should not be here (lost, recycled, handed over...).
    unexpected_state: list[AuditScan]
    conditions: list[tuple[str, int]] = field(default_factory=list)
    grades: list[tuple[str, int]] = field(default_factory=list)


def audit_report(*, campaign: AuditCampaign) -> AuditReport:
    scans = campaign.scans.all()
    missing = audit_missing_devices(campaign=campaign)
    misplaced = audit_misplaced_scans(campaign=campaign)
    unknown = scans.filter(device__isnull=True).order_by("code", "id")
    conditions = dict(scans.exclude(condition="").values_list("condition").annotate(n=Count("id")).order_by())
    grades = dict(scans.exclude(grade="").values_list("grade").annotate(n=Count("id")).order_by())
    expected = Device.objects.filter(
        organisation_id=campaign.organisation_id, site_id=campaign.site_id, state__in=EXPECTED_STATES
    )
    return AuditReport(
        expected_count=expected.count(),
        scanned_count=scans.filter(device__isnull=False).count(),
        missing_count=missing.count(),
        missing=list(missing[:REPORT_ROWS]),
        misplaced_count=misplaced.count(),
        misplaced=list(misplaced[:REPORT_ROWS]),
        unknown_count=unknown.count(),
        unknown=list(unknown[:REPORT_ROWS]),
        unexpected_state=list(
            scans.filter(device__isnull=False)
            .exclude(device__state__in=EXPECTED_STATES)
            .select_related("device", "device__model")[:REPORT_ROWS]
        ),
        conditions=[(label, conditions.get(value, 0)) for value, label in DeviceCondition.choices],
        grades=[(label, grades.get(value, 0)) for value, label in CosmeticGrade.choices],
    )
