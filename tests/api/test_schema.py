"""The OpenAPI schema and the browsable docs, whose static files are vendored (no CDN)."""

import re
from pathlib import Path

import drf_spectacular_sidecar
import pytest
from django.core.management import call_command
from drf_spectacular.settings import spectacular_settings


def test_schema_is_generated_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/devices/{public_id}/transition/" in text
    assert "/api/v1/devices/bulk-transition/" in text
    assert "/api/v1/organisation/" in text
    assert "apiToken" in text


def test_schema_is_served(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.fixture
def sidecar(monkeypatch):
    """What settings.SPECTACULAR_SETTINGS sets in production: the Swagger UI files from the sidecar package."""
    for name in ("SWAGGER_UI_DIST", "SWAGGER_UI_FAVICON_HREF", "REDOC_DIST"):
        monkeypatch.setattr(spectacular_settings, name, "SIDECAR")


def test_docs_use_vendored_files(client, sidecar):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html
    assert "https://" not in html
    assets = re.findall(r'(?:src|href)="/static/drf_spectacular_sidecar/([^"]+)"', html)
    assert assets
    root = Path(drf_spectacular_sidecar.__file__).parent / "static" / "drf_spectacular_sidecar"
    for asset in assets:
        assert (root / asset).is_file(), asset
