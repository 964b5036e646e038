"""Why a route was suggested, and the steps the system writes into a device's history, read in the language of
whoever opens the page, not of whoever computed them."""

import datetime
import html

from django.urls import reverse
from django.utils import timezone, translation

from fairfleet.inventory.models import DeviceState, DeviceTransition
from fairfleet.inventory.services import TransitionRequest, device_transition
from fairfleet.reuse import services
from fairfleet.reuse.marketplace import services as marketplace
from fairfleet.reuse.models import Assessment
from tests.api.conftest import token_client
from tests.conftest import member_client
from tests.core.catalogues import msgstr
from tests.inventory.factories import DeviceFactory
from tests.reuse.factories import AssessmentFactory
from tests.tenancy.factories import OrganisationFactory, ServiceFactory

SELL = "It works, grade %(grade)s, %(age)s years old: a refurbisher can prepare and resell it."
NOT_ROUTE = "Not “%(route)s”: %(problems)s"
REDEPLOY = "Redeploy inside the organisation"


def _nine_years_old_grade_c(organisation):
    acquired = timezone.localdate() - datetime.timedelta(days=round(9 * 365.25))
    device = DeviceFactory(organisation=organisation, state=DeviceState.END_OF_USE, acquisition_date=acquired)
    data = {"is_functional": True, "grade": "C", "battery_health_pct": 85, "storage_health": "good"}
    return device, data


def _page(client, device, language) -> str:
    response = client.get(reverse("reuse:device", args=[device.public_id]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_route_computed_in_english_reads_in_french():
    organisation = OrganisationFactory(country="FR", language="fr")
    device, data = _nine_years_old_grade_c(organisation)
    with translation.override("en"):
        assessment = services.assessment_create(actor=None, device=device, data=data)
    assert assessment.suggested_route == "sell"
    assert assessment.route_reason == ""  # only codes are stored
    assert assessment.route_reasons[0]["code"] == "reuse.route_fits_sell"
    page = _page(member_client(organisation, "viewer"), device, "fr")
    assert msgstr("fr", SELL) % {"grade": "C", "age": "9,0"} in page
    assert msgstr("fr", NOT_ROUTE).split("%(problems)s")[0] % {"route": msgstr("fr", REDEPLOY)} in page
    assert "a refurbisher can prepare and resell it" not in page
    assert "Redeploy inside the organisation" not in page


def test_route_computed_in_french_reads_in_dutch():
    organisation = OrganisationFactory(country="BE", language="nl")
    device, data = _nine_years_old_grade_c(organisation)
    with translation.override("fr"):
        services.assessment_create(actor=None, device=device, data=data)
    page = _page(member_client(organisation, "viewer"), device, "nl")
    assert msgstr("nl", SELL) % {"grade": "C", "age": "9,0"} in page
    assert msgstr("fr", SELL).split(",")[0] not in page  # "Il fonctionne"


def test_route_api_answers_in_the_readers_language(organisation):
    device, data = _nine_years_old_grade_c(organisation)
    with translation.override("en"):
        assessment = services.assessment_create(actor=None, device=device, data=data)
    client = token_client(organisation, "viewer")
    body = client.get(
        "/api/v1/reuse/assessments/", {"device": str(device.public_id)}, HTTP_ACCEPT_LANGUAGE="nl"
    ).json()
    body = next(row for row in body if row["id"] == str(assessment.public_id))
    assert msgstr("nl", SELL) % {"grade": "C", "age": "9,0"} in body["route_reason"]
    assert body["route_reasons"][0]["code"] == "reuse.route_fits_sell"


def test_an_assessment_stored_before_the_codes_still_shows_its_text(organisation):
    device = DeviceFactory(organisation=organisation, state=DeviceState.END_OF_USE)
    AssessmentFactory(device=device, organisation=organisation, route_reason="It works, grade B: old text.")
    page = _page(member_client(organisation, "viewer"), device, "fr")
    assert "It works, grade B: old text." in page


def test_history_written_by_the_marketplace_reads_in_dutch(organisation):
    device = DeviceFactory(organisation=organisation, state=DeviceState.END_OF_USE)
    AssessmentFactory(device=device, organisation=organisation)
    service = ServiceFactory(organisation=organisation, name="Dienst Onthaal")
    with translation.override("en"):
        offer = marketplace.offers_create(actor=None, organisation=organisation, devices=[device])[0]
        marketplace.reservation_create(actor=None, offer=offer, claimant=organisation, service=service)
    step = DeviceTransition.objects.filter(device=device).first()
    assert (step.reason, step.reason_message["code"]) == ("", "marketplace.reserved_for")
    response = member_client(organisation, "viewer").get(
        reverse("inventory:device_detail", args=[device.public_id]), HTTP_ACCEPT_LANGUAGE="nl"
    )
    page = html.unescape(response.content.decode())
    assert msgstr("nl", "Reserved for %(service)s.") % {"service": "Dienst Onthaal"} in page
    assert msgstr("nl", "Offered on the internal marketplace.") in page
    assert "Reserved for" not in page


def test_a_reason_typed_by_a_user_stays_as_typed(organisation):
    device = DeviceFactory(organisation=organisation)
    with translation.override("fr"):
        device_transition(actor=None, device=device, request=TransitionRequest(DeviceState.LOST, reason="Volé"))
    step = DeviceTransition.objects.filter(device=device).first()
    assert (step.reason, step.reason_message) == ("Volé", None)
    with translation.override("nl"):
        assert step.reason_text == "Volé"


def test_a_step_stored_before_the_codes_still_shows_its_text(organisation):
    device = DeviceFactory(organisation=organisation)
    DeviceTransition.objects.create(
        organisation=organisation, device=device, from_state="in_use", to_state="end_of_use", reason="Donation lot: X"
    )
    response = member_client(organisation, "viewer").get(
        reverse("inventory:device_detail", args=[device.public_id]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "Donation lot: X" in html.unescape(response.content.decode())
    assert Assessment.objects.count() == 0
