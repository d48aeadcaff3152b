"""Interact IV: events (www.interact.eu), City Scrapers style. Sample pages in the style of
the portal's CMS, English; one offline crawl of the source over the replay server
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

SOURCE = 'interact'
BASE = 'https://www.interact.eu'
LISTING_PAGES = [
    '/events',
    '/events?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/events/2198'
EVENTS = {
    '/events/2214': {
        'title': 'Jems user group meeting',
        'published': '2026-11-27',
        'page_language': 'en',
        'start': '2027-01-27T09:30',
        'end': '2027-01-27T12:30',
        'attendance_mode': 'online',
    },
    '/events/2198': {
        'title': "Communication officers' network meeting in Vienna",
        'published': '2026-11-04',
        'page_language': 'en',
        'start': '2027-03-16',
        'end': '2027-03-17',
    },
}
NOT_EVENTS = {
    '/events/2209': 'news',
}
