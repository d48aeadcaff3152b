"""Europejska Współpraca Terytorialna w województwie śląskim (ewt.slaskie.pl): aktualności (ewt.slaskie.pl), City Scrapers style. Sample pages in the style of
the portal's CMS, Polish; one offline crawl of the source over the replay server
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

SOURCE = 'rpk-slaskie'
BASE = 'https://ewt.slaskie.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/czytaj/poznaj-mozliwosci-interreg-pl-sk-wegierska-gorka'
EVENTS = {
    '/czytaj/spotkanie-informacyjne-cz-pl-raciborz': {
        'title': 'Spotkanie informacyjne Programu Interreg Czechy – Polska w Raciborzu',
        'published': '2026-11-23',
        'page_language': 'pl',
        'start': '2027-02-25T10:00',
        'end': '2027-02-25T13:30',
        'city': 'Racibórz',
        'registration_deadline': '2027-02-19',
    },
    '/czytaj/poznaj-mozliwosci-interreg-pl-sk-wegierska-gorka': {
        'title': 'Poznaj możliwości Programu Interreg Polska – Słowacja – spotkanie w Węgierskiej Górce',
        'published': '2026-11-05',
        'page_language': 'pl',
        'start': '2027-03-17T10:00',
        'city': 'Węgierska Górka',
    },
}
NOT_EVENTS = {
    '/czytaj/relacja-konferencja-interreg-katowice': 'report',
}
