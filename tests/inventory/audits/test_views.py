import pytest
from django.urls import reverse

from fairfleet.inventory.models import AuditCampaign, AuditCampaignState, AuditScan, Device, DeviceState
from tests.conftest import member_client
from tests.inventory.audits.factories import AuditCampaignFactory
from tests.inventory.factories import DeviceFactory
from tests.tenancy.factories import SiteFactory

ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]
EDITORS = {"admin", "fleet_manager"}


def _url(name, campaign=None):
    return reverse(f"inventory:{name}", kwargs={"public_id": campaign.public_id} if campaign else None)


def test_urls():
    assert reverse("inventory:audit_list") == "/audits/"


def test_create_and_list(organisation, org_admin_client):
    site = SiteFactory(organisation=organisation, name="Town hall")
    assert org_admin_client.get(_url("audit_create")).status_code == 200
    response = org_admin_client.post(_url("audit_create"), {"name": "Spring count", "site": site.public_id})
    campaign = AuditCampaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("audit_detail", campaign)
    listing = org_admin_client.get(_url("audit_list")).content.decode()
    assert "Spring count" in listing
    assert "Town hall" in listing


@pytest.mark.parametrize(
    "data", [{"name": "", "site": ""}, {"name": "X", "site": "not-a-uuid"}, {"name": "X" * 201, "site": ""}]
)
def test_create_bad_input(data, organisation, org_admin_client):
    response = org_admin_client.post(_url("audit_create"), data)
    assert response.status_code == 400
    assert not AuditCampaign.objects.exists()


def test_create_with_a_foreign_site(organisation, other_organisation, org_admin_client):
    site = SiteFactory(organisation=other_organisation)
    response = org_admin_client.post(_url("audit_create"), {"name": "X", "site": site.public_id})
    assert response.status_code == 400
    assert not AuditCampaign.objects.exists()


