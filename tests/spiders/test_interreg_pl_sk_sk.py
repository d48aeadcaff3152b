"""Interreg Poľsko – Slovensko 2021-2027 (sk.plsk.eu): aktuality (sk.plsk.eu), City Scrapers style. Sample pages in the style of
Liferay, Slovak; one offline crawl of the source over the replay server
on 127.0.0.1 (module-scoped), then one assertion per field, as the page states it. Event dates
in the pages are absolute.

The pages are in Slovak: the extractor reads them with pipeline/languages/ (issue 12);
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

SOURCE = 'interreg-pl-sk-sk'
BASE = 'https://sk.plsk.eu'
LISTING_PAGES = [
    '/aktuality',
    '/aktuality?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_news_cur=2',
]
# Linked only from the last listing page: stored (or counted) only if pagination ran to the end.
LAST_PAGE_ONLY = '/-/konzultacny-den-pre-ziadatelov-v-presove'
EVENTS = {
    '/-/informacny-seminar-k-3-vyzve-v-ziline': {
        'title': 'Informačný seminár k 3. výzve v Žiline',
        'published': '2026-11-20',
        'page_language': 'sk',
        'start': '2027-04-15T10:00',
        'city': 'Żylina',
        'registration_deadline': '2027-04-08',
        'languages': ['sk'],
    },
    '/-/konzultacny-den-pre-ziadatelov-v-presove': {
        'title': 'Konzultačný deň pre žiadateľov v Prešove',
        'published': '2026-11-04',
        'page_language': 'sk',
        'start': '2027-03-09T09:00',
        'end': '2027-03-09T15:00',
        'city': 'Preszów',
        'registration_deadline': '2027-03-02',
    },
}
NOT_EVENTS = {
    '/-/vysledky-hodnotenia-projektov-v-2-vyzve': 'news',
}
