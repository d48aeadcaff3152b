"""Fundusze Europejskie dla Łódzkiego: aktualności (funduszeue.lodzkie.pl), City Scrapers
style. Sample pages in the style of Joomla; one offline crawl of the source over the replay
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

SOURCE = 'lodzkie'
BASE = 'https://funduszeue.lodzkie.pl'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?start=3',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/aktualnosci/item/4382-webinar-dotacje-oze-przedsiebiorcy'
EVENTS = {
    '/aktualnosci/item/4411-porozmawiajmy-o-funduszach-w-powiatach': {
        'title': 'Porozmawiajmy o funduszach – spotkania w powiatach',
        'published': '2026-11-27',
        'start': '2026-12-08T10:00',
        'attendance_mode': 'offline',
        'is_free': 1,
    },
    '/aktualnosci/item/4398-konferencja-zielona-lodz-ec1': {
        'title': 'Konferencja „Zielona transformacja regionu” w EC1',
        'published': '2026-11-18',
        'start': '2027-01-27T10:00',
        'end': '2027-01-27T15:00',
        'city': 'Łódź',
        'registration_deadline': '2027-01-20',
    },
    '/aktualnosci/item/4382-webinar-dotacje-oze-przedsiebiorcy': {
        'title': 'Webinar dla przedsiębiorców: dotacje na OZE',
        'published': '2026-11-06',
        'start': '2027-02-10T13:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/aktualnosci/item/4405-nabor-oze-dla-gmin': 'call',
    '/aktualnosci/item/4390-ewaluacja-programu-raport': 'news',
}
