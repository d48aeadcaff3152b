"""Fundusze Europejskie dla Dolnego Śląska: wydarzenia (funduszeuedolnoslaskie.pl), City
Scrapers style. Sample pages in the style of a bespoke CMS; one offline crawl of the source
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

SOURCE = 'dolnoslaskie'
BASE = 'https://funduszeuedolnoslaskie.pl'
LISTING_PAGES = [
    '/wydarzenia/',
    '/wydarzenia/?pg=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/wydarzenia/spotkanie-online-ngo/'
EVENTS = {
    '/wydarzenia/mobilny-punkt-jelenia-gora/': {
        'title': 'Mobilny Punkt Informacyjny w Jeleniej Górze',
        'published': '2026-11-25',
        'start': '2026-12-10T09:00',
        'end': '2026-12-10T13:00',
        'city': 'Jelenia Góra',
        'attendance_mode': 'offline',
        'is_free': 1,
    },
    '/wydarzenia/szkolenie-ekonomia-spoleczna-wroclaw/': {
        'title': 'Szkolenie dla wnioskodawców: ekonomia społeczna',
        'published': '2026-11-16',
        'start': '2027-01-21T09:00',
        'end': '2027-01-21T15:00',
        'city': 'Wrocław',
        'registration_deadline': '2027-01-15',
    },
    '/wydarzenia/spotkanie-online-ngo/': {
        'title': 'Spotkanie online dla organizacji pozarządowych',
        'published': '2026-11-02',
        'start': '2027-02-04T10:00',
        'end': '2027-02-04T12:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/wydarzenia/nabor-uslugi-spoleczne/': 'call',
    '/wydarzenia/relacja-gielda-partnerska/': 'report',
}
