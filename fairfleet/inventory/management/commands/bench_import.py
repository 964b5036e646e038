"""Benchmark the import path: write a CSV of N realistic rows, check it, apply it, against a plain sqlite3 floor.

Prints progress on stderr and, as the last line of stdout, one JSON object: rows, check_seconds,
apply_seconds, rows_per_second, peak_rss_mb, baseline_seconds, ratio, database.
Uses its own SQLite file, var/bench-import.sqlite3, created afresh, unless DATABASE_URL is set.
"""

import csv
import datetime
import itertools
import json
import os
import random
import resource
import sqlite3
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import ConnectionHandler

from fairfleet.core.benchmarks import migrate_bench_database, use_bench_database
from fairfleet.core.commands import DisposableDataCommand
from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.models import Device, DeviceTransition, ImportJob, ImportJobState
from fairfleet.inventory.seeding import DEVICE_FIELDS, TRANSITION_FIELDS
from fairfleet.tenancy.models import Organisation, OrganisationKind

HEADER = ["serial number", "asset tag", "manufacturer", "model", "category", "service", "site", "holder",
          "acquisition date", "price", "supplier", "warranty months", "notes"]  # fmt: skip
MODELS = [("Dell", f"Latitude 54{n:02d}", "laptop") for n in range(20)] + [
    ("HP", f"EliteDesk 800 G{n}", "desktop") for n in range(1, 10)] + [
    ("Iiyama", f"ProLite XU24{n:02d}HS", "monitor") for n in range(10)]  # fmt: skip
