"""DG REGIO (European Commission, regional policy): newsroom (ec.europa.eu), City Scrapers
style. Sample pages in the style of the Commission's Drupal (ECL); one offline crawl of the
source over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as
the page states it. Event dates in the pages are absolute.
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

SOURCE = 'dg-regio'
BASE = 'https://ec.europa.eu'
LISTING_PAGES = [
    '/regional_policy/whats-new/newsroom_en',
    '/regional_policy/whats-new/newsroom_en?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/regional_policy/whats-new/newsroom/06-11-2026-regio-webinar-interreg_en'
EVENTS = {
    '/regional_policy/whats-new/newsroom/27-11-2026-european-week-of-regions-and-cities-2027_en': {
        'title': 'European Week of Regions and Cities 2027: save the date',
        'published': '2026-11-27',
        'start': '2027-10-11',
        'end': '2027-10-14',
        'registration_deadline': '2027-09-17',
    },
    '/regional_policy/whats-new/newsroom/19-11-2026-info-session-polish-beneficiaries-warsaw_en': {
        'title': 'Cohesion policy info session for beneficiaries in Warsaw',
        'published': '2026-11-19',
        'start': '2026-12-09T10:00',
        'end': '2026-12-09T13:00',
        'attendance_mode': 'offline',
    },
    '/regional_policy/whats-new/newsroom/06-11-2026-regio-webinar-interreg_en': {
        'title': 'REGIO webinar: Interreg after 2027',
        'published': '2026-11-06',
        'start': '2027-01-20T15:00',
        'end': '2027-01-20T16:30',
        'attendance_mode': 'online',
        'registration_deadline': '2027-01-15',
    },
}
NOT_EVENTS = {
    '/regional_policy/whats-new/newsroom/24-11-2026-commission-approves-programme-amendments_en': 'news',
    '/regional_policy/whats-new/newsroom/12-11-2026-call-innovative-actions-2027_en': 'call',
}
