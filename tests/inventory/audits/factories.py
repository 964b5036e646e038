import factory

from fairfleet.inventory.models import AuditCampaign
from tests.tenancy.factories import OrganisationFactory, SiteFactory


class AuditCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditCampaign

    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.SubFactory(SiteFactory, organisation=factory.SelfAttribute("..organisation"))
    name = factory.Sequence(lambda n: f"Count {n}")
