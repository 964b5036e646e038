"""Import of manufacturers' declared footprints from Boavizta's data set: reading, matching, review, apply."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairfleet.footprint.declarations import service
from fairfleet.footprint.declarations.matching import normalise_manufacturer, normalise_name
from fairfleet.footprint.declarations.reader import DeclarationFileRefused, embedded_figure, read_rows
from fairfleet.inventory.signals import fleet_changed
from fairfleet.tenancy.models import AuditEntry
from tests.conftest import member_client
from tests.inventory.factories import DeviceModelFactory

# The header of boavizta-data-us.csv in github.com/Boavizta/environmental-footprint-data (commit 61323eb).
HEADER = (
    "manufacturer,name,category,subcategory,gwp_total,gwp_use_ratio,yearly_tec,lifetime,use_location,report_date,"
    "sources,sources_hash,gwp_error_ratio,gwp_manufacturing_ratio,weight,assembly_location,screen_size,server_type,"
    "hard_drive,memory,number_cpu,height,added_date,add_method,gwp_transport_ratio,gwp_eol_ratio,"
    "gwp_electronics_ratio,gwp_battery_ratio,gwp_hdd_ratio,gwp_ssd_ratio,gwp_othercomponents_ratio,comment"
)
DELL_URL = "https://www.delltechnologies.com/asset/en-us/products/laptops/latitude-5420-pcf.pdf"
ROWS = [
    f"Dell,Latitude 5420,Workplace,Laptop,300.0,0.2,,4,EU,March 2021,{DELL_URL},abc,0.2,0.7,,,14,,,,,,01-01-2022,Manual,0.05,0.01,,,,,,",  # noqa: E501
    "Dell,OptiPlex 7090 Tower,Workplace,Desktop,501.0,,,4,EU,2021,https://example.org/o.pdf,def,,,,,,,,,,,,,,,,,,,,",
    "HP,EliteBook 840 G8 Notebook PC,Workplace,Laptop,250,0.24,,4,EU,2021-3-17,https://h22235.www2.hp.com/e.pdf,ghi,0.2,0.7,,,,,,,,,,,,,,,,,,",
    "Lenovo,ThinkPad T14 Gen 2,Workplace,Laptop,350.0,0.1,,4,EU,May 2021,https://psref.lenovo.com/t14.pdf,jkl,,,,,,,,,,,,,,,,,,,,",
    "Lenovo,ThinkPad X1 Carbon Gen 9,Workplace,Laptop,420.0,0.12,,4,EU,May 2021,https://psref.lenovo.com/x1.pdf,mno,,,,,,,,,,,,,,,,,,,,",
]


def us_csv(rows=ROWS) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


def upload(data: bytes, name: str = "boavizta-data-us.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def catalogue(organisation):
    return {
        "latitude": DeviceModelFactory(organisation=organisation, manufacturer="Dell Inc.", name="Latitude 5420"),
        "elitebook": DeviceModelFactory(
            organisation=organisation, manufacturer="Hewlett-Packard", name="HP EliteBook 840 G8"
        ),
        "thinkpad": DeviceModelFactory(
            organisation=organisation, manufacturer="LENOVO", name="ThinkPad T14 Gen2 20W0"
        ),
        "optiplex": DeviceModelFactory(organisation=organisation, manufacturer="Dell", name="OptiPlex 7090 Tower"),
        "macbook": DeviceModelFactory(organisation=organisation, manufacturer="Apple", name="MacBook Neo"),
    }


def review(client, data: bytes | None = None, **extra):
    return client.post(reverse("footprint:declaration_review"), {"file": upload(data or us_csv()), **extra})


def boxes(response) -> dict[str, dict]:
    """The review's checkboxes by model public id: posted value and whether it is ticked."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    for box in soup.select('input[type=checkbox][name="choice"]'):
        public_id = box["value"].partition(":")[0]
        found[public_id] = {"value": box["value"], "checked": box.has_attr("checked")}
        assert soup.find("label", attrs={"for": box["id"]}) is not None
    return found


