"""The parameters of our own scenario method (reuse, refurbishment, donation), as data.

The Boavizta reference data has no model of a second life, so these figures are ours: each one carries its
default, bounds, unit and source, and an organisation may replace any of them with its own value
(FootprintProfile.method_parameters; an empty or missing key takes the default). docs/footprint-method.md,
section "Scenarios: our own method", explains each formula that uses them.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ADEME_REFURBISHED = _(
    "ADEME 2022, «Évaluation de l'impact environnemental d'un ensemble de produits reconditionnés» "
    "(librairie.ademe.fr, ref. 5241): buying refurbished instead of new avoids, per year of use and depending on "
    "the indicator (ionising radiation aside), 64–87 % of a smartphone's impacts, 46–80 % of a tablet's and "
    "43–97 % of a laptop's or a desktop's; a refurbished laptop avoids about 27 kg CO₂e per year."
)
OWN_ASSUMPTION = _("Our own assumption (no published reference figure); replace it with your own observations.")


@dataclass(frozen=True)
class MethodParameter:
    code: str
    label: object  # lazy text
    default: float
    unit: object
    minimum: float
    maximum: float
    source: object
    explanation: object


PARAMETERS: tuple[MethodParameter, ...] = (
    MethodParameter(
        "refurbished_share_laptop",
        _("Refurbished laptop: yearly embedded impact, as a share of a new one's"),
        0.6,
        _("share (0–1)"),
        0.0,
        1.0,
        ADEME_REFURBISHED,
        _(
            "The lowest cut the study found for laptops (43 %), rounded towards less benefit; for climate alone, "
            "27 kg CO₂e against about 45 kg a year for a new professional laptop (181 kg over 4 years) is a 60 % cut."
        ),
    ),
    MethodParameter(
        "refurbished_share_desktop",
        _("Refurbished desktop: yearly embedded impact, as a share of a new one's"),
        0.6,
        _("share (0–1)"),
        0.0,
        1.0,
        ADEME_REFURBISHED,
        _("The lowest cut the study found for desktops (43 %), rounded towards less benefit."),
    ),
    MethodParameter(
        "refurbished_share_tablet",
        _("Refurbished tablet: yearly embedded impact, as a share of a new one's"),
        0.55,
        _("share (0–1)"),
        0.0,
        1.0,
        ADEME_REFURBISHED,
        _("The lowest cut the study found for tablets (46 %), rounded towards less benefit."),
    ),
    MethodParameter(
        "refurbished_share_smartphone",
        _("Refurbished smartphone: yearly embedded impact, as a share of a new one's"),
        0.4,
        _("share (0–1)"),
        0.0,
        1.0,
        ADEME_REFURBISHED,
        _(
            "The lowest cut the study found for smartphones (64 %), rounded towards less benefit; its first part, "
            "on smartphones alone, found 77–91 % (87 % for climate)."
        ),
    ),
    MethodParameter(
        "refurbished_share_other",
        _("Other refurbished devices: yearly embedded impact, as a share of a new one's"),
        0.65,
        _("share (0–1)"),
        0.0,
        1.0,
        OWN_ASSUMPTION,
        _("Monitors, thin clients and the rest have no study: a little above the desktops' figure, to stay cautious."),
    ),
    MethodParameter(
        "second_life_years",
        _("Years of a second life (refurbished, redeployed or donated device)"),
        3.0,
        _("years"),
        0.5,
        10.0,
        OWN_ASSUMPTION,
        _(
            "How long a device serves again after its first life. Refurbishers commonly guarantee one to two "
            "years; three years is a cautious middle for devices that passed triage."
        ),
    ),
    MethodParameter(
        "reuse_embedded_share",
        _("Share of a new device's embedded impact spent to prepare a reused one"),
        0.1,
        _("share (0–1)"),
        0.0,
        1.0,
        OWN_ASSUMPTION,
        _(
            "A new battery or disk, transport and handling for a redeployed or donated device, charged to its "
            "second life. Ten per cent errs on the side of a costly preparation."
        ),
    ),
    MethodParameter(
        "fit_for_reuse_share",
        _("Share of retired devices fit for a second life"),
        0.6,
        _("share (0–1)"),
        0.0,
        1.0,
        OWN_ASSUMPTION,
        _("Devices that pass triage and data erasure; the others go to recycling."),
    ),
    MethodParameter(
        "donation_substitution_rate",
        _("Share of donated devices that spare the recipient a purchase"),
        0.5,
        _("share (0–1)"),
        0.0,
        1.0,
        _(
            "Our own assumption. Studies of reuse displacement (e.g. Zink and Geyer, «Circular economy "
            "rebound», Journal of Industrial Ecology, 2017) find that a reused product rarely displaces a new one "
            "one for one."
        ),
        _("The other half equips people who would have gone without, or adds to the recipient's stock."),
    ),
    MethodParameter(
        "refurbished_price_ratio",
        _("Price of a refurbished device, as a share of a new one's"),
        0.6,
        _("share of the new price"),
        0.05,
        1.5,
        OWN_ASSUMPTION,
        _("Use the prices of your own contracts; public buyers' framework agreements usually list both."),
    ),
    MethodParameter(
        "horizon_years",
        _("Default horizon of a scenario"),
        5.0,
        _("years"),
        1.0,
        15.0,
        OWN_ASSUMPTION,
        _("The number of years over which the avoided impacts are added up; each scenario may choose another."),
    ),
)
PARAMETERS_BY_CODE = {parameter.code: parameter for parameter in PARAMETERS}

# Category codes with their own refurbished share; any other category uses refurbished_share_other.
REFURBISHED_SHARE_OF_CATEGORY = {
    "laptop": "refurbished_share_laptop",
    "desktop": "refurbished_share_desktop",
    "all_in_one": "refurbished_share_desktop",
    "workstation": "refurbished_share_desktop",
    "tablet": "refurbished_share_tablet",
    "smartphone": "refurbished_share_smartphone",
    "feature_phone": "refurbished_share_smartphone",
}


def defaults() -> dict[str, float]:
    return {parameter.code: parameter.default for parameter in PARAMETERS}


def validate_values(values: dict) -> dict[str, float]:
    """The organisation's values, checked: known codes, numbers within bounds; empty values are dropped (they
    take the default). Raises ValidationError naming each bad field, so that nothing is saved."""
    errors, cleaned = {}, {}
    for code, raw in (values or {}).items():
        parameter = PARAMETERS_BY_CODE.get(code)
        if parameter is None:
            errors[code] = _("Unknown parameter.")
            continue
        if raw is None or raw == "":
            continue
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            errors[code] = _("Enter a number.")
            continue
        if not number.is_finite() or not parameter.minimum <= number <= parameter.maximum:
            errors[code] = _("Enter a number between %(minimum)s and %(maximum)s.") % {
                "minimum": parameter.minimum,
                "maximum": parameter.maximum,
            }
            continue
        cleaned[code] = float(number)
    if errors:
        raise ValidationError(errors)
    return cleaned


def parameters_for(profile) -> dict[str, float]:
    """Every parameter's value for this organisation: its own where valid, else the default.

    A stored value that no longer passes validation (bounds changed) falls back to the default rather than
    breaking the pages; the parameters page shows the stored value so that it can be corrected.
    """
    merged = defaults()
    stored = dict(getattr(profile, "method_parameters", None) or {})
    for code, raw in stored.items():
        try:
            merged.update(validate_values({code: raw}))
        except ValidationError:
            continue
    return merged


def own_values(profile) -> dict[str, float]:
    """The values the organisation set itself (valid ones), for the parameters page."""
    all_values = parameters_for(profile)
    stored = dict(getattr(profile, "method_parameters", None) or {})
    return {code: all_values[code] for code in stored if code in PARAMETERS_BY_CODE}


def refurbished_share(values: dict[str, float], category_code: str) -> float:
    return values[REFURBISHED_SHARE_OF_CATEGORY.get(category_code or "", "refurbished_share_other")]
