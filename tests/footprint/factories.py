import factory

from fairfleet.footprint.models import Scenario, ScenarioKind
from fairfleet.footprint.scenarios.service import scenario_create
from tests.inventory.factories import builtin_category
from tests.tenancy.factories import OrganisationFactory


class ScenarioFactory(factory.django.DjangoModelFactory):
    """A scenario computed by the service, so that its results have the shape the pages read.

    Default: keep laptops 6 years; pass kind and parameters for another one."""

    class Meta:
        model = Scenario

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Scenario {n}")
    kind = ScenarioKind.KEEP_LONGER
    parameters = factory.LazyFunction(lambda: {"category": str(builtin_category("laptop").public_id), "to_years": 6})
    created_by = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return scenario_create(
            actor=kwargs.get("created_by"),
            organisation=kwargs["organisation"],
            name=kwargs["name"],
            kind=kwargs["kind"],
            parameters=kwargs["parameters"],
        )
