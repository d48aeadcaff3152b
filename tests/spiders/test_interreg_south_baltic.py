"""Interreg South Baltic 2021-2027 (southbaltic.eu): news (southbaltic.eu), City Scrapers style. Sample pages in the style of
Liferay, English; one offline crawl of the source over the replay server
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

SOURCE = 'interreg-south-baltic'
BASE = 'https://southbaltic.eu'
LISTING_PAGES = [
    '/news',
    '/news?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news_cur=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/-/annual-event-2027-in-klaipeda'
EVENTS = {
    '/-/info-day-on-the-4th-call-for-proposals-in-gdansk': {
        'title': 'Info day on the 4th call for proposals in Gdańsk',
        'published': '2026-11-25',
        'page_language': 'en',
        'start': '2027-02-23T10:00',
        'end': '2027-02-23T15:00',
        'city': 'Gdańsk',
        'registration_deadline': '2027-02-16',
    },
    '/-/annual-event-2027-in-klaipeda': {
        'title': 'Annual Event 2027 in Klaipėda',
        'published': '2026-11-04',
        'page_language': 'en',
        'start': '2027-06-08',
        'end': '2027-06-09',
    },
}
NOT_EVENTS = {
    '/-/monitoring-committee-selects-19-projects': 'news',
}
