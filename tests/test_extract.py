"""extract(): whole announcements in the portals' style (tests/corpus/
announcements.yaml), the founding example, the record contract, and
robustness (random bytes and pathological input never raise)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import record
from pipeline.extract import extract

CORPUS_DIR = Path(__file__).parent / "corpus"
ANNOUNCEMENTS = yaml.safe_load((CORPUS_DIR / "announcements.yaml").read_text("utf-8"))
#: Fields compared on every announcement; a field not in `expect` must be its default.
CHECKED = (
    "title", "published", "start", "end", "all_day", "sessions", "registration_deadline",
    "languages", "languages_stated", "attendance_mode", "venue", "city", "region", "organizer",
    "event_type", "is_free", "status", "is_event",
)  # fmt: skip
DEFAULTS = {"status": "scheduled", "is_event": False}


def run(case: dict) -> dict:
    data = (CORPUS_DIR / "announcements" / case["file"]).read_bytes()
    return extract(
        data,
        url=case.get("url"),
        content_type=case.get("content_type"),
        now=case.get("now", dt.date(2024, 1, 1)),
    )


@pytest.mark.parametrize("case", ANNOUNCEMENTS, ids=[c["file"] for c in ANNOUNCEMENTS])
def test_announcement(case: dict) -> None:
    rec = run(case)
    defaults = DEFAULTS if case["expect"].get("is_event") else {}  # a non-event: all null
    expected = {f: defaults.get(f) for f in CHECKED} | {"is_event": False} | case["expect"]
    assert {f: rec[f] for f in expected} == expected
    assert record.validation_errors(rec) == []


def test_at_least_twenty_announcements_in_html_and_text() -> None:
    files = [c["file"] for c in ANNOUNCEMENTS]
    assert len(files) >= 20
    assert any(f.endswith(".html") for f in files) and any(f.endswith(".txt") for f in files)


FOUNDING = """Inkubatory innowacji: jak pokazać efekty?
24-11-2023
Zapraszamy przedstawicieli inkubatorów na spotkanie o pokazywaniu efektów innowacji społecznych.
Będzie prowadzone online w języku angielskim.
Prowadząca podzieli się doświadczeniami z pracy z organizacjami w kilku krajach Europy.
Wydarzenie odbędzie się 6 grudnia 2023 w godzinach 9:00-12:00 (online).
Zgłoszenia przyjmowane są do 29 listopada.
"""


def test_founding_example() -> None:
    rec = extract(FOUNDING, url="https://innowacjespoleczne.pl/aktualnosc/inkubatory-efekty/")
    assert {
        k: rec[k]
        for k in (
            "published",
            "start",
            "end",
            "registration_deadline",
            "languages",
            "languages_stated",
            "attendance_mode",
            "status",
            "is_event",
        )  # fmt: skip
    } == {
        "published": "2023-11-24",
        "start": "2023-12-06T09:00",
        "end": "2023-12-06T12:00",
        "registration_deadline": "2023-11-29",
        "languages": ["en"],
        "languages_stated": True,
        "attendance_mode": "online",
        "status": "scheduled",
        "is_event": True,
    }


def test_record_contract() -> None:
    url = "https://innowacjespoleczne.pl/aktualnosc/inkubatory-efekty/"
    rec = extract(FOUNDING, url=url)
    assert tuple(rec) == record.FIELD_NAMES
    assert rec["id"] == record.event_id(url)
    assert rec["source"] == "local" and rec["url"] == url
    assert rec["first_seen"] is None and rec["last_seen"] is None
    assert rec["content_hash"] == record.content_hash(rec)
    assert rec["timezone"] == "Europe/Warsaw"
    assert rec["summary"] and rec["summary"].startswith("Zapraszamy")
    assert record.validation_errors(rec) == []
    assert extract(FOUNDING, source="innowacjespoleczne")["source"] == "innowacjespoleczne"


def test_id_without_url_is_a_hash_of_the_text() -> None:
    a, b = extract(FOUNDING), extract(FOUNDING + "\nKontakt: biuro@example.org")
    assert a["id"] and a["id"] == extract(FOUNDING)["id"] and a["id"] != b["id"]


def test_published_argument_wins_over_the_page_stamp() -> None:
    rec = extract(FOUNDING, published="2023-11-20")
    assert rec["published"] == "2023-11-20"
    assert extract(FOUNDING, published="not a date")["published"] == "2023-11-24"


def test_region_argument_is_kept() -> None:
    assert extract(FOUNDING, region="mazowieckie")["region"] == "mazowieckie"


def test_selectors_from_a_registry_entry() -> None:
    html = (
        "<html><body><div class='x'><h2 class='t'>Szkolenie z zamówień</h2>"
        "<span class='d'>05.03.2024</span><div class='b'>Szkolenie odbędzie się 20 marca "
        "2024 r. w Opolu. Zapraszamy.</div></div><div class='side'>Inne 1 kwietnia 2024</div>"
        "</body></html>"
    )
    rec = extract(html, selectors={"title": ".t", "date": ".d", "body": ".b"})
    assert (rec["title"], rec["published"], rec["start"], rec["city"]) == (
        "Szkolenie z zamówień", "2024-03-05", "2024-03-20", "Opole")  # fmt: skip
    assert "Inne" not in rec["body"]


def test_windows_1250_without_any_declaration_keeps_polish_letters() -> None:
    data = "Szkolenie odbędzie się 6 grudnia 2023 r. w Łodzi. Zażółć gęślą jaźń.".encode("cp1250")
    rec = extract(data)
    assert "Łodzi" in rec["body"] and "gęślą" in rec["body"]
    assert rec["city"] == "Łódź"


def test_non_event_has_no_event_fields() -> None:
    rec = extract("Komisja zatwierdziła program 12 lutego 2024 r. Dokumenty są w zakładce.")
    assert rec["is_event"] is False
    assert all(rec[f] is None for f in ("start", "end", "registration_deadline", "city",
                                       "attendance_mode", "event_type", "languages"))  # fmt: skip


# --------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data: bytes) -> None:
    rec = extract(data)
    assert record.validation_errors(rec) == []


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_never_raises(text: str) -> None:
    rec = extract(text, published="2024-01-10")
    assert record.validation_errors(rec) == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<b>",
                "6 grudnia 2023",
                " w godz. ",
                "10:00-12:00",
                "<br>",
                "&nbsp;",
                "<script>",
                "</script>",
                "Miejsce: ",
                "\n",
                "odbędzie się ",
                "<!--",
                "-->",
                "<time datetime='x'>",
                "</time>",
            ]
        ),
        max_size=80,
    )  # fmt: skip
)
def test_random_markup_never_raises(parts: list[str]) -> None:
    rec = extract("<html><body>" + "".join(parts))
    assert record.validation_errors(rec) == []


@pytest.mark.parametrize(
    "content",
    [
        "1-2-3.4.5 " * 1_000_000,
        ("<div>" * 50_000) + "Spotkanie odbędzie się 6 grudnia 2023" + ("</div>" * 50_000),
        ("<p>Spotkanie odbędzie się 6 grudnia 2023 w Lublinie. " * 200_000).encode(),
        "<a>" * 1_000_000,
        bytes(range(256)) * 40_000,
        b"",
        "   \n\n  ",
    ],
    ids=["digits", "deep-divs", "10MB-html", "tag-soup", "binary", "empty", "blank"],
)
def test_pathological_input_gives_a_valid_record(content: str | bytes) -> None:
    # No wall-clock assertion (see `make bench` for timings); this must simply return.
    rec = extract(content)
    assert record.validation_errors(rec) == []


def test_deep_nesting_still_finds_the_date() -> None:
    html = ("<div>" * 50_000) + "Spotkanie odbędzie się 6 grudnia 2023" + ("</div>" * 50_000)
    assert extract(html)["start"] == "2023-12-06"


# --------------------------------------------------------------------------
# Announcements generated from components parse back to those components
# --------------------------------------------------------------------------

GENITIVE = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
            "września", "października", "listopada", "grudnia"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
DATE_FORMS = [
    lambda d: f"{d.day} {GENITIVE[d.month - 1]} {d.year} r.",
    lambda d: f"{d.day} {ROMAN[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year} r.",
    lambda d: d.isoformat(),
    lambda d: f"{d.day}/{d.month}/{d.year}",
]
TIME_FORMS = [
    lambda a, b: f"w godzinach {a}-{b}",
    lambda a, b: f"w godz. {a.replace(':', '.')}–{b.replace(':', '.')}",
    lambda a, b: f"od godz. {a} do {b}",
]
CITIES = [("Lublin", "Lublinie"), ("Łódź", "Łodzi"), ("Toruń", "Toruniu"), ("Kielce", "Kielcach")]


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(
    pub=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 1, 1)),
    ahead=st.integers(min_value=5, max_value=120),
    before=st.integers(min_value=1, max_value=4),
    hour=st.integers(min_value=7, max_value=15),
    length=st.integers(min_value=1, max_value=5),
    date_form=st.sampled_from(range(len(DATE_FORMS))),
    time_form=st.sampled_from(range(len(TIME_FORMS))),
    city=st.sampled_from(CITIES),
    kind=st.sampled_from(["Szkolenie", "Spotkanie informacyjne", "Konferencja", "Warsztaty"]),
)
def test_generated_announcement_parses_back(
    pub: dt.date, ahead: int, before: int, hour: int, length: int, date_form: int,
    time_form: int, city: tuple[str, str], kind: str,
) -> None:  # fmt: skip
    day = pub + dt.timedelta(days=ahead)
    deadline = day - dt.timedelta(days=before)
    a, b = f"{hour}:00", f"{hour + length}:30"
    text = (
        f"{kind} dla beneficjentów\n{pub.day:02d}-{pub.month:02d}-{pub.year}\n"
        f"Zapraszamy na wydarzenie, które odbędzie się {DATE_FORMS[date_form](day)} "
        f"{TIME_FORMS[time_form](a, b)} w {city[1]}.\n"
        f"Zgłoszenia przyjmujemy do {deadline.day} {GENITIVE[deadline.month - 1]}."
    )
    rec = extract(text)
    assert rec["published"] == pub.isoformat()
    assert rec["start"] == f"{day.isoformat()}T{hour:02d}:00"
    assert rec["end"] == f"{day.isoformat()}T{hour + length:02d}:30"
    assert rec["registration_deadline"] == deadline.isoformat()
    assert rec["city"] == city[0] and rec["attendance_mode"] == "offline"
    assert rec["is_event"] is True


def test_a_page_published_after_its_event_reports_it() -> None:
    """Stamped a week after the meeting it names, with no year beside the day: the day
    is that October's, gone by (not the next October's), and the page a report."""
    text = (
        "Programme at the Cooperation Congress\n"
        "17 / 10 / 2023\n"
        "On 10th October we met the participants of the congress in Lublin at the fair "
        "organised as part of the event. Nearly 100 people attended the meeting."
    )
    rec = extract(text, url="https://example.eu/news/congress")
    assert rec["published"] == "2023-10-17"
    assert rec["is_event"] is False
    assert rec["start"] is None


def test_an_event_a_few_months_after_its_stamp_is_announced() -> None:
    """The same page shape announcing a meeting to come stays an event."""
    text = (
        "Cooperation Congress\n"
        "17 / 10 / 2023\n"
        "We invite you to the congress, which will take place on 10th December in Lublin."
    )
    rec = extract(text, url="https://example.eu/news/congress")
    assert rec["is_event"] is True
    assert rec["start"] == "2023-12-10"


def test_a_seminar_held_on_a_day_is_a_report() -> None:
    """ "Seminar ... held on 3 February 2011" in the title, "participants attended": past."""
    text = (
        "Seminar on cross-border cooperation held on 3 February 2011, Prague\n"
        "Some 60 participants attended the seminar on cross-border cooperation at the hotel "
        "in Prague. Ministries presented the regional programmes."
    )
    assert extract(text, url="https://example.eu/news/seminar")["is_event"] is False


def test_a_forum_to_be_held_on_a_day_is_announced() -> None:
    text = (
        "Annual Forum 2017\n"
        "The 8th Annual Forum will be held on 13 - 14 June, 2017 in Berlin. "
        "Registration opens soon."
    )
    rec = extract(text, url="https://example.eu/news/forum")
    assert rec["is_event"] is True
    assert rec["start"] == "2017-06-13"
