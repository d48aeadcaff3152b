"""Interreg Brandenburg – Polen 2021-2027: Aktuelles (deutsche Fassung) (interreg-brandenburg-polska.eu), City Scrapers style. Sample pages in the style of
WordPress, German; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.

The pages are in German: the extractor reads them with pipeline/languages/ (issue 12);
each field is asserted as the page states it (a town by its usual Polish name).
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

# The checks every source passes (outcome, only events stored, pagination to the end, the
# portal's own URLs, no page chrome, each expected field): tests/spiders/contract.py.
from tests.spiders.contract import (  # noqa: F401
    test_crawl_outcome_ok,
    test_no_page_chrome_in_the_text,
    test_non_events_are_counted_not_stored,
    test_only_the_events_are_stored,
    test_pagination_followed_to_the_end,
    test_urls_are_the_portals_own,
)

SOURCE = 'interreg-bb-pl-de'
BASE = 'https://interreg-brandenburg-polska.eu'
LISTING_PAGES = [
    '/de/aktuelles/',
    '/de/aktuelles/page/2/',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/de/aktuelles/jahreskonferenz-2027-in-slubice/'
EVENTS = {
    '/de/aktuelles/informationsveranstaltung-in-frankfurt-oder/': {
        'title': 'Informationsveranstaltung in Frankfurt (Oder)',
        'published': '2026-11-25',
        'page_language': 'de',
        'start': '2027-02-25T10:00',
        'end': '2027-02-25T13:00',
        'city': 'Frankfurt nad Odrą',
        'registration_deadline': '2027-02-18',
    },
    '/de/aktuelles/jahreskonferenz-2027-in-slubice/': {
        'title': 'Jahreskonferenz 2027 in Słubice',
        'published': '2026-11-04',
        'page_language': 'de',
        'start': '2027-05-20T10:00',
        'city': 'Słubice',
    },
}
NOT_EVENTS = {
    '/de/aktuelles/begleitausschuss-waehlt-14-projekte-aus/': 'news',
}
