"""Fundusze Europejskie na Infrastrukturę, Klimat, Środowisko (FEnIKS): wiadomości
(www.feniks.gov.pl), City Scrapers style. Sample pages in the style of the ministry
platform, listing hash-routed: read through /rss; one offline crawl of the source over the
replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the page states
it. Event dates in the pages are absolute.
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

SOURCE = 'feniks'
BASE = 'https://www.feniks.gov.pl'
LISTING_PAGES = [
    '/rss',
    '/rss?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/strony/wiadomosci/odwolane-spotkanie-katowice/'
EVENTS = {
    '/strony/wiadomosci/konsultacje-zmian-programu-gdansk/': {
        'title': 'Konsultacje zmian w programie FEnIKS – spotkanie w Gdańsku',
        'published': '2026-11-28',
        'start': '2026-12-16T11:00',
        'city': 'Gdańsk',
        'registration_deadline': '2026-12-14T12:00',
        'event_type': 'consultation',
    },
    '/strony/wiadomosci/szkolenie-pomoc-publiczna-infrastruktura/': {
        'title': 'Szkolenie online: pomoc publiczna w projektach infrastrukturalnych',
        'published': '2026-11-17',
        'start': '2027-01-12T09:00',
        'attendance_mode': 'online',
        'is_free': 1,
        'event_type': 'training',
    },
    '/strony/wiadomosci/odwolane-spotkanie-katowice/': {
        'title': 'ODWOŁANE: spotkanie dla beneficjentów działania 2.1 w Katowicach',
        'published': '2026-11-05',
        'start': '2026-12-09',
        'city': 'Katowice',
        'status': 'cancelled',
    },
}
NOT_EVENTS = {
    '/strony/wiadomosci/nabor-oze-cieplownictwo/': 'call',
    '/strony/wiadomosci/umowa-kolej-podpisana/': 'news',
}
