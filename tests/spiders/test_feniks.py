"""Fundusze Europejskie na Infrastrukturę, Klimat, Środowisko (FEnIKS): wiadomości
(www.feniks.gov.pl), City Scrapers style. Sample pages in the style of the ministry
platform, listing hash-routed: read through /rss; one offline crawl of the source over the
replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states
it. Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'feniks'
BASE = 'https://www.feniks.gov.pl'
LISTING_PAGES = [
    '/rss',
    '/rss?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/strony/wiadomosci/odwolane-spotkanie-katowice/'
EVENTS = {
    '/strony/wiadomosci/konsultacje-zmian-programu-gdansk/': {
        'title': 'Konsultacje zmian w programie FEnIKS – spotkanie w Gdańsku',
        'published': '2026-11-28',
        'start': '2026-12-16T11:00',
        'city': 'Gdańsk',
        'registration_deadline': '2026-12-14T12:00',
        'event_type': 'consultation',
    },
    '/strony/wiadomosci/szkolenie-pomoc-publiczna-infrastruktura/': {
        'title': 'Szkolenie online: pomoc publiczna w projektach infrastrukturalnych',
        'published': '2026-11-17',
        'start': '2027-01-12T09:00',
        'attendance_mode': 'online',
        'is_free': 1,
        'event_type': 'training',
    },
    '/strony/wiadomosci/odwolane-spotkanie-katowice/': {
        'title': 'ODWOŁANE: spotkanie dla beneficjentów działania 2.1 w Katowicach',
        'published': '2026-11-05',
        'start': '2026-12-09',
        'city': 'Katowice',
        'status': 'cancelled',
    },
}
NOT_EVENTS = {
    '/strony/wiadomosci/nabor-oze-cieplownictwo/': 'call',
    '/strony/wiadomosci/umowa-kolej-podpisana/': 'news',
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


def test_preloader_text_dropped(crawl: Crawl) -> None:
    for row in crawl.events.values():
        assert "Trwa ładowanie" not in (row["body"] or "")
        assert "Trwa zapisywanie" not in (row["body"] or "")


@pytest.mark.parametrize(
    ("path", "name", "expected"),
    [(p, n, v) for p, fields in EVENTS.items() for n, v in fields.items()],
)
def test_event_field(crawl: Crawl, path: str, name: str, expected: object) -> None:
    assert field(crawl.events[BASE + path], name) == expected
