"""Servers: our raw figures against boaviztapi 2.5.0's server model called in-process (unrounded), within 0.1 %.

The factor set boavizta-2.5.0-r2 holds, per server archetype, what boaviztapi's server model gives on the
archetype's default configuration (embedded impacts over the whole life, power at the default workload). Here the
engine's figures for other countries, lifetimes and use periods are checked against boaviztapi run on each
configuration, for every server archetype of the package.
"""

import csv
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairfleet.footprint.archetypes import DEFAULT_SERVER_ARCHETYPE, STORAGE_PROXY_ARCHETYPE, profile_for_category
from fairfleet.footprint.engine import HOURS_PER_YEAR, estimate
from fairfleet.footprint.factors import factor_tables
from fairfleet.footprint.loading import SERVERS_FACTOR_FILE, read_factor_file
from fairfleet.footprint.oracle import oracle_impacts
from tests.footprint.test_oracle import assert_matches_oracle

SERVER_CODES = [row["code"] for row in read_factor_file(SERVERS_FACTOR_FILE)["tables"]["archetypes"]
                if row.get("kind") == "server"]  # fmt: skip
# Boavizta's generic platforms (compute, memory, SSD and HDD storage, GPU; "platfom_" is the package's spelling).
GENERIC_KINDS = ("compute", "memory", "ssdstorage", "hddstorage", "gpucompute")
GENERIC = [code for code in SERVER_CODES if "_" in code and code.split("_")[1] in GENERIC_KINDS]
COUNTRIES = ["FRA", "BEL", "DEU", "EEE", "WOR", "USA", "CHN", "QQQ"]  # QQQ: unknown, falls back to EEE
# (lifetime in years, use period in hours): whole life, one year of a longer life, a period longer than the
# lifetime, a partial year.
PERIODS = [(5, None), (6, HOURS_PER_YEAR), (3, 5 * HOURS_PER_YEAR), (4, 1234.5)]


@pytest.fixture
def servers():
    """The arrays of the factor set with servers (loaded by migration 0005)."""
    return factor_tables("boavizta-2.5.0-r2")


def check(tables, archetype, country, years, duration, **overrides):
    result = estimate(
        tables, archetype=archetype, country=country, lifetime_years=years, duration_hours=duration, **overrides
    )
    use_ratio = None if overrides.get("hours_per_day") is None else overrides["hours_per_day"] / 24
    expected = oracle_impacts(
        archetype if isinstance(archetype, str) else archetype.main_archetype,
        country=country,
        lifetime_hours=years * HOURS_PER_YEAR,
        duration_hours=years * HOURS_PER_YEAR if duration is None else duration,
        power_w=overrides.get("power_w"),
        use_ratio=use_ratio,
    )
    assert_matches_oracle(result, expected)
    assert result.assumptions.zone_fell_back is (country == "QQQ")
    return result


def test_every_server_archetype_of_the_package_is_in_the_data(boavizta, servers):
    with open(Path(boavizta.package.data_dir) / "archetypes/server.csv", encoding="utf-8", newline="") as handle:
        package_codes = [row["id"].strip() for row in csv.DictReader(handle)]
    assert len(package_codes) == 348
    assert sorted(package_codes) == sorted(code for code, kind in zip(servers.archetypes, servers.kinds, strict=True)
                                           if kind == "server")  # fmt: skip
    assert boavizta.package.config.default_server == DEFAULT_SERVER_ARCHETYPE


@pytest.mark.parametrize("position", range(len(SERVER_CODES)), ids=lambda position: SERVER_CODES[position])
def test_every_server_archetype(boavizta, servers, position):
    """Each archetype under every kind of period, the countries rotating from one archetype to the next."""
    archetype = SERVER_CODES[position]
    for offset, (years, duration) in enumerate(PERIODS):
        check(servers, archetype, COUNTRIES[(position + offset) % len(COUNTRIES)], years, duration)


@pytest.mark.parametrize("archetype", GENERIC)
def test_generic_servers_every_country_and_period(boavizta, servers, archetype):
    for country, (years, duration) in itertools.product(COUNTRIES, PERIODS):
        check(servers, archetype, country, years, duration)


@pytest.mark.parametrize("archetype", [DEFAULT_SERVER_ARCHETYPE, STORAGE_PROXY_ARCHETYPE, "platform_aws_p3"])
def test_power_and_hours_overrides(boavizta, servers, archetype):
    check(servers, archetype, "BEL", 5, 2 * HOURS_PER_YEAR, hours_per_day=9, power_w=420)
    check(servers, archetype, "FRA", 4, None, power_w=180)
    check(servers, archetype, "DEU", 7, HOURS_PER_YEAR, hours_per_day=12)


@pytest.mark.parametrize("category", ["server", "storage"])
def test_category_profiles(boavizta, servers, category):
    profile = profile_for_category(category, servers)
    assert profile.quality == ("archetype" if category == "server" else "proxy")
    for country, (years, duration) in itertools.product(["FRA", "BEL", "QQQ"], PERIODS):
        result = check(servers, profile, country, years, duration)
        assert result.quality == profile.quality


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_server_configurations(boavizta, servers, data):
    archetype = data.draw(st.sampled_from(SERVER_CODES))
    country = data.draw(st.sampled_from([*servers.zones, "ZZZ"]))
    years = data.draw(st.floats(0.5, 12))
    duration = data.draw(st.floats(1, 15 * HOURS_PER_YEAR))
    power = data.draw(st.none() | st.floats(1, 3000))
    hours = data.draw(st.none() | st.floats(0.05, 24))
    result = estimate(
        servers, archetype=archetype, country=country, lifetime_years=years, duration_hours=duration,
        power_w=power, hours_per_day=hours,
    )  # fmt: skip
    expected = oracle_impacts(
        archetype, country=country, lifetime_hours=years * HOURS_PER_YEAR, duration_hours=duration,
        power_w=power, use_ratio=None if hours is None else hours / 24,
    )  # fmt: skip
    assert_matches_oracle(result, expected)
