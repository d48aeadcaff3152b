"""Fundusze Europejskie dla Podlaskiego: wiadomości (funduszeuepodlaskie.pl), City Scrapers
style. Sample pages in the style of a bespoke CMS; one offline crawl of the source over the
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

SOURCE = 'podlaskie'
BASE = 'https://funduszeuepodlaskie.pl'
LISTING_PAGES = [
    '/pl/wiadomosci/',
    '/pl/wiadomosci/strona-2.html',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/pl/wiadomosci/spotkanie-informacyjne-lomza.html'
EVENTS = {
    '/pl/wiadomosci/szkolenie-online-cross-financing.html': {
        'title': 'Szkolenie online: cross-financing w projektach EFS+',
        'published': '2026-11-21',
        'start': '2027-01-25T09:30',
        'end': '2027-01-25T12:30',
        'attendance_mode': 'online',
        'registration_deadline': '2027-01-20',
    },
    '/pl/wiadomosci/dni-otwarte-suwalki-odwolane.html': {
        'title': 'Dni otwarte Funduszy Europejskich w Suwałkach – odwołane',
        'published': '2026-11-18',
        'start': '2026-12-12',
        'city': 'Suwałki',
        'status': 'cancelled',
    },
    '/pl/wiadomosci/spotkanie-informacyjne-lomza.html': {
        'title': 'Spotkanie informacyjne w Łomży',
        'published': '2026-11-06',
        'start': '2027-01-14T10:00',
        'city': 'Łomża',
    },
}
NOT_EVENTS = {
    '/pl/wiadomosci/nabor-wnioskow-cyfryzacja-msp.html': 'call',
    '/pl/wiadomosci/podpisane-umowy-listopad.html': 'news',
}
