"""Europejska Współpraca Terytorialna – Urząd Marszałkowski Województwa Dolnośląskiego: aktualności (umwd.dolnyslask.pl), City Scrapers style. Sample pages in the style of
the portal's CMS, Polish; one offline crawl of the source over the replay server
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

SOURCE = 'rpk-dolnoslaskie'
BASE = 'https://umwd.dolnyslask.pl'
LISTING_PAGES = [
    '/ewt/aktualnosci/',
    '/ewt/aktualnosci/?page=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/ewt/aktualnosci/artykul/gielda-partnerow-polsko-czeskich-w-walbrzychu/'
EVENTS = {
    '/ewt/aktualnosci/artykul/konsultacje-wyjazdowe-rpk-w-bogatyni/': {
        'title': 'Konsultacje wyjazdowe RPK w Bogatyni',
        'published': '2026-11-24',
        'page_language': 'pl',
        'start': '2027-02-09T09:00',
        'end': '2027-02-09T15:00',
        'city': 'Bogatynia',
        'registration_deadline': '2027-02-02',
    },
    '/ewt/aktualnosci/artykul/gielda-partnerow-polsko-czeskich-w-walbrzychu/': {
        'title': 'Giełda partnerów polsko-czeskich w Wałbrzychu',
        'published': '2026-11-05',
        'page_language': 'pl',
        'start': '2027-03-04T10:00',
        'end': '2027-03-04T14:30',
        'city': 'Wałbrzych',
    },
}
NOT_EVENTS = {
    '/ewt/aktualnosci/artykul/nabor-w-funduszu-malych-projektow-euroregionu-nysa/': 'call',
}
