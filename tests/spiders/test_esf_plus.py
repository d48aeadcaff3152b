"""European Social Fund Plus (European Commission): events (european-social-fund-
plus.ec.europa.eu), City Scrapers style. Sample pages in the style of the Commission's
Drupal (ECL); one offline crawl of the source over the replay server on 127.0.0.1 (module-
scoped), then one assertion per field, as the page states it. Event dates in the pages are
absolute.
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

SOURCE = 'esf-plus'
BASE = 'https://european-social-fund-plus.ec.europa.eu'
LISTING_PAGES = [
    '/en/events',
    '/en/events?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/en/events/esf-data-day-cancelled'
EVENTS = {
    '/en/events/esf-social-innovation-forum-2027': {
        'title': 'ESF+ Social Innovation+ Forum 2027',
        'published': '2026-11-27',
        'start': '2027-04-22',
        'end': '2027-04-23',
        'attendance_mode': 'offline',
    },
    '/en/events/webinar-child-guarantee': {
        'title': 'Webinar: ESF+ and the European Child Guarantee',
        'published': '2026-11-23',
        'start': '2027-02-10T14:00',
        'end': '2027-02-10T15:30',
        'attendance_mode': 'online',
        'languages': ['en'],
    },
    '/en/events/esf-data-day-cancelled': {
        'title': 'ESF+ Data Day – cancelled',
        'published': '2026-11-05',
        'start': '2027-01-27',
        'status': 'cancelled',
    },
}
NOT_EVENTS = {
    '/en/events/call-social-innovation-plus-2027': 'call',
    '/en/events/esf-data-story-employment': 'news',
}
