"""Fundusze Europejskie dla Polski Wschodniej (FEPW): wydarzenia (www.polskawschodnia.gov.pl),
City Scrapers style. Sample pages in the style of the ministry platform, server-rendered
section; one offline crawl of the source over the replay server on 127.0.0.1 (module-
scoped), then one assertion per field, as the page states it. Event dates in the pages are
absolute.
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

SOURCE = 'fepw'
BASE = 'https://www.polskawschodnia.gov.pl'
LISTING_PAGES = [
    '/strony/wiadomosci/wydarzenia/',
    '/strony/wiadomosci/wydarzenia/?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/strony/wiadomosci/wydarzenia/dni-polski-wschodniej-bialystok/'
EVENTS = {
    '/strony/wiadomosci/wydarzenia/webinarium-konsultacje-programu/': {
        'title': 'Webinarium o zmianach w programie FEPW',
        'published': '2026-11-22',
        'start': '2027-01-26T11:00',
        'attendance_mode': 'online',
    },
    '/strony/wiadomosci/wydarzenia/biznes-w-polsce-wschodniej-rzeszow/': {
        'title': 'Spotkanie informacyjne w Rzeszowie: biznes w Polsce Wschodniej',
        'published': '2026-11-15',
        'start': '2026-12-17T10:00',
        'city': 'Rzeszów',
        'attendance_mode': 'offline',
        'registration_deadline': '2026-12-14',
    },
    '/strony/wiadomosci/wydarzenia/dni-polski-wschodniej-bialystok/': {
        'title': 'Dni Polski Wschodniej 2027 w Białymstoku',
        'published': '2026-11-03',
        'start': '2027-03-02',
        'end': '2027-03-03',
        'all_day': 1,
        'city': 'Białystok',
    },
}
NOT_EVENTS = {
    '/strony/wiadomosci/wydarzenia/nabor-platformy-startowe/': 'call',
    '/strony/wiadomosci/wydarzenia/relacja-forum-bialystok/': 'report',
}
