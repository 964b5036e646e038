"""Legal identifiers of organisations: French SIRET and Belgian enterprise number (KBO/BCE)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_identifier(value: str) -> str:
    """Keep digits only: people type spaces, dots and dashes ("0123.456.749", "552 100 554 00011")."""
    return re.sub(r"\D", "", value or "")


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET has 14 digits and passes the Luhn check (INSEE)."""
    digits = normalise_identifier(value)
    if len(digits) != 14:
        raise ValidationError(_("A SIRET number has 14 digits."), code="siret_length")
    # La Poste establishments (SIREN 356000000) use a digit-sum rule instead of Luhn.
    if digits.startswith("356000000"):
        if sum(int(c) for c in digits) % 5 != 0:
            raise ValidationError(_("This SIRET number fails its check digit."), code="siret_checksum")
        return
    if not luhn_is_valid(digits):
        raise ValidationError(_("This SIRET number fails its check digit."), code="siret_checksum")


def validate_belgian_enterprise_number(value: str) -> None:
    """A Belgian enterprise number has 10 digits, starts with 0 or 1; the last two are 97 - (first eight mod 97)."""
    digits = normalise_identifier(value)
    if len(digits) == 9:  # older numbers were written without the leading zero
        digits = "0" + digits
    if len(digits) != 10 or digits[0] not in "01":
        raise ValidationError(
            _("A Belgian enterprise number has 10 digits and starts with 0 or 1."), code="kbo_length"
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(_("This enterprise number fails its check digits."), code="kbo_checksum")


def validate_legal_identifier(*, country: str, value: str) -> str:
    """Validate for the country and return the canonical digits; other countries are kept as typed."""
    if country == "FR":
        validate_siret(value)
        return normalise_identifier(value)
    if country == "BE":
        validate_belgian_enterprise_number(value)
        digits = normalise_identifier(value)
        return digits.zfill(10)
    return value.strip()
