"""End of first use: what an assessment found, the proof that data was erased, and what became of
each device once it left its first user (the chain of custody)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairfleet.core.messages import messages_text
from fairfleet.inventory.models import CosmeticGrade, Device, ImportJobState
from fairfleet.tenancy.models import Organisation, Site


class StorageHealth(models.TextChoices):
    GOOD = "good", _("Good")
    WORN = "worn", _("Worn: reallocated sectors or low endurance left")
    FAILING = "failing", _("Failing")
    ABSENT = "absent", _("No storage")
    UNKNOWN = "unknown", _("Not tested")


class Route(models.TextChoices):
    """Where a retired device should go next, from the most to the least valuable use of it."""

    REDEPLOY = "redeploy", _("Redeploy inside the organisation")
    NETWORK = "network", _("Offer to the network")
    DONATE = "donate", _("Donate")
    SELL = "sell", _("Sell to a social-economy refurbisher")
    RECYCLE = "recycle", _("Recycle (WEEE)")


class Assessment(models.Model):
    """One triage of one retired device. The latest assessment of a device is the one that counts;
    earlier ones are kept as its history."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("device"), db_index=False
    )
    checklist = models.JSONField(_("functional checks"), default=dict, blank=True)
    is_functional = models.BooleanField(_("works"), default=True)
    grade = models.CharField(_("cosmetic grade"), max_length=1, choices=CosmeticGrade.choices)
    battery_health_pct = models.PositiveSmallIntegerField(
        _("battery health (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    storage_health = models.CharField(
        _("storage health"), max_length=16, choices=StorageHealth.choices, default=StorageHealth.UNKNOWN
    )
    firmware_locked = models.BooleanField(_("firmware or BIOS password lock"), default=False)
    os_updates_end = models.DateField(_("end of operating system updates"), null=True, blank=True)
    holds_protected_data = models.BooleanField(
        _("held protected data"),
        default=False,
        help_text=_("Classified information or data under a specific security duty: such devices are left out of "
                    "the reuse ratio of décret 2023-266."),
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    # The route the organisation's rules suggested when the assessment was saved, and why.
    suggested_route = models.CharField(_("suggested route"), max_length=16, choices=Route.choices, blank=True)
    route_reason = models.TextField(_("why this route"), blank=True)  # rows saved before route_reasons
    route_reasons = models.JSONField(_("why this route"), default=list, blank=True)  # core.messages, in order
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    assessed_at = models.DateTimeField(_("assessed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at", "-id"]
        indexes = [models.Index(fields=["device", "-assessed_at"], name="assessment_device_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(battery_health_pct__isnull=True) | models.Q(battery_health_pct__lte=100),
                name="assessment_battery_pct_max_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.device} ({self.grade})"

    @property
    def route_reason_text(self) -> str:
        """Why the route was suggested, in the reader's language."""
        return " ".join(messages_text(self.route_reasons)) or self.route_reason


class ErasureMethod(models.TextChoices):
    """The three sanitisation outcomes of NIST SP 800-88 (Rev. 2, September 2025)."""

    CLEAR = "clear", _("Clear: overwritten with standard commands")
    PURGE = "purge", _("Purge: cryptographic or firmware erase, laboratory-proof")
    DESTROY = "destroy", _("Destroy: the medium is physically destroyed")


class ErasureResult(models.TextChoices):
    PASSED = "passed", _("Verified")
    FAILED = "failed", _("Failed")
    NOT_VERIFIED = "not_verified", _("Not verified")


class ErasureRecord(models.Model):
    """The proof that one storage medium of a device was sanitised, entered by hand or imported from
    an erasure tool's report."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="erasure_records", verbose_name=_("device"), db_index=False
    )
    drive_serial = models.CharField(_("drive serial number"), max_length=100, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=ErasureMethod.choices)
    technique = models.CharField(
        _("technique"),
        max_length=200,
        blank=True,
        help_text=_("For example an IEEE 2883 technique or a tool's pattern."),
    )
    tool = models.CharField(_("tool"), max_length=200, blank=True)
    operator = models.CharField(_("operator"), max_length=200)
    performed_at = models.DateTimeField(_("performed on"))
    result = models.CharField(_("verification result"), max_length=16, choices=ErasureResult.choices)
    report_reference = models.CharField(_("report reference"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-performed_at", "-id"]
        indexes = [models.Index(fields=["device", "-performed_at"], name="erasure_device_latest")]

    def __str__(self) -> str:
        return f"{self.device} {self.method} {self.result}"


class ErasureImportJob(models.Model):
    """One erasure report brought in: the file is kept here between its check and its apply, so that what is
    applied is the file that was checked (by its digest), never a copy sent back by the browser."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    source_name = models.CharField(_("file"), max_length=255)
    file = models.FileField(upload_to="erasure-imports/%Y/%m/", blank=True)
    file_size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=16, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ImportJobState.choices, default=ImportJobState.UPLOADED
    )
    # The check's or the apply's outcome (ErasureImportReport.as_dict), or {"refused": message, "code": code}.
    report = models.JSONField(_("report"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("checked on"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)
    failure = models.TextField(_("failure"), blank=True)

    class Meta:
        verbose_name = _("erasure report import")
        verbose_name_plural = _("erasure report imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.source_name


class CustodyEventKind(models.TextChoices):
    REDEPLOYED = "redeployed", _("Redeployed inside the organisation")
    TRANSFERRED = "transferred", _("Transferred to another public body")
    PICKED_UP = "picked_up", _("Picked up")
    RECEIVED = "received", _("Received by the partner")
    REFURBISHED = "refurbished", _("Refurbished")
    GIVEN = "given", _("Given to a beneficiary")
    SOLD_SOLIDARITY = "sold_solidarity", _("Sold at a solidarity price")
    RECYCLED = "recycled", _("Recycled")


# Events that prove a second life (the recipient's proof of reuse, décret 2023-266).
REUSE_PROOF_KINDS = frozenset(
    {
        CustodyEventKind.REDEPLOYED,
        CustodyEventKind.TRANSFERRED,
        CustodyEventKind.GIVEN,
        CustodyEventKind.SOLD_SOLIDARITY,
    }
)


class BeneficiaryKind(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    SCHOOL = "school", _("School")
    ASSOCIATION = "association", _("Association")
    PUBLIC_BODY = "public_body", _("Other public body")
    OTHER = "other", _("Other")


class CustodySource(models.TextChoices):
    WEB = "web", _("Web page")
    CSV = "csv", _("CSV file")
    API = "api", _("API")


class CustodyEvent(models.Model):
    """One step of a device after its first use: who did what, when and where. The row belongs to the
    donor organisation (the device's owner of record); `reported_by` is who told us, often a partner."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="custody_events", verbose_name=_("device"), db_index=False
    )
    kind = models.CharField(_("event"), max_length=24, choices=CustodyEventKind.choices)
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    territory = models.CharField(
        _("territory"), max_length=16, blank=True, help_text=_("French department or region, or Belgian province.")
    )
    beneficiary_kind = models.CharField(_("beneficiary"), max_length=16, choices=BeneficiaryKind.choices, blank=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    lot_public_id = models.UUIDField(_("donation lot"), null=True, blank=True)
    reported_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=8, choices=CustodySource.choices, default=CustodySource.WEB)

    class Meta:
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        ordering = ["occurred_on", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["device", "occurred_on"], name="custody_device_date"),
            models.Index(fields=["organisation", "kind", "occurred_on"], name="custody_org_kind_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0), name="custody_price_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.device} {self.kind} {self.occurred_on}"


GRADE_LETTERS = "ABCD"


def validate_grades(value: str) -> None:
    from django.core.exceptions import ValidationError

    if any(letter not in GRADE_LETTERS for letter in value) or len(set(value)) != len(value):
        raise ValidationError(_("Use the grade letters A, B, C and D, each once at most."))


class RoutePolicy(models.Model):
    """The organisation's rules for suggesting a route to each assessed device (docs/reuse-triage.md,
    "Suggested routes"). An organisation without a saved policy uses the defaults below."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="+")
    redeploy_max_age_years = models.PositiveSmallIntegerField(
        _("redeploy inside: at most this age (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    redeploy_grades = models.CharField(
        _("redeploy inside: grades allowed"), max_length=4, default="AB", blank=True, validators=[validate_grades]
    )
    min_battery_pct = models.PositiveSmallIntegerField(
        _("minimum battery health to redeploy or offer (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    network_offers = models.BooleanField(_("offer devices to the reuse network"), default=True)
    network_max_age_years = models.PositiveSmallIntegerField(
        _("offer to the network: at most this age (years)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    network_grades = models.CharField(
        _("offer to the network: grades allowed"),
        max_length=4,
        default="ABC",
        blank=True,
        validators=[validate_grades],
    )
    donate_max_age_years = models.PositiveSmallIntegerField(
        _("donate: at most this age (years)"), default=8, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    donate_grades = models.CharField(
        _("donate: grades allowed"), max_length=4, default="ABC", blank=True, validators=[validate_grades]
    )
    sell_max_age_years = models.PositiveSmallIntegerField(
        _("sell to a refurbisher: at most this age (years)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    sell_grades = models.CharField(
        _("sell to a refurbisher: grades allowed"),
        max_length=4,
        default="ABCD",
        blank=True,
        validators=[validate_grades],
    )
    storage_alert_days = models.PositiveSmallIntegerField(
        _("warn about devices stored longer than (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("route policy")
        verbose_name_plural = _("route policies")

    def __str__(self) -> str:
        return str(_("Route policy of %(organisation)s") % {"organisation": self.organisation})


class CollectionCampaign(models.Model):
    """A day when retired devices are collected on a site, once or every few months."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=200)
    recurrence_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"),
        default=0,
        validators=[MaxValueValidator(24)],
        help_text=_("0 for a one-off campaign."),
    )
    next_date = models.DateField(_("next collection"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before"), default=7, validators=[MaxValueValidator(90)]
    )
    notes = models.TextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection campaign")
        verbose_name_plural = _("collection campaigns")
        ordering = ["next_date", "id"]
        indexes = [models.Index(fields=["organisation", "next_date"], name="campaign_org_next")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_recurring(self) -> bool:
        return self.recurrence_months > 0


class CampaignReminder(models.Model):
    """A reminder sent once for one occurrence of a campaign."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(CollectionCampaign, on_delete=models.PROTECT, related_name="reminders")
    occurs_on = models.DateField(_("collection date"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign reminder")
        verbose_name_plural = _("campaign reminders")
        ordering = ["-occurs_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "occurs_on"], name="campaign_reminder_once_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.occurs_on}"
