"""The browsable API, for a logged-in member: every page renders (forms included) without a server error."""

import pytest
from django.urls import reverse

from tests.api.conftest import token_client
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory
from tests.tenancy import factories as tf


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_browsable_pages_render(role, organisation):
    client = member_client(organisation, role)
    device = DeviceFactory(organisation=organisation)
    service = tf.ServiceFactory(organisation=organisation)
    for url in [
        "/api/v1/organisation/",
        "/api/v1/services/",
        f"/api/v1/services/{service.public_id}/",
        "/api/v1/sites/",
        "/api/v1/people/",
        "/api/v1/device-models/",
        f"/api/v1/device-models/{device.model.public_id}/",
        "/api/v1/devices/",
        f"/api/v1/devices/{device.public_id}/",
    ]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert "text/html" in response["Content-Type"]


def test_token_page_lists_only_the_organisations_tokens(organisation, other_organisation):
    own = token_client(organisation, "viewer")
    foreign = token_client(other_organisation, "viewer")
    page = member_client(organisation, "admin").get(reverse("tenancy:api_tokens")).content.decode()
    assert own.token.prefix in page
    assert foreign.token.prefix not in page
