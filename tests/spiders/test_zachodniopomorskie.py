"""Fundusze Europejskie dla Pomorza Zachodniego: aktualności (funduszeue.wzp.pl), City Scrapers
style. Sample pages in the style of Drupal; one offline crawl of the source over the replay
server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it.
Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'zachodniopomorskie'
BASE = 'https://funduszeue.wzp.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosci/webinar-dla-jst'
EVENTS = {
    '/aktualnosci/spotkanie-koszalin': {
        'title': 'Spotkanie informacyjne w Koszalinie',
        'published': '2026-11-24',
        'start': '2026-12-16T10:00',
        'end': '2026-12-16T13:00',
        'city': 'Koszalin',
    },
    '/aktualnosci/konferencja-gospodarka-morska-szczecin': {
        'title': 'Szczecin: konferencja o gospodarce morskiej',
        'published': '2026-11-14',
        'start': '2027-01-21T10:00',
        'end': '2027-01-21T15:00',
        'city': 'Szczecin',
        'attendance_mode': 'mixed',
    },
    '/aktualnosci/webinar-dla-jst': {
        'title': 'Webinar dla jednostek samorządu terytorialnego',
        'published': '2026-11-02',
        'start': '2027-02-09T11:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/aktualnosci/nabor-porty-morskie': 'call',
    '/aktualnosci/umowy-podpisane-listopad': 'news',
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
