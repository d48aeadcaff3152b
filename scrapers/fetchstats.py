"""What happened on the wire, and an HTTP cache that a SIGKILL cannot corrupt.

``WireStatsMiddleware`` sits between the HTTP cache and the downloader
(priority 950; the cache is 900), so it counts what the portal really answered:
each status code, the 304s that revalidated a cached page, server errors and
download exceptions. Scrapy's own ``downloader/response_status_count`` is
counted *after* the cache, which turns a 304 into the cached 200 and, under
RFC 2616 rules, also serves the cached copy when the portal answers 5xx; read
from there, a portal that is down would look healthy. The pipeline judges a
run from these counts (``scrapers.pipelines.StorePipeline``).

``RevalidatingRFC2616Policy`` is Scrapy's RFC 2616 policy for a crawler that
runs once a night: a stored page is always revalidated (If-None-Match /
If-Modified-Since) before use, never trusted on heuristic freshness (a page
last modified 100 days ago would otherwise count as fresh for 10 days), and
also when the portal says ``Cache-Control: no-cache`` (for which the stock
policy drops the validators and downloads the page in full).

``AtomicFilesystemCacheStorage`` is Scrapy's filesystem cache storage writing
each entry into a temporary folder renamed into place, so a process killed
mid-write leaves the old entry or none, never a new header with a half body.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy
from scrapy.http import Response


def _is_robots(url: str) -> bool:
    return url.split("?", 1)[0].endswith("/robots.txt")


class WireStatsMiddleware:
    """Count responses as received from the network, before the HTTP cache.

    Stats: ``eufunds/wire/<status>``, ``eufunds/wire/responses``,
    ``eufunds/wire/not_modified`` (304), ``eufunds/wire/error_responses`` (5xx,
    and 4xx other than a missing robots.txt or a missing sitemap or feed that the
    discovery fallbacks only probed for), ``eufunds/wire/exceptions``, and
    ``eufunds/wire/transient_urls``: URLs that failed with a 5xx or an
    exception (their events must not be marked vanished); ``good_urls`` and
    ``error_urls`` to judge a run by pages rather than attempts (a page retried
    twice is one failed page, not three).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WireStatsMiddleware:
        return cls(crawler)

    def _add(self, key: str, url: str) -> None:
        urls = self.stats.get_value(f"eufunds/wire/{key}")
        if urls is None:
            urls = set()
            self.stats.set_value(f"eufunds/wire/{key}", urls)
        urls.add(url)

    def _transient(self, url: str) -> None:
        self._add("transient_urls", url)
        self._add("error_urls", url)

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Response:
        status = response.status
        self.stats.inc_value("eufunds/wire/responses")
        self.stats.inc_value(f"eufunds/wire/{status}")
        if status == 304:
            self.stats.inc_value("eufunds/wire/not_modified")
            # The spider then knows the cached copy it gets is unchanged (no re-extraction).
            request.meta["eufunds_not_modified"] = True
        elif status >= 500 or (status >= 400 and not (
                status in (404, 410) and (_is_robots(request.url)
                                          or request.meta.get("eufunds_probe")
                                          or request.meta.get("eufunds_due")))):
            self.stats.inc_value("eufunds/wire/error_responses")
            if status >= 500 or status in (408, 429):
                self._transient(request.url)
            else:
                self._add("error_urls", request.url)
            return response
        self._add("good_urls", request.url)
        return response

    def process_exception(self, request: Request, exception: BaseException,
                          spider: Any = None) -> None:
        if isinstance(exception, IgnoreRequest):
            # Refused before reaching the network (robots.txt, the fetch guard): not a
            # portal failure, and counted once already by whoever refused it.
            return None
        self.stats.inc_value("eufunds/wire/exceptions")
        self._transient(request.url)
        return None


def wire_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """The wire counts of one crawler's stats as plain values."""
    codes = {
        k.rsplit("/", 1)[1]: int(v)
        for k, v in stats.items()
        if k.startswith("eufunds/wire/") and k.rsplit("/", 1)[1].isdigit()
    }
    good = set(stats.get("eufunds/wire/good_urls") or ())
    bad = set(stats.get("eufunds/wire/error_urls") or ())
    return {
        "status_counts": dict(sorted(codes.items())),
        "responses": int(stats.get("eufunds/wire/responses", 0)),
        "not_modified": int(stats.get("eufunds/wire/not_modified", 0)),
        "error_responses": int(stats.get("eufunds/wire/error_responses", 0)),
        "exceptions": int(stats.get("eufunds/wire/exceptions", 0)),
        "transient_urls": sorted(stats.get("eufunds/wire/transient_urls") or ()),
        "urls": len(good | bad),
        "failed_urls": len(bad - good),
    }


class RevalidatingRFC2616Policy(RFC2616Policy):
    """RFC 2616 caching in which every use of a stored page is a conditional request."""

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False


class AtomicFilesystemCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem HTTP cache, but each entry appears all at once."""

    def store_response(self, spider: Any, request: Request, response: Response) -> None:
        final = Path(self._get_request_path(spider, request))
        if "cached" in response.flags and (final / "response_body").exists():
            # A stored page revalidated by a 304 (Scrapy re-stores it with the 304's
            # headers): the body is unchanged, so rewrite only the small files, each
            # atomically. Re-storing the whole entry cost more than the 304 saved.
            self._refresh_headers(final, request, response)
            return
        tmp = final.with_name(f"{final.name}.tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        # The parent writes where _get_request_path points: point it at tmp for this call.
        self._get_request_path = lambda *_a, **_k: str(tmp)  # type: ignore[method-assign]
        try:
            super().store_response(spider, request, response)
        finally:
            del self._get_request_path
        # A directory cannot replace a non-empty one in one rename: move the old entry
        # aside first. In between, the entry is simply missing (a cache miss), never torn.
        old = final.with_name(f"{final.name}.old{os.getpid()}")
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)

    def _refresh_headers(self, entry: Path, request: Request, response: Response) -> None:
        import pickle
        import time

        from scrapy.utils.python import to_bytes
        from w3lib.http import headers_dict_to_raw

        metadata = {"url": request.url, "method": request.method, "status": response.status,
                    "response_url": response.url, "timestamp": time.time()}
        for name, data in (("response_headers", headers_dict_to_raw(response.headers)),
                           ("meta", to_bytes(repr(metadata))),
                           ("pickled_meta", pickle.dumps(metadata, protocol=4))):
            tmp = entry / f"{name}.tmp{os.getpid()}"
            with self._open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, entry / name)
