"""Programy międzynarodowe Województwa Pomorskiego (programymiedzynarodowe.pomorskie.eu): aktualności (programymiedzynarodowe.pomorskie.eu), City Scrapers style. Sample pages in the style of
WordPress, Polish; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

# The checks every source passes (outcome, only events stored, pagination to the end, the
# portal's own URLs, no page chrome, each expected field): tests/spiders/contract.py.
from tests.spiders.contract import (  # noqa: F401
    test_crawl_outcome_ok,
    test_event_field,
    test_no_page_chrome_in_the_text,
    test_non_events_are_counted_not_stored,
    test_only_the_events_are_stored,
    test_pagination_followed_to_the_end,
    test_urls_are_the_portals_own,
)

SOURCE = 'rpk-pomorskie'
BASE = 'https://programymiedzynarodowe.pomorskie.eu'
LISTING_PAGES = [
    '/aktualnosci/',
    '/aktualnosci/page/2/',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/2026/11/04/konsultacje-projektow-poludniowy-baltyk-w-slupsku/'
EVENTS = {
    '/2026/11/25/seminarium-informacyjne-o-programach-interreg-w-gdansku/': {
        'title': 'Seminarium informacyjne o programach Interreg w Gdańsku',
        'published': '2026-11-25',
        'page_language': 'pl',
        'start': '2027-03-09T10:00',
        'end': '2027-03-09T14:00',
        'city': 'Gdańsk',
        'registration_deadline': '2027-03-02',
    },
    '/2026/11/04/konsultacje-projektow-poludniowy-baltyk-w-slupsku/': {
        'title': 'Konsultacje projektów Interreg Południowy Bałtyk w Słupsku',
        'published': '2026-11-04',
        'page_language': 'pl',
        'start': '2027-03-23T10:00',
        'end': '2027-03-23T15:00',
        'city': 'Słupsk',
    },
}
NOT_EVENTS = {
    '/2026/11/18/komitet-monitorujacy-poludniowy-baltyk-wybral-projekty/': 'news',
}
