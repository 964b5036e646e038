"""Writes on the fleet. Each is atomic and audited; lifecycle steps also go to the transition log."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fairfleet.core.messages import Message, typed_or_stored
from fairfleet.inventory.models import Category, Device, DeviceModel, DeviceState, DeviceTransition
from fairfleet.inventory.signals import fleet_changed
from fairfleet.inventory.workflows import STORED_STATES, guard_refusal, refuse, transition_refusal
from fairfleet.tenancy.audit import audit_record, model_update, snapshot
from fairfleet.tenancy.models import Organisation, StorageRoom, User

DEVICE_FIELDS = [
    "asset_tag",
    "serial_number",
    "model",
    "service",
    "site",
    "storage_room",
    "holder",
    "acquisition_date",
    "acquisition_kind",
    "price",
    "currency",
    "supplier",
    "warranty_end",
    "notes",
    "external_ids",
]
MAX_BULK_DEVICES = 20_000


def normalise_code(value: str) -> str:
    """Serial numbers and asset tags are compared without case or surrounding spaces."""
    return (value or "").strip().upper()


def _check_same_organisation(organisation: Organisation, data: dict[str, Any]) -> None:
    for name in ("model", "service", "site", "storage_room", "holder"):
        obj = data.get(name)
        if obj is not None and obj.organisation_id != organisation.id:
            raise ValidationError({name: _("Choose a value of this organisation.")})


def _prepare_device_data(organisation: Organisation, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for name in ("asset_tag", "serial_number"):
        if name in data:
            data[name] = normalise_code(data[name])
    _check_same_organisation(organisation, data)
    if data.get("model") is not None:
        data["category"] = data["model"].category
    if data.get("storage_room") is not None and data.get("site") is None:
        data["site"] = data["storage_room"].site
    return data


DUPLICATE_CODE_MESSAGES = {
    "serial_number": gettext_lazy("Another device of this organisation already has this serial number."),
    "asset_tag": gettext_lazy("Another device of this organisation already has this asset tag."),
}


def _check_unique_codes(organisation: Organisation, data: dict[str, Any], exclude_pk: int | None) -> None:
    """A clear message per field, before the database constraint would refuse it."""
    errors = {}
    for name, message in DUPLICATE_CODE_MESSAGES.items():
        value = data.get(name)
        if value and Device.objects.filter(organisation=organisation, **{name: value}).exclude(pk=exclude_pk).exists():
            errors[name] = message
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def device_create(
    *, actor: User | None, organisation: Organisation, state: str = DeviceState.IN_STOCK, **fields: Any
) -> Device:
    data = _prepare_device_data(organisation, fields)
    _check_unique_codes(organisation, data, exclude_pk=None)
    now = timezone.now()
    device = Device(organisation=organisation, state=state, state_changed_at=now, **data)
    device.full_clean()
    device.save()
    DeviceTransition.objects.create(
        organisation=organisation,
        device=device,
        from_state="",
        to_state=state,
        actor=actor,
        storage_room=device.storage_room,
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=device,
        after=snapshot(device, ["state", *data.keys()]),
    )
    fleet_changed.send(sender=Device, organisation=device.organisation, services={device.service_id})
    return device


@transaction.atomic
def device_update(*, actor: User, device: Device, data: dict[str, Any]) -> Device:
    """Edit a device's record; its state changes only through device_transition."""
    if "state" in data:
        raise ValidationError(_("Change the state through a lifecycle step."))
    data = _prepare_device_data(device.organisation, data)
    _check_unique_codes(device.organisation, data, exclude_pk=device.pk)
    service_before = device.service_id
    model_update(instance=device, data=data, actor=actor, organisation=device.organisation)
    fleet_changed.send(sender=Device, organisation=device.organisation, services={service_before, device.service_id})
    return device


@dataclass(frozen=True)
class TransitionRequest:
    """`reason` is what a user typed, kept as typed, or a Message the system wrote (shown in the reader's
    language)."""

    to_state: str
    reason: str | Message = ""
    reference: str = ""
    storage_room: StorageRoom | None = None


def _apply_transition(device: Device, request: TransitionRequest, *, actor: User | None, batch_id=None) -> None:
    now = timezone.now()
    before = snapshot(device, ["state", "storage_room"])
    update = ["state", "state_changed_at", "updated_at"]
    device.state = request.to_state
    device.state_changed_at = now
    if request.to_state in STORED_STATES:
        if request.storage_room is not None:
            device.storage_room = request.storage_room
            device.site_id = request.storage_room.site_id
            update += ["storage_room", "site"]
    elif device.storage_room_id is not None:
        device.storage_room = None
        update.append("storage_room")
    device.save(update_fields=update)
    reason, reason_message = typed_or_stored(request.reason)
    DeviceTransition.objects.create(
        organisation_id=device.organisation_id,
        device=device,
        from_state=before["state"],
        to_state=request.to_state,
        actor=actor,
        reason=reason,
        reason_message=reason_message,
        reference=request.reference,
        storage_room=request.storage_room,
        batch_id=batch_id,
    )
    audit_record(
        organisation=device.organisation,
        actor=actor,
        action="transition",
        instance=device,
        before=before,
        after={
            **snapshot(device, ["state", "storage_room"]),
            "reason": reason,
            "reason_message": reason_message,
            "reference": request.reference,
        },
    )


