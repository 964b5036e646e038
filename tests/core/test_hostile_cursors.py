"""A page cursor someone wrote by hand never costs a 500: a page shows its first page, the API answers 400.

The lists are found by walking every URL without arguments and keeping those that read a cursor, so a new
keyset list is checked without being named here."""

import base64

import pytest
from django.urls import reverse

from fairfleet.core import pagination
from tests.api.conftest import token_client
from tests.core.test_tenant_lists import PLAIN_URLS
from tests.inventory.factories import DeviceFactory
from tests.inventory.imports.factories import ImportJobFactory


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


HOSTILE = [
    _b64("[1e400]"),
    _b64("[-1e400]"),
    _b64("[NaN]"),
    _b64("[Infinity, 1]"),
    _b64('["A", 1e400]'),
    _b64("[null, 1e400]"),
    _b64("[1.5]"),
    _b64("[true]"),
    _b64("[99999999999999999999999]"),
    _b64('["A", 99999999999999999999999]'),
    _b64("[" + "9" * 5000 + "]"),
    _b64('["\\u0000", 1]'),
    _b64('["\\ud800", 1]'),
    _b64("[12, 1]"),
    _b64("[[1], 1]"),
    _b64('[{"a": 1}, 1]'),
    _b64('{"0": 1, "1": 2}'),
    _b64("[1, 2, 3]"),
    _b64("[]"),
    _b64('"x"'),
    _b64("[" * 500 + "]" * 500),
    "A" * 5000,
    "%%%",
    "é",
    "WzFlNDAwXQ",  # the cursor of the report: [1e400]
]
SORTS = ["newest", "tag", "acquired"]  # one sort of each kind: id, text, date


@pytest.fixture
def keyset_urls(organisation, org_admin_client, monkeypatch):
    """The names of the lists that decode a cursor, found by asking every plain URL for a page."""
    seen = []
    decode = pagination.decode_cursor

    def spy(token, key):
        seen.append(key)
        return decode(token, key)

    monkeypatch.setattr(pagination, "decode_cursor", spy)
    api = token_client(organisation)
    found = []
    for name in PLAIN_URLS:
        seen.clear()
        client = api if name.startswith("api:") else org_admin_client
        client.get(reverse(name), {"cursor": "WzFd"})
        if seen:
            found.append(name)
    monkeypatch.setattr(pagination, "decode_cursor", decode)
    return found, api


@pytest.fixture
def rows(organisation):
    DeviceFactory(organisation=organisation, asset_tag="FIRST-PAGE-TAG")
    ImportJobFactory(organisation=organisation, source_name="first-page.csv")


def test_every_keyset_list_refuses_hostile_cursors_without_error(keyset_urls, rows, org_admin_client):
    """One walk over the URLs (it is slow): pages answer their first page, the API a 400 naming the cursor."""
    found, api = keyset_urls
    # The walk must find at least the lists known today (a spy that sees nothing would pass every check below).
    known = {"inventory:device_list", "reuse:triage", "tenancy:audit_log", "api:device-list", "api:import-job-list"}
    assert known <= set(found)
    for name in found:
        is_api = name.startswith("api:")
        client = api if is_api else org_admin_client
        assert client.get(reverse(name)).status_code == 200, name
        for sort in SORTS:
            for cursor in HOSTILE:
                response = client.get(reverse(name), {"cursor": cursor, "sort": sort})
                assert response.status_code == (400 if is_api else 200), (name, sort, cursor[:40])
                if is_api:
                    assert "cursor" in response.json(), name


def test_device_list_hostile_cursor_gives_the_first_rows(rows, org_admin_client):
    response = org_admin_client.get(reverse("inventory:device_list"), {"cursor": "WzFlNDAwXQ"})
    assert response.status_code == 200
    assert b"FIRST-PAGE-TAG" in response.content


def test_api_lists_follow_a_real_cursor(organisation, rows):
    """The control: the cursor the API hands out is accepted."""
    DeviceFactory(organisation=organisation, asset_tag="SECOND")
    api = token_client(organisation)
    first = api.get(reverse("api:device-list"), {"page_size": 1})
    assert first.status_code == 200
    second = api.get(first.json()["next"])
    assert second.status_code == 200
    assert len(second.json()["results"]) == 1
    assert second.json()["results"][0]["asset_tag"] != first.json()["results"][0]["asset_tag"]
