"""Fundusze Europejskie dla Śląskiego: aktualności (funduszeue.slaskie.pl), City Scrapers
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

SOURCE = 'slaskie'
BASE = 'https://funduszeue.slaskie.pl'
LISTING_PAGES = [
    '/web/guest/aktualnosci',
    '/web/guest/aktualnosci?p_p_id=pl_slaskie_fes_NewsPortlet&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&_pl_slaskie_fes_NewsPortlet_page=2',
    '/web/guest/aktualnosci?p_p_id=pl_slaskie_fes_NewsPortlet&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&_pl_slaskie_fes_NewsPortlet_page=3',
]
# Linked only from the last listing page: stored only if pagination ran to the end.
LAST_PAGE_ONLY = '/czytaj/spotkanie_lpi_czestochowa'
EVENTS = {
    '/czytaj/webinar-fesl-international-partners': {
        'title': 'Webinar dla partnerów zagranicznych FE SL',
        'published': '2026-11-27',
        'start': '2027-02-04T10:00',
        'attendance_mode': 'online',
        'languages': ['en'],
    },
    '/czytaj/szkolenie_fst_katowice': {
        'title': 'Szkolenie: Fundusz na rzecz Sprawiedliwej Transformacji',
        'published': '2026-11-19',
        'start': '2027-01-13T09:00',
        'city': 'Katowice',
        'registration_deadline': '2027-01-08',
    },
    '/czytaj/spotkanie_lpi_czestochowa': {
        'title': 'Spotkanie informacyjne w Częstochowie',
        'published': '2026-11-06',
        'start': '2026-12-02T12:00',
        'city': 'Częstochowa',
    },
}
NOT_EVENTS = {
    '/czytaj/nabor_fesl_10_25': 'call',
    '/czytaj/relacja_forum_fst': 'report',
}
