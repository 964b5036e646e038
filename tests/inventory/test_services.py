import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fairfleet.inventory import services
from fairfleet.inventory.models import Device, DeviceState, DeviceTransition
from fairfleet.tenancy.models import AuditEntry
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import OrganisationFactory, ServiceFactory, StorageRoomFactory, UserFactory


@pytest.fixture
def device_model(organisation):
    return DeviceModelFactory(organisation=organisation)


def test_create_normalises_codes_copies_category_and_logs(organisation, device_model):
    user = UserFactory()
    device = services.device_create(
        actor=user,
        organisation=organisation,
        model=device_model,
        serial_number="  ab12cd3 ",
        asset_tag="pc-001",
        price=Decimal("899.90"),
        acquisition_date=datetime.date(2024, 1, 31),
    )
    assert (device.serial_number, device.asset_tag) == ("AB12CD3", "PC-001")
    assert device.category == device_model.category
    assert device.transitions.get().to_state == DeviceState.IN_STOCK
    entry = AuditEntry.objects.get(action="create", object_id=str(device.public_id))
    assert entry.actor == user
    assert entry.after["serial_number"] == "AB12CD3"


def test_serial_is_unique_per_organisation_only(organisation, device_model):
    services.device_create(actor=None, organisation=organisation, model=device_model, serial_number="X1")
    with pytest.raises(ValidationError) as error:
        services.device_create(actor=None, organisation=organisation, model=device_model, serial_number="x1 ")
    assert "serial_number" in error.value.error_dict
    other = OrganisationFactory()
    services.device_create(
        actor=None, organisation=other, model=DeviceModelFactory(organisation=other), serial_number="X1"
    )
    assert Device.objects.filter(serial_number="X1").count() == 2


def test_foreign_relations_are_refused(organisation, device_model):
    foreign_service = ServiceFactory()
    with pytest.raises(ValidationError) as error:
        services.device_create(actor=None, organisation=organisation, model=device_model, service=foreign_service)
    assert "service" in error.value.error_dict
    assert not Device.objects.exists()


def test_negative_price_is_refused(organisation, device_model):
    with pytest.raises(ValidationError):
        services.device_create(actor=None, organisation=organisation, model=device_model, price=Decimal("-1"))
    assert not Device.objects.exists()


def test_update_audits_before_and_after_and_refuses_state(organisation):
    device = DeviceFactory(organisation=organisation, supplier="Old")
    services.device_update(actor=None, device=device, data={"supplier": "New"})
    entry = AuditEntry.objects.get(action="update")
    assert (entry.before, entry.after) == ({"supplier": "Old"}, {"supplier": "New"})
    with pytest.raises(ValidationError):
        services.device_update(actor=None, device=device, data={"state": DeviceState.LOST})


def test_storage_room_is_recorded_when_stored_and_cleared_when_used(organisation):
    room = StorageRoomFactory(site__organisation=organisation)
    device = DeviceFactory(organisation=organisation, state=DeviceState.IN_USE)
    services.device_transition(
        actor=None,
        device=device,
        request=services.TransitionRequest(to_state=DeviceState.END_OF_USE, storage_room=room),
    )
    device.refresh_from_db()
    assert (device.storage_room, device.site) == (room, room.site)
    assert device.transitions.get().storage_room == room
    services.device_transition(actor=None, device=device, request=services.TransitionRequest(to_state="in_stock"))
    services.device_transition(actor=None, device=device, request=services.TransitionRequest(to_state="in_use"))
    device.refresh_from_db()
    assert device.storage_room is None


def test_foreign_storage_room_is_refused(organisation):
    device = DeviceFactory(organisation=organisation, state=DeviceState.IN_USE)
    with pytest.raises(ValidationError):
        services.device_transition(
            actor=None,
            device=device,
            request=services.TransitionRequest(to_state=DeviceState.END_OF_USE, storage_room=StorageRoomFactory()),
        )


def test_bulk_transition_is_all_or_nothing(organisation):
    ok = DeviceFactory.create_batch(5, organisation=organisation, state=DeviceState.IN_USE)
    recycled = DeviceFactory(organisation=organisation, state=DeviceState.RECYCLED)
    ids = [d.id for d in [*ok, recycled]]
    with pytest.raises(services.BulkTransitionRefused) as error:
        services.device_bulk_transition(
            actor=None,
            organisation=organisation,
            device_ids=ids,
            request=services.TransitionRequest(to_state=DeviceState.END_OF_USE),
        )
    assert [r.device for r in error.value.refusals] == [recycled]
    assert Device.objects.filter(state=DeviceState.END_OF_USE).count() == 0
    assert not DeviceTransition.objects.exists()


def test_bulk_transition_of_300_devices_shares_one_batch(organisation):
    devices = DeviceFactory.create_batch(300, organisation=organisation, state=DeviceState.IN_USE)
    changed = services.device_bulk_transition(
        actor=None,
        organisation=organisation,
        device_ids=[d.id for d in devices],
        request=services.TransitionRequest(to_state=DeviceState.END_OF_USE, reason="Renewal 2026"),
    )
    assert changed == 300
    assert Device.objects.filter(state=DeviceState.END_OF_USE).count() == 300
    assert DeviceTransition.objects.values("batch_id").distinct().count() == 1


def test_bulk_transition_refuses_foreign_devices(organisation):
    foreign = DeviceFactory(state=DeviceState.IN_USE)
    with pytest.raises(ValidationError) as error:
        services.device_bulk_transition(
            actor=None,
            organisation=organisation,
            device_ids=[foreign.id],
            request=services.TransitionRequest(to_state=DeviceState.END_OF_USE),
        )
    assert error.value.code == "missing"
    foreign.refresh_from_db()
    assert foreign.state == DeviceState.IN_USE


def test_bulk_transition_refuses_empty_selection(organisation):
    with pytest.raises(ValidationError) as error:
        services.device_bulk_transition(
            actor=None,
            organisation=organisation,
            device_ids=[],
            request=services.TransitionRequest(to_state=DeviceState.END_OF_USE),
        )
    assert error.value.code == "empty"


def test_changing_a_model_category_moves_its_devices(organisation):
    device = DeviceFactory(organisation=organisation)
    services.device_model_update(actor=None, device_model=device.model, data={"category": builtin_category("tablet")})
    device.refresh_from_db()
    assert device.category.code == "tablet"


def test_category_create_refuses_builtin_names_and_archives_own_only(organisation):
    with pytest.raises(ValidationError):
        services.category_create(actor=None, organisation=organisation, name="Laptop")
    chair = services.category_create(actor=None, organisation=organisation, name="Office chair", is_it=False)
    services.category_archive(actor=None, category=chair)
    assert chair.archived_at is not None
    with pytest.raises(ValidationError):
        services.category_archive(actor=None, category=builtin_category("laptop"))
