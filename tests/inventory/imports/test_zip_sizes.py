"""A workbook whose zip directory lies about its members' sizes is refused before calamine inflates it."""

import struct
import zipfile
from pathlib import Path

import pytest

from fairfleet.inventory.imports.readers import ImportRefused, check_zip

SHEET = "xl/worksheets/sheet1.xml"


def _bomb(path: Path, megabytes: int = 150) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open(SHEET, "w") as member:
            for _i in range(megabytes):
                member.write(b"\0" * (1024 * 1024))


def _claim_size(path: Path, name: str, claimed: int) -> None:
    """Write `claimed` as the member's uncompressed size in its local header and in the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    assert data[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, info.header_offset + 22, claimed)
    encoded = name.encode()
    entry = 0
    while True:
        entry = data.index(b"PK\x01\x02", entry)
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if bytes(data[entry + 46 : entry + 46 + name_length]) == encoded:
            struct.pack_into("<I", data, entry + 24, claimed)
            break
        entry += 4
    path.write_bytes(bytes(data))


def test_declared_sizes_that_lie_are_refused(tmp_path):
    path = tmp_path / "liar.xlsx"
    _bomb(path)
    _claim_size(path, SHEET, 1000)
    with zipfile.ZipFile(path) as archive:  # the directory now claims a small workbook
        assert sum(member.file_size for member in archive.infolist()) < 2000
    with pytest.raises(ImportRefused) as refused:
        check_zip(path, path.stat().st_size, "xlsx")
    assert refused.value.code in {"zip_bomb", "not_a_spreadsheet"}


def test_an_honest_small_workbook_passes(tmp_path):
    path = tmp_path / "small.xlsx"
    _bomb(path, megabytes=1)
    check_zip(path, path.stat().st_size, "xlsx")
