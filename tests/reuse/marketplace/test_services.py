import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from fairfleet.inventory.models import Category, Device, DeviceModel, DeviceState
from fairfleet.reuse.marketplace import services
from fairfleet.reuse.marketplace.models import (
    MarketplaceTransition,
    Offer,
    OfferState,
    RequestState,
    Reservation,
    ReservationState,
)
from fairfleet.reuse.marketplace.tasks import expire_reservations_task
from fairfleet.reuse.models import CustodyEvent
from fairfleet.tenancy.models import AuditEntry
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.reuse.marketplace.helpers import erased, needs_transfer_step, network_of, offer, retired, service


def _codes(error: ValidationError) -> set:
    return {e.code for e in error.error_list} if hasattr(error, "error_list") else set()


def _reserve(offer_, claimant=None, criticality="standard", **kwargs):
    claimant = claimant or offer_.organisation
    return services.reservation_create(
        actor=None, offer=offer_, claimant=claimant, service=service(claimant, criticality), **kwargs
    )


# Offers ------------------------------------------------------------------------------------------


def test_offering_moves_devices_to_offered_internally_and_logs(organisation):
    devices = [retired(organisation) for _ in range(3)] + [retired(organisation, grade=None)]
    offers = services.offers_create(actor=None, organisation=organisation, devices=devices, pickup_place="Annexe")
    assert len(offers) == 4
    assert set(Device.objects.filter(pk__in=[d.pk for d in devices]).values_list("state", flat=True)) == {
        DeviceState.OFFERED_INTERNALLY
    }
    assert all(o.state == OfferState.OPEN for o in offers)
    assert MarketplaceTransition.objects.filter(subject="offer", to_state="open").count() == 4
    assert (
        AuditEntry.objects.filter(
            organisation=organisation, action="create", object_type="reuse_marketplace.offer"
        ).count()
        == 4
    )


def test_furniture_can_be_offered(organisation):
    chair_model = DeviceModelFactory(organisation=organisation, category=builtin_category("furniture"))
    chair = DeviceFactory(organisation=organisation, model=chair_model, state=DeviceState.END_OF_USE)
    assert services.offers_create(actor=None, organisation=organisation, devices=[chair])[0].device == chair


def test_only_retired_devices_and_all_or_nothing(organisation):
    good = retired(organisation)
    in_use = DeviceFactory(organisation=organisation, state=DeviceState.IN_USE)
    with pytest.raises(ValidationError) as caught:
        services.offers_create(actor=None, organisation=organisation, devices=[good, in_use])
    assert "only devices at the end of use can be offered" in str(caught.value)
    good.refresh_from_db()
    assert good.state == DeviceState.END_OF_USE
    assert not Offer.objects.exists()


def test_refusals_when_offering(organisation, other_organisation):
    with pytest.raises(ValidationError, match="Select at least one device"):
        services.offers_create(actor=None, organisation=organisation, devices=[])
    with pytest.raises(ValidationError, match="Choose devices of this organisation"):
        services.offers_create(actor=None, organisation=organisation, devices=[retired(other_organisation)])
    with pytest.raises(ValidationError, match="Choose today or a later date"):
        services.offers_create(
            actor=None,
            organisation=organisation,
            devices=[retired(organisation)],
            available_until=timezone.localdate() - datetime.timedelta(days=1),
        )
    foreign_network = network_of(other_organisation)
    with pytest.raises(ValidationError, match="not a network this organisation is an active member of"):
        services.offers_create(
            actor=None, organisation=organisation, devices=[retired(organisation)], networks=[foreign_network]
        )


def test_withdraw_puts_the_device_back_to_triage(organisation):
    o = offer(organisation)
    services.offer_withdraw(actor=None, offer=o, reason="Broken screen found")
    o.refresh_from_db()
    o.device.refresh_from_db()
    assert o.state == OfferState.WITHDRAWN
    assert o.device.state == DeviceState.END_OF_USE
    with pytest.raises(ValidationError, match="This offer was withdrawn"):
        services.offer_withdraw(actor=None, offer=o)
    # A withdrawn device can be offered again.
    assert services.offers_create(actor=None, organisation=organisation, devices=[o.device])


