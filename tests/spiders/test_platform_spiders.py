"""Unit tests of the platform pieces: blocked-page detection, the feed spider's
link discovery, Liferay URL cleaning. Plain Scrapy response objects, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from scrapers.middlewares import blocked_reason
from scrapers.spiders.feed import FeedSpider
from scrapers.spiders.liferay import LiferaySpider, clean_liferay_url

SITE = Path(__file__).resolve().parents[2] / "data" / "sample-site"


def html(body: str | bytes, status: int = 200,
         url: str = "https://example.gov.pl/") -> HtmlResponse:
    data = body.encode() if isinstance(body, str) else body
    return HtmlResponse(url, status=status, body=data,
                        headers={"Content-Type": "text/html; charset=utf-8"})


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ((SITE / "www.parp.gov.pl/component/site/site/szkolenia-i-wydarzenia.html").read_bytes(),
         200, "incapsula"),
        ("<html><body>Forbidden</body></html>", 403, "http-403"),
        ("<html><head><title>Just a moment...</title></head>"
         "<body><script src='/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1'></script>"
         "</body></html>",
         503, "cloudflare"),
        ("<html><body><p>Please enable JavaScript and cookies to continue</p></body></html>",
         200, "js-check"),
    ],
    ids=["incapsula", "403", "cloudflare", "js-check"],
)
def test_blocked_pages_are_recognised(body: str | bytes, status: int, reason: str) -> None:
    assert blocked_reason(html(body, status)) == reason


@pytest.mark.parametrize(
    "path",
    [
        "www.funduszeunijne.gov.pl/strony/wiadomosci/index.html",  # hash-routed shell, preloader
        "www.funduszeunijne.gov.pl/strony/wiadomosci/webinarium-pierwszy-projekt/index.html",
        "funduszeue.slaskie.pl/web/guest/aktualnosci.html",
    ],
)
def test_ordinary_pages_are_not_blocked(path: str) -> None:
    assert blocked_reason(html((SITE / path).read_bytes())) is None


def test_a_long_article_mentioning_incapsula_is_not_blocked() -> None:
    body = "<html><body><p>" + "Tekst artykułu o ochronie Incapsula. " * 3000 + "</p></body></html>"
    assert blocked_reason(html(body)) is None


def test_feed_spider_follows_items_and_next_page() -> None:
    spider = FeedSpider(source="krajowy")
    body = (SITE / "www.funduszeunijne.gov.pl/rss").read_bytes()
    url = "https://www.funduszeunijne.gov.pl/rss"
    response = XmlResponse(url, body=body, request=Request(url))
    urls = [r.url for r in spider.parse_feed(response)]
    assert "https://www.funduszeunijne.gov.pl/rss?page=2" in urls
    items = [u for u in urls if "/strony/wiadomosci/" in u]
    assert len(items) == 3 and all(u.endswith("/") for u in items)


def test_feed_spider_reads_a_feed_served_as_text() -> None:
    spider = FeedSpider(source="fers")
    body = (SITE / "www.rozwojspoleczny.gov.pl/rss@page=2").read_bytes()
    url = "https://www.rozwojspoleczny.gov.pl/rss?page=2"
    response = TextResponse(url, body=body, encoding="utf-8", request=Request(url))
    urls = [r.url for r in spider.parse_feed(response)]
    assert len(urls) == 2 and not any("rss" in u for u in urls)  # last page: no next link


def test_liferay_urls_lose_redirects_and_tokens() -> None:
    assert clean_liferay_url(
        "https://funduszeue.slaskie.pl/czytaj/x?redirect=%2Fweb%2Fguest%2Faktualnosci&inheritRedirect=true"
    ) == "https://funduszeue.slaskie.pl/czytaj/x"
    assert clean_liferay_url(
        "https://funduszeue.slaskie.pl/web/guest/aktualnosci?p_p_id=P&p_p_lifecycle=0&_P_page=2&p_auth=abc"
    ) == "https://funduszeue.slaskie.pl/web/guest/aktualnosci?p_p_id=P&p_p_lifecycle=0&_P_page=2"


def test_liferay_spider_follows_every_portlet_page_once() -> None:
    spider = LiferaySpider(source="slaskie")
    url = "https://funduszeue.slaskie.pl/web/guest/aktualnosci"
    body = (SITE / "funduszeue.slaskie.pl/web/guest/aktualnosci.html").read_bytes()
    response = HtmlResponse(url, body=body, request=Request(url))
    urls = [r.url for r in spider.parse(response)]
    items = [u for u in urls if "/czytaj/" in u]
    pages = sorted({u for u in urls if "_page=" in u})
    assert items and all("?" not in u for u in items)
    assert [p.rsplit("=", 1)[1] for p in pages] == ["2", "3"]
    assert not any("p_auth" in p for p in pages)
