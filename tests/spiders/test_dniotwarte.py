"""Dni Otwarte Funduszy Europejskich: wydarzenia (dniotwarte.eu), City Scrapers style. Sample
pages in the style of a bespoke CMS; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event
dates in the pages are absolute.
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

SOURCE = 'dniotwarte'
BASE = 'https://dniotwarte.eu'
LISTING_PAGES = [
    '/wydarzenia',
    '/wydarzenia?strona=2',
    '/wydarzenia?strona=3',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/wydarzenie/1391/rejs-po-odrze-wroclaw'
EVENTS = {
    '/wydarzenie/1402/zwiedzanie-dworca-kielce': {
        'title': 'Zwiedzanie wyremontowanego dworca w Kielcach',
        'published': '2026-11-24',
        'start': '2027-05-15T10:00',
        'end': '2027-05-15T16:00',
        'city': 'Kielce',
        'is_free': 1,
    },
    '/wydarzenie/1398/warsztaty-robotyki-torun': {
        'title': 'Warsztaty robotyki w centrum nauki w Toruniu',
        'published': '2026-11-20',
        'start': '2027-05-16T11:00',
        'end': '2027-05-16T14:00',
        'city': 'Toruń',
        'registration_deadline': '2027-05-10',
    },
    '/wydarzenie/1391/rejs-po-odrze-wroclaw': {
        'title': 'Rejs po Odrze zmodernizowanym statkiem',
        'published': '2026-11-12',
        'start': '2027-05-14T12:00',
        'city': 'Wrocław',
        'attendance_mode': 'offline',
    },
    '/wydarzenie/1385/wirtualny-spacer-laboratoria': {
        'title': 'Wirtualny spacer po laboratoriach uczelni',
        'published': '2026-11-08',
        'start': '2027-05-15T18:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/wydarzenie/1/rejestracja-organizatorow-2027': 'call',
    '/wydarzenie/2/podsumowanie-dni-otwartych-2026': 'report',
}
