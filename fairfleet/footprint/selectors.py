"""Reads of footprint objects, scoped to one organisation."""

from django.db.models import QuerySet

from fairfleet.footprint.models import Scenario
from fairfleet.tenancy.models import Organisation
from fairfleet.tenancy.selectors import get_scoped_or_404


def get_scenario_for(organisation: Organisation, public_id) -> Scenario:
    return get_scoped_or_404(Scenario.objects.filter(archived_at__isnull=True), organisation, public_id)


def scenarios_for(organisation: Organisation) -> QuerySet[Scenario]:
    return Scenario.objects.filter(organisation=organisation, archived_at__isnull=True).select_related(
        "created_by", "factor_set"
    )
