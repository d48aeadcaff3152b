"""Interreg Czechy – Polska 2021-2027 (pl.cz-pl.eu): aktualności (pl.cz-pl.eu), City Scrapers style. Sample pages in the style of
the programme's own CMS, Polish; one offline crawl of the source over the replay server
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

SOURCE = 'interreg-cz-pl'
BASE = 'https://pl.cz-pl.eu'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?strona=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosci/wydarzenie-roczne-programu-2027-w-cieszynie-405'
EVENTS = {
    '/aktualnosci/seminarium-dla-wnioskodawcow-w-klodzku-412': {
        'title': 'Seminarium dla wnioskodawców w Kłodzku',
        'published': '2026-11-23',
        'page_language': 'pl',
        'start': '2027-03-10T09:30',
        'end': '2027-03-10T13:00',
        'city': 'Kłodzko',
        'registration_deadline': '2027-03-03',
    },
    '/aktualnosci/wydarzenie-roczne-programu-2027-w-cieszynie-405': {
        'title': 'Wydarzenie Roczne Programu 2027 w Cieszynie',
        'published': '2026-11-06',
        'page_language': 'pl',
        'start': '2027-05-01T12:00',
        'city': 'Cieszyn',
    },
}
NOT_EVENTS = {
    '/aktualnosci/komitet-monitorujacy-zatwierdzil-27-projektow-409': 'news',
}
