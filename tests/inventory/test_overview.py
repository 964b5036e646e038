"""The fleet at a glance counts what the filtered lists it links to show."""

import datetime

from django.utils import timezone

from fairfleet.inventory import selectors
from fairfleet.inventory.models import DeviceState
from tests.inventory.factories import DeviceFactory


def test_overview_figures_match_the_filtered_lists(organisation, other_organisation):
    today = timezone.localdate()
    DeviceFactory(organisation=organisation, acquisition_date=today - datetime.timedelta(days=100),
                  warranty_end=today + datetime.timedelta(days=30))  # fmt: skip
    DeviceFactory(organisation=organisation, acquisition_date=today - datetime.timedelta(days=3 * 365))
    DeviceFactory(organisation=organisation, acquisition_date=today - datetime.timedelta(days=9 * 365))
    DeviceFactory(organisation=organisation, acquisition_date=None, state=DeviceState.END_OF_USE)
    DeviceFactory(organisation=organisation, state=DeviceState.RECYCLED)  # gone: not in the active figures
    DeviceFactory(organisation=other_organisation)

    overview = selectors.fleet_overview(organisation=organisation)

    assert overview["total_active"] == 4
    assert overview["awaiting_triage"] == 1
    assert overview["warranty_ending"] == 1
    ages = {code: count for code, _label, count in overview["ages"]}
    assert ages == {"0-2": 1, "2-4": 1, "4-6": 0, "6-8": 0, "8+": 1, "unknown": 1}
    for code, count in ages.items():
        listed = selectors.device_queryset(
            organisation=organisation, filters=selectors.DeviceFilters(age=code, state="active")
        )
        assert listed.count() == count, code
    ending = selectors.DeviceFilters(warranty="ending", state="active")
    assert selectors.device_queryset(organisation=organisation, filters=ending).count() == 1
