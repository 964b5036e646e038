"""REST API of imports: upload a fleet file (its check is queued), read the job and its report, apply it,
map its columns again, cancel it; list and save column mappings.

Every write goes through `jobs`; a request the job's state does not allow answers 409 with the reason.
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from fairfleet.core.pagination import InvalidCursor, SortKey, keyset_page
from fairfleet.inventory.imports import jobs, selectors
from fairfleet.inventory.imports.messages import localised_errors
from fairfleet.inventory.imports.presets import FILE_PRESETS, TARGET_FIELDS
from fairfleet.inventory.imports.readers import ImportRefused
from fairfleet.inventory.models import ColumnMapping, ImportJob, ImportJobState
from fairfleet.inventory.perms import can_import_devices, can_view_devices
from fairfleet.tenancy.api import (
    PublicIdMixin,
    StrictModelSerializer,
    StrictSerializer,
    TenantApiMixin,
    TenantObjectField,
)

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_COLUMNS = 500
JOB_PAGE_KEY = SortKey("id", descending=True)

UNKNOWN_COLUMN_FIELD = _("Column “%(column)s” is mapped to an unknown field.")
TOO_MANY_COLUMNS = _("At most 500 columns can be mapped.")
NOT_JSON_OBJECT = _("Expected a mapping of column titles to fields, as a JSON object.")
COLUMNS_AND_MAPPING = _("Give either the columns or a saved mapping, not both.")
PAGE_SIZE_RANGE = _("Enter a number from 1 to 200.")
APPLY_REFUSED = _("Only a checked import can be applied; this one is in the state “%(state)s”.")
CANCEL_REFUSED = _("This import can no longer be cancelled; it is in the state “%(state)s”.")
REMAP_REFUSED = _("The columns of this import can no longer be changed; it is in the state “%(state)s”.")


# Fields ------------------------------------------------------------------------------------------


class ColumnsField(serializers.DictField):
    """{column title as in the file: field it fills, or "" for none}; in a multipart form, as JSON text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Column title as in the file → the field it fills, or an empty string")
        super().__init__(child=serializers.ChoiceField(choices=["", *TARGET_FIELDS]), **kwargs)

    def get_value(self, dictionary):
        # Not DRF's "columns.<title>" keys of HTML forms: a form sends the whole mapping as one JSON field.
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data):
        if isinstance(data, str | bytes):
            try:
                data = json.loads(data)
            except ValueError:
                raise ValidationError(NOT_JSON_OBJECT) from None
        if not isinstance(data, dict):
            raise ValidationError(NOT_JSON_OBJECT)
        if len(data) > MAX_COLUMNS:
            raise ValidationError(TOO_MANY_COLUMNS)
        for title in data:
            # Titles are stored as JSON keys: no NUL nor lone surrogate (PostgreSQL's jsonb refuses them).
            serializers.CharField(allow_blank=True, trim_whitespace=False).run_validation(title)
        value = super().to_internal_value(data)
        try:
            return jobs.clean_columns(value)
        except ValueError as exc:
            raise ValidationError(UNKNOWN_COLUMN_FIELD % {"column": str(exc)}) from None


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    pass


class ImportStateField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ImportJobState.choices, **kwargs)


class ImportStateFieldExtension(OpenApiSerializerFieldExtension):
    """One named enum for the job's state: left to drf-spectacular, it would collide with the devices' "state"."""

    target_class = ImportStateField

    def map_serializer_field(self, auto_schema, direction):
        component = ResolvedComponent(
            name="ImportJobStateEnum",
            type=ResolvedComponent.SCHEMA,
            object="ImportJobStateEnum",
            schema={"type": "string", "enum": ImportJobState.values},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def _preset_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=[(code, preset.label) for code, preset in FILE_PRESETS.items()],
        allow_blank=True,
        default="",
        help_text="Blank: detected from the column titles",
    )


