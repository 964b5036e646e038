"""Reads of organisation data, always scoped to one organisation.

The get_<entity>_for getters answer the same 404 for an object that does not exist and for one
that belongs to another organisation, so that nobody can probe for foreign ids.
"""

import uuid

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from fairfleet.tenancy.identifiers import searchable_identifier
from fairfleet.tenancy.models import (
    AuditEntry,
    Invitation,
    Membership,
    Network,
    NetworkMembership,
    NetworkMembershipState,
    Organisation,
    Person,
    Service,
    Site,
    StorageRoom,
    User,
)


def get_scoped_or_404(queryset: QuerySet, organisation: Organisation, public_id):
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    obj = queryset.filter(organisation=organisation, public_id=wanted).first()
    if obj is None:
        raise Http404
    return obj


def get_service_for(organisation: Organisation, public_id) -> Service:
    return get_scoped_or_404(Service.objects.select_related("parent"), organisation, public_id)


def get_site_for(organisation: Organisation, public_id) -> Site:
    return get_scoped_or_404(Site.objects.all(), organisation, public_id)


def get_storage_room_for(organisation: Organisation, public_id) -> StorageRoom:
    return get_scoped_or_404(StorageRoom.objects.select_related("site"), organisation, public_id)


def get_person_for(organisation: Organisation, public_id) -> Person:
    return get_scoped_or_404(Person.objects.select_related("service"), organisation, public_id)


def get_membership_for(organisation: Organisation, public_id) -> Membership:
    return get_scoped_or_404(Membership.objects.select_related("user"), organisation, public_id)


def get_invitation_for(organisation: Organisation, public_id) -> Invitation:
    return get_scoped_or_404(Invitation.objects.all(), organisation, public_id)


def service_list(*, organisation: Organisation, include_archived: bool = False) -> QuerySet[Service]:
    qs = Service.objects.filter(organisation=organisation).select_related("parent")
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def service_tree(*, organisation: Organisation) -> list[tuple[Service, int]]:
    """Active services in tree order, each with its depth (one query)."""
    services = list(service_list(organisation=organisation))
    children: dict[int | None, list[Service]] = {}
    for service in services:
        children.setdefault(service.parent_id, []).append(service)
    known = {s.id for s in services}
    ordered: list[tuple[Service, int]] = []

    def walk(parent_id, depth):
        for child in sorted(children.get(parent_id, []), key=lambda s: s.name.lower()):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    # Services whose parent was archived still show, at the top level.
    for orphan_parent in [pid for pid in children if pid is not None and pid not in known]:
        walk(orphan_parent, 0)
    return ordered


def site_list(*, organisation: Organisation, include_archived: bool = False) -> QuerySet[Site]:
    qs = Site.objects.filter(organisation=organisation).annotate(
        room_count=Count("storage_rooms", filter=Q(storage_rooms__archived_at__isnull=True))
    )
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def storage_room_list(*, organisation: Organisation, site: Site | None = None) -> QuerySet[StorageRoom]:
    qs = StorageRoom.objects.filter(organisation=organisation, archived_at__isnull=True).select_related("site")
    return qs.filter(site=site) if site else qs


def person_list(*, organisation: Organisation, search: str = "") -> QuerySet[Person]:
    qs = Person.objects.filter(organisation=organisation, archived_at__isnull=True).select_related("service")
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return qs


def membership_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")


def invitation_pending_list(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True)


def audit_entry_list(*, organisation: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor", "api_token").order_by("-id")


def network_list_for(*, organisation: Organisation) -> QuerySet[Network]:
    """Networks the organisation coordinates or belongs to."""
    return (
        Network.objects.filter(
            Q(coordinator=organisation)
            | Q(memberships__organisation=organisation, memberships__state=NetworkMembershipState.ACTIVE)
        )
        .select_related("coordinator")
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__state=NetworkMembershipState.ACTIVE), distinct=True
            )
        )
        .distinct()
    )


def network_invitations_for(*, organisation: Organisation) -> QuerySet[NetworkMembership]:
    return NetworkMembership.objects.filter(
        organisation=organisation, state=NetworkMembershipState.INVITED
    ).select_related("network", "network__coordinator")


def get_network_for(organisation: Organisation, public_id) -> Network:
    """A network is visible to its coordinator, its members and the organisations it invited."""
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    network = (
        Network.objects.filter(public_id=wanted)
        .filter(
            Q(coordinator=organisation)
            | Q(
                memberships__organisation=organisation,
                memberships__state__in=[NetworkMembershipState.ACTIVE, NetworkMembershipState.INVITED],
            )
        )
        .select_related("coordinator")
        .first()
    )
    if network is None:
        raise Http404
    return network


def get_network_membership_for(organisation: Organisation, public_id) -> NetworkMembership:
    """A network membership seen by the invited organisation itself."""
    return get_scoped_or_404(NetworkMembership.objects.select_related("network"), organisation, public_id)


def network_member_list(*, network: Network) -> QuerySet[NetworkMembership]:
    return network.memberships.select_related("organisation").order_by("organisation__name")


def organisations_invitable_to(*, network: Network) -> QuerySet[Organisation]:
    """Every organisation the network may invite: for checking a choice, never for listing."""
    already = network.memberships.exclude(state__in=[NetworkMembershipState.DECLINED, NetworkMembershipState.LEFT])
    qs = Organisation.objects.filter(archived_at__isnull=True).exclude(pk=network.coordinator_id)
    return qs.exclude(pk__in=already.values("organisation_id"))


def organisation_to_invite(*, network: Network, legal_identifier: str) -> Organisation | None:
    """The organisation with exactly this SIRET or Belgian enterprise number, if the network may invite it.

    None both when no organisation has it and when it cannot be invited (archived, the coordinator, already
    a member or invited), so that the search reveals no more than the name of one organisation whose
    identifier the searcher already knows; no search by name, which would list the whole directory."""
    found = searchable_identifier(legal_identifier)
    if found is None:
        return None
    country, digits = found
    return organisations_invitable_to(network=network).filter(country=country, legal_identifier=digits).first()


def get_own_network_membership_for(organisation: Organisation, network: Network) -> NetworkMembership:
    """The organisation's own membership of a network it can see."""
    membership = network.memberships.filter(organisation=organisation).first()
    if membership is None:
        raise Http404
    return membership


def account_exists(*, email: str) -> bool:
    """Whether someone already logs in with this e-mail address (an invitation then asks them to log in)."""
    return User.objects.filter(email__iexact=email.strip()).exists()
