"""Benchmark the fleet footprint engine on N synthetic devices, against boaviztapi called per device.

Prints progress on stderr and, as the last line of stdout, one JSON object (the contract read by scripts):
{"devices", "seconds", "oracle_ms_per_device", "ratio", "max_rel_deviation"}, plus "configurations",
"oracle_configurations", "groups", "runs", "factor_set", "database", "targets".
ratio = oracle ms per device x devices / engine ms; max_rel_deviation is over value, min and max of every
criterion and phase of the checked configurations (a NaN where boaviztapi has a figure, or the reverse, counts
as an infinite deviation).
"""

import json
import statistics
import time

import numpy as np
from django.core.management.base import CommandError
from django.db import connection

from fairfleet.core.benchmarks import migrate_bench_database, use_bench_database
from fairfleet.core.commands import DisposableDataCommand
from fairfleet.footprint.archetypes import profile_for_category
from fairfleet.footprint.engine import HOURS_PER_YEAR, compute_fleet
from fairfleet.footprint.factors import BOUNDS, factor_tables
from fairfleet.footprint.models import FactorSet

# Share of each category in an office fleet of a public body (furniture is not IT: left out).
CATEGORY_MIX = {
    "laptop": 0.34,
    "monitor": 0.24,
    "desktop": 0.11,
    "dock": 0.08,
    "smartphone": 0.08,
    "peripheral": 0.04,
    "tablet": 0.025,
    "thin_client": 0.02,
    "printer": 0.015,
    "feature_phone": 0.01,
    "workstation": 0.01,
    "all_in_one": 0.01,
    "network": 0.01,
    "projector": 0.005,
    "server": 0.004,
    "storage": 0.001,
}
COUNTRIES = {"FRA": 0.7, "BEL": 0.3}
SERVICES = 400  # the grouping key of the totals, like the services of an organisation
TARGETS = {"ratio": 1000, "max_rel_deviation": 0.001, "seconds_for_1m": 2.0}


