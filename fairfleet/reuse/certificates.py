"""Data erasure certificates: one PDF for one device or for a selection (a lot) of devices.

The certificate lists, per device, every erasure record (NIST SP 800-88 outcome, technique, tool,
operator, date, verification) and says plainly when a device has no verified erasure or destruction:
it is a record of what was entered, not a promise. Rendered by WeasyPrint, like the asset labels.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from fairfleet.inventory.models import Device
from fairfleet.reuse.models import ErasureRecord
from fairfleet.reuse.workflows import with_erasure_status
from fairfleet.tenancy.models import Organisation, User

MAX_CERTIFICATE_DEVICES = 500


@dataclass(frozen=True)
class CertifiedDevice:
    device: Device
    records: list[ErasureRecord]
    erased: bool
    holds_data: bool


def certificate_reference(organisation: Organisation, devices: Sequence[Device], issued_at) -> str:
    """A short reference that changes with the devices and the moment, printed on every page."""
    digest = hashlib.sha256(
        f"{organisation.public_id}|{issued_at.isoformat()}|{','.join(str(d.public_id) for d in devices)}".encode()
    ).hexdigest()
    return f"FF-ER-{issued_at:%Y%m%d}-{digest[:8].upper()}"


def certificate_html(*, organisation: Organisation, devices: Sequence[Device], issued_by: User | None) -> str:
    issued_at = timezone.localtime()
    records: dict[int, list[ErasureRecord]] = {}
    for record in ErasureRecord.objects.filter(organisation=organisation, device__in=[d.pk for d in devices]).order_by(
        "performed_at", "id"
    ):
        records.setdefault(record.device_id, []).append(record)
    status = {
        row["pk"]: row
        for row in with_erasure_status(Device.objects.filter(pk__in=[d.pk for d in devices])).values(
            "pk", "holds_data", "erasure_proven"
        )
    }
    items = [
        CertifiedDevice(
            device=device,
            records=records.get(device.pk, []),
            erased=status[device.pk]["erasure_proven"],
            holds_data=status[device.pk]["holds_data"],
        )
        for device in devices
    ]
    return render_to_string(
        "reuse/certificate_pdf.html",
        {
            "organisation": organisation,
            "items": items,
            "issued_at": issued_at,
            "issued_by": issued_by,
            "reference": certificate_reference(organisation, devices, issued_at),
            "not_erased": sum(1 for item in items if not item.erased),
        },
    )


def certificate_pdf(*, organisation: Organisation, devices: Sequence[Device], issued_by: User | None) -> bytes:
    import weasyprint  # loaded on demand, like the label sheets

    html = certificate_html(organisation=organisation, devices=devices, issued_by=issued_by)
    return weasyprint.HTML(string=html).write_pdf()
