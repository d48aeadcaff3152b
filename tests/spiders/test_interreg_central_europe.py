"""Interreg CENTRAL EUROPE 2021-2027: event calendar (www.interreg-central.eu), City Scrapers style. Sample pages in the style of
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

SOURCE = 'interreg-central-europe'
BASE = 'https://www.interreg-central.eu'
LISTING_PAGES = [
    '/event-calendar/',
    '/event-calendar/?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/events/lead-applicant-seminar-in-krakow/'
EVENTS = {
    '/events/national-info-day-for-polish-applicants/': {
        'title': 'National info day for Polish applicants',
        'published': '2026-11-24',
        'page_language': 'en',
        'start': '2027-03-02T10:00',
        'end': '2027-03-02T13:00',
        'attendance_mode': 'online',
        'registration_deadline': '2027-02-25',
    },
    '/events/lead-applicant-seminar-in-krakow/': {
        'title': 'Lead applicant seminar in Kraków',
        'published': '2026-11-03',
        'page_language': 'en',
        'start': '2027-04-15T09:00',
        'end': '2027-04-15T16:00',
        'city': 'Kraków',
    },
}
NOT_EVENTS = {
    '/events/third-call-46-projects-approved/': 'news',
}
