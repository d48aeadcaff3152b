"""The checks every source's offline crawl passes, written once.

A per-source module (``test_<source>.py``, City Scrapers style) states what its sample
pages contain: ``SOURCE`` (registry id), ``BASE`` (the portal's origin),
``LISTING_PAGES``, ``LAST_PAGE_ONLY`` (an item linked only from the last listing page),
``EVENTS`` (path -> expected fields, as the page states them) and ``NOT_EVENTS`` (path
-> why not: news, call, report). It imports the tests below, which read those names
from the module; the module-scoped ``crawl`` fixture (``tests/spiders/conftest.py``)
crawls the source once over the replay server, and ``test_event_field`` is
parametrized there with one case per expected field.
"""

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, field


def test_crawl_outcome_ok(crawl: Crawl) -> None:
    assert crawl.row["outcome"] == "ok", crawl.row


def test_only_the_events_are_stored(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    m = request.module
    assert sorted(crawl.events) == sorted(m.BASE + p for p in m.EVENTS)


def test_non_events_are_counted_not_stored(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    m = request.module
    for path in m.NOT_EVENTS:
        assert m.BASE + path not in crawl.events
    assert crawl.row["non_events"] == len(m.NOT_EVENTS)


def test_pagination_followed_to_the_end(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    m = request.module
    # Every item page, those linked only from the last listing page included, was read.
    assert crawl.row["events"] + crawl.row["non_events"] == len(m.EVENTS) + len(m.NOT_EVENTS)
    assert crawl.row["pages"] >= len(m.LISTING_PAGES) + len(m.EVENTS) + len(m.NOT_EVENTS)
    if m.LAST_PAGE_ONLY in m.EVENTS:
        assert m.BASE + m.LAST_PAGE_ONLY in crawl.events
    else:  # a non-event page linked only from the last listing page: counted above
        assert m.LAST_PAGE_ONLY in m.NOT_EVENTS


def test_urls_are_the_portals_own(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    for url in crawl.events:
        assert url.startswith(request.module.BASE + "/") and "127.0.0.1" not in url


def test_no_page_chrome_in_the_text(crawl: Crawl) -> None:
    # The ministry platform's preloader strings, cookie banners: never event text.
    for row in crawl.events.values():
        body = row["body"] or ""
        assert "Trwa ładowanie" not in body and "Trwa zapisywanie" not in body


def test_event_field(crawl: Crawl, request: pytest.FixtureRequest, path: str, name: str,
                     expected: object) -> None:
    assert field(crawl.events[request.module.BASE + path], name) == expected
