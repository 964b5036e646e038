import pytest
from django.core.exceptions import ValidationError

from fairfleet.inventory.audits import selectors, services
from fairfleet.inventory.models import AuditCampaignState, AuditScan, Device, DeviceState, DeviceTransition
from fairfleet.tenancy.models import AuditEntry
from tests.inventory.audits.factories import AuditCampaignFactory
from tests.inventory.factories import DeviceFactory
from tests.tenancy.factories import SiteFactory, StorageRoomFactory, UserFactory


@pytest.fixture
def actor():
    return UserFactory()


@pytest.fixture
def campaign(organisation):
    return AuditCampaignFactory(organisation=organisation)


def _scan(campaign, actor, code, **kwargs):
    return services.audit_scan_record(actor=actor, campaign=campaign, code=code, **kwargs)


def test_create_is_audited(organisation, actor):
    site = SiteFactory(organisation=organisation)
    campaign = services.audit_campaign_create(actor=actor, organisation=organisation, site=site, name="  Spring  ")
    assert campaign.name == "Spring"
    assert campaign.state == AuditCampaignState.OPEN
    assert AuditEntry.objects.filter(object_id=str(campaign.public_id), action="create").exists()


def test_create_refuses_a_foreign_site(organisation, other_organisation, actor):
    with pytest.raises(ValidationError) as error:
        services.audit_campaign_create(
            actor=actor, organisation=organisation, site=SiteFactory(organisation=other_organisation), name="X"
        )
    assert "site" in error.value.message_dict


@pytest.mark.parametrize(
    ("start", "to_state", "allowed"),
    [
        ("open", "closed", True),
        ("open", "cancelled", True),
        ("closed", "open", True),
        ("closed", "cancelled", True),
        ("open", "open", False),
        ("open", "applied", False),
        ("closed", "applied", False),  # through audit_campaign_apply only
        ("applied", "open", False),
        ("applied", "closed", False),
        ("applied", "cancelled", False),
        ("cancelled", "open", False),
        ("cancelled", "closed", False),
    ],
)
def test_transitions(start, to_state, allowed, organisation, actor):
    campaign = AuditCampaignFactory(organisation=organisation, state=start)
    before = AuditEntry.objects.count()
    if allowed:
        services.audit_campaign_transition(actor=actor, campaign=campaign, to_state=to_state)
        campaign.refresh_from_db()
        assert campaign.state == to_state
        assert (campaign.closed_at is not None) == (to_state == "closed")
        entry = AuditEntry.objects.latest("id")
        assert entry.action == "transition"
        assert entry.before["state"] == start
        assert entry.after["state"] == to_state
    else:
        with pytest.raises(ValidationError):
            services.audit_campaign_transition(actor=actor, campaign=campaign, to_state=to_state)
        campaign.refresh_from_db()
        assert campaign.state == start
        assert AuditEntry.objects.count() == before


def test_scan_matches_tag_then_serial(campaign, actor, organisation):
    by_tag = DeviceFactory(organisation=organisation, asset_tag="PC-001", serial_number="SN-A")
    by_serial = DeviceFactory(organisation=organisation, asset_tag="PC-002", serial_number="SN-B")
    # A serial number equal to another device's tag: the tag wins.
    DeviceFactory(organisation=organisation, asset_tag="PC-003", serial_number="PC-001X")
    assert _scan(campaign, actor, " pc-001 ").device == by_tag
    outcome = _scan(campaign, actor, "sn-b")
    assert outcome.device == by_serial
    assert outcome.scan.code == "PC-002"
    assert not outcome.repeated


def test_scan_matches_the_label_address(campaign, actor, organisation):
    device = DeviceFactory(organisation=organisation)
    outcome = _scan(campaign, actor, f"https://fleet.example.org/devices/{device.public_id}/")
    assert outcome.device == device
    assert outcome.scan.code == device.asset_tag


def test_unknown_and_foreign_codes(campaign, actor, other_organisation):
    foreign = DeviceFactory(organisation=other_organisation, asset_tag="THEIRS-1")
    assert _scan(campaign, actor, "NOPE").device is None
    assert _scan(campaign, actor, "theirs-1").device is None
    assert _scan(campaign, actor, f"https://x/devices/{foreign.public_id}/").device is None
    again = _scan(campaign, actor, "nope")
    assert again.repeated
    assert AuditScan.objects.filter(campaign=campaign).count() == 3


def test_second_scan_updates_the_first(campaign, actor, organisation):
    device = DeviceFactory(organisation=organisation, asset_tag="PC-9")
    first = _scan(campaign, actor, "PC-9", condition="good", grade="A")
    second = _scan(campaign, actor, device.serial_number, grade="C")
    assert second.repeated
    assert second.scan.pk == first.scan.pk
    scan = AuditScan.objects.get(campaign=campaign)
    assert (scan.condition, scan.grade) == ("good", "C")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"code": "   "}, "code"),
        ({"code": "X" * 201}, "code"),
        ({"code": "PC", "condition": "shiny"}, "condition"),
        ({"code": "PC", "grade": "E"}, "grade"),
    ],
)
def test_scan_bad_input(kwargs, field, campaign, actor):
    with pytest.raises(ValidationError) as error:
        services.audit_scan_record(actor=actor, campaign=campaign, **kwargs)
    assert field in error.value.message_dict
    assert not AuditScan.objects.exists()


