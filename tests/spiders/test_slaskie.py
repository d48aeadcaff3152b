"""Fundusze Europejskie dla Śląskiego: aktualności (funduszeue.slaskie.pl), City Scrapers
style. Sample pages in the style of Liferay, portlet paging; one offline crawl of the source
over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the
page states it. Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'slaskie'
BASE = 'https://funduszeue.slaskie.pl'
LISTING_PAGES = [
    '/web/guest/aktualnosci',
    '/web/guest/aktualnosci?p_p_id=pl_slaskie_fes_NewsPortlet&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&_pl_slaskie_fes_NewsPortlet_page=2',
    '/web/guest/aktualnosci?p_p_id=pl_slaskie_fes_NewsPortlet&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&_pl_slaskie_fes_NewsPortlet_page=3',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/czytaj/spotkanie_lpi_czestochowa'
EVENTS = {
    '/czytaj/webinar-fesl-international-partners': {
        'title': 'Webinar dla partnerów zagranicznych FE SL',
        'published': '2026-11-27',
        'start': '2027-02-04T10:00',
        'attendance_mode': 'online',
        'languages': ['en'],
    },
    '/czytaj/szkolenie_fst_katowice': {
        'title': 'Szkolenie: Fundusz na rzecz Sprawiedliwej Transformacji',
        'published': '2026-11-19',
        'start': '2027-01-13T09:00',
        'city': 'Katowice',
        'registration_deadline': '2027-01-08',
    },
    '/czytaj/spotkanie_lpi_czestochowa': {
        'title': 'Spotkanie informacyjne w Częstochowie',
        'published': '2026-11-06',
        'start': '2026-12-02T12:00',
        'city': 'Częstochowa',
    },
}
NOT_EVENTS = {
    '/czytaj/nabor_fesl_10_25': 'call',
    '/czytaj/relacja_forum_fst': 'report',
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
