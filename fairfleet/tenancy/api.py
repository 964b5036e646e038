"""REST API of the tenancy app: the current organisation, services, sites and people.

Also the pieces every app's API shares: the permission class mapping an action to a predicate,
the tenant-scoped viewset base, strict serializers and references by public id.
"""

import uuid
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from fairfleet.tenancy import audit, perms, selectors, services
from fairfleet.tenancy.authentication import ApiTokenAuthentication, OrganisationSessionAuthentication
from fairfleet.tenancy.models import Criticality, Organisation, Person, Service, Site

# Bounds the database accepts on every backend: a bigger number is a 400, not an overflow.
INTEGER_BOUNDS = (-(2**31), 2**31 - 1)


class ActionPermission(BasePermission):
    """Every caller must be an active member; then the view's predicate for the action must hold."""

    def has_permission(self, request, view) -> bool:
        membership = request.auth
        if membership is None or not perms.can_view_organisation(membership):
            return False
        if hasattr(view, "action"):
            action = view.action
        else:
            method = request.method.lower()
            action = method if hasattr(view, method) else None
        if action is None or action in ("metadata", "options"):
            # An unmapped method (the view answers 404 or 405 itself) or a description of the endpoint.
            return True
        predicate = view.action_predicates.get(action)
        return predicate is not None and predicate(membership)


class TenantApiMixin:
    """Token or session authentication, per-action predicates, objects through get_<entity>_for."""

    authentication_classes = [ApiTokenAuthentication, OrganisationSessionAuthentication]
    permission_classes = [ActionPermission]
    action_predicates: dict[str, Callable] = {}
    lookup_field = "public_id"
    lookup_url_kwarg = "public_id"
    lookup_value_converter = "uuid"
    getter: Callable | None = None

    @property
    def organisation(self) -> Organisation:
        return self.request.auth.organisation

    @property
    def membership(self):
        return self.request.auth

    def get_object(self):
        return type(self).getter(self.organisation, self.kwargs[self.lookup_url_kwarg])

    def dispatch(self, request, *args, **kwargs):
        # A fresh scope per request: the token of one request never names the writes of the next.
        with audit.acting_through(None):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Authenticated and allowed: the writes of this request are recorded as made through its token, if any.
        audit.name_api_token(getattr(request.auth, "token", None))

    def http_method_not_allowed(self, request, *args, **kwargs):
        # A foreign or missing object answers 404 whatever the method, like the pages do.
        if self.lookup_url_kwarg in kwargs and self.getter is not None:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def handle_exception(self, exc):
        # The services refuse with Django's ValidationError: a 400 with their messages.
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(detail=serializers.as_serializer_error(exc))
        return super().handle_exception(exc)


class StrictMixin:
    """Unknown fields are refused rather than silently ignored, so that typos do not pass for success."""

    ignored_fields = frozenset({"csrfmiddlewaretoken"})

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable - self.ignored_fields)
            if unknown:
                raise ValidationError({name: [_("Unknown or read-only field.")] for name in unknown})
        return super().to_internal_value(data)


class StrictSerializer(StrictMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictMixin, serializers.ModelSerializer):
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.IntegerField):
                field.min_value = INTEGER_BOUNDS[0] if field.min_value is None else field.min_value
                field.max_value = INTEGER_BOUNDS[1] if field.max_value is None else field.max_value
                field.validators = [*field.validators, *_bounds(field)]
        return fields


def _bounds(field) -> list:
    return [MinValueValidator(field.min_value), MaxValueValidator(field.max_value)]


@extend_schema_field(OpenApiTypes.UUID)
class TenantObjectField(serializers.Field):
    """A reference by public id, resolved through a get_<entity>_for getter of the caller's organisation."""

    default_error_messages = {
        "invalid": _("Enter a valid id."),
        "does_not_exist": _("No such object in this organisation."),
    }

    def __init__(self, getter: Callable, **kwargs):
        self.getter = getter
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            wanted = uuid.UUID(data)
        except ValueError:
            self.fail("invalid")
        try:
            return self.getter(self.context["request"].auth.organisation, wanted)
        except Http404:
            self.fail("does_not_exist")

    def to_representation(self, value):
        return str(value.public_id)


