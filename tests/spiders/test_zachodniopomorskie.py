"""Fundusze Europejskie dla Pomorza Zachodniego: aktualności (funduszeue.wzp.pl), City Scrapers
style. Sample pages in the style of Drupal; one offline crawl of the source over the replay
server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it.
Event dates in the pages are absolute.
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

SOURCE = 'zachodniopomorskie'
BASE = 'https://funduszeue.wzp.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?page=1',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosci/webinar-dla-jst'
EVENTS = {
    '/aktualnosci/spotkanie-koszalin': {
        'title': 'Spotkanie informacyjne w Koszalinie',
        'published': '2026-11-24',
        'start': '2026-12-16T10:00',
        'end': '2026-12-16T13:00',
        'city': 'Koszalin',
    },
    '/aktualnosci/konferencja-gospodarka-morska-szczecin': {
        'title': 'Szczecin: konferencja o gospodarce morskiej',
        'published': '2026-11-14',
        'start': '2027-01-21T10:00',
        'end': '2027-01-21T15:00',
        'city': 'Szczecin',
        'attendance_mode': 'mixed',
    },
    '/aktualnosci/webinar-dla-jst': {
        'title': 'Webinar dla jednostek samorządu terytorialnego',
        'published': '2026-11-02',
        'start': '2027-02-09T11:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/aktualnosci/nabor-porty-morskie': 'call',
    '/aktualnosci/umowy-podpisane-listopad': 'news',
}
