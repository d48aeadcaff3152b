"""European Social Fund Plus (European Commission): events (european-social-fund-
plus.ec.europa.eu), City Scrapers style. Sample pages in the style of the Commission's
Drupal (ECL); one offline crawl of the source over the replay server on 127.0.0.1 (module-
scoped), then one assertion per field, as the page states it. Event dates in the pages are
absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'esf-plus'
BASE = 'https://european-social-fund-plus.ec.europa.eu'
LISTING_PAGES = [
    '/en/events',
    '/en/events?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/en/events/esf-data-day-cancelled'
EVENTS = {
    '/en/events/esf-social-innovation-forum-2027': {
        'title': 'ESF+ Social Innovation+ Forum 2027',
        'published': '2026-11-27',
        'start': '2027-04-22',
        'end': '2027-04-23',
        'attendance_mode': 'offline',
    },
    '/en/events/webinar-child-guarantee': {
        'title': 'Webinar: ESF+ and the European Child Guarantee',
        'published': '2026-11-23',
        'start': '2027-02-10T14:00',
        'end': '2027-02-10T15:30',
        'attendance_mode': 'online',
        'languages': ['en'],
    },
    '/en/events/esf-data-day-cancelled': {
        'title': 'ESF+ Data Day – cancelled',
        'published': '2026-11-05',
        'start': '2027-01-27',
        'status': 'cancelled',
    },
}
NOT_EVENTS = {
    '/en/events/call-social-innovation-plus-2027': 'call',
    '/en/events/esf-data-story-employment': 'news',
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return crawl_source(SOURCE, tmp_path_factory)


def test_crawl_outcome_ok(crawl: Crawl) -> None:
    assert crawl.row["outcome"] == "ok", crawl.row


def test_only_the_events_are_stored(crawl: Crawl) -> None:
    assert sorted(crawl.events) == sorted(BASE + p for p in EVENTS)


def test_non_events_are_counted_not_stored(crawl: Crawl) -> None:
    for path in NOT_EVENTS:
        assert BASE + path not in crawl.events
    assert crawl.row["non_events"] == len(NOT_EVENTS)


def test_pagination_followed_to_the_end(crawl: Crawl) -> None:
    # Every item page, those linked only from the last listing page included, was read.
    assert crawl.row["events"] + crawl.row["non_events"] == len(EVENTS) + len(NOT_EVENTS)
    assert crawl.row["pages"] >= len(LISTING_PAGES) + len(EVENTS) + len(NOT_EVENTS)


def test_event_linked_from_the_last_page_only(crawl: Crawl) -> None:
    assert BASE + LAST_PAGE_ONLY in crawl.events


def test_urls_are_the_portals_own(crawl: Crawl) -> None:
    for url in crawl.events:
        assert url.startswith(BASE + "/") and "127.0.0.1" not in url


@pytest.mark.parametrize(
    ("path", "name", "expected"),
    [(p, n, v) for p, fields in EVENTS.items() for n, v in fields.items()],
)
def test_event_field(crawl: Crawl, path: str, name: str, expected: object) -> None:
    assert field(crawl.events[BASE + path], name) == expected
