"""The fleet computation against `estimate`, device by device, and its totals against a plain pandas groupby."""

import numpy as np
import pandas as pd
import pytest

from fairfleet.footprint.archetypes import DEFAULT_CATEGORY_PROFILES
from fairfleet.footprint.engine import HOURS_PER_YEAR, PHASES, compute_fleet, estimate
from fairfleet.footprint.factors import BOUNDS

PROFILES = list(DEFAULT_CATEGORY_PROFILES.values())
COMPOSITIONS = [profile.composition for profile in PROFILES]


def random_fleet(tables, devices: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    zones = [tables.zone(code).index for code in ("FRA", "BEL", "DEU", "EEE", "WOR", "USA")]
    years = rng.choice([2.0, 3.0, 4.5, 5.0, 8.0], devices)
    lifetime_h = years * HOURS_PER_YEAR
    hours = rng.choice([np.nan, 8.0, 24.0], devices)

    def sometimes(values, share):
        return np.where(rng.random(devices) < share, values, np.nan)

    return pd.DataFrame(
        {
            "composition": rng.integers(0, len(COMPOSITIONS), devices),
            "zone": rng.choice(zones, devices),
            "years": years,
            "lifetime_h": lifetime_h,
            "duration_h": rng.choice([HOURS_PER_YEAR, 1000.0, 10 * HOURS_PER_YEAR], devices),
            "power_w": sometimes(rng.choice([5.0, 60.0]), 0.2),
            "hours": hours,
            "use_ratio": hours / 24,
            "declared_gwp_kg": sometimes(rng.choice([150.0, 400.0]), 0.1),
            "service": rng.integers(0, 7, devices),
        }
    )


def test_fleet_equals_estimate_device_by_device(tables):
    frame = random_fleet(tables, 400, seed=1)
    fleet = compute_fleet(tables, COMPOSITIONS, frame)
    assert fleet.configuration_count < len(frame)
    per_device = {
        (code, phase, bound): fleet.per_device(code, phase, bound)
        for code in tables.criteria
        for phase in ("embedded", "use")
        for bound in BOUNDS
    }
    expected = {key: np.empty(len(frame)) for key in per_device}
    for row in frame.itertuples():
        result = estimate(
            tables,
            archetype=PROFILES[row.composition],
            country=tables.zones[row.zone],
            lifetime_years=row.years,
            duration_hours=row.duration_h,
            hours_per_day=None if np.isnan(row.hours) else row.hours,
            power_w=None if np.isnan(row.power_w) else row.power_w,
            declared_gwp_kg=None if np.isnan(row.declared_gwp_kg) else row.declared_gwp_kg,
        )
        for code, phase, bound in per_device:
            impact = getattr(result.criteria[code], phase)
            expected[code, phase, bound][row.Index] = np.nan if impact is None else getattr(impact, bound)
    for key, values in per_device.items():
        np.testing.assert_array_equal(values, expected[key], err_msg=str(key))


@pytest.mark.parametrize("groups", [7, 200_000])  # a dense count matrix, and the sparse pair path
def test_totals_equal_a_groupby(tables, groups):
    frame = random_fleet(tables, 3000, seed=2)
    rng = np.random.default_rng(3)
    by = frame["service"].to_numpy() if groups == 7 else rng.integers(0, groups, len(frame))
    fleet = compute_fleet(tables, COMPOSITIONS, frame)
    totals = fleet.totals(by, groups=groups, criteria=["gwp", "adp", "gwppb", "ir"])
    present = np.unique(by)
    np.testing.assert_array_equal(totals.devices[present], np.bincount(by)[present])
    for phase in PHASES:
        for position, code in enumerate(totals.criteria):
            for bound_index, bound in enumerate(BOUNDS):
                values = pd.Series(fleet.per_device(code, phase, bound))
                expected_sum = values.groupby(by).sum(min_count=1)
                expected_count = values.notna().groupby(by).sum()
                ours = totals.values[phase][present, position, bound_index]
                np.testing.assert_allclose(ours, expected_sum.to_numpy(), rtol=1e-12)
                np.testing.assert_array_equal(
                    totals.devices_with_data[phase][present, position], expected_count.to_numpy()
                )
    # gwppb is implemented nowhere: NaN in every total, never 0; adp has no embedded figure for terminals.
    assert np.isnan(totals.values["total"][present, 2]).all()
    assert np.isnan(totals.values["embedded"][present, 1]).all()
    if groups == 7:  # each service has devices with data
        assert not np.isnan(totals.values["use"][present, 1]).any()


def test_whole_fleet_total_and_frame(tables):
    frame = random_fleet(tables, 1000, seed=4)
    fleet = compute_fleet(tables, COMPOSITIONS, frame)
    totals = fleet.totals()
    gwp = fleet.per_device("gwp", "total")
    assert totals.devices.tolist() == [1000]
    assert totals.values["total"][0, 0, 0] == pytest.approx(np.nansum(gwp), rel=1e-12)
    assert totals.devices_with_data["total"][0, 0] == np.count_nonzero(~np.isnan(gwp))
    assert list(totals.frame("use", "max").columns) == list(tables.criteria)


def test_declared_footprint_and_no_data_flags(tables):
    frame = random_fleet(tables, 500, seed=5)
    fleet = compute_fleet(tables, COMPOSITIONS, frame)
    missing = np.array([not tables.covers(c) for c in COMPOSITIONS])[frame["composition"]]
    declared = fleet.declared_gwp_used()
    np.testing.assert_array_equal(declared, frame["declared_gwp_kg"].notna().to_numpy() & ~missing)
    assert np.isnan(fleet.per_device("gwp", "embedded")[missing]).all()


def test_optional_columns_may_be_absent(tables):
    devices = {
        "composition": np.array([0, 0, 1]),
        "zone": np.array([tables.zone("FRA").index] * 3),
        "lifetime_h": np.full(3, 4 * HOURS_PER_YEAR),
        "duration_h": np.full(3, 4 * HOURS_PER_YEAR),
    }
    fleet = compute_fleet(tables, [(("laptop-pro", 1.0),), (("monitor-default", 1.0),)], devices)
    assert fleet.configuration_count == 2
    assert fleet.per_device("gwp", "use").tolist()[0] == pytest.approx(77.2632)
    with pytest.raises(ValueError, match="Missing column zone"):
        compute_fleet(tables, [], {"composition": [0]})
