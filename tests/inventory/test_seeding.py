import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F

from fairfleet.inventory import seeding
from fairfleet.inventory.models import Device, DeviceTransition
from fairfleet.inventory.seeding import seed_fleet
from fairfleet.inventory.workflows import STORED_STATES
from fairfleet.tenancy.identifiers import validate_legal_identifier
from fairfleet.tenancy.models import Membership, NetworkMembership, NetworkMembershipState, Organisation, Role
from tests.tenancy.factories import OrganisationFactory


def fleet_of(organisation):
    return Device.objects.filter(organisation=organisation).order_by("id")


@pytest.mark.parametrize("method", ["auto", "orm"])
def test_seed_fleet_adds_exactly_n_consistent_devices(organisation, method):
    assert seed_fleet(organisation=organisation, devices=300, seed=7, prefix="tst", method=method) == 300

    devices = fleet_of(organisation)
    assert devices.count() == 300
    serials = [s for s in devices.values_list("serial_number", flat=True) if s]
    assert len(serials) == len(set(serials)) > 250
    assert all(s == s.upper() for s in serials)
    tags = list(devices.values_list("asset_tag", flat=True))
    assert tags == [f"TST-{n:06d}" for n in range(1, 301)]
    assert not devices.exclude(category=F("model__category")).exists()
    assert not devices.filter(state__in=STORED_STATES, storage_room__isnull=True).exists()
    assert not devices.exclude(model__organisation=organisation).exists()


def test_every_seeded_device_has_its_first_lifecycle_step(organisation):
    seed_fleet(organisation=organisation, devices=300, seed=7, prefix="TST")

    steps = DeviceTransition.objects.filter(organisation=organisation)
    assert steps.count() == 300
    assert not fleet_of(organisation).annotate(n=Count("transitions")).exclude(n=1).exists()
    assert not steps.exclude(from_state="").exists()
    assert not steps.exclude(to_state=F("device__state")).exists()
    assert not steps.exclude(reason="").exists()  # as device_create: pages name the first step


def test_the_same_seed_gives_the_same_fleet_and_another_seed_another():
    first, second, third = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for organisation, seed in ((first, 11), (second, 11), (third, 12)):
        seed_fleet(organisation=organisation, devices=200, seed=seed, prefix="DET")

    def summary(organisation):
        return list(fleet_of(organisation).values_list("serial_number", "model__name", "state", "acquisition_date"))

    assert summary(first) == summary(second)
    assert summary(first) != summary(third)
    # Public ids are unique across the whole table, so they are not drawn from the seed.
    assert not set(fleet_of(first).values_list("public_id", flat=True)) & set(
        fleet_of(second).values_list("public_id", flat=True)
    )


def test_a_second_run_continues_the_tags_and_keeps_serials_unique(organisation):
    seed_fleet(organisation=organisation, devices=150, seed=5, prefix="TST")
    seed_fleet(organisation=organisation, devices=150, seed=5, prefix="TST")

    devices = fleet_of(organisation)
    assert devices.count() == 300
    assert list(devices.values_list("asset_tag", flat=True)) == [f"TST-{n:06d}" for n in range(1, 301)]
    serials = [s for s in devices.values_list("serial_number", flat=True) if s]
    assert len(serials) == len(set(serials))


def test_a_failed_load_leaves_no_device_behind(organisation, monkeypatch):
    make_writer = seeding.bulk_writer

    def fail():
        raise RuntimeError("disk full")

    def failing_writer(method, devices):  # writes every batch, then fails before the commit
        writer, values = make_writer(method, devices)
        monkeypatch.setattr(writer, "finish", fail)
        return writer, values

    monkeypatch.setattr(seeding, "bulk_writer", failing_writer)

    with pytest.raises(RuntimeError, match="disk full"):
        seed_fleet(organisation=organisation, devices=120, seed=3, prefix="TST", batch_size=50)

    assert not Device.objects.filter(organisation=organisation).exists()
    assert not DeviceTransition.objects.filter(organisation=organisation).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite writer's large-load path")
def test_a_large_sqlite_load_rebuilds_every_index(organisation, monkeypatch):
    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inventory_device'"
            )
            return set(cursor.fetchall())

    before = indexes()
    monkeypatch.setattr(seeding, "REBUILD_INDEXES_FROM", 1)

    seed_fleet(organisation=organisation, devices=120, seed=3, prefix="IDX")

    assert indexes() == before
    assert fleet_of(organisation).count() == 120


def test_seed_fleet_command_finds_the_organisation_by_public_id_or_name(organisation):
    call_command(
        "seed_fleet",
        not_production=True,
        org=str(organisation.public_id),
        devices=40,
        seed=2,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    call_command(
        "seed_fleet", not_production=True, org=organisation.name, devices=10, stdout=StringIO(), stderr=StringIO()
    )

    assert fleet_of(organisation).count() == 50
    assert fleet_of(organisation).last().asset_tag == "RD-000050"  # "Région Démo" -> RD
    with pytest.raises(CommandError, match="No organisation"):
        call_command(
            "seed_fleet", not_production=True, org="Nowhere", devices=10, stdout=StringIO(), stderr=StringIO()
        )


def run_seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", not_production=True, devices_per_org=50, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_seed_demo_creates_both_organisations_every_role_and_the_network():
    output = run_seed_demo()

    region = Organisation.objects.get(name="Région Hauts-de-Vallée")
    mobility = Organisation.objects.get(name="Service public fédéral Mobilité Démo")
    for organisation in (region, mobility):
        assert validate_legal_identifier(country=organisation.country, value=organisation.legal_identifier)
        roles = set(Membership.objects.filter(organisation=organisation).values_list("role", flat=True))
        assert roles == set(Role.values)
        assert fleet_of(organisation).count() == 50
        assert organisation.services.exists()
        assert organisation.storage_rooms.exists()
    assert set(
        Membership.objects.filter(user__email="multi@demo.example", role=Role.ADMIN).values_list(
            "organisation__name", flat=True
        )
    ) == {region.name, mobility.name}
    network_membership = NetworkMembership.objects.get(organisation=mobility)
    assert network_membership.state == NetworkMembershipState.ACTIVE
    assert network_membership.network.coordinator == region
    assert "admin@mobilite.example" in output
    assert "demo-fairfleet-2026" in output


def test_seed_demo_is_idempotent():
    run_seed_demo()
    counts = (Organisation.objects.count(), Device.objects.count(), Membership.objects.count())

    output = run_seed_demo()

    assert (Organisation.objects.count(), Device.objects.count(), Membership.objects.count()) == counts
    assert "exists already" in output


def test_bench_list_prints_its_json_contract_last(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "the test database")  # measure here, without starting another process
    out = StringIO()

    call_command("bench_list", not_production=True, devices=300, runs=2, stdout=out, stderr=StringIO())

    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["devices"] == 300
    assert result["database"] == connection.vendor
    assert set(result["scenarios"]) == {"first_page", "filtered_page", "deep_page", "search_serial"}
    for figures in result["scenarios"].values():
        assert 0 < figures["p50_ms"] <= figures["p95_ms"]
        assert figures["queries"] > 0
    assert result["baseline"]["raw_first_page_p50_ms"] > 0
    assert result["target_p95_ms"] == 100
