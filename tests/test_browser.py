"""End to end in a real browser: `eufunds serve` on a loopback port, driven in headless Chromium.

Uses the system Chromium (Debian's ``chromium`` package, which .ci/run installs) through
Playwright's ``executable_path``; no browser is ever downloaded. Without Chromium the test
skips and says how to install it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    """The system Chromium: $EUFUNDS_CHROMIUM, Debian's binary, or chromium on PATH."""
    candidates = [os.environ.get("EUFUNDS_CHROMIUM"), "/usr/lib/chromium/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser"),
                  "/usr/bin/chromium"]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(sample_db: Path, tmp_path: Path) -> Iterator[str]:
    """`eufunds serve` over a copy of the sample crawl, on a free loopback port."""
    db = tmp_path / "events.db"
    shutil.copy(sample_db, db)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"eufunds serve exited: {(tmp_path / 'serve.log').read_text()}")
                time.sleep(0.2)
        else:
            pytest.fail("eufunds serve did not answer within 20 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def chromium_or_skip() -> str:
    """Debian's Chromium (.ci/run installs it); the browser tests skip, saying why, without."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium not found: install it with `apt-get install -y chromium` "
                    "(Debian/Ubuntu) or set EUFUNDS_CHROMIUM to a Chromium binary")
    return chromium


def test_search_and_facet_in_headless_chromium(server: str, tmp_path: Path) -> None:
    chromium = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.goto(f"{server}/events/events", wait_until="load")
            assert "events" in page.title()
            assert page.locator("table.rows-and-columns tbody tr").count() > 0

            # search: the form's _search box, diacritics-free
            page.fill('input[name="_search"]', "szkolenie")
            with page.expect_navigation():
                page.press('input[name="_search"]', "Enter")
            assert parse_qs(urlsplit(page.url).query).get("_search") == ["szkolenie"]
            found = page.locator("table.rows-and-columns tbody tr").count()
            assert found > 0, "the sample site has trainings (szkolenie)"
            assert "szkolen" in page.locator("table.rows-and-columns").inner_text().lower()

            # follow the first value of the event type facet (the default one)
            page.goto(f"{server}/events/events", wait_until="load")
            facet = page.locator('.facet-info[data-column="event_type"] li a').first
            value = facet.inner_text().rsplit(" ", 1)[0].strip()
            with page.expect_navigation():
                facet.click()
            query = parse_qs(urlsplit(page.url).query)
            assert query.get("event_type") == [value]
            cells = page.locator("table.rows-and-columns tbody td.col-event_type")
            assert cells.count() > 0
            assert {c.strip() for c in cells.all_inner_texts()} == {value}

            page.locator(".facet-results").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -60)")
            shot = tmp_path / "catalogue.png"
            page.screenshot(path=str(shot))  # the first screen: facets, filters, first rows
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()


def screenshot_dir(tmp_path: Path) -> Path:
    """Where the screenshots go: $EUFUNDS_SCREENSHOTS (e.g. docs/img for the README), else
    the test's own temporary folder."""
    out = Path(os.environ.get("EUFUNDS_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def test_event_page_and_upcoming_events_in_headless_chromium(
    server: str, sample_db: Path, tmp_path: Path
) -> None:
    import sqlite3

    from playwright.sync_api import sync_playwright

    chromium = chromium_or_skip()
    conn = sqlite3.connect(f"file:{sample_db}?mode=ro", uri=True)
    (event, title) = conn.execute(
        "select id, title from upcoming_events where registration_url is not null "
        "and registration_deadline is not null and status = 'scheduled' "
        "order by registration_deadline desc limit 1").fetchone()
    conn.close()
    shots = screenshot_dir(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 960})
            blocked: list[str] = []
            page.on("request", lambda r: blocked.append(r.url)
                    if not r.url.startswith((server, "data:")) else None)

            # upcoming_events: the first rows on the first screen, scanning columns only
            page.goto(f"{server}/events/upcoming_events", wait_until="load")
            first_row = page.locator("table.rows-and-columns tbody tr").first
            box = first_row.bounding_box()
            assert box is not None and box["y"] + box["height"] < 960, box
            visible = [h.split()[0] for h in page.locator(
                "table.rows-and-columns thead th:visible").all_inner_texts()]
            assert visible == ["start", "title", "city", "attendance_mode", "languages",
                               "registration_deadline", "status", "source"], visible
            assert not page.locator("td.col-summary").first.is_visible()
            page.screenshot(path=str(shots / "upcoming-events.png"))
            page.click("button.show-all-columns")
            assert page.locator("td.col-summary").first.is_visible()

            # a title leads to its event page
            link = page.locator("td.col-title a.event-link").first
            with page.expect_navigation():
                link.click()
            assert "/events/events/" in page.url
            assert page.locator(".event-card h1").is_visible()

            page.goto(f"{server}/events/events/{event}", wait_until="load")
            assert page.locator(".event-card h1").inner_text() == title
            assert page.locator("a.register").is_visible()
            assert page.locator(".when").inner_text().strip()
            assert page.locator("details.raw-record table").count() == 1
            assert not page.locator("details.raw-record table").is_visible()  # folded
            shot = shots / "event-page.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            assert blocked == [], f"pages must not load from other hosts: {blocked}"
        finally:
            browser.close()


def test_map_and_charts_in_headless_chromium(server: str, sample_db: Path,
                                             tmp_path: Path) -> None:
    """The map draws a marker (or cluster) per place and the charts draw SVG bars, with no
    script from another host (the map's background tiles are images from OpenStreetMap;
    offline they stay grey and nothing else changes)."""
    import sqlite3

    from playwright.sync_api import sync_playwright

    chromium = chromium_or_skip()
    conn = sqlite3.connect(f"file:{sample_db}?mode=ro", uri=True)
    on_map = conn.execute("select count(*) from upcoming_map").fetchone()[0]
    weeks = conn.execute("select count(distinct week) from (select date(substr(start, 1, 10), "
                         "'weekday 0') as week from upcoming_events u, warsaw_clock w "
                         "where u.start >= w.today and u.start < date(w.today, '+84 days'))"
                         ).fetchone()[0]
    conn.close()
    assert on_map and weeks
    shots = screenshot_dir(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 960})
            foreign: list[str] = []
            page.on("request", lambda r: foreign.append(r.url) if r.resource_type in (
                "script", "stylesheet", "xhr", "fetch") and not r.url.startswith(server)
                else None)

            page.goto(f"{server}/events/upcoming_map", wait_until="load")
            page.wait_for_selector(".leaflet-marker-icon", timeout=20_000)
            markers = page.locator(".leaflet-marker-icon")
            assert markers.count() > 0
            # a cluster's number counts its events: markers and clusters add up to the events
            counted = sum(int(t) if t.strip().isdigit() else 1
                          for t in markers.all_inner_texts())
            assert counted == on_map
            page.locator("#map, .leaflet-container").first.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "map.png"))

            page.goto(f"{server}/-/charts", wait_until="load")
            page.wait_for_selector("#per-week.drawn svg", timeout=20_000)
            bars = page.locator("#per-week svg .mark-rect path")
            assert bars.count() > 0
            assert page.locator("#deadlines.drawn svg, #deadlines.empty").count() == 1
            page.screenshot(path=str(shots / "charts.png"))
            assert foreign == [], f"scripts and data must come from the catalogue: {foreign}"
        finally:
            browser.close()
