"""The year of a year-less date comes from the page's own date, never from the clock.

The anchors, in order: the page's stamp (any common form), the date in its address,
and in a crawl the listing's date beside the item's link, then the HTTP Last-Modified;
with none of them the date is null (labelling.md: "the page decides, not the clock").
The crawl tests run the real ``eufunds crawl`` over the replay server on a private copy
of the sample site.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from freezegun import freeze_time

from pipeline.extract import address_date, extract
from pipeline.page import stamp_in_text
from tests.conftest import run_eufunds

BODY = "Spotkanie informacyjne odbędzie się 14 grudnia o godz. 10:00 w Lublinie."


@freeze_time("2031-06-01")
def test_no_anchor_no_year_whatever_the_clock_says() -> None:
    rec = extract(f"Spotkanie informacyjne\n{BODY}")
    assert rec["is_event"] and rec["start"] is None and rec["published"] is None


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("Opublikowano: 24.11.2023", "2023-11-24"),
        ("Data publikacji: 2023-11-24 09:12", "2023-11-24"),
        ("24.11.2023, 09:12", "2023-11-24"),
        ("Posted on November 24, 2023", "2023-11-24"),
        ("piątek, 24 listopada 2023 15:18", "2023-11-24"),
        ("24 listopada 2023 | Aktualności", "2023-11-24"),
        ("Gorzków-Osada, 24 listopada 2023 r.", "2023-11-24"),
        ("Nov 24, 2023", "2023-11-24"),
        ("2023.11.24 12:00, aktualizacja: 2023.11.25 13:01", "2023-11-24"),
        ("24 / 11 / 2023", "2023-11-24"),
        ("24 LIS 2023", "2023-11-24"),
        ("24 November 23", "2023-11-24"),
        ("wpisany przez redaktor | piątek, 24 listopada 2023 15:18", "2023-11-24"),
        ("Publication date\n24 November 2023", "2023-11-24"),
    ],
)
def test_a_stamp_in_any_common_form_anchors_the_year(stamp: str, published: str) -> None:
    rec = extract(f"Spotkanie informacyjne\n{stamp}\n{BODY}")
    assert rec["published"] == published
    assert rec["start"] == "2023-12-14T10:00"


def test_a_stamp_label_at_the_foot_of_the_article() -> None:
    lines = "\n".join(f"Punkt {i} programu spotkania." for i in range(8))
    for foot in ("Dodana: 24 listopad 2023 13:47\nZmodyfikowana: 24 listopad 2023",
                 "added:: 2023-11-24"):
        text = f"Spotkanie informacyjne\n{BODY}\n{lines}\n{foot}"
        assert stamp_in_text(text) == "2023-11-24", foot


def test_a_stamp_word_in_prose_is_no_label() -> None:
    text = "Call launched\nThe documents will be published on 15th November 2023 on the website."
    assert stamp_in_text(text) is None


def test_an_event_date_under_the_title_is_not_a_stamp() -> None:
    text = "Consultation event\nThursday, 5 November, 2020\nOnline 10:00 – 12:00 CET\nJoin us."
    assert stamp_in_text(text) is None


@pytest.mark.parametrize(
    ("url", "published", "start"),
    [
        ("https://lgd.example.pl/2023/11/24/spotkanie/", "2023-11-24", "2023-12-14T10:00"),
        ("https://gmina.example.pl/2023/11/spotkanie/", None, "2023-12-14T10:00"),
        ("https://portal.example.pl/20231124101500/spotkanie", "2023-11-24", "2023-12-14T10:00"),
        ("https://gmina.example.pl/2017/07/8-festiwal/", None, "2017-12-14T10:00"),
    ],
)
def test_the_address_anchors_the_year(url: str, published: str | None, start: str) -> None:
    rec = extract(f"Spotkanie informacyjne\n{BODY}", url=url)
    assert (rec["published"], rec["start"]) == (published, start)


def test_address_date_forms() -> None:
    assert address_date("https://x.pl/2024/10/03/a") == (dt.date(2024, 10, 3), None)
    assert address_date("https://x.pl/2022/05/a") == (None, dt.date(2022, 5, 1))
    assert address_date("https://x.pl/wydarzenie/1402/a") == (None, None)


def test_address_dates_of_other_sites() -> None:
    # a slug ending in a compact date, a day-month-year folder (Czech and Slovak sites)
    compact = "https://x.cz/akce/konference-20170831.html"
    assert address_date(compact) == (dt.date(2017, 8, 31), None)
    assert address_date("https://x.cz/skoleni20120216.html") == (dt.date(2012, 2, 16), None)
    assert address_date("https://x.cz/aktuality/14-11-2017/") == (dt.date(2017, 11, 14), None)
    assert address_date("https://x.pl/news/12345678.html") == (None, None)  # an id, no date


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Opublikowano: 17.11.2023\nSpotkanie odbędzie się jutro o godz. 10:00.",
         "2023-11-18T10:00"),
        ("Opublikowano: 17.11.2023\nSpotkanie odbędzie się w najbliższy czwartek.", "2023-11-23"),
        ("Posted on 9 Sep 2023\nThe webinar will be on Tuesday at 8 pm (UK time).",
         "2023-09-12T20:00"),
        ("Spotkanie odbędzie się jutro o godz. 10:00.", None),
    ],
)  # fmt: skip
def test_relative_days_count_from_the_publication_date_only(text: str, start: str | None) -> None:
    assert extract(f"Spotkanie informacyjne\n{text}")["start"] == start


# ---------------------------------------------------------------------------- in a crawl

ITEM = "dniotwarte.eu/wydarzenie/1402/zwiedzanie-dworca-kielce.html"
LISTING = "dniotwarte.eu/wydarzenia.html"


def _year_less_item(site: Path) -> None:
    """The item page without its stamp, its event date without a year."""
    page = site / ITEM
    html = page.read_text(encoding="utf-8")
    html = html.replace('<p class="artykul__data">{{date 2026-11-24|24.11.2026}}</p>', "")
    html = html.replace("{{date 2027-05-15|15 maja 2027}} r., godz. 10:00–16:00",
                        "14 grudnia, godz. 10:00–16:00")
    page.write_text(html, encoding="utf-8")


def _crawl(site: Path, tmp_path: Path) -> dict | None:
    db = tmp_path / "events.db"
    result = run_eufunds("crawl", "dniotwarte", "--offline", "--sample-site", str(site),
                         "--db", str(db))  # fmt: skip
    assert db.exists(), result.stderr.decode()[-2000:]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    row = conn.execute("select * from events where url like '%/1402/%'").fetchone()
    conn.close()
    return dict(row) if row else None


def test_the_listing_date_beside_the_link_anchors_the_item(site_copy: Path, tmp_path: Path):
    _year_less_item(site_copy)
    listing = site_copy / LISTING
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        '<span class="lista__data">{{date 2026-11-24|24.11.2026}}</span>',
        '<span class="lista__data">24.11.2025</span>'
    ), encoding="utf-8")  # fmt: skip
    row = _crawl(site_copy, tmp_path)
    assert row is not None and row["start"] == "2025-12-14T10:00"


def test_without_a_listing_date_the_last_modified_anchors_the_item(
    site_copy: Path, tmp_path: Path
) -> None:
    _year_less_item(site_copy)
    listing = site_copy / LISTING
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        '<span class="lista__data">{{date 2026-11-24|24.11.2026}}</span> ', ""),
        encoding="utf-8")  # fmt: skip
    modified = dt.datetime(2024, 11, 20, 12, 0, tzinfo=dt.UTC).timestamp()
    os.utime(site_copy / ITEM, (modified, modified))
    row = _crawl(site_copy, tmp_path)
    assert row is not None and row["start"] == "2024-12-14T10:00"


def test_a_weekday_picks_the_one_written_year_it_fits() -> None:
    # no date of the page's own; the text writes 2014 and 2020 (a period's ends): only
    # 2 October 2014 is a Thursday
    text = ("Setkání s občany\nProgram 2014–2020: ve čtvrtek 2. října od 15 hodin "
            "se v Šternberku uskuteční setkání.")
    assert extract(text, url="https://x.cz/akce")["start"] == "2014-10-02T15:00"
    # 13 June is a Sunday in neither 2007 nor 2013: the year stays unknown
    text = ("Festyn w Kłodawie\nW niedzielę 13 czerwca zapraszamy na festyn; projekty z "
            "programu na lata 2007-2013.")
    assert extract(text, url="https://x.pl/a")["start"] is None


def test_a_cms_stamp_field_under_the_title() -> None:
    from pipeline.page import stamp_in_text

    assert stamp_in_text("Update on the call\ndate 2024-03-21\nThe committee met.") == "2024-03-21"
    assert stamp_in_text("Conference\ndate: 15/03/2018\nIt will take place.") == "2018-03-15"
    # a capitalised "Date:" with a written month labels the event's day, not the page's
    assert stamp_in_text("Info day\nDate: 27. April 2021\nJoin us online.") is None
