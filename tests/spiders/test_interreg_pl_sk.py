"""Interreg Polska – Słowacja 2021-2027 (pl.plsk.eu): aktualności (pl.plsk.eu), City Scrapers style. Sample pages in the style of
Liferay, Polish; one offline crawl of the source over the replay server
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

SOURCE = 'interreg-pl-sk'
BASE = 'https://pl.plsk.eu'
LISTING_PAGES = [
    '/aktualnosci',
    '/aktualnosci?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news_cur=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/-/webinarium-rozliczanie-mikroprojektow-wod2021'
EVENTS = {
    '/-/spotkanie-informacyjne-nowy-targ-priorytet-3': {
        'title': 'Spotkanie informacyjne dla wnioskodawców w Nowym Targu',
        'published': '2026-11-24',
        'page_language': 'pl',
        'start': '2027-01-21T10:00',
        'end': '2027-01-21T14:00',
        'city': 'Nowy Targ',
        'registration_deadline': '2027-01-15',
    },
    '/-/webinarium-rozliczanie-mikroprojektow-wod2021': {
        'title': 'Webinarium: rozliczanie mikroprojektów w systemie WOD2021',
        'published': '2026-11-05',
        'page_language': 'pl',
        'start': '2027-02-09T11:00',
        'end': '2027-02-09T13:00',
        'attendance_mode': 'online',
    },
}
NOT_EVENTS = {
    '/-/komitet-monitorujacy-wybral-projekty-w-3-naborze': 'news',
}
