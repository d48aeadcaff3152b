"""Fundusze Europejskie dla Wielkopolski: aktualności (funduszeue.wielkopolskie.pl), City
Scrapers style. Sample pages in the style of Joomla; one offline crawl of the source over
the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the page
states it. Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'wielkopolskie'
BASE = 'https://funduszeue.wielkopolskie.pl'
LISTING_PAGES = [
    '/index.php/aktualnosci',
    '/index.php/aktualnosci?start=3',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/index.php/aktualnosci/2266-szkolenie-kwalifikowalnosc-poznan'
EVENTS = {
    '/index.php/aktualnosci/2291-dzien-otwarty-leszno-nowy-termin': {
        'title': 'Dzień otwarty dla przedsiębiorców w Lesznie – nowy termin',
        'published': '2026-11-27',
        'start': '2027-03-03T10:00',
        'city': 'Leszno',
        'status': 'postponed',
    },
    '/index.php/aktualnosci/2287-spotkanie-informacyjne-kalisz': {
        'title': 'Spotkanie informacyjne w Kaliszu',
        'published': '2026-11-21',
        'start': '2026-12-09T10:00',
        'city': 'Kalisz',
    },
    '/index.php/aktualnosci/2266-szkolenie-kwalifikowalnosc-poznan': {
        'title': 'Szkolenie w Poznaniu: kwalifikowalność wydatków',
        'published': '2026-11-03',
        'start': '2027-01-26',
        'end': '2027-01-27',
        'city': 'Poznań',
        'registration_deadline': '2027-01-20',
    },
}
NOT_EVENTS = {
    '/index.php/aktualnosci/2280-nabor-wnioskow-mobilnosc': 'call',
    '/index.php/aktualnosci/2272-laureaci-konkursu-dobre-praktyki': 'news',
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
