"""Donations: the census of reuse partners, donation lots offered to them, and the logs of each step.

A partner is an organisation of kind `reuse_partner` with its own members; its listing is validated by
the coordinator of a regional reuse platform (a network) it belongs to. A lot belongs to the donor
organisation; an offer links a lot to one partner. Every state change of a listing, a lot or an offer
is written to its transition log.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairfleet.core.messages import message_text, messages_text
from fairfleet.inventory.models import Device
from fairfleet.tenancy.models import Network, Organisation, Site


class LegalStatus(models.TextChoices):
    """Legal statuses of a partner, aligned with the beneficiaries named by CGPPP art. L3212-2."""

    PUBLIC_UTILITY = "public_utility", _("Association recognised as being of public utility")
    REUSE_ESUS = "reuse_esus", _("Reuse body approved as a solidarity enterprise of social utility (ESUS)")
    SOCIAL_UTILITY = "social_utility", _("Other social-utility enterprise (ESUS approval, not reuse)")
    GENERAL_INTEREST = "general_interest", _("General-interest association supporting people in precarity")
    STUDENT = "student", _("Student association")
    PARENTS = "parents", _("Parents' association")
    SCHOOL_SUPPORT = "school_support", _("School-support association")
    TEACHING_RESEARCH = "teaching_research", _("Teaching or research body under a cooperation agreement")
    COMPANY = "company", _("Commercial refurbisher")
    OTHER = "other", _("Other")


class QualityLabel(models.TextChoices):
    ORDI_3_0 = "ordi_3_0", _("Ordi 3.0")
    R2V3 = "r2v3", _("R2v3")
    E_STEWARDS = "e_stewards", _("e-Stewards")
    WEEELABEX = "weeelabex", _("WEEELABEX")
    ADISA = "adisa", _("ADISA asset recovery")
    ISO_14001 = "iso_14001", _("ISO 14001")
    ISO_27001 = "iso_27001", _("ISO/IEC 27001")
    OTHER = "other", _("Other label")


class ListingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for validation")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")


class PartnerListing(models.Model):
    """The census record of one reuse partner, kept by the partner itself and validated by the
    coordinator of the network it belongs to."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="partner_listing", verbose_name=_("partner")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_listings",
        verbose_name=_("validating network"),
    )
    legal_status = models.CharField(_("legal status"), max_length=24, choices=LegalStatus.choices)
    description = models.TextField(_("what the partner does"), blank=True)
    # Territory codes from fairfleet.reuse.donations.territories (departments, regions, provinces).
    territories = models.JSONField(_("territories"), default=list, blank=True)
    # Postcode prefixes, e.g. "59" or "1000", for partners who serve a few towns only.
    postcodes = models.JSONField(_("postcodes"), default=list, blank=True)
    # Codes of the built-in device categories the partner takes.
    accepted_categories = models.JSONField(_("accepted categories"), default=list, blank=True)
    min_lot_size = models.PositiveIntegerField(_("minimum lot size (devices)"), default=1)
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity (devices)"), default=0)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ListingState.choices, default=ListingState.DRAFT)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner listing")
        verbose_name_plural = _("partner listings")
        ordering = ["organisation__name"]
        indexes = [models.Index(fields=["network", "state"], name="listing_network_state")]

    def __str__(self) -> str:
        return self.organisation.name


