"""Fundusze Europejskie dla Nowoczesnej Gospodarki (FENG): szkolenia i spotkania
(www.nowoczesnagospodarka.gov.pl), City Scrapers style. Sample pages in the style of the
ministry platform, server-rendered section; one offline crawl of the source over the replay
server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it.
Event dates in the pages are absolute.
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

SOURCE = 'feng'
BASE = 'https://www.nowoczesnagospodarka.gov.pl'
LISTING_PAGES = [
    '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/',
    '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/posiedzenie-komitetu-monitorujacego/'
EVENTS = {
    '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/konferencja-innowacje-w-msp-poznan/': {
        'title': 'Konferencja „Innowacje w MŚP” – zarejestruj się',
        'published': '2026-11-27',
        'start': '2027-01-20T10:00',
        'city': 'Poznań',
        'registration_deadline': '2027-01-08',
        'attendance_mode': 'offline',
    },
    '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/webinar-sciezka-smart-zmiany-regulaminu/': {
        'title': 'Webinar: Ścieżka SMART – zmiany w regulaminie',
        'published': '2026-11-19',
        'start': '2027-02-03T13:00',
        'attendance_mode': 'online',
        'event_type': 'webinar',
    },
    '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/posiedzenie-komitetu-monitorujacego/': {
        'title': 'Posiedzenie Komitetu Monitorującego program FENG',
        'published': '2026-11-06',
        'start': '2026-12-10T09:30',
        'end': '2026-12-10T16:30',
        'city': 'Warszawa',
        'attendance_mode': 'offline',
    },
}
NOT_EVENTS = {
    '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/nabor-sciezka-smart-msp/': 'call',
    '/strony/dowiedz-sie-wiecej-o-programie/szkolenia-i-spotkania/wyniki-ankiety-beneficjentow/': 'news',
}
