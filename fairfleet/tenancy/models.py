"""Organisations (the tenants), their services, sites, people, members, networks and audit log."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in, by e-mail. Belongs to organisations through memberships."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email


class OrganisationKind(models.TextChoices):
    STATE_SERVICE = "state_service", _("State service")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    FEDERAL_REGIONAL_BODY = "federal_regional_body", _("Federal or regional body")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    REUSE_PARTNER = "reuse_partner", _("Reuse partner")
    SUPPLIER = "supplier", _("Supplier")
    MONITORING_PARTNER = "monitoring_partner", _("Monitoring partner")


class Country(models.TextChoices):
    FRANCE = "FR", _("France")
    BELGIUM = "BE", _("Belgium")
    LUXEMBOURG = "LU", _("Luxembourg")
    NETHERLANDS = "NL", _("Netherlands")
    GERMANY = "DE", _("Germany")
    OTHER = "XX", _("Other country")


class Organisation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.FRANCE)
    legal_identifier = models.CharField(
        _("legal identifier"), max_length=32, blank=True, help_text=_("SIRET in France, enterprise number in Belgium.")
    )
    language = models.CharField(_("default language"), max_length=5, choices=settings.LANGUAGES, default="fr")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "legal_identifier"],
                condition=~models.Q(legal_identifier=""),
                name="organisation_unique_legal_identifier",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    FLEET_MANAGER = "fleet_manager", _("Fleet manager")
    BUYER = "buyer", _("Buyer")
    REUSE_COORDINATOR = "reuse_coordinator", _("Reuse coordinator")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's role in one organisation. Deactivated rather than deleted, to keep the history."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invitations")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]


class Criticality(models.TextChoices):
    VITAL = "vital", _("Vital: needs faultless hardware")
    STANDARD = "standard", _("Standard")
    TOLERANT = "tolerant", _("Tolerant: can run on end-of-cycle hardware")


class Service(models.Model):
    """A department of the organisation; services form a tree."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    criticality = models.CharField(
        _("criticality"), max_length=16, choices=Criticality.choices, default=Criticality.STANDARD
    )
    # Services an import created from a name in a file: their place in the tree and criticality await review.
    is_draft = models.BooleanField(_("draft awaiting review"), default=False)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                "parent",
                name="service_unique_name_in_parent",
                violation_error_message=_("A service with this name already exists at this place in the tree."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.FRANCE)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StorageRoom(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="storage_rooms")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="storage_rooms", verbose_name=_("site"))
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity (devices)"), default=0)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("storage room")
        verbose_name_plural = _("storage rooms")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.site.name} / {self.name}"


class Person(models.Model):
    """A member of staff who may hold devices; may or may not have a user account."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("service")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class NetworkKind(models.TextChoices):
    LEARNING = "learning", _("Learning network")
    REUSE_PLATFORM = "reuse_platform", _("Regional reuse platform")
    BUYERS = "buyers", _("Buyers' affiliation")


class Network(models.Model):
    """A group of organisations run by a coordinator organisation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=NetworkKind.choices)
    description = models.TextField(_("description"), blank=True)
    coordinator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="coordinated_networks", verbose_name=_("coordinator")
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembershipState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class NetworkMembership(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("network")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="network_memberships", verbose_name=_("organisation")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=16, choices=NetworkMembershipState.choices, default=NetworkMembershipState.INVITED
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="network_membership_unique_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.network}"


class AuditEntry(models.Model):
    """Who changed what, when, with the values before and after. Never edited nor deleted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The key a write came through, if any: the holder is the actor, the key says which program acted.
    api_token = models.ForeignKey(
        "ApiToken", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("API token")
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["organisation", "-id"], name="audit_org_recent")]


class ApiToken(models.Model):
    """A member's own key for the REST API, in one organisation. It acts with the lower of its role and the
    member's current role, and dies with the membership. Only its hash is kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_tokens")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # The first characters identify the key in lists; the SHA-256 of the whole key authenticates it.
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
