import datetime

import factory
from django.utils import translation

from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS, NO_DATA_CATEGORIES, NON_IT_CATEGORIES
from fairfleet.inventory.models import Category, Device, DeviceModel, DeviceState
from tests.tenancy.factories import OrganisationFactory


def builtin_category(code: str = "laptop") -> Category:
    """The built-in category; created again if a transactional test flushed the migration's rows."""
    with translation.override("en"):
        category, _created = Category.objects.get_or_create(
            organisation=None,
            code=code,
            defaults={
                "name": str(BUILTIN_CATEGORY_LABELS[code]),
                "is_it": code not in NON_IT_CATEGORIES,
                "holds_no_data": code in NO_DATA_CATEGORIES,
            },
        )
    return category


class DeviceModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeviceModel

    organisation = factory.SubFactory(OrganisationFactory)
    manufacturer = "Dell"
    name = factory.Sequence(lambda n: f"Latitude {5400 + n}")
    category = factory.LazyFunction(builtin_category)
    release_year = 2021


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    organisation = factory.SubFactory(OrganisationFactory)
    model = factory.SubFactory(DeviceModelFactory, organisation=factory.SelfAttribute("..organisation"))
    category = factory.SelfAttribute("model.category")
    asset_tag = factory.Sequence(lambda n: f"TAG-{n:06d}")
    serial_number = factory.Sequence(lambda n: f"SN{n:08d}")
    state = DeviceState.IN_USE
    acquisition_date = datetime.date(2021, 3, 15)
