"""Interreg VI A Meklemburgia-Pomorze Przednie / Brandenburgia / Polska: aktualności (www.interreg6a.net), City Scrapers style. Sample pages in the style of
Joomla, Polish; one offline crawl of the source over the replay server
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

SOURCE = 'interreg-mv-bb-pl'
BASE = 'https://www.interreg6a.net'
LISTING_PAGES = [
    '/pl/aktualnosci',
    '/pl/aktualnosci?start=10',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/pl/webinarium-o-funduszu-malych-projektow'
EVENTS = {
    '/pl/szkolenie-dla-beneficjentow-w-szczecinie': {
        'title': 'Szkolenie dla beneficjentów w Szczecinie',
        'published': '2026-11-26',
        'page_language': 'pl',
        'start': '2027-03-03T09:00',
        'end': '2027-03-03T15:00',
        'city': 'Szczecin',
        'registration_deadline': '2027-02-24',
    },
    '/pl/webinarium-o-funduszu-malych-projektow': {
        'title': 'Webinarium o Funduszu Małych Projektów',
        'published': '2026-11-05',
        'page_language': 'pl',
        'start': '2027-02-17T10:00',
        'end': '2027-02-17T11:30',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/pl/nowy-podrecznik-programu': 'news',
}