def test_a_reserved_offer_cannot_be_withdrawn(organisation):
    o = offer(organisation)
    _reserve(o)
    with pytest.raises(ValidationError, match="already reserved"):
        services.offer_withdraw(actor=None, offer=o)


# Reservations ------------------------------------------------------------------------------------


def test_reserve_then_second_claim_refused(organisation):
    o = offer(organisation)
    reservation = _reserve(o)
    assert reservation.state == ReservationState.ACTIVE
    assert reservation.expires_at - timezone.now() > datetime.timedelta(days=13)
    o.refresh_from_db()
    o.device.refresh_from_db()
    assert o.state == OfferState.RESERVED
    assert o.device.state == DeviceState.RESERVED
    with pytest.raises(ValidationError) as caught:
        _reserve(o)
    assert caught.value.messages == ["This item is already reserved."]
    assert Reservation.objects.count() == 1


@pytest.mark.parametrize(
    ("criticality", "grade", "allowed"),
    [
        ("vital", "A", True),
        ("vital", "B", True),
        ("vital", "C", False),
        ("vital", "D", False),
        ("vital", None, False),
        ("standard", "C", True),
        ("standard", "D", False),
        ("tolerant", "D", True),
        ("tolerant", None, True),
    ],
)
def test_criticality_decides_which_grade_a_service_may_take(organisation, criticality, grade, allowed):
    o = offer(organisation, grade=grade)
    if allowed:
        assert _reserve(o, criticality=criticality).state == ReservationState.ACTIVE
    else:
        with pytest.raises(ValidationError) as caught:
            _reserve(o, criticality=criticality)
        assert "grade_not_acceptable" in _codes(caught.value)
        o.refresh_from_db()
        assert o.state == OfferState.OPEN


def test_request_rules_on_reservation(organisation):
    laptops = service(organisation)
    request = services.request_create(
        actor=None, organisation=organisation, service=laptops, category=builtin_category("laptop"), quantity=2,
        minimum_grade="B",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="below the minimum grade B"):
        services.reservation_create(actor=None, offer=offer(organisation, "C"), claimant=organisation,
                                    service=laptops, request=request)  # fmt: skip
    monitor_model = DeviceModelFactory(organisation=organisation, category=builtin_category("monitor"))
    with pytest.raises(ValidationError, match="not of the category requested"):
        services.reservation_create(actor=None, offer=offer(organisation, model=monitor_model), claimant=organisation,
                                    service=laptops, request=request)  # fmt: skip
    with pytest.raises(ValidationError, match="for another service"):
        services.reservation_create(actor=None, offer=offer(organisation), claimant=organisation,
                                    service=service(organisation), request=request)  # fmt: skip
    with pytest.raises(ValidationError, match="between 1 and 90 days"):
        services.reservation_create(actor=None, offer=offer(organisation), claimant=organisation, service=laptops,
                                    days=0)  # fmt: skip


def test_cancel_reopens_the_offer_and_allows_a_new_claim(organisation):
    o = offer(organisation)
    reservation = _reserve(o)
    services.reservation_cancel(actor=None, reservation=reservation, reason="Not needed any more")
    reservation.refresh_from_db()
    o.refresh_from_db()
    o.device.refresh_from_db()
    assert reservation.state == ReservationState.CANCELLED
    assert o.state == OfferState.OPEN
    assert o.device.state == DeviceState.OFFERED_INTERNALLY
    with pytest.raises(ValidationError, match="This reservation was cancelled"):
        services.reservation_cancel(actor=None, reservation=reservation)
    assert _reserve(o).state == ReservationState.ACTIVE


def _age(reservation, days=1):
    Reservation.objects.filter(pk=reservation.pk).update(expires_at=timezone.now() - datetime.timedelta(days=days))


