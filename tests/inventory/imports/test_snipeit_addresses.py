"""Where the Snipe-IT reader may connect, over real sockets: public addresses only, pinned, https, one deadline.

The resolver and socket.socket are patched only as the outside world: the resolver to answer for made-up names,
socket.socket to record every connection attempt (and to keep those to other machines from leaving this one).
"""

import io
import socket
import subprocess
import threading
import time

import pytest
from django.urls import reverse

from fairfleet.inventory.imports import snipeit
from fairfleet.inventory.imports.snipeit import SnipeitError, snipeit_fetch
from fairfleet.inventory.models import ImportJob
from tests.inventory.imports.fake_snipeit import TOKEN, FakeSnipeit, asset

PUBLIC = "93.184.216.34"


def unreachable(host: str) -> str:
    return (
        f"The Snipe-IT server at {host} could not be reached: check the address and that this server may connect "
        "to it."
    )


@pytest.fixture(autouse=True)
def _defaults(settings, monkeypatch):
    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = False, []  # the defaults
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setattr(snipeit, "TIMEOUT", 1)  # a connection that was let through must not hang the test


@pytest.fixture
def connects(monkeypatch):
    """Every address a socket connects to; only loopback ones are really connected."""
    made = []

    class Recording(socket.socket):
        def connect(self, address):
            made.append(address[:2])
            if not address[0].startswith("127."):
                raise ConnectionRefusedError("kept on this machine by the test")
            return super().connect(address)

    monkeypatch.setattr(socket, "socket", Recording)
    return made