def _sheet_field() -> serializers.CharField:
    return serializers.CharField(
        max_length=120, allow_blank=True, default="", help_text="Workbooks: the sheet to read; blank for the first"
    )


# Representations ---------------------------------------------------------------------------------


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    column = serializers.CharField()
    value = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class ImportColumnSerializer(serializers.Serializer):
    title = serializers.CharField()
    field = serializers.CharField(help_text="The field the column fills, or an empty string")
    samples = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="The column's first three values, as text"
    )


class ImportUnusedColumnSerializer(serializers.Serializer):
    column = serializers.IntegerField(help_text="The column's position in the file, from 1")
    title = serializers.CharField(help_text="Its title; empty for an untitled column that holds values")


class ImportSkippedLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    code = serializers.CharField(help_text="totals_row: a line that sums up the ones above it")
    value = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    """What the check found (or the apply did). Empty until the check has run."""

    new = serializers.IntegerField(required=False)
    updated = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)
    rejected = serializers.IntegerField(required=False)
    errors = ImportErrorSerializer(many=True, required=False, help_text="The first errors, at most 1,000")
    error_count = serializers.IntegerField(required=False)
    refused = serializers.BooleanField(required=False, help_text="The whole file was refused")
    preset = serializers.CharField(required=False)
    new_models = serializers.ListField(child=serializers.CharField(), required=False)
    new_model_count = serializers.IntegerField(required=False)
    new_services = serializers.ListField(child=serializers.CharField(), required=False)
    new_sites = serializers.ListField(child=serializers.CharField(), required=False)
    new_people_count = serializers.IntegerField(required=False)
    columns = ImportColumnSerializer(many=True, required=False)
    unused_columns = ImportUnusedColumnSerializer(
        many=True, required=False, help_text="The columns that fill no field: their values are not imported"
    )
    skipped = ImportSkippedLineSerializer(many=True, required=False, help_text="Lines left out on purpose")
    header_row = serializers.IntegerField(required=False, help_text="The row of the column titles, from 1")
    sheet = serializers.CharField(required=False, help_text="The sheet read, for a workbook")
    sheets = serializers.ListField(child=serializers.CharField(), required=False, help_text="A workbook's sheets")
    created = serializers.DictField(
        child=serializers.IntegerField(), required=False, help_text="After the apply: references created"
    )


@extend_schema_field(ImportReportSerializer)
class ReportField(serializers.JSONField):
    """The dry-run report, its messages in the language of the request."""

    def to_representation(self, value):
        report = dict(value or {})
        if "errors" in report:
            report["errors"] = localised_errors(report["errors"])
        return super().to_representation(report)


class ImportJobSerializer(PublicIdMixin, serializers.ModelSerializer):
    state = ImportStateField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "state",
            "state_label",
            "progress",
            "rows_total",
            "source_name",
            "format",
            "preset",
            "sheet",
            "header_row",
            "columns",
            "file_size",
            "sha256",
            "created_at",
            "checked_at",
            "applied_at",
            "created_by",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_created_by(self, job: ImportJob) -> str | None:
        return job.created_by.email if job.created_by_id else None

    def get_fields(self):
        fields = super().get_fields()
        fields["columns"] = ColumnsField(read_only=True)
        return fields


class ImportJobDetailSerializer(ImportJobSerializer):
    report = ReportField(read_only=True)

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "report"]
        read_only_fields = fields


@extend_schema_serializer(many=False)  # one page object, not a list of them
class ImportJobPageSerializer(serializers.Serializer):
    results = ImportJobSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last one")


class ColumnMappingSerializer(PublicIdMixin, StrictModelSerializer):
    columns = ColumnsField()

    class Meta:
        model = ColumnMapping
        fields = ["id", "name", "columns", "created_at"]
        read_only_fields = ["created_at"]
        validators: list = []  # saving under an existing name replaces that mapping's columns


# Requests ----------------------------------------------------------------------------------------


def _header_row_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=jobs.MAX_HEADER_ROW,
        required=False,
        allow_null=True,
        default=None,
        help_text="The row of the column titles, from 1; null: found by the check below any title rows",
    )


