"""Fundusze Europejskie dla Wielkopolski: aktualności (funduszeue.wielkopolskie.pl), City
Scrapers style. Sample pages in the style of Joomla; one offline crawl of the source over
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

SOURCE = 'wielkopolskie'
BASE = 'https://funduszeue.wielkopolskie.pl'
LISTING_PAGES = [
    '/index.php/aktualnosci',
    '/index.php/aktualnosci?start=3',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/index.php/aktualnosci/2266-szkolenie-kwalifikowalnosc-poznan'
EVENTS = {
    '/index.php/aktualnosci/2291-dzien-otwarty-leszno-nowy-termin': {
        'title': 'Dzień otwarty dla przedsiębiorców w Lesznie – nowy termin',
        'published': '2026-11-27',
        'start': '2027-03-03T10:00',
        'city': 'Leszno',
        'status': 'postponed',
    },
    '/index.php/aktualnosci/2287-spotkanie-informacyjne-kalisz': {
        'title': 'Spotkanie informacyjne w Kaliszu',
        'published': '2026-11-21',
        'start': '2026-12-09T10:00',
        'city': 'Kalisz',
    },
    '/index.php/aktualnosci/2266-szkolenie-kwalifikowalnosc-poznan': {
        'title': 'Szkolenie w Poznaniu: kwalifikowalność wydatków',
        'published': '2026-11-03',
        'start': '2027-01-26',
        'end': '2027-01-27',
        'city': 'Poznań',
        'registration_deadline': '2027-01-20',
    },
}
NOT_EVENTS = {
    '/index.php/aktualnosci/2280-nabor-wnioskow-mobilnosc': 'call',
    '/index.php/aktualnosci/2272-laureaci-konkursu-dobre-praktyki': 'news',
}
