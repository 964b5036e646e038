"""Hand-checked figures from the research notes (docs/research/footprint.md); no boaviztapi needed."""

import numpy as np
import pytest

from fairfleet.footprint.archetypes import DEFAULT_CATEGORY_PROFILES, DataQuality, profile_for_category
from fairfleet.footprint.archetypes import DEFAULT_SERVER_ARCHETYPE as DEFAULT_SERVER
from fairfleet.footprint.engine import HOURS_PER_YEAR, estimate
from fairfleet.footprint.factors import factor_tables, zone_of_country
from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS

# Checked by hand: 0.098 kgCO2e/kWh x 75 W / 1000 x 0.3 x 35,040 h = 77.2632.
RTOL = 1e-9


@pytest.fixture
def servers():
    """The factor set with servers (boavizta-2.5.0-r2, migration 0005)."""
    return factor_tables("boavizta-2.5.0-r2")


def test_laptop_pro_4_years_france(tables):
    result = estimate(tables, archetype="laptop-pro", country="FRA", lifetime_years=4)
    gwp = result.criteria["gwp"]
    assert gwp.embedded.value == pytest.approx(181.0, rel=RTOL)
    assert (gwp.use.value, gwp.use.min, gwp.use.max) == pytest.approx((77.2632, 51.5088, 103.0176), rel=RTOL)
    assert result.criteria["pe"].use.value == pytest.approx(8900.2476, rel=1e-6)
    assert result.criteria["ir"].use.value == pytest.approx(3.23443 * 788.4, rel=1e-9)  # 2550.0246
    assert gwp.unit == "kgCO2eq"
    assert str(gwp.label) == "Climate change"
    assert result.quality == DataQuality.ARCHETYPE
    assert not result.assumptions.zone_fell_back


def test_not_implemented_is_none_never_zero(tables):
    result = estimate(tables, archetype="laptop-pro", country="FRA", lifetime_years=4)
    embedded_ni = {code for code, impact in result.criteria.items() if impact.embedded is None}
    use_ni = {code for code, impact in result.criteria.items() if impact.use is None}
    assert embedded_ni == {"adp", "pe", "gwppb", "gwppf", "gwpplu", "ctuh_c", "ctuh_nc", "fw", "fe"}
    assert use_ni == {"gwppb", "gwpplu", "mips", "ctue", "ctuh_c", "ctuh_nc", "fw"}
    assert result.criteria["adp"].total is None
    assert result.criteria["lu"].use.value == 0.0  # a real zero stays a zero


@pytest.mark.parametrize(
    ("country", "gwp_use", "fell_back"),
    [("FRA", 225.35, False), ("BEL", 528.89, False), ("DEU", 970.39, False), ("WOR", 896.81, False),
     ("EEE", 873.81, False), ("XYZ", 873.81, True), ("BE", 528.89, False), ("XX", 873.81, True)],
)  # fmt: skip
def test_desktop_use_by_country(tables, country, gwp_use, fell_back):
    result = estimate(tables, archetype="desktop-pro", country=country, lifetime_years=5)
    assert result.criteria["gwp"].embedded.value == pytest.approx(277.0)
    assert result.criteria["gwp"].use.value == pytest.approx(gwp_use, abs=0.01)
    assert result.assumptions.zone_fell_back is fell_back


def test_default_zone_spans_every_zone(tables):
    use = estimate(tables, archetype="desktop-pro", country="EEE", lifetime_years=5).criteria["gwp"].use
    assert (use.min, use.max) == pytest.approx((30.222, 6691.20993), rel=1e-6)


@pytest.mark.parametrize(("years", "annual"), [(3, 79.65), (4, 64.57), (5, 55.52), (6, 49.48)])
def test_laptop_annualised(tables, years, annual):
    gwp = estimate(
        tables, archetype="laptop-pro", country="FRA", lifetime_years=years, duration_hours=HOURS_PER_YEAR
    ).criteria["gwp"]
    assert gwp.total.value == pytest.approx(annual, abs=0.01)


def test_duration_longer_than_lifetime_allocates_everything(tables):
    result = estimate(tables, archetype="laptop-pro", country="FRA", lifetime_years=3, duration_hours=5 * 8760)
    assert result.assumptions.allocation_ratio == 1.0
    assert result.criteria["gwp"].embedded.value == pytest.approx(181.0)


