"""The fleet: device categories, the model catalogue, devices and their lifecycle log."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairfleet.core.messages import message_text
from fairfleet.tenancy.models import Organisation, Person, Service, Site, StorageRoom


class DeviceState(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    IN_STOCK = "in_stock", _("In stock")
    IN_USE = "in_use", _("In use")
    IN_REPAIR = "in_repair", _("In repair")
    END_OF_USE = "end_of_use", _("End of use (awaiting triage)")
    OFFERED_INTERNALLY = "offered_internally", _("Offered internally")
    RESERVED = "reserved", _("Reserved")
    IN_DONATION_LOT = "in_donation_lot", _("In a donation lot")
    HANDED_OVER = "handed_over", _("Handed over")
    SECOND_LIFE = "second_life", _("Second life")
    SOLD = "sold", _("Sold")
    RECYCLED = "recycled", _("Recycled")
    LOST = "lost", _("Lost or stolen")


class AcquisitionKind(models.TextChoices):
    NEW = "new", _("New")
    REFURBISHED = "refurbished", _("Refurbished")
    DONATED = "donated", _("Donated")
    LEASED = "leased", _("Leased")


class StorageType(models.TextChoices):
    SSD = "ssd", _("SSD")
    HDD = "hdd", _("Hard disk")
    EMMC = "emmc", _("eMMC / flash")
    NONE = "none", _("None")


class EpeatTier(models.TextChoices):
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


class Category(models.Model):
    """A kind of device. Built-in categories have no organisation; an admin may add the organisation's own."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="device_categories"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    is_it = models.BooleanField(_("IT equipment"), default=True)
    # Only set for built-in categories known to keep nothing (monitors, docks...): any other category, an
    # organisation's own included, is taken to hold data, so its devices need an erasure record to leave.
    holds_no_data = models.BooleanField(_("holds no data"), default=False)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="category_unique_code"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(organisation__isnull=True), name="category_unique_builtin_code"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        """Built-in categories are translated; an organisation's own keep the name it typed."""
        from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS

        if self.organisation_id is None and self.code in BUILTIN_CATEGORY_LABELS:
            return BUILTIN_CATEGORY_LABELS[self.code]
        return self.name


class DeviceModel(models.Model):
    """A product model in the organisation's catalogue; drafts come from imports and await review."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="device_models")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    manufacturer = models.CharField(_("manufacturer"), max_length=120)
    name = models.CharField(_("model"), max_length=200)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="models", verbose_name=_("category"))
    release_year = models.PositiveSmallIntegerField(
        _("release year"), null=True, blank=True, validators=[MinValueValidator(1980), MaxValueValidator(2100)]
    )
    cpu = models.CharField(_("processor"), max_length=120, blank=True)
    ram_gb = models.PositiveSmallIntegerField(_("memory (GB)"), null=True, blank=True)
    storage_type = models.CharField(_("storage type"), max_length=8, choices=StorageType.choices, blank=True)
    storage_gb = models.PositiveIntegerField(_("storage (GB)"), null=True, blank=True)
    screen_inches = models.DecimalField(
        _("screen size (inches)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(150)],
    )
    tco_generation = models.PositiveSmallIntegerField(
        _("TCO Certified generation"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    epeat_tier = models.CharField(_("EPEAT tier"), max_length=8, choices=EpeatTier.choices, blank=True)
    repairability_index = models.DecimalField(
        _("repairability index (0–10)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    declared_footprint_kgco2e = models.DecimalField(
        _("manufacturer-declared footprint (kg CO2e)"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    declared_footprint_source = models.CharField(
        _("source of the declared footprint"),
        max_length=500,
        blank=True,
        help_text=_("The manufacturer's report or the data set the figure comes from."),
    )
    is_draft = models.BooleanField(_("draft awaiting review"), default=False)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("device model")
        verbose_name_plural = _("device models")
        ordering = ["manufacturer", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "manufacturer", "name"], name="device_model_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer} {self.name}"


LIFELONG_WARRANTY_END = datetime.date(9999, 12, 31)


class Device(models.Model):
    """One physical item of the fleet."""

    # Indexed by device_org_id below (organisation first): a second index would only slow imports down.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="devices", db_index=False)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    asset_tag = models.CharField(_("asset tag"), max_length=64, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    model = models.ForeignKey(DeviceModel, on_delete=models.PROTECT, related_name="devices", verbose_name=_("model"))
    # Copied from the model so that the list can filter and page on one index; kept by the services.
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category"))
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="devices", verbose_name=_("service")
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="devices", verbose_name=_("site")
    )
    storage_room = models.ForeignKey(
        StorageRoom,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("storage room"),
    )
    holder = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="devices", verbose_name=_("holder")
    )
    state = models.CharField(_("state"), max_length=24, choices=DeviceState.choices, default=DeviceState.IN_STOCK)
    state_changed_at = models.DateTimeField(_("state since"), null=True, blank=True)
    acquisition_date = models.DateField(_("acquisition date"), null=True, blank=True)
    acquisition_kind = models.CharField(
        _("acquisition"), max_length=16, choices=AcquisitionKind.choices, default=AcquisitionKind.NEW
    )
    price = models.DecimalField(
        _("price excl. VAT"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    # A lifelong warranty (GLPI's "Lifelong", "A vie") is stored as LIFELONG_WARRANTY_END: it never ends.
    warranty_end = models.DateField(_("warranty end"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    external_ids = models.JSONField(_("external ids"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "serial_number"],
                condition=~models.Q(serial_number=""),
                name="device_unique_serial",
            ),
            models.UniqueConstraint(
                fields=["organisation", "asset_tag"], condition=~models.Q(asset_tag=""), name="device_unique_tag"
            ),
        ]
        # Every list filter has an index that ends with id, so keyset pages read in index order.
        indexes = [
            models.Index(fields=["organisation", "id"], name="device_org_id"),
            models.Index(fields=["organisation", "asset_tag", "id"], name="device_org_tag"),
            models.Index(fields=["organisation", "serial_number", "id"], name="device_org_serial"),
            models.Index(fields=["organisation", "state", "id"], name="device_org_state"),
            models.Index(fields=["organisation", "category", "id"], name="device_org_category"),
            models.Index(fields=["organisation", "service", "id"], name="device_org_service"),
            models.Index(fields=["organisation", "site", "id"], name="device_org_site"),
            models.Index(fields=["organisation", "model", "id"], name="device_org_model"),
            models.Index(fields=["organisation", "acquisition_date", "id"], name="device_org_acquired"),
            models.Index(fields=["organisation", "warranty_end", "id"], name="device_org_warranty"),
            models.Index(fields=["organisation", "acquisition_kind", "id"], name="device_org_acq_kind"),
        ]

    def __str__(self) -> str:
        return self.asset_tag or self.serial_number or str(self.public_id)[:8]

    @property
    def state_label(self):
        """Like get_state_display(), which hashes every translated label of the choices on each call:
        too slow for a list of fifty devices rendered at every request."""
        return DeviceState(self.state).label

    @property
    def warranty_lifelong(self) -> bool:
        return self.warranty_end == LIFELONG_WARRANTY_END


class DeviceTransition(models.Model):
    """One step of a device's lifecycle: who moved it, when, why and where it is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Indexed by transition_device_recent (device first).
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="transitions", db_index=False)
    from_state = models.CharField(max_length=24, choices=DeviceState.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=DeviceState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)  # as a user typed it
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    storage_room = models.ForeignKey(StorageRoom, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    batch_id = models.UUIDField(null=True, blank=True)
    # A reason the system wrote, as a code and parameters (core.messages): shown in the reader's language.
    reason_message = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["device", "-id"], name="transition_device_recent")]

    @property
    def reason_text(self) -> str:
        return message_text(self.reason_message, self.reason)


