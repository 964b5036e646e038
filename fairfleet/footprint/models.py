import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FactorSet(models.Model):
    """One version of the reference factors (e.g. boaviztapi 2.5.0's data), stored whole and never rewritten.

    Figures computed with it keep its code, so that a later version does not silently change past results.
    The tables' layout is described in fairfleet.footprint.extraction; `tables_sha256` is the SHA-256 of their
    canonical JSON (sorted keys, no spaces).
    """

    code = models.CharField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=200)
    package_version = models.CharField(_("package version"), max_length=40)
    provenance = models.JSONField(_("provenance"), default=dict)
    tables_sha256 = models.CharField(_("SHA-256 of the tables"), max_length=64)
    tables = models.JSONField(_("tables"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("factor set")
        verbose_name_plural = _("factor sets")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.label


class FootprintProfile(models.Model):
    """An organisation's footprint assumptions: where its devices are used, how many staff they serve, and which
    factor set its reports use. Switching factor sets is a deliberate act, so older reports stay as they were."""

    organisation = models.OneToOneField(
        "tenancy.Organisation", on_delete=models.PROTECT, related_name="footprint_profile"
    )
    factor_set = models.ForeignKey(
        FactorSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("reference factors")
    )
    country = models.CharField(
        _("country of use"),
        max_length=3,
        help_text=_("The electricity mix that powers the devices (ISO 3166 code, e.g. FRA, BEL)."),
    )
    staff_count = models.PositiveIntegerField(
        _("staff"),
        null=True,
        blank=True,
        help_text=_("Staff the fleet serves, for figures per employee. Empty: the number of people recorded."),
    )
    # The organisation's own parameters of the scenario method (docs/footprint-method.md); empty keys take the
    # defaults of fairfleet.footprint.scenarios.method.
    method_parameters = models.JSONField(_("method parameters"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("footprint profile")
        verbose_name_plural = _("footprint profiles")

    def __str__(self):
        return str(self.organisation)


class CategoryAssumption(models.Model):
    """How the devices of one category are counted: lifetime, hours of use, power, or the organisation's own
    embedded climate figure with its source for a category the reference data does not cover."""

    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey("inventory.Category", on_delete=models.PROTECT, related_name="+")
    # [["archetype code", weight], ...]; empty: the default profile of the category (fairfleet.footprint.archetypes)
    composition = models.JSONField(_("archetypes"), default=list, blank=True)
    lifetime_years = models.DecimalField(
        _("lifetime (years)"), max_digits=4, decimal_places=1, null=True, blank=True,
        help_text=_("How long devices of this category are kept. Empty: the reference lifetime."),
    )  # fmt: skip
    hours_per_day = models.DecimalField(
        _("hours of use per day"), max_digits=4, decimal_places=1, null=True, blank=True,
        help_text=_("Averaged over every day of the year. Empty: the reference use ratio."),
    )  # fmt: skip
    power_w = models.DecimalField(
        _("average power (W)"), max_digits=7, decimal_places=1, null=True, blank=True,
        help_text=_("While in use. Empty: the reference power."),
    )  # fmt: skip
    custom_gwp_kg = models.DecimalField(
        _("own embedded climate figure (kg CO₂e)"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("Manufacture, transport and end of life of one device, for a category the reference data "
                    "does not cover. Give its source."),
    )  # fmt: skip
    custom_source = models.CharField(_("source of the figure"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("category assumption")
        verbose_name_plural = _("category assumptions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "category"], name="category_assumption_unique"),
        ]

    def __str__(self):
        return str(self.category)


class SnapshotState(models.TextChoices):
    STALE = "stale", _("To recompute")
    COMPUTING = "computing", _("Computing")
    FRESH = "fresh", _("Up to date")
    FAILED = "failed", _("Failed")


class FleetSnapshot(models.Model):
    """The fleet's footprint totals for the pages, recomputed in the background after the inventory or the
    assumptions change. The factor set and the assumptions used are kept with the figures."""

    organisation = models.OneToOneField("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    factor_set = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+", null=True)
    state = models.CharField(_("state"), max_length=12, choices=SnapshotState.choices, default=SnapshotState.STALE)
    requested_at = models.DateTimeField(_("requested on"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed on"), null=True, blank=True)
    seconds = models.FloatField(_("computation time (s)"), null=True, blank=True)
    # {"assumptions": {...}, "breakdowns": {"category": [...], "service": [...], ...}, "trend": [...]} (see services)
    data = models.JSONField(_("figures"), default=dict, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    # What the next computation must redo: everything (assumptions, factor set, imports), or only the partitions
    # of the services listed (service ids, 0 for devices without a service).
    full_recompute = models.BooleanField(default=True)
    dirty_services = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("fleet footprint")
        verbose_name_plural = _("fleet footprints")

    def __str__(self):
        return str(self.organisation)


class FleetPartition(models.Model):
    """The figures of the devices of one service (key 0: devices without a service), so that a change to a few
    devices recomputes only the services they belong to; the fleet's figures are the sum of its partitions."""

    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    service_key = models.BigIntegerField()
    factor_set = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+")
    devices = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()
    trend_start = models.PositiveSmallIntegerField(null=True)  # first year of its trend: a new year recomputes all
    # The partition's totals as numpy arrays (numpy's .npz format, see fairfleet.footprint.partitions): read and
    # summed without converting thousands of rows to and from JSON.
    arrays = models.BinaryField()

    class Meta:
        verbose_name = _("fleet footprint partition")
        verbose_name_plural = _("fleet footprint partitions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "service_key"], name="fleet_partition_unique_service")
        ]

    def __str__(self):
        return f"{self.organisation} / {self.service_key}"


class ScenarioKind(models.TextChoices):
    KEEP_LONGER = "keep_longer", _("Keep devices longer")
    BUY_REFURBISHED = "buy_refurbished", _("Buy refurbished instead of new")
    REDEPLOY = "redeploy", _("Redeploy retired devices instead of buying new")
    DONATE = "donate", _("Donate instead of recycling")
    REPLACE_CATEGORY = "replace_category", _("Replace one kind of device by another")
    MOVE_COUNTRY = "move_country", _("Use the devices under another electricity mix")


class Scenario(models.Model):
    """A named what-if on the organisation's real fleet; its results are kept with the factor set and the
    assumptions they used, so that saved scenarios can be compared side by side later."""

    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=ScenarioKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    factor_set = models.ForeignKey(FactorSet, on_delete=models.PROTECT, related_name="+", null=True)
    results = models.JSONField(_("results"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="scenario_org_recent")]

    def __str__(self):
        return self.name
