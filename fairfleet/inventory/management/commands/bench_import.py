"""Benchmark the import path: write a CSV of N realistic rows, check it, apply it, against a plain sqlite3 floor.

Prints progress on stderr and, as the last line of stdout, one JSON object: rows, check_seconds,
apply_seconds, rows_per_second, peak_rss_mb, baseline_seconds, ratio, database.
Uses its own SQLite file, var/bench-import.sqlite3, created afresh, unless DATABASE_URL is set.
"""

import csv
import datetime
import json
import os
import random
import resource
import sqlite3
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.models import Device, ImportJob, ImportJobState
from fairfleet.tenancy.models import Organisation, OrganisationKind

CHILD_FLAG = "FAIRFLEET_BENCH_IMPORT_CHILD"
HEADER = ["serial number", "asset tag", "manufacturer", "model", "category", "service", "site", "holder",
          "acquisition date", "price", "supplier", "warranty months", "notes"]  # fmt: skip
MODELS = [("Dell", f"Latitude 54{n:02d}", "laptop") for n in range(20)] + [
    ("HP", f"EliteDesk 800 G{n}", "desktop") for n in range(1, 10)] + [
    ("Iiyama", f"ProLite XU24{n:02d}HS", "monitor") for n in range(10)]  # fmt: skip
SERVICES = ["Finances", "Ressources humaines", "Accueil", "Urbanisme", "Informatique", "Écoles", "Voirie", "Culture"]
SITES = ["Hôtel de Ville", "Annexe Nord", "Centre technique"]
SUPPLIERS = ["Econocom", "Bechtle", "Inmac", "Dell"]


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


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


def baseline(path: Path, csv_path: Path) -> float:
    """Plain sqlite3: the same rows into an equivalent device table with the same indexes, in one transaction."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    columns = ["organisation_id", "public_id", "asset_tag", "serial_number", "model_id", "category_id", "service_id",
               "site_id", "holder_id", "state", "acquisition_date", "price", "supplier", "warranty_end", "notes",
               "external_ids", "created_at", "updated_at"]  # fmt: skip
    db.execute(f"CREATE TABLE device (id INTEGER PRIMARY KEY AUTOINCREMENT, {', '.join(columns)})")
    db.execute("CREATE TABLE transition (id INTEGER PRIMARY KEY AUTOINCREMENT, device_id, to_state, created_at)")
    db.execute("CREATE UNIQUE INDEX u_serial ON device (organisation_id, serial_number) WHERE serial_number != ''")
    db.execute("CREATE UNIQUE INDEX u_tag ON device (organisation_id, asset_tag) WHERE asset_tag != ''")
    db.execute("CREATE UNIQUE INDEX u_public ON device (public_id)")
    for name in ("id", "asset_tag", "serial_number", "state", "category_id", "service_id", "site_id", "model_id",
                 "acquisition_date", "warranty_end", "supplier"):  # fmt: skip
        db.execute(f"CREATE INDEX i_{name} ON device (organisation_id, {name}, id)")
    db.execute("CREATE INDEX i_transition ON transition (device_id, id)")
    sql = f"INSERT INTO device ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    started = time.perf_counter()
    db.execute("BEGIN")
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        batch, now, next_id = [], datetime.datetime.now().isoformat(), 1
        for n, row in enumerate(reader):
            batch.append((1, f"{n:032x}", row[1], row[0], 1, 1, 1, 1, None, "in_stock", row[8], row[9], row[10], None,
                          "", "{}", now, now))  # fmt: skip
            if len(batch) == 5000:
                db.executemany(sql, batch)
                db.executemany("INSERT INTO transition VALUES (?, ?, ?, ?)",
                               [(None, next_id + i, "in_stock", now) for i in range(len(batch))])  # fmt: skip
                next_id += len(batch)
                batch = []
        if batch:
            db.executemany(sql, batch)
            db.executemany("INSERT INTO transition VALUES (?, ?, ?, ?)",
                           [(None, next_id + i, "in_stock", now) for i in range(len(batch))])  # fmt: skip
    db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    return seconds


class Command(BaseCommand):
    help = "Benchmark a CSV import of N devices (dry run + apply) against plain sqlite3 executemany."

    def add_arguments(self, parser):
        parser.add_argument("--devices", type=int, default=1_000_000)

    def handle(self, *args, devices: int, **options):
        if devices < 10:
            raise CommandError("--devices must be at least 10.")
        var = Path(settings.VAR_DIR)
        own_file = None if os.environ.get("DATABASE_URL") and os.environ.get(CHILD_FLAG) != "1" else var
        if own_file is not None and os.environ.get(CHILD_FLAG) != "1":
            if not getattr(self, "_called_from_command_line", False):
                raise CommandError("Run bench_import from the command line, or set DATABASE_URL.")
            path = (var / "bench-import.sqlite3").resolve()
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.environ["DATABASE_URL"] = f"sqlite:///{path}"
            os.environ[CHILD_FLAG] = "1"
            sys.stdout.flush()
            sys.stderr.flush()
            os.execv(sys.executable, [sys.executable, *sys.argv])
        call_command("migrate", verbosity=0, interactive=False)
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
        started = time.perf_counter()
        report = import_check(job=job)
        check_seconds = time.perf_counter() - started
        if job.state != ImportJobState.CHECKED:
            raise CommandError(f"The bench file was refused: {report['errors'][:3]}")
        self.stderr.write(f"Checked in {check_seconds:.1f} s; applying ...")
        started = time.perf_counter()
        import_apply(actor=None, job=job)
        apply_seconds = time.perf_counter() - started
        written = Device.objects.filter(organisation=organisation).count()
        rss = peak_rss_mb()
        self.stderr.write(f"Applied in {apply_seconds:.1f} s ({written:,} devices); measuring the baseline ...")
        base = baseline((var / "bench-import-baseline.sqlite3").resolve(), csv_path)
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
