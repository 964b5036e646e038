import datetime

import pytest
from django.utils import timezone

from fairfleet.reuse.donations import services
from fairfleet.reuse.donations.models import DonationLot
from tests.reuse.donations.factories import PartnerListingFactory, donor_actor, offered_lot, ready_device
from tests.tenancy.factories import OrganisationFactory


@pytest.fixture
def donor():
    return OrganisationFactory(name="Ville de Lille", kind="local_authority", country="FR", language="fr")


@pytest.fixture
def listing():
    return PartnerListingFactory(organisation__name="Atelier du Nord")


@pytest.fixture
def handed_over(donor, listing):
    """A lot of two laptops (SN-A1, SN-A2) handed over to the listing's partner; returns (lot, partner user)."""
    devices = [ready_device(donor, serial_number=f"SN-A{i}", asset_tag=f"PC-A{i}") for i in (1, 2)]
    lot, offers = offered_lot(donor, [listing], devices=devices)
    partner_user = donor_actor(listing.organisation, "admin")
    services.offer_accept(actor=partner_user, offer=offers[0])
    # Accepted in October: the events the tests report in November come after it, as the rules require.
    DonationLot.objects.filter(pk=lot.pk).update(accepted_at=timezone.make_aware(datetime.datetime(2026, 10, 1, 9)))
    services.lot_schedule_pickup(
        actor=partner_user,
        actor_organisation=listing.organisation,
        lot=lot,
        pickup_date=datetime.date(2026, 12, 3),
        pickup_place="Hôtel de ville",
        transporter="Atelier",
    )
    services.lot_confirm_handover(actor=lot.created_by, lot=lot)
    services.lot_confirm_receipt(actor=partner_user, lot=lot)
    lot.refresh_from_db()
    return lot, partner_user
