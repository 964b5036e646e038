"""The rows a check keeps for the apply: used while the fleet is as the check saw it, ignored otherwise."""

import pytest
from django.db import IntegrityError, connection, transaction

from fairfleet.inventory.imports import bulk, spill
from fairfleet.inventory.imports import service as svc
from fairfleet.inventory.imports.jobs import import_job_cancel
from fairfleet.inventory.imports.service import import_apply, import_check
from fairfleet.inventory.models import Device, DeviceModel, DeviceTransition, ImportJobState
from fairfleet.tenancy.models import Person, Service, Site
from tests.inventory.factories import DeviceFactory
from tests.inventory.imports.test_corpus import make_job
from tests.tenancy.factories import OrganisationFactory

HEAD = "serial number;asset tag;manufacturer;model;category;service;site;holder;state;acquisition date;price;"
HEAD += "supplier;warranty months;notes;id\n"
ROWS = [
    "SN-1;T-1;Dell;Latitude 5440;laptop;Finances;Hôtel de Ville;Élodie Lefèvre;;15/03/2021;1 234,50;Bechtle;36;;11",
    "SN-2;T-2;HP;EliteDesk 800;desktop;Accueil;Annexe;;en stock;2022-01-31;899;;;=1+1;12",
    "SN-3;;Iiyama;ProLite;monitor;;;;;;;;;note;",
    ";T-4;Dell;Latitude 5440;;Finances;;;;31/01/2020;0;;12;;",
]
FIELDS = ("serial_number", "asset_tag", "model__manufacturer", "model__name", "category__code", "service__name",
          "site__name", "holder__full_name", "state", "acquisition_date", "acquisition_kind", "price", "supplier",
          "warranty_end", "notes", "external_ids", "currency", "storage_room_id")  # fmt: skip


def checked(organisation, tmp_path, lines, name="fleet.csv"):
    path = tmp_path / name
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    job = make_job(organisation, path, preset="generic", columns={"id": "external_id"})
    report = import_check(job=job)
    assert job.state == ImportJobState.CHECKED, report["errors"]
    return job


def fleet(organisation):
    return sorted(Device.objects.filter(organisation=organisation).values_list(*FIELDS), key=repr)


@pytest.fixture
def no_second_reading(monkeypatch):
    def refuse(**kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(svc, "_apply_again", refuse)


@pytest.fixture
def no_spill(monkeypatch):
    def refuse(**kwargs):
        raise AssertionError("the checked rows were used")

    monkeypatch.setattr(svc, "_apply_checked", refuse)


def test_apply_writes_the_checked_rows_without_reading_the_file_again(organisation, tmp_path, no_second_reading):
    job = checked(organisation, tmp_path, ROWS)
    assert spill._paths(job)[0].exists()
    report = import_apply(actor=None, job=job)
    assert job.state == ImportJobState.APPLIED
    assert (report["new"], report["created"]["models"], report["created"]["people"]) == (4, 3, 1)
    assert Device.objects.filter(organisation=organisation).count() == 4
    assert DeviceTransition.objects.filter(organisation=organisation, from_state="").count() == 4
    laptop = Device.objects.get(serial_number="SN-1")
    assert (laptop.state, laptop.holder.full_name, str(laptop.price), str(laptop.warranty_end)) == (
        "in_use", "Élodie Lefèvre", "1234.50", "2024-03-15")  # fmt: skip
    assert laptop.transitions.get().to_state == "in_use"
    assert laptop.external_ids == {"external": "11"}
    assert not any(path.exists() for path in spill._paths(job))  # spent: deleted


def test_both_paths_write_the_same_fleet(tmp_path, monkeypatch):
    first, second = OrganisationFactory(), OrganisationFactory()
    for organisation in (first, second):  # an existing device to update, matched by its serial number
        DeviceFactory(organisation=organisation, serial_number="SN-2", asset_tag="T-2", external_ids={"glpi": "7"})
    kept = checked(first, tmp_path, ROWS, "a.csv")
    again = checked(second, tmp_path, ROWS, "b.csv")
    spill.discard(again)
    assert import_apply(actor=None, job=kept)["updated"] == 1
    assert import_apply(actor=None, job=again)["updated"] == 1
    assert kept.report == again.report
    assert fleet(first) == fleet(second)
    assert Device.objects.get(organisation=first, serial_number="SN-2").external_ids == {"glpi": "7", "external": "12"}


def test_importing_the_same_file_again_changes_nothing(organisation, tmp_path, no_second_reading):
    import_apply(actor=None, job=checked(organisation, tmp_path, ROWS))
    before = list(Device.objects.filter(organisation=organisation).values_list("id", "updated_at").order_by("id"))
    job = checked(organisation, tmp_path, ROWS, "again.csv")
    report = import_apply(actor=None, job=job)
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 0, 4)
    assert (
        list(Device.objects.filter(organisation=organisation).values_list("id", "updated_at").order_by("id")) == before
    )
    assert DeviceTransition.objects.filter(organisation=organisation).count() == 4


def test_a_device_added_since_the_check_makes_the_apply_read_the_file_again(organisation, tmp_path, no_spill):
    job = checked(organisation, tmp_path, ROWS)
    DeviceFactory(organisation=organisation, serial_number="OTHER", asset_tag="T-2")  # takes the tag of line 3
    report = import_apply(actor=None, job=job)
    assert job.state == ImportJobState.REFUSED
    assert [(e["line"], e["code"]) for e in report["errors"]] == [(3, "tag_taken")]
    assert Device.objects.filter(organisation=organisation).count() == 1