def test_expiry_by_command_releases_the_item(organisation):
    o = offer(organisation)
    reservation = _reserve(o, days=3)
    kept = _reserve(offer(organisation))
    _age(reservation)
    out = io.StringIO()
    call_command("reuse_expire_reservations", stdout=out)
    assert out.getvalue().startswith("1 reservation")
    reservation.refresh_from_db()
    kept.refresh_from_db()
    o.refresh_from_db()
    o.device.refresh_from_db()
    assert reservation.state == ReservationState.EXPIRED
    assert kept.state == ReservationState.ACTIVE
    assert o.state == OfferState.OPEN
    assert o.device.state == DeviceState.OFFERED_INTERNALLY
    assert MarketplaceTransition.objects.filter(reservation=reservation, to_state="expired").exists()


def test_expiry_by_task(organisation):
    reservation = _reserve(offer(organisation))
    _age(reservation)
    assert expire_reservations_task.call() == 1
    reservation.refresh_from_db()
    assert reservation.state == ReservationState.EXPIRED


def test_expired_reservation_checked_lazily_on_claim_and_handover(organisation):
    o = offer(organisation)
    first = _reserve(o)
    _age(first)
    # The task has not run: a new claim still wins, the old reservation expires on the way.
    second = _reserve(o)
    first.refresh_from_db()
    assert first.state == ReservationState.EXPIRED
    assert second.state == ReservationState.ACTIVE
    _age(second)
    with pytest.raises(ValidationError, match="This reservation has expired"):
        services.reservation_hand_over(actor=None, reservation=second)
    second.refresh_from_db()
    assert second.state == ReservationState.EXPIRED


# Handover ----------------------------------------------------------------------------------------


def test_internal_handover_redeploys_the_device(organisation):
    teleworking = service(organisation, "tolerant", name="Télétravail")
    request = services.request_create(
        actor=None, organisation=organisation, service=teleworking, category=builtin_category("laptop"), quantity=1
    )
    o = offer(organisation, grade="D")
    reservation = services.reservation_create(
        actor=None, offer=o, claimant=organisation, service=teleworking, request=request
    )
    services.reservation_hand_over(actor=None, reservation=reservation, notes="Collected by M. Dupont")
    o.refresh_from_db()
    reservation.refresh_from_db()
    request.refresh_from_db()
    device = Device.objects.get(pk=o.device_id)
    assert reservation.state == ReservationState.HANDED_OVER
    assert o.state == OfferState.HANDED_OVER
    assert device.state == DeviceState.IN_USE
    assert device.service == teleworking
    assert device.storage_room is None
    event = CustodyEvent.objects.get(device=device)
    assert event.kind == "redeployed"
    assert event.organisation == organisation
    assert request.state == RequestState.FULFILLED
    with pytest.raises(ValidationError, match="already handed over"):
        services.reservation_hand_over(actor=None, reservation=reservation)


def test_request_cancel(organisation):
    request = services.request_create(
        actor=None, organisation=organisation, service=service(organisation), category=builtin_category("laptop")
    )
    services.request_cancel(actor=None, request=request, reason="Budget found")
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    with pytest.raises(ValidationError, match="This request was cancelled"):
        services.request_cancel(actor=None, request=request)


