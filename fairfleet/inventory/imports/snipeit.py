"""Bring a Snipe-IT server's assets in through its REST API, by a URL and a personal API token.

The reader snapshots `GET /api/v1/hardware` into a CSV file, and the job then goes through the file pipeline
unchanged: the dry run and the apply read the very same rows, and the report looks like a file's. The token is
only ever held in memory: it is not written to the snapshot, the job, the error messages or the logs. It is why
the reading runs in the request, bounded by settings.SNIPEIT_DEADLINE, and not in a task whose arguments are stored.
Connections go to public addresses only, pinned to the address checked (`outbound`); every failure to reach the
server answers the same message, so that the form cannot be used to map this server's network.

Response shape: grokability/snipe-it, app/Http/Transformers/AssetsTransformer.php transformAsset() and
DatatablesTransformer (a page is {"total": n, "rows": [...]}), and app/Http/Controllers/Api/AssetsController.php
index() (limit capped by the server's max_results, 500 by default; an offset past the end gives an empty page;
default order is created_at desc, so we ask for sort=id&order=asc to page over a stable order). Text values are
HTML-escaped by the transformer (Laravel's e()), notes are rendered from Markdown, purchase_cost is formatted with
the server's digit separator ("1,099.00" or "1.099,00"), warranty_months is "36 months" in the server's language,
dates are {"date": "2021-03-15", "formatted": ...}, and status_label.status_meta is "deployed" when the asset is
checked out. API docs (Bearer token, Accept: application/json): https://snipe-it.readme.io/ and
https://mintlify.com/grokability/snipe-it/integration/api-overview.
"""

import csv
import html
import io
import ipaddress
import json
import logging
import re
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from urllib3.exceptions import ReadTimeoutError

from fairfleet.inventory.imports.jobs import import_job_check_start, import_job_create
from fairfleet.inventory.imports.outbound import Deadline, PinnedAdapter, Unreachable, resolve
from fairfleet.inventory.imports.presets import STATE_WORDS, match_word
from fairfleet.inventory.imports.readers import MAX_ROWS, ImportRefused
from fairfleet.inventory.models import ImportFormat, ImportJob
from fairfleet.tenancy.models import Organisation, User

PRESET = "snipeit_api"
PAGE_SIZE = 500  # Snipe-IT's default max_results; a server set lower sends fewer rows, and we follow its pages
TIMEOUT = 30  # seconds to connect, and for each whole answer; settings.SNIPEIT_DEADLINE bounds the whole reading
MAX_PAGES = 100_000  # with MAX_ROWS, bounds a server that sends tiny pages or never ends
MAX_PAGE_BYTES = 64 * 1024 * 1024  # a page of 500 assets is a few MB
MAX_RETRIES = 3  # answers 429 (Snipe-IT throttles its API, 120 requests a minute by default) before giving up
MAX_RETRY_WAIT = 60

# The snapshot's columns, in order; the "snipeit_api" preset in presets.py maps them (Company and Asset Name are
# kept unmapped, for a mapping to pick up).
COLUMNS = (
    "Snipe-IT ID", "Asset Tag", "Serial", "Asset Name", "Manufacturer", "Model", "Category", "Status",
    "Location", "Checked Out To", "Company", "Purchase Date", "Purchase Cost", "Supplier", "Warranty Months",
    "Warranty Expires", "Notes",
)  # fmt: skip

