"""Hostile web, bad input (issue 7): the crawler and the catalogue keep working, lose
nothing and let no one in.

Every crawl fault is a small sample site of its own (one host, one registry entry in a
private registry passed through ``EUFUNDS_REGISTRY``), written by the ``fault_run``
fixture into a temporary folder and crawled for real: ``eufunds crawl --offline
--sample-site`` over the replay server. All fault sources are crawled twice in one
``eufunds crawl`` process each time (a Scrapy process costs seconds on a small machine):
first healthy, then with the fault switched on (``_replay.yml`` rules of
``pipeline.replay`` or edited pages). Each test then reads its own source's ``crawls``
row and events: the crawl went on, the error is counted, the stored events stayed.
"""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from scrapers.middlewares import NotHtmlMiddleware, SafeFetchMiddleware, refusal
from tests.conftest import ROOT, run_eufunds

LISTING = "/wydarzenia/"
N_ITEMS = 4
CITIES = ("Łódź", "Kraków", "Gdańsk", "Poznań")
DOWNLOAD_TIMEOUT = 1  # seconds; the "very slow" page takes longer than this


def item_path(i: int) -> str:
    return f"{LISTING}spotkanie-{i}/"


def item_html(i: int, charset_meta: str | None = "utf-8", extra: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    city = CITIES[(i - 1) % len(CITIES)]
    return f"""<!DOCTYPE html>
<html lang="pl"><head>{meta}<title>Spotkanie {i}</title></head><body>
<article>
<h1 class="tytul">Spotkanie informacyjne nr {i}: Fundusze Europejskie - {city}</h1>
<div class="tresc">
<p>Zapraszamy na bezpłatne spotkanie informacyjne o Funduszach Europejskich dla przedsiębiorców,
które odbędzie się {10 + i} marca 2031 r. o godz. 10:00 w {city} (ul. Źródlana 5, sala ŚĆ).
Zgłoszenia przyjmujemy do {5 + i} marca 2031 r. Zażółć gęślą jaźń: ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ.</p>
<p>Spotkanie poprowadzą konsultanci Punktu Informacyjnego Funduszy Europejskich.</p>
{extra}
</div></article></body></html>"""


def listing_html(links: list[str], area: str = "event-list", extra: str = "") -> str:
    items = "\n".join(f'<li><a href="{u}">Spotkanie</a></li>' for u in links)
    return f"""<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>Wydarzenia</title></head><body><h1>Wydarzenia</h1>
<ul class="{area}">
{items}
</ul>{extra}</body></html>"""


@dataclass
class FaultSite:
    """One fault source: a host folder under the site root and its registry entry."""

    root: Path
    sid: str
    n_items: int = N_ITEMS

    @property
    def host(self) -> str:
        return f"{self.sid}.faults.example.pl"

    @property
    def dir(self) -> Path:
        return self.root / self.host

    def url(self, path: str) -> str:
        return f"https://{self.host}{path}"

    def write(self, path: str, data: str | bytes) -> None:
        file = self.dir / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        file.write_bytes(data)

    def rules(self, **rules: Any) -> None:
        (self.dir / "_replay.yml").write_text(yaml.safe_dump(rules), encoding="utf-8")

    def build(self) -> None:
        self.write(LISTING, listing_html([item_path(i) for i in range(1, self.n_items + 1)]))
        for i in range(1, self.n_items + 1):
            self.write(item_path(i), item_html(i))

    def entry(self, **extra: Any) -> dict[str, Any]:
        return {
            "id": self.sid,
            "name": f"Fault site {self.sid}",
            "level": "other",
            "hosts": [self.host],
            "start_urls": [self.url(LISTING)],
            "item_links": "/wydarzenia/spotkanie-[^/?#]+/$",
            "listing_area": "ul.event-list",
            "selectors": {"title": "h1.tytul", "body": "div.tresc"},
            "evidence": "seen",
            **extra,
        }


# Each fault: how its site differs from the healthy one in the second crawl.

def fault_http_errors(s: FaultSite) -> None:
    s.rules(status={item_path(2): 500, item_path(3): 503}, retry_after={item_path(3): 1})


def fault_throttled(s: FaultSite) -> None:
    # "Come back in an hour": over EUFUNDS_RETRY_AFTER_MAX (120 s).
    s.rules(status={item_path(2): 429}, retry_after={item_path(2): 3600})


def fault_404(s: FaultSite) -> None:
    s.rules(status={item_path(2): 404})


def fault_slow(s: FaultSite) -> None:
    # One page never answers within DOWNLOAD_TIMEOUT, one is slow but in time.
    s.rules(delays={item_path(2): DOWNLOAD_TIMEOUT + 2, item_path(3): 0.2})


def fault_reset(s: FaultSite) -> None:
    s.rules(reset=[item_path(2)])


def fault_redirect_loop(s: FaultSite) -> None:
    loop = f"{LISTING}petla/"
    s.rules(redirects={item_path(2): s.url(loop), loop: s.url(item_path(2)),
                       item_path(3): s.url(item_path(3))})


def fault_redirect_offsite(s: FaultSite) -> None:
    s.rules(redirects={item_path(2): "https://example.com/wydarzenia/spotkanie-2/"})


def fault_robots(s: FaultSite) -> None:
    s.write("/robots.txt", f"User-agent: *\nDisallow: {item_path(2)}\n")


def fault_truncated(s: FaultSite) -> None:
    s.rules(truncate={item_path(2): 300})


def fault_huge(s: FaultSite) -> None:
    s.rules(pad={item_path(2): 20_000_000})


def fault_not_html(s: FaultSite) -> None:
    s.write(item_path(2), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n" + bytes(2000))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500)
    s.write(item_path(3), png)


def fault_encodings(s: FaultSite) -> None:
    # 1: windows-1250 with a matching meta; 2: windows-1250, no declaration at all;
    # 3: ISO-8859-2 declared in the HTTP header only; 4: windows-1250 under a wrong meta
    # (utf-8) and header; 5: ISO-8859-2 with a matching meta.
    s.write(item_path(1), item_html(1, "windows-1250").encode("cp1250"))
    s.write(item_path(2), item_html(2, None).encode("cp1250"))
    s.write(item_path(3), item_html(3, None).encode("iso8859_2"))
    s.write(item_path(4), item_html(4, "utf-8").encode("cp1250"))
    s.write(item_path(5), item_html(5, "iso-8859-2").encode("iso8859_2"))
    s.rules(headers={item_path(3): {"Content-Type": "text/html; charset=ISO-8859-2"}})


def fault_markup_changed(s: FaultSite) -> None:
    links = [item_path(i) for i in range(1, s.n_items + 1)]
    s.write(LISTING, listing_html(links, area="lista-wydarzen-2031"))


FAULTS = {
    "http-errors": fault_http_errors,
    "throttled": fault_throttled,
    "not-found": fault_404,
    "slow": fault_slow,
    "reset": fault_reset,
    "redirect-loop": fault_redirect_loop,
    "redirect-offsite": fault_redirect_offsite,
    "robots": fault_robots,
    "truncated": fault_truncated,
    "huge": fault_huge,
    "not-html": fault_not_html,
    "encodings": fault_encodings,
    "markup": fault_markup_changed,
}

HOSTILE_LINKS = [
    "file:///etc/passwd",
    "http://127.0.0.1:9/wydarzenia/spotkanie-9/",
    "http://localhost/wydarzenia/spotkanie-9/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/wydarzenia/spotkanie-9/",
    "http://2130706433/wydarzenia/spotkanie-9/",
    "http://10.0.0.5/wydarzenia/spotkanie-9/",
    "javascript:alert(1)",
    "ftp://example.org/wydarzenia/spotkanie-9/",
]
XSS_TITLE = "Szkolenie &lt;script&gt;alert('xss-title')&lt;/script&gt; w Łodzi"
XSS_BODY = ('<script>alert("xss-script")</script><img src="x" onerror="alert(\'xss-img\')">'
            "<p>Uwaga: &lt;img src=x onerror=alert('xss-text')&gt; to tylko tekst.</p>")


def build_steady(site: Path) -> dict[str, FaultSite]:
    """Sources that look the same in both crawls: duplicates, endless paging, hostile."""
    dupes = FaultSite(site, "dupes")
    dupes.build()
    links = []
    for i in range(1, N_ITEMS + 1):
        links += [item_path(i), dupes.url(item_path(i)), item_path(i) + "#zapisy",
                  item_path(i)]
    dupes.write(LISTING, listing_html(links))

    endless = FaultSite(site, "endless")
    endless.build()
    endless.write(LISTING, listing_html([item_path(i) for i in range(1, N_ITEMS + 1)],
                                        extra='<a class="next" href="?page={next}">dalej</a>'))
    endless.rules(endless=[LISTING])

    hostile = FaultSite(site, "hostile")
    hostile.build()
    hostile.write(LISTING, listing_html(
        [item_path(i) for i in range(1, N_ITEMS + 1)] + HOSTILE_LINKS))
    hostile.write(item_path(1), item_html(1).replace(
        "Spotkanie informacyjne nr 1: Fundusze Europejskie - Łódź", XSS_TITLE).replace(
        "<p>Spotkanie poprowadzą", XSS_BODY + "<p>Spotkanie poprowadzą"))
    # Item pages that redirect into the operator's network or to another scheme.
    hostile.rules(redirects={item_path(2): "http://127.0.0.1:9/wydarzenia/spotkanie-2/",
                             item_path(3): "file:///etc/passwd",
                             item_path(4): "http://169.254.169.254/latest/meta-data/"})
    return {"dupes": dupes, "endless": endless, "hostile": hostile}


@dataclass
class FaultRun:
    db: Path
    before: dict[str, dict[str, dict[str, Any]]]
    after: dict[str, dict[str, dict[str, Any]]]
    first: dict[str, dict[str, Any]]
    second: dict[str, dict[str, Any]]
    stderr: str
    sites: dict[str, FaultSite]
    registry: Path


EVENT_COLUMNS = ("id", "url", "title", "body", "start", "city", "content_hash", "missing_since")


def events_by_source(db: Path) -> dict[str, dict[str, dict[str, Any]]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for row in conn.execute(f"select source, {', '.join(EVENT_COLUMNS)} from events"):
        out.setdefault(row["source"], {})[row["id"]] = {c: row[c] for c in EVENT_COLUMNS}
    conn.close()
    return out


def crawl(site: Path, registry: Path, db: Path) -> tuple[dict[str, dict[str, Any]], str]:
    result = run_eufunds(
        "crawl", "--offline", "--sample-site", str(site), "--db", str(db), timeout=240,
        env={"EUFUNDS_REGISTRY": str(registry), "EUFUNDS_DOWNLOAD_TIMEOUT": str(DOWNLOAD_TIMEOUT),
             "EUFUNDS_CONTACT": "ops@example.org"},
    )
    stderr = result.stderr.decode("utf-8", "replace")
    # 1: some source failed (expected here); Scrapy's own ERROR lines may carry tracebacks.
    assert result.returncode in (0, 1), stderr[-3000:]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    rows = {r["source"]: dict(r) for r in conn.execute("select * from crawls order by id")}
    conn.close()
    for row in rows.values():
        row["status_counts"] = json.loads(row["status_counts"] or "{}")
    return rows, stderr


@pytest.fixture(scope="session")
def fault_run(tmp_path_factory: pytest.TempPathFactory) -> FaultRun:
    work = tmp_path_factory.mktemp("faults")
    site, db, registry = work / "site", work / "events.db", work / "sources.yml"
    sites = {sid: FaultSite(site, sid) for sid in FAULTS}
    sites["encodings"].n_items = 5
    for s in sites.values():
        s.build()
    sites.update(build_steady(site))
    entries = [s.entry() for s in sites.values()]
    for e in entries:
        if e["id"] == "endless":
            e["pagination"] = "/wydarzenia/\\?page=\\d+$"
    registry.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True),
                        encoding="utf-8")
    first, _ = crawl(site, registry, db)
    before = events_by_source(db)
    for sid, fault in FAULTS.items():
        fault(sites[sid])
    second, stderr = crawl(site, registry, db)
    return FaultRun(db, before, events_by_source(db), first, second, stderr, sites, registry)


def assert_survived(run: FaultRun, sid: str) -> dict[str, Any]:
    """The common promise: the first crawl stored every event; the faulty crawl ran to
    its end with the fault counted, and every stored event is still there, unchanged
    and not marked vanished."""
    first, second = run.first[sid], run.second[sid]
    assert first["outcome"] == "ok", first
    assert first["events"] == N_ITEMS and len(run.before[sid]) == N_ITEMS, first
    assert second["finish_reason"] == "finished", second
    assert second["errors"] >= 1, second
    assert second["outcome"] in ("partial", "failed"), second
    assert run.after[sid] == run.before[sid]
    assert all(e["missing_since"] is None for e in run.after[sid].values())
    return second


# --------------------------------------------------------------------------- faults


def test_http_500_and_503_with_retry_after(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "http-errors")
    codes = row["status_counts"]
    assert codes.get("500", 0) >= 1 and codes.get("503", 0) >= 1, codes
    # A short Retry-After (1 s) is waited for, twice (RETRY_TIMES), then the answer stands:
    # three 503s, no quick retries on top. The HTTP cache answers with the page of the last
    # run (RFC 2616), so nothing is lost.
    assert codes["503"] == 3, codes
    assert row["outcome"] == "partial" and row["items"] == N_ITEMS, row


def test_long_retry_after_ends_the_run_as_throttled(fault_run: FaultRun) -> None:
    row = fault_run.second["throttled"]
    # "Come back in an hour" (over the 120 s bound): the source's run ends at once, stores
    # nothing, is not a failure; the next night is the retry.
    assert row["outcome"] == "throttled" and row["finish_reason"] == "throttled", row
    assert "Retry-After 3600 s" in row["note"], row
    assert row["status_counts"].get("429") == 1, row
    assert fault_run.after["throttled"] == fault_run.before["throttled"]
    assert "ending this source's run as throttled" in fault_run.stderr
    assert "crawl failed for:" not in fault_run.stderr or "throttled" not in \
        fault_run.stderr.split("crawl failed for:")[1].splitlines()[0]


def test_404_on_a_listed_page(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "not-found")
    assert row["status_counts"].get("404") == 2  # robots.txt and the page
    # The other pages were read and committed; the 404 page's event is kept as it was.
    assert row["outcome"] == "partial" and row["items"] == N_ITEMS - 1


def test_timeouts_and_slow_pages_are_bounded(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "slow")
    # The page slower than DOWNLOAD_TIMEOUT times out (counted) and the HTTP cache answers
    # with the last run's copy; the slow page within the timeout is read as usual.
    assert row["items"] == N_ITEMS and row["outcome"] == "partial", row


def test_connection_reset_half_way(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "reset")
    assert row["items"] == N_ITEMS - 1


def test_redirect_loop_is_cut(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "redirect-loop")
    assert row["items"] == N_ITEMS - 2  # the loop 2 -> petla -> 2 and the self-loop of 3
    assert "(redirect-loop)" in fault_run.stderr


def test_redirect_to_another_domain_is_not_followed(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "redirect-offsite")
    assert row["items"] == N_ITEMS - 1
    assert "(redirect-offsite): https://example.com/" in fault_run.stderr


def test_robots_txt_disallow_is_obeyed(fault_run: FaultRun) -> None:
    first, second = fault_run.first["robots"], fault_run.second["robots"]
    assert first["events"] == N_ITEMS
    # The disallowed page is never requested; the others are, and the run is healthy.
    # A page refused by robots.txt is not a portal failure: no error, a complete run.
    assert second["items"] == N_ITEMS - 1 and second["outcome"] == "ok", second
    assert second["errors"] == 0
    assert sum(second["status_counts"].values()) == first["events"] - 1 + 2  # + robots, list
    stored = fault_run.after["robots"]
    assert {k: v["content_hash"] for k, v in stored.items()} == {
        k: v["content_hash"] for k, v in fault_run.before["robots"].items()}


def test_truncated_html(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "truncated")
    assert row["items"] == N_ITEMS - 1


def test_twenty_megabyte_page_is_skipped_with_a_warning(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "huge")
    assert row["items"] == N_ITEMS - 1
    assert "larger than download max size" in fault_run.stderr


def test_html_page_that_is_really_a_pdf_or_an_image(fault_run: FaultRun) -> None:
    row = assert_survived(fault_run, "not-html")
    assert row["items"] == N_ITEMS - 2
    assert fault_run.stderr.count("(not-html)") == 2


def test_windows_1250_and_iso_8859_2_pages(fault_run: FaultRun) -> None:
    first, second = fault_run.first["encodings"], fault_run.second["encodings"]
    assert first["events"] == second["events"] == 5
    # The same text in another encoding is the same event: nothing changed.
    assert second["changed"] == 0 and second["unchanged"] == 5, second
    assert fault_run.after["encodings"] == fault_run.before["encodings"]
    stored = fault_run.after["encodings"].values()
    assert {e["title"].rsplit(" - ", 1)[1] for e in stored} == set(CITIES)
    assert all("Zażółć gęślą jaźń: ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ" in e["body"] for e in stored)


def test_markup_change_flags_the_run_and_deletes_nothing(fault_run: FaultRun) -> None:
    # The listing area's class changed: the registry's patterns find nothing, the generic
    # links fallback (scrapers.discovery, issue 13) finds the same items again; the run
    # says so (outcome drifted, the note) and nothing is lost or marked vanished.
    row = fault_run.second["markup"]
    assert row["outcome"] == "drifted" and row["items"] == N_ITEMS, row
    assert "item_links found 0 link(s)" in row["note"], row
    assert "through the generic fallback" in row["note"], row
    assert row["vanished"] == 0 and row["new"] == 0, row
    assert fault_run.after["markup"] == fault_run.before["markup"]


def test_duplicate_links_fetch_each_page_once(fault_run: FaultRun) -> None:
    row = fault_run.first["dupes"]
    assert row["outcome"] == "ok" and row["events"] == N_ITEMS, row
    # robots.txt (404) + the listing + each item once, though each is linked four times.
    assert row["status_counts"] == {"200": 1 + N_ITEMS, "404": 1}, row
    assert len(fault_run.after["dupes"]) == N_ITEMS


def test_pagination_that_never_ends_is_bounded(fault_run: FaultRun) -> None:
    row = fault_run.first["endless"]
    assert row["finish_reason"] == "finished" and row["events"] == N_ITEMS, row
    # DEPTH_LIMIT (6) stops the walk: the start page plus six more listing pages.
    from scrapers import settings

    assert row["pages"] <= 1 + (settings.DEPTH_LIMIT + 1) + N_ITEMS, row


# --------------------------------------------------------------------------- security


def test_hostile_links_and_redirects_are_refused(fault_run: FaultRun) -> None:
    row = fault_run.first["hostile"]
    # Page links off the source never become requests; redirects into the loopback and
    # link-local networks and to file: are refused and counted.
    assert row["errors"] == 3 and row["items"] == 1, row
    for reason in ("redirect-private-address", "redirect-not-http"):
        assert f"({reason})" in fault_run.stderr
    assert set(row["status_counts"]) <= {"200", "301", "404"}, row


@pytest.mark.parametrize("url", HOSTILE_LINKS + [
    "http://127.1/", "http://0x7f.0.0.1/", "http://[fd00::1]/", "http://user:pw@a.pl/",
    "http://sub.localhost/", "https://evil.example.com/wydarzenia/",
])
def test_refusal_of_hostile_urls(url: str) -> None:
    assert refusal(url, ("a.pl", "www.a.pl")) is not None


def test_allowed_urls_and_operator_hosts() -> None:
    assert refusal("https://a.pl/wydarzenia/", ("a.pl",)) is None
    assert refusal("https://www.a.pl/x?page=2", ("a.pl",)) is None
    # A private host the operator put in the registry is the operator's choice.
    assert refusal("http://10.1.2.3/intranet/", ("10.1.2.3",)) is None


def _middleware(cls: type) -> Any:
    crawler = get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 5})
    crawler.spider = type("S", (), {"allowed_domains": ["a.pl"]})()
    return cls.from_crawler(crawler)


