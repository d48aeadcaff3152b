"""Interreg Česko – Polsko 2021-2027 (www.cz-pl.eu): novinky (www.cz-pl.eu), City Scrapers style. Sample pages in the style of
the programme's own CMS, Czech; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.

The pages are in Czech: the extractor reads them with pipeline/languages/ (issue 12);
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

SOURCE = 'interreg-cz-pl-cs'
BASE = 'https://www.cz-pl.eu'
LISTING_PAGES = [
    '/novinky',
    '/novinky?strana=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/novinky/vyrocni-akce-programu-2027-v-ceskem-tesine-406'
EVENTS = {
    '/novinky/seminar-pro-zadatele-v-nachode-413': {
        'title': 'Seminář pro žadatele v Náchodě',
        'published': '2026-11-23',
        'page_language': 'cs',
        'start': '2027-03-11T09:30',
        'end': '2027-03-11T13:00',
        'city': 'Náchod',
        'registration_deadline': '2027-03-04',
    },
    '/novinky/vyrocni-akce-programu-2027-v-ceskem-tesine-406': {
        'title': 'Výroční akce programu 2027 v Českém Těšíně',
        'published': '2026-11-06',
        'page_language': 'cs',
        'start': '2027-05-01T12:00',
        'city': 'Český Těšín',
    },
}
NOT_EVENTS = {
    '/novinky/monitorovaci-vybor-schvalil-27-projektu-410': 'news',
}
