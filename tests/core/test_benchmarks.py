"""Bench commands create the database they are pointed at when it does not exist yet, then migrate it."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

from fairfleet.core.benchmarks import POSTGRES_MAINTENANCE_DATABASE, ensure_database
from fairfleet.core.commands import NOT_PRODUCTION_FLAG

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL pointing to a PostgreSQL server"
)


def _wrapper(settings_dict: dict):
    return ConnectionHandler({"default": settings_dict})["default"]


def _postgresql(name: str):
    return _wrapper({**connection.settings_dict, "NAME": name, "TEST": {}})


def _drop_postgresql(name: str) -> None:
    maintenance = _postgresql(POSTGRES_MAINTENANCE_DATABASE)
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {maintenance.ops.quote_name(name)} WITH (FORCE)")
    finally:
        maintenance.close()


@pytest.fixture
def new_postgresql_name():
    name = f"fairfleet_bench_test_{uuid.uuid4().hex[:12]}"
    yield name
    _drop_postgresql(name)


@on_postgresql
def test_a_missing_postgresql_database_is_created_once(new_postgresql_name):
    target = _postgresql(new_postgresql_name)

    assert ensure_database(target) is True
    assert ensure_database(target) is False

    with target.cursor() as cursor:  # it exists and answers
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] == new_postgresql_name
    target.close()


def test_a_missing_sqlite_database_is_created_once(tmp_path):
    path = tmp_path / "not-yet" / "bench.sqlite3"
    target = _wrapper({"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})

    assert ensure_database(target) is True
    assert ensure_database(target) is False
    target.close()

    assert path.is_file()


def _bench_list(database_url: str | None, *args: str) -> dict:
    env = {**os.environ, "FAIRFLEET_ALLOW_DEV_KEY": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the command runs as ./run bench list does, with the real settings
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    completed = subprocess.run(
        [sys.executable, "manage.py", "bench_list", "--devices", "100", "--runs", "1", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@on_postgresql
def test_bench_list_creates_and_migrates_a_missing_postgresql_database(new_postgresql_name):
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    url = f"postgres://{params['USER']}{password}@{host}/{new_postgresql_name}"

    result = _bench_list(url, NOT_PRODUCTION_FLAG)

    assert result["database"] == "postgresql"
    assert result["devices"] == 100


def test_bench_list_creates_and_migrates_a_missing_sqlite_file(tmp_path):
    path = tmp_path / "not-yet" / "bench-list.sqlite3"

    result = _bench_list(None, "--db", str(path))

    assert result["database"] == "sqlite"
    assert path.is_file()
