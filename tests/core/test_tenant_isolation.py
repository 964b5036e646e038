"""Walks every URL pattern that takes an object's public id: another organisation's member gets 404,
on GET and on POST, and nothing changes. A new URL without an entry here fails the test."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fairfleet.tenancy.models import AuditEntry
from tests.footprint.factories import ScenarioFactory
from tests.inventory.audits.factories import AuditCampaignFactory
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.inventory.imports.factories import ImportJobFactory
from tests.tenancy import factories as tf


def _own_category(org):
    from fairfleet.inventory import services

    return services.category_create(actor=None, organisation=org, name="Chairs", is_it=False)


# URL name -> how to make, in organisation `org`, the object the URL points to.
OBJECT_MAKERS = {
    "inventory:device_detail": lambda org: DeviceFactory(organisation=org),
    "inventory:device_edit": lambda org: DeviceFactory(organisation=org),
    "inventory:device_transition": lambda org: DeviceFactory(organisation=org),
    "inventory:model_edit": lambda org: DeviceModelFactory(organisation=org),
    "inventory:category_archive": _own_category,
}
OBJECT_MAKERS.update(
    {
        f"inventory:{name}": lambda org: AuditCampaignFactory(organisation=org)
        for name in [
            "audit_detail",
            "audit_scan",
            "audit_report",
            "audit_apply",
            "audit_close",
            "audit_reopen",
            "audit_cancel",
        ]
    }
)
OBJECT_MAKERS.update(
    {
        f"inventory:{name}": lambda org: ImportJobFactory(organisation=org)
        for name in [
            "import_detail",
            "import_panel",
            "import_apply",
            "import_remap",
            "import_cancel",
            "import_errors_csv",
        ]
    }
)
OBJECT_MAKERS.update(
    {
        "footprint:service": lambda org: tf.ServiceFactory(organisation=org),
        "footprint:device": lambda org: DeviceFactory(organisation=org),
    }
)
OBJECT_MAKERS.update(
    {
        "tenancy:service_edit": lambda org: tf.ServiceFactory(organisation=org),
        "tenancy:service_archive": lambda org: tf.ServiceFactory(organisation=org),
        "tenancy:site_detail": lambda org: tf.SiteFactory(organisation=org),
        "tenancy:site_edit": lambda org: tf.SiteFactory(organisation=org),
        "tenancy:site_archive": lambda org: tf.SiteFactory(organisation=org),
        "tenancy:storage_room_create": lambda org: tf.SiteFactory(organisation=org),
        "tenancy:storage_room_edit": lambda org: tf.StorageRoomFactory(site__organisation=org),
        "tenancy:storage_room_archive": lambda org: tf.StorageRoomFactory(site__organisation=org),
        "tenancy:person_edit": lambda org: tf.PersonFactory(organisation=org),
        "tenancy:person_archive": lambda org: tf.PersonFactory(organisation=org),
        "tenancy:membership_role": lambda org: tf.MembershipFactory(organisation=org, role="viewer"),
        "tenancy:membership_deactivate": lambda org: tf.MembershipFactory(organisation=org, role="viewer"),
        "tenancy:invitation_revoke": lambda org: _invitation(org),
        "tenancy:network_detail": lambda org: _network(org),
        "tenancy:network_invite": lambda org: _network(org),
        "tenancy:network_leave": lambda org: _network(org),
        "tenancy:network_respond": lambda org: tf.NetworkMembershipFactory(organisation=org),
        "tenancy:api_token_revoke": lambda org: _api_token(org),
        "api:service-detail": lambda org: tf.ServiceFactory(organisation=org),
        "api:site-detail": lambda org: tf.SiteFactory(organisation=org),
        "api:person-detail": lambda org: tf.PersonFactory(organisation=org),
        "api:device-model-detail": lambda org: DeviceModelFactory(organisation=org),
        "api:device-detail": lambda org: DeviceFactory(organisation=org),
        "api:device-transition": lambda org: DeviceFactory(organisation=org),
        **{f"api:import-job-{name}": lambda org: _import_job(org) for name in ["detail", "apply", "cancel", "remap"]},
        "api:column-mapping-detail": lambda org: _column_mapping(org),
    }
)
OBJECT_MAKERS.update(
    {
        f"footprint:{name}": lambda org: ScenarioFactory(organisation=org)
        for name in [
            "scenario_detail",
            "scenario_recompute",
            "scenario_archive",
            "scenario_export_csv",
            "scenario_export_xlsx",
        ]
    }
)


def _retired_device(org):
    return DeviceFactory(organisation=org, state="end_of_use")


def _reuse_campaign(org):
    from tests.reuse.factories import CollectionCampaignFactory

    return CollectionCampaignFactory(organisation=org)


def _erasure_import_job(org):
    from django.core.files.base import ContentFile

    from fairfleet.reuse.erasure_jobs import erasure_import_job_create

    report = b"device_serial,drive_serial,method,result,erased_at\nSN1,D1,purge,passed,2026-01-05\n"
    return erasure_import_job_create(
        organisation=org, actor=None, handle=ContentFile(report), name="erasures.csv", start=False
    )


OBJECT_MAKERS.update(
    {
        **{
            f"reuse:{name}": _retired_device
            for name in ["device", "device_assess", "erasure_create", "certificate_device"]
        },
        "reuse:campaign_edit": _reuse_campaign,
        "reuse:campaign_archive": _reuse_campaign,
        "reuse:erasure_import_job": _erasure_import_job,
        "reuse:erasure_import_job_apply": _erasure_import_job,
    }
)


def _marketplace_offer(org):
    from tests.reuse.marketplace.helpers import offer

    return offer(org)


def _marketplace_request(org):
    from fairfleet.reuse.marketplace.services import request_create
    from tests.inventory.factories import builtin_category

    service = tf.ServiceFactory(organisation=org)
    return request_create(actor=None, organisation=org, service=service, category=builtin_category("laptop"))


def _marketplace_reservation(org):
    from fairfleet.reuse.marketplace.services import reservation_create

    service = tf.ServiceFactory(organisation=org)
    return reservation_create(actor=None, offer=_marketplace_offer(org), claimant=org, service=service)


OBJECT_MAKERS.update(
    {
        **{
            f"reuse:marketplace:{name}": _marketplace_offer
            for name in ["offer_detail", "offer_reserve", "offer_withdraw"]
        },
        **{f"reuse:marketplace:{name}": _marketplace_request for name in ["request_detail", "request_cancel"]},
        **{
            f"reuse:marketplace:{name}": _marketplace_reservation
            for name in ["reservation_detail", "reservation_hand_over", "reservation_cancel"]
        },
        "reuse:reporting:network_dashboard": lambda org: _network(org),
        **{f"api:marketplace-offer-{name}": _marketplace_offer for name in ["detail", "reserve", "withdraw"]},
        **{
            f"api:marketplace-reservation-{name}": _marketplace_reservation
            for name in ["detail", "hand-over", "cancel"]
        },
    }
)

OBJECT_MAKERS.update(
    {
        **{
            f"reuse:donations:{name}": lambda org: _donation_lot(org)
            for name in [
                "lot_detail",
                "lot_offer",
                "lot_add_devices",
                "lot_remove_device",
                "lot_pickup",
                "lot_handover",
                "lot_receipt",
                "lot_close",
                "lot_cancel",
                "lot_agreement_pdf",
                "lot_agreement_docx",
                "lot_agreement_odt",
                "lot_custody_event",
                "lot_custody_import",
            ]
        },
        **{
            f"reuse:donations:offer_{name}": lambda org: _donation_offer(org)
            for name in ["accept", "decline", "withdraw"]
        },
        **{
            f"reuse:donations:listing_{name}": lambda org: _partner_listing(org)
            for name in ["detail", "label_add", "submit", "review"]
        },
        "reuse:donations:network_directory": lambda org: tf.NetworkFactory(coordinator=org, kind="reuse_platform"),
    }
)


def _donation_lot(org):
    from tests.reuse.donations.factories import make_lot

    return make_lot(org)


def _donation_offer(org):
    from tests.reuse.donations.factories import PartnerListingFactory, offered_lot

    return offered_lot(org, [PartnerListingFactory()])[1][0]


def _partner_listing(org):
    from tests.reuse.donations.factories import PartnerListingFactory

    return PartnerListingFactory(organisation=org, state="submitted", network=_network(org))


def _import_job(org):
    from fairfleet.inventory.models import ImportJob

    return ImportJob.objects.create(organisation=org, source_name="fleet.csv", format="csv", state="checked")


def _column_mapping(org):
    from fairfleet.inventory.models import ColumnMapping

    return ColumnMapping.objects.create(organisation=org, name="Ours", columns={})


def _api_token(org):
    from fairfleet.tenancy.services import api_token_create

    member = tf.MembershipFactory(organisation=org, role="admin")
    return api_token_create(actor=member.user, organisation=org, name="Sync", role="viewer")[0]


def _invitation(org):
    from fairfleet.tenancy.models import Invitation

    return Invitation.objects.create(
        organisation=org, email="x@example.org", role="viewer", invited_by=tf.UserFactory()
    )


def _network(org):
    network = tf.NetworkFactory(coordinator=org)
    tf.NetworkMembershipFactory(network=network, organisation=org, state="active")
    return network


def _uuid_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _uuid_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = entry.pattern.converters
            uuid_args = [k for k, c in converters.items() if type(c).__name__ == "UUIDConverter"]
            if uuid_args:
                yield f"{namespace}{entry.name}", uuid_args


UUID_URLS = sorted(_uuid_patterns())


def test_the_walk_finds_urls():
    assert len(UUID_URLS) >= 5


@pytest.mark.parametrize(("name", "args"), UUID_URLS, ids=[n for n, _ in UUID_URLS])
def test_another_organisation_gets_404(name, args, organisation, other_org_client):
    assert name in OBJECT_MAKERS, f"{name} takes a public id: add it to OBJECT_MAKERS"
    obj = OBJECT_MAKERS[name](organisation)
    url = reverse(name, kwargs={args[0]: obj.public_id})
    audit_before = AuditEntry.objects.filter(organisation=organisation).count()
    assert other_org_client.get(url).status_code in (404, 405), url
    assert other_org_client.post(url, {"role": "admin", "state": "active", "name": "x"}).status_code == 404, url
    assert AuditEntry.objects.filter(organisation=organisation).count() == audit_before
