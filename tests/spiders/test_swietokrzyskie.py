"""Fundusze Europejskie dla Świętokrzyskiego: aktualności (funduszeueswietokrzyskie.pl), City
Scrapers style. Sample pages in the style of WordPress; one offline crawl of the source over
the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the page
states it. Event dates in the pages are absolute.
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

SOURCE = 'swietokrzyskie'
BASE = 'https://funduszeueswietokrzyskie.pl'
LISTING_PAGES = [
    '/aktualnosci/',
    '/aktualnosci/page/2/',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosci/spotkanie-informacyjne-kielce/'
EVENTS = {
    '/aktualnosci/webinarium-fes-dla-jst/': {
        'title': 'Webinarium: FEŚ 2021-2027 dla jednostek samorządu',
        'published': '2026-11-26',
        'start': '2027-02-11T10:00',
        'end': '2027-02-11T11:30',
        'attendance_mode': 'online',
    },
    '/aktualnosci/dyzur-sandomierz/': {
        'title': 'Dyżur konsultantów w Sandomierzu',
        'published': '2026-11-15',
        'start': '2026-12-15T09:00',
        'end': '2026-12-15T13:00',
        'city': 'Sandomierz',
    },
    '/aktualnosci/spotkanie-informacyjne-kielce/': {
        'title': 'Spotkanie informacyjne w Kielcach',
        'published': '2026-11-03',
        'start': '2027-01-08T10:00',
        'city': 'Kielce',
        'registration_deadline': '2027-01-05',
        'is_free': 1,
    },
}
NOT_EVENTS = {
    '/aktualnosci/nabor-wnioskow-rewitalizacja/': 'call',
    '/aktualnosci/swietokrzyskie-podsumowanie-roku/': 'news',
}
