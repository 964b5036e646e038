import pytest

from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.tenancy.factories import ServiceFactory


@pytest.fixture
def small_fleet(organisation):
    """In France: 4 laptops bought new at 1000 €, 1 laptop without price in a tolerant service, 2 desktops at
    800 €, and a recycled laptop that no longer counts."""
    laptop, desktop = builtin_category("laptop"), builtin_category("desktop")
    laptop_model = DeviceModelFactory(organisation=organisation, category=laptop)
    desktop_model = DeviceModelFactory(organisation=organisation, category=desktop)
    tolerant = ServiceFactory(organisation=organisation, criticality="tolerant")
    for _index in range(4):
        DeviceFactory(organisation=organisation, model=laptop_model, price="1000.00")
    DeviceFactory(organisation=organisation, model=laptop_model, service=tolerant)
    DeviceFactory(organisation=organisation, model=laptop_model, state="recycled")
    for _index in range(2):
        DeviceFactory(organisation=organisation, model=desktop_model, price="800.00")
    return {"laptop": laptop, "desktop": desktop}