def test_guard_middleware_refuses_requests_and_redirects() -> None:
    mw = _middleware(SafeFetchMiddleware)
    mw.process_request(Request("https://a.pl/ok/"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("http://169.254.169.254/latest/"))
    loop = Request("https://a.pl/b/", meta={"redirect_urls": ["https://a.pl/a/"]})
    with pytest.raises(IgnoreRequest, match="redirect-loop"):
        mw.process_response(loop, HtmlResponse("https://a.pl/b/", status=302,
                                               headers={"Location": "/a/"}))
    with pytest.raises(IgnoreRequest, match="redirect-private-address"):
        mw.process_response(Request("https://a.pl/c/"), HtmlResponse(
            "https://a.pl/c/", status=301, headers={"Location": "http://[::1]:8001/"}))
    assert mw.stats.get_value("eufunds/fetch_errors") == 3
    assert mw.stats.get_value("eufunds/unfetched_urls") == {
        "http://169.254.169.254/latest/", "https://a.pl/a/", "https://a.pl/c/"}


def test_not_html_middleware() -> None:
    mw = _middleware(NotHtmlMiddleware)
    ok = HtmlResponse("https://a.pl/x/", body=b"<html>ok</html>")
    assert mw.process_response(Request(ok.url), ok) is ok
    pdf = HtmlResponse("https://a.pl/y/", body=b"%PDF-1.4 ...")
    with pytest.raises(IgnoreRequest, match="not-html"):
        mw.process_response(Request(pdf.url), pdf)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_planted_script_is_inert_in_datasette_and_feeds(fault_run: FaultRun,
                                                        tmp_path: Path) -> None:
    stored = [e for e in fault_run.after["hostile"].values() if "xss-title" in e["title"]]
    assert len(stored) == 1, fault_run.after["hostile"]
    event = stored[0]
    # Stored text is plain text: the markup is gone, what a page *wrote* as text stays text.
    assert "xss-script" not in event["body"] and "<img" not in event["body"].replace(
        "<img src=x onerror=alert('xss-text')>", "")
    db = tmp_path / "events.db"
    db.write_bytes(fault_run.db.read_bytes())

    out = tmp_path / "feeds"
    result = run_eufunds("export", "--db", str(db), "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    items = [i for i in feed["items"] if "xss-title" in i.get("title", "")]
    assert items and all("content_html" not in i for i in feed["items"])
    atom = ET.parse(out / "events.atom").getroot()
    assert not [el for el in atom.iter() if el.tag.split("}")[-1] in ("script", "img")]
    assert all(el.get("type") in (None, "text") for el in atom.iter()
               if el.tag.endswith("}content") or el.tag.endswith("}summary"))
    assert "X-ALT-DESC" not in (out / "events.ics").read_text(encoding="utf-8")

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db),
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(f"{base}/-/versions.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        pages = [f"/events/events/{event['id']}", "/events/events?_search=xss",
                 "/events/events", "/events/current_events"]
        for path in pages:
            html = httpx.get(base + path, timeout=10).text
            assert "&lt;script&gt;alert(&#39;xss-title&#39;)&lt;/script&gt;" in html, path
            # No live tag carries the planted script or handler; the text shows escaped.
            assert not re.search(r"<script[^>]*>[^<]*xss", html), path
            assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), path

        # Read-only, immutable, time-limited.
        dbs = httpx.get(f"{base}/-/databases.json").json()
        assert [d["is_mutable"] for d in dbs if d["name"] == "events"] == [False]
        plugins = {p["name"] for p in httpx.get(f"{base}/-/plugins.json").json()}
        assert not {p for p in plugins if any(w in p for w in ("write", "insert", "upload",
                                                               "edit", "import", "auth"))}
        for sql in ("delete from events", "update events set title = 'x'",
                    "insert into crawls (source) values ('x')", "drop table events",
                    "attach database '/tmp/x.db' as x", "pragma journal_mode=delete"):
            r = httpx.get(f"{base}/events.json", params={"sql": sql}, timeout=10)
            assert r.status_code >= 400 and "ok" in r.json() and not r.json()["ok"], sql
        r = httpx.post(f"{base}/events/events/-/insert", json={"row": {"id": "x"}})
        assert r.status_code >= 400  # no write API (Datasette 0.65, no write plugins)
        slow = ("with recursive c(x) as (select 1 union all select x + 1 from c) "
                "select count(*) from c")
        r = httpx.get(f"{base}/events.json", params={"sql": slow}, timeout=30)
        assert r.status_code >= 400 and "too long" in r.text, r.text[:300]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert events_by_source(db) == fault_run.after


