"""Downloader middlewares: blocked-page detection; safe fetching (at the end).

A portal behind an anti-bot wall (Imperva/Incapsula on parp.gov.pl, a
"checking your browser" JavaScript page, a plain HTTP 403 for non-browser
clients) answers with a page that has no links and no event. Read naively, that
is an empty listing and the source would look like it has "no events". This
middleware recognises such answers, records them in the crawl stats
(``eufunds/blocked`` = the reason, ``eufunds/blocked_url``,
``eufunds/blocked_pages``) and drops the response, so the spider never parses a
challenge page; ``scrapers.pipelines.StorePipeline`` then logs the crawl with
outcome ``blocked``.

Offline routing lives in ``scrapers.handlers``, not here.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import safe_url_string

logger = logging.getLogger(__name__)

# (reason, pattern) pairs, checked against the first bytes of small HTML answers.
_CHALLENGES: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("incapsula", re.compile(rb"_Incapsula_Resource|Incapsula incident ID|incap_ses_|visid_incap_",
                             re.I)),
    ("cloudflare", re.compile(rb"cf-browser-verification|/cdn-cgi/challenge-platform|"
                              rb"<title>\s*Just a moment\.\.\.\s*</title>", re.I)),
    ("js-check", re.compile(rb"<title>[^<]*(?:checking your browser|"
                            rb"sprawdzanie przegl\xc4\x85darki)[^<]*</title>|"
                            rb"please enable javascript and cookies to continue|"
                            rb"enable javascript to (?:continue|view this (?:page|site))", re.I)),
)
# Challenge pages are small; a real article that merely mentions "Incapsula" is not.
_MAX_CHALLENGE_BYTES = 64 * 1024
# Lower-case substrings one of which every pattern above needs: a page with none of them
# (nearly every page) skips the case-insensitive regex scans, which cost ~4 ms per 60 KB page.
_MARKERS = (b"incap", b"cf-browser-verification", b"/cdn-cgi/challenge-platform",
            b"just a moment", b"checking your browser", b"sprawdzanie przegl",
            b"enable javascript")


def blocked_reason(response: Response) -> str | None:
    """Why ``response`` is an anti-bot wall rather than the portal's page, or None."""
    if response.status == 403:
        return "http-403"
    ctype = response.headers.get(b"Content-Type", b"").lower()
    if ctype and b"html" not in ctype:
        return None
    head = response.body[:_MAX_CHALLENGE_BYTES]
    if len(response.body) > _MAX_CHALLENGE_BYTES:
        return None
    low = head.lower()
    if not any(marker in low for marker in _MARKERS):
        return None
    for reason, pattern in _CHALLENGES:
        if pattern.search(head):
            return reason
    return None


class BlockedPageMiddleware:
    """Turn challenge pages and 403s into a ``blocked`` mark in the crawl stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockedPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Response:
        reason = blocked_reason(response)
        if reason is None:
            return response
        self.stats.set_value("eufunds/blocked", reason)
        self.stats.inc_value("eufunds/blocked_pages")
        if self.stats.get_value("eufunds/blocked_url") is None:
            self.stats.set_value("eufunds/blocked_url", request.url)
        raise IgnoreRequest(f"blocked by an anti-bot wall ({reason}): {request.url}")


# --------------------------------------------------------------------------- safe fetching
# A hostile or broken page must not steer the crawler: only http(s) on the source's own
# hosts, never a private or loopback address (the offline replay server is reached below
# this layer, in scrapers.handlers, so it needs no exception here; a *name* that resolves to
# such an address is refused at connection time by scrapers.resolver), no redirect loops, no
# PDFs or images read as announcements. Every refusal is a WARNING, counts in
# ``eufunds/fetch_errors`` (the ``errors`` column of ``crawls``) and ``eufunds/refused/<why>``,
# and its URL joins ``eufunds/unfetched_urls``, whose events a run does not mark vanished.

_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_REDIRECT_CODES = (301, 302, 303, 307, 308)
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG\r\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04",
                 b"\xd0\xcf\x11\xe0", b"II*\x00", b"MM\x00*", b"RIFF", b"\x00\x00\x01\x00")
# application/x-*: binaries, except XML feeds (application/x-rss+xml, x-atom+xml).
_BINARY_TYPES = re.compile(rb"^\s*(?:image/|audio/|video/|font/|application/(?:pdf|octet-stream"
                           rb"|zip|x-(?![\w.-]*\+xml)|vnd\.ms-|msword|vnd\.openxmlformats))", re.I)


def _private_host(host: str) -> bool:
    """True for localhost names and IP literals outside the public internet, including
    the shorthand forms resolvers accept (``127.1``, ``2130706433``, ``0x7f.0.0.1``)."""
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        try:
            ip = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return False
    return not ip.is_global


def refusal(url: str, hosts: tuple[str, ...] = ()) -> str | None:
    """Why the crawler must not fetch ``url`` for a source on ``hosts``, or None.

    ``hosts`` are the source's registry hosts (and their subdomains); an empty tuple
    skips only the domain check. A host listed there verbatim is the operator's choice
    and is allowed even if it is a private address.
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return "bad-url"
    if parts.scheme not in ("http", "https"):
        return "not-http"
    if not host:
        return "no-host"
    if parts.username or parts.password:
        return "credentials-in-url"
    if host in hosts:
        return None
    if _private_host(host):
        return "private-address"
    if hosts and not any(host.endswith("." + h) for h in hosts):
        return "offsite"
    return None


