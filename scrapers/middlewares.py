"""Downloader middlewares: blocked-page detection.

A portal behind an anti-bot wall (Imperva/Incapsula on parp.gov.pl, a
"checking your browser" JavaScript page, a plain HTTP 403 for non-browser
clients) answers with a page that has no links and no event. Read naively, that
is an empty listing and the source would look like it has "no events". This
middleware recognises such answers, records them in the crawl stats
(``eufunds/blocked`` = the reason, ``eufunds/blocked_url``,
``eufunds/blocked_pages``) and drops the response, so the spider never parses a
challenge page; ``scrapers.pipelines.StorePipeline`` then logs the crawl with
outcome ``blocked``.

Offline routing lives in ``scrapers.handlers``, not here.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

# (reason, pattern) pairs, checked against the first bytes of small HTML answers.
_CHALLENGES: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("incapsula", re.compile(rb"_Incapsula_Resource|Incapsula incident ID|incap_ses_|visid_incap_",
                             re.I)),
    ("cloudflare", re.compile(rb"cf-browser-verification|/cdn-cgi/challenge-platform|"
                              rb"<title>\s*Just a moment\.\.\.\s*</title>", re.I)),
    ("js-check", re.compile(rb"<title>[^<]*(?:checking your browser|"
                            rb"sprawdzanie przegl\xc4\x85darki)[^<]*</title>|"
                            rb"please enable javascript and cookies to continue|"
                            rb"enable javascript to (?:continue|view this (?:page|site))", re.I)),
)
# Challenge pages are small; a real article that merely mentions "Incapsula" is not.
_MAX_CHALLENGE_BYTES = 64 * 1024
# Lower-case substrings one of which every pattern above needs: a page with none of them
# (nearly every page) skips the case-insensitive regex scans, which cost ~4 ms per 60 KB page.
_MARKERS = (b"incap", b"cf-browser-verification", b"/cdn-cgi/challenge-platform",
            b"just a moment", b"checking your browser", b"sprawdzanie przegl",
            b"enable javascript")


def blocked_reason(response: Response) -> str | None:
    """Why ``response`` is an anti-bot wall rather than the portal's page, or None."""
    if response.status == 403:
        return "http-403"
    ctype = response.headers.get(b"Content-Type", b"").lower()
    if ctype and b"html" not in ctype:
        return None
    head = response.body[:_MAX_CHALLENGE_BYTES]
    if len(response.body) > _MAX_CHALLENGE_BYTES:
        return None
    low = head.lower()
    if not any(marker in low for marker in _MARKERS):
        return None
    for reason, pattern in _CHALLENGES:
        if pattern.search(head):
            return reason
    return None


class BlockedPageMiddleware:
    """Turn challenge pages and 403s into a ``blocked`` mark in the crawl stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockedPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Response:
        reason = blocked_reason(response)
        if reason is None:
            return response
        self.stats.set_value("eufunds/blocked", reason)
        self.stats.inc_value("eufunds/blocked_pages")
        if self.stats.get_value("eufunds/blocked_url") is None:
            self.stats.set_value("eufunds/blocked_url", request.url)
        raise IgnoreRequest(f"blocked by an anti-bot wall ({reason}): {request.url}")
