"""Politeness on the live web (issue 13, part 3): settings, ``Retry-After``, once a day.

The once-a-day rule holds for online crawls only, so the crawl test runs one: a registry
entry whose host is ``127.0.0.1`` (an IP literal written in the registry is the
operator's choice, allowed by the fetch guard and the SSRF guard) served by a replay
server this test starts, with no offline routing. The throttled outcome of a long
``Retry-After`` is crawled in ``tests/test_faults.py``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from pipeline.replay import ReplayServer
from scrapers import settings
from scrapers.politeness import retry_after_seconds
from tests.conftest import run_eufunds


def test_settings_are_polite() -> None:
    assert settings.ROBOTSTXT_OBEY and settings.AUTOTHROTTLE_ENABLED
    assert 1 <= settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2
    assert settings.AUTOTHROTTLE_TARGET_CONCURRENCY <= 2
    assert settings.EUFUNDS_RETRY_AFTER_MAX == 120
    assert settings.EUFUNDS_MIN_RECRAWL_HOURS == 20
    assert "scrapers.politeness.RetryAfterMiddleware" in settings.DOWNLOADER_MIDDLEWARES
    assert "eufunds-events" in settings.USER_AGENT


def test_retry_after_values() -> None:
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Tue, 01 Dec 2026 03:02:00 GMT", now) == 120
    assert retry_after_seconds("Tue, 01 Dec 2026 02:00:00 GMT", now) == 0
    assert retry_after_seconds(None) is None and retry_after_seconds(b"soon") is None


def _site(root: Path, port: int) -> dict[str, object]:
    base = root / "127.0.0.1" / "wydarzenia"
    for i in (1, 2):
        page = base / f"spotkanie-{i}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<html lang='pl'><body><h1>Spotkanie informacyjne nr {i}</h1><p>"
                        f"Spotkanie odbędzie się {10 + i} marca 2031 r. o godz. 10:00 w Łodzi."
                        "</p></body></html>", encoding="utf-8")
    (base / "index.html").write_text(
        "<html><body><ul class='event-list'>" + "".join(
            f"<li><a href='/127.0.0.1/wydarzenia/spotkanie-{i}/'>Spotkanie {i}</a></li>"
            for i in (1, 2)) + "</ul></body></html>", encoding="utf-8")
    return {"id": "local", "name": "A portal on this machine", "level": "other",
            "hosts": ["127.0.0.1"], "start_urls": [f"http://127.0.0.1:{port}/127.0.0.1/wydarzenia/"],
            "item_links": "/wydarzenia/spotkanie-\\d+/$", "listing_area": "ul.event-list",
            "evidence": "seen"}


def test_online_source_is_crawled_at_most_once_a_day_unless_asked(tmp_path: Path) -> None:
    root, db = tmp_path / "site", tmp_path / "db" / "events.db"
    with ReplayServer(root) as server:
        port = int(server.base_url.rsplit(":", 1)[1])
        registry = tmp_path / "sources.yml"
        registry.write_text(yaml.safe_dump({"sources": [_site(root, port)]}), encoding="utf-8")
        env = {"EUFUNDS_REGISTRY": str(registry), "EUFUNDS_DOWNLOAD_TIMEOUT": "5"}

        def crawls() -> list[tuple[str, int]]:
            conn = sqlite3.connect(db)
            rows = conn.execute("select outcome, offline from crawls order by id").fetchall()
            conn.close()
            return rows

        first = run_eufunds("crawl", "--db", str(db), env=env)
        assert first.returncode == 0, first.stderr.decode()[-2000:]
        assert crawls() == [("ok", 0)]

        again = run_eufunds("crawl", "--db", str(db), env=env)
        assert again.returncode == 0, again.stderr.decode()[-2000:]
        assert "not crawling local again: crawled less than 20 h ago" in again.stderr.decode()
        assert len(crawls()) == 1  # the portal was not asked again

        for asked in (["--force"], ["local"]):
            result = run_eufunds("crawl", "--db", str(db), *asked, env=env)
            assert result.returncode == 0, result.stderr.decode()[-2000:]
        assert len(crawls()) == 3

        # A day later, the nightly run crawls it again by itself.
        conn = sqlite3.connect(db)
        day_ago = (datetime.now(UTC) - timedelta(hours=21)).strftime("%Y-%m-%dT%H:%M:%SZ")
        conn.execute("update crawls set started = ?", [day_ago])
        conn.commit()
        conn.close()
        nightly = run_eufunds("nightly", "--db", str(db), env=env)
        assert nightly.returncode == 0, nightly.stderr.decode()[-2000:]
        assert len(crawls()) == 4 and "not crawling" not in nightly.stderr.decode()
