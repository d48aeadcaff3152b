"""Item pipelines: small classes in a fixed order, extract -> validate -> store.

Spiders yield *page items* (a fetched page, see ``spiders.portal.page_item``);
the understanding is ``pipeline.extract``'s and the keeping ``pipeline.store``'s.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipeline import store
from pipeline.extract import extract
from pipeline.record import validation_errors
from scrapers.registry import get_source

logger = logging.getLogger(__name__)


class _CrawlerAware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _CrawlerAware:
        return cls(crawler)

    @property
    def stats(self) -> Any:
        return self.crawler.stats


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
        )
        self.stats.inc_value("eufunds/pages_extracted")
        return record


class ValidatePipeline(_CrawlerAware):
    """Check every record against the JSON Schema; count and drop the invalid ones."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        errors = validation_errors(item)
        if errors:
            self.stats.inc_value("eufunds/invalid_records")
            raise DropItem(f"invalid record for {item.get('url')}: {'; '.join(errors[:3])}")
        return item


class StorePipeline(_CrawlerAware):
    """Upsert events into SQLite, one short transaction each; log the run in ``crawls``.

    Non-events (plain news, calls for proposals, reports of past events) are
    counted, not stored as events.
    """

    def open_spider(self) -> None:
        self.db = store.open_db(self.crawler.settings.get("EUFUNDS_DB"))
        source = getattr(self.crawler.spider, "source", None)
        self.source_id = getattr(source, "id", None) or self.crawler.spider.name
        self.crawl_id = store.start_crawl(self.db, self.source_id)
        self.counts = {"events": 0, "non_events": 0, "new": 0, "changed": 0}

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if not item.get("is_event"):
            self.counts["non_events"] += 1
            return item
        self.counts["events"] += 1
        outcome = store.upsert_event(self.db, item, crawl_id=self.crawl_id)
        if outcome in ("new", "changed"):
            self.counts[outcome] += 1
        return item

    def close_spider(self) -> None:
        stats = self.stats.get_stats()
        pages = int(stats.get("response_received_count", 0))
        errors = int(stats.get("log_count/ERROR", 0)) + sum(
            int(v)
            for k, v in stats.items()
            if k.startswith("downloader/response_status_count/") and k.rsplit("/", 1)[1] >= "400"
        )
        if stats.get("eufunds/blocked"):
            # An anti-bot wall (scrapers.middlewares): never "no events", never "ok".
            outcome = "blocked"
        elif pages == 0 or (errors and not self.counts["events"] and not self.counts["non_events"]):
            outcome = "failed"
        elif errors:
            outcome = "partial"
        else:
            outcome = "ok"
        store.finish_crawl(
            self.db,
            self.crawl_id,
            pages=pages,
            items=self.counts["events"] + self.counts["non_events"],
            errors=errors,
            outcome=outcome,
            **self.counts,
        )
        self.db.conn.close()
