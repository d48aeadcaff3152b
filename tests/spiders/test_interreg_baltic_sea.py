"""Interreg Baltic Sea Region 2021-2027: news (www.interreg-baltic.eu), City Scrapers style. Sample pages in the style of
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

SOURCE = 'interreg-baltic-sea'
BASE = 'https://www.interreg-baltic.eu'
LISTING_PAGES = [
    '/news.html',
    '/news.html?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/news-detail/news/webinar-how-to-fill-in-the-application-form-in-jems.html'
EVENTS = {
    '/news-detail/news/information-seminar-for-applicants-in-szczecin.html': {
        'title': 'Information seminar for applicants in Szczecin',
        'published': '2026-11-23',
        'page_language': 'en',
        'start': '2027-03-10T09:30',
        'end': '2027-03-10T16:00',
        'city': 'Szczecin',
    },
    '/news-detail/news/webinar-how-to-fill-in-the-application-form-in-jems.html': {
        'title': 'Webinar: how to fill in the application form in Jems',
        'published': '2026-11-05',
        'page_language': 'en',
        'start': '2027-03-24T10:00',
        'end': '2027-03-24T12:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/news-detail/news/small-projects-call-results.html': 'news',
}
