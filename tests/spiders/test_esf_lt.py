"""ESF+ Communities of Practice (European Social Fund Agency, esf.lt): events (esf.lt), City
Scrapers style. Sample pages in the style of a bespoke CMS, English; one offline crawl of
the source over the replay server on 127.0.0.1 (module-scoped), then one assertion per
field, as the page states it. Event dates in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source, field

SOURCE = 'esf-lt'
BASE = 'https://esf.lt'
LISTING_PAGES = [
    '/en/events',
    '/en/events?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/en/lab-session-simplified-cost-options'
EVENTS = {
    '/en/mutual-learning-workshop-measuring-social-impact': {
        'title': 'Mutual learning workshop: measuring the social impact of ESF+ projects',
        'published': '2026-11-25',
        'start': '2027-03-02T09:00',
        'end': '2027-03-02T12:00',
        'attendance_mode': 'online',
        'registration_deadline': '2027-02-23',
        'languages': ['en'],
    },
    '/en/community-of-practice-annual-meeting-vilnius': {
        'title': 'Community of Practice on Social Innovation: annual meeting in Vilnius',
        'published': '2026-11-16',
        'start': '2027-03-18',
        'end': '2027-03-19',
        'attendance_mode': 'offline',
        'languages': ['en'],
    },
    '/en/lab-session-simplified-cost-options': {
        'title': 'Lab session on simplified cost options',
        'published': '2026-11-04',
        'start': '2027-04-14T10:00',
        'end': '2027-04-14T12:30',
        'attendance_mode': 'mixed',
    },
}
NOT_EVENTS = {
    '/en/report-competence-centres-published': 'news',
    '/en/call-transnational-cooperation-2027': 'call',
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
