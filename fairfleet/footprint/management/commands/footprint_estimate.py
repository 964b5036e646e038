import json
import math

from django.core.management.base import BaseCommand, CommandError

from fairfleet.footprint.archetypes import DEFAULT_CATEGORY_PROFILES, profile_for_category
from fairfleet.footprint.engine import estimate
from fairfleet.footprint.factors import factor_tables
from fairfleet.footprint.models import FactorSet


def _number(value: float | None) -> str:
    if value is None:
        return "not implemented"
    return f"{value:.4g}"


class Command(BaseCommand):
    help = (
        "Print the embedded and use impacts, per criterion, of one device of a category over its lifetime "
        "(the same estimate the pages use), with the factor set, the assumptions and the data quality."
    )

    def add_arguments(self, parser):
        parser.add_argument("--category", required=True, choices=sorted(DEFAULT_CATEGORY_PROFILES))
        parser.add_argument(
            "--archetype",
            help="An archetype of the factor set instead of the category's mapping (e.g. a server archetype such "
            "as platform_hddstorage_low or platform_aws_m5-b).",
        )
        parser.add_argument("--years", type=float, required=True, help="Lifetime in years.")
        parser.add_argument("--country", default="FRA", help="ISO3 (or ISO2) country code; unknown: EEE (Europe).")
        parser.add_argument("--hours-per-day", type=float, help="Hours of use per day (default: the archetype's).")
        parser.add_argument("--duration-years", type=float, help="Use period in years (default: the lifetime).")
        parser.add_argument("--factor-set", help="Factor set code (default: the newest).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(
        self, *args, category, archetype, years, country, hours_per_day, duration_years, factor_set, json, **options
    ):
        if years <= 0 or (hours_per_day is not None and not 0 <= hours_per_day <= 24):
            raise CommandError("--years must be positive and --hours-per-day between 0 and 24.")
        try:
            tables = factor_tables(factor_set)
        except FactorSet.DoesNotExist as error:
            raise CommandError(str(error) or f"No factor set {factor_set}.")
        if archetype is not None and archetype not in tables.archetypes:
            raise CommandError(f"No archetype {archetype} in factor set {tables.code}.")
        result = estimate(
            tables,
            archetype=archetype or profile_for_category(category, tables),
            country=country,
            lifetime_years=years,
            duration_hours=None if duration_years is None else duration_years * 8760,
            hours_per_day=hours_per_day,
        )
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        self._print(category, result)

    def _print(self, category, result):
        assumptions = result.assumptions
        out = self.stdout.write
        out(f"Factor set {result.factor_set}; category {category}: quality {result.quality}")
        if result.reason:
            out(f"  {result.reason}")
        composition = " + ".join(f"{weight:g} x {code}" for code, weight in assumptions.composition) or "none"
        fallback = (
            f" (requested {assumptions.requested_country}: not in the data)" if assumptions.zone_fell_back else ""
        )
        out(f"Archetypes: {composition}")
        out(f"Zone {assumptions.zone} {assumptions.zone_name}{fallback}")
        out(
            f"Lifetime {assumptions.lifetime_hours / 8760:g} y, use period {assumptions.duration_hours / 8760:g} y "
            f"(allocation {assumptions.allocation_ratio:.4g}), {assumptions.hours_per_day:.3g} h/day, "
            f"power {assumptions.power_w.value:g} W ({assumptions.power_w.min:g}-{assumptions.power_w.max:g})"
        )
        out(f"{'criterion':<9} {'unit':<20} {'embedded':>16} {'use':>16} {'use min-max':>24}")
        for code, impact in result.criteria.items():
            use_range = "" if impact.use is None else f"{impact.use.min:.3g}-{impact.use.max:.3g}"
            embedded = _number(impact.embedded and impact.embedded.value)
            use = _number(impact.use and impact.use.value)
            out(f"{code:<9} {impact.unit:<20} {embedded:>16} {use:>16} {use_range:>24}")


def _dumps(data) -> str:
    def clean(value):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [clean(item) for item in value]
        return value

    return json.dumps(clean(data), ensure_ascii=False)
