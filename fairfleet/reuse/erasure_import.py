"""Import the reports of an erasure tool: Blancco XML reports, or a CSV export.

Blancco's XML report (as exported by the Blancco Management Console or Drive Eraser) nests
`<entries name="...">` groups and `<entry name="..." type="...">value</entry>` values under
`root/report/blancco_data`: `description` (document_id, document_log/log_entry/author/product_name,
description_entries/company_information/erasure_person), `blancco_hardware_report` (system/serial) and
`blancco_erasure_report/erasures/erasure` (state, erasure_standard_name, start_time, end_time,
target/serial). Blancco does not publish its schema: this structure comes from third-party parsers of
real reports, so the reader looks entries up by name wherever they sit (a tag named like the entry works
too) and says which field it missed. The CSV layout is ours, documented in docs/reuse-triage.md; its
column titles accept the usual spellings of Blancco's CSV exports (e.g. "Erasure standard",
"Disk serial", "System serial", "Erasure state", "End time").

Every line ends as matched (to be recorded), already recorded, unmatched (listed, never dropped) or in
error (named by its line and field). A dry run writes nothing; applying refuses a file with errors, so
that a report goes in whole or not at all.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from defusedxml import DTDForbidden, ElementTree, EntitiesForbidden, ExternalReferenceForbidden
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fairfleet.inventory.models import Device
from fairfleet.inventory.services import normalise_code
from fairfleet.reuse.models import ErasureMethod, ErasureRecord, ErasureResult
from fairfleet.tenancy.models import Organisation, User

MAX_BYTES = 10 * 1024 * 1024
MAX_LINES = 20_000
XML, CSV = "blancco_xml", "csv"


class ErasureImportRefused(ValidationError):
    """The file as a whole cannot be read; nothing was changed."""


@dataclass
class ErasureLine:
    line: int  # the CSV line, or the erasure's number in an XML file
    device_serial: str = ""
    drive_serial: str = ""
    method: str = ""
    technique: str = ""
    tool: str = ""
    operator: str = ""
    performed_at: datetime.datetime | None = None
    result: str = ""
    report_reference: str = ""
    device: Device | None = None
    status: str = ""  # matched, duplicate, unmatched, error
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "status": self.status,
            "device": str(self.device.public_id) if self.device else None,
            "device_label": str(self.device) if self.device else "",
            "device_serial": self.device_serial,
            "drive_serial": self.drive_serial,
            "method": self.method,
            "result": self.result,
            "performed_at": self.performed_at.isoformat() if self.performed_at else None,
            "messages": list(self.messages),
        }


@dataclass
class ErasureImportReport:
    format: str
    lines: list[ErasureLine]
    applied: bool = False
    created: int = 0

    def _with(self, status: str) -> list[ErasureLine]:
        return [line for line in self.lines if line.status == status]

    @property
    def matched(self) -> list[ErasureLine]:
        return self._with("matched")

    @property
    def duplicates(self) -> list[ErasureLine]:
        return self._with("duplicate")

    @property
    def unmatched(self) -> list[ErasureLine]:
        return self._with("unmatched")

    @property
    def errors(self) -> list[ErasureLine]:
        return self._with("error")

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "applied": self.applied,
            "created": self.created,
            "matched": len(self.matched),
            "duplicates": len(self.duplicates),
            "unmatched": len(self.unmatched),
            "errors": len(self.errors),
            "lines": [line.as_dict() for line in self.lines],
        }


# Reading --------------------------------------------------------------------------------------------------


def decode(content: bytes) -> str:
    if not content or not content.strip():
        raise ErasureImportRefused(_("The file is empty."), code="empty")
    if len(content) > MAX_BYTES:
        raise ErasureImportRefused(
            _("The file is larger than %(max)d MB: split it.") % {"max": MAX_BYTES // (1024 * 1024)}, code="too_big"
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ErasureImportRefused(
            _("The file is not UTF-8 text (line %(line)d): save or export it again as UTF-8.") % {"line": line},
            code="encoding",
        ) from None


def read(content: bytes) -> tuple[str, list[ErasureLine]]:
    """The file's format and its lines, parsed but not yet matched."""
    text = decode(content)
    if text.lstrip().startswith("<"):
        return XML, read_blancco_xml(content)
    return CSV, read_csv(text)


