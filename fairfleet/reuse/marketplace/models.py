"""The internal marketplace: retired items offered to the organisation's services (and, if the owner
chooses, to the organisations of its networks), requests from services, and reservations that end in a
handover."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairfleet.core.messages import message_text
from fairfleet.inventory.models import Category, CosmeticGrade, Device
from fairfleet.tenancy.models import Network, Organisation, Service


class OfferState(models.TextChoices):
    OPEN = "open", _("Open")
    RESERVED = "reserved", _("Reserved")
    HANDED_OVER = "handed_over", _("Handed over")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReservationState(models.TextChoices):
    ACTIVE = "active", _("Active")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class RequestState(models.TextChoices):
    OPEN = "open", _("Open")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_OFFER_STATES = (OfferState.OPEN, OfferState.RESERVED)


class Offer(models.Model):
    """One retired item put on the marketplace. Visible to the organisation's services, and to the
    active members of the networks it is shared with."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="marketplace_offers", verbose_name=_("device"), db_index=False
    )
    state = models.CharField(_("state"), max_length=16, choices=OfferState.choices, default=OfferState.OPEN)
    networks = models.ManyToManyField(
        Network,
        blank=True,
        related_name="+",
        verbose_name=_("shared with the networks"),
        help_text=_("Members of these networks may reserve the item too; leave empty to keep it inside."),
    )
    available_until = models.DateField(
        _("available until"), null=True, blank=True, help_text=_("The last day the item can be kept for a taker.")
    )
    pickup_place = models.CharField(_("pickup place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("offered on"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("state since"), null=True, blank=True)

    class Meta:
        verbose_name = _("marketplace offer")
        verbose_name_plural = _("marketplace offers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state", "id"], name="offer_org_state"),
            models.Index(fields=["device", "-id"], name="offer_device_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["device"], condition=models.Q(state__in=["open", "reserved"]), name="offer_one_live_per_device"
            )
        ]

    def __str__(self) -> str:
        return str(self.device)

    @property
    def state_label(self):
        return OfferState(self.state).label


class DeviceRequest(models.Model):
    """What a service needs: "5 laptops for teleworking, by March"."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("requesting service")
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category"))
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    minimum_grade = models.CharField(
        _("minimum grade"),
        max_length=1,
        choices=CosmeticGrade.choices,
        blank=True,
        help_text=_("The worst cosmetic grade the service accepts; its criticality may demand better."),
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=RequestState.choices, default=RequestState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("state since"), null=True, blank=True)

    class Meta:
        verbose_name = _("device request")
        verbose_name_plural = _("device requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state", "id"], name="device_request_org_state")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.category} ({self.service})"

    @property
    def state_label(self):
        return RequestState(self.state).label


class Reservation(models.Model):
    """A claim on one offer, until it is handed over, cancelled or expires. The row belongs to the offer's
    organisation (the donor); the claimant organisation sees it too."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("offer"))
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="+", db_index=False)
    claimant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("claimant organisation")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving service")
    )
    request = models.ForeignKey(
        DeviceRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("request"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ReservationState.choices, default=ReservationState.ACTIVE
    )
    expires_at = models.DateTimeField(_("expires on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("reserved on"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    # The device created in the claimant organisation by a cross-organisation handover.
    received_device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("received device")
    )

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state", "id"], name="reservation_org_state"),
            models.Index(fields=["claimant", "state", "id"], name="reservation_claimant_state"),
            models.Index(fields=["state", "expires_at"], name="reservation_state_expiry"),
        ]
        constraints = [
            # The database itself refuses a second active claim on one offer.
            models.UniqueConstraint(
                fields=["offer"], condition=models.Q(state="active"), name="reservation_one_active_per_offer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.device} → {self.service}"

    @property
    def state_label(self):
        return ReservationState(self.state).label

    @property
    def is_cross_organisation(self) -> bool:
        return self.claimant_id != self.organisation_id


class LogSubject(models.TextChoices):
    OFFER = "offer", _("Offer")
    RESERVATION = "reservation", _("Reservation")
    REQUEST = "request", _("Request")


class MarketplaceTransition(models.Model):
    """One step of an offer, a reservation or a request: who, when, from which state to which, and why."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=16, choices=LogSubject.choices)
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="log")
    reservation = models.ForeignKey(Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="log")
    request = models.ForeignKey(DeviceRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="log")
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)  # as a user typed it
    reason_message = models.JSONField(null=True, blank=True)  # a reason the system wrote (core.messages)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def reason_text(self) -> str:
        return message_text(self.reason_message, self.reason)

    def _label(self, state: str):
        states = {LogSubject.OFFER: OfferState, LogSubject.RESERVATION: ReservationState}.get(
            self.subject, RequestState
        )
        return states(state).label if state in states.values else state

    @property
    def from_label(self):
        return self._label(self.from_state)

    @property
    def to_label(self):
        return self._label(self.to_state)
