"""The event page and the tables for reading, through a real Datasette over a real store.

Events are stored with ``pipeline.store`` relative to today (so a deadline has days left in
any year); the pages are read as HTML with lxml. The browser checks (and screenshots) are in
tests/test_browser.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import lxml.html
import pytest

from pipeline import store
from pipeline.event_page import deadline, polish_day, polish_when
from pipeline.record import empty_record, event_id
from tests.test_catalogue import load_metadata, make_datasette

TODAY = datetime.now(ZoneInfo("Europe/Warsaw")).date()
Get = Callable[..., httpx.Response]


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-12-02T12:00", "2026-12-02T13:00", "środa, 2 grudnia 2026, 12:00–13:00"),
        ("2026-12-02", None, "środa, 2 grudnia 2026"),
        ("2026-12-02T12:00", None, "środa, 2 grudnia 2026, 12:00"),
        ("2026-12-02", "2026-12-04", "środa, 2 grudnia 2026 – piątek, 4 grudnia 2026"),
        ("2026-12-02T09:00", "2026-12-03T15:00",
         "środa, 2 grudnia 2026, 09:00 – czwartek, 3 grudnia 2026, 15:00"),
        ("2027-05-15T10:00", "2027-05-15T16:00", "sobota, 15 maja 2027, 10:00–16:00"),
        (None, None, None),
    ],
)  # fmt: skip
def test_when_in_polish_form(start: str | None, end: str | None, expected: str | None) -> None:
    assert polish_when(start, end) == expected


def test_deadline_days_left() -> None:
    today = date(2026, 12, 1)
    assert deadline("2026-12-07", today) == {
        "when": polish_day(date(2026, 12, 7)), "days_left": 6, "note": "6 days left",
        "open": True}
    assert deadline("2026-12-02T12:00", today)["note"] == "1 day left"
    assert deadline("2026-12-01", today)["note"] == "last day to register"
    closed = deadline("2026-11-27", today)
    assert closed["open"] is False and closed["note"] == "registration closed"
    assert deadline(None, today) is None


URL = "https://example.org/wydarzenia/{}"
EVENTS: dict[str, dict[str, Any]] = {
    "webinar": dict(title="Webinar o rozliczeniach", start=f"{day(9)}T12:00",
                    end=f"{day(9)}T13:00", registration_deadline=f"{day(6)}",
                    registration_url="https://example.org/zapisy", attendance_mode="online",
                    languages=["pl", "en"], is_free=True, event_type="webinar",
                    summary="Zapraszamy na webinar."),
    "cancelled": dict(title="Szkolenie odwołane", start=f"{day(4)}T09:30",
                      status="cancelled", attendance_mode="offline", city="Zamość",
                      region="lubelskie", venue="Urząd Marszałkowski, sala 5",
                      registration_url="https://example.org/zapisy2"),
    "series": dict(title="Cykl spotkań w powiatach", start=f"{day(2)}T10:00",
                   end=f"{day(5)}T12:00", city="Gdańsk", region="pomorskie",
                   attendance_mode="offline",
                   sessions=[{"start": f"{day(2)}T10:00", "end": f"{day(2)}T12:00"},
                             {"start": f"{day(5)}T10:00", "end": f"{day(5)}T12:00"}]),
    "copy": dict(title="Webinar o rozliczeniach", start=f"{day(9)}T12:00",
                 end=f"{day(9)}T13:00", attendance_mode="online", source="other-portal"),
}


def record(name: str, **changes: Any) -> dict[str, Any]:
    rec = empty_record()
    rec.update(id=event_id(URL.format(name)), url=URL.format(name), source="test",
               is_event=True, status="scheduled", languages=["pl"])
    rec.update(EVENTS[name])
    rec.update(changes)
    return rec


@pytest.fixture(scope="module")
def get(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Get]:
    path = tmp_path_factory.mktemp("event-page") / "events.db"
    db = store.open_db(path)
    for name in EVENTS:
        store.upsert_event(db, record(name), seen_at="2026-01-05T08:00:00Z")
    store.upsert_event(db, record("webinar", registration_deadline=f"{day(7)}"),
                       seen_at="2026-01-06T08:00:00Z")
    db.conn.execute("update events set duplicate_of = ? where id = ?",
                    [event_id(URL.format("webinar")), event_id(URL.format("copy"))])
    db.conn.commit()
    db.conn.close()
    ds = make_datasette(path)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())

    def _get(url: str, **params: Any) -> httpx.Response:
        return loop.run_until_complete(ds.client.get(url, params=params or None))

    yield _get
    loop.close()


def page(get: Get, name: str) -> lxml.html.HtmlElement:
    response = get(f"/events/events/{event_id(URL.format(name))}")
    assert response.status_code == 200, response.text[:500]
    return lxml.html.fromstring(response.text)


def text(doc: lxml.html.HtmlElement, css: str) -> str:
    found = doc.cssselect(css)
    assert found, css
    return " ".join(found[0].text_content().split())


def test_event_page_reads_as_an_event(get: Get) -> None:
    doc = page(get, "webinar")
    assert text(doc, ".event-card h1") == "Webinar o rozliczeniach"
    assert text(doc, ".when") == polish_when(f"{day(9)}T12:00", f"{day(9)}T13:00")
    assert text(doc, ".mode") == "online"
    assert text(doc, ".languages") == "Polish, English"
    assert text(doc, ".deadline") == f"{polish_day(day(7))} (7 days left)"
    assert text(doc, ".cost") == "free of charge"
    assert doc.cssselect("a.register")[0].get("href") == "https://example.org/zapisy"
    assert doc.cssselect("a.original")[0].get("href") == URL.format("webinar")
    ics = doc.cssselect("a.ics")[0].get("href")
    assert ics == f"/events/events.ics?id={event_id(URL.format('webinar'))}"
    assert not doc.cssselect(".status-loud")
    # the change history: the deadline moved from day 6 to day 7
    cells = [c.text_content() for c in doc.cssselect("table.changes tbody td")]
    assert cells == ["2026-01-06T08:00:00Z", "registration_deadline", str(day(6)), str(day(7))]
    # the copy on another portal
    assert text(doc, "ul.duplicates") .startswith("Webinar o rozliczeniach (other-portal)")
    # the raw record follows, folded
    raw = doc.cssselect("details.raw-record")
    assert raw and raw[0].get("open") is None and raw[0].cssselect("table")


def test_add_to_calendar_is_this_event_only(get: Get) -> None:
    from icalendar import Calendar

    ics = get("/events/events.ics", id=event_id(URL.format("webinar")))
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Webinar o rozliczeniach"]


def test_a_cancelled_event_says_so_loudly_and_offers_no_registration(get: Get) -> None:
    doc = page(get, "cancelled")
    assert text(doc, ".status-loud") == "cancelled"
    assert doc.cssselect(".status-loud")[0].get("role") == "alert"
    assert not doc.cssselect("a.register")
    assert text(doc, ".where").startswith("Urząd Marszałkowski, sala 5, Zamość, woj. lubelskie")
    assert "openstreetmap.org" in doc.cssselect(".where a")[0].get("href")
    assert text(doc, ".no-changes")


def test_sessions_are_listed(get: Get) -> None:
    doc = page(get, "series")
    assert [" ".join(li.text_content().split()) for li in doc.cssselect("ul.sessions li")] == [
        polish_when(f"{day(2)}T10:00", f"{day(2)}T12:00"),
        polish_when(f"{day(5)}T10:00", f"{day(5)}T12:00")]


def test_another_table_row_keeps_datasettes_page(get: Get) -> None:
    response = get("/events/crawls")
    assert response.status_code == 200 and "event-card" not in response.text


def test_upcoming_events_shows_the_scanning_columns_first(get: Get) -> None:
    meta = load_metadata()["databases"]["events"]
    hidden = meta["tables"]["upcoming_events"]["plugins"]["eufunds-catalogue"]["hidden_columns"]
    html = get("/events/upcoming_events").text
    doc = lxml.html.fromstring(html)
    headers = [th.get("data-column") for th in doc.cssselect("table.rows-and-columns th")]
    shown = [h for h in headers if h not in hidden]
    assert shown == ["start", "title", "city", "attendance_mode", "languages",
                     "registration_deadline", "status", "source"]
    # titles link to the event pages, the descriptions fold away
    links = doc.cssselect("td.col-title a.event-link")
    assert links and all(a.get("href").startswith("/events/events/") for a in links)
    assert "What the columns mean" in html
    for column in hidden:
        assert f'"{column}"' in html  # the style rule that hides it


def test_search_results_show_the_scanning_columns(get: Get) -> None:
    meta = load_metadata()["databases"]["events"]
    hidden = meta["queries"]["search"]["plugins"]["eufunds-catalogue"]["hidden_columns"]
    doc = lxml.html.fromstring(get("/events/search", q="webinar").text)
    headers = [th.get("class", "").removeprefix("col-")
               for th in doc.cssselect("table.rows-and-columns th")]
    assert [h for h in headers if h not in hidden] == [
        "start", "title", "city", "attendance_mode", "languages", "registration_deadline",
        "status", "source"]
    assert doc.cssselect("td.col-title a.event-link")
