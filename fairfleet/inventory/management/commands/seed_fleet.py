"""Add many realistic devices to one organisation, fast: for load tests, benchmarks and demos."""

import re
import time
import unicodedata
import uuid

from django.core.management.base import CommandError

from fairfleet.core.commands import DisposableDataCommand
from fairfleet.inventory.seeding import seed_fleet
from fairfleet.tenancy.models import Organisation


def find_organisation(value: str) -> Organisation:
    """The organisation with this public id, or else with exactly this name."""
    try:
        organisation = Organisation.objects.filter(public_id=uuid.UUID(value)).first()
    except ValueError:
        organisation = None
    if organisation is None:
        matches = list(Organisation.objects.filter(name=value)[:2])
        if len(matches) > 1:
            raise CommandError(f"Several organisations are named {value!r}: give its public id instead.")
        organisation = matches[0] if matches else None
    if organisation is None:
        raise CommandError(f"No organisation has the public id or the name {value!r}.")
    return organisation


def default_prefix(name: str) -> str:
    """Initials of the name's capitalised words, e.g. "Région Hauts-de-Vallée" -> "RHV"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    initials = "".join(word[0] for word in re.split(r"[\s\-/']+", ascii_name) if word[:1].isupper())
    return (initials or "DEV")[:4].upper()


class Command(DisposableDataCommand):
    help = (
        "Add N realistic devices to an organisation (realistic mix of categories, ages, states, prices, "
        "warranties and manufacturer-style serial numbers), each with its first lifecycle step in the history. "
        "Deterministic for a given --seed. Gives an organisation that has none a model catalogue, services, "
        "sites with storage rooms and people first. Writes with executemany on SQLite (rebuilding the indexes "
        "after a large load) and COPY on PostgreSQL, in one transaction; 1,000,000 devices take about a minute "
        "on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organisation: its public id or its exact name.")
        parser.add_argument("--devices", type=int, required=True, help="How many devices to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed, the same fleet.")
        parser.add_argument("--prefix", help="Asset tag prefix (default: the initials of the organisation).")
        parser.add_argument("--batch-size", type=int, default=20_000, help="Rows written per batch.")

    def handle(self, *args, org: str, devices: int, seed: int, prefix: str | None, batch_size: int, **options):
        if devices < 1:
            raise CommandError("--devices must be at least 1.")
        organisation = find_organisation(org)
        prefix = (prefix or default_prefix(organisation.name)).strip().upper()
        started = time.perf_counter()
        step = max(batch_size, devices // 10)  # about ten progress lines

        def report(done: int) -> None:
            if done % step < batch_size or done == devices:
                self.stderr.write(f"  {done:,} / {devices:,} devices ({time.perf_counter() - started:.1f} s)")

        self.stderr.write(f"Adding {devices:,} devices to {organisation.name} (tags {prefix}-..., seed {seed}) ...")
        created = seed_fleet(
            organisation=organisation,
            devices=devices,
            seed=seed,
            prefix=prefix,
            batch_size=batch_size,
            progress=report,
        )
        self.stdout.write(
            f"Added {created:,} devices to {organisation.name} in {time.perf_counter() - started:.1f} s."
        )