# --------------------------------------------------------------------------- bad input


def _extract(path: Path | str) -> subprocess.CompletedProcess[bytes]:
    return run_eufunds("extract", str(path), timeout=60)


@pytest.mark.parametrize("kind", ["binary", "empty", "directory", "ten-megabytes",
                                  "digits-and-dashes", "invalid-utf8", "missing"])
def test_extract_bad_input(kind: str, tmp_path: Path) -> None:
    path = tmp_path / kind
    if kind == "binary":
        path.write_bytes(bytes(range(256)) * 800)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "directory":
        path.mkdir()
    elif kind == "ten-megabytes":
        path.write_bytes(("Spotkanie informacyjne 6 grudnia 2031 r. w Lublinie. " * 200_000)
                         .encode()[: 10 * 1024 * 1024])
    elif kind == "digits-and-dashes":
        path.write_text("1-2-3.4.5 2031-12-06 12-12 " * 100_000)
    elif kind == "invalid-utf8":
        path.write_bytes(b"Spotkanie 6 grudnia 2031 \xff\xfe\xc0 w Lublinie")
    result = _extract(path)
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    if kind in ("directory", "missing"):
        # exit 2: bad input, one line on stderr, nothing on stdout
        assert result.returncode == 2 and err.count("\n") == 1 and not result.stdout, err
        return
    assert result.returncode == 0, err
    record = json.loads(result.stdout)
    assert record["is_event"] in (True, False)
    if kind == "invalid-utf8":
        assert "Lublin" in (record["body"] or "")