# Imports ------------------------------------------------------------------------------------


class ImportFormat(models.TextChoices):
    CSV = "csv", _("CSV or TSV text file")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    ODS = "ods", _("OpenDocument spreadsheet (ODS)")
    SNIPEIT_API = "snipeit_api", _("Snipe-IT server (API)")


class ImportJobState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    ANALYSING = "analysing", _("Checking the file")
    CHECKED = "checked", _("Checked: ready to apply")
    REFUSED = "refused", _("Refused: the file has errors")
    APPLY_QUEUED = "apply_queued", _("Waiting to be applied")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ColumnMapping(models.Model):
    """A saved way to read an organisation's own spreadsheets: which column fills which field."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="column_mappings")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    # {"<column header as in the file>": "<device field>", ...}
    columns = models.JSONField(_("columns"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="column_mapping_unique_name")]

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """One file (or one Snipe-IT server) brought into the fleet: checked first, then applied at once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="import_jobs")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    source_name = models.CharField(_("file"), max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    file_size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=ImportFormat.choices)
    preset = models.CharField(_("preset"), max_length=40, blank=True)
    sheet = models.CharField(_("sheet"), max_length=120, blank=True)
    # The row of the column titles, 1-based, when the user chose it; empty: found by the check.
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    columns = models.JSONField(_("columns"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ImportJobState.choices, default=ImportJobState.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    # {"new": n, "updated": n, "unchanged": n, "rejected": n, "errors": [...first errors...], "error_count": n}
    report = models.JSONField(_("report"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("checked on"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)
    failure = models.TextField(_("failure"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-id"], name="import_job_org_recent")]

    def __str__(self) -> str:
        return self.source_name


# Physical audits ----------------------------------------------------------------------------


class AuditCampaignState(models.TextChoices):
    OPEN = "open", _("Open: scanning")
    CLOSED = "closed", _("Closed: to review")
    APPLIED = "applied", _("Corrections applied")
    CANCELLED = "cancelled", _("Cancelled")


class DeviceCondition(models.TextChoices):
    GOOD = "good", _("Good")
    WORN = "worn", _("Worn")
    DAMAGED = "damaged", _("Damaged")
    BROKEN = "broken", _("Out of order")


class CosmeticGrade(models.TextChoices):
    A = "A", _("A: like new")
    B = "B", _("B: light signs of use")
    C = "C", _("C: visible wear")
    D = "D", _("D: heavy wear or damage")


class AuditCampaign(models.Model):
    """A physical count of the devices of one site: scanned, then compared with the inventory."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="audit_campaigns")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="audit_campaigns", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(
        _("state"), max_length=16, choices=AuditCampaignState.choices, default=AuditCampaignState.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)

    class Meta:
        verbose_name = _("physical audit")
        verbose_name_plural = _("physical audits")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class AuditScan(models.Model):
    """One code read or typed during a campaign, and what it told about the device."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(AuditCampaign, on_delete=models.PROTECT, related_name="scans")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("scanned code"), max_length=200)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_scans", verbose_name=_("device")
    )
    condition = models.CharField(_("condition"), max_length=16, choices=DeviceCondition.choices, blank=True)
    grade = models.CharField(_("cosmetic grade"), max_length=1, choices=CosmeticGrade.choices, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    scanned_at = models.DateTimeField(_("scanned on"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit scan")
        verbose_name_plural = _("audit scans")
        ordering = ["-scanned_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "device"], condition=models.Q(device__isnull=False), name="audit_scan_once"
            )
        ]
