"""Writes on organisations and their structure. Each is atomic and audited."""

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fairfleet.tenancy import perms
from fairfleet.tenancy.audit import audit_record, model_update, snapshot
from fairfleet.tenancy.identifiers import validate_legal_identifier
from fairfleet.tenancy.models import (
    ApiToken,
    Invitation,
    Membership,
    Network,
    NetworkMembership,
    NetworkMembershipState,
    Organisation,
    Person,
    Role,
    Service,
    Site,
    StorageRoom,
    User,
)

INVITATION_SALT = "fairfleet.invitation"


def _create_audited(model: type[models.Model], *, organisation: Organisation, actor: User | None, **fields):
    instance = model(organisation=organisation, **fields)
    instance.full_clean()
    instance.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=instance,
        after=snapshot(instance, [k for k in fields if k != "organisation"]),
    )
    return instance


def _archive_audited(instance: models.Model, *, actor: User | None) -> models.Model:
    if instance.archived_at is None:
        model_update(
            instance=instance, data={"archived_at": timezone.now()}, actor=actor, organisation=instance.organisation
        )
    return instance


# Organisation -------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, actor: User | None, name: str, kind: str, country: str, legal_identifier: str = "", language: str = "fr"
) -> Organisation:
    """Create an organisation; its creator, if any, becomes its first administrator."""
    organisation = Organisation(name=name, kind=kind, country=country, language=language)
    if legal_identifier:
        try:
            organisation.legal_identifier = validate_legal_identifier(country=country, value=legal_identifier)
        except ValidationError as error:
            raise ValidationError({"legal_identifier": error.messages}) from error
    organisation.full_clean()
    organisation.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=organisation,
        after=snapshot(organisation, ["name", "kind", "country", "legal_identifier", "language"]),
    )
    if actor is not None:
        membership_create(actor=actor, organisation=organisation, user=actor, role=Role.ADMIN)
    return organisation


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    data = dict(data)
    if data.get("legal_identifier"):
        country = data.get("country", organisation.country)
        try:
            data["legal_identifier"] = validate_legal_identifier(country=country, value=data["legal_identifier"])
        except ValidationError as error:
            raise ValidationError({"legal_identifier": error.messages}) from error
    model_update(instance=organisation, data=data, actor=actor, organisation=organisation)
    return organisation


# Members and invitations --------------------------------------------------------------------


@transaction.atomic
def membership_create(*, actor: User | None, organisation: Organisation, user: User, role: str) -> Membership:
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    if membership is not None:
        if not membership.is_active:
            # Coming back starts afresh: keys from before leaving never come back to life.
            _revoke_member_tokens(actor=actor, membership=membership)
        model_update(
            instance=membership, data={"role": role, "is_active": True}, actor=actor, organisation=organisation
        )
        return membership
    return _create_audited(Membership, organisation=organisation, actor=actor, user=user, role=role)


def _ensure_an_admin_remains(membership: Membership, *, new_role: str | None, active: bool) -> None:
    if membership.role != Role.ADMIN or (active and new_role == Role.ADMIN):
        return
    other_admins = Membership.objects.filter(
        organisation=membership.organisation, role=Role.ADMIN, is_active=True
    ).exclude(pk=membership.pk)
    if not other_admins.exists():
        raise ValidationError(_("An organisation needs at least one active administrator."), code="last_admin")


@transaction.atomic
def membership_update_role(*, actor: User, membership: Membership, role: str) -> Membership:
    _ensure_an_admin_remains(membership, new_role=role, active=membership.is_active)
    model_update(instance=membership, data={"role": role}, actor=actor, organisation=membership.organisation)
    return membership


@transaction.atomic
def membership_deactivate(*, actor: User, membership: Membership) -> Membership:
    _ensure_an_admin_remains(membership, new_role=None, active=False)
    model_update(instance=membership, data={"is_active": False}, actor=actor, organisation=membership.organisation)
    _revoke_member_tokens(actor=actor, membership=membership)
    return membership


def _revoke_member_tokens(*, actor: User | None, membership: Membership) -> None:
    tokens = ApiToken.objects.filter(organisation=membership.organisation, user=membership.user, revoked_at=None)
    for token in tokens.select_related("organisation"):
        api_token_revoke(actor=actor, token=token)


