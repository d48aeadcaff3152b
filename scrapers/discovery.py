"""Discovery that survives a redesign: where item links come from when the registry's
patterns find none.

A portal's redesign breaks ``item_links`` and ``listing_area`` overnight, while the
announcements are still there. When a run's patterns find nothing (or under half of
what the last good run found), the spider (``scrapers.spiders.portal``) falls back, in
this order, to:

1. **sitemaps**: the ``Sitemap:`` lines of ``robots.txt`` and ``/sitemap.xml``, sitemap
   indexes followed, entries kept when they are on the source's hosts, look like an
   announcement (under the section's path or with an announcement word) and, when the
   sitemap gives ``lastmod``, are recent (within :data:`RECENT_DAYS` of the newest);
2. **feeds**: RSS/Atom ``<link rel="alternate">`` of the listing pages;
3. **generic links**: links in the listing's main area (not its navigation) with a date
   beside them, an announcement word in their text or address, or an address under the
   section's path.

The first method that yields links wins. The functions here are pure (bytes and
selectors in, URLs out) so the spider, ``eufunds doctor`` and the tests share them;
:func:`suggest_edit` turns what was found into the registry edit ``doctor`` proposes.
The word lists are data, in ``scrapers/discovery.yml``.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml
from parsel import Selector

FALLBACKS = ("sitemap", "feeds", "generic")
#: Sitemap entries older than this (relative to the newest entry) are not announcements
#: of anything still to come.
RECENT_DAYS = 400
#: At most this many discovered item pages per run: a fallback is a stopgap, not a crawl.
MAX_ITEMS = 100
MAX_SITEMAPS = 20
_NOT_PAGES = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|7z|jpe?g|png|gif|svg|webp|mp[34]|avi|ics"
    r"|xml|rss|atom|json|css|js)$", re.I)
_PAGING = re.compile(r"[?&](?:page|start|p|strona|_cur)=\d+|/(?:page|strona)/\d+/?$", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_FEED_ITEM_XPATHS = (
    "//*[local-name()='item']/*[local-name()='link']/text()",
    "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href",
)
_MAIN_AREAS = ("main", "[role=main]", "#content", "#main", ".content", ".main", "article")
_FURNITURE = "ancestor::*[self::nav or self::header or self::footer or self::aside]"


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = yaml.safe_load(Path(__file__).with_name("discovery.yml").read_text("utf-8"))
    return tuple(data["announcement_words"]), tuple(data["skip_words"])


def _fold(text: str) -> str:
    """Lower-case, without diacritics (ł -> l too), for word matching."""
    text = text.lower().replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def announcement_like(text: str) -> bool:
    """True when ``text`` (a link's text or address) has an announcement word and no
    site-furniture word."""
    folded = _fold(text)
    announce, skip = _words()
    return any(w in folded for w in announce) and not any(w in folded for w in skip)


def _furniture(url: str) -> bool:
    path = _fold(urlsplit(url).path)
    return any(w in path for w in _words()[1])


def on_hosts(url: str, hosts: Iterable[str]) -> bool:
    """True for an http(s) URL on one of ``hosts`` or their subdomains."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and any(
        host == h or host.endswith("." + h) for h in hosts)


def section_paths(start_urls: Iterable[str]) -> list[str]:
    """The listing sections' paths, as directories: ``/efs/spotkania-wydarzenia/``."""
    out = []
    for url in start_urls:
        path = urlsplit(url).path or "/"
        if not path.endswith("/"):
            path += "/"
        if path != "/":
            out.append(path)
    return out


def _under_section(url: str, sections: list[str]) -> bool:
    path = urlsplit(url).path
    return any(path.startswith(s) and len(path) > len(s) + 1 for s in sections)


def _candidate(url: str, hosts: Iterable[str], skip: set[str]) -> bool:
    url = urldefrag(url)[0]
    path = urlsplit(url).path
    return (on_hosts(url, hosts) and url not in skip and path not in ("", "/")
            and not _NOT_PAGES.search(path) and not _PAGING.search(url)
            and not _furniture(url))


