"""Interreg VI A Mecklenburg-Vorpommern / Brandenburg / Polska: Aktuelles (www.interreg6a.net), City Scrapers style. Sample pages in the style of
Joomla, German; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.

The pages are in German: the extractor reads them with pipeline/languages/ (issue 12);
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

SOURCE = 'interreg-mv-bb-pl-de'
BASE = 'https://www.interreg6a.net'
LISTING_PAGES = [
    '/de/aktuelles',
    '/de/aktuelles?start=10',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/de/webinar-zum-kleinprojektefonds'
EVENTS = {
    '/de/schulung-fuer-beguenstigte-in-loecknitz': {
        'title': 'Schulung für Begünstigte in Löcknitz',
        'published': '2026-11-26',
        'page_language': 'de',
        'start': '2027-03-04T09:00',
        'end': '2027-03-04T15:00',
        'city': 'Löcknitz',
        'registration_deadline': '2027-02-25',
    },
    '/de/webinar-zum-kleinprojektefonds': {
        'title': 'Webinar zum Kleinprojektefonds',
        'published': '2026-11-05',
        'page_language': 'de',
        'start': '2027-02-17T10:00',
        'end': '2027-02-17T11:30',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/de/neues-programmhandbuch-veroeffentlicht': 'news',
}
