"""Every text the system stores as a code (core.messages) reads in the reader's language, whoever wrote it."""

import pytest
from django.utils import translation

from fairfleet.core import messages
from fairfleet.core.messages import Message, message_text, messages_text
from tests.core.catalogues import PLACEHOLDER, literal_parts, msgstr

# A sample value for each parameter name the stored texts use; the others get SAMPLE_TEXT or SAMPLE_NUMBER.
SAMPLES = {
    "allowed": "AB",
    "age": 9.0,
    "date": "2026-01-31",
    "faults": ["keyboard"],
    "route": "redeploy",
    "problems": [{"code": "reuse.route_battery", "params": {"battery": 40, "min": 70}}],
    "names": ["FR-59"],
    "categories": ["laptop"],
    "status": "company",
    "label": "ordi_3_0",
    "event": "given",
    "value": "412.50",
}
SAMPLE_TEXT, SAMPLE_NUMBER = "PC-0042", 3


def _sample(code: str) -> Message:
    source = str(messages._CATALOGUE[code].source)
    params = {}
    for name, kind in PLACEHOLDER.findall(source):
        params[name] = SAMPLES.get(name, SAMPLE_NUMBER if kind == "d" else SAMPLE_TEXT)
    return Message(code, params)


def test_the_apps_register_their_stored_texts():
    prefixes = {code.split(".")[0] for code in messages.registered_codes()}
    assert prefixes == {"inventory", "reuse", "marketplace", "donations"}


@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize("code", messages.registered_codes())
def test_every_stored_text_renders_in_the_readers_language(code, language):
    stored = _sample(code).as_json()
    source = str(messages._CATALOGUE[code].source)
    translated = msgstr(language, source)
    assert translated
    assert translated != source
    with translation.override("en"):
        english = message_text(stored)
    with translation.override(language):
        shown = message_text(stored)
    assert shown
    assert shown != english
    for part in literal_parts(translated):
        assert part in shown
    for part in literal_parts(source, shortest=12):
        if part not in translated:
            assert part not in shown


def test_nested_codes_and_parameters_are_shown_in_the_readers_language():
    problem = {"code": "reuse.route_battery", "params": {"battery": 40, "min": 70}}
    stored = Message("reuse.route_ruled_out", {"route": "redeploy", "problems": [problem]}).as_json()
    with translation.override("fr"):
        shown = message_text(stored)
    assert msgstr("fr", "Redeploy inside the organisation") in shown
    assert "Sa batterie conserve 40\xa0% de sa capacité nominale" in shown
    assert "Redeploy" not in shown
    assert "battery" not in shown


def test_numbers_and_dates_are_shown_in_the_readers_locale():
    age = Message("reuse.route_fits_sell", {"grade": "C", "age": 9.0}).as_json()
    updates = Message("reuse.route_os_updates", {"date": "2025-01-31"}).as_json()
    with translation.override("fr"):
        assert "9,0 ans" in message_text(age)
        assert "31/01/2025" in message_text(updates)
    with translation.override("nl"):
        assert "9,0 jaar" in message_text(age)
    with translation.override("en"):
        assert "9.0 years" in message_text(age)


def test_territory_codes_are_shown_by_their_names():
    stored = Message("donations.match_territory", {"names": ["FR-R32", "BE-VAN"]}).as_json()
    with translation.override("nl"):
        shown = message_text(stored)
    assert msgstr("nl", "Hauts-de-France") in shown
    assert msgstr("nl", "Antwerp") in shown
    assert "FR-R32" not in shown
    assert "BE-VAN" not in shown


def test_old_texts_and_typed_texts_are_shown_as_they_are():
    with translation.override("fr"):
        assert message_text(None, "Donation lot: Portables 2019") == "Donation lot: Portables 2019"
        assert messages_text(["Serves the postcode of the site (59000).", Message("donations.match_categories")]) == [
            "Serves the postcode of the site (59000).",
            msgstr("fr", "Accepts every category of the lot."),
        ]
        # A code no longer known, or parameters that do not fit, fall back to the stored text.
        assert message_text({"code": "gone.code", "params": {}}, "as stored") == "as stored"
        assert message_text({"code": "donations.in_lot", "params": {}}, "as stored") == "as stored"


def test_an_unknown_code_is_refused_when_written():
    with pytest.raises(KeyError):
        Message("reuse.no_such_text")


def test_a_code_cannot_change_meaning():
    with pytest.raises(ValueError, match="registered twice"):
        messages.messages_register({"donations.in_lot": "Something else"})
