"""The donation agreement of an accepted lot, as PDF (WeasyPrint), DOCX (python-docx) and ODT (odfpy).

One content builder gives the texts, in the donor's language, to the three writers: the parties, the
legal basis, the devices with serial numbers, grade and erasure status, the recipient's commitment to
reuse them and prove it, and the signatures.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from fairfleet.inventory.models import Device
from fairfleet.reuse.donations import eligibility
from fairfleet.reuse.donations.models import DonationLot
from fairfleet.reuse.selectors import latest_assessment_value
from fairfleet.reuse.workflows import with_erasure_status

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


@dataclass
class Agreement:
    language: str
    title: str
    intro: str
    parties: list[tuple[str, str]]
    basis_title: str
    basis: list[str]
    devices_title: str
    header: list[str]
    rows: list[list[str]]
    pickup: list[tuple[str, str]]
    commitment_title: str
    commitments: list[str]
    signatures_title: str
    signatures: list[str]
    signature_lines: list[str]
    filename: str


def _erasure_status(device) -> str:
    if not device.holds_data:
        return _("No data storage")
    return _("Verified erasure recorded") if device.erasure_proven else _("No erasure record")


def _lot_devices(lot: DonationLot) -> list[Device]:
    """The lot's devices with their latest grade and whether an erasure lets them leave (no query per device)."""
    devices = Device.objects.filter(donation_items__lot=lot, donation_items__removed_at__isnull=True)
    return list(
        with_erasure_status(devices)
        .select_related("model", "category")
        .annotate(grade=latest_assessment_value("grade"))
        .order_by("donation_items__id")
    )


def agreement_content(lot: DonationLot) -> Agreement:
    donor, partner = lot.organisation, lot.partner
    language = donor.language
    with translation.override(language):
        listing = getattr(partner, "partner_listing", None)
        status = listing.get_legal_status_display() if listing else "—"
        devices = _lot_devices(lot)
        verdict = eligibility.check(
            donor=donor, partner_status=listing.legal_status if listing else "", devices=devices
        )
        if verdict.case is not None:
            basis = [
                _(
                    "This donation is made under article %(article)s, case %(case)s, of the French general code of "
                    "public property (CGPPP): %(summary)s"
                )
                % {"article": eligibility.RULES.article, "case": verdict.case.number, "summary": verdict.case.summary},
                _("Unit value cap: %(cap)s € per device (%(source)s).")
                % {"cap": verdict.case.unit_value_cap, "source": verdict.case.cap_source},
                *map(str, verdict.warnings),
            ]
        elif verdict.applies:
            basis = [
                _("Warning: no case of article L3212-2 of the CGPPP admits this recipient."),
                *map(str, verdict.warnings),
            ]
        else:
            basis = [str(note) for note in verdict.notes]
        rows = []
        for device in devices:
            rows.append(
                [
                    str(device.category.label),
                    str(device.model),
                    device.serial_number or "—",
                    device.asset_tag or "—",
                    device.grade or "—",
                    _erasure_status(device),
                ]
            )
        pickup_date = formats.date_format(lot.pickup_date, "DATE_FORMAT") if lot.pickup_date else "—"
        return Agreement(
            language=language,
            title=_("Donation agreement"),
            intro=_("Lot “%(lot)s”, %(count)d devices, reference %(ref)s.")
            % {"lot": lot.title, "count": len(rows), "ref": lot.public_id},
            parties=[
                (_("Donor"), f"{donor.name} ({donor.legal_identifier or '—'}), {lot.site.name}"),
                (_("Recipient"), f"{partner.name} ({partner.legal_identifier or '—'}), {status}"),
            ],
            basis_title=_("Legal basis"),
            basis=[str(b) for b in basis],
            devices_title=_("Devices donated"),
            header=[_("Category"), _("Model"), _("Serial number"), _("Asset tag"), _("Grade"), _("Data erasure")],
            rows=rows,
            pickup=[
                (_("Pick-up date"), pickup_date),
                (_("Pick-up place"), lot.pickup_place or "—"),
                (_("Transporter"), lot.transporter or "—"),
            ],
            commitment_title=_("Commitments of the recipient"),
            commitments=[
                _(
                    "The recipient takes the devices free of charge and commits to reuse them: to give them, "
                    "or sell them at a solidarity price where the law allows it, to people or bodies who will "
                    "use them."
                ),
                _(
                    "The recipient reports what became of each device (received, refurbished, given, sold at a "
                    "solidarity price or recycled) in fairfleet, as proof of reuse for the donor."
                ),
                _("Devices that cannot be reused are recycled through an approved WEEE channel."),
            ],
            signatures_title=_("Signatures"),
            signatures=[
                _("For the donor: name, role, date and signature"),
                _("For the recipient: name, role, date and signature"),
            ],
            signature_lines=[donor.name, partner.name],
            filename=f"donation-{str(lot.public_id)[:8]}",
        )


def agreement_pdf(lot: DonationLot) -> bytes:
    from weasyprint import HTML

    content = agreement_content(lot)
    with translation.override(content.language):
        html = render_to_string(
            "reuse_donations/agreement_pdf.html", {"a": content, "generated": timezone.localdate()}
        )
    return HTML(string=html).write_pdf()


def agreement_docx(lot: DonationLot) -> bytes:
    from docx import Document

    a = agreement_content(lot)
    document = Document()
    document.core_properties.language = a.language
    document.add_heading(a.title, level=0)
    document.add_paragraph(a.intro)
    for role, text in a.parties:
        document.add_paragraph(f"{role}: {text}")
    document.add_heading(a.basis_title, level=1)
    for line in a.basis:
        document.add_paragraph(line)
    document.add_heading(a.devices_title, level=1)
    table = document.add_table(rows=1, cols=len(a.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, a.header, strict=True):
        cell.text = text
    for row in a.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for label, value in a.pickup:
        document.add_paragraph(f"{label}: {value}")
    document.add_heading(a.commitment_title, level=1)
    for line in a.commitments:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading(a.signatures_title, level=1)
    for line, org in zip(a.signatures, a.signature_lines, strict=True):
        document.add_paragraph(f"{line} ({org})")
        document.add_paragraph("\n\n______________________________")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agreement_odt(lot: DonationLot) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    a = agreement_content(lot)
    document = OpenDocumentText()
    bold = Style(name="Heading", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold", fontsize="14pt"))
    document.styles.addElement(bold)

    def para(text):
        document.text.addElement(P(text=text))

    document.text.addElement(H(outlinelevel=1, stylename=bold, text=a.title))
    para(a.intro)
    for role, text in a.parties:
        para(f"{role}: {text}")
    document.text.addElement(H(outlinelevel=2, stylename=bold, text=a.basis_title))
    for line in a.basis:
        para(line)
    document.text.addElement(H(outlinelevel=2, stylename=bold, text=a.devices_title))
    table = Table(name="devices")
    table.addElement(TableColumn(numbercolumnsrepeated=len(a.header)))
    for row in [a.header, *a.rows]:
        tr = TableRow()
        for text in row:
            cell = TableCell()
            cell.addElement(P(text=text))
            tr.addElement(cell)
        table.addElement(tr)
    document.text.addElement(table)
    for label, value in a.pickup:
        para(f"{label}: {value}")
    document.text.addElement(H(outlinelevel=2, stylename=bold, text=a.commitment_title))
    for line in a.commitments:
        para(f"• {line}")
    document.text.addElement(H(outlinelevel=2, stylename=bold, text=a.signatures_title))
    for line, org in zip(a.signatures, a.signature_lines, strict=True):
        para(f"{line} ({org})")
        para("______________________________")
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
