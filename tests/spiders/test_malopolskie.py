"""Fundusze Europejskie dla Małopolski: aktualności (fundusze.malopolska.pl), City Scrapers
style. Sample pages in the style of Drupal; one offline crawl of the source over the replay
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

SOURCE = 'malopolskie'
BASE = 'https://fundusze.malopolska.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosc/6987-webinarium-partnerzy-zagraniczni'
EVENTS = {
    '/aktualnosc/7012-spotkanie-informacyjne-nowy-sacz': {
        'title': 'Spotkanie informacyjne w Nowym Sączu',
        'published': '2026-11-24',
        'start': '2026-12-09T10:00',
        'city': 'Nowy Sącz',
        'registration_deadline': '2026-12-04',
    },
    '/aktualnosc/7001-szkolenie-zamowienia-krakow': {
        'title': 'Szkolenie: zamówienia w projektach FEM 2021-2027',
        'published': '2026-11-16',
        'start': '2027-01-19',
        'end': '2027-01-20',
        'all_day': 1,
        'city': 'Kraków',
    },
    '/aktualnosc/6987-webinarium-partnerzy-zagraniczni': {
        'title': 'Webinarium dla partnerów zagranicznych',
        'published': '2026-11-03',
        'start': '2027-02-02T14:00',
        'attendance_mode': 'online',
        'languages': ['en'],
    },
}
NOT_EVENTS = {
    '/aktualnosc/7008-nabor-turystyka-kultura': 'call',
    '/aktualnosc/6995-fem-w-liczbach': 'news',
}