def test_overrides_and_declared_footprint(tables):
    result = estimate(
        tables, archetype="laptop-pro", country="FRA", lifetime_years=4, hours_per_day=12, power_w=30,
        declared_gwp_kg=250, duration_hours=2 * 8760,
    )  # fmt: skip
    gwp = result.criteria["gwp"]
    assert gwp.embedded.value == pytest.approx(125.0)  # half of the declared 250 kg
    assert gwp.use.value == pytest.approx(0.098 * 0.030 * 12 * 2 * 365) == gwp.use.max == gwp.use.min
    assert result.quality == DataQuality.MANUFACTURER
    assert result.composition_quality == DataQuality.ARCHETYPE


def test_every_builtin_category_has_a_profile(servers):
    assert set(DEFAULT_CATEGORY_PROFILES) == set(BUILTIN_CATEGORY_LABELS)
    for profile in DEFAULT_CATEGORY_PROFILES.values():
        assert profile_for_category(profile.category, servers) == profile  # the newest data covers every mapping
        for archetype, weight in profile.composition:
            assert archetype in servers.archetypes
            assert weight > 0
        if profile.quality != DataQuality.ARCHETYPE:
            assert profile.reason
        assert bool(profile.composition) == (profile.quality != DataQuality.MISSING)
    assert profile_for_category("furniture").quality == DataQuality.MISSING
    assert profile_for_category("unknown-code").quality == DataQuality.MISSING


def test_proxy_sums_its_parts(tables):
    all_in_one = estimate(tables, archetype=profile_for_category("all_in_one"), country="BEL", lifetime_years=5)
    desktop = estimate(tables, archetype="desktop-pro", country="BEL", lifetime_years=5)
    monitor = estimate(tables, archetype="monitor-default", country="BEL", lifetime_years=5)
    for code in ("gwp", "adpe", "ir"):
        for phase in ("embedded", "use"):
            parts = getattr(desktop.criteria[code], phase).value + getattr(monitor.criteria[code], phase).value
            assert getattr(all_in_one.criteria[code], phase).value == pytest.approx(parts, rel=1e-12)
    assert all_in_one.quality == DataQuality.PROXY


def test_missing_category_has_no_figure(servers):
    result = estimate(servers, archetype=profile_for_category("furniture"), country="FRA", lifetime_years=5)
    assert all(impact.embedded is None and impact.use is None for impact in result.criteria.values())
    assert result.quality == DataQuality.MISSING


def test_servers_under_the_factor_set_from_before_servers_have_no_figure(tables):
    """boavizta-2.5.0 has no server archetype: its figures stay what they were (none), without an error."""
    assert "platform_compute_medium" not in tables.archetypes
    for category in ("server", "storage"):
        result = estimate(tables, archetype=profile_for_category(category), country="FRA", lifetime_years=5)
        assert all(impact.embedded is None and impact.use is None for impact in result.criteria.values())
        assert result.quality == DataQuality.MISSING
        assert "boavizta-2.5.0" in result.reason
        profile = profile_for_category(category, tables)
        assert (profile.composition, profile.quality) == ((), DataQuality.MISSING)
    arrays = tables.composition_arrays([(("platform_compute_medium", 1.0),), (("laptop-pro", 1.0),)])
    assert np.isnan(arrays["embedded"][0]).all()
    assert np.isnan(arrays["power_w"][0]).all()
    assert arrays["embedded"][1, 0, 0] == pytest.approx(181.0)
    with pytest.raises(KeyError, match="platform_compute_medium"):
        estimate(tables, archetype="platform_compute_medium", country="FRA", lifetime_years=5)


# Checked by hand from the factor file: 947.7654 kgCO2e over the whole life (bottom-up; boaviztapi rounds it to
# 900), 535.78124 W at 50 % load, and 0.098 kgCO2e/kWh x 0.53578124 kW x 1 x 43,800 h = 2,299.79 (rounded 2300).
def test_default_server_5_years_france(servers):
    result = estimate(servers, archetype=profile_for_category("server"), country="FRA", lifetime_years=5)
    gwp = result.criteria["gwp"]
    assert (gwp.embedded.value, gwp.embedded.min, gwp.embedded.max) == pytest.approx(
        (947.7654064206043, 459.8834115789474, 2087.0486829268293), rel=RTOL
    )
    assert gwp.use.value == pytest.approx(0.098 * 0.53578124 * 43800, rel=RTOL)
    assert (gwp.use.min, gwp.use.max) == pytest.approx((0.098 * 0.1113416 * 43800, 0.098 * 0.92832 * 43800))
    assert result.assumptions.power_w.value == pytest.approx(535.78124)
    assert result.assumptions.hours_per_day == 24
    assert result.quality == DataQuality.ARCHETYPE
    # Criteria a component lacks fall back to the generic server factor, whatever the configuration.
    assert result.criteria["gwppf"].embedded.value == pytest.approx(3660.0)
    assert result.criteria["gwppf"].embedded.min == result.criteria["gwppf"].embedded.max
    embedded_ni = {code for code, impact in result.criteria.items() if impact.embedded is None}
    use_ni = {code for code, impact in result.criteria.items() if impact.use is None}
    assert embedded_ni == {"fw", "fe"}
    assert use_ni == {"gwppb", "gwpplu", "mips", "ctue", "ctuh_c", "ctuh_nc", "fw"}
    assert "bottom-up server model" in servers.source_of("embedded", servers.archetype_index(DEFAULT_SERVER), 0)


