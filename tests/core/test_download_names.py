"""Download names built from user text: one header line, no path, no quote, accents kept in filename*."""

import pytest

from fairfleet.core.exports import attachment_disposition, csv_response


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("devices-2026-01-01.xlsx", 'attachment; filename="devices-2026-01-01.xlsx"'),
        ("cert-A\nB.pdf", 'attachment; filename="cert-A_B.pdf"'),
        ('cert-"x".pdf', 'attachment; filename="cert-_x_.pdf"'),
        ("../../etc/passwd", 'attachment; filename="etc_passwd"'),
        ("a\\b;c.pdf", 'attachment; filename="a_b_c.pdf"'),
        (
            "certificat-été.pdf",
            "attachment; filename=\"certificat-ete.pdf\"; filename*=UTF-8''certificat-%C3%A9t%C3%A9.pdf",
        ),
        ("photo\u202egpj.exe", 'attachment; filename="photo_gpj.exe"'),
        ("\r\n", 'attachment; filename="download"'),
        ("资产.pdf", "attachment; filename=\"pdf\"; filename*=UTF-8''%E8%B5%84%E4%BA%A7.pdf"),
    ],
)
def test_attachment_disposition(name, header):
    assert attachment_disposition(name) == header


def test_csv_download_named_with_a_newline_is_one_header():
    response = csv_response("list\r\nSet-Cookie: x=1.csv", ["a"], [])
    assert "\n" not in response["Content-Disposition"]
    assert "\r" not in response["Content-Disposition"]