@pytest.mark.parametrize(
    ("change", "references"),
    [
        (lambda org: DeviceFactory(organisation=org, serial_number="ELSEWHERE", asset_tag="T-99"), 5),
        (lambda org: Service.objects.create(organisation=org, name="Finances"), 4),
        (lambda org: Site.objects.create(organisation=org, name="Annexe"), 4),
        (lambda org: Person.objects.create(organisation=org, full_name="Élodie Lefèvre"), 4),
    ],
    ids=["device", "service", "site", "person"],
)
def test_any_change_of_the_fleet_since_the_check_is_seen(organisation, tmp_path, no_spill, change, references):
    job = checked(organisation, tmp_path, ROWS)
    change(organisation)
    report = import_apply(actor=None, job=job)
    assert job.state == ImportJobState.APPLIED
    assert report["new"] == 4
    created = report["created"]
    # Two services, two sites and one person are new to the fleet, less the one created meanwhile.
    assert created["services"] + created["sites"] + created["people"] == references


def test_an_updated_device_since_the_check_is_seen(organisation, tmp_path, no_spill):
    device = DeviceFactory(organisation=organisation, serial_number="SN-3", asset_tag="")
    job = checked(organisation, tmp_path, ROWS)
    device.notes = "changed meanwhile"
    device.save()
    assert import_apply(actor=None, job=job)["updated"] == 1
    device.refresh_from_db()
    assert device.notes == "note"


def test_a_damaged_spill_is_not_used(organisation, tmp_path, no_spill):
    job = checked(organisation, tmp_path, ROWS)
    rows = spill._paths(job)[0]
    data = bytearray(rows.read_bytes())
    data[len(data) // 2] ^= 0xFF
    rows.write_bytes(bytes(data))
    assert import_apply(actor=None, job=job)["new"] == 4
    assert Device.objects.filter(organisation=organisation).count() == 4


def test_a_forged_note_is_not_used(organisation, tmp_path, no_spill):
    job = checked(organisation, tmp_path, ROWS)
    note = spill._paths(job)[1]
    note.write_text(note.read_text().replace('"records": 4', '"records": 3'))
    assert import_apply(actor=None, job=job)["new"] == 4


def test_a_spill_of_an_earlier_check_is_not_used(organisation, tmp_path, no_spill):
    job = checked(organisation, tmp_path, ROWS)
    job.checked_at = job.checked_at.replace(microsecond=(job.checked_at.microsecond + 5000) % 1_000_000)
    job.save(update_fields=["checked_at"])
    assert import_apply(actor=None, job=job)["new"] == 4


def test_a_refused_check_keeps_nothing_and_cancel_deletes_the_spill(organisation, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEAD + ROWS[0] + "\n" + ROWS[0] + "\n", encoding="utf-8")
    refused = make_job(organisation, path)
    import_check(job=refused)
    assert refused.state == ImportJobState.REFUSED
    assert not any(p.exists() for p in spill._paths(refused))
    job = checked(organisation, tmp_path, ROWS)
    import_job_cancel(job=job, actor=None)
    assert not any(p.exists() for p in spill._paths(job))


def test_a_failure_while_writing_the_checked_rows_leaves_the_fleet_unchanged(organisation, tmp_path, monkeypatch):
    DeviceFactory(organisation=organisation, serial_number="SN-2", asset_tag="T-2")
    counts = (Device.objects.count(), DeviceModel.objects.count(), Service.objects.count(), Person.objects.count())
    job = checked(organisation, tmp_path, ROWS)
    monkeypatch.setattr(svc, "BATCH_SIZE", 1)
    monkeypatch.setattr(svc, "_apply_again", lambda **kwargs: pytest.fail("the file was read again"))
    calls = []

    def fail_on_the_second_batch(self, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, rows)

    writer_class = bulk.SqliteImportWriter if connection.vendor == "sqlite" else type(_pg_writer())
    original = writer_class.write
    monkeypatch.setattr(writer_class, "write", fail_on_the_second_batch)
    with pytest.raises(RuntimeError, match="disk full"):
        import_apply(actor=None, job=job)
    assert len(calls) == 2
    assert (Device.objects.count(), DeviceModel.objects.count(), Service.objects.count(), Person.objects.count()) == (
        counts
    )


def _pg_writer():
    from fairfleet.inventory.seeding import bulk_writer

    return bulk_writer("auto", 0)[0]


def test_indexes_dropped_for_a_large_load_are_all_there_after_it(organisation, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_FROM", 1)
    monkeypatch.setattr("fairfleet.inventory.seeding.REBUILD_INDEXES_FROM", 1)

    def indexes():
        with connection.cursor() as cursor:
            return {
                table: {
                    name: (info["columns"], info["unique"])
                    for name, info in connection.introspection.get_constraints(cursor, table).items()
                    if info["index"] or info["unique"]
                }
                for table in (Device._meta.db_table, DeviceTransition._meta.db_table)
            }

    before = indexes()
    assert "device_unique_serial" in before[Device._meta.db_table]
    job = checked(organisation, tmp_path, ROWS)
    assert import_apply(actor=None, job=job)["new"] == 4
    assert indexes() == before
    # The unique constraints hold again: a second device with the same serial number is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceFactory(organisation=organisation, serial_number="SN-1", asset_tag="OTHER")
