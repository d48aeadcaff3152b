"""Roles of dates (event, deadline, stamp, call for proposals, past): the
table in tests/corpus/roles.yaml, checked on whole records from extract()."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline.dates import find_spans
from pipeline.extract import extract
from pipeline.roles import assign

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "roles.yaml").read_text("utf-8"))


def plain(value: object) -> object:
    """YAML reads 2024-05-10 as a date; records hold strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def check(case: dict) -> None:
    pub = case.get("pub")
    rec = extract(case["text"], published=pub.isoformat() if pub else None, now=dt.date(2024, 1, 1))
    got = {k: rec[k] for k in case["expect"]}
    assert got == plain(case["expect"])


@pytest.mark.parametrize("case", CORPUS, ids=[c["text"][:60] for c in CORPUS])
def test_role_table(case: dict) -> None:
    check(case)


def test_assignments_name_each_role() -> None:
    text = (
        "Data publikacji: 15.04.2024\nNabór wniosków potrwa do 30 czerwca 2024 r. "
        "Spotkanie odbędzie się 20 kwietnia 2024 r. Zgłoszenia przyjmujemy do 18 kwietnia."
    )
    pub = dt.date(2024, 4, 15)
    roles = assign(text, find_spans(text, pub), pub)
    assert [a.role for a in roles.assignments] == ["published", "cfp", "event", "deadline"]
    assert roles.start == "2024-04-20" and roles.registration_deadline == "2024-04-18"
    assert roles.event_cued


def test_no_dates_no_roles() -> None:
    roles = assign("Bez dat.", [], None)
    assert roles.start is None and roles.assignments == []


def test_a_signature_line_with_the_pages_date_is_no_session() -> None:
    """ "Bratislava 2. september 2009" closing a notice stamped that day: signed, not held."""
    from pipeline import languages

    text = (
        "Informačné semináre\n02.09.2009\nSemináre sa uskutočnia. Termíny:\n"
        "3. september 2009 v Bratislave o 10:00 hod.\n4. september 2009 v Košiciach o 10:00 hod.\n"
        "Bratislava 2. september 2009"
    )
    published = dt.date(2009, 9, 2)
    with languages.use(languages.for_page("sk")):
        roles = assign(text, find_spans(text, published), published)
    assert roles.start == "2009-09-03T10:00"
    assert [s["start"][:10] for s in roles.sessions] == ["2009-09-03", "2009-09-04"]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # the site's today widget before the page's own text
        (
            "Konsultacje społeczne\nCzwartek, 2 maja 2024 Imieniny: Anatola, Toli\n"
            "Miasto zaprasza na spotkanie, które odbędzie się 27.05.2011 w godzinach 10.00-18.00.",
            "2011-05-27T10:00",
        ),
        # a window for written comments beside the open meeting
        (
            "Konsultacje\nOd 28 października do 12 listopada 2019 r. można zgłaszać uwagi do "
            "programu. Otwarte spotkanie odbędzie się 6 listopada 2019 r. o godz. 16.30.",
            "2019-11-06T16:30",
        ),
    ],
)
def test_a_widget_or_a_comments_window_is_not_the_event(text: str, start: str) -> None:
    rec = extract(text, url="https://example.pl/aktualnosci/konsultacje")
    assert rec["start"] == start
    assert rec["sessions"] is None


def test_a_date_introduced_after_a_past_verb_is_the_pasts() -> None:
    """ "I część odbyła się w dniach od 24 do 27 września": not a session of the congress."""
    text = (
        "Kongres Czechoznawstwa\n"
        "W dniach 15-18 października 2023 roku w Pradze odbywa się II część kongresu.\n"
        "Przypominamy, że I część kongresu odbyła się w dniach od 24 do 27 września 2023 roku."
    )
    rec = extract(text, url="https://example.pl/aktualnosci/kongres")
    assert rec["is_event"] is True
    assert (rec["start"], rec["end"]) == ("2023-10-15", "2023-10-18")
    assert rec["sessions"] is None


def test_a_deadlines_time_is_in_its_own_sentence() -> None:
    text = (
        "Konsultacje z NGO\nSpotkanie zaplanowano na poniedziałek 21 lutego 2022, na godz. "
        "11.00-13.00. Aby wziąć udział, do niedzieli 20 lutego wypełnijcie formularz "
        "zgłoszeniowy. (Link do spotkania otrzymacie o godzinie 9.00 w poniedziałek.)"
    )
    rec = extract(text, url="https://example.pl/konsultacje")
    assert rec["registration_deadline"] == "2022-02-20"
    assert rec["start"] == "2022-02-21T11:00"


