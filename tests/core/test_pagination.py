"""Keyset pagination, checked against a plain sort in Python for random fleets and every sort key."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairfleet.core.pagination import decode_cursor, encode_cursor, keyset_page
from fairfleet.inventory.models import Device
from fairfleet.inventory.selectors import SORT_KEYS
from tests.inventory.factories import DeviceModelFactory
from tests.tenancy.factories import OrganisationFactory

dates = st.one_of(st.none(), st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2026, 12, 31)))
rows = st.lists(st.tuples(dates, st.sampled_from(["", "A-1", "B-2", "B-2X", "Z"])), min_size=0, max_size=25)


def _oracle(devices, key):
    def sort_value(device):
        value = getattr(device, key.field)
        missing = value is None
        # NULLs come last in both directions.
        return (missing, value if not missing else datetime.date.min) if key.kind == "date" else value

    if key.field == "id":
        return sorted(devices, key=lambda d: d.id, reverse=key.descending)
    ordered = sorted(devices, key=lambda d: d.id, reverse=key.descending)
    present = [d for d in ordered if getattr(d, key.field) is not None]
    missing = [d for d in ordered if getattr(d, key.field) is None]
    present.sort(key=sort_value, reverse=key.descending)
    return present + missing


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, sort=st.sampled_from(sorted(SORT_KEYS)), size=st.integers(min_value=1, max_value=7))
def test_walking_the_pages_gives_every_device_once_in_order(rows, sort, size):
    organisation = OrganisationFactory()
    model = DeviceModelFactory(organisation=organisation)
    Device.objects.bulk_create(
        Device(
            organisation=organisation, model=model, category=model.category, acquisition_date=day,
            warranty_end=day, asset_tag=f"{tag}{i}" if tag else "", serial_number=f"S{i:03d}",
        )
        for i, (day, tag) in enumerate(rows)
    )  # fmt: skip
    key = SORT_KEYS[sort]
    devices = list(Device.objects.filter(organisation=organisation))
    seen, cursor = [], None
    for _ in range(len(rows) + 2):
        page = keyset_page(Device.objects.filter(organisation=organisation), key=key, cursor=cursor, size=size)
        seen += [d.id for d in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [d.id for d in _oracle(devices, key)]


# NUL is left out: no database column holds it (PostgreSQL refuses it), and cursors refuse it as hostile.
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30)


@given(value=st.one_of(st.none(), TEXT, st.dates()), pk=st.integers(min_value=1, max_value=2**62))
def test_a_cursor_reads_back_what_it_holds(value, pk):
    kind = "date" if isinstance(value, datetime.date) else "str"
    key = SORT_KEYS["acquired"] if kind == "date" else SORT_KEYS["tag"]
    assert decode_cursor(encode_cursor([value, pk]), key) == [value, pk]


@given(garbage=st.text(max_size=60))
def test_a_tampered_cursor_is_ignored_not_an_error(garbage):
    for key in SORT_KEYS.values():
        decoded = decode_cursor(garbage, key)
        assert decoded is None or isinstance(decoded, list)
