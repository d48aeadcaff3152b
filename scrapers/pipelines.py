"""Item pipelines: small classes in a fixed order, extract -> validate -> store.

Spiders yield *page items* (a fetched page, see ``spiders.portal.page_item``);
the understanding is ``pipeline.extract``'s and the keeping ``pipeline.store``'s.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipeline import store
from pipeline.extract import extract
from pipeline.record import event_id, validation_errors
from pipeline.store import utc_now
from scrapers.fetchstats import wire_stats
from scrapers.incremental import record_ends
from scrapers.registry import get_source

logger = logging.getLogger(__name__)


def crawl_source_id(crawler: Crawler) -> str:
    """The registry id of the source a crawler's spider crawls (its name otherwise)."""
    source = getattr(crawler.spider, "source", None)
    return getattr(source, "id", None) or crawler.spider.name


class _CrawlerAware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _CrawlerAware:
        return cls(crawler)

    @property
    def stats(self) -> Any:
        return self.crawler.stats


def _anchor(item: dict[str, Any]) -> date | None:
    """The crawl's anchor for year-less dates when the page has no date of its own:
    the listing's date for the item, else the HTTP Last-Modified (never the clock)."""
    for key in ("listing_date", "last_modified"):
        if item.get(key):
            try:
                return date.fromisoformat(item[key])
            except ValueError:
                continue
    return None


class ExtractPipeline(_CrawlerAware):
    """Page item -> event record, using the registry entry's selectors and region."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if "body" not in item:
            return item  # already a record
        source = get_source(item["source"])
        record = extract(
            item["body"],
            url=item["url"],
            source=source.id,
            content_type=item.get("content_type"),
            selectors=source.selectors or None,
            region=source.region,
            now=_anchor(item),
        )
        self.stats.inc_value("eufunds/pages_extracted")
        return record


class ValidatePipeline(_CrawlerAware):
    """Check every record against the JSON Schema; count and drop the invalid ones."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if item.get("sighted"):
            return item  # a known page seen again, not re-read (scrapers.incremental)
        errors = validation_errors(item)
        if errors:
            self.stats.inc_value("eufunds/invalid_records")
            raise DropItem(f"invalid record for {item.get('url')}: {'; '.join(errors[:3])}")
        return item


def _drift(stats: dict[str, Any], outcome: str, note: str | None
           ) -> tuple[str, str | None, bool]:
    """``(outcome, note, drifted)`` once the discovery fallbacks' stats are read.

    A run whose patterns found little and whose fallback found the items is committed
    as ``drifted`` (the health gate has already judged it); the note says what the
    patterns found and which fallback found what, where. A failed run keeps its outcome,
    with the fallbacks tried added to its note."""
    tried = stats.get("eufunds/discovery/tried")
    if not tried:
        return outcome, note, False
    pattern = int(stats.get("eufunds/discovery/pattern_items") or 0)
    last_good = stats.get("eufunds/discovery/last_good")
    said = f"item_links found {pattern} link(s)" + (
        f" (last good run: {last_good} items)" if last_good else "")
    method = stats.get("eufunds/discovery/method")
    if method:
        where = stats.get(f"eufunds/discovery/{method}_from")
        said += (f"; {stats.get(f'eufunds/discovery/{method}')} item link(s) found through the "
                 f"{method} fallback" + (f" ({where})" if where else ""))
    else:
        said += f"; fallbacks found nothing ({', '.join(tried)})"
    if outcome in store.GOOD_OUTCOMES and method:
        return "drifted", said + (f"; {note}" if note else ""), True
    return outcome, (f"{note}; {said}" if note else said), False


def _reason_counts(reasons: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))


