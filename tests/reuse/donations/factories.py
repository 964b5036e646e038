"""Factories of the donations sub-app: reuse partners, their listings and labels, regional platforms,
devices ready to give (end of use, assessed, erased) and lots built through the services."""

import datetime

import factory

from fairfleet.inventory.models import DeviceState
from fairfleet.reuse.donations import services
from fairfleet.reuse.donations.models import LegalStatus, ListingState, PartnerLabel, PartnerListing
from fairfleet.tenancy.models import NetworkKind, OrganisationKind
from tests.inventory.factories import DeviceFactory, DeviceModelFactory, builtin_category
from tests.reuse.factories import AssessmentFactory, ErasureRecordFactory
from tests.tenancy.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    SiteFactory,
    UserFactory,
)


class PartnerOrganisationFactory(OrganisationFactory):
    kind = OrganisationKind.REUSE_PARTNER
    name = factory.Sequence(lambda n: f"Atelier solidaire {n}")


class PlatformFactory(NetworkFactory):
    kind = NetworkKind.REUSE_PLATFORM
    name = factory.Sequence(lambda n: f"Plateforme réemploi {n}")


class PartnerListingFactory(factory.django.DjangoModelFactory):
    """A validated listing of a student association serving the Nord department (59) and Hauts-de-France."""

    class Meta:
        model = PartnerListing

    organisation = factory.SubFactory(PartnerOrganisationFactory)
    legal_status = LegalStatus.STUDENT
    territories = factory.LazyFunction(lambda: ["FR-59", "FR-R32"])
    accepted_categories = factory.LazyFunction(lambda: ["laptop", "desktop", "monitor"])
    min_lot_size = 1
    monthly_capacity = 50
    contact_name = "Camille Martin"
    contact_email = factory.Sequence(lambda n: f"contact{n}@atelier.example.org")
    state = ListingState.VALIDATED


class PartnerLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerLabel

    listing = factory.SubFactory(PartnerListingFactory)
    label = "ordi_3_0"
    valid_from = datetime.date(2024, 1, 1)
    valid_until = datetime.date(2030, 12, 31)


def platform_with(partner_org, coordinator=None):
    """A regional reuse platform whose active member is `partner_org`."""
    platform = PlatformFactory(coordinator=coordinator or OrganisationFactory(name="Coordination régionale"))
    NetworkMembershipFactory(network=platform, organisation=partner_org, state="active")
    return platform


def ready_device(organisation, *, erased=True, locked=False, category="laptop", price=None, **fields):
    """A device at end of use, assessed grade B, with a verified erasure unless `erased=False`."""
    model = DeviceModelFactory(organisation=organisation, category=builtin_category(category))
    device = DeviceFactory(organisation=organisation, model=model, state=DeviceState.END_OF_USE, price=price, **fields)
    AssessmentFactory(device=device, organisation=organisation, firmware_locked=locked)
    if erased:
        ErasureRecordFactory(device=device, organisation=organisation)
    return device


def donor_actor(organisation, role="reuse_coordinator"):
    return MembershipFactory(organisation=organisation, user=UserFactory(), role=role).user


def make_lot(organisation, *, devices=2, actor=None, site=None, **fields):
    """A draft lot of `devices` ready devices at a site in Lille (59000)."""
    actor = actor or donor_actor(organisation)
    site = site or SiteFactory(organisation=organisation, postcode="59000", city="Lille")
    items = [ready_device(organisation) for _ in range(devices)] if isinstance(devices, int) else devices
    return services.lot_create(
        actor=actor,
        organisation=organisation,
        title=fields.pop("title", "Portables 2019"),
        site=site,
        devices=items,
        **fields,
    )


def offered_lot(organisation, listings, **fields):
    lot = make_lot(organisation, **fields)
    actor = lot.created_by
    offers = services.lot_offer(actor=actor, lot=lot, listings=listings, acknowledge_warnings=True)
    return lot, offers
