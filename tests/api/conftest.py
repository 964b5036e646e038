import pytest
from rest_framework.test import APIClient

from fairfleet.tenancy.services import api_token_create
from tests.tenancy.factories import MembershipFactory, OrganisationFactory


def token_client(organisation, role: str = "admin") -> APIClient:
    """A client sending the key of a fresh token of `role`, held by a new member of `organisation`."""
    member = MembershipFactory(organisation=organisation, role=role)
    token, key = api_token_create(actor=member.user, organisation=organisation, name="t", role=role)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.token, client.key, client.member = token, key, member
    return client


@pytest.fixture
def org_a():
    return OrganisationFactory(name="Org A")


@pytest.fixture
def org_b():
    return OrganisationFactory(name="Org B", country="BE", language="nl")


@pytest.fixture
def admin_a(org_a):
    return token_client(org_a, "admin")


@pytest.fixture
def admin_b(org_b):
    return token_client(org_b, "admin")
