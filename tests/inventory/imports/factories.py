import factory
from django.core.files.base import ContentFile

from fairfleet.inventory.models import ColumnMapping, ImportJob, ImportJobState
from tests.tenancy.factories import OrganisationFactory

CHECKED_REPORT = {"new": 1, "updated": 0, "unchanged": 0, "rejected": 0, "errors": [], "error_count": 0,
                  "preset": "generic"}  # fmt: skip
SMALL_CSV = "serial number,asset tag,manufacturer,model\nSN-F-1,T-F-1,Dell,Latitude 5440\n"


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A job whose file is a one-device CSV, checked by default; pass state and report to place it elsewhere."""

    class Meta:
        model = ImportJob

    organisation = factory.SubFactory(OrganisationFactory)
    source_name = factory.Sequence(lambda n: f"fleet-{n}.csv")
    format = "csv"
    state = ImportJobState.CHECKED
    file = factory.LazyAttribute(lambda job: ContentFile(SMALL_CSV.encode(), name=job.source_name))
    file_size = len(SMALL_CSV)
    rows_total = 1
    report = factory.LazyFunction(
        lambda: {
            "new": 1,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
            "errors": [],
            "error_count": 0,
            "preset": "generic",
            "columns": [{"title": "serial number", "field": "serial_number"}],
        }
    )


class ColumnMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ColumnMapping

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Mapping {n}")
    columns = factory.LazyFunction(lambda: {"N° de série": "serial_number"})
