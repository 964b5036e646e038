"""Each kind's figures checked by hand on the small fleet (conftest): France, 5 laptops held, 2 desktops.

Reference figures (boaviztapi 2.5.0 data): laptop-pro embedded 181 kg CO2e over 4 years, 75 W; desktop-pro
277 kg over 6 years, 175 W; use ratio 0.3; electricity 0.098 kg/kWh in France, 0.422 in Germany.
"""

import pytest

from fairfleet.footprint.engine import HOURS_PER_YEAR
from fairfleet.footprint.models import ScenarioKind
from tests.footprint.factories import ScenarioFactory

LAPTOP_E, DESKTOP_E = 181.0, 277.0
LAPTOP_KWH = 75 / 1000 * 0.3 * HOURS_PER_YEAR  # per year
DESKTOP_KWH = 175 / 1000 * 0.3 * HOURS_PER_YEAR
FRA, DEU = 0.098, 0.422


def gwp(scenario) -> dict:
    return next(item for item in scenario.results["criteria"] if item["code"] == "gwp")


def make(organisation, kind, **parameters):
    return ScenarioFactory(organisation=organisation, kind=kind, parameters=parameters)


def test_reference_figures_are_the_ones_assumed(tables):
    gwp_index = tables.criterion_index("gwp")
    assert tables.embedded[tables.archetype_index("laptop-pro"), gwp_index, 0] == pytest.approx(LAPTOP_E)
    assert tables.embedded[tables.archetype_index("desktop-pro"), gwp_index, 0] == pytest.approx(DESKTOP_E)
    assert tables.electricity[tables.zone("FRA").index, gwp_index, 0] == pytest.approx(FRA)
    assert tables.electricity[tables.zone("DEU").index, gwp_index, 0] == pytest.approx(DEU)


def test_baseline_is_the_held_fleet_per_year(organisation, small_fleet):
    item = gwp(make(organisation, ScenarioKind.KEEP_LONGER, category=small_fleet["laptop"].public_id, to_years=6))
    embedded = 5 * LAPTOP_E / 4 + 2 * DESKTOP_E / 6
    use = FRA * (5 * LAPTOP_KWH + 2 * DESKTOP_KWH)
    assert item["baseline"]["embedded"][0] == pytest.approx(embedded)
    assert item["baseline"]["use"][0] == pytest.approx(use)
    assert item["baseline"]["total"][0] == pytest.approx(embedded + use)


def test_keep_laptops_six_years_instead_of_four(organisation, small_fleet):
    scenario = make(organisation, ScenarioKind.KEEP_LONGER, category=small_fleet["laptop"].public_id, to_years=6)
    item, results = gwp(scenario), scenario.results
    per_laptop = LAPTOP_E / 4 - LAPTOP_E / 6
    assert item["avoided"]["embedded"] == pytest.approx([5 * per_laptop] * 3)
    assert item["avoided"]["use"] == pytest.approx([0, 0, 0])
    assert [year[0] for year in item["years"]] == pytest.approx([5 * per_laptop] * 5)  # yearly: from year one
    assert item["horizon"][0] == pytest.approx(25 * per_laptop)
    assert results["devices_affected"] == 5
    assert results["devices_total"] == 7
    # 4 of the laptops have a price (1000 €); 5 laptops are bought every 4 years instead of every 6.
    assert results["cost"]["priced_devices"] == 4
    assert results["cost"]["avoided_per_year"] == pytest.approx(5 * 1000 * (1 / 4 - 1 / 6))
    assert results["assumptions"]["factor_set"] == "boavizta-2.5.0-r2"
    assert results["assumptions"]["country"] == "FRA"


def test_keep_longer_from_a_given_length(organisation, small_fleet):
    scenario = make(
        organisation, ScenarioKind.KEEP_LONGER, category=small_fleet["laptop"].public_id, from_years=3, to_years=5
    )
    assert gwp(scenario)["avoided"]["embedded"][0] == pytest.approx(5 * (LAPTOP_E / 3 - LAPTOP_E / 5))


def test_buy_half_the_laptops_refurbished(organisation, small_fleet):
    scenario = make(organisation, ScenarioKind.BUY_REFURBISHED, category=small_fleet["laptop"].public_id, percent=50)
    item, results = gwp(scenario), scenario.results
    # Half the purchases; a refurbished laptop has 0.6 of a new one's yearly embedded impact (default).
    steady = 0.5 * (1 - 0.6) * 5 * LAPTOP_E / 4
    assert item["avoided"]["embedded"][0] == pytest.approx(steady)
    assert item["avoided"]["use"][0] == pytest.approx(0)
    assert results["year_shares"] == pytest.approx([0.25, 0.5, 0.75, 1, 1])  # renewed over 4 years
    assert item["horizon"][0] == pytest.approx(steady * 3.5)
    # Price ratio 0.6, second life 3 years: 5 × 1000 × 50 % × (1/4 − 0.6/3).
    assert results["cost"]["avoided_per_year"] == pytest.approx(5 * 1000 * 0.5 * (1 / 4 - 0.6 / 3))


def test_the_organisations_own_parameters_are_used(organisation, small_fleet):
    from fairfleet.footprint.fleet import profile_of
    from fairfleet.footprint.scenarios.service import method_parameters_update

    method_parameters_update(actor=None, profile=profile_of(organisation), values={"refurbished_share_laptop": 0.2})
    scenario = make(organisation, ScenarioKind.BUY_REFURBISHED, category=small_fleet["laptop"].public_id, percent=100)
    assert gwp(scenario)["avoided"]["embedded"][0] == pytest.approx(0.8 * 5 * LAPTOP_E / 4)
    assert scenario.results["assumptions"]["method_parameters"]["refurbished_share_laptop"] == 0.2