def figures(*models) -> list:
    for model in models:
        model.refresh_from_db()
    return [model.declared_footprint_kgco2e for model in models]


# Reading


def test_embedded_figure_is_the_part_that_is_not_use():
    assert embedded_figure(Decimal("300"), Decimal("0.2")) == (Decimal("240.0"), "")
    assert embedded_figure(Decimal("300"), None)[0] is None
    assert embedded_figure(None, Decimal("0.2"))[0] is None
    assert embedded_figure(Decimal("300"), Decimal("1.5"))[0] is None


def test_embedded_figure_refuses_a_total_the_model_cannot_hold():
    # The field holds 9 digits with 1 after the point; 40 digits made quantize raise (a 500).
    assert embedded_figure(Decimal("99999999.9"), Decimal("0")) == (Decimal("99999999.9"), "")
    for total in (Decimal("100000000"), Decimal("9" * 40)):
        value, problem = embedded_figure(total, Decimal("0.5"))
        assert value is None
        assert "more than" in problem


def test_reads_the_us_file_and_lists_unusable_rows(tmp_path):
    path = tmp_path / "us.csv"
    path.write_bytes(us_csv())
    rows = read_rows(path)
    assert [r.embedded_kgco2e for r in rows] == [
        Decimal("240.0"),
        None,
        Decimal("190.0"),
        Decimal("315.0"),
        Decimal("369.6"),
    ]
    assert rows[0].report_date == "March 2021"
    assert rows[0].source_url == DELL_URL
    assert "gwp_use_ratio" in rows[1].problem


