"""Fundusze Europejskie dla Pomorza: wiadomości (funduszeuepomorskie.pl), City Scrapers style.
Sample pages in the style of a bespoke CMS; one offline crawl of the source over the replay
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

SOURCE = 'pomorskie'
BASE = 'https://funduszeuepomorskie.pl'
LISTING_PAGES = [
    '/wiadomosci',
    '/wiadomosci?strona=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/wiadomosci/spotkanie-slupsk'
EVENTS = {
    '/wiadomosci/webinar-gpi-dotacje-dla-ngo': {
        'title': 'Webinar Głównego Punktu Informacyjnego: dotacje dla NGO',
        'published': '2026-11-27',
        'start': '2026-12-16T17:00',
        'end': '2026-12-16T18:30',
        'attendance_mode': 'online',
        'is_free': 1,
    },
    '/wiadomosci/konsultacje-gdansk-zgloszenia': {
        'title': 'Konsultacje projektów w Gdańsku – zgłoszenia mailowo',
        'published': '2026-11-22',
        'start': '2027-01-20T11:00',
        'end': '2027-01-20T13:00',
        'city': 'Gdańsk',
        'registration_deadline': '2027-01-15',
    },
    '/wiadomosci/spotkanie-slupsk': {
        'title': 'Spotkanie informacyjne w Słupsku',
        'published': '2026-11-05',
        'start': '2027-01-12T10:00',
        'city': 'Słupsk',
    },
}
NOT_EVENTS = {
    '/wiadomosci/nabor-zielona-infrastruktura': 'call',
    '/wiadomosci/nowa-strona-programu': 'news',
}
