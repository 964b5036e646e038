"""The reuse demo inside each organisation: devices retired into storage, their assessments and erasures,
the route rules and the collection campaigns (see the package docstring)."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from fairfleet.inventory.models import Device, DeviceState, DeviceTransition
from fairfleet.inventory.services import TransitionRequest, device_transition
from fairfleet.reuse import services as reuse_services
from fairfleet.reuse.checklists import FAULT, OK, checklist_for
from fairfleet.reuse.demo.plan import (
    ERASURES,
    LOT,
    LOT_ASSESSED,
    OPERATORS,
    REFERENCE_PATTERN,
    RETIREMENT_REASONS,
    RETIREMENT_ROOMS,
    SEED,
    Line,
    Triage,
)
from fairfleet.reuse.models import Assessment, CollectionCampaign, ErasureRecord, ErasureResult, RoutePolicy
from fairfleet.tenancy.models import Organisation, Site, StorageRoom, User


@dataclass
class Report:
    """What one run wrote, step by step (empty when the demo existed already)."""

    lines: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.lines.append(text)


def _at(days_ago: int, hour: int = 10) -> datetime.datetime:
    """A fixed time of the day `days_ago` days before today, in the local time zone."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _history(device_ids, to_state: str, when: datetime.datetime, *, since: datetime.datetime) -> None:
    """Demo history: the services date each lifecycle step "now"; the demo moves the steps to `to_state`
    it just wrote (after `since`) back to `when`, and the devices still in that state with them, so that
    storage ages, the decree's retirement dates and the lot timeline look like a year of real use."""
    DeviceTransition.objects.filter(device_id__in=device_ids, to_state=to_state, created_at__gte=since).update(
        created_at=when
    )
    Device.objects.filter(id__in=device_ids, state=to_state).update(state_changed_at=when)


def login_of(email: str) -> User:
    return User.objects.get(email=email)


# Retirement ----------------------------------------------------------------------------------------------


def _planned_devices(organisation: Organisation, plan: list[Line]) -> dict[int, Device]:
    """The devices an earlier run retired, by plan line, from the references of their retirement step."""
    found = {}
    steps = DeviceTransition.objects.filter(
        organisation=organisation, to_state=DeviceState.END_OF_USE, reference__startswith="RFM-"
    ).select_related("device__category", "device__model")
    for step in steps.order_by("id"):
        match = REFERENCE_PATTERN.match(step.reference)
        if match and int(match.group(1)) - 1 < len(plan):
            found.setdefault(int(match.group(1)) - 1, step.device)
    return found


def _pick(organisation: Organisation, line: Line, rng: random.Random, taken: set[int]) -> Device | None:
    """A device in use of the line's category, acquired within its age window if one is (else of any age)."""
    today = timezone.localdate()
    base = Device.objects.filter(
        organisation=organisation,
        state__in=[DeviceState.IN_USE, DeviceState.IN_REPAIR],
        category__code=line.category,
        category__organisation__isnull=True,
    ).exclude(id__in=taken)
    oldest = today - datetime.timedelta(days=round(line.ages[1] * 365.25))
    youngest = today - datetime.timedelta(days=round(line.ages[0] * 365.25))
    for candidates in (base.filter(acquisition_date__range=(oldest, youngest)), base):
        ids = list(candidates.order_by("id").values_list("id", flat=True))
        if ids:
            return Device.objects.select_related("category", "model", "site").get(id=rng.choice(ids))
    return None


def _room_for(organisation: Organisation, device: Device) -> StorageRoom | None:
    rooms = StorageRoom.objects.filter(organisation=organisation, archived_at__isnull=True).select_related("site")
    site = device.site or Site.objects.filter(organisation=organisation).order_by("id").first()
    at_site = rooms.filter(site=site).order_by("id") if site else rooms.none()
    wanted = RETIREMENT_ROOMS.get(site.name if site else "")
    return at_site.filter(name=wanted).first() or at_site.first() or rooms.order_by("id").first()


def retire(organisation: Organisation, plan: list[Line], *, actor: User, report: Report) -> dict[int, Device]:
    """Move the plan's devices to end of use into a storage room (once), dated in the past."""
    devices = _planned_devices(organisation, plan)
    if devices:
        return devices
    rng = random.Random(f"{SEED}-{organisation.name}")
    reason = RETIREMENT_REASONS["nl" if organisation.language == "nl" else "fr"]
    taken: set[int] = set()
    skipped = 0
    for index, line in enumerate(plan):
        device = _pick(organisation, line, rng, taken)
        if device is None:
            skipped += 1
            continue
        taken.add(device.id)
        since = timezone.now()
        device = device_transition(
            actor=actor,
            device=device,
            request=TransitionRequest(
                to_state=DeviceState.END_OF_USE,
                reason=reason,
                reference=f"RFM-{index + 1:03d}",
                storage_room=_room_for(organisation, device),
            ),
        )
        _history([device.id], DeviceState.END_OF_USE, _at(line.retired_days_ago, 9 + index % 8), since=since)
        devices[index] = device
    report.add(f"{organisation.name}: {len(devices)} devices retired into their storage rooms.")
    if skipped:
        report.missing.append(f"{organisation.name}: {skipped} plan lines found no device in use of their category.")
    return devices


