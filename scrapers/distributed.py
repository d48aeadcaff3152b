"""Crawling with several processes (or machines): scrapy-redis, and one SQLite writer.

Workers (``eufunds crawl --redis URL --run ID``, as many as you like, anywhere)
run the same spiders with scrapy-redis' scheduler and dupefilter, so they share
one request queue and one set of seen fingerprints per source in Redis: a URL is
fetched by exactly one worker. Workers never open the SQLite database: each
extracted, validated record goes to a Redis list, and each worker adds its wire
counts (responses, errors, 304s) to a Redis hash when it closes.

The writer (``eufunds collect --redis URL --run ID --db PATH``, one process, on
the machine that holds the database) then judges each source's run from the
summed counts, exactly as a single-process crawl does (``store.judge_crawl``),
and commits its records in one transaction (``store.commit_crawl``), so SQLite
keeps a single writer and the "never lose data" rules hold unchanged.

Redis keys, all under ``eufunds:<run>:<source>:``: ``requests`` (the shared
queue), ``dupefilter``, ``items`` (JSON records), ``stats`` (a hash), ``workers``
(a set of worker ids), ``transient`` (URLs that failed with a 5xx or an error).
``<run>`` names one crawl of all workers (e.g. the date): a new run id starts
from an empty queue and dupefilter; ``collect`` deletes the run's keys.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from scrapers.pipelines import crawl_source_id

KEY = "eufunds:{run}:{source}:{what}"


def key(run: str, source: str, what: str) -> str:
    return KEY.format(run=run, source=source, what=what)


def redis_settings(redis_url: str, run: str, source: str) -> dict[str, Any]:
    """Scrapy settings that make one source's crawler a scrapy-redis worker of ``run``."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": key(run, source, "requests"),
        "SCHEDULER_DUPEFILTER_KEY": key(run, source, "dupefilter"),
        # Another worker may still be running when this one closes: keep the shared state
        # (collect deletes it once every worker is done).
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
        "EUFUNDS_REDIS_RUN": run,
        "ITEM_PIPELINES": {
            "scrapers.pipelines.ExtractPipeline": 100,
            "scrapers.pipelines.ValidatePipeline": 200,
            "scrapers.distributed.RedisRecordPipeline": 300,
        },
        "EXTENSIONS": {"scrapers.distributed.SharedQueueIdle": 500},
    }


def _server(crawler: Crawler) -> Any:
    from scrapy_redis.connection import get_redis_from_settings

    return get_redis_from_settings(crawler.settings)