def test_reads_the_french_file_with_a_bom_semicolons_and_decimal_commas(tmp_path):
    # boavizta-data-fr.csv: ";" as delimiter and decimal commas (README "Data sets").
    text = HEADER.replace(",", ";") + "\n" + "Dell;Latitude 5420;Workplace;Laptop;300;0,2000" + ";" * 26 + "\n"
    path = tmp_path / "fr.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    rows = read_rows(path)
    assert rows[0].manufacturer == "Dell"
    assert rows[0].embedded_kgco2e == Decimal("240.0")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "not a CSV file"),
        (b"serial,model\nA1,Latitude\n", "the columns manufacturer, name, gwp_total, gwp_use_ratio are missing"),
        ((HEADER + "\n").encode(), "no device rows"),
    ],
)
def test_bad_files_are_refused_clearly_and_change_nothing(organisation, org_admin_client, catalogue, data, message):
    audits = AuditEntry.objects.count()
    response = org_admin_client.post(reverse("footprint:declaration_review"), {"file": upload(data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert figures(*catalogue.values()) == [None] * 5
    assert AuditEntry.objects.count() == audits


def test_reader_refuses_missing_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"manufacturer,name,gwp_total\nDell,Latitude,1\n")
    with pytest.raises(DeclarationFileRefused, match="gwp_use_ratio"):
        read_rows(path)


# Matching


@pytest.mark.parametrize(
    ("one", "other"),
    [("Dell Inc.", "Dell"), ("HP", "Hewlett-Packard"), ("HP Inc.", "HP"), ("Lenovo Group Limited", "LENOVO")],
)
def test_manufacturers_are_normalised(one, other):
    assert normalise_manufacturer(one) == normalise_manufacturer(other)


def test_hp_enterprise_is_not_hp():
    assert normalise_manufacturer("Hewlett Packard Enterprise") != normalise_manufacturer("HP")


def test_names_lose_the_manufacturer_and_filler_words():
    assert normalise_name("HP EliteBook 840 G8", "HP") == normalise_name("EliteBook 840 G8 Notebook PC", "HP")


def test_check_proposes_exact_and_fuzzy_matches(organisation, catalogue):
    check = service.declaration_import_check(organisation=organisation, handle=upload(us_csv()))
    by_name = {p.device_model.name: p for p in check.proposals}
    assert by_name["Latitude 5420"].exact
    assert by_name["Latitude 5420"].value == Decimal("240.0")
    assert by_name["HP EliteBook 840 G8"].exact
    assert by_name["HP EliteBook 840 G8"].ticked
    fuzzy = by_name["ThinkPad T14 Gen2 20W0"]
    assert not fuzzy.exact
    assert not fuzzy.ticked
    assert fuzzy.row.name == "ThinkPad T14 Gen 2"
    assert 0.6 <= fuzzy.score < 1
    assert by_name["OptiPlex 7090 Tower"].row is None
    assert by_name["OptiPlex 7090 Tower"].unusable_row is not None
    assert by_name["MacBook Neo"].row is None
    assert [row.line for row in check.unusable] == [3]


def test_models_with_a_figure_are_left_out_unless_asked(organisation, catalogue):
    latitude = catalogue["latitude"]
    latitude.declared_footprint_kgco2e = Decimal("100")
    latitude.save()
    check = service.declaration_import_check(organisation=organisation, handle=upload(us_csv()))
    assert latitude not in [p.device_model for p in check.proposals]
    check = service.declaration_import_check(organisation=organisation, handle=upload(us_csv()), include_declared=True)
    proposal = next(p for p in check.proposals if p.device_model == latitude)
    assert proposal.exact
    assert not proposal.ticked


# Pages


def test_review_shows_scores_and_ticks_only_exact_matches(organisation, org_admin_client, catalogue):
    response = review(org_admin_client)
    assert response.status_code == 200
    page = response.content.decode()
    found = boxes(response)
    assert found[str(catalogue["latitude"].public_id)]["checked"]
    assert found[str(catalogue["elitebook"].public_id)]["checked"]
    assert not found[str(catalogue["thinkpad"].public_id)]["checked"]
    assert str(catalogue["optiplex"].public_id) not in found
    assert str(catalogue["macbook"].public_id) not in found
    assert "Exact" in page
    assert "Close: " in page
    assert " %" in page
    assert "240.0" in page
    assert "March 2021" in page
    assert DELL_URL in page
    assert "no share of the use phase" in page
    assert figures(*catalogue.values()) == [None] * 5  # the review changes nothing


def test_review_without_a_file_goes_back_to_the_upload(org_admin_client):
    response = org_admin_client.get(reverse("footprint:declaration_review"))
    assert response.status_code == 302
    assert response.url == reverse("footprint:declaration_upload")


def test_apply_sets_the_ticked_figures_with_an_audited_source(organisation, org_admin_client, catalogue):
    found = boxes(review(org_admin_client))
    ticked = [box["value"] for box in found.values() if box["checked"]]
    signals = []

    def receiver(sender, organisation, **kwargs):
        signals.append(organisation)

    fleet_changed.connect(receiver, dispatch_uid="declarations-test")
    try:
        response = org_admin_client.post(reverse("footprint:declaration_apply"), {"choice": ticked})
    finally:
        fleet_changed.disconnect(dispatch_uid="declarations-test")
    assert response.status_code == 302
    assert figures(catalogue["latitude"], catalogue["elitebook"], catalogue["thinkpad"]) == [
        Decimal("240.0"),
        Decimal("190.0"),
        None,
    ]
    assert signals
    assert signals[0] == organisation
    entry = AuditEntry.objects.get(action=service.AUDIT_ACTION, object_id=str(catalogue["latitude"].public_id))
    assert entry.actor == org_admin_client.membership.user
    assert entry.organisation == organisation
    assert entry.after["declared_footprint_kgco2e"] == "240.0"
    assert entry.after["sources"] == DELL_URL
    assert entry.after["report_date"] == "March 2021"
    assert "Boavizta" in entry.after["source"]
    catalogue["latitude"].refresh_from_db()
    assert catalogue["latitude"].declared_footprint_source == entry.after["source"][:500]
    assert AuditEntry.objects.filter(action="update", object_id=str(catalogue["latitude"].public_id)).exists()
    followed = org_admin_client.get(response.url)
    assert "2 declared footprints were set" in followed.content.decode()


def test_a_fuzzy_match_is_applied_when_a_person_ticks_it(org_admin_client, catalogue):
    found = boxes(review(org_admin_client))
    value = found[str(catalogue["thinkpad"].public_id)]["value"]
    org_admin_client.post(reverse("footprint:declaration_apply"), {"choice": [value]})
    assert figures(catalogue["thinkpad"]) == [Decimal("315.0")]


def _tampered(value: str) -> str:
    public_id, _sep, signed = value.partition(":")
    payload = signing.loads(signed, salt=service.SALT)
    payload["v"] = "1.0"
    return f"{public_id}:{signing.dumps(payload, salt='someone else')}"


def _swapped(found, catalogue) -> str:
    """The latitude's id with the elitebook's proposal: a valid signature for another model."""
    elitebook = found[str(catalogue["elitebook"].public_id)]["value"].partition(":")[2]
    return f"{catalogue['latitude'].public_id}:{elitebook}"


@pytest.mark.parametrize("forge", ["signature", "edited", "swapped"])
def test_a_tampered_proposal_is_refused_and_changes_nothing(org_admin_client, catalogue, forge):
    found = boxes(review(org_admin_client))
    good = found[str(catalogue["elitebook"].public_id)]["value"]
    latitude = found[str(catalogue["latitude"].public_id)]["value"]
    bad = {
        "signature": latitude[:-3] + ("AAA" if not latitude.endswith("AAA") else "BBB"),
        "edited": _tampered(latitude),
        "swapped": _swapped(found, catalogue),
    }[forge]
    audits = AuditEntry.objects.count()
    response = org_admin_client.post(reverse("footprint:declaration_apply"), {"choice": [good, bad]})
    assert response.status_code == 400
    assert "nothing was applied" in response.content.decode()
    assert figures(*catalogue.values()) == [None] * 5
    assert AuditEntry.objects.count() == audits


def test_apply_with_nothing_ticked_says_so(org_admin_client):
    response = org_admin_client.post(reverse("footprint:declaration_apply"), {})
    assert response.status_code == 400
    assert "No model was ticked" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("fleet_manager", True), ("buyer", False), ("reuse_coordinator", False), ("viewer", False)],
)
def test_role_matrix(organisation, catalogue, role, allowed):
    client = member_client(organisation, role)
    assert client.get(reverse("footprint:declaration_upload")).status_code == (200 if allowed else 403)
    response = review(client)
    assert response.status_code == (200 if allowed else 403)
    proposal = service.sign_proposal(
        organisation=organisation,
        device_model=catalogue["latitude"],
        row=read_rows_from_bytes(us_csv())[0],
    )
    choice = f"{catalogue['latitude'].public_id}:{proposal}"
    response = client.post(reverse("footprint:declaration_apply"), {"choice": [choice]})
    assert response.status_code == (302 if allowed else 403)
    assert figures(catalogue["latitude"]) == [Decimal("240.0") if allowed else None]


def read_rows_from_bytes(data: bytes):
    from fairfleet.footprint.declarations.reader import read_upload

    return read_upload(upload(data))


def test_another_organisations_model_is_refused(organisation, other_organisation, org_admin_client, catalogue):
    theirs = DeviceModelFactory(organisation=other_organisation, manufacturer="Dell", name="Latitude 5420")
    row = read_rows_from_bytes(us_csv())[0]
    own_key = service.sign_proposal(organisation=organisation, device_model=theirs, row=row)
    their_key = service.sign_proposal(organisation=other_organisation, device_model=theirs, row=row)
    audits = AuditEntry.objects.count()
    for key in (own_key, their_key):
        response = org_admin_client.post(
            reverse("footprint:declaration_apply"), {"choice": [f"{theirs.public_id}:{key}"]}
        )
        assert response.status_code == 400
    assert figures(theirs) == [None]
    assert AuditEntry.objects.count() == audits
    # And the review only ever lists the organisation's own catalogue.
    assert str(theirs.public_id) not in review(org_admin_client).content.decode()
