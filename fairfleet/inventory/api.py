"""REST API of the inventory: device models and devices, with lifecycle steps one by one or in bulk.

The device list parses its query with the page's DeviceFilterForm and reads through device_page,
so the API filters, sorts and pages exactly like the page does.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from fairfleet.core.pagination import InvalidCursor
from fairfleet.inventory import selectors, services
from fairfleet.inventory.forms import DeviceFilterForm
from fairfleet.inventory.models import AcquisitionKind, Device, DeviceModel, DeviceState
from fairfleet.inventory.perms import can_edit_device, can_manage_catalogue, can_transition_device, can_view_devices
from fairfleet.inventory.workflows import TRANSITIONS
from fairfleet.tenancy import selectors as tenancy_selectors
from fairfleet.tenancy.api import (
    PublicIdMixin,
    StrictModelSerializer,
    StrictSerializer,
    TenantModelViewSet,
    TenantObjectField,
)

MAX_PAGE_SIZE = 500
EXTERNAL_ID_KEY_MAX = 64
STEP_NOT_ALLOWED = _("Your role does not allow this lifecycle step.")
UNKNOWN_DEVICES = _("These devices do not exist in this organisation: %(ids)s")


class DeviceModelSerializer(PublicIdMixin, StrictModelSerializer):
    category = TenantObjectField(selectors.get_category_for)

    class Meta:
        model = DeviceModel
        fields = [
            "id",
            "manufacturer",
            "name",
            "category",
            "release_year",
            "cpu",
            "ram_gb",
            "storage_type",
            "storage_gb",
            "screen_inches",
            "tco_generation",
            "epeat_tier",
            "repairability_index",
            "declared_footprint_kgco2e",
            "declared_footprint_source",
            "is_draft",
            "archived_at",
        ]
        read_only_fields = ["archived_at"]


class DeviceSerializer(PublicIdMixin, StrictModelSerializer):
    model = TenantObjectField(selectors.get_device_model_for)
    category = serializers.UUIDField(source="category.public_id", read_only=True)
    service = TenantObjectField(tenancy_selectors.get_service_for, allow_null=True, required=False)
    site = TenantObjectField(tenancy_selectors.get_site_for, allow_null=True, required=False)
    storage_room = TenantObjectField(tenancy_selectors.get_storage_room_for, allow_null=True, required=False)
    holder = TenantObjectField(tenancy_selectors.get_person_for, allow_null=True, required=False)
    external_ids = serializers.DictField(child=serializers.CharField(max_length=200, allow_blank=True), required=False)

    class Meta:
        model = Device
        fields = [
            "id",
            "asset_tag",
            "serial_number",
            "model",
            "category",
            "service",
            "site",
            "storage_room",
            "holder",
            "state",
            "state_changed_at",
            "acquisition_date",
            "acquisition_kind",
            "price",
            "currency",
            "supplier",
            "warranty_end",
            "notes",
            "external_ids",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["state", "state_changed_at", "created_at", "updated_at"]
        validators: list = []  # the services check serial and tag uniqueness with a clear message

    def validate_external_ids(self, value: dict) -> dict:
        for key in value:
            if not key or len(key) > EXTERNAL_ID_KEY_MAX or "\x00" in key:
                raise ValidationError(_("Each key is a name of at most 64 characters."))
        return value


# "ordered" only ever starts a life: no step leads to it.
REACHABLE = frozenset().union(*TRANSITIONS.values())
TARGET_STATES = [(value, label) for value, label in DeviceState.choices if value in REACHABLE]


class TransitionSerializer(StrictSerializer):
    to_state = serializers.ChoiceField(choices=TARGET_STATES)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    storage_room = TenantObjectField(
        tenancy_selectors.get_storage_room_for, allow_null=True, required=False, default=None
    )

    def request(self) -> services.TransitionRequest:
        return services.TransitionRequest(**self.validated_data_without("devices"))

    def validated_data_without(self, *names: str) -> dict:
        return {k: v for k, v in self.validated_data.items() if k not in names}


class BulkTransitionSerializer(TransitionSerializer):
    devices = serializers.ListField(
        child=serializers.UUIDField(), allow_empty=False, max_length=services.MAX_BULK_DEVICES
    )


@extend_schema_serializer(many=False)  # one page object, not a list of them
class DevicePageSerializer(serializers.Serializer):
    results = DeviceSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last one")


class InventoryViewSet(TenantModelViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, services.BulkTransitionRefused):
            refusals = [
                {"device": str(r.device.public_id), "code": r.code, "message": str(r.message)} for r in exc.refusals
            ]
            exc = ValidationError({"detail": exc.messages, "refusals": refusals})
        return super().handle_exception(exc)


class DeviceModelViewSet(InventoryViewSet):
    serializer_class = DeviceModelSerializer
    queryset = DeviceModel.objects.none()
    getter = staticmethod(selectors.get_device_model_for)
    action_predicates = {
        "list": can_view_devices,
        "retrieve": can_view_devices,
        "create": can_manage_catalogue,
        "partial_update": can_manage_catalogue,
    }

    def get_queryset(self):
        return selectors.device_model_list(organisation=self.organisation).order_by("manufacturer", "name", "id")

    def perform_write(self, data, instance=None):
        if instance is None:
            return services.device_model_create(actor=self.request.user, organisation=self.organisation, **data)
        return services.device_model_update(actor=self.request.user, device_model=instance, data=data)


def _choices(choices) -> list[str]:
    return [value for value, _label in choices if value]


DEVICE_LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="Serial number, asset tag or model"),
    OpenApiParameter("category", OpenApiTypes.UUID),
    OpenApiParameter("state", str, enum=["active", *DeviceState.values]),
    OpenApiParameter("service", OpenApiTypes.UUID, description="The service and the services below it"),
    OpenApiParameter("site", OpenApiTypes.UUID),
    OpenApiParameter("age", str, enum=_choices(selectors.AGE_LABELS.items())),
    OpenApiParameter("warranty", str, enum=["ending", "expired", "valid"]),
    OpenApiParameter("kind", str, enum=AcquisitionKind.values),
    OpenApiParameter("sort", str, enum=list(selectors.SORT_KEYS)),
    OpenApiParameter("cursor", str, description="The `next` link of the previous page carries it"),
    OpenApiParameter("page_size", int, description=f"1 to {MAX_PAGE_SIZE}"),
]


class DeviceViewSet(InventoryViewSet):
    serializer_class = DeviceSerializer
    queryset = Device.objects.none()
    getter = staticmethod(selectors.get_device_for)
    action_predicates = {
        "list": can_view_devices,
        "retrieve": can_view_devices,
        "create": can_edit_device,
        "partial_update": can_edit_device,
        # The target state is in the body: the view checks can_transition_device once it is known.
        "transition": can_view_devices,
        "bulk_transition": can_view_devices,
    }

    def get_serializer_class(self):
        return {"transition": TransitionSerializer, "bulk_transition": BulkTransitionSerializer}.get(
            self.action, DeviceSerializer
        )

    def _page_size(self) -> int:
        raw = self.request.query_params.get("page_size")
        if raw in (None, ""):
            return settings.DEVICE_LIST_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [_("Enter a number from 1 to 500.")]})
        return int(raw)

    @extend_schema(
        parameters=DEVICE_LIST_PARAMETERS,
        responses=DevicePageSerializer,
    )
    def list(self, request, *args, **kwargs):
        form = DeviceFilterForm(request.query_params, organisation=self.organisation)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        try:
            page = selectors.device_page(
                organisation=self.organisation,
                filters=form.to_filters(),
                sort=form.cleaned_data.get("sort") or selectors.DEFAULT_SORT,
                cursor=request.query_params.get("cursor"),
                size=self._page_size(),
                strict=True,
            )
        except InvalidCursor as exc:
            raise ValidationError({"cursor": [exc.message]}) from None
        next_url = None
        if page.next_cursor:
            params = request.query_params.copy()
            params["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        return Response({"results": self.get_serializer(page.rows, many=True).data, "next": next_url})

    def perform_write(self, data, instance=None):
        if instance is None:
            return services.device_create(actor=self.request.user, organisation=self.organisation, **data)
        return services.device_update(actor=self.request.user, device=instance, data=data)

    def _check_step(self, to_state: str) -> None:
        if not can_transition_device(self.membership, to_state):
            raise PermissionDenied(STEP_NOT_ALLOWED)

    def _check_any_step(self) -> None:
        # Refused before reading the body: a viewer learns nothing from validation messages.
        if not any(can_transition_device(self.membership, state) for state in DeviceState.values):
            raise PermissionDenied(STEP_NOT_ALLOWED)

    @extend_schema(request=TransitionSerializer, responses=DeviceSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Move the device to its next lifecycle state, or get the reason for the refusal."""
        device = self.get_object()
        self._check_any_step()
        serializer = TransitionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        self._check_step(serializer.validated_data["to_state"])
        device = services.device_transition(actor=request.user, device=device, request=serializer.request())
        return Response(DeviceSerializer(selectors.get_device_for(self.organisation, device.public_id)).data)

    @extend_schema(
        request=BulkTransitionSerializer,
        responses=inline_serializer("BulkTransitionResult", {"count": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="bulk-transition")
    def bulk_transition(self, request, *args, **kwargs):
        """Move many devices at once: all of them, or none with the reason for each refusal."""
        self._check_any_step()
        serializer = BulkTransitionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        self._check_step(serializer.validated_data["to_state"])
        wanted = set(serializer.validated_data["devices"])
        found = dict(
            Device.objects.filter(organisation=self.organisation, public_id__in=wanted).values_list("public_id", "id")
        )
        missing = sorted(str(public_id) for public_id in wanted - set(found))
        if missing:
            # Foreign and missing ids alike: nobody learns that another organisation's device exists.
            raise ValidationError({"devices": [UNKNOWN_DEVICES % {"ids": ", ".join(missing)}]})
        count = services.device_bulk_transition(
            actor=request.user,
            organisation=self.organisation,
            device_ids=list(found.values()),
            request=serializer.request(),
        )
        return Response({"count": count})
