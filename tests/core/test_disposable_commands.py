"""Demo seeds and benchmarks refuse the database of DATABASE_URL unless DEBUG is on or the operator says so."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fairfleet.core.commands import NOT_PRODUCTION_FLAG
from fairfleet.inventory.models import Device
from fairfleet.tenancy.models import Organisation, User

SEEDS = [
    ("seed_demo", {"devices_per_org": 10}),
    ("seed_reuse_demo", {}),
    ("seed_fleet", {"org": "Org", "devices": 10}),
]


def _state():
    return Organisation.objects.count(), User.objects.count(), Device.objects.count()


@pytest.mark.parametrize(("command", "options"), SEEDS)
def test_seeds_refuse_without_debug_or_flag(command, options, organisation, settings):
    settings.DEBUG = False
    before = _state()
    with pytest.raises(CommandError, match=NOT_PRODUCTION_FLAG):
        call_command(command, stdout=StringIO(), stderr=StringIO(), **options)
    assert _state() == before


def test_seed_runs_with_the_flag(organisation, settings):
    settings.DEBUG = False
    call_command("seed_fleet", org=organisation.name, devices=10, not_production=True, stdout=StringIO())
    assert Device.objects.filter(organisation=organisation).count() == 10


def test_seed_runs_with_debug(organisation, settings):
    settings.DEBUG = True
    call_command("seed_fleet", org=organisation.name, devices=10, stdout=StringIO())
    assert Device.objects.filter(organisation=organisation).count() == 10


def test_bench_refuses_the_database_of_database_url(organisation, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DATABASE_URL", "postgres://example.invalid/production")
    before = _state()
    with pytest.raises(CommandError, match=NOT_PRODUCTION_FLAG):
        call_command("bench_list", devices=300, runs=1, stdout=StringIO(), stderr=StringIO())
    assert _state() == before
