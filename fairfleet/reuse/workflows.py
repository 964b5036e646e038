"""Rules a retired device must meet before it leaves the organisation."""

from django.db.models import Q

from fairfleet.core.messages import Message
from fairfleet.inventory.models import Device, DeviceState, StorageType
from fairfleet.inventory.workflows import Refusal
from fairfleet.reuse.models import Assessment, ErasureMethod, ErasureRecord, ErasureResult

# Built-in categories whose devices may hold personal or business data (printers keep scans and
# address books, network equipment keeps credentials), so they need an erasure record to leave.
DATA_BEARING_CATEGORIES = frozenset(
    {
        "laptop",
        "desktop",
        "all_in_one",
        "thin_client",
        "workstation",
        "tablet",
        "smartphone",
        "feature_phone",
        "printer",
        "server",
        "network",
        "storage",
    }
)


def holds_data(device: Device) -> bool:
    """Whether the device may hold data: by its category, or for other categories by its model's storage."""
    if device.category.code in DATA_BEARING_CATEGORIES:
        return True
    model = device.model
    return bool(model.storage_gb) or model.storage_type not in ("", StorageType.NONE)


def latest_assessment(device: Device) -> Assessment | None:
    return Assessment.objects.filter(device=device).order_by("-assessed_at", "-id").first()


# A record that lets a device leave: a verified clear or purge, or a destruction.
VALID_ERASURE = Q(result=ErasureResult.PASSED) | Q(method=ErasureMethod.DESTROY)


def proves_erasure(record: ErasureRecord) -> bool:
    """VALID_ERASURE, for a record already read."""
    return record.result == ErasureResult.PASSED or record.method == ErasureMethod.DESTROY


def has_valid_erasure(device: Device) -> bool:
    return ErasureRecord.objects.filter(device=device).filter(VALID_ERASURE).exists()


def _device_refusal(code: str, device: Device) -> Refusal:
    message = Message(f"reuse.{code}", {"device": device.asset_tag or device.serial_number or str(device.model)})
    return Refusal(code, str(message), message.as_json())


def leave_refusal(device: Device) -> Refusal | None:
    """Why this device may not leave the organisation (handover to a partner or another body), or None."""
    if holds_data(device) and not has_valid_erasure(device):
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
