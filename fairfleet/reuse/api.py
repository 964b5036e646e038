"""REST API of the triage: assessments and erasure records, one by one, and erasure reports.

GET /api/v1/reuse/assessments/ and /api/v1/reuse/erasures/ list the latest 500 (filter with ?device=<id>);
POST creates one through the same services as the pages; POST /api/v1/reuse/erasures/import/ takes a Blancco
XML or CSV report, checks it, and records the matched lines only with apply=true and no error.
"""

import uuid

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from fairfleet.inventory.models import CosmeticGrade
from fairfleet.inventory.selectors import get_device_for
from fairfleet.reuse import services
from fairfleet.reuse.checklists import FAULT, NOT_APPLICABLE, OK
from fairfleet.reuse.erasure_import import ErasureImportRefused
from fairfleet.reuse.erasure_jobs import erasure_import_job_create, erasure_import_job_run
from fairfleet.reuse.models import Assessment, ErasureMethod, ErasureRecord, ErasureResult, StorageHealth
from fairfleet.reuse.perms import can_assess_device, can_record_erasure, can_view_reuse
from fairfleet.tenancy.api import StrictSerializer, TenantApiMixin, TenantObjectField

MAX_LIST = 500
DEVICE_FILTER = OpenApiParameter("device", OpenApiTypes.UUID, description="Only the records of this device.")


class AssessmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    device = serializers.UUIDField(source="device.public_id", read_only=True)
    route_reason = serializers.CharField(source="route_reason_text", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "device",
            "checklist",
            "is_functional",
            "grade",
            "battery_health_pct",
            "storage_health",
            "firmware_locked",
            "os_updates_end",
            "notes",
            "suggested_route",
            "route_reason",
            "route_reasons",
            "assessed_at",
        ]
        read_only_fields = fields


class AssessmentCreateSerializer(StrictSerializer):
    device = TenantObjectField(get_device_for)
    checklist = serializers.DictField(
        child=serializers.ChoiceField(choices=[OK, FAULT, NOT_APPLICABLE]), required=False, default=dict
    )
    is_functional = serializers.BooleanField(required=False, default=True)
    grade = serializers.ChoiceField(choices=CosmeticGrade.choices)
    battery_health_pct = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    storage_health = serializers.ChoiceField(
        choices=StorageHealth.choices, required=False, default=StorageHealth.UNKNOWN
    )
    firmware_locked = serializers.BooleanField(required=False, default=False)
    os_updates_end = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ErasureRecordSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    device = serializers.UUIDField(source="device.public_id", read_only=True)

    class Meta:
        model = ErasureRecord
        fields = [
            "id",
            "device",
            "drive_serial",
            "method",
            "technique",
            "tool",
            "operator",
            "performed_at",
            "result",
            "report_reference",
            "source",
            "recorded_at",
        ]
        read_only_fields = fields


class ErasureCreateSerializer(StrictSerializer):
    device = TenantObjectField(get_device_for)
    drive_serial = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    method = serializers.ChoiceField(choices=ErasureMethod.choices)
    technique = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    tool = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    operator = serializers.CharField(max_length=200)
    performed_at = serializers.DateTimeField()
    result = serializers.ChoiceField(choices=ErasureResult.choices)
    report_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ErasureImportSerializer(StrictSerializer):
    file = serializers.FileField()
    apply = serializers.BooleanField(required=False, default=False)


def _filter_device(queryset, request):
    value = request.query_params.get("device")
    if not value:
        return queryset
    try:
        return queryset.filter(device__public_id=uuid.UUID(value))
    except ValueError:
        raise ValidationError({"device": [_("Enter a valid id.")]}) from None


class AssessmentViewSet(TenantApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    action_predicates = {"list": can_view_reuse, "create": can_assess_device}

    def get_queryset(self):
        qs = Assessment.objects.filter(organisation=self.organisation).select_related("device")
        return _filter_device(qs, self.request).order_by("-assessed_at", "-id")

    @extend_schema(parameters=[DEVICE_FILTER])
    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(list(self.get_queryset()[:MAX_LIST]), many=True).data)

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = AssessmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        device = data.pop("device")
        assessment = services.assessment_create(actor=request.user, device=device, data=data)
        return Response(AssessmentSerializer(assessment).data, status=201)


class ErasureRecordViewSet(TenantApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ErasureRecordSerializer
    queryset = ErasureRecord.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_predicates = {"list": can_view_reuse, "create": can_record_erasure, "import_report": can_record_erasure}

    def get_queryset(self):
        qs = ErasureRecord.objects.filter(organisation=self.organisation).select_related("device")
        return _filter_device(qs, self.request).order_by("-performed_at", "-id")

    @extend_schema(parameters=[DEVICE_FILTER])
    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(list(self.get_queryset()[:MAX_LIST]), many=True).data)

    @extend_schema(request=ErasureCreateSerializer, responses={201: ErasureRecordSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ErasureCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        device = data.pop("device")
        record = services.erasure_record_create(actor=request.user, device=device, data=data, source="api")
        return Response(ErasureRecordSerializer(record).data, status=201)

    @extend_schema(request=ErasureImportSerializer, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import")
    def import_report(self, request, *args, **kwargs):
        serializer = ErasureImportSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        try:
            job = erasure_import_job_create(
                organisation=self.organisation, actor=request.user, handle=upload, name=upload.name, start=False
            )
        except ErasureImportRefused as refused:
            return Response({"file": list(refused.messages), "code": refused.code}, status=400)
        erasure_import_job_run(job=job, actor=request.user, apply=data["apply"])
        report = job.report
        if "lines" not in report:  # the file as a whole was refused
            return Response({"file": [report["refused"]], "code": report["code"]}, status=400)
        if data["apply"] and not report["applied"]:
            body = {"file": [report.get("refused") or _("The file has errors: nothing was recorded.")]}
            return Response({**body, "code": report.get("code", "has_errors"), "report": report}, status=400)
        return Response(report, status=400 if report["errors"] else 200)
