"""Offline routing and the resolved-address guard, at the lowest level: the download handler.

When ``EUFUNDS_REPLAY_URL`` is set, every http(s) request is sent to the local
replay server (``pipeline.replay``) instead of the portal, and the response is
handed back under the portal's own URL. Everything above the handler (robots.txt,
the dupefilter, redirects, the spiders, the stored ``url`` column) sees only real
portal URLs, so an offline crawl exercises exactly the code an online one does.

Online, the handler resolves each request's host before connecting and refuses a
loopback, private, link-local or metadata address (``scrapers.resolver``): a name on
an allowed domain is not enough, the address it resolves to must be public.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

from pipeline.replay import replay_url
from scrapers.resolver import AddressPolicy, AddressRefused, _is_ip


class ReplayAwareDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, optionally pointed at the replay server, refusing
    hosts that resolve to non-public addresses."""

    _policy: AddressPolicy | None = None

    async def download_request(self, request: Request) -> Response:
        base = self.crawler.settings.get("EUFUNDS_REPLAY_URL")
        if base and not _is_replay(request.url, base):
            # Routed to our own replay server: allowed explicitly (AddressPolicy).
            local = request.replace(url=replay_url(base, request.url))
            response = await super().download_request(local)
            # Redirects in the sample site name portal URLs (see _replay.yml), so the
            # Location header needs no rewriting.
            return response.replace(url=request.url, request=request)
        await self._guard(request)
        return await super().download_request(request)

    async def _guard(self, request: Request) -> None:
        """Resolve the host as the connection will (the reactor's resolver and its cache)
        and raise :class:`AddressRefused` for a non-public address."""
        if self._policy is None:
            self._policy = AddressPolicy.from_settings(self.crawler.settings)
        host = (urlsplit(request.url).hostname or "").lower()
        if not host or host in self._policy.allowed:
            return
        if _is_ip(host):
            address = host
        else:
            from twisted.internet import reactor

            try:
                address = await maybe_deferred_to_future(reactor.resolve(host))
            except AddressRefused:
                raise
            except (DNSLookupError, OSError):
                return  # unresolvable: Scrapy's own handler reports it as usual
        self._policy.check(host, address)


def _is_replay(url: str, base: str) -> bool:
    return urlsplit(url).netloc == urlsplit(base).netloc
