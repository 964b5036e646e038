"""Search answers the same devices whichever plan it takes (a list of ids or a condition)."""

import pytest

from fairfleet.inventory import selectors
from tests.inventory.factories import DeviceFactory, DeviceModelFactory


@pytest.fixture
def fleet(organisation):
    thinkpad = DeviceModelFactory(organisation=organisation, manufacturer="Lenovo", name="ThinkPad T14")
    latitude = DeviceModelFactory(organisation=organisation, manufacturer="Dell", name="Latitude 5420")
    devices = [
        DeviceFactory(organisation=organisation, model=thinkpad, serial_number="PF3ABC12", asset_tag="RHV-000001"),
        DeviceFactory(organisation=organisation, model=thinkpad, serial_number="PF3ABD99", asset_tag="RHV-000002"),
        DeviceFactory(organisation=organisation, model=latitude, serial_number="7XK2Q53", asset_tag="RHV-000010"),
        DeviceFactory(organisation=organisation, model=latitude, serial_number="RHVX0001", asset_tag="OLD-1"),
    ]
    DeviceFactory(organisation=DeviceModelFactory().organisation, serial_number="PF3ABC13")  # another tenant
    return devices


def _oracle(devices, term):
    upper = term.strip().upper()
    lower = term.strip().lower()
    return sorted(
        d.asset_tag
        for d in devices
        if d.serial_number.startswith(upper)
        or d.asset_tag.startswith(upper)
        or lower in d.model.name.lower()
        or lower in d.model.manufacturer.lower()
    )


@pytest.mark.parametrize("term", ["pf3ab", "PF3ABC12", "rhv", "RHV-00001", "thinkpad", "dell", "5420", "zzz", " 7xk "])
@pytest.mark.parametrize("id_list_limit", [1000, 0])
def test_search_plans_agree_with_the_oracle(fleet, organisation, monkeypatch, term, id_list_limit):
    monkeypatch.setattr(selectors, "SEARCH_ID_LIST_LIMIT", id_list_limit)
    found = selectors.device_queryset(organisation=organisation, filters=selectors.DeviceFilters(search=term))
    assert sorted(found.values_list("asset_tag", flat=True)) == _oracle(fleet, term)
