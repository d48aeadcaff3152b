"""The generic, registry-driven spider: listing pages -> item pages, with pagination.

Thin on purpose: it only decides which URLs to fetch. Each fetched item page is
yielded as a *page item* (URL, bytes, headers); ``scrapers.pipelines`` turns it
into an event record with ``pipeline.extract`` and stores it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy.http import Response

from pipeline.dates import stamp_date
from scrapers.registry import Source, get_source


class PortalSpider(scrapy.Spider):
    """Crawl one registry source: ``scrapy crawl portal -a source=<id>``."""

    name = "portal"

    def __init__(self, source: str | Source | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if source is None:
            raise ValueError("the portal spider needs a source: -a source=<registry id>")
        self.source: Source = source if isinstance(source, Source) else get_source(source)
        self.allowed_domains = list(self.source.hosts)
        self.start_urls = list(self.source.start_urls)

    async def start(self) -> Any:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """A listing page: follow item links and pagination links."""
        if not hasattr(response, "css"):
            self.logger.warning("listing %s is not HTML; skipped", response.url)
            return
        area = response.css(self.source.listing_area) if self.source.listing_area else response
        item_re, page_re = self.source.item_re, self.source.pagination_re
        dates = listing_dates(response, area)
        for url in self._links(response, area):
            if item_re.search(url):
                yield response.follow(url, callback=self.parse_item,
                                      cb_kwargs={"listing_date": dates.get(url)})
        if page_re is not None:
            for url in self._links(response, response):
                if page_re.search(url) and not item_re.search(url):
                    yield response.follow(url, callback=self.parse)

    def parse_item(
        self, response: Response, listing_date: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """An item page: hand the raw page to the item pipelines."""
        yield page_item(self.source.id, response, listing_date)

    def _links(self, response: Response, area: Any) -> Iterator[str]:
        """Absolute http(s) links of ``area`` that stay on this source's hosts."""
        for href in area.css("a::attr(href)").getall():
            url = self._on_source(response.urljoin(href.strip()))
            if url:
                yield url

    def _on_source(self, url: str) -> str | None:
        """``url`` without its fragment if it is http(s) on this source's hosts, else None.

        Platform spiders override this to drop session noise from URLs.
        """
        url = urldefrag(url)[0]
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme in ("http", "https") and any(
            host == h or host.endswith("." + h) for h in self.source.hosts
        ):
            return url
        return None


def listing_dates(response: Response, area: Any) -> dict[str, str]:
    """absolute item URL -> the date the listing shows beside its link (YYYY-MM-DD).

    A listing's date for an item anchors the item page's year-less dates when the
    page itself has no stamp; it is read from the link's own entry (its closest
    list item, article, table row or block), never from the rest of the listing."""
    out: dict[str, str] = {}
    for link in area.xpath(".//a[@href]")[:500]:
        entry = link.xpath("ancestor::*[self::li or self::article or self::tr or self::div][1]")
        text = " ".join(" ".join(entry[0].xpath(".//text()").getall()).split()) if entry else ""
        found = stamp_date(text) if 0 < len(text) <= 600 else None
        if found is not None:
            url = urldefrag(response.urljoin(link.attrib["href"].strip()))[0]
            out.setdefault(url, found.isoformat())
    return out


def _last_modified(response: Response) -> str | None:
    """The HTTP Last-Modified date (YYYY-MM-DD), a last-resort anchor for year-less dates."""
    raw = response.headers.get(b"Last-Modified")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw.decode("latin-1")).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def page_item(
    source_id: str, response: Response, listing_date: str | None = None
) -> dict[str, Any]:
    """The one shape every spider yields: a fetched page, not yet understood."""
    return {
        "listing_date": listing_date,
        "last_modified": _last_modified(response),
        "source": source_id,
        "url": response.url,
        "status": response.status,
        "content_type": response.headers.get(b"Content-Type", b"").decode("latin-1") or None,
        "body": response.body,
        "fetched_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
