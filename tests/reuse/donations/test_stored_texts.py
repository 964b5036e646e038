"""A lot's refusal reasons, the reasons a partner suits it and its timeline (territories included) read in the
language of whoever opens the lot, not of whoever confirmed the handover or reported the event."""

import datetime
import html

from django.urls import reverse
from django.utils import translation

from fairfleet.reuse.donations import custody, services
from fairfleet.reuse.donations.models import LotDevice
from tests.conftest import member_client
from tests.core.catalogues import msgstr
from tests.reuse.donations.factories import donor_actor, offered_lot, ready_device

ERASURE = "%(device)s may hold data: record a verified erasure or a destruction before it leaves."
LOCKED = "%(device)s is locked by a firmware or BIOS password: unlock it before donating it."


def _lot_page(lot, language) -> str:
    client = member_client(lot.organisation, "viewer")
    response = client.get(reverse("reuse:donations:lot_detail", args=[lot.public_id]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _kept_back_in_english(donor, listing):
    good = ready_device(donor, asset_tag="PC-GOOD")
    raw = ready_device(donor, erased=False, asset_tag="PC-RAW")
    locked = ready_device(donor, locked=True, asset_tag="PC-LOCKED")
    lot, offers = offered_lot(donor, [listing], devices=[good, raw, locked])
    partner_user = donor_actor(listing.organisation, "admin")
    with translation.override("en"):
        services.offer_accept(actor=partner_user, offer=offers[0])
        services.lot_schedule_pickup(
            actor=lot.created_by,
            actor_organisation=donor,
            lot=lot,
            pickup_date=datetime.date(2026, 12, 3),
            pickup_place="Hall",
            transporter="",
        )
        services.lot_confirm_handover(actor=lot.created_by, lot=lot)
    return lot


def test_refusal_reasons_written_in_english_read_in_french(donor, listing):
    lot = _kept_back_in_english(donor, listing)
    kept = {item.device.asset_tag: item for item in LotDevice.objects.filter(lot=lot, refusal_code__gt="")}
    assert kept["PC-RAW"].refusal_message == {"code": "reuse.erasure_missing", "params": {"device": "PC-RAW"}}
    assert kept["PC-RAW"].refusal_reason == ""
    page = _lot_page(lot, "fr")
    assert msgstr("fr", ERASURE) % {"device": "PC-RAW"} in page
    assert msgstr("fr", LOCKED) % {"device": "PC-LOCKED"} in page
    assert "may hold data" not in page
    assert "unlock it before donating it" not in page


def test_refusal_reasons_read_in_dutch(donor, listing):
    lot = _kept_back_in_english(donor, listing)
    page = _lot_page(lot, "nl")
    assert msgstr("nl", ERASURE) % {"device": "PC-RAW"} in page
    assert "may hold data" not in page


def test_a_refusal_stored_before_the_codes_still_shows_its_text(donor, listing):
    lot = _kept_back_in_english(donor, listing)
    LotDevice.objects.filter(lot=lot, refusal_code="erasure_missing").update(
        refusal_message=None, refusal_reason="PC-RAW may hold data (old text)."
    )
    assert "PC-RAW may hold data (old text)." in _lot_page(lot, "fr")


def test_timeline_territory_reads_by_its_name(handed_over, listing):
    lot, user = handed_over
    with translation.override("en"):
        for serial, territory in (("SN-A1", "BE-VAN"), ("SN-A2", "FR-R32")):
            custody.custody_report(
                actor=user,
                partner=listing.organisation,
                data=custody.EventData(
                    item=lot.items.get(device__serial_number=serial),
                    kind="refurbished",
                    occurred_on=datetime.date(2026, 11, 20),
                    territory=territory,
                ),
            )
    page = _lot_page(lot, "nl")
    assert msgstr("nl", "Antwerp") in page
    assert msgstr("nl", "Hauts-de-France") in page
    assert "BE-VAN" not in page
    assert "FR-R32" not in page
    page = _lot_page(lot, "fr")
    assert msgstr("fr", "Antwerp") in page


def test_second_life_step_reads_in_the_readers_language(handed_over, listing, donor):
    lot, user = handed_over
    item = lot.items.get(device__serial_number="SN-A1")
    with translation.override("en"):
        custody.custody_report(
            actor=user,
            partner=listing.organisation,
            data=custody.EventData(
                item=item, kind="given", occurred_on=datetime.date(2026, 11, 20), beneficiary_kind="school"
            ),
        )
    client = member_client(donor, "viewer")
    url = reverse("inventory:device_detail", args=[item.device.public_id])
    page = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    reported = {"event": msgstr("fr", "Given to a beneficiary"), "partner": listing.organisation.name}
    assert msgstr("fr", "%(event)s, reported by %(partner)s") % reported in page
    assert msgstr("fr", "Handed over to %(partner)s") % {"partner": listing.organisation.name} in page
    assert msgstr("fr", "Donation lot: %(lot)s") % {"lot": lot.title} in page
    assert "reported by" not in page
    assert "Handed over to" not in page


def test_offer_reasons_stored_in_english_read_in_dutch(donor, listing):
    with translation.override("en"):
        _lot, offers = offered_lot(donor, [listing])
    assert all(isinstance(reason, dict) for reason in offers[0].reasons)
    with translation.override("nl"):
        texts = offers[0].reason_texts
    assert msgstr("nl", "Accepts every category of the lot.") in texts
    assert "Accepts every category of the lot." not in texts
    offers[0].reasons = ["Serves the postcode of the site (59000)."]  # an offer made before the codes
    assert offers[0].reason_texts == ["Serves the postcode of the site (59000)."]


def test_lot_steps_written_by_the_system_read_in_french(donor, listing):
    with translation.override("en"):
        lot, offers = offered_lot(donor, [listing])
        services.offer_withdraw(actor=lot.created_by, offer=offers[0])
    page = _lot_page(lot, "fr")
    assert msgstr("fr", "No offer is pending any more.") in page
    assert "No offer is pending any more." not in page