_SEPARATORS = re.compile(r"[\s._\-/]+")


def _norm(name: str) -> str:
    return _SEPARATORS.sub("", (name or "").strip().lower())


CSV_COLUMNS = {
    "device_serial": ("deviceserial", "systemserial", "serial", "serialnumber", "hardwaresystemserial",
                      "computerserial", "assetserial"),
    "drive_serial": ("driveserial", "diskserial", "targetserial", "erasuretargetserial", "mediaserial"),
    "method": ("method", "nistmethod", "sanitisationmethod", "sanitizationmethod"),
    "technique": ("technique", "erasurestandard", "erasurestandardname", "standard", "erasuremethod"),
    "tool": ("tool", "software", "productname", "erasuresoftware"),
    "operator": ("operator", "erasureperson", "technician", "technicianname", "performedby"),
    "performed_at": ("performedat", "date", "endtime", "erasureendtime", "timestamp", "erasuredate",
                     "completed", "finished"),
    "result": ("result", "state", "erasurestate", "status", "verification", "verified", "erasureresult"),
    "report_reference": ("reportreference", "reportid", "documentid", "reportuuid", "certificate",
                         "certificatenumber"),
}  # fmt: skip


def read_csv(text: str) -> list[ErasureLine]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ErasureImportRefused(_("The file is empty."), code="empty") from None
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        for name, aliases in CSV_COLUMNS.items():
            if _norm(title) in aliases and name not in positions:
                positions[name] = index
    if "device_serial" not in positions and "drive_serial" not in positions:
        raise ErasureImportRefused(
            _("Line 1: no serial number column. Name one column “Device serial” or “Drive serial”."),
            code="no_serial_column",
        )
    missing = [name for name in ("result", "performed_at") if name not in positions]
    if missing:
        titles = {"result": _("Result"), "performed_at": _("Date")}
        raise ErasureImportRefused(
            _("Line 1: the column “%(column)s” is missing.") % {"column": titles[missing[0]]}, code="missing_column"
        )
    lines = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(lines) >= MAX_LINES:
            raise ErasureImportRefused(
                _("The file holds more than %(max)d lines: split it.") % {"max": MAX_LINES}, code="too_many"
            )
        values = {name: (row[index].strip() if index < len(row) else "") for name, index in positions.items()}
        lines.append(_line_from_values(number, values, default_tool=""))
    if not lines:
        raise ErasureImportRefused(_("The file has a header but no line to import."), code="empty")
    return lines


MAX_DEPTH = 32  # a real report nests about ten levels
MAX_ELEMENTS = 1_000_000  # about 50 elements per erasure, for MAX_LINES erasures


def _key(element) -> str:
    return _norm(element.get("name") or element.tag.rsplit("}", 1)[-1])


def _child(element, name: str):
    if element is None:
        return None
    wanted = _norm(name)
    return next((child for child in element if _key(child) == wanted), None)


def _path(element, *names: str):
    for name in names:
        element = _child(element, name)
    return element


def _find_text(element, *names: str, walk: "XmlWalk") -> str:
    """The text of the first leaf descendant named like one of `names` (in this order of preference), found
    in one pass over the element's subtree."""
    if element is None:
        return ""
    wanted = [_norm(name) for name in names]
    found: dict[str, str] = {}
    for descendant in element.iter():
        walk.visited += 1
        if descendant is element or len(descendant):
            continue
        key = _key(descendant)
        if key in wanted and key not in found:
            text = (descendant.text or "").strip()
            if text:
                found[key] = text
                if key == wanted[0]:
                    break
    return next((found[key] for key in wanted if key in found), "")


