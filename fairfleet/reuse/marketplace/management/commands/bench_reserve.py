"""Benchmark marketplace claims under contention: N clients (threads, each with its own database connection)
claim the same items at the same time; then, as the baseline measured in the same run, one client makes the
same number of claims on fresh items, one after the other.

Prints progress on stderr and, as the last line of stdout, one JSON object: attempts, items, clients,
winners_per_item (must all be 1), refusals, errors (must be 0), seconds, p50_ms, p95_ms, claims_per_second,
baseline (the same figures for the serial client), database. Uses var/bench-reserve.sqlite3 unless DATABASE_URL
is set (PostgreSQL: the real test of parallel connections; SQLite serialises writers).
"""

import json
import random
import statistics
import threading
import time
import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import close_old_connections, connection

from fairfleet.core.benchmarks import migrate_bench_database, use_bench_database
from fairfleet.core.commands import DisposableDataCommand
from fairfleet.inventory.models import Category, Device, DeviceModel, DeviceState
from fairfleet.reuse.marketplace import services
from fairfleet.reuse.marketplace.models import Offer, Reservation
from fairfleet.reuse.models import Assessment
from fairfleet.tenancy.models import Organisation, OrganisationKind, Service

REFUSAL = "This item is already reserved."


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


class Command(DisposableDataCommand):
    always_guarded = False  # guarded only on the database of DATABASE_URL
    help = (
        "Benchmark reservations under contention: --clients threads (own connection each) claim the same "
        "--items at once; exactly one winner per item is expected and no error. Baseline: one client, serially."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--items", type=int, default=20)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--db", help="SQLite file to use (default var/bench-reserve.sqlite3).")

    def handle(self, *args, clients, items, seed, db, **options):
        if clients < 2 or items < 1:
            raise CommandError("--clients must be at least 2 and --items at least 1.")
        use_bench_database(self, "reserve", db)
        if connection.vendor == "sqlite":
            self.stderr.write(
                "Note: SQLite serialises writers, so the clients wait on one another; set DATABASE_URL to a "
                "PostgreSQL database to measure real parallel connections. Running on SQLite anyway."
            )
        migrate_bench_database(self)  # a new database, or one from before
        organisation, service_ids = self._setup(clients)
        rng = random.Random(seed)

        self.stderr.write(f"{clients} clients claim the same {items} items at once ...")
        offers = self._offers(organisation, items, "C")
        concurrent = self._concurrent(organisation, offers, service_ids, rng)
        self.stderr.write(f"Baseline: one client makes the same {clients * items} claims serially ...")
        serial_offers = self._offers(organisation, items, "S")
        baseline = self._serial(organisation, serial_offers, service_ids)

        winners = [Reservation.objects.filter(offer_id=offer_id, state="active").count() for offer_id in offers]
        result = {
            "attempts": concurrent["attempts"],
            "items": items,
            "clients": clients,
            "winners_per_item": winners,
            "all_single_winner": all(count == 1 for count in winners),
            "refusals": concurrent["refusals"],
            "errors": concurrent["errors"],
            "seconds": concurrent["seconds"],
            "p50_ms": concurrent["p50_ms"],
            "p95_ms": concurrent["p95_ms"],
            "claims_per_second": concurrent["claims_per_second"],
            "baseline": baseline,
            "database": connection.vendor,
        }
        if concurrent["error_samples"]:
            self.stderr.write("Errors: " + "; ".join(concurrent["error_samples"]))
        self.stderr.write(
            f"  concurrent p95 {result['p95_ms']} ms, serial p95 {baseline['p95_ms']} ms; "
            f"{sum(winners)} winners for {items} items, {result['errors']} errors"
        )
        self.stdout.write(json.dumps(result))

    # Data --------------------------------------------------------------------------------------

    def _setup(self, clients: int):
        run = uuid.uuid4().hex[:8]
        organisation = Organisation.objects.create(name=f"Bench reserve {run}", kind=OrganisationKind.LOCAL_AUTHORITY)
        service_ids = [
            Service.objects.create(organisation=organisation, name=f"Service {n:02d}", criticality="tolerant").pk
            for n in range(clients)
        ]
        return organisation, service_ids

    def _offers(self, organisation: Organisation, items: int, prefix: str) -> list[int]:
        category = Category.objects.filter(organisation__isnull=True, code="laptop").first()
        if category is None:
            category = Category.objects.create(code="laptop", name="Laptop")
        model, _created = DeviceModel.objects.get_or_create(
            organisation=organisation, manufacturer="Dell", name="Latitude 5410", defaults={"category": category}
        )
        devices = [
            Device.objects.create(
                organisation=organisation,
                model=model,
                category=category,
                asset_tag=f"{prefix}-{n:05d}",
                state=DeviceState.END_OF_USE,
            )
            for n in range(items)
        ]
        for device in devices:
            Assessment.objects.create(organisation=organisation, device=device, grade="C")
        offers = services.offers_create(actor=None, organisation=organisation, devices=devices)
        return [offer.pk for offer in offers]

    # Claims ------------------------------------------------------------------------------------

    def _claim(self, organisation, offer_id: int, service_id: int):
        """One attempt: ("won" | "refused" | "error", milliseconds, detail)."""
        started = time.perf_counter()
        try:
            offer = Offer.objects.get(pk=offer_id)
            service = Service.objects.get(pk=service_id)
            services.reservation_create(actor=None, offer=offer, claimant=organisation, service=service)
            outcome, detail = "won", ""
        except ValidationError as refusal:
            outcome = "refused" if refusal.messages == [REFUSAL] else "error"
            detail = "; ".join(refusal.messages)
        except Exception as error:  # every other failure is counted and reported
            outcome, detail = "error", repr(error)[:300]
        return outcome, (time.perf_counter() - started) * 1000, detail

    def _concurrent(self, organisation, offers: list[int], service_ids: list[int], rng: random.Random) -> dict:
        orders = []
        for _ in service_ids:
            order = list(offers)
            rng.shuffle(order)
            orders.append(order)
        barrier = threading.Barrier(len(service_ids))
        outcomes: list[list[tuple]] = [[] for _ in service_ids]

        def client(index: int):
            close_old_connections()
            try:
                barrier.wait(timeout=60)
                for offer_id in orders[index]:
                    outcomes[index].append(self._claim(organisation, offer_id, service_ids[index]))
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(len(service_ids))]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        return self._figures([o for per_client in outcomes for o in per_client], seconds)

    def _serial(self, organisation, offers: list[int], service_ids: list[int]) -> dict:
        attempts = []
        started = time.perf_counter()
        for offer_id in offers:
            for service_id in service_ids:
                attempts.append(self._claim(organisation, offer_id, service_id))
        figures = self._figures(attempts, time.perf_counter() - started)
        figures.pop("error_samples")
        figures["winners"] = sum(1 for outcome, _ms, _detail in attempts if outcome == "won")
        return figures

    def _figures(self, attempts: list[tuple], seconds: float) -> dict:
        timings = [ms for _outcome, ms, _detail in attempts]
        return {
            "attempts": len(attempts),
            "refusals": sum(1 for outcome, _ms, _detail in attempts if outcome == "refused"),
            "errors": sum(1 for outcome, _ms, _detail in attempts if outcome == "error"),
            "error_samples": [detail for outcome, _ms, detail in attempts if outcome == "error"][:5],
            "seconds": round(seconds, 3),
            "p50_ms": round(statistics.median(timings), 2) if timings else 0.0,
            "p95_ms": round(percentile(timings, 0.95), 2),
            "claims_per_second": round(len(attempts) / seconds, 1) if seconds else 0.0,
        }
