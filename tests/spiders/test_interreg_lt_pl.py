"""Interreg Litwa – Polska 2021-2027 (lietuva-polska.eu/pl): aktualności (lietuva-polska.eu), City Scrapers style. Sample pages in the style of
WordPress, Polish; one offline crawl of the source over the replay server
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

SOURCE = 'interreg-lt-pl'
BASE = 'https://lietuva-polska.eu'
LISTING_PAGES = [
    '/pl/aktualnosci/',
    '/pl/aktualnosci/page/2/',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/pl/aktualnosci/konsultacje-pomyslow-projektowych-w-bialymstoku/'
EVENTS = {
    '/pl/aktualnosci/szkolenie-dla-wnioskodawcow-w-suwalkach/': {
        'title': 'Szkolenie dla wnioskodawców w Suwałkach',
        'published': '2026-11-24',
        'page_language': 'pl',
        'start': '2027-03-16T10:00',
        'end': '2027-03-16T15:00',
        'city': 'Suwałki',
        'registration_deadline': '2027-03-09',
    },
    '/pl/aktualnosci/konsultacje-pomyslow-projektowych-w-bialymstoku/': {
        'title': 'Konsultacje pomysłów projektowych w Białymstoku',
        'published': '2026-11-06',
        'page_language': 'pl',
        'start': '2027-04-06T09:00',
        'end': '2027-04-06T14:00',
        'city': 'Białystok',
    },
}
NOT_EVENTS = {
    '/pl/aktualnosci/wyniki-naboru-malych-projektow/': 'news',
}
