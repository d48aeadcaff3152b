"""Discovery that survives a redesign (issue 13, part 2).

``data/sample-site-redesigned/`` holds four sources' sites after a redesign (new markup,
new paths), each leaving the crawler a different way back to the items:

* ``lubelskie``: a ``Sitemap:`` line in robots.txt -> a sitemap index -> urlsets with
  ``lastmod`` (an archived 2019 entry and site furniture among them);
* ``lodzkie``: only ``/sitemap.xml``;
* ``opolskie``: no sitemap, item cards without links, an RSS ``<link rel="alternate">``;
* ``podkarpackie``: no sitemap, no feed: dated links in the listing's main area.

The crawl tests run the real ``eufunds crawl --offline`` over the bundled sample site
(the last good run), then over the redesigned one, and read the database; the doctor
test applies the edits ``eufunds doctor`` suggests to a copy of the registry and checks
that the registry's own patterns then find the items again.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml
from parsel import Selector

from scrapers import discovery
from scrapers.registry import REGISTRY_FILE
from tests.conftest import ROOT, run_eufunds

REDESIGNED = ROOT / "data" / "sample-site-redesigned"
VARIANTS = {"lubelskie": "sitemap", "lodzkie": "sitemap", "opolskie": "feeds",
            "podkarpackie": "generic"}
NEW_PATHS = {"lubelskie": "/wydarzenia-i-szkolenia/", "lodzkie": "/wiadomosci/",
             "opolskie": "/artykuly/", "podkarpackie": "/aktualnosci-i-wydarzenia/"}
HOSTS = ("a.pl", "www.a.pl")


# --------------------------------------------------------------------------- pure parts


def test_robots_sitemap_lines() -> None:
    robots = ("User-agent: *\nDisallow: /admin/\nSitemap: https://a.pl/sitemap_index.xml\n"
              "sitemap:/mapa.xml\n# Sitemap: https://a.pl/commented.xml\n")
    assert discovery.robots_sitemaps(robots, "https://a.pl/robots.txt") == [
        "https://a.pl/sitemap_index.xml", "https://a.pl/mapa.xml"]


def _urlset(*entries: tuple[str, str | None]) -> bytes:
    rows = "".join(f"<url><loc>{u}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "")
                   + "</url>" for u, m in entries)
    return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{rows}</urlset>").encode()


def test_read_sitemaps_and_indexes() -> None:
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
             b'sitemap/0.9"><sitemap><loc>https://a.pl/s1.xml</loc></sitemap></sitemapindex>')
    assert discovery.read_sitemap(index) == ("sitemapindex", [("https://a.pl/s1.xml", None)])
    urlset = _urlset(("https://a.pl/x/", "2026-11-02"))
    assert discovery.read_sitemap(urlset) == ("urlset", [("https://a.pl/x/", "2026-11-02")])
    assert discovery.read_sitemap(gzip.compress(urlset))[0] == "urlset"
    assert discovery.read_sitemap(b"<html>not a sitemap</html>")[1] == []


def test_sitemap_entries_that_look_like_announcements() -> None:
    entries = [
        ("https://a.pl/wydarzenia/spotkanie-w-lublinie/", "2026-11-20"),
        ("https://a.pl/wydarzenia/webinar-2019/", "2019-03-01"),  # stale
        ("https://a.pl/kontakt/", "2026-11-20"),  # furniture
        ("https://a.pl/o-nas/", "2026-11-20"),  # no announcement word, not in the section
        ("https://a.pl/aktualnosci/szkolenie-z-rozliczen", None),
        ("https://a.pl/files/regulamin.pdf", "2026-11-20"),
        ("https://evil.example.com/wydarzenia/x/", "2026-11-20"),
        ("https://a.pl/wydarzenia/", "2026-11-20"),  # the listing itself
        ("https://a.pl/wydarzenia/?page=2", "2026-11-20"),
    ]
    picked = discovery.pick_sitemap_items(entries, HOSTS, ["https://a.pl/wydarzenia/"])
    assert picked == [("https://a.pl/wydarzenia/spotkanie-w-lublinie/", "2026-11-20"),
                      ("https://a.pl/aktualnosci/szkolenie-z-rozliczen", None)]


def test_feed_links_and_items() -> None:
    page = Selector(text='<html><head><link rel="alternate" type="application/rss+xml" '
                         'href="/feed.rss"><link rel="stylesheet" href="/s.css">'
                         '<link rel="alternate" type="application/atom+xml" '
                         'href="https://evil.example.com/a.atom"></head></html>')
    assert discovery.feed_links(page, "https://a.pl/x/", HOSTS) == ["https://a.pl/feed.rss"]
    rss = ("<rss><channel><item><link>https://a.pl/a/1</link></item>"
           "<item><link>https://evil.example.com/2</link></item></channel></rss>")
    assert discovery.feed_items(rss, "https://a.pl/feed.rss", HOSTS) == ["https://a.pl/a/1"]
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/b/2"/></entry>'
            "</feed>")
    assert discovery.feed_items(atom, "https://a.pl/feed.atom", HOSTS) == ["https://a.pl/b/2"]


def test_generic_links_skip_navigation_and_furniture() -> None:
    html = Selector(text="""<html><body><nav><a href="/szkolenia/">Szkolenia</a></nav>
    <main class="m"><div class="lista">
      <div><span>03.12.2026</span> <a href="/x/123">Zaproszenie</a></div>
      <div><a href="/y/webinar-o-dotacjach">Webinar o dotacjach</a></div>
      <div><a href="/z/o-nas">O nas</a></div>
      <div><a href="/kontakt/spotkanie">Kontakt</a></div>
    </div></main><footer><a href="/spotkania/">Spotkania</a></footer></body></html>""")
    dates = {"https://a.pl/x/123": "2026-12-03"}
    urls = discovery.generic_links(html, "https://a.pl/lista/", HOSTS,
                                   ["https://a.pl/lista/"], dates)
    assert urls == ["https://a.pl/x/123", "https://a.pl/y/webinar-o-dotacjach"]
    assert discovery.container_css(html, "https://a.pl/lista/", urls) == "div.lista"


@pytest.mark.parametrize("urls,pattern", [
    (["https://a.pl/wiadomosci/a-b/", "https://a.pl/wiadomosci/c/"], "/wiadomosci/[^/?#]+/?$"),
    (["https://a.pl/wydarzenia-i-szkolenia/2026/a.html",
      "https://a.pl/wydarzenia-i-szkolenia/2026/b.html"],
     r"/wydarzenia-i-szkolenia/\d+/[^/?#]+/?$"),
    (["https://a.pl/a/x", "https://a.pl/a/b/y"], "/a/(?:[^/?#]+/)*[^/?#]+/?$"),
])
def test_item_pattern(urls: list[str], pattern: str) -> None:
    assert discovery.item_pattern(urls) == pattern
    assert all(re.search(pattern, u) for u in urls)
    assert not re.search(pattern, "https://a.pl/wiadomosci/")


# --------------------------------------------------------------------------- real crawls


def _rows(db: Path, sql: str, *args: Any) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute(sql, args)]
    conn.close()
    return rows


@pytest.fixture(scope="module")
def redesign(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("redesign")
    db = tmp / "events.db"
    sources = list(VARIANTS)
    first = run_eufunds("crawl", "--offline", "--db", str(db), *sources)
    assert first.returncode == 0, first.stderr.decode()[-2000:]
    before = _rows(db, "select id, source, url, content_hash from events")
    second = run_eufunds("crawl", "--offline", "--sample-site", str(REDESIGNED), "--db",
                         str(db), *sources)
    crawls = {r["source"]: r for r in _rows(
        db, "select * from crawls where id > (select max(id) - 4 from crawls)")}
    # The health gate: a redesign whose sitemap lists far fewer items than the last good
    # run found changes nothing.
    thin = tmp / "thin"
    shutil.copytree(REDESIGNED / "funduszeue.lodzkie.pl", thin / "funduszeue.lodzkie.pl")
    sitemap = thin / "funduszeue.lodzkie.pl" / "sitemap.xml"
    sitemap.write_text(re.sub(r"(?s)(<url>.*?</url>).*(</urlset>)", r"\1\2",
                              sitemap.read_text("utf-8")), encoding="utf-8")
    events_before_thin = _rows(db, "select * from events where source = 'lodzkie'")
    third = run_eufunds("crawl", "--offline", "--sample-site", str(thin), "--db", str(db),
                        "lodzkie")
    return {"db": db, "before": before, "second": second, "crawls": crawls, "third": third,
            "events_before_thin": events_before_thin}


@pytest.mark.parametrize("sid,method", VARIANTS.items())
def test_redesigned_site_is_found_through_its_fallback(redesign: dict[str, Any], sid: str,
                                                       method: str) -> None:
    assert redesign["second"].returncode == 0, redesign["second"].stderr.decode()[-2000:]
    row = redesign["crawls"][sid]
    assert row["outcome"] == "drifted", row
    assert row["note"].startswith("item_links found 0 link(s) (last good run: "), row
    assert f"through the {method} fallback" in row["note"], row
    assert row["vanished"] == 0 and row["errors"] == 0, row
    new = _rows(redesign["db"], "select url, start, is_event from events "
                "where source = ? and last_crawl_id = ?", sid, row["id"])
    assert new and all(NEW_PATHS[sid] in e["url"] for e in new), new
    assert all(e["start"] for e in new), new
    assert row["new"] == len(new) == row["events"], row
    # Events stored from the old paths stay (a fallback's run marks nothing vanished).
    old = _rows(redesign["db"], "select id, missing_since from events where source = ? "
                "and (last_crawl_id is null or last_crawl_id != ?)", sid, row["id"])
    assert old and all(e["missing_since"] is None for e in old)


def test_sitemap_fallback_skips_stale_and_furniture_entries(redesign: dict[str, Any]) -> None:
    row = redesign["crawls"]["lubelskie"]
    # robots.txt's Sitemap line -> the index -> both urlsets; the archived 2019 entry
    # (a 404 if asked for) and the site's static pages were not requested: the one 404 is
    # the /sitemap.xml probe, and it is not counted as an error.
    statuses = json.loads(row["status_counts"])
    assert statuses.get("404") == 1 and row["errors"] == 0, row
    assert row["items"] == 6 and row["events"] == 4 and row["non_events"] == 2, row
    assert "sitemaps/wydarzenia.xml" in row["note"], row


def test_health_gate_holds_for_fallback_runs(redesign: dict[str, Any]) -> None:
    third = redesign["third"]
    assert third.returncode == 1, third.stderr.decode()[-2000:]
    row = _rows(redesign["db"], "select * from crawls where source = 'lodzkie' "
                "order by id desc limit 1")[0]
    assert row["outcome"] == "failed", row
    assert "against" in row["note"] and "1 item link(s) found through the sitemap" in row[
        "note"], row
    after = _rows(redesign["db"], "select * from events where source = 'lodzkie'")
    assert after == redesign["events_before_thin"]


def test_doctor_suggests_the_edit_that_makes_patterns_match(tmp_path: Path) -> None:
    sources = list(VARIANTS)
    result = run_eufunds("doctor", "--offline", "--sample-site", str(REDESIGNED), "--json",
                         *sources)
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    reports = {r["source"]: r for r in json.loads(result.stdout)}
    for sid, method in VARIANTS.items():
        r = reports[sid]
        assert r["verdict"] == "drifted" and r["item_links_found"] == 0, r
        assert r["discovered"].get(method), r
        assert r["suggestion"]["id"] == sid and "item_links" in r["suggestion"], r
        assert all(re.search(r["suggestion"]["item_links"], u) for u in r["discovered"][method])
    assert reports["opolskie"]["suggestion"]["spider"] == "feed"

    # The suggested edits, applied to a copy of the registry: the patterns match again.
    registry = yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))
    for entry in registry["sources"]:
        edit = reports.get(entry["id"], {}).get("suggestion")
        for key, value in (edit or {}).items():
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
    edited = tmp_path / "sources.yml"
    edited.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    again = run_eufunds("doctor", "--offline", "--sample-site", str(REDESIGNED), "--json",
                        *sources, env={"EUFUNDS_REGISTRY": str(edited)})
    fixed = {r["source"]: r for r in json.loads(again.stdout)}
    bad = {s: (r["verdict"], r["reasons"]) for s, r in fixed.items() if r["verdict"] != "ok"}
    assert again.returncode == 0 and not bad, bad
    assert all(r["item_links_found"] >= 3 and r["dated"] >= 1 and not r["discovered"]
               for r in fixed.values())