SERVICES = ["Finances", "Ressources humaines", "Accueil", "Urbanisme", "Informatique", "Écoles", "Voirie", "Culture"]
SITES = ["Hôtel de Ville", "Annexe Nord", "Centre technique"]
SUPPLIERS = ["Econocom", "Bechtle", "Inmac", "Dell"]
DEVICE_COLUMNS = [Device._meta.get_field(name).column for name in DEVICE_FIELDS]
TRANSITION_COLUMNS = [DeviceTransition._meta.get_field(name).column for name in TRANSITION_FIELDS]


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb() -> float | None:
    """The resident size now (Linux), to tell what a phase keeps from what it peaked at."""
    try:
        with open("/proc/self/statm") as handle:
            return round(int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(1)
    start = datetime.date(2016, 1, 1).toordinal()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for n in range(rows):
            maker, model, category = MODELS[int(rng.random() * len(MODELS))]
            day = datetime.date.fromordinal(start + int(rng.random() * 3500))
            price = f"{300 + rng.random() * 900:.2f}".replace(".", ",")
            writer.writerow([
                f"SN{n:09d}", f"INV-{n:07d}", maker, model, category, SERVICES[n % len(SERVICES)],
                SITES[n % len(SITES)], "", day.strftime("%d/%m/%Y"), price,
                SUPPLIERS[n % len(SUPPLIERS)], "36", "",
            ])  # fmt: skip


def device_tables_sql() -> list[str]:
    """The SQLite DDL of the device and transition tables with every index Django gives them, from the models:
    the floor must pay for the same indexes as the import, whatever database the import ran on."""
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    schema_connection = handler["default"]
    try:
        with schema_connection.schema_editor(collect_sql=True) as editor:
            editor.create_model(Device)
            editor.create_model(DeviceTransition)
    finally:
        schema_connection.close()
    return editor.collected_sql


def baseline(path: Path, csv_path: Path) -> float:
    """Plain sqlite3 (default settings but WAL, as the site runs it): the same rows into the same two tables with
    the same indexes, in one transaction, with values already in their stored form."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for statement in device_tables_sql():
        db.execute(statement)
    device_sql = "INSERT INTO inventory_device ({}) VALUES ({})".format(
        ", ".join(DEVICE_COLUMNS), ", ".join("?" * len(DEVICE_COLUMNS))
    )
    transition_sql = "INSERT INTO inventory_devicetransition ({}) VALUES ({})".format(
        ", ".join(TRANSITION_COLUMNS), ", ".join("?" * len(TRANSITION_COLUMNS))
    )
    models = {(maker, name): n + 1 for n, (maker, name, _category) in enumerate(MODELS)}
    categories = {category: n + 1 for n, category in enumerate(dict.fromkeys(c for _m, _n, c in MODELS))}
    services, sites = {name: n + 1 for n, name in enumerate(SERVICES)}, {name: n + 1 for n, name in enumerate(SITES)}
    now, batch_id = datetime.datetime.now().isoformat(" "), f"{random.getrandbits(128):032x}"
    started = time.perf_counter()
    db.execute("BEGIN")
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        next_id = 1
        while batch := list(itertools.islice(reader, 5000)):
            devices = []
            for serial, tag, maker, model, category, service, site, _h, day, price, supplier, _w, notes in batch:
                acquired = f"{day[6:]}-{day[3:5]}-{day[:2]}"
                warranty = f"{int(day[6:]) + 3}{acquired[4:]}"
                devices.append((
                    1, f"{random.getrandbits(128):032x}", tag, serial, models[maker, model], categories[category],
                    services[service], sites[site], None, None, "in_stock", now, acquired, "new",
                    price.replace(",", "."), "EUR", supplier, warranty, notes, "{}", now, now,
                ))  # fmt: skip
            db.executemany(device_sql, devices)
            db.executemany(
                transition_sql,
                [
                    (next_id + i, 1, "", "in_stock", None, now, "", "", None, batch_id, None)
                    for i in range(len(devices))
                ],
            )
            next_id += len(devices)
    db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    return seconds


class Command(DisposableDataCommand):
    always_guarded = False  # guarded only on the database of DATABASE_URL
    help = "Benchmark a CSV import of N devices (dry run + apply) against plain sqlite3 executemany."

    def add_arguments(self, parser):
        parser.add_argument("--devices", type=int, default=1_000_000)

    def handle(self, *args, devices: int, **options):
        if devices < 10:
            raise CommandError("--devices must be at least 10.")
        var = Path(settings.VAR_DIR)
        own_file = use_bench_database(self, "import", None)
        if own_file is not None:  # always afresh: the times include no leftovers of an earlier run
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{own_file}{suffix}").unlink(missing_ok=True)
        migrate_bench_database(self)
        Organisation.objects.filter(name="Bench import").update(name="Bench import (old)")
        organisation = Organisation.objects.create(
            name="Bench import", kind=OrganisationKind.LOCAL_AUTHORITY, country="FR", language="fr"
        )
        media = Path(settings.MEDIA_ROOT) / "imports" / "bench"
        media.mkdir(parents=True, exist_ok=True)
        csv_path = media / f"bench-import-{organisation.public_id}.csv"
        self.stderr.write(f"Writing {devices:,} rows to {csv_path} ...")
        write_csv(csv_path, devices)
        job = ImportJob.objects.create(
            organisation=organisation, source_name=csv_path.name, format="csv", file_size=csv_path.stat().st_size
        )
        job.file.name = str(csv_path.relative_to(settings.MEDIA_ROOT))  # no copy of a large file
        job.save(update_fields=["file"])
        self.stderr.write("Checking ...")
        started, cpu = time.perf_counter(), time.process_time()
        report = import_check(job=job)
        check_seconds, check_cpu = time.perf_counter() - started, time.process_time() - cpu
        if job.state != ImportJobState.CHECKED:
            raise CommandError(f"The bench file was refused: {report['errors'][:3]}")
        # CPU time too: on a shared machine, the wall clock also counts other processes' turns.
        self.stderr.write(
            f"Checked in {check_seconds:.1f} s ({check_cpu:.1f} s CPU, RSS {rss_mb()} MB, peak {peak_rss_mb()} MB);"
            " applying ..."
        )
        started, cpu = time.perf_counter(), time.process_time()
        import_apply(actor=None, job=job)
        apply_seconds, apply_cpu = time.perf_counter() - started, time.process_time() - cpu
        written = Device.objects.filter(organisation=organisation).count()
        rss = peak_rss_mb()
        self.stderr.write(
            f"Applied in {apply_seconds:.1f} s ({apply_cpu:.1f} s CPU, {written:,} devices); measuring the baseline..."
        )
        cpu = time.process_time()
        base = baseline((var / "bench-import-baseline.sqlite3").resolve(), csv_path)
        self.stderr.write(f"Baseline in {base:.1f} s ({time.process_time() - cpu:.1f} s CPU).")
        csv_path.unlink()
        total = check_seconds + apply_seconds
        result = {
            "rows": devices,
            "database": connection.vendor,
            "check_seconds": round(check_seconds, 2),
            "apply_seconds": round(apply_seconds, 2),
            "rows_per_second": round(devices / total),
            "peak_rss_mb": rss,
            "baseline_seconds": round(base, 2),
            "ratio": round(total / base, 2),
            "devices_written": written,
        }
        self.stdout.write(json.dumps(result))
