"""The erasure rule (reuse.workflows.with_erasure_status), from every front door that lets a device leave:
an erasure counts only since the device's last entry into end of use, per medium (a later failure of the same
medium overrides a pass), and every category holds data unless it is explicitly marked as keeping none."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fairfleet.inventory.categories import NO_DATA_CATEGORIES
from fairfleet.inventory.imports.presets import CATEGORY_WORDS, match_word
from fairfleet.inventory.models import Category, Device, DeviceState, DeviceTransition
from fairfleet.inventory.services import (
    BulkTransitionRefused,
    TransitionRequest,
    device_bulk_transition,
    device_transition,
)
from fairfleet.reuse.certificates import certificate_html
from fairfleet.reuse.donations import services as donations
from fairfleet.reuse.donations.documents import agreement_content
from fairfleet.reuse.marketplace import services as marketplace
from fairfleet.reuse.marketplace.models import ReservationState
from fairfleet.reuse.models import ErasureMethod, ErasureResult
from tests.api.conftest import token_client
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.reuse.donations.factories import PartnerListingFactory, donor_actor, offered_lot, ready_device
from tests.reuse.factories import AssessmentFactory, ErasureRecordFactory
from tests.reuse.marketplace.helpers import needs_transfer_step, network_of, service
from tests.tenancy.factories import OrganisationFactory

SOLD = TransitionRequest(to_state=DeviceState.SOLD, reference="INV-1")


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _record(device, drive="DRV-A", at=None, result=ErasureResult.PASSED, method=ErasureMethod.PURGE):
    return ErasureRecordFactory(
        device=device, organisation=device.organisation, drive_serial=drive, performed_at=at or _ago(1),
        result=result, method=method,
    )  # fmt: skip


def _device(organisation, category):
    model = DeviceModelFactory(organisation=organisation, category=category, storage_gb=None, storage_type="")
    device = DeviceFactory(organisation=organisation, model=model, state=DeviceState.IN_USE)
    AssessmentFactory(device=device, organisation=organisation)
    return device


def _retire(device):
    """The device enters end of use through the lifecycle (which logs the entry)."""
    device_transition(actor=None, device=device, request=TransitionRequest(to_state=DeviceState.END_OF_USE))
    device.refresh_from_db()
    return device


def _reentered(organisation, erased_again: bool):
    """Erased and retired once, back in use, retired again; erased again after that only if asked."""
    device = _retire(_device(organisation, builtin_category("laptop")))
    _record(device, at=timezone.now())
    device_transition(actor=None, device=device, request=TransitionRequest(to_state=DeviceState.IN_STOCK))
    device_transition(actor=None, device=device, request=TransitionRequest(to_state=DeviceState.IN_USE))
    _retire(device)
    if erased_again:
        _record(device, at=timezone.now() + datetime.timedelta(seconds=1))
    return device


def _later_fail(organisation, fixed: bool):
    device = _retire(_device(organisation, builtin_category("laptop")))
    DeviceTransition.objects.filter(device=device).update(created_at=_ago(10))
    _record(device, at=_ago(3))
    _record(device, at=_ago(2), result=ErasureResult.FAILED)
    if fixed:
        _record(device, at=_ago(1))
    return device


def _two_media(organisation, both: bool):
    device = _retire(_device(organisation, builtin_category("desktop")))
    DeviceTransition.objects.filter(device=device).update(created_at=_ago(10))
    _record(device, drive="DRV-A")
    _record(device, drive="DRV-B", result=ErasureResult.PASSED if both else ErasureResult.NOT_VERIFIED)
    return device


def _own_category(organisation, erased: bool):
    category = Category.objects.create(organisation=organisation, code="postes", name="Postes de travail")
    device = _retire(_device(organisation, category))
    if erased:
        _record(device, at=timezone.now() + datetime.timedelta(seconds=1))
    return device


def _unknown_builtin(organisation, erased: bool):
    category, _created = Category.objects.get_or_create(organisation=None, code="gadget", defaults={"name": "Gadget"})
    device = _retire(_device(organisation, category))
    if erased:
        _record(device, at=timezone.now() + datetime.timedelta(seconds=1))
    return device


def _monitor(organisation, _unused: bool):
    return _retire(_device(organisation, builtin_category("monitor")))


# (builder, argument, may leave)
CASES = {
    "pass then back in use and retired again": (_reentered, False, False),
    "erased again after the new retirement": (_reentered, True, True),
    "pass then a later failure of the same drive": (_later_fail, False, False),
    "failure then a later pass of the same drive": (_later_fail, True, True),
    "two drives, one erased": (_two_media, False, False),
    "two drives, both erased": (_two_media, True, True),
    "organisation's own category, no record": (_own_category, False, False),
    "organisation's own category, erased": (_own_category, True, True),
    "unknown built-in category, no record": (_unknown_builtin, False, False),
    "unknown built-in category, erased": (_unknown_builtin, True, True),
    "monitor, no record": (_monitor, False, True),
}


def _build(organisation, case):
    builder, argument, allowed = CASES[case]
    return builder(organisation, argument), allowed


@pytest.mark.parametrize("case", CASES)
def test_service_step(organisation, case):
    device, allowed = _build(organisation, case)
    if allowed:
        device_transition(actor=None, device=device, request=SOLD)
        device.refresh_from_db()
        assert device.state == DeviceState.SOLD
    else:
        steps = DeviceTransition.objects.filter(device=device).count()
        with pytest.raises(ValidationError) as error:
            device_transition(actor=None, device=device, request=SOLD)
        assert error.value.code == "erasure_missing"
        device.refresh_from_db()
        assert device.state == DeviceState.END_OF_USE
        assert DeviceTransition.objects.filter(device=device).count() == steps


@pytest.mark.parametrize("case", CASES)
def test_bulk_step(organisation, case):
    device, allowed = _build(organisation, case)
    if allowed:
        assert device_bulk_transition(actor=None, organisation=organisation, device_ids=[device.pk], request=SOLD) == 1
        device.refresh_from_db()
        assert device.state == DeviceState.SOLD
    else:
        with pytest.raises(BulkTransitionRefused) as error:
            device_bulk_transition(actor=None, organisation=organisation, device_ids=[device.pk], request=SOLD)
        assert [(r.device.pk, r.code) for r in error.value.refusals] == [(device.pk, "erasure_missing")]
        device.refresh_from_db()
        assert device.state == DeviceState.END_OF_USE


@pytest.mark.parametrize("case", CASES)
def test_api_step(organisation, case):
    device, allowed = _build(organisation, case)
    client = token_client(organisation, "admin")
    response = client.post(
        f"/api/v1/devices/{device.public_id}/transition/", {"to_state": "sold", "reference": "INV-7"}, format="json"
    )
    device.refresh_from_db()
    if allowed:
        assert response.status_code == 200, response.content
        assert device.state == DeviceState.SOLD
    else:
        assert response.status_code == 400
        assert "erasure" in response.content.decode()
        assert device.state == DeviceState.END_OF_USE


@pytest.mark.parametrize("case", CASES)
def test_donation_lot_handover(organisation, case):
    device, allowed = _build(organisation, case)
    companion = ready_device(organisation, asset_tag="PC-COMPANION")
    listing = PartnerListingFactory(organisation__name="Atelier du Nord")
    lot, offers = offered_lot(organisation, [listing], devices=[companion, device])
    donations.offer_accept(actor=donor_actor(listing.organisation, "admin"), offer=offers[0])
    donations.lot_schedule_pickup(
        actor=lot.created_by, actor_organisation=organisation, lot=lot,
        pickup_date=datetime.date(2026, 12, 3), pickup_place="Hall", transporter="",
    )  # fmt: skip
    kept = donations.lot_confirm_handover(actor=lot.created_by, lot=lot)
    expected = [] if allowed else [(device.pk, "erasure_missing")]
    assert [(item.device_id, item.refusal_code) for item in kept] == expected
    device.refresh_from_db()
    assert device.state == (DeviceState.IN_DONATION_LOT if allowed else DeviceState.END_OF_USE)


@needs_transfer_step
@pytest.mark.parametrize("case", CASES)
def test_marketplace_handover_to_another_organisation(organisation, case):
    device, allowed = _build(organisation, case)
    receiver = OrganisationFactory(name="Commune voisine")
    network = network_of(organisation, receiver)
    offer = marketplace.offers_create(actor=None, organisation=organisation, devices=[device], networks=[network])[0]
    reservation = marketplace.reservation_create(
        actor=None, offer=offer, claimant=receiver, service=service(receiver, "tolerant")
    )
    if allowed:
        marketplace.reservation_hand_over(actor=None, reservation=reservation)
        device.refresh_from_db()
        assert device.state == DeviceState.HANDED_OVER
    else:
        with pytest.raises(ValidationError):
            marketplace.reservation_hand_over(actor=None, reservation=reservation)
        reservation.refresh_from_db()
        assert reservation.state == ReservationState.ACTIVE
        assert not Device.objects.filter(organisation=receiver).exists()


def test_certificate_and_agreement_use_the_same_rule(organisation):
    """A device erased before it went back into use is not erased now, on the certificate and in the agreement."""
    stale, fresh = _reentered(organisation, False), _reentered(organisation, True)
    html = certificate_html(organisation=organisation, devices=[stale, fresh], issued_by=None)
    assert html.count("this device may still hold data") == 1
    assert html.index(stale.asset_tag) < html.index("this device may still hold data") < html.index(fresh.asset_tag)
    listing = PartnerListingFactory(organisation__name="Atelier du Nord")
    lot, offers = offered_lot(organisation, [listing], devices=[stale, fresh])
    donations.offer_accept(actor=donor_actor(listing.organisation, "admin"), offer=offers[0])
    lot.refresh_from_db()
    lot.organisation.language = "en"
    rows = {row[3]: row[5] for row in agreement_content(lot).rows}
    assert rows == {stale.asset_tag: "No erasure record", fresh.asset_tag: "Verified erasure recorded"}


@pytest.mark.parametrize("code", sorted(NO_DATA_CATEGORIES))
def test_only_the_marked_built_in_categories_hold_no_data(code):
    assert builtin_category(code).holds_no_data is True


@pytest.mark.parametrize("code", ["laptop", "desktop", "printer", "server", "network", "storage", "smartphone"])
def test_data_holding_built_in_categories_are_not_marked(code):
    assert builtin_category(code).holds_no_data is False


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Computers", "desktop"),
        ("PC", "desktop"),
        ("Chromebooks", "laptop"),
        ("MacBook Pro", "laptop"),
        ("Postes de travail", "desktop"),
        ("Ordinateurs", "desktop"),
        ("Écrans", "monitor"),
    ],
)
def test_import_words_for_computers(cell, expected):
    assert match_word(cell, CATEGORY_WORDS) == expected


def test_the_words_are_not_the_guard():
    """A category nobody wrote words for still holds data."""
    assert Category(code="anything", name="Anything").holds_no_data is False
    assert Category._meta.get_field("holds_no_data").default is False
