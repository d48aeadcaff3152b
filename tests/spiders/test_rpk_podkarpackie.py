"""Europejska Współpraca Terytorialna na Podkarpaciu (ewt.podkarpackie.pl): Interreg Polska – Słowacja (ewt.podkarpackie.pl), City Scrapers style. Sample pages in the style of
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

SOURCE = 'rpk-podkarpackie'
BASE = 'https://ewt.podkarpackie.pl'
LISTING_PAGES = [
    '/index.php/interreg-polska-slowacja/aktualnosci',
    '/index.php/interreg-polska-slowacja/aktualnosci?start=10',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/index.php/interreg-polska-slowacja/aktualnosci/901-webinarium-fundusz-malych-projektow'
EVENTS = {
    '/index.php/interreg-polska-slowacja/aktualnosci/912-spotkanie-informacyjne-w-krosnie': {
        'title': 'Spotkanie informacyjne Interreg Polska – Słowacja w Krośnie',
        'published': '2026-11-25',
        'page_language': 'pl',
        'start': '2027-02-26T10:00',
        'end': '2027-02-26T13:00',
        'city': 'Krosno',
    },
    '/index.php/interreg-polska-slowacja/aktualnosci/901-webinarium-fundusz-malych-projektow': {
        'title': 'Webinarium: Fundusz Małych Projektów Interreg Polska – Słowacja',
        'published': '2026-11-04',
        'page_language': 'pl',
        'start': '2027-03-10T11:00',
        'end': '2027-03-10T12:30',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/index.php/interreg-polska-slowacja/aktualnosci/907-dni-funduszy-europejskich-relacja': 'report',
}
