"""Benchmark the device list at scale: server time and SQL queries of the page, against the raw SQL floor.

Prints progress on stderr and, as the last line of stdout, one JSON object (the contract read by scripts):
{"devices", "database", "seed_seconds", "scenarios": {name: {"p50_ms", "p95_ms", "queries"}}, "baseline",
"target_p95_ms"}, plus "runs" and "seed_reused".
"""

import json
import math
import random
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from fairfleet.core.benchmarks import migrate_bench_database, use_bench_database
from fairfleet.core.commands import DisposableDataCommand
from fairfleet.core.pagination import encode_cursor
from fairfleet.inventory.models import Category, Device
from fairfleet.inventory.seeding import seed_fleet
from fairfleet.tenancy import services as tenancy_services
from fairfleet.tenancy.models import Organisation, OrganisationKind, Role, User

BENCH_ORGANISATION = "Bench organisation"
SECOND_ORGANISATION = "Bench second organisation"
SECOND_DEVICES = 2_000
ADMIN_EMAIL = "bench-admin@bench.example"
TARGET_P95_MS = 100


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Command(DisposableDataCommand):
    always_guarded = False  # guarded only on the database of DATABASE_URL
    help = (
        "Benchmark the device list page on N devices: first page, filtered page, a page deep in the list, and a "
        "search by serial number, each --runs times after a warm-up, with the raw SQL of the first page as the "
        "floor. Uses its own SQLite file, var/bench-list.sqlite3 (or --db), unless DATABASE_URL is set; "
        "reuses the seeded data when it holds N devices already (--fresh seeds again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--devices", type=int, default=1_000_000, help="Devices in the benchmarked organisation.")
        parser.add_argument("--runs", type=int, default=30, help="Measured requests per scenario.")
        parser.add_argument("--db", help="SQLite file to use (default var/bench-list.sqlite3).")
        parser.add_argument("--fresh", action="store_true", help="Seed again even if the data is there.")

    def handle(self, *args, devices: int, runs: int, db: str | None, fresh: bool, **options):
        if devices < 100 or runs < 1:
            raise CommandError("--devices must be at least 100 and --runs at least 1.")
        own_file = use_bench_database(self, "list", db)
        if own_file is None:
            self.stderr.write(
                f"Using the database of DATABASE_URL ({connection.vendor}, {connection.settings_dict['NAME']})."
            )
        organisation, seed_seconds, reused = self._prepare(devices, fresh, own_file)
        admin = self._admin(organisation)
        self.stderr.write(f"Measuring {runs} runs per scenario ...")
        scenarios = self._measure_view(organisation, admin, devices, runs)
        baseline = self._measure_raw_first_page(organisation, runs)
        result = {
            "devices": devices,
            "database": connection.vendor,
            "seed_seconds": round(seed_seconds, 2),
            "scenarios": scenarios,
            "baseline": baseline,
            "target_p95_ms": TARGET_P95_MS,
            "runs": runs,
            "seed_reused": reused,
        }
        for name, figures in scenarios.items():
            self.stderr.write(f"  {name:<14} p50 {figures['p50_ms']:>7} ms  p95 {figures['p95_ms']:>7} ms  "
                              f"{figures['queries']} queries")  # fmt: skip
        self.stderr.write(f"  raw SQL floor  p50 {baseline['raw_first_page_p50_ms']:>7} ms")
        self.stdout.write(json.dumps(result))

    # Database ---------------------------------------------------------------------------------

    def _prepare(self, devices: int, fresh: bool, own_file: Path | None) -> tuple[Organisation, float, bool]:
        """Reuse the bench organisations when they hold the wanted fleet, else seed them again."""
        if not fresh and self._tables_exist():
            organisation = Organisation.objects.filter(name=BENCH_ORGANISATION).first()
            second = Organisation.objects.filter(name=SECOND_ORGANISATION).first()
            if organisation and second and Device.objects.filter(organisation=organisation).count() == devices:
                self.stderr.write(f"Reusing the {devices:,} devices seeded before (--fresh seeds again).")
                return organisation, 0.0, True
        if own_file is not None:  # a file of our own: starting afresh is faster than deleting a million rows
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{own_file}{suffix}").unlink(missing_ok=True)
            self.stderr.write(f"Creating {own_file} ...")
        migrate_bench_database(self)
        if own_file is None:
            self._purge_bench_organisations()
        started = time.perf_counter()
        self.stderr.write(f"Seeding {devices:,} devices ...")
        organisation = self._seeded(BENCH_ORGANISATION, "FR", "fr", devices, seed=1, prefix="BEN")
        self._seeded(SECOND_ORGANISATION, "BE", "nl", SECOND_DEVICES, seed=2, prefix="SEC")
        seconds = time.perf_counter() - started
        self.stderr.write(f"Seeded in {seconds:.1f} s.")
        if connection.vendor == "postgresql":  # measure the steady state, once autovacuum would have analysed
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return organisation, seconds, False

    def _tables_exist(self) -> bool:
        return Device._meta.db_table in connection.introspection.table_names()

    def _seeded(self, name: str, country: str, language: str, devices: int, *, seed: int, prefix: str):
        organisation = tenancy_services.organisation_create(
            actor=None, name=name, kind=OrganisationKind.FEDERAL_REGIONAL_BODY, country=country, language=language
        )
        step = max(100_000, devices // 10)

        def report(done: int) -> None:
            if done % step < 20_000 or done == devices:
                self.stderr.write(f"  {name}: {done:,} / {devices:,}")

        seed_fleet(
            organisation=organisation, devices=devices, seed=seed, prefix=prefix, batch_size=20_000, progress=report
        )
        return organisation

    @transaction.atomic
    def _purge_bench_organisations(self) -> None:
        """Delete the bench organisations and every row they own (foreign keys are checked at the commit)."""
        ids = list(
            Organisation.objects.filter(name__in=[BENCH_ORGANISATION, SECOND_ORGANISATION]).values_list(
                "id", flat=True
            )
        )
        if not ids:
            return
        self.stderr.write("Deleting the previous bench organisations ...")
        quote, marks = connection.ops.quote_name, ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            # Every table with a key to an organisation, hidden ones (related_name="+") included.
            for relation in Organisation._meta.get_fields(include_hidden=True):
                if relation.auto_created and not relation.concrete and not relation.many_to_many:
                    table, column = relation.related_model._meta.db_table, relation.field.column
                    cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} IN ({marks})", ids)
            cursor.execute(f"DELETE FROM {quote(Organisation._meta.db_table)} WHERE id IN ({marks})", ids)

    def _admin(self, organisation: Organisation) -> User:
        admin = User.objects.filter(email=ADMIN_EMAIL).first() or User.objects.create_user(ADMIN_EMAIL, None)
        tenancy_services.membership_create(actor=None, organisation=organisation, user=admin, role=Role.ADMIN)
        return admin

    # Measures ---------------------------------------------------------------------------------

    def _measure_view(self, organisation: Organisation, admin: User, devices: int, runs: int) -> dict:
        rng = random.Random(7)
        laptops = Category.objects.get(organisation__isnull=True, code="laptop")
        fleet = Device.objects.filter(organisation=organisation)
        # The page after the row 90% down the default ("newest") order: what following "next" leads to.
        deep_id = fleet.order_by("-id").values_list("id", flat=True)[int(devices * 0.9)]
        low, high = (
            fleet.order_by("id").values_list("id", flat=True)[0],
            fleet.order_by("-id").values_list("id", flat=True)[0],
        )
        picks = [rng.randint(low, high) for _i in range(500)]
        serials = list(fleet.filter(id__in=picks).exclude(serial_number="").values_list("serial_number", flat=True))
        scenarios = {
            "first_page": dict,
            "filtered_page": lambda: {"category": str(laptops.public_id), "state": "in_use"},
            "deep_page": lambda: {"cursor": encode_cursor([deep_id])},
            "search_serial": lambda: {"q": rng.choice(serials)},
        }
        client = Client()
        client.force_login(admin)
        url = reverse("inventory:device_list")
        results = {}
        # Plain static files: the manifest of collectstatic is not needed to time the page.
        static = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(STORAGES=static, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for name, params_of in scenarios.items():
                timings, queries = [], 0
                for run in range(runs + 1):  # the first one warms caches and is not counted
                    params = params_of()
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url, params)
                        elapsed = time.perf_counter() - started
                    if response.status_code != 200:
                        raise CommandError(f"{name}: the list answered {response.status_code} for {params}.")
                    if name == "search_serial" and params["q"].encode() not in response.content:
                        self.stderr.write(f"  warning: the search for {params['q']} did not show that device")
                    if run:
                        timings.append(elapsed * 1000)
                        queries = max(queries, len(captured.captured_queries))
                results[name] = {
                    "p50_ms": round(statistics.median(timings), 2),
                    "p95_ms": round(percentile(timings, 0.95), 2),
                    "queries": queries,
                }
                self.stderr.write(f"  {name} done")
        return results

    def _measure_raw_first_page(self, organisation: Organisation, runs: int) -> dict:
        """The floor: the first page's rows straight from the database cursor, without Django in between."""
        table, quote = Device._meta.db_table, connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in Device._meta.concrete_fields)
        mark = "?" if connection.vendor == "sqlite" else "%s"
        where = f"{quote('organisation_id')} = {mark} ORDER BY {quote('id')} DESC LIMIT 51"
        sql = f"SELECT {columns} FROM {quote(table)} WHERE {where}"
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        timings = []
        for run in range(runs + 1):
            started = time.perf_counter()
            cursor.execute(sql, [organisation.id])
            cursor.fetchall()
            if run:
                timings.append((time.perf_counter() - started) * 1000)
        cursor.close()
        return {
            "raw_first_page_p50_ms": round(statistics.median(timings), 3),
            "raw_first_page_p95_ms": round(percentile(timings, 0.95), 3),
        }
