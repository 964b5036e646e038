"""Requests to a server a user names (a Snipe-IT server), made safe for the server that makes them.

A user's address must not reach this server's neighbours: loopback, private ranges, the cloud metadata address.
The host is resolved once, every address it resolves to is checked, and the connection goes to the checked address
only (a second resolution could answer otherwise: DNS rebinding), with the original Host header and TLS verified
against the original host name. A deadline bounds the whole reading, however slowly the server sends.
"""

import contextlib
import ipaddress
import socket
import threading
import time

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

# Not global, yet not all flagged by the ipaddress properties on every Python version.
_BLOCKED = tuple(ipaddress.ip_network(n) for n in ("0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Unreachable(Exception):
    """The server may not or could not be reached; the text is for the log only, never for the user."""


def _embedded_ipv4(ip):
    """The IPv4 address an IPv6 address carries to an IPv4 host (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip) -> bool:
    embedded = _embedded_ipv4(ip)
    if embedded is not None and not is_public(embedded):
        return False
    flags = (ip.is_private, ip.is_loopback, ip.is_link_local, ip.is_multicast, ip.is_reserved, ip.is_unspecified)
    if any(flags) or (ip.version == 6 and ip.is_site_local):
        return False
    return not any(ip.version == net.version and ip in net for net in _BLOCKED)


def resolve(hostname: str, port: int, allowed_networks=()) -> str:
    """The address to connect to: refused unless every address of the host is public or in an allowed network."""
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Unreachable(f"{hostname} does not resolve: {exc}") from exc
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])  # a scope id ("fe80::1%eth0") is not an address
        allowed = any(ip.version == net.version and ip in net for net in allowed_networks)
        if not allowed and not is_public(ip):
            raise Unreachable(f"{hostname} resolves to {ip}, which is not a public address")
        addresses.append(str(ip))
    if not addresses:
        raise Unreachable(f"{hostname} has no address")
    return addresses[0]


class Deadline:
    """Shuts every socket of the reading down when its time is up: a read timeout alone restarts with each byte."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return self.expired or self.remaining() <= 0

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock) -> None:
    # An OSError: already closed, or handed over to TLS (the TLS socket is watched too).
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _pool_classes(deadline: Deadline) -> dict:
    class Watched:
        # _new_conn gives the bare socket, before a TLS handshake that could be dripped too.
        def _new_conn(self):
            sock = super()._new_conn()
            deadline.watch(sock)
            return sock

        def connect(self):
            super().connect()
            deadline.watch(self.sock)

    class Plain(Watched, HTTPConnection):
        pass

    class Secure(Watched, HTTPSConnection):
        pass

    class PlainPool(HTTPConnectionPool):
        ConnectionCls = Plain

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = Secure

    return {"http": PlainPool, "https": SecurePool}


class PinnedAdapter(HTTPAdapter):
    """For URLs whose host is the checked IP address: TLS names and verifies the original host name."""

    def __init__(self, *, hostname: str, deadline: Deadline):
        self._hostname, self._deadline = hostname, deadline
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        pool_kwargs.update(server_hostname=self._hostname, assert_hostname=self._hostname)
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._deadline)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise Unreachable("proxies are not used for Snipe-IT")  # a proxy would resolve the host again
