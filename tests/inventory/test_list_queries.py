"""The SQL the device list runs, as a snapshot: a new query or a lost index shows in review."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.core.sql import PerDatabaseSnapshot, query_shapes
from tests.inventory.factories import DeviceFactory, builtin_category
from tests.tenancy.factories import ServiceFactory


def test_device_list_queries(org_admin_client, organisation, snapshot):
    service = ServiceFactory(organisation=organisation)
    DeviceFactory.create_batch(3, organisation=organisation, service=service)
    url = reverse("inventory:device_list")
    org_admin_client.get(url)
    scenarios = {
        "first_page": {},
        "filtered": {"category": str(builtin_category("laptop").public_id), "state": "in_use"},
        "search": {"q": "SN0000"},
        "service_subtree": {"service": str(service.public_id)},
    }
    shapes = {}
    for name, params in scenarios.items():
        with CaptureQueriesContext(connection) as captured:
            assert org_admin_client.get(url, params).status_code == 200
        shapes[name] = query_shapes(captured)
    assert shapes == snapshot(extension_class=PerDatabaseSnapshot)
