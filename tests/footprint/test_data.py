"""The factor file: deterministic extraction, idempotent loading, never rewriting a factor set; the commands."""

import copy
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from fairfleet.footprint.factors import current_factor_set, factor_tables
from fairfleet.footprint.loading import (
    BUNDLED_FACTOR_FILE,
    BUNDLED_FACTOR_FILES,
    LATEST_FACTOR_FILE,
    SERVERS_FACTOR_FILE,
    FactorFileError,
    load_factor_file,
    read_factor_file,
    tables_sha256,
)
from fairfleet.footprint.models import FactorSet


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_extraction_is_deterministic_and_matches_the_committed_files(boavizta, tmp_path):
    first, second, terminals = tmp_path / "first.json", tmp_path / "second.json", tmp_path / "terminals.json"
    call_command("footprint_extract", "--output", str(first), stdout=io.StringIO())
    call_command("footprint_extract", "--output", str(second), stdout=io.StringIO())
    call_command("footprint_extract", "--revision", "1", "--output", str(terminals), stdout=io.StringIO())
    assert sha256(first) == sha256(second)
    if boavizta.package_version == "2.5.0":
        # Each revision is extracted again byte for byte: the newest (with servers) and the first (terminals).
        assert sha256(first) == sha256(LATEST_FACTOR_FILE)
        assert sha256(terminals) == sha256(BUNDLED_FACTOR_FILE)
    with pytest.raises(CommandError, match="Unknown revision"):
        call_command("footprint_extract", "--revision", "9", "--output", str(tmp_path / "x.json"))


def test_the_servers_factor_file():
    content = read_factor_file(SERVERS_FACTOR_FILE)
    old = read_factor_file(BUNDLED_FACTOR_FILE)
    assert content["code"] == "boavizta-2.5.0-r2"
    assert content["provenance"]["revision"] == 2
    assert "archetypes/server.csv" in content["provenance"]["files"]
    assert content["provenance"]["files"]["factors.yml"] == old["provenance"]["files"]["factors.yml"]
    tables = content["tables"]
    servers = [row for row in tables["archetypes"] if row.get("kind") == "server"]
    assert len(servers) == 348
    # The terminals, zones and criteria are those of the first revision, unchanged.
    assert [row for row in tables["archetypes"] if row.get("kind") != "server"] == old["tables"]["archetypes"]
    assert tables["zones"] == old["tables"]["zones"]
    assert tables["criteria"] == old["tables"]["criteria"]
    for row in servers:
        assert row["use_ratio"] == [1.0, 1.0, 1.0]
        assert row["lifetime_h"][0] in (35040.0, 52560.0)
        assert row["power_w"][1] <= row["power_w"][0] <= row["power_w"][2]
        assert tables["sources"][row["power_source"]].startswith("Modelled by boaviztapi 2.5.0")
        for code, triple in row["embedded"].items():
            if triple is None:
                assert row["embedded_sources"][code] is None
                continue
            assert triple[1] <= triple[0] <= triple[2], (row["code"], code)
            assert "boaviztapi 2.5.0" in tables["sources"][row["embedded_sources"][code]]


def test_the_migrations_loaded_both_files_and_the_newest_is_the_default():
    bundled = {
        read_factor_file(path)["code"]: read_factor_file(path)["tables_sha256"] for path in BUNDLED_FACTOR_FILES
    }
    assert list(bundled) == ["boavizta-2.5.0", "boavizta-2.5.0-r2"]
    for code, digest in bundled.items():
        assert FactorSet.objects.get(code=code).tables_sha256 == digest
    assert current_factor_set().code == "boavizta-2.5.0-r2"  # what a new organisation's profile gets


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


def test_estimate_command_server(capsys):
    call_command("footprint_estimate", "--category", "server", "--years", "5", "--country", "FRA")
    out = capsys.readouterr().out
    assert "boavizta-2.5.0-r2" in out
    assert "platform_compute_medium" in out
    assert "24 h/day" in out
    assert "2300" in out  # 2,299.79 kgCO2e of use over 5 years

    call_command(
        "footprint_estimate", "--category", "server", "--years", "5", "--json", "--factor-set", "boavizta-2.5.0"
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["quality"] == "missing"
    assert data["criteria"]["gwp"]["embedded"] is None
    assert "boavizta-2.5.0" in data["reason"]

    call_command(
        "footprint_estimate", "--category", "storage", "--archetype", "platform_hddstorage_low", "--years", "6",
        "--json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["assumptions"]["composition"] == [["platform_hddstorage_low", 1.0]]
    assert data["quality"] == "archetype"
    with pytest.raises(CommandError, match="No archetype"):
        call_command("footprint_estimate", "--category", "server", "--archetype", "nope", "--years", "5")


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
