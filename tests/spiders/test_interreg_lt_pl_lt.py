"""Interreg Lietuva – Lenkija 2021-2027 (lietuva-polska.eu/lt): naujienos (lietuva-polska.eu), City Scrapers style. Sample pages in the style of
WordPress, Lithuanian; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.

The pages are in Lithuanian, which the extractor does not read yet:
``AWAITING`` holds what each page states (the facts to assert once it does); today the
crawl must fetch and count them, and their title, stamp and page language are checked.
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

# The checks every source passes (outcome, only events stored, pagination to the end, the
# portal's own URLs, no page chrome, each expected field): tests/spiders/contract.py.
from tests.spiders.contract import (  # noqa: F401
    test_awaiting_pages,
    test_awaiting_pages_read_as_written,
    test_crawl_outcome_ok,
    test_no_page_chrome_in_the_text,
    test_non_events_are_counted_not_stored,
    test_only_the_events_are_stored,
    test_pagination_followed_to_the_end,
    test_urls_are_the_portals_own,
)

SOURCE = 'interreg-lt-pl-lt'
BASE = 'https://lietuva-polska.eu'
LISTING_PAGES = [
    '/lt/naujienos/',
    '/lt/naujienos/page/2/',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/lt/naujienos/interreg-diena-vilniuje/'
EVENTS = {}
# Events in truth, in a language the extractor does not read yet (see contract.py).
AWAITING = {
    '/lt/naujienos/mokymai-pareiskejams-kaune/': {
        'title': 'Mokymai pareiškėjams Kaune',
        'published': '2026-11-24',
        'page_language': 'lt',
        'start': '2027-03-17T10:00',
        'city': 'Kaunas',
        'registration_deadline': '2027-03-10',
    },
    '/lt/naujienos/interreg-diena-vilniuje/': {
        'title': 'Interreg diena Vilniuje',
        'published': '2026-11-06',
        'page_language': 'lt',
        'start': '2027-05-15T10:00',
        'city': 'Vilnius',
    },
}
NOT_EVENTS = {
    '/lt/naujienos/mazuju-projektu-kvietimo-rezultatai/': 'news',
}
