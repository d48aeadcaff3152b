"""Interreg Polen – Sachsen 2021-2027 (de.plsn.eu): Aktuelles (de.plsn.eu), City Scrapers style. Sample pages in the style of
Liferay, German; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.

The pages are in German: the extractor reads them with pipeline/languages/ (issue 12);
each field is asserted as the page states it (a town by its usual Polish name).
"""
# ruff: noqa: E501  (the expected-values tables quote whole titles and URLs)

from __future__ import annotations

# The checks every source passes (outcome, only events stored, pagination to the end, the
# portal's own URLs, no page chrome, each expected field): tests/spiders/contract.py.
from tests.spiders.contract import (  # noqa: F401
    test_crawl_outcome_ok,
    test_no_page_chrome_in_the_text,
    test_non_events_are_counted_not_stored,
    test_only_the_events_are_stored,
    test_pagination_followed_to_the_end,
    test_urls_are_the_portals_own,
)

SOURCE = 'interreg-pl-sn-de'
BASE = 'https://de.plsn.eu'
LISTING_PAGES = [
    '/aktuelles',
    '/aktuelles?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news_cur=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/-/partnerborse-in-zgorzelec'
EVENTS = {
    '/-/antragstellerseminar-in-gorlitz': {
        'title': 'Antragstellerseminar in Görlitz',
        'published': '2026-11-20',
        'page_language': 'de',
        'start': '2027-03-12T09:00',
        'end': '2027-03-12T13:00',
        'city': 'Görlitz',
        'registration_deadline': '2027-03-05',
    },
    '/-/partnerborse-in-zgorzelec': {
        'title': 'Partnerbörse in Zgorzelec',
        'published': '2026-11-03',
        'page_language': 'de',
        'start': '2027-03-18T10:00',
        'end': '2027-03-18T15:00',
        'city': 'Zgorzelec',
    },
}
NOT_EVENTS = {
    '/-/aufruf-zur-einreichung-von-antragen-in-prioritat-4': 'call',
}
