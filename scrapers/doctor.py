"""``eufunds doctor``: each source's health and drift, without touching the database.

The registry's URL patterns and selectors were written from stored pages and
guesses; portals get redesigned, put up anti-bot walls or move. The doctor runs
each source's own spider over its start URLs (and feeds), but only one level
deep: it follows no pagination and samples a few item pages, reads them with
``pipeline.extract`` exactly as a crawl would, and reports what it saw: the HTTP
outcome, the links the registry's patterns find, whether the configured selectors
match, how many sampled items give a record with a start date (a warning when none
does: the extractor's view, not the patterns'), and a verdict:

* ``ok``       the listing is there and the patterns find dated items;
* ``drifted``  the page is there but the patterns find nothing or little
  (no item links, a listing area or a title/body selector that matches nothing);
* ``blocked``  an anti-bot wall or an HTTP 403;
* ``robots``   robots.txt refuses the start URL;
* ``gone``     404/410, the host does not resolve, or a redirect off the source's hosts;
* ``error``    the portal failed transiently (5xx, timeout, connection error).

It never writes the database (no item pipelines run) and does not use or fill the
crawl's HTTP cache: a doctor's look at a portal is always a fresh one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from scrapers.registry import Source

#: Error answers the probe reads itself (``handle_httpstatus_all`` would stop redirects too).
_ERRORS = list(range(400, 600))
VERDICTS = ("ok", "drifted", "blocked", "robots", "gone", "error")
DEFAULT_SAMPLE = 5

#: Doctor runs are short and read-only: no cache, no pipelines, no deep paging.
DOCTOR_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {},
    "HTTPCACHE_ENABLED": False,
    # robots.txt -> sitemap index -> sitemap -> item is depth 3; pagination is never followed.
    "DEPTH_LIMIT": 6,
    "CLOSESPIDER_PAGECOUNT": 0,
    "CLOSESPIDER_TIMEOUT": 600,
}


@dataclass
class Fetch:
    """What one start URL (or feed) answered."""

    url: str
    outcome: str = "pending"  # ok, redirected, blocked, robots, gone, error
    status: int | None = None
    final_url: str | None = None
    detail: str | None = None
    item_links: int = 0
    pagination_links: int = 0
    listing_area_found: bool | None = None


@dataclass
class SourceReport:
    """One source's health: the row of the table and its detail block."""

    source: str
    spider: str
    verdict: str = "ok"
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fetches: list[Fetch] = field(default_factory=list)
    item_links: list[str] = field(default_factory=list)
    pagination_links: list[str] = field(default_factory=list)
    sampled: int = 0
    dated: int = 0
    events: int = 0
    sample: list[dict[str, Any]] = field(default_factory=list)
    selectors_unmatched: list[str] = field(default_factory=list)
    discovered: dict[str, list[str]] = field(default_factory=dict)
    suggestion: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form a maintainer pastes into an issue."""
        out = asdict(self)
        out["item_links_found"] = len(self.item_links)
        out["pagination_links_found"] = len(self.pagination_links)
        out["item_links"] = self.item_links[:20]
        out["pagination_links"] = self.pagination_links[:20]
        return out

    @property
    def fallback(self) -> str:
        """Which discovery fallback found how many item links, for the table."""
        return ", ".join(f"{m}: {len(u)}" for m, u in self.discovered.items() if u) or "-"

    @property
    def http(self) -> str:
        """A one-word summary of the start URLs' answers, for the table."""
        outcomes = sorted({f.outcome for f in self.fetches})
        return ",".join(outcomes) or "-"