@dataclass
class XmlWalk:
    """The work of reading one XML file, counted so that tests can prove it grows with the file, not faster."""

    elements: int = 0  # elements read by the parser
    visited: int = 0  # elements looked at by the lookups afterwards


def _xml_refused(message: str, code: str) -> ErasureImportRefused:
    return ErasureImportRefused(message, code=code)


def _parse_tree(source, walk: XmlWalk):
    """The document's root, built while reading: a file nested too deep or with too many elements is refused
    as soon as the parser reaches the limit, before the rest of it is read."""
    depth, root = 0, None
    try:
        for event, element in ElementTree.iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "end":
                depth -= 1
                continue
            depth += 1
            walk.elements += 1
            if root is None:
                root = element
            if depth > MAX_DEPTH:
                raise _xml_refused(
                    _("The XML file nests elements more than %(max)d levels deep: it is not a Blancco report.")
                    % {"max": MAX_DEPTH},
                    "xml_too_deep",
                )
            if walk.elements > MAX_ELEMENTS:
                raise _xml_refused(
                    _("The XML file holds more than %(max)d elements: split it.") % {"max": MAX_ELEMENTS},
                    "xml_too_many_elements",
                )
    except ElementTree.ParseError as error:
        line = getattr(error, "position", (0, 0))[0]
        raise _xml_refused(
            _("The XML file cannot be read (line %(line)d): %(error)s") % {"line": line, "error": error}, "xml"
        ) from None
    except DTDForbidden:
        raise _xml_refused(
            _("The XML file declares a document type (DOCTYPE), which can hide entities or external references: "
              "export the report again without it."),
            "xml_dtd",
        ) from None  # fmt: skip
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise _xml_refused(
            _("The XML file declares entities or external references, which are refused: export the report again."),
            "xml_entities",
        ) from None
    return root


def read_blancco_xml(content: bytes, walk: XmlWalk | None = None) -> list[ErasureLine]:
    """The erasures of a Blancco report, read on its documented path only (root/report/blancco_data), so that
    each element is looked at a bounded number of times whatever the file's shape."""
    walk = walk if walk is not None else XmlWalk()
    source = content if hasattr(content, "read") else io.BytesIO(content)
    root = _parse_tree(source, walk)
    if _key(root) != "root":
        raise _xml_refused(
            _("This XML file is not a Blancco report: its root element is “%(tag)s”, not “root”.")
            % {"tag": root.tag[:60]},
            "not_blancco",
        )
    reports = [report for report in root if _key(report) == "report" and _child(report, "blancco_data") is not None]
    if not reports:
        raise _xml_refused(
            _("This XML file is not a Blancco report: no “blancco_data” element was found."), "not_blancco"
        )
    lines: list[ErasureLine] = []
    for report in reports:
        data = _child(report, "blancco_data")
        description = _child(data, "description")
        system = _path(data, "blancco_hardware_report", "system")
        device_serial = _find_text(system, "serial", walk=walk)
        reference = _find_text(description, "document_id", walk=walk)
        tool = _find_text(description, "product_name", walk=walk) or "Blancco"
        version = _find_text(description, "product_version", walk=walk)
        operator = _find_text(description, "erasure_person", walk=walk) or _find_text(
            _child(report, "user_data"), "erasure_person", "technician_name", "technician", walk=walk
        )
        container = _path(data, "blancco_erasure_report", "erasures")
        erasures = [child for child in (container if container is not None else []) if len(child)]
        for erasure in erasures:
            if len(lines) >= MAX_LINES:
                raise ErasureImportRefused(
                    _("The file holds more than %(max)d erasures: split it.") % {"max": MAX_LINES}, code="too_many"
                )
            values = {
                "device_serial": device_serial,
                "drive_serial": _find_text(_child(erasure, "target"), "serial", walk=walk),
                "technique": _find_text(erasure, "erasure_standard_name", "erasure_standard", walk=walk),
                "tool": f"{tool} {version}".strip(),
                "operator": operator,
                "performed_at": _find_text(erasure, "end_time", "timestamp", "start_time", walk=walk),
                "result": _find_text(erasure, "state", "result", walk=walk),
                "report_reference": reference,
                "method": _find_text(erasure, "nist_method", "method", walk=walk),
            }
            lines.append(_line_from_values(len(lines) + 1, values, default_tool="Blancco"))
    return lines