def test_redeploy_to_tolerant_services(organisation, small_fleet):
    scenario = make(organisation, ScenarioKind.REDEPLOY, category=small_fleet["laptop"].public_id)
    item, results = gwp(scenario), scenario.results
    # 5/4 laptops retire each year, 60 % fit, 3 years of second life: 2.25, capped by the 1 tolerant laptop.
    per_device = LAPTOP_E / 4 * (1 - 0.1 * 4 / 3)
    assert item["avoided"]["embedded"][0] == pytest.approx(per_device)
    assert item["avoided"]["use"][0] == pytest.approx(0)
    assert results["year_shares"] == pytest.approx([0.75, 1, 1, 1, 1])
    assert results["devices_affected"] == 1
    assert results["cost"]["avoided_per_year"] == pytest.approx(1000 / 4)


def test_redeploy_without_tolerant_devices_avoids_nothing(organisation, small_fleet):
    scenario = make(organisation, ScenarioKind.REDEPLOY, category=small_fleet["desktop"].public_id)
    assert gwp(scenario)["avoided"]["total"] == pytest.approx([0, 0, 0])
    assert "no_tolerant_devices" in scenario.results["warnings"]


def test_donate_instead_of_recycling(organisation, small_fleet):
    scenario = make(organisation, ScenarioKind.DONATE, category=small_fleet["laptop"].public_id)
    item, results = gwp(scenario), scenario.results
    # 5/4 retire per year × 60 % fit × 50 % substitution × 3 years = 1.125 purchases spared at a time.
    steady = 5 / 4 * 0.6 * 0.5 * 3
    assert item["avoided"]["embedded"][0] == pytest.approx(steady * LAPTOP_E / 4 * (1 - 0.1 * 4 / 3))
    assert results["year_shares"] == pytest.approx([1 / 3, 2 / 3, 1, 1, 1])
    assert results["cost"]["avoided_per_year"] is None
    assert results["cost"]["reason"] == "not_our_spending"
    assert "outside_scope" in results["warnings"]


def test_replace_desktops_by_laptops(organisation, small_fleet):
    scenario = make(
        organisation,
        ScenarioKind.REPLACE_CATEGORY,
        category=small_fleet["desktop"].public_id,
        target_category=small_fleet["laptop"].public_id,
        percent=100,
    )
    item, results = gwp(scenario), scenario.results
    assert item["avoided"]["embedded"][0] == pytest.approx(2 * (DESKTOP_E / 6 - LAPTOP_E / 4))
    assert item["avoided"]["use"][0] == pytest.approx(2 * FRA * (DESKTOP_KWH - LAPTOP_KWH))
    assert results["year_shares"] == pytest.approx([1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6])
    # A laptop at 1000 € every 4 years costs more than a desktop at 800 € every 6: negative savings.
    assert results["cost"]["avoided_per_year"] == pytest.approx(2 * (800 / 6 - 1000 / 4))


def test_move_the_use_to_germany(organisation, small_fleet):
    scenario = make(organisation, ScenarioKind.MOVE_COUNTRY, country="DEU")
    item = gwp(scenario)
    assert item["avoided"]["embedded"][0] == pytest.approx(0)
    assert item["avoided"]["use"][0] == pytest.approx(-(DEU - FRA) * (5 * LAPTOP_KWH + 2 * DESKTOP_KWH))
    assert scenario.results["devices_affected"] == 7
    assert scenario.results["cost"]["reason"] == "not_applicable"


def test_move_one_category_only(organisation, small_fleet):
    scenario = make(organisation, ScenarioKind.MOVE_COUNTRY, country="DEU", category=small_fleet["desktop"].public_id)
    assert gwp(scenario)["avoided"]["use"][0] == pytest.approx(-(DEU - FRA) * 2 * DESKTOP_KWH)
    assert scenario.results["devices_affected"] == 2


@pytest.mark.parametrize("with_fleet", [True, False])
def test_an_empty_scope_is_reported_not_failed(organisation, with_fleet, request):
    from tests.inventory.factories import builtin_category

    if with_fleet:
        request.getfixturevalue("small_fleet")
    tablet = builtin_category("tablet").public_id
    scenario = make(organisation, ScenarioKind.BUY_REFURBISHED, category=tablet, percent=50)
    assert "no_devices" in scenario.results["warnings"]
    assert scenario.results["devices_affected"] == 0
    assert scenario.results["devices_total"] == (7 if with_fleet else 0)


def test_recompute_follows_the_fleet(organisation, small_fleet):
    from fairfleet.footprint.scenarios.service import scenario_recompute
    from tests.inventory.factories import DeviceFactory, DeviceModelFactory

    scenario = make(organisation, ScenarioKind.KEEP_LONGER, category=small_fleet["laptop"].public_id, to_years=6)
    before = gwp(scenario)["avoided"]["embedded"][0]
    model = DeviceModelFactory(organisation=organisation, category=small_fleet["laptop"])
    DeviceFactory(organisation=organisation, model=model)
    scenario_recompute(actor=None, scenario=scenario)
    scenario.refresh_from_db()
    assert gwp(scenario)["avoided"]["embedded"][0] == pytest.approx(before * 6 / 5)
