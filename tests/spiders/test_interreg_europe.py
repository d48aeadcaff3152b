"""Interreg Europe 2021-2027: events (www.interregeurope.eu), City Scrapers style. Sample pages in the style of
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

SOURCE = 'interreg-europe'
BASE = 'https://www.interregeurope.eu'
LISTING_PAGES = [
    '/news-and-events/events',
    '/news-and-events/events?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/news-and-events/events/3109/policy-learning-event-in-warsaw'
EVENTS = {
    '/news-and-events/events/3121/info-session-on-the-fifth-call': {
        'title': 'Info session on the fifth call',
        'published': '2026-11-26',
        'page_language': 'en',
        'start': '2027-03-03T10:00',
        'end': '2027-03-03T11:30',
        'attendance_mode': 'online',
        'registration_deadline': '2027-03-01',
    },
    '/news-and-events/events/3109/policy-learning-event-in-warsaw': {
        'title': 'Policy learning event in Warsaw',
        'published': '2026-11-06',
        'page_language': 'en',
        'start': '2027-04-21T09:30',
        'end': '2027-04-21T16:30',
    },
}
NOT_EVENTS = {
    '/news-and-events/events/3117/fourth-call-70-projects-approved': 'news',
}