def invitation_token(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.public_id))


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a link points to; a clear error if it is altered, expired or used."""
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    try:
        public_id = signer.unsign(token, max_age=settings.INVITATION_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise ValidationError(_("This invitation has expired. Ask for a new one."), code="expired") from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid."), code="invalid") from None
    invitation = Invitation.objects.select_related("organisation").filter(public_id=public_id).first()
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    return invitation


@transaction.atomic
def invitation_create(
    *, actor: User, organisation: Organisation, email: str, role: str, base_url: str = ""
) -> Invitation:
    """Invite someone by e-mail; the message holds a signed link that expires."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email=email, is_active=True).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    invitation = _create_audited(
        Invitation, organisation=organisation, actor=actor, email=email, role=role, invited_by=actor
    )
    link = base_url + reverse("tenancy:invitation_accept", args=[invitation_token(invitation)])
    with translation.override(organisation.language):
        context = {"invitation": invitation, "link": link, "organisation": organisation, "inviter": actor}
        body = render_to_string("tenancy/email/invitation.txt", context)
        subject = _("Invitation to join %(organisation)s on fairfleet") % {"organisation": organisation.name}
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    model_update(
        instance=invitation, data={"revoked_at": timezone.now()}, actor=actor, organisation=invitation.organisation
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None, full_name: str = "", password: str = ""
) -> tuple[Invitation, User]:
    """Accept an invitation as the logged-in user, or create the account it names."""
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise ValidationError(_("An account exists for this e-mail address: log in first."), code="log_in")
        user = User.objects.create_user(invitation.email, password, full_name=full_name)
    elif user.email.lower() != invitation.email:
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address.") % {"email": invitation.email},
            code="wrong_user",
        )
    membership_create(actor=user, organisation=invitation.organisation, user=user, role=invitation.role)
    model_update(
        instance=invitation, data={"accepted_at": timezone.now()}, actor=user, organisation=invitation.organisation
    )
    return invitation, user


# Services, sites, storage rooms, people -----------------------------------------------------


def _check_parent(organisation: Organisation, service: Service | None, parent: Service | None) -> None:
    if parent is None:
        return
    if parent.organisation_id != organisation.id:
        raise ValidationError({"parent": _("Choose a service of this organisation.")})
    ancestor = parent
    while ancestor is not None:
        if service is not None and ancestor.pk == service.pk:
            raise ValidationError({"parent": _("A service cannot be placed under itself or its sub-services.")})
        ancestor = ancestor.parent


@transaction.atomic
def service_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    criticality: str,
    parent: Service | None = None,
    is_draft: bool = False,
) -> Service:
    _check_parent(organisation, None, parent)
    return _create_audited(
        Service,
        organisation=organisation,
        actor=actor,
        name=name,
        criticality=criticality,
        parent=parent,
        is_draft=is_draft,
    )


@transaction.atomic
def service_update(*, actor: User, service: Service, data: dict[str, Any]) -> Service:
    if "parent" in data:
        _check_parent(service.organisation, service, data["parent"])
    model_update(instance=service, data=data, actor=actor, organisation=service.organisation)
    return service


@transaction.atomic
def service_archive(*, actor: User, service: Service) -> Service:
    return _archive_audited(service, actor=actor)


@transaction.atomic
def site_create(*, actor: User, organisation: Organisation, name: str, **fields) -> Site:
    return _create_audited(Site, organisation=organisation, actor=actor, name=name, **fields)


@transaction.atomic
def site_update(*, actor: User, site: Site, data: dict[str, Any]) -> Site:
    model_update(instance=site, data=data, actor=actor, organisation=site.organisation)
    return site


@transaction.atomic
def site_archive(*, actor: User, site: Site) -> Site:
    return _archive_audited(site, actor=actor)


@transaction.atomic
def storage_room_create(*, actor: User, site: Site, name: str, capacity: int) -> StorageRoom:
    return _create_audited(
        StorageRoom, organisation=site.organisation, actor=actor, site=site, name=name, capacity=capacity
    )


@transaction.atomic
def storage_room_update(*, actor: User, storage_room: StorageRoom, data: dict[str, Any]) -> StorageRoom:
    model_update(instance=storage_room, data=data, actor=actor, organisation=storage_room.organisation)
    return storage_room


@transaction.atomic
def storage_room_archive(*, actor: User, storage_room: StorageRoom) -> StorageRoom:
    return _archive_audited(storage_room, actor=actor)


def _check_same_organisation(organisation: Organisation, **related: models.Model | None) -> None:
    for field, obj in related.items():
        if obj is not None and obj.organisation_id != organisation.id:
            raise ValidationError({field: _("Choose a value of this organisation.")})


@transaction.atomic
def person_create(
    *, actor: User, organisation: Organisation, full_name: str, email: str = "", service: Service | None = None
) -> Person:
    _check_same_organisation(organisation, service=service)
    return _create_audited(
        Person, organisation=organisation, actor=actor, full_name=full_name, email=email, service=service
    )


@transaction.atomic
def person_update(*, actor: User, person: Person, data: dict[str, Any]) -> Person:
    _check_same_organisation(person.organisation, service=data.get("service"))
    model_update(instance=person, data=data, actor=actor, organisation=person.organisation)
    return person


