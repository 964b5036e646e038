"""A Snipe-IT server that speaks GET /api/v1/hardware over real HTTP, on 127.0.0.1, for the API reader's tests.

Rows are shaped like grokability/snipe-it's AssetsTransformer::transformAsset(): text HTML-escaped as Laravel's
e() does, nested {id, name} objects, dates as {date, formatted}, purchase_cost formatted "1,099.00", warranty as
"36 months". Pages follow AssetsController::index(): the limit is capped by max_results and an offset past the
end gives an empty page. Each request is recorded, to check what the reader asked for.
"""

import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TOKEN = "test-token-5f1c0d9e"

MODELS = (
    ("Dell", "Latitude 5420", "Laptops"),
    ("Dell", "OptiPlex 7090", "Desktops"),
    ("HP", "P24h G4", "Monitors"),
    ("Fairphone", "Fairphone 4", "Mobile Phones"),
)
STATUSES = (  # name, status_type
    ("Ready to Deploy", "deployable"),
    ("Pending", "pending"),
    ("Out for Diagnostics", "undeployable"),
)


def e(text: str) -> str:
    """Laravel's e(): htmlspecialchars with ENT_QUOTES."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        .replace("'", "&#039;")
    )  # fmt: skip


def _named(pk: int, name: str) -> dict:
    return {"id": pk, "name": e(name), "tag_color": None}


def asset(n: int) -> dict:
    """Asset n: 3, 9, 15... checked out to a user, 7, 14, 21... without a serial number."""
    manufacturer, model, category = MODELS[n % len(MODELS)]
    status, status_type = STATUSES[n % len(STATUSES)]
    checked_out = n % 6 == 3  # only "Ready to Deploy" ones, as in Snipe-IT
    user = {"id": 100 + n % 4, "username": f"user{n % 4}", "name": e(f"Agent {n % 4} O'Brien"),
            "first_name": f"Agent {n % 4}", "last_name": "O&#039;Brien", "email": None, "employee_number": None,
            "jobtitle": None, "type": "user"}  # fmt: skip
    row = {
        "id": n,
        "name": e(f"PC-{n:04d}"),
        "asset_tag": e(f"SNIPE-{n:04d}"),
        "serial": "" if n % 7 == 0 else e(f"SN{n:06d}"),
        "model": {"id": n % len(MODELS) + 1, "name": e(model)},
        "byod": False,
        "model_number": None,
        "status_label": {
            "id": n % len(STATUSES) + 1,
            "name": e(status),
            "status_type": status_type,
            "status_meta": "deployed" if checked_out else status_type,
        },
        "category": _named(n % len(MODELS) + 10, category),
        "manufacturer": _named(n % 2 + 20, manufacturer),
        "supplier": _named(30, "Bureau & Co") if n % 2 else None,
        "notes": "Écran <em>rayé</em>" if n % 5 == 0 else None,
        "order_number": None,
        "company": _named(40, "Région Démo"),
        "location": _named(50 + n % 2, "Hôtel de Région" if n % 2 else "Site Gent"),
        "rtd_location": _named(50, "Site Gent"),
        "image": None,
        "assigned_to": user if checked_out else None,
        "warranty_months": "36 months",
        "warranty_expires": {"date": "2024-03-15", "formatted": "15/03/2024"},
        "created_at": {"datetime": "2021-03-15 10:00:00", "formatted": "15/03/2021 10:00"},
        "purchase_date": {"date": "2021-03-15", "formatted": "15/03/2021"},
        "purchase_cost": "1,099.00" if n % 2 else None,
        "custom_fields": {},
        "available_actions": {"checkout": True, "checkin": True, "update": True, "delete": False},
    }
    return row


class FakeSnipeit:
    """Use as a context manager; `url` is the server's home page address.

    Knobs, all settable while it runs: `max_results` (the server's page cap), `total` (a total other than the
    number of assets), `answer` (status, content type, body) sent instead of the API, `delay` (seconds before
    answering), `throttle` (how many requests are answered 429 first)."""

    def __init__(
        self, assets: list[dict] | None = None, *, token: str = TOKEN, max_results: int = 500, tls: tuple = ()
    ):
        self.assets = assets if assets is not None else [asset(n) for n in range(1, 11)]
        self.token, self.max_results = token, max_results
        self.total: int | None = None
        self.answer: tuple[int, str, bytes] | None = None
        self.delay = 0.0
        self.throttle = 0
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.block_on_close = False  # a handler still sleeping in the timeout test must not hold the close
        self.scheme = "https" if tls else "http"
        if tls:  # (certificate file, key file)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FakeSnipeit":
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()

    def page(self, path: str, query: dict, authorization: str) -> tuple[int, str, bytes, dict]:
        if self.delay:
            time.sleep(self.delay)
        if self.throttle:
            self.throttle -= 1
            return 429, "application/json", b'{"message":"Too Many Attempts."}', {"Retry-After": "0"}
        if self.answer is not None:
            return (*self.answer, {})
        if path != "/api/v1/hardware":
            return 404, "text/html", b"<!doctype html><title>Not Found</title>", {}
        if authorization != f"Bearer {self.token}":
            return 401, "application/json", b'{"status":"error","messages":"Unauthorized","payload":null}', {}
        rows = sorted(self.assets, key=lambda a: a["id"])
        if query.get("order") == "desc" or query.get("sort") != "id":
            rows.reverse()  # the real default order is newest first
        limit = min(int(query.get("limit", 50)), self.max_results)
        offset = min(int(query.get("offset", 0)), len(rows))
        total = len(rows) if self.total is None else self.total
        body = json.dumps({"total": total, "rows": rows[offset : offset + limit]}).encode()
        return 200, "application/json", body, {}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                authorization = self.headers.get("Authorization", "")
                fake.requests.append(
                    {"path": parts.path, "query": query, "authorization": authorization,
                     "accept": self.headers.get("Accept", ""), "host": self.headers.get("Host", "")}
                )  # fmt: skip
                status, content_type, body, headers = fake.page(parts.path, query, authorization)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first, as in the timeout test

            def log_message(self, format, *args):
                pass

        return Handler
