"""The generic, registry-driven spider: listing pages -> item pages, with pagination.

Thin on purpose: it only decides which URLs to fetch. Each fetched item page is
yielded as a *page item* (URL, bytes, headers); ``scrapers.pipelines`` turns it
into an event record with ``pipeline.extract`` and stores it.

When the registry's patterns find no item link (or under half of the last good run's
items), the spider falls back, once the regular crawl is done, to the site's sitemaps,
its feeds and generic announcement links (``scrapers.discovery``), one method after
the other until one finds links; what it did goes to the crawl stats
(``eufunds/discovery/*``), which ``StorePipeline`` turns into outcome ``drifted`` and a
``crawls.note``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from pipeline.dates import stamp_date
from scrapers import discovery
from scrapers.incremental import Plan, entry_signature
from scrapers.registry import Source, get_source

#: Discovery requests whose 404 is an answer ("no sitemap here"), not a portal failure.
PROBE = "eufunds_probe"
#: Known pages requested by address (scrapers.incremental): a 404/410 means "gone".
DUE = "eufunds_due"


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
        self.pattern_items: set[str] = set()  # item links the registry's patterns found
        self.start_pages: list[Response] = []  # listing pages as first fetched (fallbacks)
        self.discovered: dict[str, list[str]] = {}  # fallback method -> item URLs
        self.discovery_detail: dict[str, str] = {}
        self._fallbacks: Iterator[str] | None = None
        self._fallback_done = False
        # Incremental revalidation (scrapers.incremental): None = fetch every page.
        self.plan: Plan | None = None
        self.listing_sigs: dict[str, str | None] = {}  # item URL -> its listing entry
        self.reached: set[str] = set()  # item URLs found on the listing pages read
        self.item_origin: dict[str, str] = {}  # fetched page URL -> the listing's link
        self.not_modified: list[str] = []  # known item pages that answered 304
        self.gone: list[str] = []  # known item pages that answered 404/410 when asked
        self.body_shas: dict[str, str] = {}  # fetched item page -> hash of what was read
        self.walk = "full"
        self.stopped_at: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> Any:
        self.plan = self.load_plan()
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse)

    def load_plan(self) -> Plan | None:
        """The incremental plan, for a crawl that stores into a database
        (``StorePipeline``) with ``EUFUNDS_INCREMENTAL`` on; None otherwise."""
        settings = getattr(self, "settings", None)
        if settings is None or not settings.getbool("EUFUNDS_INCREMENTAL", True):
            return None
        if "scrapers.pipelines.StorePipeline" not in (settings.getdict("ITEM_PIPELINES") or {}):
            return None
        return Plan.load(settings.get("EUFUNDS_DB"), self.source.id,
                         refresh_days=settings.getint("EUFUNDS_REFRESH_DAYS", 30),
                         full_walk_days=settings.getint("EUFUNDS_FULL_WALK_DAYS", 7))

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """A listing page: follow item links and pagination links."""
        if not hasattr(response, "css"):
            self.logger.warning("listing %s is not HTML; skipped", response.url)
            return
        if response.meta.get("depth", 0) == 0:
            self.start_pages.append(response)
        area = response.css(self.source.listing_area) if self.source.listing_area else response
        item_re, page_re = self.source.item_re, self.source.pagination_re
        entries = listing_entries(response, area)
        on_page: dict[str, str | None] = {}
        for url in self._links(response, area):
            if item_re.search(url):
                self.pattern_items.add(url)
                date_, sig = entries.get(url, (None, None))
                on_page[url] = sig
                if url in self.reached:
                    continue
                self.reached.add(url)
                self.listing_sigs[url] = sig
                reason = self.plan.decide(url, sig) if self.plan else "new"
                if reason is None:
                    continue  # seen on the listing: the stored record stands
                yield response.follow(url, callback=self.parse_item,
                                      cb_kwargs={"listing_date": date_},
                                      meta={"incremental": reason})
        if page_re is not None:
            if self.plan and not self.plan.full_walk and self.plan.unchanged(on_page):
                # Every item here is known and unchanged: the rest of the listing is older.
                if self.stopped_at is None:
                    self.walk, self.stopped_at = "incremental", response.url
                    yield from self._due_below()
                return
            for url in self._links(response, response):
                if page_re.search(url) and not item_re.search(url):
                    yield response.follow(url, callback=self.parse)

    def _due_below(self) -> Iterator[scrapy.Request]:
        """Known pages below the point where paging stopped that are still due (an
        event not yet ended, a page not fetched for a month): requested directly."""
        assert self.plan is not None
        for url, page in list(self.plan.known.items()):
            if url in self.reached or not self.item_re_matches(url):
                continue
            reason = self.plan.due(url)
            if reason:
                self.reached.add(url)
                self.listing_sigs[url] = page.get("listing_sig")
                # A 404/410 here is news, not an error: the announcement is gone.
                yield scrapy.Request(url, callback=self.parse_item, meta={
                    "incremental": reason, DUE: True, "handle_httpstatus_list": [404, 410]})

    def item_re_matches(self, url: str) -> bool:
        """True when ``url`` is an item link by the registry's current pattern."""
        return bool(self.source.item_re.search(url))

    # -- discovery fallbacks (scrapers.discovery) ------------------------------------

    def last_good_items(self) -> int | None:
        """Items of the source's last committed crawl, read from the database the crawl
        writes (read-only); None when there is none or no database."""
        import sqlite3

        db = self.settings.get("EUFUNDS_DB") if hasattr(self, "settings") else None
        if not db:
            return None
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                return store_last_good(conn, self.source.id)
            finally:
                conn.close()
        except sqlite3.Error:
            return None

    def needs_fallback(self) -> bool:
        """The patterns found nothing, or under half of the last good run's items."""
        found = len(self.pattern_items)
        last_good = self.last_good_items()
        self.crawler.stats.set_value("eufunds/discovery/pattern_items", found)
        if last_good:
            self.crawler.stats.set_value("eufunds/discovery/last_good", last_good)
        if getattr(self, "stopped_at", None):
            # an incremental walk stopped paging at a known listing page: the items below
            # it were not looked at, so fewer links than last time is no sign of drift
            return found == 0
        return found == 0 or bool(last_good and found < last_good * 0.5)

    def spider_idle(self, spider: Any = None) -> None:
        """After the regular crawl: run the next fallback while none has found links."""
        if self._fallback_done or not self.settings.getbool("EUFUNDS_DISCOVERY", True):
            return
        if self._fallbacks is None:
            if not self.needs_fallback():
                self._fallback_done = True
                return
            self._fallbacks = iter(discovery.FALLBACKS)
        elif any(self.discovered.values()):
            self._fallback_done = True
            return
        for method in self._fallbacks:
            tried = self.crawler.stats.get_value("eufunds/discovery/tried") or []
            self.crawler.stats.set_value("eufunds/discovery/tried", [*tried, method])
            requests = list(getattr(self, f"_discover_{method}")())
            if requests:
                for request in requests:
                    self.crawler.engine.crawl(request)
                raise DontCloseSpider
        self._fallback_done = True

    def _probe(self, url: str, callback: Any, **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, dont_filter=True, meta={PROBE: True, **meta})

    def _hosts_base(self) -> list[str]:
        urls = [*self.start_urls, *getattr(self.source, "feeds", ())]
        bases = []
        for url in urls or [f"https://{self.source.hosts[0]}/"]:
            parts = urlsplit(url)
            base = f"{parts.scheme}://{parts.netloc}"
            if base not in bases:
                bases.append(base)
        return bases

    def _discover_sitemap(self) -> Iterator[scrapy.Request]:
        for base in self._hosts_base():
            yield self._probe(f"{base}/robots.txt", self._robots_sitemaps)
            yield self._probe(f"{base}/sitemap.xml", self._sitemap, sitemap_depth=0)

    def _robots_sitemaps(self, response: Response) -> Iterator[scrapy.Request]:
        for url in discovery.robots_sitemaps(response.text, response.url)[
                :discovery.MAX_SITEMAPS]:
            if url.rstrip("/").endswith("/sitemap.xml") and url.startswith(
                    tuple(self._hosts_base())):
                continue  # requested already
            if discovery.on_hosts(url, self.source.hosts):
                yield self._probe(url, self._sitemap, sitemap_depth=0)

    def _sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        kind, entries = discovery.read_sitemap(response.body)
        if kind == "sitemapindex" and response.meta.get("sitemap_depth", 0) < 2:
            for loc, _ in entries[:discovery.MAX_SITEMAPS]:
                if discovery.on_hosts(loc, self.source.hosts):
                    yield self._probe(loc, self._sitemap,
                                      sitemap_depth=response.meta.get("sitemap_depth", 0) + 1)
        elif kind == "urlset":
            picked = discovery.pick_sitemap_items(entries, self.source.hosts, self.start_urls)
            if picked:  # the note names the sitemap the items came from
                self.discovery_detail.setdefault("sitemap", response.url)
            yield from self.schedule_discovered(
                "sitemap", [u for u, _ in picked], {u: m for u, m in picked if m})

    def _discover_feeds(self) -> Iterator[scrapy.Request]:
        for page in self.start_pages:
            for url in discovery.feed_links(page, page.url, self.source.hosts):
                yield self._probe(url, self._feed)

    def _feed(self, response: Response) -> Iterator[scrapy.Request]:
        urls = discovery.feed_items(response.text, response.url, self.source.hosts)
        self.discovery_detail.setdefault("feeds", response.url)
        yield from self.schedule_discovered("feeds", urls, {})

    def _discover_generic(self) -> Iterator[scrapy.Request]:
        for page in self.start_pages:
            area, css = discovery.main_area(page)
            dates = listing_dates(page, area)
            urls = discovery.generic_links(page, page.url, self.source.hosts,
                                           self.start_urls, dates)
            if urls:
                self.discovery_detail.setdefault("generic", f"{page.url} ({css})")
            yield from self.schedule_discovered("generic", urls, dates)

    def schedule_discovered(self, method: str, urls: list[str],
                            dates: dict[str, str]) -> Iterator[scrapy.Request]:
        """Item requests for links a fallback found (each URL once, at most
        ``discovery.MAX_ITEMS`` per run); recorded for the crawl's note."""
        found = self.discovered.setdefault(method, [])
        known = {u for urls_ in self.discovered.values() for u in urls_} | self.pattern_items
        for url in urls:
            if url in known or sum(map(len, self.discovered.values())) >= discovery.MAX_ITEMS:
                continue
            found.append(url)
            known.add(url)
            yield scrapy.Request(url, callback=self.parse_item,
                                 cb_kwargs={"listing_date": dates.get(url)},
                                 meta={"discovered_by": method})
        stats = self.crawler.stats
        stats.set_value("eufunds/discovery/method", method if found else
                        stats.get_value("eufunds/discovery/method"))
        stats.set_value(f"eufunds/discovery/{method}", len(found))
        if method in self.discovery_detail:
            stats.set_value(f"eufunds/discovery/{method}_from", self.discovery_detail[method])

    def parse_item(
        self, response: Response, listing_date: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """An item page: hand the raw page to the item pipelines (a known page that
        answered 304 only as a sighting: its stored record stands)."""
        origin = (response.meta.get("redirect_urls") or [response.url])[0]
        if response.meta.get(DUE) and response.status in (404, 410):
            self.gone.append(origin)
            return
        sha = body_sha(response.body)
        if (self.plan is not None and response.meta.get("eufunds_not_modified")
                and self.plan.known.get(origin, {}).get("body_sha") == sha):
            # 304, and the cached copy is the one the stored record was read from (a
            # killed or failed run may have cached a newer copy it never committed).
            self.not_modified.append(origin)
            yield {"source": self.source.id, "url": origin, "sighted": "not-modified"}
            return
        self.item_origin[response.url] = origin
        self.body_shas[origin] = sha
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


def body_sha(body: bytes) -> str:
    """The fingerprint of a page's bytes that the ``pages`` table keeps."""
    import hashlib

    return hashlib.sha1(body).hexdigest()[:20]


def store_last_good(conn: Any, source_id: str) -> int | None:
    """The ``items`` of ``source_id``'s last committed crawl (``pipeline.store``'s rule)."""
    from pipeline.store import GOOD_OUTCOMES

    marks = ",".join("?" for _ in GOOD_OUTCOMES)
    row = conn.execute(
        f"SELECT items FROM crawls WHERE source = ? AND outcome IN ({marks}) "
        "ORDER BY id DESC LIMIT 1", [source_id, *GOOD_OUTCOMES]).fetchone()
    return None if row is None else row[0]


def listing_entries(response: Response, area: Any) -> dict[str, tuple[str | None, str]]:
    """absolute item URL -> (the date the listing shows beside its link, YYYY-MM-DD or
    None; a signature of the link's entry on the listing).

    A listing's date for an item anchors the item page's year-less dates when the
    page itself has no stamp; it is read from the link's own entry (its closest
    list item, article, table row or block), never from the rest of the listing. The
    signature (``scrapers.incremental``) changes when the entry's title, date or text
    does, which is how a night's crawl knows the item may have changed."""
    out: dict[str, tuple[str | None, str]] = {}
    for link in area.xpath(".//a[@href]")[:500]:
        entry = link.xpath("ancestor::*[self::li or self::article or self::tr or self::div][1]")
        text = " ".join(" ".join(entry[0].xpath(".//text()").getall()).split()) if entry else ""
        short = 0 < len(text) <= 600
        found = stamp_date(text) if short else None
        url = urldefrag(response.urljoin(link.attrib["href"].strip()))[0]
        sig = entry_signature(text if short else " ".join(link.xpath(".//text()").getall()))
        if url not in out or (out[url][0] is None and found is not None):
            out[url] = (found.isoformat() if found is not None else None, sig)
    return out


def listing_dates(response: Response, area: Any) -> dict[str, str]:
    """absolute item URL -> the date the listing shows beside its link (YYYY-MM-DD)."""
    return {u: d for u, (d, _) in listing_entries(response, area).items() if d}


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