@pytest.mark.parametrize("state", ["closed", "applied", "cancelled"])
def test_scan_needs_an_open_campaign(state, organisation, actor):
    campaign = AuditCampaignFactory(organisation=organisation, state=state)
    with pytest.raises(ValidationError, match="not open"):
        _scan(campaign, actor, "PC-1")


@pytest.fixture
def counted(organisation, actor):
    """A site with three devices expected: one found, two missing; one found from another site; one unknown."""
    campaign = AuditCampaignFactory(organisation=organisation)
    site = campaign.site
    other_site = SiteFactory(organisation=organisation)
    found = DeviceFactory(organisation=organisation, site=site, asset_tag="HERE-1")
    missing = [
        DeviceFactory(organisation=organisation, site=site, state=DeviceState.IN_STOCK),
        DeviceFactory(organisation=organisation, site=site, state=DeviceState.IN_REPAIR),
    ]
    DeviceFactory(organisation=organisation, site=site, state=DeviceState.RECYCLED)  # not expected
    room = StorageRoomFactory(site=other_site)
    elsewhere = DeviceFactory(organisation=organisation, site=other_site, storage_room=room, asset_tag="AWAY-1")
    nowhere = DeviceFactory(organisation=organisation, site=None, asset_tag="NOSITE-1")
    lost = DeviceFactory(organisation=organisation, site=site, state=DeviceState.LOST, asset_tag="LOST-1")
    _scan(campaign, actor, "HERE-1", condition="good", grade="A")
    _scan(campaign, actor, "AWAY-1", condition="damaged", grade="C")
    _scan(campaign, actor, "NOSITE-1", grade="A")
    _scan(campaign, actor, "LOST-1")
    _scan(campaign, actor, "GHOST-7")
    return {
        "campaign": campaign,
        "found": found,
        "missing": missing,
        "elsewhere": elsewhere,
        "nowhere": nowhere,
        "lost": lost,
        "site": site,
    }


def test_report(counted):
    report = selectors.audit_report(campaign=counted["campaign"])
    assert report.expected_count == 3
    assert report.scanned_count == 4
    assert set(report.missing) == set(counted["missing"])
    assert report.missing_count == 2
    assert {s.device for s in report.misplaced} == {counted["elsewhere"], counted["nowhere"]}
    assert [s.code for s in report.unknown] == ["GHOST-7"]
    assert [s.device for s in report.unexpected_state] == [counted["lost"]]
    conditions = dict(report.conditions)
    assert sum(conditions.values()) == 2
    grades = {str(label)[0]: n for label, n in report.grades}
    assert grades == {"A": 2, "B": 0, "C": 1, "D": 0}


def test_apply_moves_and_marks_lost(counted, actor):
    campaign = counted["campaign"]
    services.audit_campaign_transition(actor=actor, campaign=campaign, to_state="closed")
    outcome = services.audit_campaign_apply(actor=actor, campaign=campaign, mark_missing_lost=True)
    assert (outcome.moved, outcome.lost) == (2, 2)
    elsewhere = Device.objects.get(pk=counted["elsewhere"].pk)
    assert elsewhere.site == counted["site"]
    assert elsewhere.storage_room is None
    assert Device.objects.get(pk=counted["nowhere"].pk).site == counted["site"]
    for device in counted["missing"]:
        device.refresh_from_db()
        assert device.state == DeviceState.LOST
        step = DeviceTransition.objects.filter(device=device).first()
        assert campaign.name in step.reason_text
        assert "Not found during the physical audit" in step.reason_text
    campaign.refresh_from_db()
    assert campaign.state == AuditCampaignState.APPLIED
    assert campaign.applied_at is not None
    assert AuditEntry.objects.filter(object_id=str(elsewhere.public_id), action="update").exists()


def test_apply_without_marking_lost(counted, actor):
    campaign = counted["campaign"]
    services.audit_campaign_transition(actor=actor, campaign=campaign, to_state="closed")
    outcome = services.audit_campaign_apply(actor=actor, campaign=campaign, mark_missing_lost=False)
    assert (outcome.moved, outcome.lost) == (2, 0)
    assert not Device.objects.filter(state=DeviceState.LOST).exclude(pk=counted["lost"].pk).exists()


def test_apply_needs_a_closed_campaign(counted, actor):
    with pytest.raises(ValidationError, match="Close the campaign"):
        services.audit_campaign_apply(actor=actor, campaign=counted["campaign"], mark_missing_lost=False)
    assert Device.objects.get(pk=counted["elsewhere"].pk).site != counted["site"]


def test_apply_is_all_or_nothing(counted, actor, monkeypatch):
    campaign = counted["campaign"]
    services.audit_campaign_transition(actor=actor, campaign=campaign, to_state="closed")

    def refuse(**kwargs):
        raise ValidationError("refused", code="bulk_refused")

    monkeypatch.setattr(services, "device_bulk_transition", refuse)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.audit_campaign_apply(actor=actor, campaign=campaign, mark_missing_lost=True)
    # The moves made before the refusal were rolled back with it.
    assert Device.objects.get(pk=counted["elsewhere"].pk).site != counted["site"]
    assert Device.objects.get(pk=counted["nowhere"].pk).site is None
    campaign.refresh_from_db()
    assert campaign.state == AuditCampaignState.CLOSED
    assert AuditEntry.objects.count() == entries
