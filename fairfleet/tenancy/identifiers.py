"""Legal identifiers of organisations: French SIRET and Belgian enterprise number (KBO/BCE).

The check digits are verified by python-stdnum, which also knows the exceptions (La Poste's
establishments use a digit-sum rule instead of Luhn); the messages are ours, in the user's language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat as belgian_enterprise_number
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.fr import siret


def validate_siret(value: str) -> str:
    """A SIRET has 14 digits and a valid check digit; returns the digits."""
    try:
        return siret.validate(value)
    except (InvalidLength, InvalidFormat):
        raise ValidationError(_("A SIRET number has 14 digits."), code="siret_length") from None
    except StdnumError:
        raise ValidationError(_("This SIRET number fails its check digit."), code="siret_checksum") from None


def validate_belgian_enterprise_number(value: str) -> str:
    """A Belgian enterprise number has 10 digits, starts with 0 or 1, and ends with a modulo-97 check."""
    try:
        return belgian_enterprise_number.validate(value)
    except (InvalidLength, InvalidFormat, InvalidComponent):
        raise ValidationError(
            _("A Belgian enterprise number has 10 digits and starts with 0 or 1."), code="kbo_length"
        ) from None
    except (InvalidChecksum, StdnumError):
        raise ValidationError(_("This enterprise number fails its check digits."), code="kbo_checksum") from None


def validate_legal_identifier(*, country: str, value: str) -> str:
    """Validate for the country and return the canonical digits; other countries are kept as typed."""
    if country == "FR":
        return validate_siret(value)
    if country == "BE":
        return validate_belgian_enterprise_number(value)
    return value.strip()


def searchable_identifier(value: str) -> tuple[str, str] | None:
    """The country and canonical digits of a SIRET or a Belgian enterprise number however it was typed
    (spaces, dots, a BE prefix), or None when it is neither."""
    for country in ("FR", "BE"):
        try:
            return country, validate_legal_identifier(country=country, value=value)
        except ValidationError:
            continue
    return None
