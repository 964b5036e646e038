import datetime

import pytest

from fairfleet.reuse.models import Route, RoutePolicy
from fairfleet.reuse.routes import Facts, avoided_by_route, device_age, policy_for, suggest_route
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category

TODAY = datetime.date(2026, 11, 27)
POLICY = RoutePolicy()  # the defaults


def _facts(**kwargs):
    values = {"is_functional": True, "grade": "A", "battery_health_pct": 90, "age_years": 3.0}
    values.update(kwargs)
    return Facts(**values)


@pytest.mark.parametrize(
    ("facts", "route"),
    [
        (_facts(), Route.REDEPLOY),
        (_facts(grade="C"), Route.NETWORK),  # redeploy allows A and B by default
        (_facts(age_years=6.0), Route.NETWORK),  # above 5 years, within the network's 7
        (_facts(battery_health_pct=50), Route.DONATE),  # battery below 70 %: no redeploy nor network offer
        (_facts(os_updates_end=datetime.date(2025, 1, 1)), Route.DONATE),
        (_facts(age_years=7.5), Route.DONATE),
        (_facts(age_years=9.0), Route.SELL),
        (_facts(grade="D", age_years=2.0), Route.SELL),
        (_facts(age_years=11.0), Route.RECYCLE),
        (_facts(is_functional=False), Route.RECYCLE),
    ],
)
def test_default_rules(facts, route):
    assert suggest_route(POLICY, facts, TODAY).route == route


def test_reasons_name_what_ruled_out_the_better_routes():
    suggestion = suggest_route(POLICY, _facts(grade="C", battery_health_pct=40), TODAY)
    assert suggestion.route == Route.DONATE
    assert "Grade C is not among the grades allowed (A, B)." in suggestion.reason
    assert "below the 70 % required" in suggestion.reason


def test_unknown_age_does_not_block_but_is_said():
    suggestion = suggest_route(POLICY, _facts(age_years=None), TODAY)
    assert suggestion.route == Route.REDEPLOY
    assert "unknown years old" in suggestion.reason


def test_network_offers_can_be_switched_off():
    policy = RoutePolicy(network_offers=False)
    assert suggest_route(policy, _facts(grade="C"), TODAY).route == Route.DONATE


def test_custom_thresholds():
    policy = RoutePolicy(redeploy_max_age_years=8, redeploy_grades="ABC", min_battery_pct=40)
    assert suggest_route(policy, _facts(grade="C", age_years=7.0, battery_health_pct=45), TODAY).route == (
        Route.REDEPLOY
    )


def test_firmware_lock_blocks_leaving_but_not_redeploying():
    inside = suggest_route(POLICY, _facts(firmware_locked=True), TODAY)
    assert inside.route == Route.REDEPLOY
    assert inside.blocker == ""
    outside = suggest_route(POLICY, _facts(firmware_locked=True, age_years=7.5), TODAY)
    assert outside.route == Route.DONATE
    assert "cannot be donated" in outside.blocker


def test_faults_are_listed_when_it_does_not_work():
    suggestion = suggest_route(POLICY, _facts(is_functional=False, faults=("Screen", "Keyboard")), TODAY)
    assert "Screen, Keyboard" in suggestion.reason


def test_policy_defaults_when_none_saved(organisation):
    policy = policy_for(organisation)
    assert policy.pk is None
    assert (policy.redeploy_max_age_years, policy.storage_alert_days) == (5, 90)


def test_device_age_from_acquisition_or_release_year(organisation):
    device = DeviceFactory(organisation=organisation, acquisition_date=datetime.date(2020, 11, 27))
    age, source = device_age(device, TODAY)
    assert source == "acquisition"
    assert age == pytest.approx(6.0, abs=0.01)
    device.acquisition_date = None
    age, source = device_age(device, TODAY)
    assert source == "release_year"
    assert age == pytest.approx((TODAY - datetime.date(2021, 7, 1)).days / 365.25)
    device.model.release_year = None
    assert device_age(device, TODAY) == (None, "")


def test_avoided_figures_follow_the_scenario_method(organisation):
    from fairfleet.footprint import fleet
    from fairfleet.footprint.scenarios.method import parameters_for

    laptop = DeviceFactory(organisation=organisation)
    figures = {figure.route: figure for figure in avoided_by_route(organisation, [laptop])[laptop.pk]}
    values = parameters_for(fleet.profile_of(organisation))
    result = fleet.compute(organisation, fleet.fleet_frame(organisation, held_only=False), per_year=True)
    yearly = float(result.footprint.per_device("gwp", phase="embedded")[0])
    lifetime = result.category_rule(laptop.category_id).lifetime_years
    reuse = yearly * values["second_life_years"] - values["reuse_embedded_share"] * yearly * lifetime
    assert figures[Route.REDEPLOY].kg == pytest.approx(reuse)
    assert figures[Route.REDEPLOY].kg > 0
    assert figures[Route.DONATE].kg == pytest.approx(reuse * values["donation_substitution_rate"])
    assert figures[Route.SELL].kg == pytest.approx(
        yearly * values["second_life_years"] * (1 - values["refurbished_share_laptop"])
    )
    assert figures[Route.RECYCLE].kg is None


def test_no_figure_for_a_category_without_factor(organisation):
    model = DeviceModelFactory(organisation=organisation, category=builtin_category("furniture"))
    chair = DeviceFactory(organisation=organisation, model=model)
    figures = avoided_by_route(organisation, [chair])[chair.pk]
    assert all(figure.kg is None for figure in figures)
    assert "No footprint factor for the category" in figures[0].note
