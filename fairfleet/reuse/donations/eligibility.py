"""Whether a French public body may give a lot to a partner: CGPPP article L3212-2, encoded as data.

The rules are a versioned data structure (RULES below): the numbered cases of the article that concern
IT equipment, the beneficiary statuses each case admits, the per-unit value cap set by the implementing
décret, the cases article L3212-3 keeps from local authorities, and the sources read. The check warns;
the donor decides, and the warnings are kept on the offer.

Belgian and other donors: no such rule is encoded; the check says so instead of passing silently.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from fairfleet.core.messages import Message
from fairfleet.reuse.donations.models import LegalStatus as S
from fairfleet.tenancy.models import Organisation, OrganisationKind


@dataclass(frozen=True)
class Case:
    number: str  # the article's numbering, e.g. "3°"
    summary: object  # translated
    admitted_statuses: frozenset[str]
    unit_value_cap: Decimal | None
    cap_source: str
    it_only: bool = True


@dataclass(frozen=True)
class RuleSet:
    article: str
    version_date: datetime.date
    cases: tuple[Case, ...]
    excluded_for_local_authorities: frozenset[str]
    sources: tuple[str, ...]
    # Maximum resale prices incl. VAT when a beneficiary resells at a solidarity price (décret 2022-1413).
    solidarity_price_caps: dict[str, Decimal] = field(default_factory=dict)
    solidarity_resale_statuses: frozenset[str] = frozenset()


RULES = RuleSet(
    article="CGPPP L3212-2",
    version_date=datetime.date(2023, 12, 31),
    cases=(
        Case(
            number="3°",
            summary=_(
                "IT equipment the body no longer uses, given to parents' and school-support associations, "
                "associations of public utility, reuse bodies approved as ESUS, general-interest associations "
                "supporting people in precarity, and student associations."
            ),
            admitted_statuses=frozenset(
                {S.PARENTS, S.SCHOOL_SUPPORT, S.PUBLIC_UTILITY, S.REUSE_ESUS, S.GENERAL_INTEREST, S.STUDENT}
            ),
            unit_value_cap=Decimal("300"),
            cap_source="CGPPP D3212-3 (décret 2022-791 of 6 May 2022)",
        ),
        Case(
            number="4°",
            summary=_(
                "Teaching and scientific research equipment given, under a cooperation agreement, to a body "
                "with the same missions."
            ),
            admitted_statuses=frozenset({S.TEACHING_RESEARCH}),
            unit_value_cap=Decimal("300"),
            cap_source="CGPPP D3212-3-1",
            it_only=False,
        ),
        Case(
            number="5°",
            summary=_("IT equipment given to the body's own staff (not to a partner)."),
            admitted_statuses=frozenset(),
            unit_value_cap=Decimal("300"),
            cap_source="décret 2009-1085 (D3212-3)",
        ),
    ),
    excluded_for_local_authorities=frozenset({"1°", "6°", "8°"}),
    sources=(
        "https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070299/articles/LEGIARTI000006361449",
        "https://legal.tricoteuses.fr/articles/JORFARTI000045197631",
        "https://legifrance.gouv.fr/jorf/texte_jo/JORFTEXT000045767186",
        "https://lexbase.fr/texte-de-loi/code-general-de-la-propriete-des-personnes-publiquesd321231/L9081MCC.html",
        "https://legal.tricoteuses.fr/articles/LEGIARTI000021679223",
        "https://www.lagazettedescommunes.com/834869/",
    ),
    solidarity_price_caps={
        "laptop": Decimal("180"),
        "desktop_with_screen_keyboard_mouse": Decimal("150"),
        "tablet": Decimal("100"),
        "smartphone": Decimal("100"),
        "screen": Decimal("30"),
        "printer": Decimal("30"),
        "multifunction": Decimal("170"),
    },
    solidarity_resale_statuses=frozenset({S.PUBLIC_UTILITY, S.GENERAL_INTEREST}),
)

# Built-in categories and the item of décret 2022-1413 whose cap applies. The "printer" category also holds
# multifunction devices: the higher cap (multifunction) is used, so that a warning is never wrong.
SOLIDARITY_ITEMS = {
    "laptop": "laptop",
    "desktop": "desktop_with_screen_keyboard_mouse",
    "all_in_one": "desktop_with_screen_keyboard_mouse",
    "tablet": "tablet",
    "smartphone": "smartphone",
    "monitor": "screen",
    "printer": "multifunction",
}

# Straight-line depreciation used to estimate the unit value of a device from its purchase price when the
# price alone is above the cap. An estimate: the legal test is the unit value on the day of the donation.
DEPRECIATION_YEARS = 5
PUBLIC_KINDS = frozenset(
    {
        OrganisationKind.STATE_SERVICE,
        OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.FEDERAL_REGIONAL_BODY,
        OrganisationKind.UNIVERSITY,
    }
)


def is_french_public_body(organisation: Organisation) -> bool:
    return organisation.country == "FR" and organisation.kind in PUBLIC_KINDS


def applicable_cases(organisation: Organisation) -> list[Case]:
    """The cases a donor may rely on to give to a partner: L3212-3 removes some for local authorities."""
    cases = [case for case in RULES.cases if case.admitted_statuses]
    if organisation.kind == OrganisationKind.LOCAL_AUTHORITY:
        cases = [case for case in cases if case.number not in RULES.excluded_for_local_authorities]
    return cases


def estimated_unit_value(device, today: datetime.date) -> Decimal | None:
    """The purchase price excl. VAT, depreciated on a straight line over DEPRECIATION_YEARS from the
    acquisition date; the price itself when the date is unknown; None when the price is unknown."""
    if device.price is None:
        return None
    if device.acquisition_date is None:
        return device.price
    age_days = max((today - device.acquisition_date).days, 0)
    remaining = max(Decimal(1) - Decimal(age_days) / Decimal(365 * DEPRECIATION_YEARS), Decimal(0))
    return (device.price * remaining).quantize(Decimal("0.01"))


@dataclass
class Verdict:
    applies: bool  # whether a rule applies to this donor at all
    case: Case | None  # the case the donation rests on, when the partner's status is admitted by one
    warnings: list[Message]  # messages: an offer stores them (core.messages); str() shows one
    notes: list[Message]

    @property
    def eligible(self) -> bool:
        return not self.warnings


def check(*, donor: Organisation, partner_status: str, devices, today: datetime.date | None = None) -> Verdict:
    """Warnings before a donor gives `devices` to a partner of status `partner_status`."""
    today = today or datetime.date.today()
    if not is_french_public_body(donor):
        code = "donations.rule_not_public_body" if donor.country == "FR" else "donations.rule_outside_france"
        return Verdict(applies=False, case=None, warnings=[], notes=[Message(code)])
    warnings: list[Message] = []
    notes = [Message("donations.rule_checked", {"article": RULES.article, "date": RULES.version_date.isoformat()})]
    cases = applicable_cases(donor)
    case = next((c for c in cases if partner_status in c.admitted_statuses), None)
    if case is None:
        warnings.append(Message("donations.rule_status_not_admitted", {"status": partner_status}))
        return Verdict(applies=True, case=None, warnings=warnings, notes=notes)
    notes.append(Message("donations.rule_basis", {"article": RULES.article, "case": case.number}))
    for device in devices:
        label = device.asset_tag or device.serial_number or str(device.model)
        if case.it_only and not device.category.is_it:
            warnings.append(Message("donations.rule_not_it", {"device": label, "case": case.number}))
        if case.unit_value_cap is None:
            continue
        value = estimated_unit_value(device, today)
        cap = str(case.unit_value_cap)
        if value is None:
            notes.append(Message("donations.rule_no_price", {"device": label, "cap": cap}))
        elif value > case.unit_value_cap:
            params = {"device": label, "value": str(value), "cap": cap, "source": case.cap_source}
            warnings.append(Message("donations.rule_value_cap", params))
    if partner_status in RULES.solidarity_resale_statuses:
        notes.append(
            Message("donations.rule_solidarity_resale", {"laptop": str(RULES.solidarity_price_caps["laptop"])})
        )
    return Verdict(applies=True, case=case, warnings=warnings, notes=notes)


def resale_warning(*, donor: Organisation, partner_status: str | None, category_code: str, price) -> str | None:
    """Why a solidarity sale reported by a partner breaks décret 2022-1413, or None. Applies to devices
    given by a French public body: only associations of public utility and general-interest associations
    may resell, at most at the capped price (incl. VAT) of the device's kind."""
    if not is_french_public_body(donor):
        return None
    if partner_status is not None and partner_status not in RULES.solidarity_resale_statuses:
        return str(_("This partner's legal status does not allow it to resell devices given by a public body."))
    item = SOLIDARITY_ITEMS.get(category_code)
    cap = RULES.solidarity_price_caps.get(item) if item else None
    if cap is not None and price is not None and price > cap:
        return str(
            _("The price (%(price)s €) exceeds the solidarity cap of %(cap)s € incl. VAT set by décret 2022-1413.")
            % {"price": price, "cap": cap}
        )
    return None
