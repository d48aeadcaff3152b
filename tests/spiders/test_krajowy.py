"""Portal Funduszy Europejskich (MFiPR): wiadomości (www.funduszeunijne.gov.pl), City Scrapers
style. Sample pages in the style of the ministry platform, listing hash-routed: read through
/rss; one offline crawl of the source over the replay server on 127.0.0.1 (module-scoped),
then one assertion per field, as the page states it. Event dates in the pages are absolute.
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
from tests.spiders.helpers import Crawl

SOURCE = 'krajowy'
BASE = 'https://www.funduszeunijne.gov.pl'
LISTING_PAGES = [
    '/rss',
    '/rss?page=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/strony/wiadomosci/spotkanie-fundusze-dla-firm-zamosc/'
EVENTS = {
    '/strony/wiadomosci/konferencja-cyfryzacja-samorzadow-krakow/': {
        'title': 'Konferencja „Fundusze Europejskie na cyfryzację samorządów” w Krakowie',
        'published': '2026-11-20',
        'start': '2027-01-21T09:30',
        'end': '2027-01-21T15:30',
        'city': 'Kraków',
        'attendance_mode': 'mixed',
        'registration_deadline': '2027-01-14',
    },
    '/strony/wiadomosci/webinarium-pierwszy-projekt/': {
        'title': 'Webinarium: jak przygotować pierwszy projekt krok po kroku',
        'published': '2026-11-16',
        'start': '2026-12-15T12:00',
        'end': '2026-12-15T13:30',
        'attendance_mode': 'online',
        'registration_deadline': '2026-12-11',
        'city': None,
    },
    '/strony/wiadomosci/spotkanie-fundusze-dla-firm-zamosc/': {
        'title': 'Spotkanie informacyjne „Fundusze dla firm” w Zamościu',
        'published': '2026-11-04',
        'start': '2026-12-09T10:00',
        'city': 'Zamość',
        'attendance_mode': 'offline',
        'is_free': 1,
    },
}
NOT_EVENTS = {
    '/strony/wiadomosci/nowa-wyszukiwarka-dotacji/': 'news',
    '/strony/wiadomosci/nabor-efektywnosc-energetyczna/': 'call',
    '/strony/wiadomosci/podsumowanie-dni-otwartych-w-ministerstwie/': 'report',
}


def test_old_host_redirects_to_the_new_one(crawl: Crawl) -> None:
    # The feed is fetched from the old host (301) and one feed item still names the old host.
    assert 'https://www.funduszeeuropejskie.gov.pl' not in " ".join(crawl.events)
    assert BASE + "/strony/wiadomosci/spotkanie-fundusze-dla-firm-zamosc/" in crawl.events
