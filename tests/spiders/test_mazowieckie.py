"""Fundusze Europejskie dla Mazowsza: aktualności (funduszeuedlamazowsza.eu), City Scrapers
style. Sample pages in the style of WordPress; one offline crawl of the source over the
replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states
it. Event dates in the pages are absolute.
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

SOURCE = 'mazowieckie'
BASE = 'https://funduszeuedlamazowsza.eu'
LISTING_PAGES = [
    '/aktualnosci/',
    '/aktualnosci/page/2/',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/dyzur-konsultantow-siedlce/'
EVENTS = {
    '/konferencja-regionalna-plock/': {
        'title': 'Konferencja regionalna w Płocku: Fundusze Europejskie dla Mazowsza',
        'published': '2026-11-28',
        'start': '2026-12-14T10:00',
        'city': 'Płock',
        'attendance_mode': 'mixed',
    },
    '/odwolane-szkolenie-rozliczanie-radom/': {
        'title': 'ODWOŁANE: szkolenie z rozliczania projektów w Radomiu',
        'published': '2026-11-22',
        'start': '2026-12-17',
        'city': 'Radom',
        'status': 'cancelled',
    },
    '/dyzur-konsultantow-siedlce/': {
        'title': 'Dyżur konsultantów w Siedlcach',
        'published': '2026-11-08',
        'start': '2027-01-11T09:00',
        'end': '2027-01-11T15:00',
        'city': 'Siedlce',
        'is_free': 1,
    },
}
NOT_EVENTS = {
    '/nabor-cyfryzacja-mazowsze/': 'call',
    '/mazowsze-liderem-kontraktacji/': 'news',
}