class ImportUploadSerializer(StrictSerializer):
    file = UploadField(help_text="CSV, TSV, XLSX or ODS")
    preset = _preset_field()
    sheet = _sheet_field()
    header_row = _header_row_field()
    columns = ColumnsField(required=False, default=dict)
    mapping = TenantObjectField(
        selectors.get_column_mapping_for,
        required=False,
        allow_null=True,
        default=None,
        help_text="A saved column mapping to read the file with, instead of `columns`",
    )

    def validate(self, data):
        if data["columns"] and data["mapping"] is not None:
            raise ValidationError({"mapping": [COLUMNS_AND_MAPPING]})
        return data


class ImportRemapSerializer(StrictSerializer):
    columns = ColumnsField(required=False, default=dict)
    preset = _preset_field()
    sheet = _sheet_field()
    header_row = _header_row_field()
    save_as = serializers.CharField(
        max_length=120, allow_blank=True, default="", help_text="Also save the columns as a mapping of this name"
    )


class ImportConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    state = ImportStateField()


REFUSAL = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Invalid input: {field: [messages]}; or a file refused before it is stored: "
    "{detail: message, code: too_large, unknown_preset...}",
)
BAD_INPUT = OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input: {field: [messages]}")
CONFLICT = OpenApiResponse(ImportConflictSerializer, description="The job's state does not allow this")


def _refusal(exc: ImportRefused) -> Response:
    return Response({"detail": exc.message, "code": exc.code}, status=400)


def _conflict(message, job: ImportJob) -> Response:
    job.refresh_from_db(fields=["state"])
    return Response({"detail": message % {"state": job.get_state_display()}, "state": job.state}, status=409)


# Views -------------------------------------------------------------------------------------------


