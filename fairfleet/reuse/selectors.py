"""Reads of the end of first use, always scoped to one organisation."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, DateTimeField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from fairfleet.core.pagination import KeysetPage, SortKey, keyset_page
from fairfleet.inventory.models import Category, Device, DeviceState, DeviceTransition
from fairfleet.inventory.workflows import STORED_STATES
from fairfleet.reuse.models import Assessment, CampaignReminder, CollectionCampaign, ErasureImportJob, ErasureRecord
from fairfleet.reuse.workflows import with_erasure_status
from fairfleet.tenancy.models import Organisation, Site, StorageRoom
from fairfleet.tenancy.selectors import get_scoped_or_404

UPCOMING_CAMPAIGN_DAYS = 60


def get_campaign_for(organisation: Organisation, public_id) -> CollectionCampaign:
    return get_scoped_or_404(CollectionCampaign.objects.select_related("site"), organisation, public_id)


def get_triage_device_for(organisation: Organisation, public_id) -> Device:
    """Any device of the organisation (its reuse page also shows devices that already left the queue)."""
    return get_scoped_or_404(
        Device.objects.select_related("model", "category", "service", "site", "storage_room", "storage_room__site"),
        organisation,
        public_id,
    )


def latest_assessment_value(field: str, *, device_ref: str = "pk") -> Subquery:
    """A field of the latest assessment of the device that `device_ref` points to: one subquery, no query per row."""
    latest = Assessment.objects.filter(device_id=OuterRef(device_ref)).order_by("-assessed_at", "-id")
    return Subquery(latest.values(field)[:1])


@dataclass(frozen=True)
class TriageFilters:
    category: Category | None = None
    site: Site | None = None
    storage_room: StorageRoom | None = None
    assessed: str = ""  # "", "yes" or "no"
    route: str = ""


def triage_queryset(*, organisation: Organisation, filters: TriageFilters | None = None) -> QuerySet[Device]:
    """Devices awaiting triage (end of use), with their latest assessment's grade, route and lock, and their
    erasure status (reuse.workflows.with_erasure_status)."""
    filters = filters or TriageFilters()
    qs = with_erasure_status(Device.objects.filter(organisation=organisation, state=DeviceState.END_OF_USE)).annotate(
        is_assessed=Exists(Assessment.objects.filter(device=OuterRef("pk"))),
        latest_grade=latest_assessment_value("grade"),
        latest_route=latest_assessment_value("suggested_route"),
        latest_locked=latest_assessment_value("firmware_locked"),
    )
    if filters.category is not None:
        qs = qs.filter(category=filters.category)
    if filters.site is not None:
        qs = qs.filter(site=filters.site)
    if filters.storage_room is not None:
        qs = qs.filter(storage_room=filters.storage_room)
    if filters.assessed == "yes":
        qs = qs.filter(is_assessed=True)
    elif filters.assessed == "no":
        qs = qs.filter(is_assessed=False)
    if filters.route:
        qs = qs.filter(latest_route=filters.route)
    return qs


def triage_page(
    *, organisation: Organisation, filters: TriageFilters, cursor: str | None, size: int | None = None
) -> KeysetPage:
    qs = triage_queryset(organisation=organisation, filters=filters).select_related(
        "model", "category", "site", "storage_room"
    )
    return keyset_page(qs, key=SortKey("id"), cursor=cursor, size=size or settings.DEVICE_LIST_PAGE_SIZE)


@dataclass(frozen=True)
class QueueCounts:
    awaiting: int
    assessed: int
    not_assessed: int
    locked: int
    by_route: dict[str, int]


def queue_counts(*, organisation: Organisation) -> QueueCounts:
    qs = triage_queryset(organisation=organisation)
    figures = qs.aggregate(
        awaiting=Count("id"),
        assessed=Count("id", filter=Q(is_assessed=True)),
        locked=Count("id", filter=Q(latest_locked=True)),
    )
    by_route = {
        row["latest_route"]: row["count"]
        for row in qs.filter(is_assessed=True).values("latest_route").annotate(count=Count("id")).order_by()
        if row["latest_route"]
    }
    return QueueCounts(
        awaiting=figures["awaiting"],
        assessed=figures["assessed"],
        not_assessed=figures["awaiting"] - figures["assessed"],
        locked=figures["locked"],
        by_route=by_route,
    )


def assessments_for(device: Device) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organisation_id=device.organisation_id, device=device).select_related(
        "assessed_by"
    )


def erasure_records_for(device: Device) -> QuerySet[ErasureRecord]:
    return ErasureRecord.objects.filter(organisation_id=device.organisation_id, device=device).select_related(
        "recorded_by"
    )


def devices_by_public_ids(*, organisation: Organisation, public_ids) -> tuple[list[Device], int]:
    """The organisation's devices among these ids, and how many ids found nothing (foreign or unknown)."""
    import uuid

    wanted = set()
    for value in public_ids:
        try:
            wanted.add(uuid.UUID(str(value).strip()))
        except ValueError:
            continue
    invalid = len({str(v).strip() for v in public_ids if str(v).strip()}) - len(wanted)
    devices = list(
        Device.objects.filter(organisation=organisation, public_id__in=wanted)
        .select_related("model", "category", "site", "storage_room")
        .order_by("id")
    )
    return devices, invalid + len(wanted) - len(devices)


