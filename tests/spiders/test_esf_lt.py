"""ESF+ Communities of Practice (European Social Fund Agency, esf.lt): events (esf.lt), City
Scrapers style. Sample pages in the style of a bespoke CMS, English; one offline crawl of
the source over the replay server on 127.0.0.1 (module-scoped), then one assertion per
field, as the page states it. Event dates in the pages are absolute.
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

SOURCE = 'esf-lt'
BASE = 'https://esf.lt'
LISTING_PAGES = [
    '/en/events',
    '/en/events?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/en/lab-session-simplified-cost-options'
EVENTS = {
    '/en/mutual-learning-workshop-measuring-social-impact': {
        'title': 'Mutual learning workshop: measuring the social impact of ESF+ projects',
        'published': '2026-11-25',
        'start': '2027-03-02T09:00',
        'end': '2027-03-02T12:00',
        'attendance_mode': 'online',
        'registration_deadline': '2027-02-23',
        'languages': ['en'],
    },
    '/en/community-of-practice-annual-meeting-vilnius': {
        'title': 'Community of Practice on Social Innovation: annual meeting in Vilnius',
        'published': '2026-11-16',
        'start': '2027-03-18',
        'end': '2027-03-19',
        'attendance_mode': 'offline',
        'languages': ['en'],
    },
    '/en/lab-session-simplified-cost-options': {
        'title': 'Lab session on simplified cost options',
        'published': '2026-11-04',
        'start': '2027-04-14T10:00',
        'end': '2027-04-14T12:30',
        'attendance_mode': 'mixed',
    },
}
NOT_EVENTS = {
    '/en/report-competence-centres-published': 'news',
    '/en/call-transnational-cooperation-2027': 'call',
}