class DoctorMixin:
    """Turns a source's own spider into a one-level, read-only probe.

    The spider's own ``parse`` (or ``parse_feed``) decides which links are items and
    which are pages, exactly as in a crawl; the mixin counts its requests, follows
    only ``sample`` item links and no pagination, and records every start answer."""

    report: SourceReport
    sample_size: int

    def __init__(self, *args: Any, report: SourceReport, sample: int = DEFAULT_SAMPLE,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.report = report
        self.sample_size = sample
        self._selector_hits: dict[str, int] = {k: 0 for k in self.source.selectors}  # type: ignore[attr-defined]
        self._items_seen: set[str] = set()
        self._pages_seen: set[str] = set()

    async def start(self) -> Any:
        async for request in super().start():  # type: ignore[misc]
            fetch = Fetch(url=request.url)
            self.report.fetches.append(fetch)
            yield request.replace(
                errback=self._start_failed,
                meta={**request.meta, "doctor_fetch": fetch, "handle_httpstatus_list": _ERRORS})

    # -- start pages -----------------------------------------------------------------

    def _answered(self, response: Response) -> bool:
        """Record a start URL's HTTP answer; True when its body is worth reading."""
        fetch: Fetch = response.meta["doctor_fetch"]
        fetch.status = response.status
        fetch.final_url = response.url
        redirected = response.meta.get("redirect_urls")
        if response.status in (404, 410):
            fetch.outcome, fetch.detail = "gone", f"HTTP {response.status}"
        elif response.status == 403:
            fetch.outcome, fetch.detail = "blocked", "HTTP 403"
        elif response.status >= 400:
            fetch.outcome, fetch.detail = "error", f"HTTP {response.status}"
        elif redirected:
            fetch.outcome, fetch.detail = "redirected", f"to {response.url}"
        else:
            fetch.outcome = "ok"
        return fetch.outcome in ("ok", "redirected")

    def _count_links(self, response: Response, results: Iterator[Any]) -> Iterator[Any]:
        fetch: Fetch = response.meta["doctor_fetch"]
        for result in results:
            if not isinstance(result, scrapy.Request):
                continue
            if result.callback == self.parse_item:  # type: ignore[attr-defined]
                fetch.item_links += 1
                if result.url in self._items_seen:
                    continue
                self._items_seen.add(result.url)
                self.report.item_links.append(result.url)
                if len(self._items_seen) <= self.sample_size:
                    yield result.replace(meta={**result.meta, "handle_httpstatus_list": _ERRORS},
                                         errback=self._item_failed)
            else:  # a listing or feed page: pagination
                fetch.pagination_links += 1
                if result.url not in self._pages_seen:
                    self._pages_seen.add(result.url)
                    self.report.pagination_links.append(result.url)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if "doctor_fetch" not in response.meta or not self._answered(response):
            return
        area = self.source.listing_area  # type: ignore[attr-defined]
        if area and hasattr(response, "css"):
            response.meta["doctor_fetch"].listing_area_found = bool(response.css(area))
        yield from self._count_links(response, super().parse(response, **kwargs))  # type: ignore[misc]

    def parse_feed(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if "doctor_fetch" not in response.meta or not self._answered(response):
            return
        yield from self._count_links(response, super().parse_feed(response, **kwargs))  # type: ignore[misc]

    def _start_failed(self, failure: Failure) -> None:
        fetch: Fetch = failure.request.meta["doctor_fetch"]  # type: ignore[attr-defined]
        fetch.outcome, fetch.detail = classify_failure(failure)

    # -- sampled items ---------------------------------------------------------------

    def parse_item(self, response: Response, listing_date: str | None = None,
                   **kwargs: Any) -> Iterator[Any]:
        from pipeline.extract import extract
        from scrapers.pipelines import _anchor
        from scrapers.spiders.portal import page_item

        entry: dict[str, Any] = {"url": response.url, "status": response.status}
        if response.meta.get("discovered_by"):
            entry["discovered_by"] = response.meta["discovered_by"]
        self.report.sample.append(entry)
        self.report.sampled += 1
        if response.status >= 400 or not hasattr(response, "css"):
            entry["error"] = f"HTTP {response.status}" if response.status >= 400 else "not HTML"
            return
        source: Source = self.source  # type: ignore[attr-defined]
        matched = []
        for key, css in source.selectors.items():
            try:
                if response.css(css):
                    matched.append(key)
                    if "discovered_by" not in entry:
                        self._selector_hits[key] += 1
            except ValueError:
                pass  # an invalid selector never matches; reported as unmatched
        if "discovered_by" in entry:
            entry["selectors_matched"] = matched
            h1 = response.css("h1")
            entry["h1"] = (f"h1.{h1[0].attrib['class'].split()[0]}"
                           if len(h1) == 1 and h1[0].attrib.get("class", "").split() else
                           "h1" if len(h1) == 1 else None)
        item = page_item(source.id, response, listing_date)
        record = extract(item["body"], url=item["url"], source=source.id,
                         content_type=item.get("content_type"),
                         selectors=source.selectors or None, region=source.region,
                         now=_anchor(item))
        entry.update(title=record.get("title"), start=record.get("start"),
                     is_event=record.get("is_event"))
        if "discovered_by" not in entry:  # the registry's own patterns' score
            self.report.events += bool(record.get("is_event"))
            self.report.dated += bool(record.get("start"))
        yield from ()

    def schedule_discovered(self, method: str, urls: list[str],
                            dates: dict[str, str]) -> Iterator[scrapy.Request]:
        """A fallback's links: all recorded (for the suggested edit), only a sample
        fetched, as for the registry's own links."""
        for request in super().schedule_discovered(method, urls, dates):  # type: ignore[misc]
            self.report.discovered.setdefault(method, []).append(request.url)
            if len(self.report.discovered[method]) <= self.sample_size:
                yield request.replace(meta={**request.meta, "handle_httpstatus_list": _ERRORS},
                                      errback=self._item_failed)

    def _item_failed(self, failure: Failure) -> None:
        outcome, detail = classify_failure(failure)
        self.report.sample.append({"url": failure.request.url,  # type: ignore[attr-defined]
                                   "error": f"{outcome}: {detail}"})
        self.report.sampled += 1

    def closed(self, reason: str) -> None:
        """Judge the source once every answer is in."""
        own = [e for e in self.report.sample if "discovered_by" not in e]
        self.report.selectors_unmatched = sorted(
            k for k, n in self._selector_hits.items() if n == 0 and own)
        self.report.sampled = len(own)
        judge(self.report, self.source)  # type: ignore[attr-defined]
        self._suggest()

    def _suggest(self) -> None:
        """For a drifted source whose fallback found items: the registry edit that makes
        the patterns find them again, checked against the sampled pages."""
        from scrapers import discovery

        report, source = self.report, self.source  # type: ignore[attr-defined]
        method = next((m for m in discovery.FALLBACKS if report.discovered.get(m)), None)
        if report.verdict != "drifted" or method is None:
            return
        urls = report.discovered[method]
        sampled = [e for e in report.sample if e.get("discovered_by") == method]
        dated = [e for e in sampled if e.get("start")]
        report.reasons.append(
            f"the {method} fallback found {len(urls)} item link(s); {len(dated)} of "
            f"{len(sampled)} sampled gave a start date")
        area = None
        for page in self.start_pages:  # type: ignore[attr-defined]
            area = discovery.container_css(page, page.url, urls) or area
        feeds = ([self.discovery_detail["feeds"]]  # type: ignore[attr-defined]
                 if method == "feeds" else None)
        report.suggestion = discovery.suggest_edit(source, method, urls, feeds=feeds, area=area)
        pages = [e for e in sampled if "selectors_matched" in e]
        if pages and source.selectors:
            selectors = {k: v for k, v in source.selectors.items()
                         if any(k in e["selectors_matched"] for e in pages)}
            heads = {e.get("h1") for e in pages}
            if "title" not in selectors and len(heads) == 1 and None not in heads:
                selectors["title"] = heads.pop()  # the one h1 every sampled page has
            if selectors != source.selectors:
                report.suggestion["selectors"] = selectors


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(outcome, detail) of a request that produced no response."""
    from scrapy.exceptions import IgnoreRequest
    from twisted.internet.error import DNSLookupError, TimeoutError

    exc = failure.value
    text = str(exc)
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in text:
            return "robots", "robots.txt refuses this URL"
        if "anti-bot" in text:
            return "blocked", text.split(":", 1)[0]
        if "offsite" in text or "redirect-" in text:
            return "gone", text
        return "error", text
    name = type(exc).__name__
    if isinstance(exc, DNSLookupError) or "Resolve" in name or "DNS" in name:
        return "gone", f"host does not resolve ({name})"
    if isinstance(exc, TimeoutError) or "Timeout" in name:
        return "error", f"timeout ({name})"
    return "error", f"{name}: {text[:200]}"


def judge(report: SourceReport, source: Source) -> None:
    """Set ``report.verdict`` and the reasons behind it."""
    reasons = report.reasons
    fetched = [f for f in report.fetches if f.outcome in ("ok", "redirected")]
    for verdict in ("robots", "blocked", "gone", "error"):
        bad = [f for f in report.fetches if f.outcome == verdict]
        if bad and not fetched:
            report.verdict = verdict
            reasons.extend(f"{f.url}: {f.detail or verdict}" for f in bad)
            return
    if not report.fetches:
        report.verdict, _ = "error", reasons.append("no start URL or feed was requested")
        return
    if not report.item_links:
        reasons.append(f"item_links {source.item_links!r} matched no link on "
                       f"{len(fetched)} start page(s)")
    if any(f.listing_area_found is False for f in fetched):
        reasons.append(f"listing_area {source.listing_area!r} matched nothing")
    # What the extractor makes of the pages is reported, not judged: pages in a language
    # it does not read yet, or a sample of news only, say nothing about the patterns.
    if report.item_links and report.sampled and not report.dated:
        report.warnings.append(f"none of {report.sampled} sampled items gave a start date")
    if report.sampled and not report.events and report.item_links:
        report.warnings.append(f"none of {report.sampled} sampled items is an event")
    for key in report.selectors_unmatched:
        if key in ("title", "body"):
            reasons.append(f"selector {key} {source.selectors[key]!r} matched no sampled page")
    report.verdict = "drifted" if reasons else "ok"


def _doctor_spider(base: type) -> type:
    return type(f"Doctor{base.__name__}", (DoctorMixin, base), {"name": f"doctor-{base.name}"})


def run_doctor(
    sources: list[Source],
    *,
    offline: bool = False,
    sample_site: Path | None = None,
    sample: int = DEFAULT_SAMPLE,
    settings_overrides: dict[str, Any] | None = None,
) -> list[SourceReport]:
    """Probe each source (in one Scrapy process) and return one report per source.

    Offline, a replay server over the sample site (or ``sample_site``) answers every
    request, as for ``eufunds crawl --offline``."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    from pipeline.crawl import OFFLINE_SETTINGS
    from pipeline.replay import DEFAULT_ROOT, ReplayServer

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    settings = get_project_settings()
    if "EUFUNDS_LOG_LEVEL" not in os.environ:
        settings.set("LOG_LEVEL", "ERROR", priority="cmdline")
    settings.setdict(DOCTOR_SETTINGS, priority="cmdline")
    server: ReplayServer | None = None
    if offline:
        server = ReplayServer(sample_site or DEFAULT_ROOT).start()
        settings.setdict({"EUFUNDS_REPLAY_URL": server.base_url, **OFFLINE_SETTINGS},
                         priority="cmdline")
    for key, value in (settings_overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    loader = SpiderLoader.from_settings(settings)
    reports = [SourceReport(source=s.id, spider=s.spider) for s in sources]
    try:
        process = CrawlerProcess(settings)
        for source, report in zip(sources, reports, strict=True):
            process.crawl(_doctor_spider(loader.load(source.spider)), source=source,
                          report=report, sample=sample)
        process.start()
    finally:
        if server is not None:
            server.stop()
    return reports


def host_of(url: str) -> str:
    """The host of ``url`` (for the detail block)."""
    return (urlsplit(url).hostname or "").lower()
