import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.tenancy.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

__all__ = ["PASSWORD"]


@pytest.fixture(autouse=True)
def _enable_db_access(db):
    """Every test talks to the real database (SQLite or PostgreSQL)."""


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a page asked for in French leaves French active in the thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Région Démo")


@pytest.fixture
def other_organisation():
    return OrganisationFactory(name="Other Body", country="BE", language="nl")


def member_client(organisation, role="admin") -> Client:
    membership = MembershipFactory(organisation=organisation, user=UserFactory(), role=role)
    client = Client()
    client.force_login(membership.user)
    client.membership = membership
    return client


@pytest.fixture
def org_admin_client(organisation):
    return member_client(organisation, "admin")


@pytest.fixture
def other_org_client(other_organisation):
    return member_client(other_organisation, "admin")
