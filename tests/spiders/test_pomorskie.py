"""Fundusze Europejskie dla Pomorza: wiadomości (funduszeuepomorskie.pl), City Scrapers style.
Sample pages in the style of a bespoke CMS; one offline crawl of the source over the replay
server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it.
Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'pomorskie'
BASE = 'https://funduszeuepomorskie.pl'
LISTING_PAGES = [
    '/wiadomosci',
    '/wiadomosci?strona=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/wiadomosci/spotkanie-slupsk'
EVENTS = {
    '/wiadomosci/webinar-gpi-dotacje-dla-ngo': {
        'title': 'Webinar Głównego Punktu Informacyjnego: dotacje dla NGO',
        'published': '2026-11-27',
        'start': '2026-12-16T17:00',
        'end': '2026-12-16T18:30',
        'attendance_mode': 'online',
        'is_free': 1,
    },
    '/wiadomosci/konsultacje-gdansk-zgloszenia': {
        'title': 'Konsultacje projektów w Gdańsku – zgłoszenia mailowo',
        'published': '2026-11-22',
        'start': '2027-01-20T11:00',
        'end': '2027-01-20T13:00',
        'city': 'Gdańsk',
        'registration_deadline': '2027-01-15',
    },
    '/wiadomosci/spotkanie-slupsk': {
        'title': 'Spotkanie informacyjne w Słupsku',
        'published': '2026-11-05',
        'start': '2027-01-12T10:00',
        'city': 'Słupsk',
    },
}
NOT_EVENTS = {
    '/wiadomosci/nabor-zielona-infrastruktura': 'call',
    '/wiadomosci/nowa-strona-programu': 'news',
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