@transaction.atomic
def person_archive(*, actor: User, person: Person) -> Person:
    return _archive_audited(person, actor=actor)


# Networks -----------------------------------------------------------------------------------


@transaction.atomic
def network_create(*, actor: User, coordinator: Organisation, name: str, kind: str, description: str = "") -> Network:
    network = Network(name=name, kind=kind, description=description, coordinator=coordinator)
    network.full_clean()
    network.save()
    audit_record(
        organisation=coordinator,
        actor=actor,
        action="create",
        instance=network,
        after=snapshot(network, ["name", "kind", "description"]),
    )
    membership = NetworkMembership.objects.create(
        network=network, organisation=coordinator, state=NetworkMembershipState.ACTIVE, responded_at=timezone.now()
    )
    audit_record(organisation=coordinator, actor=actor, action="join", instance=membership)
    return network


@transaction.atomic
def network_invite(*, actor: User, network: Network, organisation: Organisation) -> NetworkMembership:
    membership = (
        NetworkMembership.objects.select_for_update().filter(network=network, organisation=organisation).first()
    )
    if membership is not None and membership.state in (NetworkMembershipState.ACTIVE, NetworkMembershipState.INVITED):
        raise ValidationError(_("This organisation is already invited to or a member of the network."))
    if membership is None:
        membership = NetworkMembership.objects.create(network=network, organisation=organisation)
    else:
        membership.state = NetworkMembershipState.INVITED
        membership.responded_at = None
        membership.save(update_fields=["state", "responded_at"])
    audit_record(
        organisation=network.coordinator,
        actor=actor,
        action="network_invite",
        instance=membership,
        after=snapshot(membership, ["organisation", "network"]),
    )
    return membership


# The network membership states an organisation can move to, from each state.
NETWORK_MEMBERSHIP_TRANSITIONS = {
    NetworkMembershipState.INVITED: {NetworkMembershipState.ACTIVE, NetworkMembershipState.DECLINED},
    NetworkMembershipState.ACTIVE: {NetworkMembershipState.LEFT},
    NetworkMembershipState.DECLINED: set(),
    NetworkMembershipState.LEFT: set(),
}


@transaction.atomic
def network_membership_respond(*, actor: User, membership: NetworkMembership, state: str) -> NetworkMembership:
    """Accept or decline an invitation, or leave a network; the coordinator itself cannot leave."""
    membership = NetworkMembership.objects.select_for_update().select_related("network").get(pk=membership.pk)
    if state not in NETWORK_MEMBERSHIP_TRANSITIONS[membership.state]:
        raise ValidationError(
            _("A membership that is “%(current)s” cannot become “%(wanted)s”.")
            % {
                "current": NetworkMembershipState(membership.state).label,
                "wanted": NetworkMembershipState(state).label,
            },
            code="invalid_transition",
        )
    if state == NetworkMembershipState.LEFT and membership.network.coordinator_id == membership.organisation_id:
        raise ValidationError(_("The coordinator cannot leave its own network."), code="coordinator")
    before = snapshot(membership, ["state"])
    membership.state = state
    membership.responded_at = timezone.now()
    membership.save(update_fields=["state", "responded_at"])
    audit_record(
        organisation=membership.organisation,
        actor=actor,
        action="network_" + state,
        instance=membership,
        before=before,
        after=snapshot(membership, ["state"]),
    )
    return membership


# API tokens ---------------------------------------------------------------------------------

API_TOKEN_PREFIX_LENGTH = 8


def api_token_hash(key: str) -> str:
    """Only this digest is stored: a leaked database does not leak usable keys."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    role: str,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new personal key for the actor, in `organisation`, with at most the actor's role there.

    Nobody mints a key for someone else: the audit log would show the holder for what another did.
    The key is returned once, never stored."""
    membership = Membership.objects.filter(organisation=organisation, user=actor, is_active=True).first()
    if membership is None:
        raise ValidationError(_("Only an active member of this organisation can create a key for it."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if perms.lower_role(role, membership.role) != role:
        raise ValidationError({"role": _("A key cannot have more rights than your own role.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    prefix = secrets.token_hex(API_TOKEN_PREFIX_LENGTH // 2)
    key = f"ff_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        organisation=organisation,
        user=actor,
        name=name.strip(),
        role=role,
        prefix=prefix,
        key_hash=api_token_hash(key),
        created_by=actor,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="create",
        instance=token,
        after=snapshot(token, ["name", "user", "role", "prefix", "expires_at"]),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        model_update(instance=token, data={"revoked_at": timezone.now()}, actor=actor, organisation=token.organisation)
    return token