class PublicIdMixin(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)


# The current organisation ------------------------------------------------------------------


class OrganisationSerializer(PublicIdMixin, serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "legal_identifier", "language"]
        read_only_fields = fields


class OrganisationView(TenantApiMixin, generics.GenericAPIView):
    """The organisation the token (or the session) acts for."""

    serializer_class = OrganisationSerializer
    action_predicates = {"get": perms.can_view_organisation}

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.organisation).data)


# Services, sites, people -------------------------------------------------------------------


class ServiceSerializer(PublicIdMixin, StrictModelSerializer):
    parent = TenantObjectField(selectors.get_service_for, allow_null=True, required=False)
    criticality = serializers.ChoiceField(choices=Criticality.choices, default=Criticality.STANDARD)

    class Meta:
        model = Service
        fields = ["id", "name", "parent", "criticality", "archived_at"]
        read_only_fields = ["archived_at"]
        validators: list = []  # the service checks uniqueness and says which rule is broken


class SiteSerializer(PublicIdMixin, StrictModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "address", "postcode", "city", "country", "archived_at"]
        read_only_fields = ["archived_at"]


class PersonSerializer(PublicIdMixin, StrictModelSerializer):
    service = TenantObjectField(selectors.get_service_for, allow_null=True, required=False)

    class Meta:
        model = Person
        fields = ["id", "full_name", "email", "service", "archived_at"]
        read_only_fields = ["archived_at"]


class TenantModelViewSet(
    TenantApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List, retrieve, create and patch through the app's services; never delete (archive instead)."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_write(self, data: dict, instance=None):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.perform_write(serializer.validated_data)
        return Response(self.get_serializer(obj).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        obj = self.perform_write(serializer.validated_data, instance)
        return Response(self.get_serializer(obj).data)


def _predicates(read: Callable, write: Callable) -> dict[str, Callable]:
    return {"list": read, "retrieve": read, "create": write, "partial_update": write}


class ServiceViewSet(TenantModelViewSet):
    serializer_class = ServiceSerializer
    queryset = Service.objects.none()
    getter = staticmethod(selectors.get_service_for)
    action_predicates = _predicates(perms.can_view_organisation, perms.can_manage_structure)

    def get_queryset(self):
        return selectors.service_list(organisation=self.organisation).order_by("name", "id")

    def perform_write(self, data, instance=None):
        if instance is None:
            return services.service_create(actor=self.request.user, organisation=self.organisation, **data)
        return services.service_update(actor=self.request.user, service=instance, data=data)


class SiteViewSet(TenantModelViewSet):
    serializer_class = SiteSerializer
    queryset = Site.objects.none()
    getter = staticmethod(selectors.get_site_for)
    action_predicates = _predicates(perms.can_view_organisation, perms.can_manage_structure)

    def get_queryset(self):
        return selectors.site_list(organisation=self.organisation).order_by("name", "id")

    def perform_write(self, data, instance=None):
        if instance is None:
            return services.site_create(actor=self.request.user, organisation=self.organisation, **data)
        return services.site_update(actor=self.request.user, site=instance, data=data)


class PersonViewSet(TenantModelViewSet):
    serializer_class = PersonSerializer
    queryset = Person.objects.none()
    getter = staticmethod(selectors.get_person_for)
    action_predicates = _predicates(perms.can_view_organisation, perms.can_manage_people)

    def get_queryset(self):
        return selectors.person_list(organisation=self.organisation).order_by("full_name", "id")

    def perform_write(self, data, instance=None):
        if instance is None:
            return services.person_create(actor=self.request.user, organisation=self.organisation, **data)
        return services.person_update(actor=self.request.user, person=instance, data=data)
