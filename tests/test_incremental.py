"""Nightly cost proportional to change (issue 13, part 3), over real crawls.

One small portal (a private registry entry and a site in a temporary folder, served by
the replay server through ``eufunds crawl --offline --sample-site``): a listing of three
pages, events still to come (2031) and past (2020), one call for proposals. It is
crawled, changed the way a portal changes overnight, and crawled again; each test reads
the ``crawls`` rows and the events. Speed is measured in ``make bench``, not here.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from scrapers.incremental import Plan, entry_signature, record_ends
from tests.conftest import run_eufunds

HOST = "inc.example.pl"
LISTING = "/wydarzenia/"
FUTURE = {1, 2, 4, 7, 10}  # events in 2031; the others are past (2020), 9 is a call


def item_html(i: int, extra: str = "") -> str:
    if i == 9:
        return ("<html lang='pl'><head><meta charset='utf-8'><title>Nabór</title></head><body>"
                "<h1 class='tytul'>Nabór wniosków w Działaniu 9</h1><div class='tresc'><p>"
                "Instytucja ogłasza nabór wniosków o dofinansowanie projektów.</p></div>"
                "</body></html>")
    year = 2031 if i in FUTURE else 2020
    return (f"<html lang='pl'><head><meta charset='utf-8'><title>Spotkanie {i}</title></head>"
            f"<body><h1 class='tytul'>Spotkanie informacyjne nr {i}</h1><div class='tresc'>"
            f"<p>Zapraszamy na spotkanie informacyjne, które odbędzie się {10 + i} marca "
            f"{year} r. o godz. 10:00 w Łodzi. {extra}</p></div></body></html>")


def listing_html(items: list[tuple[int, str]], page: int, last: int) -> str:
    rows = "".join(f"<li><span class='data'>0{page}.02.2020</span> "
                   f"<a href='{LISTING}spotkanie-{i}/'>{title}</a></li>" for i, title in items)
    pager = f"<a href='{LISTING}?page={page + 1}'>następna</a>" if page < last else ""
    return (f"<html lang='pl'><head><meta charset='utf-8'><title>Wydarzenia</title></head><body>"
            f"<ul class='event-list'>{rows}</ul><nav>{pager}</nav></body></html>")


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: list[list[tuple[int, str]]] = [
            [(1, "Spotkanie 1"), (2, "Spotkanie 2"), (3, "Spotkanie 3")],
            [(4, "Spotkanie 4"), (5, "Spotkanie 5"), (6, "Spotkanie 6")],
            [(7, "Spotkanie 7"), (8, "Spotkanie 8"), (9, "Nabór 9")],
        ]

    def write(self, path: str, text: str) -> None:
        file = self.root / HOST / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")

    def item(self, i: int, extra: str = "") -> None:
        self.write(f"{LISTING}spotkanie-{i}/", item_html(i, extra))

    def listings(self) -> None:
        for n, items in enumerate(self.pages, start=1):
            name = LISTING if n == 1 else f"{LISTING}index@page={n}.html"
            self.write(name, listing_html(items, n, len(self.pages)))


def _crawl(root: Path, db: Path, registry: Path, **env: str) -> dict[str, Any]:
    result = run_eufunds("crawl", "--offline", "--sample-site", str(root), "--db", str(db),
                         "inc", env={"EUFUNDS_REGISTRY": str(registry), **env})
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("select * from crawls order by id desc limit 1").fetchone())
    row["events_now"] = {r["url"].rsplit("-", 1)[1].strip("/"): dict(r) for r in conn.execute(
        "select * from events where source = 'inc'")}
    row["wire"] = json.loads(row["status_counts"])
    conn.close()
    return row


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("incremental")
    root, db = tmp / "site", tmp / "events.db"
    site = Site(root)
    for i in range(1, 10):
        site.item(i)
    site.listings()
    registry = tmp / "sources.yml"
    registry.write_text(yaml.safe_dump({"sources": [{
        "id": "inc", "name": "Incremental portal", "level": "other", "hosts": [HOST],
        "start_urls": [f"https://{HOST}{LISTING}"], "item_links": "/spotkanie-\\d+/$",
        "pagination": "\\?page=\\d+$", "listing_area": "ul.event-list",
        "selectors": {"title": "h1.tytul", "body": "div.tresc"}, "evidence": "seen"}]}))
    out: dict[str, Any] = {"first": _crawl(root, db, registry)}

    # Overnight: a new announcement at the top; a listing title changed (3, past: its page
    # is requested again, answers 304, the stored record stands); the
    # deadline of an event still to come moved (4, on page 2, and 7, on page 3); a past
    # event's page edited (5: not requested, the stored record stands).
    site.item(10)
    site.pages[0] = [(10, "Spotkanie 10"), (1, "Spotkanie 1"), (2, "Spotkanie 2"),
                     (3, "Spotkanie 3 (zmiana sali)")]
    site.item(4, "Zgłoszenia przyjmujemy do 2 marca 2031 r.")
    site.item(7, "Zgłoszenia przyjmujemy do 1 marca 2031 r.")
    site.item(5, "Dopisek redakcji.")
    site.listings()
    out["second"] = _crawl(root, db, registry)

    # Item 8 removed from the listing; a full walk is due (EUFUNDS_FULL_WALK_DAYS=0).
    site.pages[2] = [(7, "Spotkanie 7"), (9, "Nabór 9")]
    site.listings()
    out["third"] = _crawl(root, db, registry, EUFUNDS_FULL_WALK_DAYS="0")
    out["off"] = _crawl(root, db, registry, EUFUNDS_INCREMENTAL="0")
    return out


def test_first_crawl_reads_everything(runs: dict[str, Any]) -> None:
    row = runs["first"]
    assert row["outcome"] == "ok" and row["walk"] == "full", row
    assert row["new"] == 8 and row["non_events"] == 1, row
    assert "full walk: 9 item page(s) requested (new 9)" in row["note"], row


def test_nightly_requests_only_what_may_have_changed(runs: dict[str, Any]) -> None:
    row = runs["second"]
    assert row["outcome"] == "ok" and row["walk"] == "incremental", row
    # Requested: the new item, the item whose listing entry changed, and every event
    # still to come (1, 2 and 4 on the pages read; 7 below, by its address).
    assert ("incremental walk: 6 item page(s) requested (listing-changed 1, new 1, "
            "not-ended 4), 2 seen on the listing only, 3 answered 304") in row["note"], row
    assert f"paging stopped at https://{HOST}{LISTING}?page=2, 2 item(s) below presumed " \
           "listed" in row["note"], row
    # robots.txt + listing pages 1 and 2 + six items; page 3, items 5, 6, 8 and 9 never.
    assert sum(row["wire"].values()) == 1 + 2 + 6, row
    # robots.txt (none: 404); 200 for listing page 1 and items 10, 4, 7; 304 for listing
    # page 2, items 1 and 2 (not ended, unchanged) and 3 (only its listing entry changed),
    # and no re-extraction for those.
    assert row["wire"] == {"200": 4, "304": 4, "404": 1}, row
    assert row["new"] == 1 and row["changed"] == 2, row  # 10; 4, 7
    assert row["items"] == 10 and row["events"] == 9 and row["vanished"] == 0, row


def test_changes_found_and_unrequested_records_stand(runs: dict[str, Any]) -> None:
    first, second = runs["first"]["events_now"], runs["second"]["events_now"]
    assert "10" in second and second["10"]["start"].startswith("2031-03-20"), second["10"]
    assert second["4"]["registration_deadline"] == "2031-03-02", second["4"]
    assert second["7"]["registration_deadline"] == "2031-03-01", second["7"]
    # 5 was not requested: its stored record is the old one, seen again on the listing.
    assert "Dopisek" not in second["5"]["body"] and second["5"]["body"] == first["5"]["body"]
    assert second["5"]["last_seen"] > first["5"]["last_seen"]
    # 8 is below the page where paging stopped: presumed listed, not re-seen, not vanished.
    assert second["8"]["last_seen"] == first["8"]["last_seen"]
    assert second["8"]["missing_since"] is None


def test_full_walk_notices_removed_items(runs: dict[str, Any]) -> None:
    row = runs["third"]
    assert row["walk"] == "full" and row["outcome"] == "ok", row
    assert row["vanished"] == 1, row
    assert row["events_now"]["8"]["missing_since"] is not None
    # Only listing page 3 (item 8 gone) was downloaded in full again.
    assert row["wire"].get("200") == 1, row


def test_incremental_off_reads_every_page(runs: dict[str, Any]) -> None:
    row = runs["off"]
    assert row["walk"] == "full" and row["outcome"] == "ok", row
    assert "walk:" not in (row["note"] or ""), row
    # robots.txt, three listing pages, the nine items listed (8 is no longer); item 5, never
    # requested since its edit, is downloaded in full and its change found.
    assert sum(row["wire"].values()) == 1 + 3 + 9 and row["wire"]["200"] == 1, row
    assert "Dopisek" in row["events_now"]["5"]["body"]


def test_plan_decisions() -> None:
    from datetime import UTC, datetime

    sig = entry_signature("01.02.2020 Spotkanie 1")
    assert sig == entry_signature("  01.02.2020\n Spotkanie   1 ")
    known = {
        "u/past": {"listing_sig": sig, "fetched": "2026-11-30T01:00:00Z", "is_event": 1,
                   "ends": "2020-03-11"},
        "u/future": {"listing_sig": sig, "fetched": "2026-11-30T01:00:00Z", "is_event": 1,
                     "ends": "2031-03-11"},
        "u/undated": {"listing_sig": sig, "fetched": "2026-11-30T01:00:00Z", "is_event": 1,
                      "ends": None},
        "u/old": {"listing_sig": sig, "fetched": "2026-09-01T01:00:00Z", "is_event": 0,
                  "ends": None},
    }
    plan = Plan(known=known, today=datetime(2026, 12, 1, tzinfo=UTC).date(), full_walk=False)
    assert plan.decide("u/new", sig) == "new"
    assert plan.decide("u/past", entry_signature("zmiana")) == "listing-changed"
    assert plan.decide("u/past", sig) is None and plan.sighted == {"u/past": sig}
    assert plan.decide("u/future", sig) == "not-ended"
    assert plan.decide("u/undated", sig) == "not-ended"
    assert plan.decide("u/old", sig) == "refresh"
    assert plan.unchanged({"u/past": sig, "u/future": sig})
    assert not plan.unchanged({"u/past": sig, "u/new": sig}) and not plan.unchanged({})


def test_record_ends() -> None:
    assert record_ends({"start": "2031-03-11T10:00", "end": None,
                        "registration_deadline": "2031-03-01"}) == "2031-03-11"
    assert record_ends({"start": "2031-03-11", "sessions": [
        {"start": "2031-04-01T10:00"}]}) == "2031-04-01"
    assert record_ends({"start": None}) is None
