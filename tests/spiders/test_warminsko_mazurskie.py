"""Fundusze Europejskie dla Warmii i Mazur: aktualności (funduszeeuropejskie.warmia.mazury.pl),
City Scrapers style. Sample pages in the style of a bespoke CMS; one offline crawl of the
source over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as
the page states it. Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'warminsko-mazurskie'
BASE = 'https://funduszeeuropejskie.warmia.mazury.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci/2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/artykul/8095/konferencja-olsztyn-trzy-lata-fewim'
EVENTS = {
    '/artykul/8114/cykl-webinariow-dla-beneficjentow': {
        'title': 'Cykl webinariów dla beneficjentów',
        'published': '2026-11-23',
        'start': '2027-01-12T10:00',
        'attendance_mode': 'online',
    },
    '/artykul/8109/spotkanie-informacyjne-elblag': {
        'title': 'Spotkanie informacyjne w Elblągu',
        'published': '2026-11-19',
        'start': '2026-12-11T10:00',
        'city': 'Elbląg',
    },
    '/artykul/8095/konferencja-olsztyn-trzy-lata-fewim': {
        'title': 'Konferencja w Olsztynie: trzy lata programu FEWiM',
        'published': '2026-11-04',
        'start': '2027-02-24',
        'city': 'Olsztyn',
        'languages': ['pl', 'pso'],
    },
}
NOT_EVENTS = {
    '/artykul/8120/nabor-wnioskow-uslugi-zdrowotne': 'call',
    '/artykul/8101/zapoznaj-sie-z-harmonogramem': 'news',
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