class TenantReadCreateViewSet(
    TenantApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Like TenantModelViewSet, without PATCH: a job changes through its actions, a mapping by saving it again."""

    http_method_names = ["get", "post", "head", "options"]


class ImportJobViewSet(TenantReadCreateViewSet):
    """Import jobs: a file checked first (a dry run with a report), then applied at once."""

    parser_classes = [MultiPartParser]  # the upload; the actions below take JSON
    serializer_class = ImportJobDetailSerializer
    queryset = ImportJob.objects.none()
    getter = staticmethod(selectors.get_import_job_for)
    action_predicates = {
        "list": can_view_devices,
        "retrieve": can_view_devices,
        "create": can_import_devices,
        "apply": can_import_devices,
        "cancel": can_import_devices,
        "remap": can_import_devices,
    }

    def get_serializer_class(self):
        return {
            "list": ImportJobSerializer,
            "create": ImportUploadSerializer,
            "remap": ImportRemapSerializer,
        }.get(self.action, ImportJobDetailSerializer)

    def _detail(self, job: ImportJob, status: int = 200) -> Response:
        job = selectors.get_import_job_for(self.organisation, job.public_id)  # as the queued task left it
        return Response(ImportJobDetailSerializer(job, context=self.get_serializer_context()).data, status=status)

    def _page_size(self) -> int:
        raw = self.request.query_params.get("page_size")
        if raw in (None, ""):
            return DEFAULT_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [PAGE_SIZE_RANGE]})
        return int(raw)

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=ImportJobState.values),
            OpenApiParameter("cursor", str, description="The `next` link of the previous page carries it"),
            OpenApiParameter("page_size", int, description=f"1 to {MAX_PAGE_SIZE}"),
        ],
        responses={200: ImportJobPageSerializer, 400: BAD_INPUT},
    )
    def list(self, request, *args, **kwargs):
        """The organisation's imports, newest first, without their reports."""
        qs = selectors.import_jobs_for(self.organisation)
        state = request.query_params.get("state")
        if state:
            try:
                qs = qs.filter(state=serializers.ChoiceField(ImportJobState.choices).run_validation(state))
            except ValidationError as exc:
                raise ValidationError({"state": exc.detail}) from None
        try:
            page = keyset_page(
                qs, key=JOB_PAGE_KEY, cursor=request.query_params.get("cursor"), size=self._page_size(), strict=True
            )
        except InvalidCursor as exc:
            raise ValidationError({"cursor": [exc.message]}) from None
        next_url = None
        if page.next_cursor:
            params = request.query_params.copy()
            params["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        return Response({"results": ImportJobSerializer(page.rows, many=True).data, "next": next_url})

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportJobDetailSerializer, 400: REFUSAL},
    )
    def create(self, request, *args, **kwargs):
        """Upload a fleet file: the job is created and its check (a dry run) queued; read the job for its report."""
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > settings.MAX_UPLOAD_BYTES + 64 * 1024:
            # Refused before the body is read: nothing of it is stored.
            return _refusal(ImportRefused("too_large", limit=max(1, settings.MAX_UPLOAD_BYTES // (1024 * 1024))))
        serializer = ImportUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        try:
            job = jobs.import_job_create(
                organisation=self.organisation,
                actor=request.user,
                handle=upload,
                name=upload.name,
                preset=data["preset"],
                sheet=data["sheet"],
                header_row=data["header_row"],
                columns=data["mapping"].columns if data["mapping"] is not None else data["columns"],
            )
        except ImportRefused as exc:
            return _refusal(exc)
        response = self._detail(job, status=201)
        response["Location"] = request.build_absolute_uri(f"{request.path}{job.public_id}/")
        return response

    @extend_schema(request=None, responses={202: ImportJobDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def apply(self, request, *args, **kwargs):
        """Write the checked job's rows into the fleet, in the background; read the job to follow it."""
        job = self.get_object()
        try:
            job = jobs.import_job_apply_start(job=job, actor=request.user)
        except jobs.ImportJobRefused:
            return _conflict(APPLY_REFUSED, job)
        return self._detail(job, status=202)

    @extend_schema(request=None, responses={200: ImportJobDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def cancel(self, request, *args, **kwargs):
        """Drop a job that was not applied; its file is deleted."""
        job = self.get_object()
        try:
            job = jobs.import_job_cancel(job=job, actor=request.user)
        except jobs.ImportJobRefused:
            return _conflict(CANCEL_REFUSED, job)
        return self._detail(job)

    @extend_schema(
        request=ImportRemapSerializer,
        responses={202: ImportJobDetailSerializer, 400: REFUSAL, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def remap(self, request, *args, **kwargs):
        """Read the file again with other columns (or preset, sheet or header row): the check is queued again."""
        job = self.get_object()
        serializer = ImportRemapSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            job = jobs.import_job_remap(job=job, actor=request.user, **serializer.validated_data)
        except jobs.ImportJobRefused:
            return _conflict(REMAP_REFUSED, job)
        except ImportRefused as exc:
            return _refusal(exc)
        return self._detail(job, status=202)


class ColumnMappingViewSet(TenantReadCreateViewSet):
    """Saved ways to read an organisation's own spreadsheets: which column fills which field."""

    parser_classes = [JSONParser]
    serializer_class = ColumnMappingSerializer
    queryset = ColumnMapping.objects.none()
    getter = staticmethod(selectors.get_column_mapping_for)
    action_predicates = {"list": can_view_devices, "retrieve": can_view_devices, "create": can_import_devices}

    def get_queryset(self):
        return selectors.column_mappings_for(self.organisation).order_by("name", "id")

    @extend_schema(responses={201: ColumnMappingSerializer, 400: BAD_INPUT})
    def create(self, request, *args, **kwargs):
        """Save a mapping; saving under the name of an existing one replaces its columns."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mapping = jobs.column_mapping_save(
            organisation=self.organisation,
            actor=request.user,
            name=serializer.validated_data["name"],
            columns=serializer.validated_data["columns"],
        )
        return Response(self.get_serializer(mapping).data, status=201)