SNIPEIT_ERRORS = {
    "invalid_url": _(
        "Give the address of the Snipe-IT server, starting with https://, without a user name or password in it."
    ),
    "https_required": _("Give the https:// address of the Snipe-IT server: this server does not read it over http."),
    "no_token": _("Give a Snipe-IT API token."),
    "unreachable": _(
        "The Snipe-IT server at %(host)s could not be reached: check the address and that this server may "
        "connect to it."
    ),
    "timeout": _("The Snipe-IT server was too slow to send all its assets: try again later."),
    "redirected": _(
        "The server at %(host)s redirected the request (HTTP %(status)s): give the exact address of Snipe-IT, "
        "with https:// if it uses it."
    ),
    "bad_token": _(
        "The Snipe-IT server refused the API token (HTTP 401): check that it was copied whole and has not "
        "expired or been revoked."
    ),
    "forbidden": _("The API token is valid, but its user may not view assets in Snipe-IT (HTTP 403)."),
    "not_snipeit": _(
        "There is no Snipe-IT API at this address (HTTP 404): give the address of the Snipe-IT home page."
    ),
    "rate_limited": _("The Snipe-IT server asked to slow down too many times (HTTP 429): try again later."),
    "server_error": _(
        "The Snipe-IT server failed to answer (HTTP %(status)s): try again later, or ask its administrator."
    ),
    "http_error": _("The Snipe-IT server answered with the error HTTP %(status)s."),
    "html_answer": _(
        "The server answered with a web page instead of API data: check that the address is the Snipe-IT home page."
    ),
    "invalid_json": _("The Snipe-IT server sent an answer that could not be read (invalid JSON)."),
    "unexpected_answer": _("The server's answer does not look like a Snipe-IT asset list."),
    "server_refused": _("The Snipe-IT server refused the request: %(detail)s"),
    "answer_too_large": _("The Snipe-IT server sent a page larger than %(limit)s MB."),
    "pagination_ignored": _(
        "The Snipe-IT server sent the same page twice: it may be too old, or behind a proxy that drops the query."
    ),
    "too_many_rows": _("The Snipe-IT server lists more than %(limit)s assets, the most one import may bring in."),
    "too_large": _("The assets of this Snipe-IT server come to more than the limit of %(limit)s MB."),
    "no_assets": _("The Snipe-IT server lists no assets that this token may see."),
}


log = logging.getLogger(__name__)


class SnipeitError(ImportRefused):
    """The server could not be read; `code` is stable for machines, `message` is translated.

    An ImportRefused, so that whatever shows a refused file (the command, the page) shows this too."""

    @property
    def message(self) -> str:
        text = SNIPEIT_ERRORS[self.code]
        return str(text) % self.params if self.params else str(text)


# URLs ----------------------------------------------------------------------------------------


def _split(url: str):
    text = (url or "").strip()
    if not text or any(ord(ch) < 33 for ch in text):
        raise SnipeitError("invalid_url")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise SnipeitError("invalid_url") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise SnipeitError("invalid_url")
    return parts


def server_host(url: str) -> str:
    """The host (and port) of the server, to name the job: never the path, query or anything secret."""
    parts = _split(url)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{host}:{parts.port}" if parts.port else host


