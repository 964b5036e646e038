"""Legal identifiers: every well-formed number passes, every one-digit change is caught."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fairfleet.tenancy.identifiers import validate_legal_identifier


def _luhn_complete(digits: str) -> str:
    for last in "0123456789":
        candidate = digits + last
        total = sum(
            (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d for i, d in enumerate(map(int, reversed(candidate)))
        )
        if total % 10 == 0:
            return candidate
    raise AssertionError


def _siret(body: str) -> str:
    siren = _luhn_complete(body[:8])
    return _luhn_complete(siren + body[8:12])


@given(body=st.from_regex(r"\A[1-9][0-9]{11}\Z"))
def test_well_formed_sirets_pass_and_are_normalised(body):
    siret = _siret(body)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    assert validate_legal_identifier(country="FR", value=spaced) == siret


@given(body=st.from_regex(r"\A[1-9][0-9]{11}\Z"), position=st.integers(0, 13), delta=st.integers(1, 9))
def test_one_changed_digit_is_refused(body, position, delta):
    siret = _siret(body)
    if siret.startswith("356000000"):  # La Poste's establishments follow another rule
        return
    changed = siret[:position] + str((int(siret[position]) + delta) % 10) + siret[position + 1 :]
    with pytest.raises(ValidationError):
        validate_legal_identifier(country="FR", value=changed)


@given(first=st.integers(min_value=2_000_000, max_value=19_999_999))
def test_belgian_numbers_follow_modulo_97(first):
    number = f"{first:08d}{97 - first % 97:02d}"
    assert validate_legal_identifier(country="BE", value=f"{number[:4]}.{number[4:7]}.{number[7:]}") == number
    wrong = f"{first:08d}{(97 - first % 97) % 97 + 1:02d}"
    with pytest.raises(ValidationError):
        validate_legal_identifier(country="BE", value=wrong)


@pytest.mark.parametrize(
    ("country", "value", "code"),
    [("FR", "123", "siret_length"), ("FR", "7328293200007A", "siret_length"), ("BE", "2203201340", "kbo_length"),
     ("BE", "", "kbo_length")],
)  # fmt: skip
def test_malformed_identifiers_say_why(country, value, code):
    with pytest.raises(ValidationError) as error:
        validate_legal_identifier(country=country, value=value)
    assert error.value.code == code


def test_other_countries_keep_what_was_typed():
    assert validate_legal_identifier(country="LU", value=" B123456 ") == "B123456"
