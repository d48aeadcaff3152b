"""Fundusze Europejskie dla Rozwoju Społecznego (FERS): aktualności
(www.rozwojspoleczny.gov.pl), City Scrapers style. Sample pages in the style of the ministry
platform, listing hash-routed: read through /rss; one offline crawl of the source over the
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

SOURCE = 'fers'
BASE = 'https://www.rozwojspoleczny.gov.pl'
LISTING_PAGES = [
    '/rss',
    '/rss?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/strony/dowiedz-sie-wiecej-o-programie/aktualnosci/konsultacje-kryteriow-lodz-nowy-termin/'
EVENTS = {
    '/strony/dowiedz-sie-wiecej-o-programie/aktualnosci/seminarium-partnerzy-ponadnarodowi/': {
        'title': 'Seminarium online dla partnerów ponadnarodowych',
        'published': '2026-11-23',
        'start': '2027-01-13T10:00',
        'end': '2027-01-13T12:00',
        'attendance_mode': 'online',
        'languages': ['en'],
        'languages_stated': 1,
    },
    '/strony/dowiedz-sie-wiecej-o-programie/aktualnosci/spotkanie-dostepnosc-warszawa/': {
        'title': 'Spotkanie informacyjne dla wnioskodawców: dostępność usług publicznych',
        'published': '2026-11-18',
        'start': '2026-12-08T10:00',
        'end': '2026-12-08T14:00',
        'city': 'Warszawa',
        'attendance_mode': 'offline',
        'languages': ['pl', 'pso'],
        'registration_deadline': '2026-12-02',
    },
    '/strony/dowiedz-sie-wiecej-o-programie/aktualnosci/konsultacje-kryteriow-lodz-nowy-termin/': {
        'title': 'Zmiana terminu: konsultacje kryteriów wyboru projektów w Łodzi',
        'published': '2026-11-12',
        'start': '2027-01-14T11:00',
        'city': 'Łódź',
        'status': 'postponed',
    },
}
NOT_EVENTS = {
    '/strony/dowiedz-sie-wiecej-o-programie/aktualnosci/sprawozdanie-roczne-przyjete/': 'news',
    '/strony/dowiedz-sie-wiecej-o-programie/aktualnosci/nabor-ksztalcenie-przez-cale-zycie/': 'call',
}