def api_endpoint(url: str) -> str:
    """The hardware endpoint from the server's address; an address that already ends in /api/v1 is accepted."""
    parts = _split(url)
    path = parts.path.rstrip("/")
    for suffix in ("/api/v1/hardware", "/api/v1"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return urlunsplit((parts.scheme.lower(), parts.netloc, f"{path}/api/v1/hardware", "", ""))


# Values --------------------------------------------------------------------------------------

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # a NUL would make the snapshot look binary
_TAGS = re.compile(r"<[^>]*>")
_BREAKS = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COST = re.compile(r"(\d{1,3}(?:[.,\s\u00a0'’]\d{3})*|\d+)[.,](\d{2})")
_NON_DIGITS = re.compile(r"\D")
_LEADING_INT = re.compile(r"\s*(\d+)")
# When the status label's own name says nothing we know, its kind does; "undeployable" labels are the broken
# and out-for-repair ones. A checked-out asset is in use, whatever its label is called.
_META_WORDS = {"deployed": "deployed", "deployable": "ready to deploy", "pending": "pending",
               "archived": "archived", "undeployable": "out for repair"}  # fmt: skip


def _text(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    return _CONTROLS.sub("", html.unescape(str(value))).strip()


def _name(asset: dict, key: str) -> str:
    value = asset.get(key)
    return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def _date(value) -> str:
    return _text(value.get("date")) if isinstance(value, dict) else _text(value)


def _cost(value) -> str:
    """ "1,099.00" and "1.099,00" as "1099.00": the server's separators are known to have two decimals."""
    text = _text(value)
    match = _COST.fullmatch(text)
    if match:
        return _NON_DIGITS.sub("", match[1]) + "." + match[2]
    return text  # left for the check to report


def _months(value) -> str:
    match = _LEADING_INT.match(_text(value))
    return match[1] if match else ""


def _notes(value) -> str:
    if not isinstance(value, str):
        return _text(value)
    return _text(_TAGS.sub("", _BREAKS.sub("\n", value)))


def _status(asset: dict) -> str:
    label = asset.get("status_label") or asset.get("status")
    if not isinstance(label, dict):
        return ""
    name, meta = _text(label.get("name")), _text(label.get("status_meta"))
    if meta == "deployed":
        return _META_WORDS["deployed"]
    if name and match_word(name, STATE_WORDS):
        return name
    return _META_WORDS.get(meta) or _META_WORDS.get(_text(label.get("status_type"))) or name


def _holder(asset: dict) -> str:
    # Assets checked out to a location or to another asset have no holder; the location says where they are.
    assigned = asset.get("assigned_to")
    if isinstance(assigned, dict) and assigned.get("type") == "user":
        return _text(assigned.get("name"))
    return ""


def asset_cells(asset: dict) -> list[str]:
    """One snapshot row, in the order of COLUMNS."""
    return [
        _text(asset.get("id")), _text(asset.get("asset_tag")), _text(asset.get("serial")), _text(asset.get("name")),
        _name(asset, "manufacturer"), _name(asset, "model"), _name(asset, "category"), _status(asset),
        _name(asset, "location") or _name(asset, "rtd_location"), _holder(asset), _name(asset, "company"),
        _date(asset.get("purchase_date")), _cost(asset.get("purchase_cost")), _name(asset, "supplier"),
        _months(asset.get("warranty_months")), _date(asset.get("warranty_expires")), _notes(asset.get("notes")),
    ]  # fmt: skip


# HTTP ----------------------------------------------------------------------------------------


class _Bearer(requests.auth.AuthBase):
    """Sets the token per request; being an auth object, it also keeps requests from reading ~/.netrc."""

    def __init__(self, token: str):
        self._token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "<Bearer>"


class _Reader:
    """GET requests to the checked address of one server, all within one deadline."""

    def __init__(self, url: str, token: str, deadline: Deadline):
        parts = _split(url)
        if parts.scheme.lower() == "http" and not settings.SNIPEIT_ALLOW_HTTP:
            raise SnipeitError("https_required")
        self.host, self.deadline, self.pages = server_host(url), deadline, 0
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        try:
            name = parts.hostname.encode("idna").decode("ascii")  # as DNS, TLS and the Host header spell it
        except UnicodeError as exc:
            raise SnipeitError("invalid_url") from exc
        host_header = (f"[{name}]" if ":" in name else name) + (f":{parts.port}" if parts.port else "")
        try:
            networks = [ipaddress.ip_network(n, strict=False) for n in settings.SNIPEIT_ALLOWED_NETWORKS]
            address = resolve(name, port, networks)
        except Unreachable as exc:
            raise self._unreachable(exc) from exc
        pinned = f"[{address}]" if ":" in address else address
        self.endpoint = urlsplit(api_endpoint(url))._replace(netloc=f"{pinned}:{port}").geturl()
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy from the environment (it would resolve the host again), no .netrc
        self.session.auth = _Bearer(token)
        self.session.verify = settings.SNIPEIT_CA_BUNDLE or True
        self.session.headers.update({"Accept": "application/json", "User-Agent": "fairfleet", "Host": host_header})
        adapter = PinnedAdapter(hostname=name, deadline=deadline)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def _unreachable(self, exc: Exception) -> SnipeitError:
        # One answer whatever the cause, so that the form cannot tell refused, closed, filtered or silent ports
        # apart; the log keeps the cause (the token is in a header, never in these texts).
        log.warning("Snipe-IT server %s not reached: %s", self.host, exc)
        return SnipeitError("unreachable", host=self.host)

    def _too_slow(self, exc: Exception) -> SnipeitError:
        if not self.pages:  # before a first page, slow is one more kind of unreachable
            return self._unreachable(exc)
        log.warning("Snipe-IT server %s too slow after %s pages: %s", self.host, self.pages, exc)
        return SnipeitError("timeout")

    def _read_body(self, response, started: float) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_PAGE_BYTES:
                raise SnipeitError("answer_too_large", limit=MAX_PAGE_BYTES // (1024 * 1024))
            if time.monotonic() - started > TIMEOUT:  # the read timeout alone lets a slow drip go on for ever
                raise self._too_slow(TimeoutError(f"a page took more than {TIMEOUT} s"))
            chunks.append(chunk)
        if self.deadline.passed():  # the sockets were shut: what came may be cut short
            raise self._too_slow(TimeoutError(f"deadline of {self.deadline.seconds} s"))
        return b"".join(chunks)

    def get(self, params: dict) -> tuple[int, dict, bytes]:
        started, remaining = time.monotonic(), self.deadline.remaining()
        if remaining <= 0:
            raise self._too_slow(TimeoutError(f"deadline of {self.deadline.seconds} s"))
        timeout = min(TIMEOUT, remaining)
        try:
            # No redirects: a redirect would carry the token elsewhere, or end on the login page.
            response = self.session.get(
                self.endpoint, params=params, timeout=(timeout, timeout), allow_redirects=False, stream=True
            )
            with response:
                body = self._read_body(response, started) if response.status_code == 200 else b""
                return response.status_code, response.headers, body
        except (requests.exceptions.RequestException, Unreachable) as exc:
            timed_out = isinstance(exc, requests.exceptions.Timeout) or (
                exc.args and isinstance(exc.args[0], ReadTimeoutError)  # a read timeout met while streaming
            )
            if timed_out or self.deadline.passed():
                raise self._too_slow(exc) from exc
            raise self._unreachable(exc) from exc


def _retry_wait(headers) -> float:
    try:
        return min(MAX_RETRY_WAIT, max(0.0, float(headers.get("Retry-After", "5"))))
    except ValueError:
        return 5.0


def _page(reader: _Reader, offset: int, limit: int) -> tuple[int, list]:
    params = {"limit": limit, "offset": offset, "sort": "id", "order": "asc"}
    for _attempt in range(MAX_RETRIES + 1):
        status, headers, body = reader.get(params)
        if status != 429:
            break
        wait = _retry_wait(headers)
        if wait >= reader.deadline.remaining():
            raise SnipeitError("rate_limited")
        time.sleep(wait)
    else:
        raise SnipeitError("rate_limited")
    if status == 200:
        result = _parse_page(headers, body)
        reader.pages += 1
        return result
    if 300 <= status < 400:
        raise SnipeitError("redirected", host=reader.host, status=status)
    codes = {401: "bad_token", 403: "forbidden", 404: "not_snipeit"}
    if status in codes:
        raise SnipeitError(codes[status])
    raise SnipeitError("server_error" if status >= 500 else "http_error", status=status)


def _parse_page(headers, body: bytes) -> tuple[int, list]:
    start = body.lstrip()[:1]
    if start == b"<" or (not start and "html" in headers.get("Content-Type", "")):
        raise SnipeitError("html_answer")
    try:
        data = json.loads(body)
    except ValueError as exc:  # also a body that is not UTF-8
        raise SnipeitError("invalid_json") from exc
    if isinstance(data, dict) and data.get("status") == "error":  # Snipe-IT's own errors come with HTTP 200
        detail = _text(data.get("messages") or data.get("message")) or "?"
        raise SnipeitError("server_refused", detail=detail[:200])
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise SnipeitError("unexpected_answer")
    total = data.get("total")
    if isinstance(total, str) and total.isdigit():
        total = int(total)
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise SnipeitError("unexpected_answer")
    if not all(isinstance(row, dict) for row in data["rows"]):
        raise SnipeitError("unexpected_answer")
    return total, data["rows"]


# Snapshot ------------------------------------------------------------------------------------


class _Sink:
    """Writes CSV text to a text or binary handle, counting the bytes against the upload limit."""

    def __init__(self, out):
        self.out = out
        self.text = isinstance(out, io.TextIOBase) or getattr(out, "encoding", None) is not None
        self.size = 0

    def write(self, rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        # Every cell quoted: the reader's delimiter sniffing then cannot be misled by commas or semicolons in notes.
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        text = buffer.getvalue()
        data = text.encode("utf-8")
        self.size += len(data)
        if self.size > settings.MAX_UPLOAD_BYTES:
            raise SnipeitError("too_large", limit=max(1, settings.MAX_UPLOAD_BYTES // (1024 * 1024)))
        self.out.write(text if self.text else data)


def snipeit_fetch(*, url: str, token: str, out, page_size: int = PAGE_SIZE) -> int:
    """Write the server's assets to `out` as UTF-8 CSV under the COLUMNS header; return how many were written.

    Pages are read in id order and written as they come; nothing is kept of a page once written."""
    token = (token or "").strip()
    if not token:
        _split(url)  # a bad address is said first
        raise SnipeitError("no_token")
    sink = _Sink(out)
    sink.write([list(COLUMNS)])
    count = offset = 0
    previous_first = None
    with Deadline(settings.SNIPEIT_DEADLINE) as deadline:
        reader = _Reader(url, token, deadline)
        try:
            for _number in range(MAX_PAGES):
                total, rows = _page(reader, offset, page_size)
                if total > MAX_ROWS or count + len(rows) > MAX_ROWS:
                    raise SnipeitError("too_many_rows", limit=f"{MAX_ROWS:,}")
                if not rows:
                    break
                if offset and rows[0].get("id") == previous_first:  # an offset ignored would loop to the limit
                    raise SnipeitError("pagination_ignored")
                previous_first = rows[0].get("id")
                sink.write([asset_cells(asset) for asset in rows])
                count += len(rows)
                offset += len(rows)
                if offset >= total:
                    break
            else:
                raise SnipeitError("too_many_rows", limit=f"{MAX_ROWS:,}")
        finally:
            reader.close()
    return count


def _file_name(host: str) -> str:
    return "snipeit-" + re.sub(r"[^A-Za-z0-9.-]+", "-", host).strip("-.") + ".csv"


def import_job_from_snipeit(
    *,
    organisation: Organisation,
    actor: User | None,
    url: str,
    token: str,
    start: bool = True,
    columns: dict | None = None,
) -> ImportJob:
    """Snapshot the server's assets and create an import job on the snapshot; with `start`, queue its check.

    The job is named after the server's host; the token is used for the requests and then forgotten."""
    host = server_host(url)
    with tempfile.TemporaryFile() as handle:
        if not snipeit_fetch(url=url, token=token, out=handle):
            raise SnipeitError("no_assets")
        handle.seek(0)
        job = import_job_create(
            organisation=organisation,
            actor=actor,
            handle=handle,
            name=_file_name(host),
            preset=PRESET,
            columns=columns,
            start=False,
        )
    job.format, job.source_name = ImportFormat.SNIPEIT_API, host[:255]
    job.save(update_fields=["format", "source_name", "updated_at"])
    if start:
        import_job_check_start(job=job)
    return job