class PartnerLabel(models.Model):
    """A quality label held by a partner, valid between two dates."""

    listing = models.ForeignKey(PartnerListing, on_delete=models.CASCADE, related_name="labels")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=16, choices=QualityLabel.choices)
    detail = models.CharField(_("name or certificate number"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("quality label")
        verbose_name_plural = _("quality labels")
        ordering = ["label", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="partner_label_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.get_label_display()

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class ListingTransition(models.Model):
    listing = models.ForeignKey(PartnerListing, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=ListingState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=ListingState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(blank=True)  # as a user typed it
    note_message = models.JSONField(null=True, blank=True)  # a note the system wrote (core.messages)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def note_text(self) -> str:
        return message_text(self.note_message, self.note)


class LotState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Pick-up scheduled")
    HANDED_OVER = "handed_over", _("Handed over")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class DonationLot(models.Model):
    """Devices a donor groups to give them to one reuse partner."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="donation_lots")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site where the devices are")
    )
    notes = models.TextField(_("notes for the partners"), blank=True)
    required_statuses = models.JSONField(_("required legal statuses"), default=list, blank=True)
    required_labels = models.JSONField(_("required quality labels"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=LotState.choices, default=LotState.DRAFT)
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accepted_donation_lots",
        verbose_name=_("partner"),
    )
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    pickup_date = models.DateField(_("pick-up date"), null=True, blank=True)
    pickup_place = models.CharField(_("pick-up place"), max_length=300, blank=True)
    transporter = models.CharField(_("transporter"), max_length=200, blank=True)
    donor_confirmed_at = models.DateTimeField(_("handed over (donor) on"), null=True, blank=True)
    partner_confirmed_at = models.DateTimeField(_("received (partner) on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("donation lot")
        verbose_name_plural = _("donation lots")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state"], name="lot_org_state"),
            models.Index(fields=["partner", "accepted_at"], name="lot_partner_accepted"),
        ]

    def __str__(self) -> str:
        return self.title


class LotDevice(models.Model):
    """A device in a lot. `refusal_code` and `refusal_message` are set when the device could not be handed over."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(DonationLot, on_delete=models.CASCADE, related_name="items")
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="donation_items")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    refusal_code = models.CharField(max_length=40, blank=True)
    refusal_reason = models.TextField(_("reason the device was kept"), blank=True)  # rows kept before refusal_message
    refusal_message = models.JSONField(null=True, blank=True)  # core.messages: shown in the reader's language

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"], condition=models.Q(removed_at__isnull=True), name="lot_device_one_active_lot"
            )
        ]

    @property
    def refusal_text(self) -> str:
        return message_text(self.refusal_message, self.refusal_reason)


class LotTransition(models.Model):
    lot = models.ForeignKey(DonationLot, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=LotState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=LotState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(blank=True)  # as a user typed it
    note_message = models.JSONField(null=True, blank=True)  # a note the system wrote (core.messages)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def note_text(self) -> str:
        return message_text(self.note_message, self.note)


class OfferState(models.TextChoices):
    PENDING = "pending", _("Awaiting the partner's answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the donor")
    CLOSED = "closed", _("Closed: another partner accepted")


class DonationOffer(models.Model):
    """A lot offered to one partner, with the reasons of its rank when it was offered."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="donation_offers")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lot = models.ForeignKey(DonationLot, on_delete=models.PROTECT, related_name="offers")
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="incoming_donation_offers", verbose_name=_("partner")
    )
    state = models.CharField(_("state"), max_length=16, choices=OfferState.choices, default=OfferState.PENDING)
    score = models.IntegerField(_("score"), default=0)
    # Messages (core.messages), or plain texts in offers made before they were stored as codes.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    response_note = models.TextField(_("answer"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("offered on"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("donation offer")
        verbose_name_plural = _("donation offers")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["lot", "partner"], name="offer_unique_partner")]
        indexes = [models.Index(fields=["partner", "state"], name="offer_partner_state")]

    def __str__(self) -> str:
        return f"{self.lot} → {self.partner}"

    @property
    def reason_texts(self) -> list[str]:
        return messages_text(self.reasons)

    @property
    def warning_texts(self) -> list[str]:
        return messages_text(self.warnings)


class OfferTransition(models.Model):
    offer = models.ForeignKey(DonationOffer, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=OfferState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=OfferState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(blank=True)  # as a user typed it
    note_message = models.JSONField(null=True, blank=True)  # a note the system wrote (core.messages)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def note_text(self) -> str:
        return message_text(self.note_message, self.note)