def test_request_bad_input(organisation, other_organisation):
    with pytest.raises(ValidationError, match="Choose an active service of this organisation"):
        services.request_create(actor=None, organisation=organisation, service=service(other_organisation),
                                category=builtin_category("laptop"))  # fmt: skip
    with pytest.raises(ValidationError, match="Choose today or a later date"):
        services.request_create(actor=None, organisation=organisation, service=service(organisation),
                                category=builtin_category("laptop"),
                                needed_by=timezone.localdate() - datetime.timedelta(days=1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.request_create(actor=None, organisation=organisation, service=service(organisation),
                                category=builtin_category("laptop"), quantity=0)  # fmt: skip


# Between organisations ---------------------------------------------------------------------------


def test_unshared_offer_cannot_be_claimed_by_another_member(organisation, other_organisation):
    network_of(organisation, other_organisation)
    o = offer(organisation)
    with pytest.raises(ValidationError, match="not shared with your organisation"):
        _reserve(o, claimant=other_organisation)


def test_shared_offer_needs_both_active_members(organisation, other_organisation):
    network = network_of(organisation, other_organisation)
    o = offer(organisation, networks=[network])
    network.memberships.filter(organisation=other_organisation).update(state="left")
    with pytest.raises(ValidationError, match="not shared with your organisation"):
        _reserve(o, claimant=other_organisation)


@needs_transfer_step
def test_cross_organisation_handover_refused_without_erasure(organisation, other_organisation):
    network = network_of(organisation, other_organisation)
    o = offer(organisation, networks=[network])
    reservation = _reserve(o, claimant=other_organisation)
    with pytest.raises(ValidationError) as caught:
        services.reservation_hand_over(actor=None, reservation=reservation)
    assert "record a verified erasure or a destruction before it leaves" in caught.value.messages[0]
    reservation.refresh_from_db()
    assert reservation.state == ReservationState.ACTIVE
    assert not Device.objects.filter(organisation=other_organisation).exists()


@needs_transfer_step
def test_cross_organisation_handover_creates_the_device_with_its_history(organisation, other_organisation):
    network = network_of(organisation, other_organisation)
    own_category_model = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T14",
                                            cpu="i5-1145G7", ram_gb=16)  # fmt: skip
    o = offer(organisation, networks=[network], model=own_category_model, asset_tag="INV-42", serial_number="PF-1")
    erased(o.device)
    receiving = service(other_organisation, name="Écoles")
    reservation = services.reservation_create(actor=None, offer=o, claimant=other_organisation, service=receiving)
    services.reservation_hand_over(actor=None, reservation=reservation)
    donor_device = Device.objects.get(pk=o.device_id)
    received = Device.objects.get(organisation=other_organisation)
    reservation.refresh_from_db()
    assert donor_device.state == DeviceState.HANDED_OVER
    assert reservation.received_device == received
    assert received.state == DeviceState.IN_USE
    assert received.service == receiving
    assert (received.serial_number, received.asset_tag) == ("PF-1", "INV-42")
    assert received.model.organisation == other_organisation
    assert received.model.cpu == "i5-1145G7"
    assert "Région Démo" in received.notes
    assert received.external_ids["marketplace"]["donor_device"] == str(donor_device.public_id)
    event = CustodyEvent.objects.get(device=donor_device)
    assert event.kind == "transferred"
    assert event.organisation == organisation
    assert event.beneficiary_kind == "public_body"


@needs_transfer_step
def test_cross_organisation_handover_reuses_the_receivers_model_and_category(organisation, other_organisation):
    network = network_of(organisation, other_organisation)
    chairs = Category.objects.create(organisation=organisation, code="chairs", name="Chairs", is_it=False)
    model = DeviceModelFactory(organisation=organisation, manufacturer="Steelcase", name="Leap", category=chairs)
    same = DeviceModelFactory(organisation=other_organisation, manufacturer="STEELCASE", name="leap", category=chairs)
    o = offer(organisation, grade="A", networks=[network], model=model)
    erased(o.device)  # an organisation's own category is taken to hold data, chairs included
    taken = DeviceFactory(organisation=other_organisation, asset_tag=o.device.asset_tag)
    reservation = _reserve(o, claimant=other_organisation)
    services.reservation_hand_over(actor=None, reservation=reservation)
    received = Device.objects.get(organisation=other_organisation, serial_number=o.device.serial_number)
    assert received.model == same
    assert received.asset_tag == ""
    assert taken.asset_tag in received.notes
    assert DeviceModel.objects.filter(organisation=other_organisation).count() == 2  # no copy made
