"""REST API of donations: partners report the chain of custody of devices they received.

POST /api/v1/custody-events/ records one event; POST /api/v1/custody-events/import/ takes a CSV file,
checks every line and records them only with apply=true and no error (the same helper as the page).
GET lists the events the caller reported (a partner) or the events of its own devices (a donor).
"""

import uuid

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from fairfleet.reuse.donations import custody
from fairfleet.reuse.donations.models import DonationLot
from fairfleet.reuse.donations.perms import can_report_custody, can_view_donations
from fairfleet.reuse.models import BeneficiaryKind, CustodyEvent, CustodySource
from fairfleet.tenancy.api import StrictSerializer, TenantApiMixin

MAX_LIST = 500


class CustodyEventSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    device = serializers.UUIDField(source="device.public_id", read_only=True)
    serial_number = serializers.CharField(source="device.serial_number", read_only=True)
    lot = serializers.UUIDField(source="lot_public_id", read_only=True)
    reported_by = serializers.CharField(source="reported_by.name", read_only=True)

    class Meta:
        model = CustodyEvent
        fields = [
            "id",
            "device",
            "serial_number",
            "lot",
            "kind",
            "occurred_on",
            "place",
            "territory",
            "beneficiary_kind",
            "price",
            "currency",
            "reference",
            "notes",
            "reported_by",
            "source",
            "recorded_at",
        ]
        read_only_fields = fields


class CustodyReportSerializer(StrictSerializer):
    lot = serializers.UUIDField(required=False, allow_null=True, default=None)
    serial_number = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=[(k, k) for k in custody.PARTNER_KINDS])
    occurred_on = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    territory = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    beneficiary_kind = serializers.ChoiceField(
        choices=BeneficiaryKind.choices, required=False, allow_blank=True, default=""
    )
    price = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True, default=None)
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class CustodyImportSerializer(StrictSerializer):
    file = serializers.FileField()
    lot = serializers.UUIDField(required=False, allow_null=True, default=None)
    apply = serializers.BooleanField(required=False, default=False)


def _partner_lot(partner, public_id) -> DonationLot | None:
    if public_id is None:
        return None
    lot = DonationLot.objects.filter(partner=partner, public_id=public_id).first()
    if lot is None:
        raise ValidationError({"lot": [_("No lot accepted by your organisation has this id.")]})
    return lot


class CustodyEventViewSet(TenantApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CustodyEventSerializer
    queryset = CustodyEvent.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_predicates = {
        "list": can_view_donations,
        "create": can_report_custody,
        "import_csv": can_report_custody,
    }

    def get_queryset(self):
        org = self.organisation
        qs = CustodyEvent.objects.filter(Q(reported_by=org) | Q(organisation=org)).select_related(
            "device", "reported_by"
        )
        lot = self.request.query_params.get("lot")
        if lot:
            try:
                qs = qs.filter(lot_public_id=uuid.UUID(lot))
            except ValueError:
                raise ValidationError({"lot": [_("Enter a valid id.")]}) from None
        return qs.order_by("-recorded_at", "-id")

    def list(self, request, *args, **kwargs):
        rows = list(self.get_queryset()[:MAX_LIST])
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(request=CustodyReportSerializer, responses={201: CustodyEventSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CustodyReportSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        lot = _partner_lot(self.organisation, data.pop("lot"))
        item, problem = custody.find_item(self.organisation, data.pop("serial_number"), lot)
        if problem:
            raise ValidationError({"serial_number": [problem]})
        event = custody.custody_report(
            actor=request.user,
            partner=self.organisation,
            data=custody.EventData(item=item, territory=data.pop("territory").upper(), **data),
            source=CustodySource.API,
        )
        return Response(CustodyEventSerializer(event).data, status=201)

    @extend_schema(
        request=CustodyImportSerializer,
        responses={
            200: inline_serializer(
                "CustodyImportReport",
                {
                    "applied": serializers.BooleanField(),
                    "rows": serializers.IntegerField(),
                    "errors": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_csv(self, request, *args, **kwargs):
        serializer = CustodyImportSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lot = _partner_lot(self.organisation, data["lot"])
        raw = data["file"].read(custody.MAX_CSV_BYTES + 1)
        try:
            report = custody.custody_import(
                actor=request.user,
                partner=self.organisation,
                raw=raw,
                apply=data["apply"],
                lot=lot,
                source=CustodySource.API,
            )
        except custody.CsvRefused as refused:
            raise ValidationError({"file": [refused.message], "code": refused.code}) from None
        return Response(report.as_dict(), status=200 if report.ok else 400)
