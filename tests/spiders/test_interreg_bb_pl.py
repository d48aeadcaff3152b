"""Interreg Brandenburgia – Polska 2021-2027: aktualności (wersja polska) (interreg-brandenburg-polska.eu), City Scrapers style. Sample pages in the style of
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

SOURCE = 'interreg-bb-pl'
BASE = 'https://interreg-brandenburg-polska.eu'
LISTING_PAGES = [
    '/pl/aktualnosci/',
    '/pl/aktualnosci/page/2/',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/pl/aktualnosci/doroczna-konferencja-programu-w-slubicach/'
EVENTS = {
    '/pl/aktualnosci/spotkanie-informacyjne-w-zielonej-gorze/': {
        'title': 'Spotkanie informacyjne w Zielonej Górze',
        'published': '2026-11-25',
        'page_language': 'pl',
        'start': '2027-02-24T10:00',
        'end': '2027-02-24T13:00',
        'city': 'Zielona Góra',
        'registration_deadline': '2027-02-17',
    },
    '/pl/aktualnosci/doroczna-konferencja-programu-w-slubicach/': {
        'title': 'Doroczna konferencja Programu w Słubicach',
        'published': '2026-11-04',
        'page_language': 'pl',
        'start': '2027-05-20T10:00',
        'city': 'Słubice',
    },
}
NOT_EVENTS = {
    '/pl/aktualnosci/komitet-monitorujacy-wybral-14-projektow/': 'news',
}