class Command(DisposableDataCommand):
    always_guarded = False  # guarded only on the database of DATABASE_URL
    help = (
        "Benchmark the fleet footprint on N synthetic devices held in memory (office category mix, FRA/BEL, "
        "lifetimes of 3 to 8 years in months, use periods of one year or the whole life): distinct configurations "
        "and totals per service for all criteria and phases, against boaviztapi in-process on a sample. Reads "
        "the factor set from the database: var/bench-footprint.sqlite3 (or --db), unless DATABASE_URL is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--devices", type=int, default=1_000_000)
        parser.add_argument("--runs", type=int, default=5, help="Measured runs (the median is reported).")
        parser.add_argument("--oracle-configurations", type=int, default=500, help="Configurations checked.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--db", help="SQLite file to use (default var/bench-footprint.sqlite3).")

    def handle(self, *args, devices, runs, oracle_configurations, seed, db, **options):
        if devices < 1000 or runs < 1 or oracle_configurations < 1:
            raise CommandError("--devices must be at least 1000, --runs and --oracle-configurations at least 1.")
        use_bench_database(self, "footprint", db)
        tables = factor_tables(self._factor_set())
        fleet_input, compositions = self._synthetic_fleet(tables, devices, seed)
        self.stderr.write(f"Computing the footprint of {devices:,} devices, {runs} runs ...")
        timings = []
        for _run in range(runs + 1):  # the first run warms caches and is not counted
            started = time.perf_counter()
            fleet = compute_fleet(tables, compositions, fleet_input)
            totals = fleet.totals(fleet_input["service"], groups=SERVICES)
            timings.append(time.perf_counter() - started)
        seconds = statistics.median(timings[1:])
        self.stderr.write(
            f"  {fleet.configuration_count:,} configurations, median {seconds * 1000:.0f} ms "
            f"(first {timings[0] * 1000:.0f} ms); fleet GWP {np.nansum(totals.values['total'][:, 0, 0]):,.0f} kg"
        )
        self.stderr.write("Checking against boaviztapi in-process ...")
        deviation, oracle_ms, checked = self._check_against_oracle(
            tables, fleet, compositions, oracle_configurations, fleet_input["composition"]
        )
        ratio = oracle_ms * devices / (seconds * 1000)
        result = {
            "devices": devices,
            "seconds": round(seconds, 4),
            "oracle_ms_per_device": round(oracle_ms, 4),
            "ratio": round(ratio, 1),
            "max_rel_deviation": deviation,
            "configurations": fleet.configuration_count,
            "oracle_configurations": checked,
            "groups": SERVICES,
            "runs": runs,
            "factor_set": tables.code,
            "database": connection.vendor,
            "targets": TARGETS,
        }
        self.stderr.write(f"  ratio {ratio:,.0f}, max relative deviation {deviation:.3g} on {checked} configurations")
        self.stdout.write(json.dumps(result))

    # Database ---------------------------------------------------------------------------------

    def _factor_set(self) -> FactorSet:
        migrate_bench_database(self)  # a new database, or new factor sets
        factor_set = FactorSet.objects.order_by("-created_at", "-id").first()
        if factor_set is None:
            raise CommandError("No factor set in the database.")
        return factor_set

    # Fleet ------------------------------------------------------------------------------------

    def _synthetic_fleet(self, tables, devices: int, seed: int):
        rng = np.random.default_rng(seed)
        categories = list(CATEGORY_MIX)
        shares = np.array(list(CATEGORY_MIX.values()))
        compositions = [profile_for_category(code).composition for code in categories]
        countries = list(COUNTRIES)
        zone_of_country = np.array([tables.zone(code).index for code in countries])
        lifetime_h = rng.integers(36, 97, devices) / 12 * HOURS_PER_YEAR  # 3 to 8 years, in whole months
        whole_life = rng.random(devices) < 0.5
        fleet_input = {
            "composition": rng.choice(len(categories), devices, p=shares / shares.sum()),
            "zone": zone_of_country[rng.choice(len(countries), devices, p=list(COUNTRIES.values()))],
            "lifetime_h": lifetime_h,
            "duration_h": np.where(whole_life, lifetime_h, float(HOURS_PER_YEAR)),
            "service": np.minimum(rng.zipf(1.3, devices) - 1, SERVICES - 1),
        }
        return fleet_input, compositions

    # Oracle -----------------------------------------------------------------------------------

    def _check_against_oracle(
        self, tables, fleet, compositions, wanted: int, device_compositions: np.ndarray
    ) -> tuple[float, float, int]:
        """The largest relative deviation over `wanted` configurations drawn at random, and boaviztapi's time per
        device. A server call costs about ten times a terminal's, and servers are a small share of the devices
        but not of the configurations: the time per device is the mean time of each composition, weighted by its
        share of the devices."""
        try:
            from fairfleet.footprint.oracle import load_boaviztapi, oracle_impacts
        except ImportError as error:
            raise CommandError(f"The oracle needs boaviztapi (a development dependency): {error}.")
        load_boaviztapi()
        rng = np.random.default_rng(11)
        config = fleet.configurations
        worst, checked = 0.0, 0
        seconds_of = np.zeros(len(compositions))  # oracle time and configurations checked, per composition
        checked_of = np.zeros(len(compositions))
        for index in rng.permutation(fleet.configuration_count):
            if checked >= wanted:
                break
            composition = compositions[int(config["composition"][index])]
            if not composition:
                if not (np.isnan(fleet.embedded[index]).all() and np.isnan(fleet.use[index]).all()):
                    worst = float("inf")  # no data must stay NaN
                continue
            expected = {phase: np.zeros((len(tables.criteria), 3)) for phase in ("embedded", "use")}
            started = time.perf_counter()
            for archetype, weight in composition:
                figures = oracle_impacts(
                    archetype,
                    country=tables.zones[int(config["zone"][index])],
                    lifetime_hours=float(config["lifetime_h"][index]),
                    duration_hours=float(config["duration_h"][index]),
                )
                for phase, table in expected.items():
                    for position, code in enumerate(tables.criteria):
                        figure = figures[code][phase]
                        values = [np.nan] * 3 if figure is None else [getattr(figure, bound) for bound in BOUNDS]
                        table[position] += weight * np.array(values)
            seconds_of[int(config["composition"][index])] += time.perf_counter() - started
            checked_of[int(config["composition"][index])] += 1
            checked += 1
            for phase, ours in (("embedded", fleet.embedded[index]), ("use", fleet.use[index])):
                worst = max(worst, _max_relative_deviation(ours, expected[phase]))
        devices_of = np.bincount(device_compositions, minlength=len(compositions)).astype(np.float64)
        mean_of = np.divide(seconds_of, checked_of, out=np.zeros(len(compositions)), where=checked_of > 0)
        # A composition none of whose configurations was drawn takes the overall mean.
        mean_of[checked_of == 0] = seconds_of.sum() / max(checked, 1)
        has_data = np.array([bool(composition) for composition in compositions])
        weights = devices_of * has_data
        oracle_ms = float((mean_of * weights).sum() / max(weights.sum(), 1)) * 1000
        return worst, oracle_ms, checked


def _max_relative_deviation(ours: np.ndarray, expected: np.ndarray) -> float:
    if not np.array_equal(np.isnan(ours), np.isnan(expected)):
        return float("inf")
    known = ~np.isnan(expected)
    difference = np.abs(ours[known] - expected[known])
    scale = np.maximum(np.abs(expected[known]), 1e-300)
    return float((difference / scale).max(initial=0.0))
