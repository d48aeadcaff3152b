"""The checks every source's offline crawl passes, written once.

A per-source module (``test_<source>.py``, City Scrapers style) states what its sample
pages contain: ``SOURCE`` (registry id), ``BASE`` (the portal's origin),
``LISTING_PAGES``, ``LAST_PAGE_ONLY`` (an item linked only from the last listing page),
``EVENTS`` (path -> expected fields, as the page states them) and ``NOT_EVENTS`` (path
-> why not: news, call, report). It imports the tests below, which read those names
from the module; the module-scoped ``crawl`` fixture (``tests/spiders/conftest.py``)
crawls the source once over the replay server, and ``test_event_field`` is
parametrized there with one case per expected field.

A source whose pages are in a language the extractor does not read yet (the Slovak,
Czech, German and Lithuanian versions of the Interreg programmes' sites) also names
``AWAITING``: path -> the facts the page states (title, start, city, ...), events in
truth that today's extractor may count as non-events. Such a page must be fetched and
either counted or stored; once stored, the facts that do not depend on reading the
language (URL, title, publication stamp) are checked, and the rest stay in the table
as data for the language work to tighten (``test_awaiting_pages``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from pipeline.extract import extract
from pipeline.replay import local_path
from scrapers.registry import get_source
from tests.conftest import SAMPLE_SITE
from tests.spiders.helpers import Crawl, field


def test_crawl_outcome_ok(crawl: Crawl) -> None:
    assert crawl.row["outcome"] == "ok", crawl.row


def _awaiting(module: object) -> dict[str, dict[str, object]]:
    return getattr(module, "AWAITING", {})


def _awaiting_stored(crawl: Crawl, module: object) -> set[str]:
    return {p for p in _awaiting(module) if module.BASE + p in crawl.events}  # type: ignore[attr-defined]


def test_only_the_events_are_stored(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    m = request.module
    expected = {m.BASE + p for p in m.EVENTS} | {m.BASE + p for p in _awaiting_stored(crawl, m)}
    assert sorted(crawl.events) == sorted(expected)


def test_non_events_are_counted_not_stored(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    m = request.module
    for path in m.NOT_EVENTS:
        assert m.BASE + path not in crawl.events
    # An awaiting page not stored as an event was counted as a non-event.
    unread = len(_awaiting(m)) - len(_awaiting_stored(crawl, m))
    assert crawl.row["non_events"] == len(m.NOT_EVENTS) + unread


def test_pagination_followed_to_the_end(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    m = request.module
    # Every item page, those linked only from the last listing page included, was read.
    items = len(m.EVENTS) + len(m.NOT_EVENTS) + len(_awaiting(m))
    assert crawl.row["events"] + crawl.row["non_events"] == items
    assert crawl.row["pages"] >= len(m.LISTING_PAGES) + items
    if m.LAST_PAGE_ONLY in m.EVENTS:
        assert m.BASE + m.LAST_PAGE_ONLY in crawl.events
    else:
        # An awaiting or non-event page: counted above; stored only if it is an event.
        assert m.LAST_PAGE_ONLY in _awaiting(m) or m.LAST_PAGE_ONLY in m.NOT_EVENTS


# What an awaiting page states that no language reading is needed for: checked once the
# page is stored. Dates, places and times stay as data until the language work lands.
LANGUAGE_FREE_FIELDS = ("title", "published", "page_language")


def test_awaiting_pages(crawl: Crawl, request: pytest.FixtureRequest) -> None:
    m = request.module
    for path in _awaiting_stored(crawl, m):
        row = crawl.events[m.BASE + path]
        for name in LANGUAGE_FREE_FIELDS:
            if name in m.AWAITING[path]:
                assert field(row, name) == m.AWAITING[path][name], (path, name)


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


def test_awaiting_pages_read_as_written(request: pytest.FixtureRequest) -> None:
    """Today, without the language work: each awaiting sample page, read by the real
    extractor with the source's selectors, gives its title, stamp and page language.
    (The crawl stores only events, so this is where those facts are seen until then.)"""
    m = request.module
    source = get_source(m.SOURCE)
    for path, facts in _awaiting(m).items():
        url = m.BASE + path
        parts = urlsplit(url)
        page = local_path(SAMPLE_SITE, parts.hostname or "", parts.path, parts.query)
        assert page is not None, f"no sample page for {url}"
        record = extract(page.read_bytes(), url=url, source=source.id,
                         selectors=source.selectors or None, region=source.region)
        for name in LANGUAGE_FREE_FIELDS:
            if name in facts:
                assert record[name] == facts[name], (path, name, record[name])
