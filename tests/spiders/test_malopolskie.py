"""Fundusze Europejskie dla Małopolski: aktualności (fundusze.malopolska.pl), City Scrapers
style. Sample pages in the style of Drupal; one offline crawl of the source over the replay
server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it.
Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'malopolskie'
BASE = 'https://fundusze.malopolska.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosc/6987-webinarium-partnerzy-zagraniczni'
EVENTS = {
    '/aktualnosc/7012-spotkanie-informacyjne-nowy-sacz': {
        'title': 'Spotkanie informacyjne w Nowym Sączu',
        'published': '2026-11-24',
        'start': '2026-12-09T10:00',
        'city': 'Nowy Sącz',
        'registration_deadline': '2026-12-04',
    },
    '/aktualnosc/7001-szkolenie-zamowienia-krakow': {
        'title': 'Szkolenie: zamówienia w projektach FEM 2021-2027',
        'published': '2026-11-16',
        'start': '2027-01-19',
        'end': '2027-01-20',
        'all_day': 1,
        'city': 'Kraków',
    },
    '/aktualnosc/6987-webinarium-partnerzy-zagraniczni': {
        'title': 'Webinarium dla partnerów zagranicznych',
        'published': '2026-11-03',
        'start': '2027-02-02T14:00',
        'attendance_mode': 'online',
        'languages': ['en'],
    },
}
NOT_EVENTS = {
    '/aktualnosc/7008-nabor-turystyka-kultura': 'call',
    '/aktualnosc/6995-fem-w-liczbach': 'news',
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
