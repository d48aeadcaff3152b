"""DG REGIO (European Commission, regional policy): newsroom (ec.europa.eu), City Scrapers
style. Sample pages in the style of the Commission's Drupal (ECL); one offline crawl of the
source over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as
the page states it. Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'dg-regio'
BASE = 'https://ec.europa.eu'
LISTING_PAGES = [
    '/regional_policy/whats-new/newsroom_en',
    '/regional_policy/whats-new/newsroom_en?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/regional_policy/whats-new/newsroom/06-11-2026-regio-webinar-interreg_en'
EVENTS = {
    '/regional_policy/whats-new/newsroom/27-11-2026-european-week-of-regions-and-cities-2027_en': {
        'title': 'European Week of Regions and Cities 2027: save the date',
        'published': '2026-11-27',
        'start': '2027-10-11',
        'end': '2027-10-14',
        'registration_deadline': '2027-09-17',
    },
    '/regional_policy/whats-new/newsroom/19-11-2026-info-session-polish-beneficiaries-warsaw_en': {
        'title': 'Cohesion policy info session for beneficiaries in Warsaw',
        'published': '2026-11-19',
        'start': '2026-12-09T10:00',
        'end': '2026-12-09T13:00',
        'attendance_mode': 'offline',
    },
    '/regional_policy/whats-new/newsroom/06-11-2026-regio-webinar-interreg_en': {
        'title': 'REGIO webinar: Interreg after 2027',
        'published': '2026-11-06',
        'start': '2027-01-20T15:00',
        'end': '2027-01-20T16:30',
        'attendance_mode': 'online',
        'registration_deadline': '2027-01-15',
    },
}
NOT_EVENTS = {
    '/regional_policy/whats-new/newsroom/24-11-2026-commission-approves-programme-amendments_en': 'news',
    '/regional_policy/whats-new/newsroom/12-11-2026-call-innovative-actions-2027_en': 'call',
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
