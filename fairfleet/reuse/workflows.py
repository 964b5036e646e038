"""Rules a retired device must meet before it leaves the organisation."""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from fairfleet.core.messages import Message
from fairfleet.inventory.models import Device, DeviceState, DeviceTransition, StorageType
from fairfleet.inventory.workflows import AFTER_FIRST_USE_STATES, Refusal
from fairfleet.reuse.models import Assessment, ErasureMethod, ErasureRecord, ErasureResult

# Whether a device may hold data: unless its category is marked as keeping none (Category.holds_no_data, set
# only for built-in monitors, docks...), or its model has storage all the same. Never guessed from a code.
HOLDS_DATA = (
    Q(category__holds_no_data=False) | Q(model__storage_gb__gt=0) | ~Q(model__storage_type__in=["", StorageType.NONE])
)


def latest_assessment(device: Device) -> Assessment | None:
    return Assessment.objects.filter(device=device).order_by("-assessed_at", "-id").first()


# Before any erasure: the start of the cycle for a device that never entered end of use by a recorded step.
_NO_ENTRY = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def with_erasure_status(devices: QuerySet[Device]) -> QuerySet[Device]:
    """The devices annotated with `holds_data` and `erasure_proven`, the one erasure rule (docs/reuse-triage.md):

    - the erasure counts from the device's last entry into end of use from a state of use (in stock, in use, in
      repair, or its first recorded state): a device that went back into use must be erased again;
    - every medium known from the device's records (its drive serial; empty for built-in storage) must have
      as its latest record a verified clear or purge, or a destruction, performed since that entry: a later
      failure of the same medium overrides an earlier pass. A named drive whose latest record is its destruction
      is settled for good (it no longer exists);
    - and at least one such record since that entry."""
    entered = (
        DeviceTransition.objects.filter(device_id=OuterRef("pk"), to_state=DeviceState.END_OF_USE)
        .exclude(from_state__in=AFTER_FIRST_USE_STATES)
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    later_of_same_medium = ErasureRecord.objects.filter(
        device_id=OuterRef("device_id"), drive_serial=OuterRef("drive_serial")
    ).filter(
        Q(performed_at__gt=OuterRef("performed_at")) | Q(performed_at=OuterRef("performed_at"), id__gt=OuterRef("id"))
    )
    latest_per_medium = ErasureRecord.objects.filter(device_id=OuterRef("pk")).filter(~Exists(later_of_same_medium))
    fresh_proof = Q(performed_at__gte=OuterRef("erasure_cycle_start")) & (
        Q(result=ErasureResult.PASSED) | Q(method=ErasureMethod.DESTROY)
    )
    settled = fresh_proof | (Q(method=ErasureMethod.DESTROY) & ~Q(drive_serial=""))
    return devices.annotate(erasure_cycle_start=Coalesce(Subquery(entered), Value(_NO_ENTRY))).annotate(
        holds_data=ExpressionWrapper(HOLDS_DATA, output_field=BooleanField()),
        erasure_proven=ExpressionWrapper(
            Exists(latest_per_medium.filter(fresh_proof)) & ~Exists(latest_per_medium.filter(~settled)),
            output_field=BooleanField(),
        ),
    )


def erasure_status(device: Device) -> tuple[bool, bool]:
    """(holds data, erasure proven) for one device, in one query."""
    row = with_erasure_status(Device.objects.filter(pk=device.pk)).values("holds_data", "erasure_proven").get()
    return row["holds_data"], row["erasure_proven"]


def _device_refusal(code: str, device: Device) -> Refusal:
    message = Message(f"reuse.{code}", {"device": device.asset_tag or device.serial_number or str(device.model)})
    return Refusal(code, str(message), message.as_json())


def leave_refusal(device: Device) -> Refusal | None:
    """Why this device may not leave the organisation (handover to a partner or another body), or None."""
    holds_data, erasure_proven = erasure_status(device)
    if holds_data and not erasure_proven:
        return _device_refusal("erasure_missing", device)
    return None


# Lifecycle steps by which a device leaves the organisation.
LEAVING_STATES = frozenset({DeviceState.HANDED_OVER, DeviceState.SOLD})


def leave_guard(device: Device, to_state: str) -> Refusal | None:
    """Registered with the inventory's lifecycle (see ReuseConfig.ready): every way of handing a device over or
    selling it, pages, API or imports, meets the erasure rule."""
    return leave_refusal(device) if to_state in LEAVING_STATES else None


def donation_refusal(device: Device) -> Refusal | None:
    """Why this device cannot be donated yet, or None. A firmware lock makes it useless to the recipient."""
    assessment = latest_assessment(device)
    if assessment is not None and assessment.firmware_locked:
        return _device_refusal("firmware_locked", device)
    return leave_refusal(device)
