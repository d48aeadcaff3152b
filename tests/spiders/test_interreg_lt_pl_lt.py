"""Interreg Lietuva – Lenkija 2021-2027 (lietuva-polska.eu/lt): naujienos (lietuva-polska.eu), City Scrapers style. Sample pages in the style of
WordPress, Lithuanian; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.

The pages are in Lithuanian: the extractor reads them with pipeline/languages/ (issue 12);
each field is asserted as the page states it (a town by its usual Polish name).
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

# The checks every source passes (outcome, only events stored, pagination to the end, the
# portal's own URLs, no page chrome, each expected field): tests/spiders/contract.py.
from tests.spiders.contract import (  # noqa: F401
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
EVENTS = {
    '/lt/naujienos/mokymai-pareiskejams-kaune/': {
        'title': 'Mokymai pareiškėjams Kaune',
        'published': '2026-11-24',
        'page_language': 'lt',
        'start': '2027-03-17T10:00',
        'city': 'Kowno',
        'registration_deadline': '2027-03-10',
    },
    '/lt/naujienos/interreg-diena-vilniuje/': {
        'title': 'Interreg diena Vilniuje',
        'published': '2026-11-06',
        'page_language': 'lt',
        'start': '2027-05-15T10:00',
        'city': 'Wilno',
    },
}
NOT_EVENTS = {
    '/lt/naujienos/mazuju-projektu-kvietimo-rezultatai/': 'news',
}
