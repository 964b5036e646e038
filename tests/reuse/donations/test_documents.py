"""The donation agreement, generated as PDF, DOCX and ODT and read back."""

import io
import zipfile

import pytest
from docx import Document
from pypdf import PdfReader

from fairfleet.reuse.donations import documents


@pytest.fixture
def lot(handed_over):
    return handed_over[0]


def test_content_lists_parties_basis_and_devices(lot, donor, listing):
    content = documents.agreement_content(lot)
    assert content.language == "fr"
    assert donor.name in content.parties[0][1]
    assert listing.organisation.name in content.parties[1][1]
    assert "L3212-2" in content.basis[0]
    assert "3°" in content.basis[0]
    serials = {row[2] for row in content.rows}
    assert serials == {"SN-A1", "SN-A2"}
    assert {row[4] for row in content.rows} == {"B"}
    assert all(row[5] for row in content.rows)


def test_pdf_reads_back(lot, donor, listing):
    pdf = documents.agreement_pdf(lot)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("SN-A1", "SN-A2", donor.name, listing.organisation.name, "L3212-2", "Hôtel de ville"):
        assert expected in text


def test_docx_reads_back(lot, donor, listing):
    document = Document(io.BytesIO(documents.agreement_docx(lot)))
    assert document.core_properties.language == "fr"
    text = "\n".join(p.text for p in document.paragraphs)
    assert donor.name in text
    assert listing.organisation.name in text
    table = document.tables[0]
    serials = {row.cells[2].text for row in table.rows[1:]}
    assert serials == {"SN-A1", "SN-A2"}
    assert len(table.rows) == 3


def test_odt_reads_back(lot, donor):
    data = documents.agreement_odt(lot)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("mimetype") == documents.ODT_TYPE.encode()
        xml = archive.read("content.xml").decode()
    assert "SN-A1" in xml
    assert donor.name in xml


def test_belgian_donor_gets_no_french_legal_basis(handed_over):
    lot = handed_over[0]
    lot.organisation.country = "BE"
    lot.organisation.language = "nl"
    lot.organisation.save()
    content = documents.agreement_content(lot)
    assert content.language == "nl"
    assert "L3212-2" not in " ".join(content.basis)
