"""Podlaskie – strategia i rozwój regionalny (strategia.wrotapodlasia.pl): aktualności (strategia.wrotapodlasia.pl), City Scrapers style. Sample pages in the style of
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

SOURCE = 'rpk-podlaskie'
BASE = 'https://strategia.wrotapodlasia.pl'
LISTING_PAGES = [
    '/pl/Aktulanosci/',
    '/pl/Aktulanosci/?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/pl/Aktulanosci/szkolenie-z-rozliczania-projektow-w-bialymstoku.html'
EVENTS = {
    '/pl/Aktulanosci/spotkanie-informacyjne-interreg-litwa-polska-w-suwalkach.html': {
        'title': 'Spotkanie informacyjne Interreg Litwa – Polska w Suwałkach',
        'published': '2026-11-26',
        'page_language': 'pl',
        'start': '2027-03-02T10:00',
        'end': '2027-03-02T13:00',
        'city': 'Suwałki',
    },
    '/pl/Aktulanosci/szkolenie-z-rozliczania-projektow-w-bialymstoku.html': {
        'title': 'Szkolenie z rozliczania projektów w Białymstoku',
        'published': '2026-11-05',
        'page_language': 'pl',
        'start': '2027-03-18T09:00',
        'end': '2027-03-18T15:00',
        'city': 'Białystok',
    },
}
NOT_EVENTS = {
    '/pl/Aktulanosci/zmiany-w-programie-interreg-litwa-polska.html': 'news',
}