class StorePipeline(_CrawlerAware):
    """Buffer a source's records during its crawl; commit them in one transaction
    at the end, and only when the run is judged healthy.

    A run that fails (portal down, every page an error, far fewer items than the
    last good run, interrupted) or hits an anti-bot wall writes only its ``crawls``
    row: the source's stored events stay exactly as they were. A process killed
    at any moment has committed nothing of the source it was crawling
    (``pipeline.store.commit_crawl``). Non-events (plain news, calls for
    proposals, reports of past events) are counted, not stored as events.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.db = store.open_db(self.crawler.settings.get("EUFUNDS_DB"))
        self.source_id = crawl_source_id(self.crawler)
        offline = bool(self.crawler.settings.get("EUFUNDS_REPLAY_URL"))
        self.crawl_id = store.start_crawl(self.db, self.source_id, offline=offline)
        self.counts = {"events": 0, "non_events": 0}
        self.records: dict[str, dict[str, Any]] = {}
        self.pages: dict[str, dict[str, Any]] = {}  # what the next run knows of each page
        self.fetched_at = utc_now()

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if item.get("sighted"):
            return item  # counted at the end, from the spider's plan
        spider = self.crawler.spider
        origin = getattr(spider, "item_origin", {}).get(item.get("url"), item.get("url"))
        if origin:
            self.pages[origin] = {
                "url": origin, "id": item.get("id"),
                "listing_sig": getattr(spider, "listing_sigs", {}).get(origin),
                "fetched": self.fetched_at, "is_event": int(bool(item.get("is_event"))),
                "ends": record_ends(item), "body_sha": getattr(spider, "body_shas", {}).get(origin)}
        if not item.get("is_event"):
            self.counts["non_events"] += 1
            return item
        self.counts["events"] += 1
        self.records[item["id"]] = dict(item)
        return item

    def _sightings(self) -> dict[str, Any]:
        """What the run knows without re-reading (``scrapers.incremental``): items seen
        on the listing only, known pages that answered 304, and, when paging stopped at
        known pages, the items below (presumed listed). Counted as items so the health
        gate compares like with like."""
        spider = self.crawler.spider
        plan = getattr(spider, "plan", None)
        out: dict[str, Any] = {"items": 0, "events": 0, "ids": [], "pages": [], "note": None,
                               "walk": getattr(spider, "walk", "full"), "gone": []}
        if plan is None:
            return out
        skipped = dict(plan.sighted)
        not_modified = list(getattr(spider, "not_modified", ()))
        presumed = plan.presumed(spider.reached) if out["walk"] == "incremental" else []
        out["gone"] = [plan.known[u]["id"] for u in spider.gone if plan.known[u].get("id")]
        for url in [*skipped, *not_modified, *presumed]:
            page = plan.known.get(url) or {}
            out["items"] += 1
            if page.get("is_event"):
                out["events"] += 1
                if url not in presumed and page.get("id"):
                    out["ids"].append(page["id"])
        out["pages"] = [{"url": u, "id": plan.known[u].get("id"), "listing_sig": sig}
                        for u, sig in skipped.items()]
        out["pages"] += [{"url": u, "id": plan.known[u].get("id"),
                          "listing_sig": spider.listing_sigs.get(u), "fetched": self.fetched_at,
                          "is_event": plan.known[u].get("is_event"),
                          "ends": plan.known[u].get("ends")} for u in not_modified]
        requested = {k: v for k, v in plan.reasons.items() if k != "skipped"}
        note = (f"{out['walk']} walk: {sum(requested.values())} item page(s) requested"
                + (f" ({_reason_counts(requested)})" if requested else "")
                + f", {len(skipped)} seen on the listing only, {len(not_modified)} answered 304")
        if spider.gone:
            note += f", {len(spider.gone)} gone (404/410)"
        if presumed:
            note += (f"; paging stopped at {spider.stopped_at}, {len(presumed)} item(s) below "
                     "presumed listed")
        out["note"] = note
        return out

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Judge the run (the finish reason is known only here) and store or not."""
        try:
            self._finish(reason)
        finally:
            self.db.conn.close()

    def _finish(self, reason: str) -> None:
        stats = self.stats.get_stats()
        wire = wire_stats(stats)
        seen = self._sightings()
        items = self.counts["events"] + self.counts["non_events"] + seen["items"]
        spider_errors = sum(int(v) for k, v in stats.items() if k.startswith("spider_exceptions/"))
        errors = (wire["error_responses"] + wire["exceptions"] + spider_errors
                  + int(stats.get("eufunds/invalid_records", 0))
                  # refused by scrapers.middlewares: redirect loops, offsite, not HTML
                  + int(stats.get("eufunds/fetch_errors", 0)))
        outcome, note = store.judge_crawl(
            finish_reason=reason,
            # By page, not attempt: a page that failed three times is one failed page.
            responses=wire["urls"],
            error_responses=wire["failed_urls"],
            items=items,
            errors=errors,
            last_good=store.last_good_items(self.db, self.source_id),
            # An anti-bot wall (scrapers.middlewares): never "no events", never "ok".
            blocked=stats.get("eufunds/blocked"),
            # A long Retry-After (scrapers.politeness): come back tomorrow, not a failure.
            throttled=stats.get("eufunds/throttled"),
            min_ratio=self.crawler.settings.getfloat("EUFUNDS_MIN_ITEMS_RATIO",
                                                     store.MIN_ITEMS_RATIO),
        )
        outcome, note, drifted = _drift(stats, outcome, note)
        if seen["note"]:
            note = f"{note}; {seen['note']}" if note else seen["note"]
        counts = {
            "pages": int(stats.get("response_received_count", 0)),
            "items": items,
            "errors": errors,
            "not_modified": wire["not_modified"],
            "status_counts": wire["status_counts"],
            "finish_reason": reason,
            "note": note,
            "walk": seen["walk"],
            "events": self.counts["events"] + seen["events"],
            "non_events": self.counts["non_events"] + seen["items"] - seen["events"],
        }
        if outcome in store.GOOD_OUTCOMES:
            # Vanished events are marked only after a complete run in which no page
            # failed transiently (a 5xx or timeout may hide a listing page and its links).
            complete = (reason in store.COMPLETE_REASONS and not wire["transient_urls"]
                        # items found by a fallback are not the whole listing
                        and not drifted)
            if not complete and outcome == "ok":
                outcome = "partial"
            store.commit_crawl(
                self.db, self.crawl_id, self.source_id, self.records.values(),
                outcome=outcome, complete=complete, **counts,
                # Linked pages that answered 4xx or were refused: not marked vanished.
                keep_ids=[event_id(u) for u in stats.get("eufunds/unfetched_urls") or ()],
                sighted_ids=seen["ids"], page_states=[*self.pages.values(), *seen["pages"]],
                presume_listed=seen["walk"] == "incremental", gone_ids=seen["gone"],
            )
        else:
            logger.warning("%s: crawl %s (%s)", self.source_id, outcome, note)
            store.fail_crawl(self.db, self.crawl_id, self.source_id, outcome=outcome,
                             new=0, changed=0, unchanged=0, vanished=0, **counts)