# Values ----------------------------------------------------------------------------------------------------

RESULT_WORDS = {
    ErasureResult.PASSED: ("successful", "success", "passed", "pass", "verified", "ok", "completed", "erased",
                           "yes", "true"),
    ErasureResult.FAILED: ("failed", "failure", "fail", "error", "aborted", "cancelled", "canceled", "no", "false",
                           "noterased"),
    ErasureResult.NOT_VERIFIED: ("notverified", "unverified", "completedwithexceptions", "withexceptions",
                                 "erasedwithexceptions", "skipped"),
}  # fmt: skip


def parse_result(value: str) -> str | None:
    wanted = _norm(value)
    return next((result for result, words in RESULT_WORDS.items() if wanted in words), None)


def parse_method(method: str, technique: str) -> str | None:
    """The NIST SP 800-88 outcome: an explicit clear/purge/destroy, else read from the technique's name."""
    explicit = _norm(method)
    for choice in ErasureMethod.values:
        if explicit == choice or explicit == {"clear": "effacer", "purge": "purger", "destroy": "detruire"}[choice]:
            return choice
    text = f"{method} {technique}".lower()
    if re.search(r"destr|shred|degauss|crush|broyage", text):
        return ErasureMethod.DESTROY
    if re.search(r"purge|crypto|sanitize|secure erase|enhanced|firmware|block erase|format nvm", text):
        return ErasureMethod.PURGE
    if re.search(r"clear|overwrit|pass|dod|hmg|zero|random|baseline|bsi|gost|schneier|gutmann", text):
        return ErasureMethod.CLEAR
    return None


DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y")


def parse_datetime(value: str) -> datetime.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value.replace("Z", "+00:00"))
    moment = None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        for pattern in DATE_FORMATS:
            try:
                moment = datetime.datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _line_from_values(number: int, values: dict, *, default_tool: str) -> ErasureLine:
    line = ErasureLine(
        line=number,
        device_serial=normalise_code(values.get("device_serial", ""))[:100],
        drive_serial=normalise_code(values.get("drive_serial", ""))[:100],
        technique=values.get("technique", "")[:200],
        tool=(values.get("tool") or default_tool)[:200],
        operator=values.get("operator", "")[:200],
        report_reference=values.get("report_reference", "")[:200],
    )
    if not line.device_serial and not line.drive_serial:
        line.messages.append(_("No device serial and no drive serial: the line cannot be matched to a device."))
    method = parse_method(values.get("method", ""), line.technique)
    if method is None:
        line.messages.append(
            _("Method: cannot tell clear, purge or destroy from “%(value)s”; add a “Method” column.")
            % {"value": values.get("method") or line.technique}
        )
    else:
        line.method = method
    result = parse_result(values.get("result", ""))
    if result is None:
        line.messages.append(
            _("Result: “%(value)s” is not a known result (successful, failed, not verified).")
            % {"value": values.get("result", "")}
        )
    else:
        line.result = result
    raw_date = values.get("performed_at", "")
    moment = parse_datetime(raw_date)
    if moment is None:
        line.messages.append(
            _("Date: “%(value)s” is not a date; write it as 2026-11-27 14:30 or 27/11/2026 14:30.")
            % {"value": raw_date}
        )
    elif moment > timezone.now() + datetime.timedelta(hours=1):
        line.messages.append(_("Date: %(value)s is in the future.") % {"value": raw_date})
    else:
        line.performed_at = moment
    if not line.operator:
        line.operator = line.tool or _("unknown")
    if line.messages:
        line.status = "error"
    return line


