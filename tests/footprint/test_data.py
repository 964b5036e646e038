"""The factor file: deterministic extraction, idempotent loading, never rewriting a factor set; the commands."""

import copy
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from fairfleet.footprint.factors import current_factor_set, factor_tables
from fairfleet.footprint.loading import BUNDLED_FACTOR_FILE, FactorFileError, load_factor_file, tables_sha256
from fairfleet.footprint.models import FactorSet


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_extraction_is_deterministic_and_matches_the_committed_file(boavizta, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("footprint_extract", "--output", str(first), stdout=io.StringIO())
    call_command("footprint_extract", "--output", str(second), stdout=io.StringIO())
    assert sha256(first) == sha256(second)
    if boavizta.package_version == "2.5.0":
        assert sha256(first) == sha256(BUNDLED_FACTOR_FILE)


def test_the_migration_loaded_the_bundled_file():
    content = json.loads(BUNDLED_FACTOR_FILE.read_text())
    factor_set = FactorSet.objects.get(code="boavizta-2.5.0")
    assert factor_set.tables_sha256 == content["tables_sha256"]
    # The database gives back the very tables (JSON on SQLite, jsonb on PostgreSQL).
    assert tables_sha256(factor_set.tables) == factor_set.tables_sha256
    assert factor_set.package_version == "2.5.0"
    assert set(factor_set.provenance["files"]) == {"factors.yml", "archetypes/user_terminal.csv"}


def test_loading_twice_does_nothing():
    before = FactorSet.objects.count()
    factor_set, created = load_factor_file(BUNDLED_FACTOR_FILE)
    assert not created
    assert factor_set.code == "boavizta-2.5.0"
    assert FactorSet.objects.count() == before


def test_new_version_gets_a_new_row_and_never_rewrites_the_old_one(tmp_path, capsys):
    content = json.loads(BUNDLED_FACTOR_FILE.read_text())
    old = FactorSet.objects.get(code=content["code"])
    changed = copy.deepcopy(content)
    changed["tables"]["zones"][0]["use"]["gwp"] = [1.0, 1.0, 1.0]
    changed["tables_sha256"] = tables_sha256(changed["tables"])
    same_code = tmp_path / "same-code.json"
    same_code.write_text(json.dumps(changed))
    with pytest.raises(FactorFileError, match="another code"):
        load_factor_file(same_code)

    changed["code"] = "boavizta-test"
    new_code = tmp_path / "new-code.json"
    new_code.write_text(json.dumps(changed))
    call_command("footprint_load", str(new_code))
    call_command("footprint_load", str(new_code))
    assert "already loaded" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.tables_sha256 == content["tables_sha256"]
    assert current_factor_set().code == "boavizta-test"  # the newest
    assert factor_tables("boavizta-2.5.0").code == "boavizta-2.5.0"


def test_a_file_edited_by_hand_is_refused(tmp_path):
    content = json.loads(BUNDLED_FACTOR_FILE.read_text())
    content["code"] = "boavizta-edited"
    content["tables"]["zones"][0]["use"]["gwp"] = [2.0, 2.0, 2.0]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(content))
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("footprint_load", str(path))


def test_estimate_command(capsys):
    call_command("footprint_estimate", "--category", "laptop", "--years", "4", "--country", "FRA")
    out = capsys.readouterr().out
    assert "boavizta-2.5.0" in out
    assert "77.26" in out
    assert "not implemented" in out


def test_estimate_command_json(capsys):
    call_command(
        "footprint_estimate", "--category", "all_in_one", "--years", "5", "--country", "XX", "--hours-per-day", "8",
        "--json", "--factor-set", "boavizta-2.5.0",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["quality"] == "proxy"
    assert data["assumptions"]["zone"] == "EEE"
    assert data["assumptions"]["zone_fell_back"] is True
    assert data["criteria"]["adp"]["embedded"] is None
    assert data["criteria"]["gwp"]["embedded"]["value"] == pytest.approx(277 + 64.7)
