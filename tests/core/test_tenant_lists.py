"""Every page without arguments (lists, exports, dashboards), opened by another organisation's
administrator, shows nothing of the first organisation."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fairfleet.inventory import services as inventory_services
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.inventory.imports.factories import ColumnMappingFactory, ImportJobFactory
from tests.tenancy import factories as tf

MARK = "SECRETA"
SKIPPED = {"logout", "set_language"}


def _plain_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _plain_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            name = f"{namespace}{entry.name}"
            if name not in SKIPPED:
                yield name


PLAIN_URLS = sorted(set(_plain_urls()))


@pytest.fixture
def first_organisation_data(organisation):
    service = tf.ServiceFactory(organisation=organisation, name=f"{MARK} service")
    site = tf.SiteFactory(organisation=organisation, name=f"{MARK} site")
    tf.StorageRoomFactory(site=site, name=f"{MARK} room")
    person = tf.PersonFactory(organisation=organisation, full_name=f"{MARK} person")
    model = DeviceModelFactory(organisation=organisation, manufacturer=f"{MARK} maker", name=f"{MARK} model")
    DeviceFactory(
        organisation=organisation,
        model=model,
        asset_tag=f"{MARK}-1",
        serial_number=f"{MARK}SN",
        service=service,
        site=site,
        holder=person,
        notes=MARK,
    )
    inventory_services.category_create(actor=None, organisation=organisation, name=f"{MARK} chairs")
    tf.NetworkFactory(coordinator=organisation, name=f"{MARK} network")
    ImportJobFactory(organisation=organisation, source_name=f"{MARK}.csv")
    ColumnMappingFactory(organisation=organisation, name=f"{MARK} mapping")
    tf.MembershipFactory(organisation=organisation, user=tf.UserFactory(email="secreta@example.org"))


@pytest.mark.parametrize("name", PLAIN_URLS)
def test_page_shows_nothing_of_another_organisation(name, first_organisation_data, other_org_client):
    response = other_org_client.get(reverse(name))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert MARK.encode() not in body.upper()
    assert b"secreta@example.org" not in body


@pytest.mark.parametrize(
    "name",
    [
        "inventory:device_list",
        "inventory:device_export_csv",
        "inventory:model_list",
        "tenancy:service_list",
        "tenancy:site_list",
        "tenancy:person_list",
        "tenancy:audit_log",
        "tenancy:network_list",
    ],
)
def test_the_check_can_fail_the_owner_sees_its_data(name, first_organisation_data, org_admin_client):
    response = org_admin_client.get(reverse(name))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert MARK.encode() in body.upper()