# Campaigns -------------------------------------------------------------------------------------------------


def campaigns_for(*, organisation: Organisation) -> QuerySet[CollectionCampaign]:
    return CollectionCampaign.objects.filter(organisation=organisation, archived_at__isnull=True).select_related(
        "site"
    )


def upcoming_campaigns(*, organisation: Organisation, days: int = UPCOMING_CAMPAIGN_DAYS):
    today = timezone.localdate()
    return campaigns_for(organisation=organisation).filter(
        next_date__gte=today, next_date__lte=today + datetime.timedelta(days=days)
    )


def recent_reminders(*, organisation: Organisation, limit: int = 10):
    return CampaignReminder.objects.filter(organisation=organisation).select_related("campaign", "campaign__site")[
        :limit
    ]


# Storage ---------------------------------------------------------------------------------------------------


def stored_devices(*, organisation: Organisation) -> QuerySet[Device]:
    """Devices kept in a storage room, with `stored_since`: when the last lifecycle step recorded their
    current room, else when their state last changed."""
    moved_in = (
        DeviceTransition.objects.filter(device=OuterRef("pk"), storage_room=OuterRef("storage_room"))
        .order_by("-id")
        .values("created_at")[:1]
    )
    return (
        Device.objects.filter(organisation=organisation, state__in=STORED_STATES, storage_room__isnull=False)
        .annotate(stored_since=Coalesce(Subquery(moved_in, output_field=DateTimeField()), "state_changed_at"))
        .select_related("model", "category", "storage_room", "storage_room__site")
    )


@dataclass(frozen=True)
class RoomFill:
    room: StorageRoom
    stored: int
    aged: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.stored / self.room.capacity) if self.room.capacity else None

    @property
    def is_full(self) -> bool:
        return bool(self.room.capacity) and self.stored >= self.room.capacity


def storage_overview(*, organisation: Organisation, alert_days: int) -> list[RoomFill]:
    """Every storage room in use: devices stored, capacity, and how many are stored too long."""
    limit = timezone.now() - datetime.timedelta(days=alert_days)
    stored = stored_devices(organisation=organisation)
    counts = {
        row["storage_room"]: (row["count"], row["aged"])
        for row in stored.values("storage_room")
        .annotate(count=Count("id"), aged=Count("id", filter=Q(stored_since__lt=limit)))
        .order_by()
    }
    rooms = StorageRoom.objects.filter(organisation=organisation).select_related("site").order_by("site__name", "name")
    return [
        RoomFill(room, *counts.get(room.pk, (0, 0))) for room in rooms if room.archived_at is None or room.pk in counts
    ]


def aged_devices(*, organisation: Organisation, alert_days: int, limit: int = 200) -> list[Device]:
    """Devices stored longer than the threshold, the longest first, each with `stored_days`."""
    threshold = timezone.now() - datetime.timedelta(days=alert_days)
    now = timezone.now()
    devices = list(
        stored_devices(organisation=organisation)
        .filter(stored_since__lt=threshold)
        .order_by("stored_since", "id")[:limit]
    )
    for device in devices:
        device.stored_days = (now - device.stored_since).days
    return devices


def get_erasure_import_job_for(organisation, public_id) -> ErasureImportJob:
    """An erasure report import of the organisation; 404 for another organisation's."""
    from fairfleet.tenancy.selectors import get_scoped_or_404

    return get_scoped_or_404(ErasureImportJob.objects.select_related("organisation"), organisation, public_id)
