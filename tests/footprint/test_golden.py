"""Hand-checked figures from the research notes (docs/research/footprint.md); no boaviztapi needed."""

import pytest

from fairfleet.footprint.archetypes import DEFAULT_CATEGORY_PROFILES, DataQuality, profile_for_category
from fairfleet.footprint.engine import HOURS_PER_YEAR, estimate
from fairfleet.footprint.factors import zone_of_country
from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS

# Checked by hand: 0.098 kgCO2e/kWh x 75 W / 1000 x 0.3 x 35,040 h = 77.2632.
RTOL = 1e-9


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


def test_every_builtin_category_has_a_profile(tables):
    assert set(DEFAULT_CATEGORY_PROFILES) == set(BUILTIN_CATEGORY_LABELS)
    for profile in DEFAULT_CATEGORY_PROFILES.values():
        for archetype, weight in profile.composition:
            assert archetype in tables.archetypes
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


def test_missing_category_has_no_figure(tables):
    result = estimate(tables, archetype=profile_for_category("server"), country="FRA", lifetime_years=5)
    assert all(impact.embedded is None and impact.use is None for impact in result.criteria.values())
    assert result.quality == DataQuality.MISSING


def test_zone_of_country():
    assert zone_of_country("FR") == "FRA"
    assert zone_of_country("be") == "BEL"
    assert zone_of_country("XX") == ""
    assert zone_of_country("DEU") == "DEU"


def test_tables_shapes(tables):
    archetypes, zones, criteria = len(tables.archetypes), len(tables.zones), len(tables.criteria)
    assert criteria == 24
    assert tables.embedded.shape == (archetypes, criteria, 3)
    assert tables.electricity.shape == (zones, criteria, 3)
    assert tables.power_w.shape == (archetypes, 3)
    assert tables.use_ratio.shape == tables.lifetime_h.shape == (archetypes,)
    assert {"FRA", "BEL", "EEE", "WOR"} <= set(tables.zones)
    assert tables.source_of("embedded", tables.archetype_index("laptop-pro"), 0) == "https://base-empreinte.ademe.fr/"