def test_detail_is_a_scanning_page(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    body = org_admin_client.get(_url("audit_detail", campaign)).content.decode()
    assert 'name="code"' in body
    assert "autofocus" in body
    assert "zxing-library-0.21.3.min.js" in body
    assert f'hx-post="{_url("audit_scan", campaign)}"' in body


def test_scan_without_javascript(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    DeviceFactory(organisation=organisation, asset_tag="PC-1", site=campaign.site)
    response = org_admin_client.post(_url("audit_scan", campaign), {"code": "pc-1", "condition": "good", "grade": "B"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Recognised: PC-1" in body
    assert "Recorded at this site" in body
    assert "<html" in body
    scan = AuditScan.objects.get()
    assert (scan.condition, scan.grade) == ("good", "B")


def test_scan_with_htmx(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    DeviceFactory(
        organisation=organisation, asset_tag="PC-2", site=SiteFactory(organisation=organisation, name="Depot")
    )
    response = org_admin_client.post(_url("audit_scan", campaign), {"code": "PC-2"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Found in the wrong place" in body
    assert "Depot" in body
    again = org_admin_client.post(_url("audit_scan", campaign), {"code": "PC-2"}, headers={"HX-Request": "true"})
    assert "Already scanned in this campaign" in again.content.decode()
    assert AuditScan.objects.count() == 1


def test_unknown_code(organisation, other_organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    DeviceFactory(organisation=other_organisation, asset_tag="THEIRS-1")
    response = org_admin_client.post(
        _url("audit_scan", campaign), {"code": "THEIRS-1"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Unknown code: THEIRS-1" in body


@pytest.mark.parametrize("data", [{"code": ""}, {"code": "PC", "grade": "Z"}, {"code": "PC", "condition": "x"}])
def test_scan_bad_input(data, organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    response = org_admin_client.post(_url("audit_scan", campaign), data, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not AuditScan.objects.exists()


def test_scan_in_a_closed_campaign(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation, state=AuditCampaignState.CLOSED)
    response = org_admin_client.post(_url("audit_scan", campaign), {"code": "PC"})
    assert response.status_code == 400
    assert "not open" in response.content.decode()


def test_close_reopen_cancel(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    response = org_admin_client.post(_url("audit_close", campaign))
    assert response["Location"] == _url("audit_report", campaign)
    campaign.refresh_from_db()
    assert campaign.state == AuditCampaignState.CLOSED
    org_admin_client.post(_url("audit_reopen", campaign))
    campaign.refresh_from_db()
    assert campaign.state == AuditCampaignState.OPEN
    org_admin_client.post(_url("audit_cancel", campaign))
    campaign.refresh_from_db()
    assert campaign.state == AuditCampaignState.CANCELLED
    refused = org_admin_client.post(_url("audit_reopen", campaign))
    assert refused.status_code == 400
    assert "was cancelled" in refused.content.decode()


def test_get_on_a_step_is_refused(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    assert org_admin_client.get(_url("audit_close", campaign)).status_code == 405


def test_report_and_apply(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation, state=AuditCampaignState.CLOSED)
    missing = DeviceFactory(organisation=organisation, site=campaign.site, asset_tag="MISS-1")
    away = DeviceFactory(organisation=organisation, site=SiteFactory(organisation=organisation), asset_tag="AWAY-1")
    AuditScan.objects.create(organisation=organisation, campaign=campaign, code="AWAY-1", device=away)
    AuditScan.objects.create(organisation=organisation, campaign=campaign, code="GHOST-1")
    body = org_admin_client.get(_url("audit_report", campaign)).content.decode()
    for text in ["MISS-1", "AWAY-1", "GHOST-1", "Apply the corrections"]:
        assert text in body
    response = org_admin_client.post(_url("audit_apply", campaign), {"mark_missing_lost": "on"})
    assert response.status_code == 302
    assert Device.objects.get(pk=away.pk).site == campaign.site
    assert Device.objects.get(pk=missing.pk).state == DeviceState.LOST
    campaign.refresh_from_db()
    assert campaign.state == AuditCampaignState.APPLIED
    page = org_admin_client.get(response["Location"]).content.decode()
    assert "The corrections were applied." in page
    assert "Apply the corrections</button>" not in page
    again = org_admin_client.post(_url("audit_apply", campaign), {})
    assert again.status_code == 400


def test_apply_an_open_campaign_is_refused(organisation, org_admin_client):
    campaign = AuditCampaignFactory(organisation=organisation)
    response = org_admin_client.post(_url("audit_apply", campaign), {})
    assert response.status_code == 400
    assert "Close the campaign before applying" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, organisation):
    client = member_client(organisation, role)
    campaign = AuditCampaignFactory(organisation=organisation)
    site = SiteFactory(organisation=organisation)
    editor = role in EDITORS
    # Everyone reads.
    assert client.get(_url("audit_list")).status_code == 200
    assert client.get(_url("audit_detail", campaign)).status_code == 200
    assert client.get(_url("audit_report", campaign)).status_code == 200
    # Editors create, scan, close, apply; the others get 403 and nothing changes.
    expected = {True: (302, 200, 302, 302), False: (403, 403, 403, 403)}[editor]
    got = (
        client.post(_url("audit_create"), {"name": "N", "site": site.public_id}).status_code,
        client.post(_url("audit_scan", campaign), {"code": "X"}).status_code,
        client.post(_url("audit_close", campaign)).status_code,
        client.post(_url("audit_apply", campaign), {}).status_code,
    )
    assert got == expected
    campaign.refresh_from_db()
    assert campaign.state == (AuditCampaignState.APPLIED if editor else AuditCampaignState.OPEN)
    detail = client.get(_url("audit_detail", campaign)).content.decode()
    assert 'name="code"' not in detail  # applied for editors, read-only for the others


def test_another_organisation_sees_no_campaign(organisation, other_org_client):
    AuditCampaignFactory(organisation=organisation, name="SECRET count")
    assert "SECRET" not in other_org_client.get(_url("audit_list")).content.decode()
