"""Województwo Lubuskie (lubuskie.pl): aktualności – fundusze unijne i Interreg (lubuskie.pl), City Scrapers style. Sample pages in the style of
the marshal office's news module, Polish; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.
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

SOURCE = 'rpk-lubuskie'
BASE = 'https://lubuskie.pl'
LISTING_PAGES = [
    '/news/806/Fundusze-unijne/',
    '/news/806/Fundusze-unijne/?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/news/31802/806/Szkolenie-z-Funduszu-Malych-Projektow-w-Gubinie/d,news-bootstrap/'
EVENTS = {
    '/news/31877/806/Spotkanie-informacyjne-Interreg-Brandenburgia-Polska-w-Gorzowie/d,news-bootstrap/': {
        'title': 'Spotkanie informacyjne Interreg Brandenburgia – Polska w Gorzowie Wielkopolskim',
        'published': '2026-11-24',
        'page_language': 'pl',
        'start': '2027-03-03T10:00',
        'end': '2027-03-03T13:00',
        'city': 'Gorzów Wielkopolski',
    },
    '/news/31802/806/Szkolenie-z-Funduszu-Malych-Projektow-w-Gubinie/d,news-bootstrap/': {
        'title': 'Szkolenie z Funduszu Małych Projektów w Gubinie',
        'published': '2026-11-05',
        'page_language': 'pl',
        'start': '2027-03-11T09:00',
        'end': '2027-03-11T13:00',
        'city': 'Gubin',
    },
}
NOT_EVENTS = {
    '/news/31850/806/25-lat-wspolpracy-Lubuskiego-i-Brandenburgii/d,news-bootstrap/': 'report',
}
