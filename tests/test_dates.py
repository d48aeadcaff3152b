"""Date and time spans: the phrasing table in tests/corpus/dates.yaml, and
property tests (every supported surface form parses back to its components;
random and pathological text never raises)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.dates import (
    MAX_SCAN,
    Span,
    find_spans,
    fold,
    infer_year,
    parse_date,
    stamp_date,
    zone_of,
)

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "dates.yaml").read_text("utf-8"))


def render(span: Span) -> str:
    """A span as the corpus writes it: "date 2023-12-06", "time_range 09:00-12:00"."""
    if span.kind in ("time", "time_range"):
        return f"{span.kind} " + "-".join(t.strftime("%H:%M") for t in span.times)
    sep = ".." if span.kind == "range" else ","
    return f"{span.kind} " + sep.join(d.isoformat() if d else "?" for d in span.dates)


@pytest.mark.parametrize("case", CORPUS, ids=[c["text"][:50] for c in CORPUS])
def test_phrasing_table(case: dict) -> None:
    pub = case["pub"]
    assert [render(s) for s in find_spans(case["text"], pub)] == case["spans"]


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 100


def test_span_offsets_point_into_the_text() -> None:
    text = "Zapraszamy w środę, 6 grudnia 2023 r. w godz. 10:00-12:00."
    spans = find_spans(text, dt.date(2023, 11, 1))
    assert [text[s.start : s.end] for s in spans] == [
        "w środę, 6 grudnia 2023 r.",
        "w godz. 10:00-12:00",
    ]
    assert spans[0].weekday == 2 and spans[0].year_stated


def test_year_inference_first_on_or_after_publication() -> None:
    assert infer_year(11, 29, dt.date(2023, 11, 24)) == 2023
    assert infer_year(1, 15, dt.date(2023, 12, 10)) == 2024
    assert infer_year(2, 29, dt.date(2023, 3, 1)) == 2024
    assert infer_year(12, 6, None) is None


def test_year_inference_without_publication_uses_a_stated_year_nearby() -> None:
    text = "Zgłoszenia do 29 listopada. Spotkanie 6 grudnia 2023 r."
    spans = find_spans(text, None, now=dt.date(2030, 1, 1))
    assert [render(s) for s in spans] == ["date 2023-11-29", "date 2023-12-06"]


def test_year_inference_without_anything_uses_now() -> None:
    assert [render(s) for s in find_spans("do 15 marca", None, dt.date(2024, 5, 1))] == [
        "date 2025-03-15"
    ]
    assert find_spans("do 15 marca", None, None)[0].dates == (None,)


def test_weekday_picks_the_year_that_matches() -> None:
    # published in 2023; "czwartek, 6 czerwca" is a Thursday in 2024, not in 2023
    spans = find_spans("w czwartek, 6 czerwca", dt.date(2023, 5, 1))
    assert [render(s) for s in spans] == ["date 2024-06-06"]


def test_parse_date_and_fold() -> None:
    assert parse_date("Data publikacji: 24-11-2023") == dt.date(2023, 11, 24)
    assert parse_date("brak daty") is None
    assert fold("Zażółć GĘŚLĄ jaźń") == "zazolc gesla jazn"


# --------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------

GENITIVE = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
            "września", "października", "listopada", "grudnia"]  # fmt: skip
NOMINATIVE_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
FORMS = {
    "word": lambda d: f"{d.day} {GENITIVE[d.month - 1]} {d.year}",
    "word_r": lambda d: f"{d.day} {GENITIVE[d.month - 1]} {d.year} r.",
    "word_folded": lambda d: f"{d.day} {fold(GENITIVE[d.month - 1])} {d.year}",
    "roman": lambda d: f"{d.day} {ROMAN[d.month - 1]} {d.year}",
    "dots": lambda d: f"{d.day}.{d.month:02d}.{d.year}",
    "dots_padded_r": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year} r.",
    "iso": lambda d: d.isoformat(),
    "dashes": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "slashes": lambda d: f"{d.day}/{d.month}/{d.year}",
    "english": lambda d: f"{d.day} {NOMINATIVE_EN[d.month - 1]} {d.year}",
    "english_mdy": lambda d: f"{NOMINATIVE_EN[d.month - 1]} {d.day}, {d.year}",
}
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
prefixes = st.sampled_from(["", "Spotkanie odbędzie się ", "Termin: ", "(", "w dniu ", "\n"])
suffixes = st.sampled_from(["", ".", " w Lublinie.", ")", ", godz. 10:00", "\n"])


@given(date=dates, form=st.sampled_from(sorted(FORMS)), pre=prefixes, post=suffixes)
def test_every_surface_form_parses_back(date: dt.date, form: str, pre: str, post: str) -> None:
    text = pre + FORMS[form](date) + post
    spans = [s for s in find_spans(text, dt.date(2020, 1, 1)) if s.dates]
    assert len(spans) == 1, (text, spans)
    assert spans[0].dates == (date,)
    assert spans[0].year_stated


@given(date=dates, days=st.integers(min_value=1, max_value=20))
def test_ranges_parse_back(date: dt.date, days: int) -> None:
    end = date + dt.timedelta(days=days)
    assume(end.year <= 2099)  # years are read as 19xx/20xx: "1 stycznia 2100" has none
    if end.month == date.month and end.year == date.year:
        text = f"w dniach {date.day}-{end.day} {GENITIVE[date.month - 1]} {date.year} r."
    else:
        first, last = GENITIVE[date.month - 1], GENITIVE[end.month - 1]
        text = f"od {date.day} {first} do {end.day} {last} {end.year}"
    spans = [s for s in find_spans(text, dt.date(2020, 1, 1)) if s.dates]
    assert [(s.kind, s.dates) for s in spans] == [("range", (date, end))]


@given(
    h1=st.integers(0, 22),
    m1=st.sampled_from([0, 15, 30, 45]),
    length=st.integers(1, 60),
    sep=st.sampled_from([":", "."]),
    dash=st.sampled_from(["-", "–", " - ", " do "]),
)
def test_time_ranges_parse_back(h1: int, m1: int, length: int, sep: str, dash: str) -> None:
    start = dt.datetime(2024, 1, 1, h1, m1)
    end = start + dt.timedelta(minutes=length * 5)
    if end.date() != start.date():
        return
    text = f"w godz. {h1}{sep}{m1:02d}{dash}{end.hour}{sep}{end.minute:02d}"
    spans = find_spans(text, dt.date(2024, 1, 1))
    assert [(s.kind, s.times) for s in spans] == [("time_range", (start.time(), end.time()))]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_text_never_raises(text: str) -> None:
    for span in find_spans(text, dt.date(2024, 1, 1)):
        assert 0 <= span.start <= span.end <= len(text)


@settings(max_examples=200)
@given(st.text(alphabet="0123456789.-–/: ,ri maja grudnia XIV godz.", max_size=300))
def test_date_like_noise_never_raises(text: str) -> None:
    find_spans(text, dt.date(2024, 1, 1))
    find_spans(text, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "1-2-3.4.5 " * 100_000,
        "-" * 500_000,
        "1" * 500_000,
        "6 " * 200_000 + "grudnia",
        ", ".join(["5"] * 50_000) + " i 19 marca",
        "10:00-" * 100_000,
        "12.12." * 100_000,
    ],
    ids=["digits-dashes", "dashes", "ones", "days", "list", "times", "dm"],
)
def test_pathological_input_finishes(text: str) -> None:
    # Scanning is capped at MAX_SCAN characters; the regular expressions are
    # linear, so this returns quickly (no wall-clock assertion by design).
    spans = find_spans(text, dt.date(2024, 1, 1))
    assert all(s.end <= MAX_SCAN for s in spans)


def test_stamp_date_takes_the_first_dated_form() -> None:
    assert stamp_date("24-11-2023, aktualizacja 6 grudnia 2023") == dt.date(2023, 11, 24)
    assert stamp_date("2024-10-02T10:00:00+02:00") == dt.date(2024, 10, 2)
    assert stamp_date("Published on 02 October 2024") == dt.date(2024, 10, 2)
    assert stamp_date("April 3, 2024") == dt.date(2024, 4, 3)
    assert stamp_date("29 listopada") is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("at 10:00 a.m. (Bulgarian local time)", "Europe/Sofia"),
        ("starts at 16:00 Estonian time", "Europe/Tallinn"),
        ("o godz. 16:00 czasu litewskiego", "Europe/Vilnius"),
        ("on August 1st at 11:00 Copenhagen time", "Europe/Copenhagen"),
    ],
)
def test_a_countrys_time_names_its_zone(text: str, zone: str) -> None:
    spans = [s for s in find_spans(text, dt.date(2024, 1, 1)) if s.times]
    assert spans and zone_of(spans[0].zone) == zone