def test_a_later_hour_after_then_is_one_more_session() -> None:
    text = (
        "Zebrania wiejskie\nPierwsze odbędzie się 21 września 2017 r. w Mszanie o godz. 16.00.\n"
        "Dwa następne zaplanowano na 25 września 2017 r.: o godz. 16.00 w Połomi, a następnie "
        "o godz. 18.00 w Gogołowej."
    )
    rec = extract(text, url="https://example.pl/zebrania")
    assert [s["start"] for s in rec["sessions"]] == [
        "2017-09-21T16:00",
        "2017-09-25T16:00",
        "2017-09-25T18:00",
    ]


@pytest.mark.parametrize(
    ("lang", "text", "end"),
    [
        ("pl", "Targi ruszą w piątek 10 września 2021 r. i potrwają do niedzieli.", "2021-09-12"),
        ("cs", "Seminář rozhodčích začíná 18.2.2012 v 9 hodin a končí v neděli.", "2012-02-19"),
    ],
)
def test_an_end_on_a_weekday_after_the_start(lang: str, text: str, end: str) -> None:
    from pipeline import languages

    with languages.use(languages.for_page(lang)):
        roles = assign(text, find_spans(text, None), None)
    assert roles.end == end


def test_a_key_dates_list_names_the_registration_deadline() -> None:
    from pipeline import languages

    text = (
        "Konference 2016\nDůležité termíny:\n- konání konference 5. - 6. září 2016\n"
        "- přihlášení 31. červenec 2016\n- zaslání příspěvku 19. srpen 2016\n"
    )
    with languages.use(languages.for_page("cs")):
        roles = assign(text, find_spans(text, None), None)
    assert roles.registration_deadline == "2016-07-31"


@pytest.mark.parametrize(
    ("last_item", "end"),
    [("15:00 Zakończenie", "2019-01-31T15:00"), ("15:00 Program artystyczny", None)],
)
def test_a_programmes_last_hour_ends_the_event_only_when_it_closes(
    last_item: str, end: str | None
) -> None:
    text = (
        "Walne zebranie\nZebranie odbędzie się 31 stycznia 2019 r. o godz. 12:00.\n"
        f"Program:\n12:00 Otwarcie\n13:00 Wybory zarządu\n{last_item}\n"
    )
    rec = extract(text, url="https://example.pl/zebranie")
    assert rec["start"] == "2019-01-31T12:00"
    assert rec["end"] == end


@pytest.mark.parametrize(
    ("lang", "text", "deadline"),
    [
        ("en", "Registration is required until 12:00 on November 5, 2020.", "2020-11-05T12:00"),
        ("en", "Register before 17:00 on 3 March 2024 to attend.", "2024-03-03T17:00"),
    ],
)
def test_a_deadlines_time_before_its_date(lang: str, text: str, deadline: str) -> None:
    from pipeline import languages

    with languages.use(languages.for_page(lang)):
        roles = assign(text, find_spans(text, None), None)
    assert roles.registration_deadline == deadline


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # the event's hours in a sentence of their own, after or before its date
        ("Open day at the agency\nThe agency opens its doors on 14 May 2024 in Leeds.\n"
         "Visitors are welcome from 10 am to 3 pm.", "2024-05-14T10:00", "2024-05-14T15:00"),
        ("Spotkanie informacyjne\nSpotkanie potrwa od 10:00 do 12:30. Odbędzie się "
         "7 marca 2024 r. w sali konferencyjnej urzędu.", "2024-03-07T10:00", "2024-03-07T12:30"),
        # two different hours: whose is which is unknown
        ("Open day at the agency\nThe agency opens its doors on 14 May 2024.\n"
         "Guided tours at 10 am. The café serves lunch at 1 pm.", "2024-05-14", None),
        # a later item of the day, a limit, an agenda line: not the event's hours
        ("Festyn rodzinny\nFestyn odbędzie się 2 czerwca 2024 r. na stadionie.\n"
         "Na zakończenie zaplanowano koncert o godz. 20.00.", "2024-06-02", None),
        ("Szkolenie dla beneficjentów\nSzkolenie odbędzie się 9 kwietnia 2024 r.\n"
         "Zgłoszenia przyjmujemy do godz. 15:00.", "2024-04-09", None),
    ],
)
def test_the_events_hours_in_a_sentence_of_their_own(text: str, start: str,
                                                     end: str | None) -> None:
    rec = extract(text, url="https://example.org/news/open-day")
    assert (rec["start"], rec["end"]) == (start, end)
