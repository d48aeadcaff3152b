"""A spider for portals whose HTML listings are built in the browser.

On the ministry's shared platform (the national portal and the programme
portals) the news and calls listings are hash-routed (``/nabory/#/...``): the
server sends an empty shell with a "Trwa ładowanie..." preloader and no links.
The RSS feed (``/rss``) is the server-rendered way to the article pages, so this
spider reads the registry entry's ``feeds`` (RSS 2.0 or Atom), follows the item
links that match ``item_links`` and the feed's own paging (``<atom:link
rel="next">``, RFC 5005), and fetches each article page like the generic spider.
Any ``start_urls`` are still read as HTML listings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from parsel import Selector
from scrapy.http import Response

from scrapers.spiders.portal import PortalSpider

# RSS 2.0 <item><link>text</link>, Atom <entry><link href=...>; namespace-agnostic.
_ITEM_LINKS = (
    "//*[local-name()='item']/*[local-name()='link']/text()",
    "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href",
)
_NEXT_LINKS = "//*[local-name()='link'][@rel='next']/@href"


class FeedSpider(PortalSpider):
    """Crawl one registry source through its RSS/Atom feeds: ``-a source=<id>``."""

    name = "feed"

    async def start(self) -> Any:
        for url in self.source.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, meta={"listing_page": 1})
        async for request in super().start():
            yield request

    def parse_feed(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """One feed page: follow item links and the next feed page."""
        try:
            sel = Selector(text=response.text, type="xml")
        except (AttributeError, ValueError):
            self.logger.warning("feed %s is not text; skipped", response.url)
            return
        item_re = self.source.item_re
        for xpath in _ITEM_LINKS:
            for href in sel.xpath(xpath).getall():
                url = self._on_source(response.urljoin(href.strip()))
                if url and item_re.search(url):
                    self.pattern_items.add(url)
                    yield response.follow(url, callback=self.parse_item)
        for href in sel.xpath(_NEXT_LINKS).getall():
            url = self._on_source(response.urljoin(href.strip()))
            if url:
                page = response.meta.get("listing_page", 1) + 1
                yield response.follow(url, callback=self.parse_feed, meta={"listing_page": page})
