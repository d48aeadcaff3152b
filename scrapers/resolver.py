"""The SSRF guard at connection time: which resolved addresses the crawler may connect to.

``scrapers.middlewares.refusal`` judges a URL by its text: a host name such as
``funduszeue.example.pl`` passes it, because the name is on the source's domain. But
DNS decides where the socket goes, and a name on an allowed domain can resolve (by a
misconfiguration, a takeover or DNS rebinding) to ``127.0.0.1``, an intranet address or
the cloud metadata service at ``169.254.169.254``. So the address is checked *after*
resolution, twice:

* ``scrapers.handlers`` resolves every request's host through the reactor's resolver
  before it hands the request to Scrapy's HTTP handler, and refuses a non-public
  address with :class:`AddressRefused` (not retried, counted by
  ``SafeFetchMiddleware``);
* :class:`GuardedResolver` (``TWISTED_DNS_RESOLVER``) refuses the same addresses
  inside the resolution that the connection itself uses, so an answer that changes
  between the check and the connect (DNS rebinding past the cache) is refused too.

Allowed on purpose, and only these: the offline replay server (``EUFUNDS_REPLAY_URL``,
our own server on 127.0.0.1), host names in ``EUFUNDS_PRIVATE_HOSTS`` (an operator's
intranet mirror), and IP-literal or ``localhost`` hosts written verbatim in the
registry (the operator's choice, as in ``refusal``). Every refusal is logged as
``refused HOST: resolves to ADDR (KIND)``.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services (AWS, GCP, Azure, OpenStack, Alibaba; AWS's IPv6 one).
_METADATA = {ipaddress.ip_address(a) for a in
             ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")}
# (kind, networks) checked in order; the first match names the refusal.
_KINDS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("loopback", (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))),
    ("link-local", (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10"))),
    ("private", tuple(ipaddress.ip_network(n) for n in (
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))),
)
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


class AddressRefused(IgnoreRequest):
    """A request whose host resolves to an address the crawler must not connect to.

    An ``IgnoreRequest``: it is not retried (the answer would be the same) and Scrapy
    does not log it as a download error; ``SafeFetchMiddleware`` counts it."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        self.host, self.address, self.kind = host, address, kind
        super().__init__(f"refused {host}: resolves to {address} ({kind})")


def address_kind(address: str) -> str | None:
    """Why ``address`` is not on the public internet (``loopback``, ``private``,
    ``link-local``, ``metadata``, ``non-public``), or None for a public address.

    IPv4-mapped IPv6 addresses (``::ffff:127.0.0.1``) are judged as the IPv4 inside."""
    ip: IPAddress = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in _METADATA:
        return "metadata"
    for kind, networks in _KINDS:
        if any(ip in net for net in networks if net.version == ip.version):
            return kind
    return None if ip.is_global and not ip.is_multicast else "non-public"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class AddressPolicy:
    """Which host names may resolve to a non-public address (see the module docstring)."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed = frozenset(h.lower().rstrip(".").strip("[]") for h in allowed if h)

    @classmethod
    def from_settings(cls, settings: Any) -> AddressPolicy:
        """The policy of a crawl: the replay server, ``EUFUNDS_PRIVATE_HOSTS`` and the
        registry's verbatim IP-literal or localhost hosts."""
        allowed = list(settings.getlist("EUFUNDS_PRIVATE_HOSTS"))
        replay = settings.get("EUFUNDS_REPLAY_URL")
        if replay:
            # Offline runs send every request to our own replay server: allowed explicitly.
            allowed.append(urlsplit(replay).hostname or "")
        allowed += registry_literal_hosts()
        return cls(allowed)

    def check(self, host: str, address: str) -> None:
        """Raise (and log) :class:`AddressRefused` when ``host`` -> ``address`` is refused."""
        host = host.lower().rstrip(".").strip("[]")
        if host in self.allowed:
            return
        kind = address_kind(address)
        if kind is not None:
            refused = AddressRefused(host, address, kind)
            logger.warning("%s", refused)
            raise refused


def registry_literal_hosts() -> list[str]:
    """Registry hosts written as an IP address or a localhost name: the operator's choice."""
    from scrapers.registry import RegistryError, load_sources

    try:
        sources = load_sources()
    except RegistryError:
        return []
    return [h for s in sources for h in s.hosts
            if _is_ip(h) or h.lower() in _LOCAL_NAMES or h.lower().endswith(".localhost")]


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public answers for names not allowed.

    Installed on the reactor (``TWISTED_DNS_RESOLVER``), it is the resolution the HTTP
    connection itself uses: what it refuses is never connected to. The cache keeps the
    raw answer; the check runs on every lookup, cached or not."""

    policy: AddressPolicy

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = AddressPolicy.from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Deferred[str]:  # noqa: N802
        """Resolve ``name``, then refuse a non-public address (twisted's interface name)."""
        d = self.lookup(name, timeout)
        d.addCallback(self._checked, name)
        return d

    def lookup(self, name: str, timeout: Any = ()) -> Deferred[str]:
        """The raw resolution (cached system DNS); a test's resolver table overrides it."""
        return super().getHostByName(name, timeout)

    def _checked(self, address: str, name: str) -> str:
        self.policy.check(name, address)
        return address
