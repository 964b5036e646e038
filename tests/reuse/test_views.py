import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from fairfleet.inventory.models import DeviceState, DeviceTransition
from fairfleet.reuse.models import Assessment, CollectionCampaign, ErasureRecord, RoutePolicy
from fairfleet.tenancy.models import AuditEntry
from tests.conftest import member_client
from tests.inventory.factories import DeviceFactory, DeviceModelFactory
from tests.reuse.factories import AssessmentFactory, CollectionCampaignFactory, ErasureRecordFactory
from tests.tenancy.factories import SiteFactory, StorageRoomFactory

ROLES = ["admin", "fleet_manager", "buyer", "reuse_coordinator", "viewer"]
ACTING = {"admin", "fleet_manager", "reuse_coordinator"}


def _retired(organisation, **kwargs):
    return DeviceFactory(organisation=organisation, state=DeviceState.END_OF_USE, **kwargs)


ASSESSMENT_POST = {
    "is_functional": "yes",
    "grade": "B",
    "battery_health_pct": "88",
    "storage_health": "good",
    "os_updates_end": "",
    "notes": "Clean unit",
    "check_powers_on": "ok",
    "check_screen": "ok",
}


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_the_reuse_pages(organisation, role):
    client = member_client(organisation, role)
    device = _retired(organisation)
    AssessmentFactory(device=device, organisation=organisation)
    CollectionCampaignFactory(organisation=organisation)
    for name in ["reuse:home", "reuse:triage", "reuse:storage", "reuse:campaigns", "reuse:policy"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert client.get(reverse("reuse:device", args=[device.public_id])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_assessment_permission_matrix(organisation, role):
    client = member_client(organisation, role)
    device = _retired(organisation)
    url = reverse("reuse:device_assess", args=[device.public_id])
    response = client.post(url, ASSESSMENT_POST)
    if role in ACTING:
        assert response.status_code == 302
        assessment = Assessment.objects.get(device=device)
        assert assessment.grade == "B"
        assert assessment.checklist == {"powers_on": "ok", "screen": "ok"}
        assert assessment.suggested_route == "network"  # 5.7 years old: above the 5 years to redeploy inside
        assert "above the limit of 5 years" in assessment.route_reason_text
        assert AuditEntry.objects.filter(object_type="reuse.assessment", action="create").exists()
    else:
        assert response.status_code == 403
        assert not Assessment.objects.filter(device=device).exists()


@pytest.mark.parametrize("role", ROLES)
def test_erasure_permission_matrix(organisation, role):
    client = member_client(organisation, role)
    device = _retired(organisation)
    response = client.post(
        reverse("reuse:erasure_create", args=[device.public_id]),
        {
            "drive_serial": " s3z4nb0k123 ",
            "method": "purge",
            "technique": "IEEE 2883 Sanitize Crypto Erase",
            "tool": "nwipe",
            "operator": "Camille",
            "performed_at": (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "result": "passed",
            "report_reference": "R-1",
        },
    )
    if role in ACTING:
        assert response.status_code == 302
        record = ErasureRecord.objects.get(device=device)
        assert record.drive_serial == "S3Z4NB0K123"
        assert record.source == "web"
    else:
        assert response.status_code == 403
        assert not ErasureRecord.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_route_policy_permission_matrix(organisation, role):
    client = member_client(organisation, role)
    data = {
        "redeploy_max_age_years": "4",
        "redeploy_grades": ["A"],
        "min_battery_pct": "80",
        "network_offers": "",
        "network_max_age_years": "6",
        "network_grades": ["A", "B"],
        "donate_max_age_years": "9",
        "donate_grades": ["A", "B", "C"],
        "sell_max_age_years": "12",
        "sell_grades": ["A", "B", "C", "D"],
        "storage_alert_days": "60",
    }
    response = client.post(reverse("reuse:policy"), data)
    if role in {"admin", "reuse_coordinator"}:
        assert response.status_code == 302
        policy = RoutePolicy.objects.get(organisation=organisation)
        assert (policy.redeploy_grades, policy.network_offers, policy.storage_alert_days) == ("A", False, 60)
    else:
        assert response.status_code == 403
        assert not RoutePolicy.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_campaign_permission_matrix(organisation, role):
    client = member_client(organisation, role)
    site = SiteFactory(organisation=organisation)
    response = client.post(
        reverse("reuse:campaigns"),
        {
            "name": "Spring collection",
            "site": str(site.public_id),
            "next_date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            "recurrence_months": "6",
            "remind_days_before": "7",
            "notes": "",
        },
    )
    if role in ACTING:
        assert response.status_code == 302
        assert CollectionCampaign.objects.get(organisation=organisation).name == "Spring collection"
    else:
        assert response.status_code == 403
        assert not CollectionCampaign.objects.exists()


def test_campaign_with_another_organisations_site_is_refused(organisation, other_organisation, org_admin_client):
    foreign_site = SiteFactory(organisation=other_organisation)
    response = org_admin_client.post(
        reverse("reuse:campaigns"),
        {"name": "X", "site": str(foreign_site.public_id), "next_date": "2030-01-01", "recurrence_months": "0",
         "remind_days_before": "7"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not CollectionCampaign.objects.exists()


def test_campaign_edit_and_archive(organisation, org_admin_client):
    campaign = CollectionCampaignFactory(organisation=organisation)
    response = org_admin_client.post(
        reverse("reuse:campaign_edit", args=[campaign.public_id]),
        {"name": "Renamed", "site": str(campaign.site.public_id), "next_date": "2031-02-03",
         "recurrence_months": "0", "remind_days_before": "3", "notes": "Hall B"},
    )  # fmt: skip
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.next_date, campaign.recurrence_months) == ("Renamed", datetime.date(2031, 2, 3), 0)
    org_admin_client.post(reverse("reuse:campaign_archive", args=[campaign.public_id]))
    campaign.refresh_from_db()
    assert campaign.archived_at is not None
    assert "Renamed" not in org_admin_client.get(reverse("reuse:campaigns")).content.decode()


def test_triage_queue_lists_only_end_of_use_devices_of_the_organisation(organisation, other_organisation,
                                                                        org_admin_client):  # fmt: skip
    waiting = _retired(organisation, asset_tag="WAIT-1")
    DeviceFactory(organisation=organisation, asset_tag="INUSE-1")
    _retired(other_organisation, asset_tag="FOREIGN-1")
    content = org_admin_client.get(reverse("reuse:triage")).content.decode()
    assert "WAIT-1" in content
    assert "INUSE-1" not in content
    assert "FOREIGN-1" not in content
    assert str(waiting.public_id) in content


def test_triage_filters(organisation, org_admin_client):
    room = StorageRoomFactory(site__organisation=organisation)
    assessed = _retired(organisation, asset_tag="ASSESSED-1", storage_room=room, site=room.site)
    AssessmentFactory(device=assessed, organisation=organisation, grade="A")
    _retired(organisation, asset_tag="RAW-1")
    url = reverse("reuse:triage")
    assert "RAW-1" not in org_admin_client.get(url, {"assessed": "yes"}).content.decode()
    not_assessed = org_admin_client.get(url, {"assessed": "no"}).content.decode()
    assert "RAW-1" in not_assessed
    assert "ASSESSED-1" not in not_assessed
    by_room = org_admin_client.get(url, {"storage_room": str(room.public_id)}).content.decode()
    assert "ASSESSED-1" in by_room
    assert "RAW-1" not in by_room
    by_site = org_admin_client.get(url, {"site": str(room.site.public_id)}).content.decode()
    assert "ASSESSED-1" in by_site
    assert "RAW-1" not in by_site


def test_triage_queue_is_paginated(organisation, org_admin_client, settings):
    settings.DEVICE_LIST_PAGE_SIZE = 2
    for index in range(3):
        _retired(organisation, asset_tag=f"PAGE-{index}")
    first = org_admin_client.get(reverse("reuse:triage"))
    assert first.content.decode().count('name="selected"') == 2
    assert 'rel="next"' in first.content.decode()


def test_bulk_assessment_of_identical_items(organisation, org_admin_client):
    model = DeviceModelFactory(organisation=organisation)
    devices = [_retired(organisation, model=model) for _ in range(3)]
    selected = [str(device.public_id) for device in devices]
    form_page = org_admin_client.post(reverse("reuse:triage_bulk"), {"selected": selected})
    assert form_page.status_code == 200
    assert "check_powers_on" in form_page.content.decode()
    response = org_admin_client.post(
        reverse("reuse:triage_bulk"),
        {**ASSESSMENT_POST, "selection": ",".join(selected), "grade": "C", "confirm": "1"},
    )
    assert response.status_code == 302
    assert Assessment.objects.filter(device__in=devices, grade="C").count() == 3


def test_bulk_assessment_without_a_grade_shows_the_error(organisation, org_admin_client):
    model = DeviceModelFactory(organisation=organisation)
    devices = [_retired(organisation, model=model) for _ in range(2)]
    data = {**ASSESSMENT_POST, "selection": ",".join(str(d.public_id) for d in devices), "confirm": "1"}
    del data["grade"]
    response = org_admin_client.post(reverse("reuse:triage_bulk"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["grade"]
    assert not Assessment.objects.exists()


def test_bulk_assessment_refuses_mixed_models(organisation, org_admin_client):
    devices = [_retired(organisation), _retired(organisation)]
    response = org_admin_client.post(
        reverse("reuse:triage_bulk"),
        {**ASSESSMENT_POST, "selection": ",".join(str(d.public_id) for d in devices)},
    )
    assert response.status_code == 302
    assert not Assessment.objects.exists()


def test_bulk_assessment_refuses_foreign_devices(organisation, other_organisation, org_admin_client):
    model = DeviceModelFactory(organisation=organisation)
    own = _retired(organisation, model=model)
    foreign = _retired(other_organisation)
    response = org_admin_client.post(
        reverse("reuse:triage_bulk"),
        {**ASSESSMENT_POST, "selection": f"{own.public_id},{foreign.public_id}"},
    )
    assert response.status_code == 302
    assert not Assessment.objects.exists()


def test_assessment_bad_input_changes_nothing(organisation, org_admin_client):
    device = _retired(organisation)
    url = reverse("reuse:device_assess", args=[device.public_id])
    response = org_admin_client.post(url, {**ASSESSMENT_POST, "battery_health_pct": "140", "grade": "Z"})
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_assessing_a_device_in_use_is_refused(organisation, org_admin_client):
    device = DeviceFactory(organisation=organisation)
    response = org_admin_client.post(reverse("reuse:device_assess", args=[device.public_id]), ASSESSMENT_POST)
    assert response.status_code == 400
    assert "only devices at the end of use" in response.content.decode()
    assert not Assessment.objects.exists()


def test_locked_device_shows_it_cannot_be_donated(organisation, org_admin_client):
    device = _retired(organisation)
    AssessmentFactory(device=device, organisation=organisation, firmware_locked=True)
    content = org_admin_client.get(reverse("reuse:device", args=[device.public_id])).content.decode()
    assert "cannot be donated, offered or sold until it is unlocked" in content


def test_device_page_shows_route_figures_or_says_there_is_none(organisation, org_admin_client):
    from tests.inventory.factories import builtin_category

    laptop = _retired(organisation)
    content = org_admin_client.get(reverse("reuse:device", args=[laptop.public_id])).content.decode()
    assert "kg CO₂e avoided" in content
    assert "No footprint factor" not in content
    chair_model = DeviceModelFactory(organisation=organisation, category=builtin_category("furniture"))
    chair = _retired(organisation, model=chair_model)
    content = org_admin_client.get(reverse("reuse:device", args=[chair.public_id])).content.decode()
    assert "No footprint factor for the category" in content


def test_device_certificate_pdf_reads_back(organisation, org_admin_client):
    device = _retired(organisation, asset_tag="CERT-1", serial_number="SNCERT1")
    ErasureRecordFactory(device=device, organisation=organisation, drive_serial="DRIVE-XYZ", operator="Camille")
    response = org_admin_client.get(reverse("reuse:certificate_device", args=[device.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Data erasure certificate" in text
    assert "CERT-1" in text
    assert "SNCERT1" in text
    assert "DRIVE-XYZ" in text
    assert "Camille" in text
    assert "Verified erasure or destruction recorded." in text


def test_selection_certificate_flags_devices_without_erasure(organisation, org_admin_client):
    erased = _retired(organisation, asset_tag="LOT-1")
    ErasureRecordFactory(device=erased, organisation=organisation)
    missing = _retired(organisation, asset_tag="LOT-2")
    response = org_admin_client.post(
        reverse("reuse:certificate_selection"), {"selected": [str(erased.public_id), str(missing.public_id)]}
    )
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "LOT-1" in text
    assert "LOT-2" in text
    assert "1 device of this certificate has no verified erasure" in " ".join(text.split())


def test_selection_certificate_refuses_foreign_or_empty_selection(organisation, other_organisation,
                                                                 org_admin_client):  # fmt: skip
    foreign = _retired(other_organisation)
    assert org_admin_client.post(reverse("reuse:certificate_selection"), {}).status_code == 400
    response = org_admin_client.post(reverse("reuse:certificate_selection"), {"selected": [str(foreign.public_id)]})
    assert response.status_code == 400


def test_storage_page_flags_devices_stored_too_long(organisation, org_admin_client):
    room = StorageRoomFactory(site__organisation=organisation, capacity=4)
    old = _retired(organisation, asset_tag="OLD-1", storage_room=room, site=room.site)
    DeviceTransition.objects.create(
        organisation=organisation, device=old, from_state="in_use", to_state="end_of_use", storage_room=room
    )
    DeviceTransition.objects.filter(device=old).update(created_at=timezone.now() - datetime.timedelta(days=120))
    fresh = _retired(organisation, asset_tag="NEW-1", storage_room=room, site=room.site)
    DeviceTransition.objects.create(
        organisation=organisation, device=fresh, from_state="in_use", to_state="end_of_use", storage_room=room
    )
    content = org_admin_client.get(reverse("reuse:storage")).content.decode()
    assert "OLD-1" in content
    assert "NEW-1" not in content
    assert ">120<" in content
    assert "50 %" in content  # 2 devices in a room for 4
    RoutePolicy.objects.create(organisation=organisation, storage_alert_days=200)
    assert "OLD-1" not in org_admin_client.get(reverse("reuse:storage")).content.decode()


def test_home_links_and_counts(organisation, org_admin_client):
    device = _retired(organisation)
    AssessmentFactory(device=device, organisation=organisation, firmware_locked=True)
    _retired(organisation)
    response = org_admin_client.get(reverse("reuse:home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.awaiting, counts.assessed, counts.not_assessed, counts.locked) == (2, 1, 1, 1)


def test_home_hides_links_to_missing_pages(organisation, org_admin_client, monkeypatch):
    from fairfleet.reuse.views import triage

    monkeypatch.setattr(
        triage, "OPTIONAL_LINKS", (("reuse:no_such_page", "marketplace"), ("reuse:triage", "donations"))
    )
    links = triage.optional_links()
    assert links["marketplace"] == ""
    assert links["donations"] == reverse("reuse:triage")


def test_viewer_reads_the_rules_without_a_form(organisation):
    RoutePolicy.objects.create(organisation=organisation, redeploy_grades="AB")
    content = member_client(organisation, "viewer").get(reverse("reuse:policy")).content.decode()
    assert '<form method="post"' not in content
    assert "A, B" in content


def test_storage_and_home_show_nothing_of_another_organisation(organisation, other_organisation, org_admin_client):
    room = StorageRoomFactory(site__organisation=other_organisation, name="Foreign room")
    device = _retired(other_organisation, asset_tag="FOREIGN-STORED", storage_room=room, site=room.site)
    DeviceTransition.objects.create(
        organisation=other_organisation, device=device, from_state="in_use", to_state="end_of_use", storage_room=room
    )
    DeviceTransition.objects.filter(device=device).update(created_at=timezone.now() - datetime.timedelta(days=400))
    CollectionCampaignFactory(organisation=other_organisation, name="Foreign collection")
    for name in ["reuse:storage", "reuse:home", "reuse:triage", "reuse:campaigns"]:
        content = org_admin_client.get(reverse(name)).content.decode()
        assert "Foreign room" not in content
        assert "FOREIGN-STORED" not in content
        assert "Foreign collection" not in content


def test_device_certificate_of_a_tag_with_a_newline_and_quotes_downloads(organisation, org_admin_client):
    device = _retired(organisation, asset_tag='PC\n"été"/1', serial_number="SNCERT2")
    ErasureRecordFactory(device=device, organisation=organisation)
    response = org_admin_client.get(reverse("reuse:certificate_device", args=[device.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="erasure-certificate-PC_ete_1.pdf"; '
        "filename*=UTF-8''erasure-certificate-PC_%C3%A9t%C3%A9_1.pdf"
    )
