"""The sample site's dates, relative to the day served (``pipeline.sample_dates``).

Placeholders render in their page's own surface form; the replay server renders them for
its "today"; a whole crawl of the sample site a year later finds every event a year (52
weeks) later, so ``make demo`` always shows upcoming events.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import sample_dates
from pipeline.replay import ReplayServer
from pipeline.sample_dates import ANCHOR, ENV, render, render_surface, shift_days
from tests.conftest import SAMPLE_SITE, run_eufunds

WRITTEN = date(2026, 12, 9)


@pytest.mark.parametrize(
    ("surface", "new", "expected"),
    [
        ("9 grudnia 2026", date(2027, 1, 6), "6 stycznia 2027"),
        ("09.12.2026", date(2027, 1, 6), "06.01.2027"),
        ("9.12.2026", date(2027, 1, 6), "6.1.2027"),
        ("2026-12-09", date(2027, 1, 6), "2027-01-06"),
        ("Wed, 09 Dec 2026", date(2027, 1, 6), "Wed, 06 Jan 2027"),
        ("9 December 2026", date(2027, 2, 3), "3 February 2027"),
        ("December 9, 2026", date(2027, 2, 3), "February 3, 2027"),
        ("2026 December 9", date(2027, 2, 3), "2027 February 3"),
        ("9 GRUDNIA 2026", date(2027, 3, 3), "3 MARCA 2027"),
        ("Grudzień 2026", date(2027, 3, 3), "Marzec 2027"),
        ("9 XII 2026", date(2027, 3, 3), "3 III 2027"),
        ("9", date(2027, 3, 3), "3"),
        ("9 grudnia", date(2027, 3, 3), "3 marca"),
        ("w grudniu 2026", date(2027, 3, 3), "w marcu 2027"),
        ("9. prosince 2026", date(2027, 3, 3), "3. března 2027"),
        ("2026 m. gruodžio 9 d.", date(2027, 3, 3), "2027 m. kovo 3 d."),
    ],
)  # fmt: skip
def test_a_placeholder_keeps_its_surface_form(surface: str, new: date, expected: str) -> None:
    assert render_surface(WRITTEN, surface, WRITTEN) == surface
    assert render_surface(WRITTEN, surface, new) == expected


def test_padding_follows_the_page() -> None:
    assert render_surface(date(2027, 1, 19), "19.1.2027", date(2027, 2, 3)) == "3.2.2027"
    assert render_surface(date(2026, 12, 19), "19.12.2026", date(2027, 2, 3)) == "3.02.2027"
    assert render_surface(date(2026, 12, 19), "19.12.2026", date(2027, 2, 13)) == "13.02.2027"


def test_a_day_equal_to_the_month_is_read_by_position() -> None:
    assert render_surface(date(2026, 12, 12), "12.12.2026", date(2027, 1, 9)) == "9.01.2027"
    assert render_surface(date(2026, 12, 12), "2026/12/12", date(2027, 1, 9)) == "2027/01/09"


def test_a_range_split_by_the_shift_gets_its_own_month() -> None:
    page = b"w dniach {{date 2027-03-02|2}}-{{date 2027-03-03|3 marca 2027}} r."
    assert render(page, 0) == b"w dniach 2-3 marca 2027 r."
    assert render(page, 364) == b"w dniach 29 lutego-1 marca 2028 r."
    numeric = b"{{date 2026-12-30|30}}-{{date 2026-12-31|31.12.2026}}"
    assert render(numeric, 7) == b"6-7.01.2027"
    crossing = b"{{date 2026-12-28|28}}-{{date 2027-01-02|2 stycznia 2027}}"
    assert render(crossing, 0) == b"28 grudnia 2026-2 stycznia 2027"


def test_the_language_hint_picks_the_month_names() -> None:
    # "listopad" is November in Polish and in Czech: the hint says whose December follows
    assert render_surface(date(2026, 11, 15), "listopad 2026", date(2026, 12, 15)) == (
        "grudzień 2026")
    assert render_surface(date(2026, 11, 15), "listopad 2026", date(2026, 12, 15), "cs") == (
        "prosinec 2026")
    page = b"<p>{{date 2026-11-15|listopad 2026|cs}}</p>"
    assert render(page, 28) == b"<p>prosinec 2026</p>"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_the_shift_is_whole_weeks_and_lands_within_three_days(today: date) -> None:
    shift = shift_days(today)
    assert shift % 7 == 0
    moved = ANCHOR + timedelta(days=shift)
    assert moved.weekday() == ANCHOR.weekday()  # "w środę, 9 grudnia" stays true
    assert abs((today - moved).days) <= 3


def test_today_comes_from_the_environment_or_says_what_is_wrong(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "2031-05-07")
    assert sample_dates.today() == date(2031, 5, 7)
    monkeypatch.setenv(ENV, "next tuesday")
    with pytest.raises(SystemExit, match="not a date"):
        sample_dates.today()


def sample_pages() -> list[Path]:
    return sorted(p for p in SAMPLE_SITE.rglob("*")
                  if p.is_file() and p.suffix not in (".yml", ".txt"))


def test_every_sample_page_renders_as_written_on_the_anchor_day() -> None:
    problems = []
    for page in sample_pages():
        problems += [f"{page.relative_to(SAMPLE_SITE)}: {p}"
                     for p in sample_dates.check_text(page.read_text(encoding="utf-8"))]
    assert problems == []


def test_every_date_of_a_sample_page_is_a_placeholder() -> None:
    """A new sample page with literal dates would expire: convert it (see the README)."""
    literal = {}
    for page in sample_pages():
        _, n = sample_dates.convert_text(page.read_text(encoding="utf-8"))
        if n:
            literal[str(page.relative_to(SAMPLE_SITE))] = n
    assert literal == {}, ("dates not in placeholders; run "
                           "`python -m pipeline.sample_dates convert FILE` on: "
                           + ", ".join(sorted(literal)))


def test_the_converter_leaves_links_and_programme_periods_alone() -> None:
    html = ('<a href="/newsroom/27-11-2026-week_en">FEM 2021-2027: spotkanie 9 grudnia'
            ' 2026 r., 10.12.2026, 14-15 stycznia 2027</a>')
    text, n = sample_dates.convert_text(html)
    assert n == 4
    assert '"/newsroom/27-11-2026-week_en"' in text and "FEM 2021-2027" in text
    assert render(text.encode(), 0).decode() == html
    assert "spotkanie 6 stycznia 2027 r., 7.01.2027, 11-12 lutego 2027" in render(
        text.encode(), 28).decode()


def test_the_replay_server_renders_for_its_day() -> None:
    page = ("funduszeue.lubelskie.pl/efs/spotkania-wydarzenia/"
            "webinar-rozliczanie-wnioskow-o-platnosc/")
    raw = (SAMPLE_SITE / page / "index.html").read_text(encoding="utf-8")
    assert "{{date 2027-01-05|5 stycznia 2027}}" in raw
    bodies = {}
    for today in (ANCHOR, ANCHOR + timedelta(days=30)):
        with ReplayServer(SAMPLE_SITE, today=today) as server:
            with urllib.request.urlopen(f"{server.base_url}/{page}", timeout=10) as r:
                bodies[today] = (r.headers["ETag"], r.read().decode("utf-8"))
    (etag_a, on_anchor), (etag_b, later) = bodies.values()
    assert "Rejestracja trwa do 5 stycznia 2027" in on_anchor and "{{date" not in on_anchor
    assert "Rejestracja trwa do 2 lutego 2027" in later  # four weeks later
    assert etag_a != etag_b


def crawl(tmp_path: Path, today: date) -> dict[str, sqlite3.Row]:
    db = tmp_path / f"events-{today}.db"
    result = run_eufunds("crawl", "--offline", "--db", str(db), env={ENV: today.isoformat()})
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {r["id"]: r for r in conn.execute("select * from events where is_event = 1")}
    conn.close()
    return rows


def moved(value: str | None, days: int) -> str | None:
    if not value:
        return value
    day = (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()
    return day + value[10:]


def test_a_crawl_a_year_later_finds_every_event_a_year_later(tmp_path: Path) -> None:
    later = ANCHOR + timedelta(days=365)
    days = shift_days(later)
    assert days == 364
    before, after = crawl(tmp_path, ANCHOR), crawl(tmp_path, later)
    assert before.keys() == after.keys() and before
    wrong = []
    for key, row in before.items():
        new = after[key]
        for field in ("start", "end", "registration_deadline", "published"):
            if new[field] != moved(row[field], days):
                wrong.append(f"{row['url']} {field}: {row[field]} -> {new[field]}")
        sessions = json.loads(row["sessions"] or "null") or []
        want = [{k: moved(v, days) for k, v in s.items()} for s in sessions]
        if (json.loads(new["sessions"] or "null") or []) != want:
            wrong.append(f"{row['url']} sessions")
    assert wrong == []
