"""Dni Otwarte Funduszy Europejskich: wydarzenia (dniotwarte.eu), City Scrapers style. Sample
pages in the style of a bespoke CMS; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event
dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'dniotwarte'
BASE = 'https://dniotwarte.eu'
LISTING_PAGES = [
    '/wydarzenia',
    '/wydarzenia?strona=2',
    '/wydarzenia?strona=3',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/wydarzenie/1391/rejs-po-odrze-wroclaw'
EVENTS = {
    '/wydarzenie/1402/zwiedzanie-dworca-kielce': {
        'title': 'Zwiedzanie wyremontowanego dworca w Kielcach',
        'published': '2026-11-24',
        'start': '2027-05-15T10:00',
        'end': '2027-05-15T16:00',
        'city': 'Kielce',
        'is_free': 1,
    },
    '/wydarzenie/1398/warsztaty-robotyki-torun': {
        'title': 'Warsztaty robotyki w centrum nauki w Toruniu',
        'published': '2026-11-20',
        'start': '2027-05-16T11:00',
        'end': '2027-05-16T14:00',
        'city': 'Toruń',
        'registration_deadline': '2027-05-10',
    },
    '/wydarzenie/1391/rejs-po-odrze-wroclaw': {
        'title': 'Rejs po Odrze zmodernizowanym statkiem',
        'published': '2026-11-12',
        'start': '2027-05-14T12:00',
        'city': 'Wrocław',
        'attendance_mode': 'offline',
    },
    '/wydarzenie/1385/wirtualny-spacer-laboratoria': {
        'title': 'Wirtualny spacer po laboratoriach uczelni',
        'published': '2026-11-08',
        'start': '2027-05-15T18:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/wydarzenie/1/rejestracja-organizatorow-2027': 'call',
    '/wydarzenie/2/podsumowanie-dni-otwartych-2026': 'report',
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