# Assessments and erasures --------------------------------------------------------------------------------


def _checklist(category_code: str, faults: tuple[str, ...]) -> dict[str, str]:
    return {check.code: FAULT if check.code in faults else OK for check in checklist_for(category_code)}


def _os_updates_end(triage: Triage) -> datetime.date | None:
    return datetime.date(2025, 10, 14) if triage.updates_ended else None  # the end of Windows 10 updates


def assess(
    organisation: Organisation, devices: dict[int, Device], plan: list[Line], *, actor: User, report: Report
) -> None:
    """One assessment per planned device that has none yet (they are all at the end of use on the first run)."""
    done = set(Assessment.objects.filter(device__in=devices.values()).values_list("device_id", flat=True))
    created = 0
    for index, device in sorted(devices.items()):
        line = plan[index]
        if line.triage is None or device.id in done:
            continue
        device.refresh_from_db()
        if device.state != DeviceState.END_OF_USE:
            continue
        triage = line.triage
        since = timezone.now()
        assessment = reuse_services.assessment_create(
            actor=actor,
            device=device,
            data={
                "checklist": _checklist(device.category.code, triage.faults),
                "is_functional": triage.functional,
                "grade": triage.grade,
                "battery_health_pct": triage.battery,
                "storage_health": triage.storage,
                "firmware_locked": triage.locked,
                "os_updates_end": _os_updates_end(triage),
                "holds_protected_data": triage.protected,
                "notes": triage.notes,
            },
        )
        # Demo history: assessed a few days after the device came back (see _assessed_days_ago).
        assessed_days_ago = _assessed_days_ago(line)
        Assessment.objects.filter(pk=assessment.pk, assessed_at__gte=since).update(
            assessed_at=_at(assessed_days_ago, 14)
        )
        created += 1
    if created:
        report.add(f"{organisation.name}: {created} devices assessed.")


def _assessed_days_ago(line: Line) -> int:
    """The lot's devices were assessed together before the lot was made; the others three days after
    they came back (the day before seeding at the latest)."""
    if line.fate == LOT:
        return LOT_ASSESSED
    return max(1, line.retired_days_ago - 3)


def erase(
    organisation: Organisation, devices: dict[int, Device], plan: list[Line], *, actor: User, report: Report
) -> None:
    """The erasure records of the plan, for devices that have none yet."""
    done = set(ErasureRecord.objects.filter(device__in=devices.values()).values_list("device_id", flat=True))
    created = 0
    for index, device in sorted(devices.items()):
        line = plan[index]
        if line.erasure is None or device.id in done:
            continue
        method, technique, tool, result = ERASURES[line.erasure]
        days_ago = max(1, _assessed_days_ago(line) - 2)  # after the assessment (erased at 16:00)
        # Phones and tablets have no separate drive: their erasure names no drive serial.
        mobile = device.category.code in ("smartphone", "tablet", "feature_phone")
        serial = "" if mobile else f"S{(device.id * 7919) % 10**9:09d}"
        reuse_services.erasure_record_create(
            actor=actor,
            device=device,
            data={
                "drive_serial": serial,
                "method": method,
                "technique": technique,
                "tool": tool,
                "operator": OPERATORS[index % len(OPERATORS)],
                "performed_at": _at(days_ago, 16),
                "result": result,
                "report_reference": f"ER-{device.asset_tag or device.id}" if result == ErasureResult.PASSED else "",
            },
        )
        created += 1
    if created:
        report.add(f"{organisation.name}: {created} erasure records.")


# Route rules and campaigns -------------------------------------------------------------------------------


def route_policy(organisation: Organisation, *, actor: User, report: Report) -> None:
    """The route rules, saved once with their default values (the rules page then shows who set them)."""
    if RoutePolicy.objects.filter(organisation=organisation).exists():
        return
    reuse_services.route_policy_save(actor=actor, organisation=organisation, data={})
    report.add(f"{organisation.name}: route rules saved with their default values.")


def campaigns(organisation: Organisation, specs: list[tuple], *, actor: User, report: Report) -> None:
    existing = set(CollectionCampaign.objects.filter(organisation=organisation).values_list("name", flat=True))
    created = 0
    for site_name, name, recurrence, in_days, notes in specs:
        site = Site.objects.filter(organisation=organisation, name=site_name).first()
        if name in existing or site is None:
            continue
        reuse_services.campaign_create(
            actor=actor,
            organisation=organisation,
            data={
                "site": site,
                "name": name,
                "recurrence_months": recurrence,
                "next_date": timezone.localdate() + datetime.timedelta(days=in_days),
                "remind_days_before": 7,
                "notes": notes,
            },
        )
        created += 1
    if created:
        report.add(f"{organisation.name}: {created} collection campaigns.")
