"""Fundusze Europejskie dla Opolskiego: aktualności (funduszeue.opolskie.pl), City Scrapers
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

SOURCE = 'opolskie'
BASE = 'https://funduszeue.opolskie.pl'
LISTING_PAGES = [
    '/aktualnosci/',
    '/aktualnosci/strona/2/',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosci/spotkanie-informacyjne-nysa/'
EVENTS = {
    '/aktualnosci/webinar-feo-2027/': {
        'title': 'Webinar: Fundusze Europejskie dla Opolskiego w 2027 roku',
        'published': '2026-11-26',
        'start': '2027-01-20T12:00',
        'end': '2027-01-20T13:00',
        'attendance_mode': 'online',
    },
    '/aktualnosci/sniadanie-z-funduszami-opole/': {
        'title': 'Śniadanie z funduszami dla przedsiębiorców w Opolu',
        'published': '2026-11-19',
        'start': '2026-12-16T08:30',
        'end': '2026-12-16T10:30',
        'city': 'Opole',
        'registration_deadline': '2026-12-11',
    },
    '/aktualnosci/spotkanie-informacyjne-nysa/': {
        'title': 'Spotkanie informacyjne w Nysie',
        'published': '2026-11-04',
        'start': '2027-01-05T10:00',
        'city': 'Nysa',
        'attendance_mode': 'offline',
    },
}
NOT_EVENTS = {
    '/aktualnosci/nabor-edukacja-zawodowa/': 'call',
    '/aktualnosci/zmiana-regulaminu-naboru/': 'news',
}