def test_server_one_year_of_a_longer_life(servers):
    whole = estimate(servers, archetype=DEFAULT_SERVER, country="BEL", lifetime_years=4)
    year = estimate(servers, archetype=DEFAULT_SERVER, country="BEL", lifetime_years=4, duration_hours=8760)
    for code in ("gwp", "adp", "pe"):
        for bound in ("value", "min", "max"):
            quarter = getattr(whole.criteria[code].embedded, bound) / 4
            assert getattr(year.criteria[code].embedded, bound) == pytest.approx(quarter, rel=RTOL)
            assert getattr(year.criteria[code].use, bound) == pytest.approx(
                getattr(whole.criteria[code].use, bound) / 4, rel=RTOL
            )


def test_storage_proxy(servers):
    result = estimate(servers, archetype=profile_for_category("storage"), country="FRA", lifetime_years=4)
    assert result.quality == DataQuality.PROXY
    assert result.assumptions.composition == (("platform_hddstorage_medium", 1.0),)
    assert result.criteria["gwp"].embedded.value == pytest.approx(1895.1614273524253, rel=RTOL)
    assert result.assumptions.power_w.value == pytest.approx(702.90596)


def test_mixed_use_ratios_add_the_parts_energies(servers):
    """A server (used all day) with a monitor (0.3 of the day): the energy is the sum of the two."""
    both = estimate(servers, archetype=[(DEFAULT_SERVER, 1), ("monitor-default", 1)], country="BEL", lifetime_years=5)
    server = estimate(servers, archetype=DEFAULT_SERVER, country="BEL", lifetime_years=5)
    monitor = estimate(servers, archetype="monitor-default", country="BEL", lifetime_years=5)
    for bound in ("value", "min", "max"):
        parts = getattr(server.criteria["gwp"].use, bound) + getattr(monitor.criteria["gwp"].use, bound)
        assert getattr(both.criteria["gwp"].use, bound) == pytest.approx(parts, rel=RTOL)


def test_zone_of_country():
    assert zone_of_country("FR") == "FRA"
    assert zone_of_country("be") == "BEL"
    assert zone_of_country("XX") == ""
    assert zone_of_country("DEU") == "DEU"


def test_server_tables_shapes(servers, tables):
    assert servers.kinds.count("server") == 348
    assert servers.kinds.count("terminal") == len(tables.archetypes) == 17
    assert servers.embedded.shape == (365, 24, 3)
    server = servers.archetype_index(DEFAULT_SERVER)
    assert servers.use_ratio[server] == 1.0
    assert servers.lifetime_h[server] == 4 * HOURS_PER_YEAR
    # The terminals and zones are the same as in the factor set from before servers.
    terminals = [servers.archetype_index(code) for code in tables.archetypes]
    np.testing.assert_array_equal(servers.embedded[terminals], tables.embedded)
    np.testing.assert_array_equal(servers.electricity, tables.electricity)


def test_tables_shapes(tables):
    archetypes, zones, criteria = len(tables.archetypes), len(tables.zones), len(tables.criteria)
    assert criteria == 24
    assert tables.embedded.shape == (archetypes, criteria, 3)
    assert tables.electricity.shape == (zones, criteria, 3)
    assert tables.power_w.shape == (archetypes, 3)
    assert tables.use_ratio.shape == tables.lifetime_h.shape == (archetypes,)
    assert {"FRA", "BEL", "EEE", "WOR"} <= set(tables.zones)
    assert tables.source_of("embedded", tables.archetype_index("laptop-pro"), 0) == "https://base-empreinte.ademe.fr/"
