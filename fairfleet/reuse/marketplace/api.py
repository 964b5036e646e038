"""REST API of the internal marketplace: offers (put retired devices on offer, reserve, withdraw) and
reservations (hand over, cancel). The same selectors, services and permission predicates as the pages."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from fairfleet.inventory.models import Device
from fairfleet.reuse.marketplace import selectors, services
from fairfleet.reuse.marketplace.models import Offer, OfferState, Reservation, ReservationState
from fairfleet.reuse.marketplace.perms import (
    can_cancel_reservation,
    can_hand_over,
    can_offer_devices,
    can_reserve_offer,
    can_view_marketplace,
    can_withdraw_offer,
)
from fairfleet.tenancy import selectors as tenancy_selectors
from fairfleet.tenancy.api import PublicIdMixin, StrictSerializer, TenantApiMixin, TenantObjectField
from fairfleet.tenancy.models import Network

MAX_LIST = 500


def _retired_device_for(organisation, public_id) -> Device:
    device = Device.objects.filter(organisation=organisation, public_id=public_id).first()
    if device is None:
        raise Http404
    return device


def _shareable_network_for(organisation, public_id) -> Network:
    network = selectors.shareable_networks(organisation=organisation).filter(public_id=public_id).first()
    if network is None:
        raise Http404
    return network


class OfferSerializer(PublicIdMixin, serializers.ModelSerializer):
    device = serializers.UUIDField(source="device.public_id", read_only=True)
    asset_tag = serializers.CharField(source="device.asset_tag", read_only=True)
    model = serializers.CharField(source="device.model", read_only=True)
    category = serializers.CharField(source="device.category.code", read_only=True)
    grade = serializers.CharField(read_only=True, allow_null=True)
    offered_by = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "device", "asset_tag", "model", "category", "grade", "state", "offered_by",
                  "available_until", "pickup_place", "notes", "created_at"]  # fmt: skip
        read_only_fields = fields


class OfferCreateSerializer(StrictSerializer):
    devices = serializers.ListField(
        child=TenantObjectField(_retired_device_for), allow_empty=False, max_length=services.MAX_OFFERS_AT_ONCE
    )
    networks = serializers.ListField(child=TenantObjectField(_shareable_network_for), required=False, default=list)
    available_until = serializers.DateField(required=False, allow_null=True, default=None)
    pickup_place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReserveSerializer(StrictSerializer):
    service = TenantObjectField(tenancy_selectors.get_service_for)
    request = TenantObjectField(selectors.get_request_for, required=False, allow_null=True, default=None)
    days = serializers.IntegerField(min_value=1, max_value=services.MAX_RESERVATION_DAYS, required=False)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class NotesSerializer(StrictSerializer):
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ReservationSerializer(PublicIdMixin, serializers.ModelSerializer):
    offer = serializers.UUIDField(source="offer.public_id", read_only=True)
    device = serializers.UUIDField(source="device.public_id", read_only=True)
    giver = serializers.CharField(source="organisation.name", read_only=True)
    claimant = serializers.CharField(source="claimant.name", read_only=True)
    service = serializers.CharField(source="service.name", read_only=True)

    class Meta:
        model = Reservation
        fields = ["id", "offer", "device", "giver", "claimant", "service", "state", "expires_at", "created_at",
                  "closed_at"]  # fmt: skip
        read_only_fields = fields


class MarketplaceViewSet(TenantApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]


class OfferViewSet(MarketplaceViewSet):
    """Offers the organisation can see: its own and those shared with it through a network."""

    serializer_class = OfferSerializer
    queryset = Offer.objects.none()
    getter = staticmethod(selectors.get_offer_for)
    action_predicates = {
        "list": can_view_marketplace,
        "retrieve": can_view_marketplace,
        "create": can_offer_devices,
        "reserve": can_reserve_offer,
        "withdraw": can_offer_devices,
    }

    def get_queryset(self):
        services.reservations_expire_overdue(organisation=self.organisation)
        state = self.request.query_params.get("state", OfferState.OPEN)
        filters = selectors.OfferFilters(state=state if state in ("", *OfferState.values) else OfferState.OPEN)
        return selectors.offer_list(organisation=self.organisation, filters=filters)[:MAX_LIST]

    @extend_schema(request=OfferCreateSerializer, responses=OfferSerializer(many=True))
    def create(self, request, *args, **kwargs):
        """Put retired devices (end of use) on offer, one offer each: all of them or none."""
        serializer = OfferCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        offers = services.offers_create(
            actor=request.user, organisation=self.organisation, **serializer.validated_data
        )
        fresh = [selectors.get_offer_for(self.organisation, offer.public_id) for offer in offers]
        return Response(OfferSerializer(fresh, many=True).data, status=201)

    @extend_schema(request=ReserveSerializer, responses=ReservationSerializer)
    @action(detail=True, methods=["post"])
    def reserve(self, request, *args, **kwargs):
        """Reserve the item for a service; of two claims at once, one wins and the other gets a 400."""
        offer = self.get_object()
        serializer = ReserveSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        reservation = services.reservation_create(
            actor=request.user, offer=offer, claimant=self.organisation, **serializer.validated_data
        )
        fresh = selectors.get_reservation_for(self.organisation, reservation.public_id)
        return Response(ReservationSerializer(fresh).data, status=201)

    @extend_schema(request=ReasonSerializer, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """Withdraw an open offer of the organisation; the device goes back to the end of use."""
        offer = self.get_object()
        if not can_withdraw_offer(self.membership, offer):
            raise PermissionDenied
        serializer = ReasonSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.offer_withdraw(actor=request.user, offer=offer, reason=serializer.validated_data["reason"])
        return Response(OfferSerializer(selectors.get_offer_for(self.organisation, offer.public_id)).data)


class ReservationViewSet(MarketplaceViewSet):
    """Reservations the organisation gives and the ones it made."""

    serializer_class = ReservationSerializer
    queryset = Reservation.objects.none()
    getter = staticmethod(selectors.get_reservation_for)
    action_predicates = {
        "list": can_view_marketplace,
        "retrieve": can_view_marketplace,
        "hand_over": can_view_marketplace,  # the object's predicate is checked once it is known
        "cancel": can_view_marketplace,
    }

    def get_queryset(self):
        services.reservations_expire_overdue(organisation=self.organisation)
        state = self.request.query_params.get("state", ReservationState.ACTIVE)
        state = state if state in ("", *ReservationState.values) else ReservationState.ACTIVE
        return selectors.reservation_list(organisation=self.organisation, state=state)[:MAX_LIST]

    @extend_schema(request=NotesSerializer, responses=ReservationSerializer)
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, *args, **kwargs):
        """Record the handover (by the giving organisation); refused while the device may hold data and
        would leave the organisation without a verified erasure."""
        reservation = self.get_object()
        if not can_hand_over(self.membership, reservation):
            raise PermissionDenied
        serializer = NotesSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.reservation_hand_over(actor=request.user, reservation=reservation, **serializer.validated_data)
        return Response(ReservationSerializer(self.get_object()).data)

    @extend_schema(request=ReasonSerializer, responses=ReservationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        reservation = self.get_object()
        if not can_cancel_reservation(self.membership, reservation):
            raise PermissionDenied
        serializer = ReasonSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.reservation_cancel(actor=request.user, reservation=reservation, **serializer.validated_data)
        return Response(ReservationSerializer(self.get_object()).data)
