"""Offline routing at the lowest level: the download handler.

When ``EUFUNDS_REPLAY_URL`` is set, every http(s) request is sent to the local
replay server (``pipeline.replay``) instead of the portal, and the response is
handed back under the portal's own URL. Everything above the handler (robots.txt,
the dupefilter, redirects, the spiders, the stored ``url`` column) sees only real
portal URLs, so an offline crawl exercises exactly the code an online one does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

from pipeline.replay import replay_url


class ReplayAwareDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, optionally pointed at the replay server."""

    async def download_request(self, request: Request) -> Response:
        base = self.crawler.settings.get("EUFUNDS_REPLAY_URL")
        if not base or _is_replay(request.url, base):
            return await super().download_request(request)
        local = request.replace(url=replay_url(base, request.url))
        response = await super().download_request(local)
        # Redirects in the sample site name portal URLs (see _replay.yml), so the
        # Location header needs no rewriting.
        return response.replace(url=request.url, request=request)


def _is_replay(url: str, base: str) -> bool:
    return urlsplit(url).netloc == urlsplit(base).netloc
