"""Asset labels: a QR code that opens the device page, the tag in clear, laid out for label sheets.

The sheet is HTML with absolute millimetre positions, rendered to PDF by WeasyPrint: the positions
come from the label maker's template, so that every label lands on its die-cut place.
"""

import base64
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import qrcode
import qrcode.constants
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from PIL import Image

from fairfleet.inventory.models import Device
from fairfleet.tenancy.models import Organisation

# One PDF is rendered within a request: about 17 ms per label, so 1,000 labels take some 17 s.
MAX_LABELS = 1000


@dataclass(frozen=True)
class LabelFormat:
    code: str
    label: str
    page_width: float  # all sizes in millimetres
    page_height: float
    columns: int
    rows: int
    width: float
    height: float
    top: float  # margin above the first row
    left: float  # margin left of the first column
    column_gap: float = 0.0
    row_gap: float = 0.0

    @property
    def qr_size(self) -> float:
        """The QR code is a square as high as the label, less a margin that the printer can miss."""
        return round(self.height - 3, 2)

    @property
    def text_width(self) -> float:
        return round(self.width - self.qr_size - 4.5, 2)

    @property
    def compact(self) -> bool:
        return self.height < 25

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def position(self, index: int) -> tuple[float, float]:
        """The (left, top) corner of the index-th label of a sheet, counted row by row."""
        row, column = divmod(index, self.columns)
        return (
            round(self.left + column * (self.width + self.column_gap), 2),
            round(self.top + row * (self.height + self.row_gap), 2),
        )


# Measures from the makers' templates; the margins centre the grid on an A4 sheet (210 x 297 mm).
LABEL_FORMATS: dict[str, LabelFormat] = {
    f.code: f
    for f in [
        LabelFormat("l7160", _("Avery L7160: 21 labels of 63.5 × 38.1 mm (3 × 7)"), 210, 297, 3, 7, 63.5, 38.1,
                    top=15.15, left=7.25, column_gap=2.5),
        LabelFormat("l7163", _("Avery L7163: 14 labels of 99.1 × 38.1 mm (2 × 7)"), 210, 297, 2, 7, 99.1, 38.1,
                    top=15.15, left=4.65, column_gap=2.5),
        LabelFormat("l7651", _("Avery L7651: 65 labels of 38.1 × 21.2 mm (5 × 13)"), 210, 297, 5, 13, 38.1, 21.2,
                    top=10.7, left=4.75, column_gap=2.5),
        LabelFormat("roll62x29", _("Label roll 62 × 29 mm, one per page (Brother DK-11209)"), 62, 29, 1, 1, 62, 29,
                    top=0, left=0),
    ]
}  # fmt: skip
DEFAULT_FORMAT = "l7160"


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules, quiet zone included; medium error correction survives a scratched label."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_png_data_uri(data: str) -> str:
    """The QR code as a PNG of one pixel per module, printed sharp at any size (see the sheet's CSS).

    Measured on 200 labels: WeasyPrint lays out the sheet in 1.4 s without codes, 1.7 s with PNG
    codes, 3.2 to 5 s with SVG codes (its SVG renderer is pure Python); qrcode.image.svg was the slowest.
    """
    matrix = qr_matrix(data)
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@dataclass(frozen=True)
class PlacedLabel:
    left: float
    top: float
    code: str
    model: str
    url: str
    qr: str  # a data: URI


def label_sheet_html(
    *,
    organisation: Organisation,
    devices: Sequence[Device],
    label_format: LabelFormat,
    start_position: int,
    device_url: Callable[[Device], str],
) -> str:
    """The HTML of the sheets: the first `start_position - 1` places of the first sheet stay empty."""
    skipped = start_position - 1
    pages: list[list[PlacedLabel]] = []
    for index, device in enumerate(devices, start=skipped):
        page, place = divmod(index, label_format.per_sheet)
        if page == len(pages):
            pages.append([])
        url = device_url(device)
        left, top = label_format.position(place)
        pages[page].append(
            PlacedLabel(
                left=left,
                top=top,
                code=device.asset_tag or device.serial_number,
                model=str(device.model),
                url=url,
                qr=qr_png_data_uri(url),
            )
        )
    return render_to_string(
        "inventory/labels/sheet_pdf.html",
        {"pages": pages, "format": label_format, "organisation_name": organisation.name},
    )


def label_sheet_pdf(
    *,
    organisation: Organisation,
    devices: Sequence[Device],
    label_format: LabelFormat,
    start_position: int,
    device_url: Callable[[Device], str],
) -> bytes:
    import weasyprint  # imported here: loading its fonts takes a moment that other pages need not pay

    html = label_sheet_html(
        organisation=organisation,
        devices=devices,
        label_format=label_format,
        start_position=start_position,
        device_url=device_url,
    )
    return weasyprint.HTML(string=html).write_pdf()