class SharedQueueIdle:
    """Keep a worker open while the shared queue still holds requests.

    Scrapy closes a spider as soon as its own process has nothing to do; with a
    shared queue, another worker may be about to add requests. A worker closes
    only after the queue has been empty at ``EUFUNDS_REDIS_IDLE_CHECKS`` (5)
    consecutive idle checks, one per engine heartbeat. An idle worker looks at the
    shared queue only on a heartbeat, so the heartbeat is shortened from Scrapy's
    5 s to ``EUFUNDS_REDIS_POLL_SECONDS`` (1 s): work another worker adds is picked
    up within a second.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = _server(crawler)
        self.queue = crawler.settings.get("SCHEDULER_QUEUE_KEY")
        self.empty_checks = 0
        self.needed = crawler.settings.getint("EUFUNDS_REDIS_IDLE_CHECKS", 5)
        self.poll = crawler.settings.getfloat("EUFUNDS_REDIS_POLL_SECONDS", 1.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedQueueIdle:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        return ext

    def spider_opened(self, spider: Any) -> None:
        # The engine starts its heartbeat right after spider_opened, with this interval
        # (a class attribute of scrapy.core.engine.ExecutionEngine; no setting exists).
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = self.poll

    def spider_idle(self, spider: Any) -> None:
        if self.server.zcard(self.queue):  # scrapy_redis.queue.PriorityQueue is a sorted set
            self.empty_checks = 0
            raise DontCloseSpider
        self.empty_checks += 1
        if self.empty_checks < self.needed:
            raise DontCloseSpider


class RedisRecordPipeline:
    """Push each record to the run's Redis list; add this worker's counts on close."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = _server(crawler)
        self.run = crawler.settings.get("EUFUNDS_REDIS_RUN")
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.counts = {"events": 0, "non_events": 0}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisRecordPipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def _source(self) -> str:
        return crawl_source_id(self.crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.server.sadd(key(self.run, self._source(), "workers"), self.worker)

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        if item.get("is_event"):
            self.counts["events"] += 1
            self.server.rpush(key(self.run, self._source(), "items"),
                              json.dumps(item, ensure_ascii=False))
        else:
            self.counts["non_events"] += 1
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        from scrapers.fetchstats import wire_stats

        stats = self.crawler.stats.get_stats()
        wire = wire_stats(stats)
        spider_errors = sum(int(v) for k, v in stats.items()
                            if k.startswith("spider_exceptions/"))
        add = {
            "pages": int(stats.get("response_received_count", 0)),
            "responses": wire["responses"],
            "error_responses": wire["error_responses"],
            "exceptions": wire["exceptions"],
            "not_modified": wire["not_modified"],
            "spider_errors": spider_errors,
            "invalid_records": int(stats.get("eufunds/invalid_records", 0)),
            **self.counts,
            **{f"status/{code}": n for code, n in wire["status_counts"].items()},
        }
        source = self._source()
        pipe = self.server.pipeline()
        for name, value in add.items():
            pipe.hincrby(key(self.run, source, "stats"), name, int(value))
        pipe.hset(key(self.run, source, "stats"), f"reason/{self.worker}", reason)
        pipe.hset(key(self.run, source, "stats"), f"worker_pages/{self.worker}", add["pages"])
        if stats.get("eufunds/blocked"):
            pipe.hset(key(self.run, source, "stats"), "blocked", stats["eufunds/blocked"])
        for url in wire["transient_urls"]:
            pipe.sadd(key(self.run, source, "transient"), url)
        pipe.execute()


def run_worker(chosen: Iterable[Any], *, redis_url: str, run: str, offline: bool = False,
               sample_site: Path | None = None,
               settings_overrides: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Crawl ``chosen`` registry sources as one worker of ``run``; returns per-source counts."""
    from scrapy.crawler import Crawler as ScrapyCrawler
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from pipeline.crawl import OFFLINE_SETTINGS
    from pipeline.replay import DEFAULT_ROOT, ReplayServer

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    settings = get_project_settings()
    # Workers are disposable and hold no state of their own: no local HTTP cache.
    settings.set("HTTPCACHE_ENABLED", False, priority="cmdline")
    # Each worker sees only part of the listing: no discovery fallbacks (scrapers.discovery).
    settings.set("EUFUNDS_DISCOVERY", False, priority="cmdline")
    if "EUFUNDS_LOG_LEVEL" not in os.environ:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    server = None
    if offline:
        server = ReplayServer(sample_site or DEFAULT_ROOT).start()
        settings.setdict({"EUFUNDS_REPLAY_URL": server.base_url, **OFFLINE_SETTINGS},
                         priority="cmdline")
    for name, value in (settings_overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    chosen = list(chosen)
    try:
        process = CrawlerProcess(settings)
        for n, source in enumerate(chosen):
            # One crawler per source with its own Redis keys (spiders share names).
            own = settings.copy()
            own.setdict(redis_settings(redis_url, run, source.id), priority="cmdline")
            crawler = ScrapyCrawler(process.spider_loader.load(source.spider), own,
                                    init_reactor=n == 0)
            process.crawl(crawler, source=source.id)
        process.start()
    finally:
        if server is not None:
            server.stop()
    return [{"source": s.id, "run": run} for s in chosen]


def collect(redis_url: str, run: str, db_path: Path, source_ids: Iterable[str] = ()
            ) -> list[dict[str, Any]]:
    """The single writer: commit every source of ``run`` found in Redis into ``db_path``.

    Call after the run's workers have exited. Returns the ``crawls`` rows written.
    """
    import redis

    from pipeline import store

    server = redis.Redis.from_url(redis_url, decode_responses=True)
    sources = list(source_ids) or sorted(
        k.split(":")[2] for k in server.scan_iter(key(run, "*", "stats")))
    db = store.open_db(db_path)
    rows = []
    try:
        for source in sources:
            stats = server.hgetall(key(run, source, "stats"))
            if not stats:
                continue
            n = {k: int(v) for k, v in stats.items() if v.lstrip("-").isdigit()}
            reasons = {v for k, v in stats.items() if k.startswith("reason/")}
            reason = "finished" if reasons <= {"finished"} else sorted(reasons - {"finished"})[0]
            records = {}
            for raw in server.lrange(key(run, source, "items"), 0, -1):
                rec = json.loads(raw)
                records[rec["id"]] = rec
            items = n.get("events", 0) + n.get("non_events", 0)
            errors = (n.get("error_responses", 0) + n.get("exceptions", 0)
                      + n.get("spider_errors", 0) + n.get("invalid_records", 0))
            crawl_id = store.start_crawl(db, source)
            outcome, note = store.judge_crawl(
                finish_reason=reason, responses=n.get("responses", 0),
                error_responses=n.get("error_responses", 0) + n.get("exceptions", 0),
                items=items, errors=errors, last_good=store.last_good_items(db, source),
                blocked=stats.get("blocked"))
            transient = server.smembers(key(run, source, "transient"))
            counts = {
                "pages": n.get("pages", 0), "items": items, "errors": errors,
                "not_modified": n.get("not_modified", 0),
                "status_counts": {k.split("/", 1)[1]: v for k, v in n.items()
                                  if k.startswith("status/")},
                "finish_reason": reason, "note": note,
                "events": n.get("events", 0), "non_events": n.get("non_events", 0),
            }
            if outcome in store.GOOD_OUTCOMES:
                complete = reason in store.COMPLETE_REASONS and not transient
                if not complete and outcome == "ok":
                    outcome = "partial"
                rows.append(store.commit_crawl(db, crawl_id, source, records.values(),
                                               outcome=outcome, complete=complete, **counts))
            else:
                rows.append(store.fail_crawl(db, crawl_id, source, outcome=outcome, new=0,
                                             changed=0, unchanged=0, vanished=0, **counts))
            server.delete(*[key(run, source, w) for w in
                            ("requests", "dupefilter", "items", "stats", "workers",
                             "transient")])
    finally:
        db.conn.close()
    return rows


def default_run_id() -> str:
    """A run id for workers started together without one: today's UTC date."""
    return time.strftime("%Y-%m-%d", time.gmtime())
