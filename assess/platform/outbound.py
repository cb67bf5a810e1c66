"""Requests to addresses an owner typed (webhook URLs), and the guard in front of them.

A URL typed into a form must not become a way into the server's own network: the
metadata service of a cloud host (169.254.169.254) hands out credentials, and a
database or an admin page on loopback or the private network trusts whoever reaches
it. So before every request the host is resolved and the request is refused when any
address it resolves to is loopback, private, link-local, multicast, reserved,
unspecified or otherwise not a public internet address — IPv4 and IPv6 alike, IPv4
carried inside IPv6 (mapped, 6to4, Teredo, NAT64) included. `allow_private` (the
setting CANDOR_WEBHOOKS_ALLOW_PRIVATE) lifts the guard for receivers on the owner's
own network.

The request then goes to the very address that was checked (`Destination.address`):
the URL's host is kept only for the Host header, TLS's SNI and the certificate check,
so a name that resolves to a public address for the check and to a private one a
moment later (DNS rebinding) still reaches the public one. Redirects are not followed
(a public receiver could otherwise point the request inside), proxies from the
environment are not used (the proxy would resolve the name again), and only a short
excerpt of the answer is read.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
#: Seconds to connect, and again to wait for each part of the answer.
TIMEOUT_SECONDS = 10
#: How much of an answer's body is read and kept: enough to recognise an error page.
EXCERPT_BYTES = 300
NAT64 = ipaddress.ip_network("64:ff9b::/96")
FIX = (
    "Candor sends webhooks only to public internet addresses, so that a URL cannot "
    "reach into the server's own network. Use the receiver's public address — or, if "
    "it runs on your own network on purpose, have whoever runs Candor set "
    "CANDOR_WEBHOOKS_ALLOW_PRIVATE=true."
)


class OutboundRefused(ValueError):
    """A URL Candor will not send to. The message says what is wrong and how to fix it."""


class OutboundFailed(Exception):
    """The receiver could not be found, reached or heard in time: worth trying again."""


@dataclass(frozen=True)
class Destination:
    """A URL whose host has been resolved and checked, and the address requests go to."""

    scheme: str
    hostname: str  # ASCII (IDNA), for the Host header, SNI and the certificate check
    port: int
    target: str  # path and query
    address: str  # the checked address the connection is made to

    @property
    def pinned_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.scheme}://{host}:{self.port}{self.target}"

    @property
    def host_header(self) -> str:
        host = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        default = DEFAULT_PORTS[self.scheme] == self.port
        return host if default else f"{host}:{self.port}"


@dataclass(frozen=True)
class Answer:
    status_code: int
    excerpt: str  # the first few hundred characters of the body, printable only


def address_kind(address: str) -> str | None:
    """What makes ``address`` unfit for an outside request, in words; None when it is
    a public internet address.

    >>> address_kind("169.254.169.254")
    'a link-local address (where cloud servers hand out their own credentials)'
    >>> address_kind("::ffff:10.0.0.1")
    'a private-network address'
    >>> address_kind("fec0::1")
    'a private-network address'
    >>> address_kind("93.184.215.14") is None
    True
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        carried = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if carried is None and ip in NAT64:
            carried = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if carried is not None:
            return address_kind(str(carried)) or (None if ip.is_global else "a reserved address")
    if ip.is_unspecified:
        return "the unspecified address (this server itself)"
    if ip.is_loopback:
        return "a loopback address (this server itself)"
    if ip.is_link_local:
        return "a link-local address (where cloud servers hand out their own credentials)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local):
        # fec0::/10: deprecated site-local, still a private network where it is used
        return "a private-network address"
    if ip.is_reserved or not ip.is_global:
        return "a reserved address, not a public internet one"
    return None


