"""Fundusze Europejskie dla Warmii i Mazur: aktualności (funduszeeuropejskie.warmia.mazury.pl),
City Scrapers style. Sample pages in the style of a bespoke CMS; one offline crawl of the
source over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as
the page states it. Event dates in the pages are absolute.
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

SOURCE = 'warminsko-mazurskie'
BASE = 'https://funduszeeuropejskie.warmia.mazury.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci/2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/artykul/8095/konferencja-olsztyn-trzy-lata-fewim'
EVENTS = {
    '/artykul/8114/cykl-webinariow-dla-beneficjentow': {
        'title': 'Cykl webinariów dla beneficjentów',
        'published': '2026-11-23',
        'start': '2027-01-12T10:00',
        'attendance_mode': 'online',
    },
    '/artykul/8109/spotkanie-informacyjne-elblag': {
        'title': 'Spotkanie informacyjne w Elblągu',
        'published': '2026-11-19',
        'start': '2026-12-11T10:00',
        'city': 'Elbląg',
    },
    '/artykul/8095/konferencja-olsztyn-trzy-lata-fewim': {
        'title': 'Konferencja w Olsztynie: trzy lata programu FEWiM',
        'published': '2026-11-04',
        'start': '2027-02-24',
        'city': 'Olsztyn',
        'languages': ['pl', 'pso'],
    },
}
NOT_EVENTS = {
    '/artykul/8120/nabor-wnioskow-uslugi-zdrowotne': 'call',
    '/artykul/8101/zapoznaj-sie-z-harmonogramem': 'news',
}
