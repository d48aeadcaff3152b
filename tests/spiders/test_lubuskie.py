"""Fundusze Europejskie dla Lubuskiego: aktualności (funduszeue.lubuskie.pl), City Scrapers
style. Sample pages in the style of Liferay, portlet paging; one offline crawl of the source
over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the
page states it. Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'lubuskie'
BASE = 'https://funduszeue.lubuskie.pl'
LISTING_PAGES = [
    '/web/guest/aktualnosci',
    '/web/guest/aktualnosci?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_lbFE&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_lbFE_cur=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/-/spotkanie-informacyjne-gorzow'
EVENTS = {
    '/-/webinar-fundusze-dla-lubuskiego-2027': {
        'title': 'Webinar: Fundusze Europejskie dla Lubuskiego w 2027 roku',
        'published': '2026-11-26',
        'start': '2027-01-07T12:00',
        'end': '2027-01-07T13:30',
        'attendance_mode': 'online',
    },
    '/-/szkolenie-zasada-konkurencyjnosci-zielona-gora': {
        'title': 'Szkolenie z zasady konkurencyjności w Zielonej Górze',
        'published': '2026-11-17',
        'start': '2026-12-22T09:00',
        'end': '2026-12-22T14:00',
        'city': 'Zielona Góra',
        'registration_deadline': '2026-12-16',
    },
    '/-/spotkanie-informacyjne-gorzow': {
        'title': 'Spotkanie informacyjne w Gorzowie Wielkopolskim',
        'published': '2026-11-06',
        'start': '2027-01-13T10:00',
        'city': 'Gorzów Wielkopolski',
        'attendance_mode': 'offline',
    },
}
NOT_EVENTS = {
    '/-/nabor-transport-publiczny': 'call',
    '/-/komitet-monitorujacy-uchwaly': 'news',
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