def check_destination(url: str, allow_private: bool) -> Destination:
    """Parse ``url``, resolve its host and check every address it resolves to.

    Raises `OutboundRefused` for a URL Candor will not send to (its message names what
    and how to fix it), `OutboundFailed` when the host cannot be resolved right now.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise OutboundRefused(
            "That is not a URL Candor can send to: write it like "
            "https://hooks.example.com/candor (the port, if any, a number up to 65535)."
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise OutboundRefused(
            "Only http:// and https:// addresses can receive webhooks: write the URL like "
            "https://hooks.example.com/candor."
        )
    if not parts.hostname:
        raise OutboundRefused(
            "That URL names no host: write it like https://hooks.example.com/candor."
        )
    if parts.username is not None or parts.password is not None:
        raise OutboundRefused(
            "Leave the user name and password out of the URL: the receiver knows a message "
            "comes from Candor by its signature (see docs/integrations.md)."
        )
    try:
        hostname = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise OutboundRefused(f"{parts.hostname} is not a valid host name.") from None
    port = port or DEFAULT_PORTS[scheme]
    addresses = resolve(hostname, port)
    if not allow_private:
        for address in addresses:
            kind = address_kind(address)
            if kind is None:
                continue
            where = hostname if hostname == address else f"{hostname} resolves to {address},"
            raise OutboundRefused(f"{where} {'is ' if hostname == address else ''}{kind}. {FIX}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(scheme, hostname, port, target, addresses[0])


def resolve(hostname: str, port: int) -> list[str]:
    """Every address ``hostname`` resolves to, in the resolver's order."""
    try:
        found = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise OutboundFailed(
            f"{hostname} could not be found (the name server has no address for it: "
            f"{getattr(error, 'strerror', None) or error}). Check the spelling of the host."
        ) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise OutboundFailed(f"{hostname} could not be found (no address).")
    return addresses


class PinnedHostAdapter(HTTPAdapter):
    """Connects to the checked address while TLS speaks to, and verifies the
    certificate of, the URL's host name (requests' documented extension point)."""

    def __init__(self, hostname: str):
        self.hostname = hostname
        super().__init__(max_retries=0)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = self.hostname
            pool_kwargs["assert_hostname"] = self.hostname
        return host_params, pool_kwargs


def post(
    destination: Destination,
    body: bytes,
    headers: dict[str, str],
    timeout: float = TIMEOUT_SECONDS,
    verify: bool | str = True,
) -> Answer:
    """POST ``body`` to the checked address; the answer's status and a short excerpt.

    ``verify`` is requests' own: True (the system's certificate authorities) or the
    path of a CA bundle (a test's own authority). Raises `OutboundFailed` when the
    receiver cannot be reached or does not answer within ``timeout`` seconds.
    """
    with requests.Session() as http:
        http.trust_env = False  # no proxy or .netrc from the environment
        http.mount("https://", PinnedHostAdapter(destination.hostname))
        http.mount("http://", HTTPAdapter(max_retries=0))
        try:
            response = http.post(
                destination.pinned_url,
                data=body,
                headers={**headers, "Host": destination.host_header},
                timeout=timeout,
                allow_redirects=False,
                stream=True,
                verify=verify,
            )
        except requests.exceptions.SSLError:
            raise OutboundFailed(
                f"The TLS certificate of {destination.hostname} could not be verified."
            ) from None
        except requests.exceptions.Timeout:
            raise OutboundFailed(f"No answer within {timeout:g} seconds.") from None
        except requests.exceptions.RequestException as error:
            raise OutboundFailed(
                f"Could not connect to {destination.hostname} ({type(error).__name__})."
            ) from None
        with response:
            return Answer(response.status_code, excerpt(response))


def excerpt(response: requests.Response) -> str:
    """The first bytes of the answer's body as one printable line (never the whole body:
    a receiver's error page is not ours to keep)."""
    try:
        start = response.raw.read(EXCERPT_BYTES, decode_content=True) or b""
    except Exception:  # a broken or oddly encoded body: the status code says enough
        return ""
    text = start.decode("utf-8", "replace")
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
