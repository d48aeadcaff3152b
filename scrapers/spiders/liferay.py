"""A spider for Liferay portals (funduszeue.slaskie.pl, funduszeue.lubuskie.pl).

Liferay renders listings server-side, but its links carry per-request noise that
the generic spider would treat as new pages:

* asset-publisher item links carry ``?redirect=<the listing URL>`` (and
  ``inheritRedirect``), so one article has a different URL on every listing page;
* portlet paging links (``?p_p_id=<portlet>&p_p_lifecycle=0&..._cur=2``) may carry
  ``p_auth`` / ``p_p_auth`` tokens that change per session.

This spider drops those parameters before matching, de-duplicating and storing,
so an article is fetched and stored once under its friendly URL, and paging is
followed with the registry's ``pagination`` regex (e.g. ``_cur=\\d+``) to the
last page. Everything else is the generic spider.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapers.spiders.portal import PortalSpider

# Parameters that never select content: session tokens and "back to" links.
_NOISE = re.compile(r"^(?:p_auth|p_p_auth|redirect|inheritRedirect|_.+_(?:redirect|backURL))$")


def clean_liferay_url(url: str) -> str:
    """``url`` without Liferay's redirect/back-link and auth-token parameters."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _NOISE.match(k)]
    return urlunsplit(parts._replace(query=urlencode(kept, safe="/:")))


class LiferaySpider(PortalSpider):
    """Crawl one Liferay registry source: ``-a source=<id>``."""

    name = "liferay"

    def _on_source(self, url: str) -> str | None:
        url = super()._on_source(url)
        return clean_liferay_url(url) if url else None