@pytest.fixture
def resolver(monkeypatch):
    """Made-up names: {name: [answer, answer...]}, one answer (a list of addresses) per lookup, the last kept."""
    real, names, lookups = socket.getaddrinfo, {}, []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        answers = names[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    names["lookups"] = lookups
    return names


class Listener:
    """A port on loopback that accepts and says nothing, counting whoever connects."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted, self.held = 0, []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def listener():
    port = Listener()
    yield port
    port.close()


def refused(url: str) -> SnipeitError:
    with pytest.raises(SnipeitError) as caught:
        snipeit_fetch(url=url, token=TOKEN, out=io.BytesIO())
    return caught.value


# Addresses -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_loopback_is_refused_without_connecting(settings, listener, scheme):
    settings.SNIPEIT_ALLOW_HTTP = True
    for host in ("127.0.0.1", "localhost"):
        error = refused(f"{scheme}://{host}:{listener.port}")
        assert (error.code, error.message) == ("unreachable", unreachable(f"{host}:{listener.port}"))
    assert listener.accepted == 0


@pytest.mark.parametrize(
    "host",
    ["10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "0.1.2.3", "224.0.0.1",
     "240.0.0.1", "255.255.255.255", "[::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[fe80::1]",
     "[fd00:ec2::254]", "[2002:7f00:1::1]", "[64:ff9b::a9fe:a9fe]", "[ff02::1]"],
)  # fmt: skip
def test_addresses_that_are_not_public_are_refused_without_connecting(connects, host):
    for port in ("", ":22", ":8443"):
        error = refused(f"https://{host}{port}/")
        assert (error.code, error.message) == ("unreachable", unreachable(host + port))
    assert connects == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(connects, resolver):
    resolver["snipe.example.org"] = [[PUBLIC, "169.254.169.254"]]
    error = refused("https://snipe.example.org")
    assert error.message == unreachable("snipe.example.org")
    assert connects == []


def test_the_checked_address_is_the_one_connected_to(settings, connects, resolver):
    # DNS rebinding: the name answers a public address to the check, then loopback to any later lookup.
    settings.SNIPEIT_ALLOW_HTTP = True
    with FakeSnipeit() as fake:
        port = int(fake.url.rsplit(":", 1)[1])
        resolver["rebind.example.org"] = [[PUBLIC], ["127.0.0.1"]]
        error = refused(f"http://rebind.example.org:{port}")
    assert error.message == unreachable(f"rebind.example.org:{port}")
    assert connects == [(PUBLIC, port)]
    assert fake.requests == []
    assert resolver["lookups"] == ["rebind.example.org"]


def test_an_allowed_network_is_read_by_name_with_its_host_header(settings, connects, resolver):
    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = True, ["127.0.0.0/8"]
    with FakeSnipeit([asset(n) for n in range(1, 4)]) as fake:
        port = int(fake.url.rsplit(":", 1)[1])
        resolver["snipe.intranet"] = [["127.0.0.1"]]
        assert snipeit_fetch(url=f"http://snipe.intranet:{port}", token=TOKEN, out=io.BytesIO()) == 3
    assert connects == [("127.0.0.1", port)]
    assert [r["host"] for r in fake.requests] == [f"snipe.intranet:{port}"]


def test_an_international_name_is_sent_as_dns_spells_it(settings, resolver):
    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = True, ["127.0.0.0/8"]
    with FakeSnipeit([asset(1)]) as fake:
        port = int(fake.url.rsplit(":", 1)[1])
        resolver["xn--bcher-kva.example"] = [["127.0.0.1"]]
        assert snipeit_fetch(url=f"http://bücher.example:{port}", token=TOKEN, out=io.BytesIO()) == 1
    assert [r["host"] for r in fake.requests] == [f"xn--bcher-kva.example:{port}"]


def test_an_allowed_network_does_not_open_the_others(settings, connects):
    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = True, ["10.1.2.0/24"]
    assert refused("https://10.1.3.4").message == unreachable("10.1.3.4")
    assert refused("https://127.0.0.1").message == unreachable("127.0.0.1")
    assert connects == []
    refused("https://10.1.2.9")  # the allowed one is tried (the test's socket refuses to leave the machine)
    assert connects == [("10.1.2.9", 443)]


def test_every_failure_to_reach_gives_the_same_message(settings, connects, resolver, listener, caplog):
    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = True, ["127.0.0.1/32"]
    resolver["snipe.example.org"] = [[]]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    with FakeSnipeit() as fake:
        plain = int(fake.url.rsplit(":", 1)[1])
        errors = {
            "no such name": refused("https://snipe.example.org"),
            "private": refused("https://10.0.0.1"),
            "closed port": refused(f"http://127.0.0.1:{closed}"),
            "silent port": refused(f"http://127.0.0.1:{listener.port}"),
            "no TLS": refused(f"https://127.0.0.1:{plain}"),
        }
    assert {name: e.code for name, e in errors.items()} == dict.fromkeys(errors, "unreachable")
    assert [e.message.split(" could not")[1] for e in errors.values()] == [unreachable("x").split(" could not")[1]] * 5
    assert "resolves to 10.0.0.1, which is not a public address" in caplog.text  # the log keeps the cause
    assert TOKEN not in caplog.text


def test_http_needs_the_operator_setting(settings):
    settings.SNIPEIT_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with FakeSnipeit() as fake:
        error = refused(fake.url)
        assert error.code == "https_required"
        assert fake.requests == []
        settings.SNIPEIT_ALLOW_HTTP = True
        assert snipeit_fetch(url=fake.url, token=TOKEN, out=io.BytesIO()) == 10


# The deadline --------------------------------------------------------------------------------


def test_the_deadline_covers_all_the_pages(settings):
    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = True, ["127.0.0.1/32"]
    settings.SNIPEIT_DEADLINE = 1
    with FakeSnipeit([asset(n) for n in range(1, 51)], max_results=10) as fake:
        fake.delay = 0.4  # each page well within the timeout, five of them past the deadline
        started = time.monotonic()
        error = refused(fake.url)
        elapsed = time.monotonic() - started
    assert error.code == "timeout"
    assert error.message == "The Snipe-IT server was too slow to send all its assets: try again later."
    assert 2 <= len(fake.requests) <= 3
    assert elapsed < 1.9  # five pages take 2 s


def test_a_server_that_drips_its_headers_is_cut_at_the_deadline(settings):
    settings.SNIPEIT_ALLOW_HTTP, settings.SNIPEIT_ALLOWED_NETWORKS = True, ["127.0.0.1/32"]
    settings.SNIPEIT_DEADLINE = 1.5
    server = socket.create_server(("127.0.0.1", 0))
    port, stop = server.getsockname()[1], threading.Event()

    def drip():
        conn, _ = server.accept()
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not stop.is_set():  # one byte every 0.2 s: each read finishes well within the 1 s timeout
            try:
                conn.sendall(b"a")
            except OSError:
                break
            time.sleep(0.2)
        conn.close()

    threading.Thread(target=drip, daemon=True).start()
    outcome = []
    reading = threading.Thread(target=lambda: outcome.append(refused(f"http://127.0.0.1:{port}")), daemon=True)
    started = time.monotonic()
    reading.start()
    reading.join(timeout=6)
    stop.set()
    server.close()
    assert not reading.is_alive()
    assert time.monotonic() - started < 3
    assert outcome[0].message == unreachable(f"127.0.0.1:{port}")  # nothing was read: as if never reached


# The page ------------------------------------------------------------------------------------


def test_the_page_refuses_a_private_address(organisation, org_admin_client, listener, settings):
    settings.SNIPEIT_ALLOW_HTTP = True
    url = f"http://127.0.0.1:{listener.port}"
    response = org_admin_client.post(reverse("inventory:import_snipeit"), {"url": url, "token": TOKEN})
    assert response.status_code == 400
    assert unreachable(f"127.0.0.1:{listener.port}") in response.content.decode().replace("&#x27;", "'")
    assert listener.accepted == 0
    assert not ImportJob.objects.exists()


# TLS -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for snipe.test, made by the openssl command."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=snipe.test",
         "-addext", "subjectAltName=DNS:snipe.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


def test_tls_is_verified_against_the_name_not_the_address(settings, resolver, certificate):
    settings.SNIPEIT_ALLOWED_NETWORKS, settings.SNIPEIT_CA_BUNDLE = ["127.0.0.0/8"], certificate[0]
    resolver["snipe.test"] = [["127.0.0.1"]]
    resolver["other.test"] = [["127.0.0.1"]]
    with FakeSnipeit([asset(n) for n in range(1, 4)], tls=certificate) as fake:
        port = int(fake.url.rsplit(":", 1)[1])
        assert snipeit_fetch(url=f"https://snipe.test:{port}", token=TOKEN, out=io.BytesIO()) == 3
        assert [r["host"] for r in fake.requests] == [f"snipe.test:{port}"]
        assert refused(f"https://other.test:{port}").message == unreachable(f"other.test:{port}")
        assert refused(f"https://127.0.0.1:{port}").message == unreachable(f"127.0.0.1:{port}")
        settings.SNIPEIT_CA_BUNDLE = ""  # the system's authorities do not know this one
        assert refused(f"https://snipe.test:{port}").message == unreachable(f"snipe.test:{port}")
    assert len(fake.requests) == 1  # the token went to the verified server only
