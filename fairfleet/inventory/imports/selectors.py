"""Reads of import jobs and saved column mappings, scoped to one organisation."""

from django.db.models import QuerySet

from fairfleet.inventory.models import ColumnMapping, ImportJob
from fairfleet.tenancy.models import Organisation
from fairfleet.tenancy.selectors import get_scoped_or_404


def get_import_job_for(organisation: Organisation, public_id) -> ImportJob:
    return get_scoped_or_404(ImportJob.objects.select_related("created_by", "organisation"), organisation, public_id)


def get_column_mapping_for(organisation: Organisation, public_id) -> ColumnMapping:
    return get_scoped_or_404(ColumnMapping.objects.filter(archived_at__isnull=True), organisation, public_id)


def import_jobs_for(organisation: Organisation) -> QuerySet[ImportJob]:
    """Newest first; the report is left out of lists, as it may hold a thousand errors."""
    return ImportJob.objects.filter(organisation=organisation).select_related("created_by").defer("report")


def column_mappings_for(organisation: Organisation) -> QuerySet[ColumnMapping]:
    return ColumnMapping.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("name")
