"""Baza innowacji społecznych (innowacjespoleczne.pl): aktualności (innowacjespoleczne.pl),
City Scrapers style. Sample pages in the style of WordPress; one offline crawl of the source
over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the
page states it. Event dates in the pages are absolute.
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

SOURCE = 'innowacjespoleczne'
BASE = 'https://innowacjespoleczne.pl'
LISTING_PAGES = [
    '/aktualnosci/',
    '/aktualnosci/page/2/',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosc/spotkanie-sieciujace-inkubatorow-gdynia/'
EVENTS = {
    '/aktualnosc/webinar-jak-przetestowac-innowacje/': {
        'title': 'Webinar: jak przetestować innowację społeczną?',
        'published': '2026-11-26',
        'start': '2026-12-09T18:00',
        'attendance_mode': 'online',
        'registration_deadline': '2026-12-07',
    },
    '/aktualnosc/forum-innowacji-spolecznych-2027/': {
        'title': 'Forum Innowacji Społecznych 2027',
        'published': '2026-11-12',
        'start': '2027-02-24',
        'city': 'Warszawa',
        'attendance_mode': 'mixed',
        'is_free': 1,
    },
    '/aktualnosc/spotkanie-sieciujace-inkubatorow-gdynia/': {
        'title': 'Spotkanie sieciujące inkubatorów innowacji społecznych w Gdyni',
        'published': '2026-10-30',
        'start': '2027-01-19T10:00',
        'end': '2027-01-19T16:00',
        'city': 'Gdynia',
        'attendance_mode': 'offline',
    },
}
NOT_EVENTS = {
    '/aktualnosc/nabor-wnioskow-innowacje-w-samorzadzie/': 'call',
    '/aktualnosc/nowe-opisy-w-bazie-innowacji/': 'news',
}
