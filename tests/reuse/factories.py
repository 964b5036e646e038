"""Factories of the core reuse app (assessments, erasure records); helpers of the reuse sub-apps import them."""

import datetime

import factory
from django.utils import timezone

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.models import Assessment, CollectionCampaign, ErasureMethod, ErasureRecord, ErasureResult
from tests.inventory.factories import DeviceFactory
from tests.tenancy.factories import OrganisationFactory, SiteFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A grade B, working, unlocked laptop in end of use (the device is created in `end_of_use`)."""

    class Meta:
        model = Assessment

    device = factory.SubFactory(DeviceFactory, state=DeviceState.END_OF_USE)
    organisation = factory.SelfAttribute("device.organisation")
    grade = "B"
    is_functional = True
    battery_health_pct = 85
    storage_health = "good"
    firmware_locked = False
    checklist = factory.LazyFunction(dict)


class ErasureRecordFactory(factory.django.DjangoModelFactory):
    """A verified NIST SP 800-88 purge of the device's drive."""

    class Meta:
        model = ErasureRecord

    device = factory.SubFactory(DeviceFactory, state=DeviceState.END_OF_USE)
    organisation = factory.SelfAttribute("device.organisation")
    drive_serial = factory.Sequence(lambda n: f"DRV{n:08d}")
    method = ErasureMethod.PURGE
    technique = "IEEE 2883 Purge (sanitize crypto erase)"
    tool = "Blancco Drive Eraser"
    operator = "A. Technician"
    performed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    result = ErasureResult.PASSED


class CollectionCampaignFactory(factory.django.DjangoModelFactory):
    """A collection every three months on a site of the organisation."""

    class Meta:
        model = CollectionCampaign

    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.SubFactory(SiteFactory, organisation=factory.SelfAttribute("..organisation"))
    name = factory.Sequence(lambda n: f"Collection {n}")
    recurrence_months = 3
    next_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    remind_days_before = 7
