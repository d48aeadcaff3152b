"""Fundusze Europejskie dla Kujaw i Pomorza: aktualności (funduszeue.kujawsko-pomorskie.pl),
City Scrapers style. Sample pages in the style of a bespoke CMS; one offline crawl of the
source over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as
the page states it. Event dates in the pages are absolute.
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

SOURCE = 'kujawsko-pomorskie'
BASE = 'https://funduszeue.kujawsko-pomorskie.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosci/webinarium-rozliczanie-efs'
EVENTS = {
    '/aktualnosci/dzien-otwarty-gpi-torun': {
        'title': 'Dzień otwarty w Głównym Punkcie Informacyjnym w Toruniu',
        'published': '2026-11-27',
        'start': '2026-12-15T09:00',
        'end': '2026-12-15T15:00',
        'city': 'Toruń',
    },
    '/aktualnosci/spotkanie-informacyjne-wloclawek': {
        'title': 'Spotkanie informacyjne we Włocławku',
        'published': '2026-11-20',
        'start': '2027-01-12T10:00',
        'end': '2027-01-12T12:30',
        'city': 'Włocławek',
        'is_free': 1,
    },
    '/aktualnosci/webinarium-rozliczanie-efs': {
        'title': 'Webinarium: rozliczanie projektów EFS+',
        'published': '2026-11-04',
        'start': '2027-01-28T11:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/aktualnosci/harmonogram-naborow-2027': 'news',
    '/aktualnosci/nabor-infrastruktura-edukacyjna': 'call',
}
