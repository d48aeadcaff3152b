"""EWT Warmia i Mazury: aktualności Programu Interreg Litwa – Polska (ewt.warmia.mazury.pl), City Scrapers style. Sample pages in the style of
Joomla, Polish; one offline crawl of the source over the replay server
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

SOURCE = 'rpk-warminsko-mazurskie'
BASE = 'https://ewt.warmia.mazury.pl'
LISTING_PAGES = [
    '/litwa-polska/aktualnosci-litwa-polska',
    '/litwa-polska/aktualnosci-litwa-polska?start=10',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/litwa-polska/aktualnosci-litwa-polska/1331-warsztaty-projektowe-w-olsztynie'
EVENTS = {
    '/litwa-polska/aktualnosci-litwa-polska/1342-spotkanie-informacyjne-w-elku': {
        'title': 'Spotkanie informacyjne Programu Interreg Litwa – Polska w Ełku',
        'published': '2026-11-25',
        'page_language': 'pl',
        'start': '2027-02-23T10:00',
        'end': '2027-02-23T13:00',
        'city': 'Ełk',
        'registration_deadline': '2027-02-16',
    },
    '/litwa-polska/aktualnosci-litwa-polska/1331-warsztaty-projektowe-w-olsztynie': {
        'title': 'Warsztaty projektowe w Olsztynie',
        'published': '2026-11-04',
        'page_language': 'pl',
        'start': '2027-03-11T09:30',
        'end': '2027-03-11T14:00',
        'city': 'Olsztyn',
    },
}
NOT_EVENTS = {
    '/litwa-polska/aktualnosci-litwa-polska/1338-rozpoczal-sie-nabor-wnioskow': 'call',
}
