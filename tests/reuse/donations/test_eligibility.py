import datetime
from decimal import Decimal

import pytest

from fairfleet.reuse.donations import eligibility
from fairfleet.reuse.donations.models import LegalStatus
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import OrganisationFactory

TODAY = datetime.date(2026, 11, 27)


def _device(org, price=None, acquired=datetime.date(2021, 3, 15), category="laptop"):
    model = DeviceModelFactory(organisation=org, category=builtin_category(category))
    return DeviceFactory(organisation=org, model=model, price=price, acquisition_date=acquired)


def test_rules_are_versioned_data_with_sources():
    rules = eligibility.RULES
    assert rules.article == "CGPPP L3212-2"
    assert rules.version_date == datetime.date(2023, 12, 31)
    assert rules.excluded_for_local_authorities == {"1°", "6°", "8°"}
    assert all(source.startswith("https://") for source in rules.sources)
    case3 = next(c for c in rules.cases if c.number == "3°")
    assert case3.unit_value_cap == Decimal("300")
    assert LegalStatus.REUSE_ESUS in case3.admitted_statuses
    assert LegalStatus.SOCIAL_UTILITY not in case3.admitted_statuses
    assert LegalStatus.COMPANY not in case3.admitted_statuses
    # ESUS bodies may not resell; associations of public utility and general interest may, at a capped price.
    assert LegalStatus.REUSE_ESUS not in rules.solidarity_resale_statuses
    assert rules.solidarity_price_caps["laptop"] == Decimal("180")


@pytest.mark.parametrize(
    ("status", "eligible"),
    [
        (LegalStatus.STUDENT, True),
        (LegalStatus.PARENTS, True),
        (LegalStatus.SCHOOL_SUPPORT, True),
        (LegalStatus.PUBLIC_UTILITY, True),
        (LegalStatus.REUSE_ESUS, True),
        (LegalStatus.GENERAL_INTEREST, True),
        (LegalStatus.TEACHING_RESEARCH, True),
        (LegalStatus.SOCIAL_UTILITY, False),
        (LegalStatus.COMPANY, False),
        (LegalStatus.OTHER, False),
    ],
)
def test_status_admitted_for_a_french_local_authority(status, eligible):
    donor = OrganisationFactory(kind="local_authority", country="FR")
    verdict = eligibility.check(
        donor=donor, partner_status=status, devices=[_device(donor, Decimal("250"))], today=TODAY
    )
    assert verdict.applies
    assert verdict.eligible is eligible
    if not eligible:
        assert "L3212-2" in str(verdict.warnings[0])


def test_unit_value_above_the_cap_warns():
    donor = OrganisationFactory(kind="state_service", country="FR")
    recent = _device(donor, Decimal("1200"), acquired=datetime.date(2026, 1, 10))
    verdict = eligibility.check(donor=donor, partner_status=LegalStatus.STUDENT, devices=[recent], today=TODAY)
    assert verdict.case.number == "3°"
    assert len(verdict.warnings) == 1
    assert "300" in str(verdict.warnings[0])
    assert "D3212-3" in str(verdict.warnings[0])


def test_old_device_depreciated_under_the_cap_passes():
    donor = OrganisationFactory(kind="university", country="FR")
    old = _device(donor, Decimal("1200"), acquired=datetime.date(2019, 1, 10))
    assert eligibility.estimated_unit_value(old, TODAY) == Decimal("0.00")
    verdict = eligibility.check(donor=donor, partner_status=LegalStatus.STUDENT, devices=[old], today=TODAY)
    assert verdict.eligible


def test_depreciation_is_linear():
    donor = OrganisationFactory()
    device = _device(donor, Decimal("1000"), acquired=TODAY - datetime.timedelta(days=365 * 2))
    assert eligibility.estimated_unit_value(device, TODAY) == Decimal("600.00")
    device.acquisition_date = None
    assert eligibility.estimated_unit_value(device, TODAY) == Decimal("1000")


def test_unknown_price_is_a_note_not_a_warning():
    donor = OrganisationFactory(kind="local_authority", country="FR")
    verdict = eligibility.check(donor=donor, partner_status=LegalStatus.PARENTS, devices=[_device(donor)], today=TODAY)
    assert verdict.eligible
    assert any("no purchase price" in str(note) for note in verdict.notes)


def test_non_it_equipment_warns():
    donor = OrganisationFactory(kind="local_authority", country="FR")
    chair = _device(donor, Decimal("50"), category="furniture")
    verdict = eligibility.check(donor=donor, partner_status=LegalStatus.PARENTS, devices=[chair], today=TODAY)
    assert not verdict.eligible
    assert "IT equipment" in str(verdict.warnings[0])


def test_belgian_donor_has_no_rule_and_is_told_so():
    donor = OrganisationFactory(kind="federal_regional_body", country="BE")
    verdict = eligibility.check(donor=donor, partner_status=LegalStatus.COMPANY, devices=[], today=TODAY)
    assert not verdict.applies
    assert verdict.eligible
    assert "outside France" in str(verdict.notes[0])


def test_french_company_donor_is_not_bound():
    donor = OrganisationFactory(kind="company", country="FR")
    verdict = eligibility.check(donor=donor, partner_status=LegalStatus.COMPANY, devices=[], today=TODAY)
    assert not verdict.applies
    assert "not a French public body" in str(verdict.notes[0])


def test_local_authorities_lose_the_excluded_cases():
    local = OrganisationFactory(kind="local_authority", country="FR")
    state = OrganisationFactory(kind="state_service", country="FR")
    assert all(c.number not in {"1°", "6°", "8°"} for c in eligibility.applicable_cases(local))
    assert {c.number for c in eligibility.applicable_cases(state)} >= {"3°", "4°"}


@pytest.mark.parametrize(
    ("status", "category", "price", "expected"),
    [
        (LegalStatus.PUBLIC_UTILITY, "laptop", Decimal("180"), None),
        (LegalStatus.PUBLIC_UTILITY, "laptop", Decimal("180.01"), "exceeds the solidarity cap of 180"),
        (LegalStatus.GENERAL_INTEREST, "monitor", Decimal("35"), "cap of 30"),
        (LegalStatus.GENERAL_INTEREST, "printer", Decimal("150"), None),  # may be a multifunction device (170 €)
        (LegalStatus.GENERAL_INTEREST, "desktop", Decimal("151"), "cap of 150"),
        (LegalStatus.GENERAL_INTEREST, "server", Decimal("5000"), None),  # no cap for this kind
        (LegalStatus.REUSE_ESUS, "laptop", Decimal("10"), "does not allow it to resell"),
    ],
)
def test_resale_warning_for_a_public_donor(status, category, price, expected):
    donor = OrganisationFactory(kind="local_authority", country="FR")
    warning = eligibility.resale_warning(donor=donor, partner_status=status, category_code=category, price=price)
    if expected is None:
        assert warning is None
    else:
        assert expected in warning


def test_no_resale_warning_for_other_donors():
    donor = OrganisationFactory(kind="company", country="FR")
    assert (
        eligibility.resale_warning(
            donor=donor, partner_status=LegalStatus.REUSE_ESUS, category_code="laptop", price=Decimal("999")
        )
        is None
    )