def _first_url(request: Request) -> str:
    return (request.meta.get("redirect_urls") or [request.url])[0]


class _Refusing:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def _unfetched(self, request: Request) -> None:
        urls = self.stats.get_value("eufunds/unfetched_urls")
        if urls is None:
            urls = set()
            self.stats.set_value("eufunds/unfetched_urls", urls)
        urls.add(_first_url(request))

    def _refuse(self, request: Request, reason: str, target: str) -> None:
        self.stats.inc_value("eufunds/fetch_errors")
        self.stats.inc_value(f"eufunds/refused/{reason}")
        self._unfetched(request)
        logger.warning("refused %s (%s): %s", _first_url(request), reason, target[:300])
        raise IgnoreRequest(f"refused ({reason}): {target[:300]}")


class SafeFetchMiddleware(_Refusing):
    """Requests and redirects: http(s), on the source's hosts, public, loop-free."""

    def _hosts(self) -> tuple[str, ...]:
        spider = self.crawler.spider
        return tuple(h.lower() for h in (getattr(spider, "allowed_domains", None) or ()))

    def process_request(self, request: Request, spider: Any = None) -> None:
        reason = refusal(request.url, self._hosts())
        if reason:
            self._refuse(request, reason, request.url)

    def process_exception(self, request: Request, exception: Exception,
                          spider: Any = None) -> None:
        """Count a host refused for the address it resolved to (``scrapers.resolver``
        logged it, naming host and address); the exception goes on as an IgnoreRequest."""
        from scrapers.resolver import AddressRefused

        if isinstance(exception, AddressRefused):
            self.stats.inc_value("eufunds/fetch_errors")
            self.stats.inc_value(f"eufunds/refused/resolves-to-{exception.kind}")
            self._unfetched(request)

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Response:
        if response.status in _REDIRECT_CODES and response.headers.get(b"Location"):
            if request.meta.get("dont_redirect"):
                return response
            location = response.headers[b"Location"].decode("latin-1").strip()
            target = urldefrag(urljoin(request.url, safe_url_string(location)))[0]
            reason = refusal(target, self._hosts())
            chain = [urldefrag(u)[0] for u in (*request.meta.get("redirect_urls", ()),
                                                request.url)]
            if reason:
                reason = f"redirect-{reason}"
            elif target in chain:
                reason = "redirect-loop"
            elif request.meta.get("redirect_times", 0) >= self.crawler.settings.getint(
                    "REDIRECT_MAX_TIMES", 20):
                reason = "too-many-redirects"
            if reason:
                self._refuse(request, reason, target)
        elif response.status >= 400 and not (request.url.endswith("/robots.txt")
                                             or request.meta.get("eufunds_probe")
                                             or request.meta.get("eufunds_due")):
            self._unfetched(request)
        return response


class NotHtmlMiddleware(_Refusing):
    """A page that is really a PDF, an image or an archive is not read as an announcement."""

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Response:
        if (response.status != 200 or request.url.endswith("/robots.txt")
                # sitemaps (also gzipped) and feeds the discovery fallbacks asked for
                or request.meta.get("eufunds_probe")):
            return response
        ctype = response.headers.get(b"Content-Type", b"") or b""
        if response.body.lstrip()[:8].startswith(_BINARY_MAGIC) or _BINARY_TYPES.match(ctype):
            self._refuse(request, "not-html", f"{ctype.decode('latin-1')[:60]} {request.url}")
        return response