def _foreign_db(path: Path, kind: str) -> None:
    if kind == "corrupt":
        path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    elif kind == "not-sqlite":
        path.write_text("these are my notes, not a database\n")
    else:  # someone else's SQLite database (with an 'events' table of its own, or not)
        conn = sqlite3.connect(path)
        table = "events" if kind == "foreign" else "notes"
        conn.execute(f"create table {table} (id integer primary key, what text)")
        conn.execute(f"insert into {table} (what) values ('birthday')")
        conn.commit()
        conn.close()


@pytest.mark.parametrize("kind", ["corrupt", "not-sqlite", "foreign", "other-app"])
def test_crawl_refuses_a_corrupt_or_foreign_database(kind: str, tmp_path: Path,
                                                     fault_run: FaultRun) -> None:
    db = tmp_path / "events.db"
    _foreign_db(db, kind)
    before = db.read_bytes()
    site = fault_run.sites["dupes"]
    result = run_eufunds("crawl", "--offline", "--sample-site", str(site.root), "--db", str(db),
                         "dupes", env={"EUFUNDS_REGISTRY": str(fault_run.registry)})
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2 and "Traceback" not in err, err
    assert str(db) in err or "database" in err, err
    assert db.read_bytes() == before


def test_contact_in_user_agent_comes_from_the_environment() -> None:
    code = "from scrapers import settings; print(settings.USER_AGENT)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         env={"PATH": "/usr/bin:/bin", "EUFUNDS_CONTACT": "ops@example.org"})
    assert "ops@example.org" in out.stdout.decode()
    assert "@" not in (ROOT / "scrapers" / "settings.py").read_text(encoding="utf-8")
