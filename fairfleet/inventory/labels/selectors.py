"""Which devices get a label: the ones selected in the list, or every device the list's filters match."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from fairfleet.inventory import selectors as inventory_selectors
from fairfleet.inventory.models import Device
from fairfleet.tenancy.models import Organisation


@dataclass
class LabelSelection:
    devices: QuerySet[Device]
    # Selected ids that are not devices of this organisation (never told apart from missing ones).
    unknown_ids: int = 0


def _parse_uuids(values: Sequence[str]) -> tuple[list[uuid.UUID], int]:
    valid, invalid = [], 0
    for value in values:
        try:
            valid.append(uuid.UUID(value.strip()))
        except ValueError:
            invalid += 1
    return valid, invalid


def label_selection(
    *, organisation: Organisation, public_ids: Sequence[str], filters: inventory_selectors.DeviceFilters
) -> LabelSelection:
    """The selected devices when ids are given, else the filtered list; in asset-tag order, as on a shelf."""
    devices = Device.objects.filter(organisation=organisation).select_related("model")
    if public_ids:
        wanted, invalid = _parse_uuids(public_ids)
        devices = devices.filter(public_id__in=set(wanted))
        unknown = invalid + len(set(wanted)) - devices.count()
        return LabelSelection(devices=devices.order_by("asset_tag", "serial_number", "id"), unknown_ids=unknown)
    queryset = inventory_selectors.device_queryset(organisation=organisation, filters=filters)
    return LabelSelection(devices=queryset.select_related("model").order_by("asset_tag", "serial_number", "id"))
