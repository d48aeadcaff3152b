"""Fundusze Europejskie dla Podkarpacia: wydarzenia (funduszeue.podkarpackie.pl), City Scrapers
style. Sample pages in the style of a bespoke CMS; one offline crawl of the source over the
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

SOURCE = 'podkarpackie'
BASE = 'https://funduszeue.podkarpackie.pl'
LISTING_PAGES = [
    '/wydarzenia',
    '/wydarzenia?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/wydarzenia/796,konferencja-polmetek-przemysl'
EVENTS = {
    '/wydarzenia/812,spotkanie-informacyjne-rzeszow': {
        'title': 'Spotkanie informacyjne w Rzeszowie',
        'published': '2026-11-25',
        'start': '2026-12-10T11:00',
        'city': 'Rzeszów',
        'is_free': 1,
    },
    '/wydarzenia/805,konsultacje-krosno': {
        'title': 'Punkt Informacyjny w Krośnie zaprasza na konsultacje',
        'published': '2026-11-17',
        'start': '2027-01-18T09:00',
        'city': 'Krosno',
    },
    '/wydarzenia/796,konferencja-polmetek-przemysl': {
        'title': 'Konferencja hybrydowa: FEP 2021-2027 na półmetku',
        'published': '2026-11-05',
        'start': '2027-03-03',
        'city': 'Przemyśl',
        'attendance_mode': 'mixed',
        'registration_deadline': '2027-02-24',
    },
}
NOT_EVENTS = {
    '/wydarzenia/809,nabor-b-r-przedsiebiorstwa': 'call',
    '/wydarzenia/801,relacja-targi-pracy': 'report',
}
