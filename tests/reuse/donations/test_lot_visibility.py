"""Who sees a donation lot in each state of its offers: only the donor and the accepting partner see its
chain (pick-up, handover, custody events, staff names); a partner still deciding sees the devices offered;
one that declined, was withdrawn or lost the lot sees only that its offer is closed."""

import datetime
import uuid

import pytest
from django.http import Http404
from django.urls import reverse

from fairfleet.reuse.donations import custody, selectors, services
from fairfleet.reuse.donations.models import DonationLot, LotState, OfferState
from fairfleet.reuse.models import CustodyEvent
from tests.api.conftest import token_client
from tests.conftest import member_client
from tests.reuse.donations.factories import PartnerListingFactory, donor_actor, offered_lot, ready_device
from tests.tenancy.factories import MembershipFactory, UserFactory

DONOR_STAFF = "Hortense Donatrice"
WINNER_STAFF = "Gaspard Gagnant"
WINNER = "Atelier Gagnant"
SERIAL = "SN-VIS-1"
PLACE = "Ressourcerie du Quai 7"


def url(name, *args):
    return reverse(f"reuse:donations:{name}", args=args)


def _staff(organisation, name, role="admin"):
    return MembershipFactory(organisation=organisation, user=UserFactory(full_name=name), role=role).user


@pytest.fixture
def scene(donor):
    """A lot of two laptops offered to four partners: one takes it, one declines, one is withdrawn, one loses.
    The winner picks the lot up, receives it and reports a device given away at PLACE."""
    winner = PartnerListingFactory(organisation__name=WINNER)
    decliner, withdrawn, loser = (PartnerListingFactory(organisation__name=n) for n in ("Décl", "Retiré", "Perdant"))
    donor_staff = _staff(donor, DONOR_STAFF, "reuse_coordinator")
    devices = [ready_device(donor, serial_number=SERIAL), ready_device(donor, serial_number="SN-VIS-2")]
    lot, offers = offered_lot(donor, [winner, decliner, withdrawn, loser], devices=devices, actor=donor_staff)
    by_partner = {offer.partner_id: offer for offer in offers}
    services.offer_decline(
        actor=donor_actor(decliner.organisation, "admin"), offer=by_partner[decliner.organisation_id]
    )
    services.offer_withdraw(actor=donor_staff, offer=by_partner[withdrawn.organisation_id])
    winner_staff = _staff(winner.organisation, WINNER_STAFF)
    services.offer_accept(actor=winner_staff, offer=by_partner[winner.organisation_id])
    DonationLot.objects.filter(pk=lot.pk).update(accepted_at=datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC))
    services.lot_schedule_pickup(
        actor=winner_staff,
        actor_organisation=winner.organisation,
        lot=lot,
        pickup_date=datetime.date(2026, 11, 3),
        pickup_place="Quai 2",
        transporter="Transports Solidaires",
    )
    services.lot_confirm_handover(actor=donor_staff, lot=lot)
    services.lot_confirm_receipt(actor=winner_staff, lot=lot)
    lot.refresh_from_db()
    custody.custody_report(
        actor=winner_staff,
        partner=winner.organisation,
        data=custody.EventData(
            item=lot.items.get(device__serial_number=SERIAL),
            kind="given",
            occurred_on=datetime.date(2026, 11, 20),
            place=PLACE,
            beneficiary_kind="school",
        ),
    )
    return {
        "lot": lot,
        "donor": donor,
        "winner": winner.organisation,
        "declined": decliner.organisation,
        "withdrawn": withdrawn.organisation,
        "lost": loser.organisation,
    }


CHAIN = (DONOR_STAFF, WINNER_STAFF, WINNER, SERIAL, PLACE, "Transports Solidaires", "Given to a beneficiary")


def test_the_scene_has_each_offer_state(scene):
    states = dict(scene["lot"].offers.values_list("partner_id", "state"))
    assert states == {
        scene["winner"].id: OfferState.ACCEPTED,
        scene["declined"].id: OfferState.DECLINED,
        scene["withdrawn"].id: OfferState.WITHDRAWN,
        scene["lost"].id: OfferState.CLOSED,
    }
    assert scene["lot"].state == LotState.HANDED_OVER