# Matching and applying -------------------------------------------------------------------------------------


def match(organisation: Organisation, lines: list[ErasureLine]) -> None:
    """Find each line's device: by device serial, else by a drive serial already recorded for one device,
    else by a device whose serial is the drive's (phones and tablets have no separate drive)."""
    serials = {line.device_serial for line in lines if line.device_serial} | {
        line.drive_serial for line in lines if line.drive_serial
    }
    devices = {
        device.serial_number: device
        for device in Device.objects.filter(organisation=organisation, serial_number__in=serials).select_related(
            "model", "category"
        )
    }
    drive_owners: dict[str, set[int]] = {}
    for drive, device_id in ErasureRecord.objects.filter(
        organisation=organisation, drive_serial__in=[line.drive_serial for line in lines if line.drive_serial]
    ).values_list("drive_serial", "device_id"):
        drive_owners.setdefault(drive, set()).add(device_id)
    owners = {
        device.pk: device
        for device in Device.objects.filter(
            organisation=organisation, pk__in={pk for ids in drive_owners.values() for pk in ids}
        ).select_related("model", "category")
    }
    seen: set[tuple] = set()
    for line in lines:
        if line.status == "error":
            continue
        device = devices.get(line.device_serial) if line.device_serial else None
        if device is None and line.drive_serial:
            known = drive_owners.get(line.drive_serial, set())
            if len(known) == 1:
                device = owners.get(next(iter(known)))
            elif len(known) > 1:
                line.status = "unmatched"
                line.messages.append(
                    _("The drive serial %(serial)s was recorded for several devices: record it by hand.")
                    % {"serial": line.drive_serial}
                )
                continue
            else:
                device = devices.get(line.drive_serial)
        if device is None:
            line.status = "unmatched"
            line.messages.append(
                _("No device of the organisation has the serial %(serial)s.")
                % {"serial": line.device_serial or line.drive_serial}
            )
            continue
        line.device = device
        key = (device.pk, line.drive_serial, line.performed_at, line.method, line.result)
        if key in seen or _already_recorded(device, line):
            line.status = "duplicate"
            line.messages.append(_("This erasure is already recorded."))
            continue
        seen.add(key)
        line.status = "matched"


def _already_recorded(device: Device, line: ErasureLine) -> bool:
    return ErasureRecord.objects.filter(
        device=device, drive_serial=line.drive_serial, performed_at=line.performed_at, method=line.method
    ).exists()


def erasure_import(
    *, actor: User | None, organisation: Organisation, content: bytes, apply: bool = False
) -> ErasureImportReport:
    """Read, match and, with apply=True, record the matched lines in one transaction. A file with errors
    is never applied; unmatched and already recorded lines are listed and skipped."""
    from fairfleet.reuse.services import erasure_record_create

    file_format, lines = read(content)
    match(organisation, lines)
    report = ErasureImportReport(format=file_format, lines=lines)
    if not apply:
        return report
    if report.errors:
        raise ErasureImportRefused(
            _("The file has errors on %(count)d lines: correct them, then import it again; nothing was recorded.")
            % {"count": len(report.errors)},
            code="has_errors",
        )
    with transaction.atomic():
        for line in report.matched:
            erasure_record_create(
                actor=actor,
                device=line.device,
                data={
                    "drive_serial": line.drive_serial,
                    "method": line.method,
                    "technique": line.technique,
                    "tool": line.tool,
                    "operator": line.operator,
                    "performed_at": line.performed_at,
                    "result": line.result,
                    "report_reference": line.report_reference,
                },
                source=file_format,
            )
            report.created += 1
    report.applied = True
    return report
