"""Politeness on the live web: ``Retry-After`` honoured, within a bound.

A portal that answers ``429 Too Many Requests`` or ``503 Service Unavailable`` with
``Retry-After: N`` is asking the crawler to come back later. When N is at most
``EUFUNDS_RETRY_AFTER_MAX`` (120 s), this middleware waits that long (this request only;
AutoThrottle and the per-portal concurrency of 1-2 keep the rest slow) and asks again, at
most ``RETRY_TIMES`` times. When N is longer, the crawler does not hammer the portal
nor sit idle for an hour: it ends that source's run with finish reason ``throttled``,
which ``StorePipeline`` logs as outcome ``throttled``, stores nothing from, and does not
count as a failure (the next night is the retry).

It sits at 920, between the HTTP cache (900) and the wire counters (950), so it sees the
portal's own answer, before the cache would substitute its stored copy for a 503.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

logger = logging.getLogger(__name__)

THROTTLED = "throttled"


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Wait for a short ``Retry-After`` and ask again; end the source's run on a long one."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.bound = crawler.settings.getfloat("EUFUNDS_RETRY_AFTER_MAX", 120)
        self.times = crawler.settings.getint("RETRY_TIMES", 2)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response,
                               spider: Any = None) -> Request | Response:
        if response.status not in (429, 503):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return response  # no Retry-After: Scrapy's retry middleware decides
        stats = self.crawler.stats
        if wait > self.bound:
            if stats.get_value("eufunds/throttled") is None:
                stats.set_value("eufunds/throttled", f"Retry-After {wait:.0f} s on {request.url}")
                logger.warning("%s asks us to come back in %.0f s (Retry-After, over %.0f s):"
                               " ending this source's run as throttled", request.url, wait,
                               self.bound)
                self.crawler.engine.close_spider(self.crawler.spider, THROTTLED)
            raise IgnoreRequest(f"throttled: Retry-After {wait:.0f} s on {request.url}")
        tries = request.meta.get("eufunds_retry_after", 0)
        if tries >= self.times:
            # Waited enough times: the answer stands (an error); no quick retries on top.
            request.meta["dont_retry"] = True
            return response
        logger.info("%s: waiting %.0f s (Retry-After) before asking again", request.url, wait)
        stats.inc_value("eufunds/retry_after_waits")
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["eufunds_retry_after"] = tries + 1
        retry.meta.pop("eufunds_not_modified", None)
        return retry