@pytest.mark.parametrize("party", ["donor", "winner"])
def test_the_two_parties_see_the_whole_chain(scene, party):
    page = member_client(scene[party], "viewer").get(url("lot_detail", scene["lot"].public_id))
    assert page.status_code == 200
    text = page.content.decode()
    for secret in CHAIN:
        assert secret in text


@pytest.mark.parametrize(
    ("party", "state_label"),
    [
        ("declined", "Declined"),
        ("withdrawn", "Withdrawn by the donor"),
        ("lost", "Closed: another partner accepted"),
    ],
)
def test_a_partner_without_the_lot_sees_only_its_closed_offer(scene, party, state_label):
    page = member_client(scene[party], "admin").get(url("lot_detail", scene["lot"].public_id))
    assert page.status_code == 200
    text = page.content.decode()
    assert state_label in text
    assert scene["lot"].title in text
    for secret in CHAIN:
        assert secret not in text


@pytest.mark.parametrize("party", ["declined", "withdrawn", "lost"])
def test_get_lot_for_answers_the_same_404_as_a_missing_lot(scene, party):
    with pytest.raises(Http404):
        selectors.get_lot_for(scene[party], scene["lot"].public_id)
    with pytest.raises(Http404):
        selectors.get_lot_for(scene[party], uuid.uuid4())
    assert selectors.get_closed_offer_for(scene[party], scene["lot"].public_id).partner == scene[party]


@pytest.mark.parametrize("party", ["donor", "winner"])
def test_get_lot_for_the_two_parties(scene, party):
    assert selectors.get_lot_for(scene[party], scene["lot"].public_id) == scene["lot"]
    with pytest.raises(Http404):
        selectors.get_closed_offer_for(scene[party], scene["lot"].public_id)


@pytest.mark.parametrize("party", ["declined", "withdrawn", "lost"])
def test_a_partner_without_the_lot_cannot_act_on_it(scene, party):
    lot = scene["lot"]
    client = member_client(scene[party], "admin")
    before = DonationLot.objects.values().get(pk=lot.pk)
    events = CustodyEvent.objects.count()
    assert (
        client.post(url("lot_pickup", lot.public_id), {"pickup_date": "2026-12-01", "pickup_place": "X"}).status_code
        == 404
    )
    assert client.post(url("lot_receipt", lot.public_id)).status_code == 404
    assert client.get(url("lot_agreement_pdf", lot.public_id)).status_code == 404
    assert client.post(url("lot_custody_event", lot.public_id), {}).status_code == 404
    assert DonationLot.objects.values().get(pk=lot.pk) == before
    assert CustodyEvent.objects.count() == events


@pytest.mark.parametrize("party", ["declined", "withdrawn", "lost"])
def test_the_partner_home_lists_only_the_winners_lot(scene, party):
    title = scene["lot"].title
    assert title not in member_client(scene[party], "admin").get(url("partner")).content.decode()
    assert title in member_client(scene["winner"], "admin").get(url("partner")).content.decode()


@pytest.mark.parametrize("party", ["declined", "withdrawn", "lost"])
def test_the_api_gives_the_chain_to_the_two_parties_only(scene, party):
    query = f"/api/v1/custody-events/?lot={scene['lot'].public_id}"
    assert token_client(scene[party], "admin").get(query).json() == []
    for side in ("donor", "winner"):
        kinds = {row["kind"] for row in token_client(scene[side], "admin").get(query).json()}
        assert "given" in kinds


def test_a_partner_still_deciding_sees_the_devices_but_not_the_chain(donor):
    """Offered: the devices to decide on, its own offer, but neither the donor's staff nor the other partners."""
    mine, other = PartnerListingFactory(), PartnerListingFactory(organisation__name="Autre Atelier")
    donor_staff = _staff(donor, DONOR_STAFF, "reuse_coordinator")
    lot, _offers = offered_lot(
        donor, [mine, other], devices=[ready_device(donor, serial_number=SERIAL)], actor=donor_staff
    )
    page = member_client(mine.organisation, "admin").get(url("lot_detail", lot.public_id))
    assert page.status_code == 200
    text = page.content.decode()
    assert SERIAL in text
    assert "Accept the lot" in text
    assert DONOR_STAFF not in text
    assert "Autre Atelier" not in text
    # The donor's page, for control, names both.
    donor_page = member_client(donor, "viewer").get(url("lot_detail", lot.public_id)).content.decode()
    assert DONOR_STAFF in donor_page
    assert "Autre Atelier" in donor_page
