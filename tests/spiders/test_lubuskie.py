"""Fundusze Europejskie dla Lubuskiego: aktualności (funduszeue.lubuskie.pl), City Scrapers
style. Sample pages in the style of Liferay, portlet paging; one offline crawl of the source
over the replay server on 127.0.0.1 (module-scoped), then one assertion per field, as the
page states it. Event dates in the pages are absolute.
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

SOURCE = 'lubuskie'
BASE = 'https://funduszeue.lubuskie.pl'
LISTING_PAGES = [
    '/web/guest/aktualnosci',
    '/web/guest/aktualnosci?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_lbFE&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_lbFE_cur=2',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/-/spotkanie-informacyjne-gorzow'
EVENTS = {
    '/-/webinar-fundusze-dla-lubuskiego-2027': {
        'title': 'Webinar: Fundusze Europejskie dla Lubuskiego w 2027 roku',
        'published': '2026-11-26',
        'start': '2027-01-07T12:00',
        'end': '2027-01-07T13:30',
        'attendance_mode': 'online',
    },
    '/-/szkolenie-zasada-konkurencyjnosci-zielona-gora': {
        'title': 'Szkolenie z zasady konkurencyjności w Zielonej Górze',
        'published': '2026-11-17',
        'start': '2026-12-22T09:00',
        'end': '2026-12-22T14:00',
        'city': 'Zielona Góra',
        'registration_deadline': '2026-12-16',
    },
    '/-/spotkanie-informacyjne-gorzow': {
        'title': 'Spotkanie informacyjne w Gorzowie Wielkopolskim',
        'published': '2026-11-06',
        'start': '2027-01-13T10:00',
        'city': 'Gorzów Wielkopolski',
        'attendance_mode': 'offline',
    },
}
NOT_EVENTS = {
    '/-/nabor-transport-publiczny': 'call',
    '/-/komitet-monitorujacy-uchwaly': 'news',
}