def _check_storage_room(organisation: Organisation, request: TransitionRequest) -> None:
    room = request.storage_room
    if room is not None and room.organisation_id != organisation.id:
        raise ValidationError({"storage_room": _("Choose a storage room of this organisation.")})


@transaction.atomic
def device_transition(*, actor: User | None, device: Device, request: TransitionRequest) -> Device:
    """Move one device to its next lifecycle state, or refuse with the reason."""
    _check_storage_room(device.organisation, request)
    device = Device.objects.select_for_update().select_related("organisation").get(pk=device.pk)
    refusal = transition_refusal(
        from_state=device.state, to_state=request.to_state, reason=str(request.reason), reference=request.reference
    ) or guard_refusal(device, request.to_state)
    refuse(refusal)
    _apply_transition(device, request, actor=actor)
    fleet_changed.send(sender=Device, organisation=device.organisation, services={device.service_id})
    return device


@dataclass(frozen=True)
class BulkRefusal:
    device: Device
    code: str
    message: str


class BulkTransitionRefused(ValidationError):
    """Some devices cannot take the step; none was changed."""

    def __init__(self, refusals: list[BulkRefusal]):
        self.refusals = refusals
        count = len(refusals)
        message = ngettext(
            "%(count)d device cannot take this step; nothing was changed.",
            "%(count)d devices cannot take this step; nothing was changed.",
            count,
        )
        super().__init__(message % {"count": count}, code="bulk_refused")


@transaction.atomic
def device_bulk_transition(
    *, actor: User | None, organisation: Organisation, device_ids: Sequence[int], request: TransitionRequest
) -> int:
    """Move many devices at once: all of them, or none with the reason for each refusal."""
    if not device_ids:
        raise ValidationError(_("Select at least one device."), code="empty")
    if len(device_ids) > MAX_BULK_DEVICES:
        raise ValidationError(
            _("At most %(max)d devices can be changed at once.") % {"max": MAX_BULK_DEVICES}, code="too_many"
        )
    _check_storage_room(organisation, request)
    devices = list(
        Device.objects.select_for_update()
        .select_related("organisation")
        .filter(organisation=organisation, id__in=list(device_ids))
        .order_by("id")
    )
    if len(devices) != len(set(device_ids)):
        raise ValidationError(_("Some selected devices no longer exist."), code="missing")
    refusals = []
    for device in devices:
        refusal = transition_refusal(
            from_state=device.state, to_state=request.to_state, reason=str(request.reason), reference=request.reference
        ) or guard_refusal(device, request.to_state)
        if refusal is not None:
            refusals.append(BulkRefusal(device=device, code=refusal.code, message=refusal.message))
    if refusals:
        raise BulkTransitionRefused(refusals)
    batch_id = uuid.uuid4()
    for device in devices:
        _apply_transition(device, request, actor=actor, batch_id=batch_id)
    fleet_changed.send(sender=Device, organisation=organisation, services={device.service_id for device in devices})
    return len(devices)


# Catalogue ----------------------------------------------------------------------------------


def _check_category(organisation: Organisation, category: Category | None) -> None:
    if category is not None and category.organisation_id not in (None, organisation.id):
        raise ValidationError({"category": _("Choose a category of this organisation.")})


@transaction.atomic
def device_model_create(*, actor: User | None, organisation: Organisation, **fields: Any) -> DeviceModel:
    _check_category(organisation, fields.get("category"))
    device_model = DeviceModel(organisation=organisation, **fields)
    device_model.full_clean()
    device_model.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=device_model,
        after=snapshot(device_model, fields.keys()),
    )
    return device_model


@transaction.atomic
def device_model_update(*, actor: User, device_model: DeviceModel, data: dict[str, Any]) -> DeviceModel:
    _check_category(device_model.organisation, data.get("category"))
    old_category_id = device_model.category_id
    model_update(instance=device_model, data=data, actor=actor, organisation=device_model.organisation)
    if device_model.category_id != old_category_id:
        device_model.devices.update(category_id=device_model.category_id)
    services = set(device_model.devices.values_list("service_id", flat=True).distinct())
    fleet_changed.send(sender=Device, organisation=device_model.organisation, services=services)
    return device_model


@transaction.atomic
def category_create(*, actor: User, organisation: Organisation, name: str, is_it: bool = True) -> Category:
    """An organisation's own category (e.g. "Office chair"), next to the built-in ones."""
    code = slugify(name)[:40] or "category"
    if Category.objects.filter(Q(organisation=organisation) | Q(organisation__isnull=True), code=code).exists():
        raise ValidationError({"name": _("A category with this name already exists.")})
    category = Category(organisation=organisation, code=code, name=name.strip(), is_it=is_it)
    category.full_clean()
    category.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=category,
        after=snapshot(category, ["code", "name", "is_it"]),
    )
    return category


@transaction.atomic
def category_archive(*, actor: User, category: Category) -> Category:
    if category.organisation_id is None:
        raise ValidationError(_("Built-in categories cannot be archived."))
    model_update(
        instance=category, data={"archived_at": timezone.now()}, actor=actor, organisation=category.organisation
    )
    return category