# --------------------------------------------------------------------------- sitemaps


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, absolute."""
    out = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            out.append(urljoin(base_url, value.strip()))
    return out


def read_sitemap(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """``(kind, [(loc, lastmod)])`` of a sitemap (``urlset``) or an index
    (``sitemapindex``); gzip-compressed sitemaps are read too. Unreadable: ``("", [])``."""
    from scrapy.utils.sitemap import Sitemap

    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)[: 50 * 1024 * 1024]
        except (OSError, EOFError):
            return "", []
    try:
        sitemap = Sitemap(body)
        entries = [(e["loc"], e.get("lastmod") or None) for e in sitemap if e.get("loc")]
    except Exception:  # noqa: BLE001 - lxml's recover mode still raises on non-XML
        return "", []
    return sitemap.type, entries


def _lastmod(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def pick_sitemap_items(entries: list[tuple[str, str | None]], hosts: Iterable[str],
                       start_urls: Iterable[str]) -> list[tuple[str, str | None]]:
    """The sitemap entries that look like announcements, newest first (``lastmod`` as
    YYYY-MM-DD, or None)."""
    start_urls = list(start_urls)
    sections = section_paths(start_urls)
    skip = set(start_urls)
    dated = [d for d in (_lastmod(m) for _, m in entries) if d]
    cutoff = max(dated) - timedelta(days=RECENT_DAYS) if dated else None
    out = []
    for loc, mod in entries:
        loc = urldefrag(loc.strip())[0]
        when = _lastmod(mod)
        if not _candidate(loc, hosts, skip) or (cutoff and when and when < cutoff):
            continue
        if _under_section(loc, sections) or announcement_like(urlsplit(loc).path):
            out.append((loc, when.isoformat() if when else None))
    out.sort(key=lambda e: e[1] or "", reverse=True)
    return out[:MAX_ITEMS]


# --------------------------------------------------------------------------- feeds


def feed_links(html: Selector, base_url: str, hosts: Iterable[str]) -> list[str]:
    """RSS/Atom/JSON feeds a page announces with ``<link rel="alternate">``."""
    out = []
    for link in html.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").lower()
        if "alternate" in rel and kind in _FEED_TYPES:
            url = urljoin(base_url, link.attrib["href"].strip())
            if on_hosts(url, hosts) and url not in out:
                out.append(url)
    return out


def feed_items(body: str, base_url: str, hosts: Iterable[str]) -> list[str]:
    """The item links of an RSS 2.0 or Atom feed on the source's hosts."""
    try:
        sel = Selector(text=body, type="xml")
    except ValueError:
        return []
    out: list[str] = []
    for xpath in _FEED_ITEM_XPATHS:
        for href in sel.xpath(xpath).getall():
            url = urldefrag(urljoin(base_url, href.strip()))[0]
            if _candidate(url, hosts, set()) and url not in out:
                out.append(url)
    return out[:MAX_ITEMS]


# --------------------------------------------------------------------------- generic links


def main_area(html: Selector) -> tuple[Selector, str]:
    """The page's main content area and the CSS that found it (``body`` at worst)."""
    for css in _MAIN_AREAS:
        found = html.css(css)
        if found:
            return found[0], css
    return html, "body"


def generic_links(html: Selector, base_url: str, hosts: Iterable[str],
                  start_urls: Iterable[str], dates: dict[str, str]) -> list[str]:
    """Links of the main area that look like announcements: a date beside them
    (``dates``, from ``spiders.portal.listing_dates``), an announcement word in their
    text or address, or an address under the section's path."""
    start_urls = list(start_urls)
    sections = section_paths(start_urls)
    skip = set(start_urls) | {base_url}
    area, _ = main_area(html)
    out: list[str] = []
    for link in area.xpath(".//a[@href]"):
        if link.xpath(_FURNITURE):
            continue
        url = urldefrag(urljoin(base_url, link.attrib["href"].strip()))[0]
        if url in out or not _candidate(url, hosts, skip):
            continue
        text = " ".join(" ".join(link.xpath(".//text()").getall()).split())
        if url in dates or announcement_like(f"{text} {urlsplit(url).path}") or _under_section(
                url, sections):
            out.append(url)
    return out[:MAX_ITEMS]


def container_css(html: Selector, base_url: str, urls: list[str]) -> str | None:
    """A CSS selector (``tag.class``) of the innermost element holding every one of
    ``urls``' links: the ``listing_area`` a redesigned listing would need."""
    wanted = set(urls)
    links = [a for a in html.xpath("//a[@href]")
             if urldefrag(urljoin(base_url, a.attrib["href"].strip()))[0] in wanted]
    if not links:
        return None
    chains = [a.xpath("ancestor::*") for a in links]
    common = None
    for depth in range(min(len(c) for c in chains)):
        roots = {c[depth].root for c in chains}
        if len(roots) != 1:
            break
        common = chains[0][depth]
    while common is not None:
        cls = (common.attrib.get("class") or "").split()
        ident = common.attrib.get("id")
        tag = common.root.tag
        if ident:
            return f"{tag}#{ident}"
        if cls:
            return f"{tag}.{cls[0]}"
        if tag in ("main", "article", "section", "ul", "ol", "table"):
            return tag
        parent = common.xpath("..")
        common = parent[0] if parent and parent[0].root.tag != "html" else None
    return None


# --------------------------------------------------------------------------- suggestion


def item_pattern(urls: list[str]) -> str | None:
    """A regular expression for ``item_links`` that matches every one of ``urls`` (and,
    by construction, not their common folder itself): the folder the URLs share, then
    one path segment with an optional trailing slash, or any depth below it."""
    paths = [urlsplit(u).path for u in urls if urlsplit(u).path not in ("", "/")]
    if not paths:
        return None
    split = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    if any(len(s) <= len(common) for s in split):
        common = common[:-1]
    one_level = all(len(s) == len(common) + 1 for s in split)
    # A year or a number in the shared folder (/2026/) changes: any digits match.
    prefix = "/" + "".join((r"\d+" if seg.isdigit() else re.escape(seg).replace("\\-", "-"))
                           + "/" for seg in common)
    tail = "[^/?#]+/?$" if one_level else "(?:[^/?#]+/)*[^/?#]+/?$"
    pattern = prefix + tail
    regex = re.compile(pattern)
    return pattern if all(regex.search(u) for u in urls) else None


def suggest_edit(source: Any, method: str, urls: list[str], *,
                 feeds: list[str] | None = None, area: str | None = None,
                 start_urls: list[str] | None = None) -> dict[str, Any]:
    """The registry fields to change for ``source`` so its patterns find ``urls`` again
    (what ``eufunds doctor`` prints for a drifted source). A None value removes the
    field; ``area`` is the element of the listing page that holds the links, if any."""
    edit: dict[str, Any] = {"id": source.id}
    pattern = item_pattern(urls)
    if pattern and pattern != source.item_links:
        edit["item_links"] = pattern
    if source.listing_area and area != source.listing_area:
        edit["listing_area"] = area  # None: the old area is gone and no new one holds them
    if method == "feeds" and feeds:
        edit["feeds"] = feeds
        edit["spider"] = "feed"
        if area is None and source.start_urls:
            edit["start_urls"] = []  # the listing page no longer links the items
    if start_urls and list(start_urls) != list(source.start_urls):
        edit["start_urls"] = start_urls
    edit["evidence"] = "guess"
    edit["notes"] = (f"doctor: item_links found nothing; {len(urls)} item(s) found through "
                     f"the {method} fallback")
    return edit
