"""The language files (pipeline/languages/<code>.yml) and what they teach the extractor.

Every file has every key of the reference (Polish) file with a value of the same kind, and
compiles: a language is a file, so a broken file must fail here, not silently degrade every
page in that language to an empty record. Then a table of real phrasings per language
(tests/corpus/languages.yaml) read through the public functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline import dates, facts, languages, places, roles
from pipeline.dates import fold

TABLE = yaml.safe_load((Path(__file__).parent / "corpus" / "languages.yaml").read_text("utf-8"))
CODES = languages.available()


def test_polish_english_and_the_partner_languages_have_files() -> None:
    assert {"pl", "en", "sk", "cs", "de", "lt"} <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_file_has_every_key(code: str) -> None:
    assert languages.missing_keys(code) == set(), f"{code}.yml lacks keys"
    extra = set(languages.load(code)) - languages.keys()
    assert extra == set(), f"{code}.yml has keys the reference file does not: {extra}"


@pytest.mark.parametrize("code", CODES)
def test_every_value_is_of_the_reference_kind(code: str) -> None:
    reference, data = languages.load("pl"), languages.load(code)
    for key, value in data.items():
        kind = type(reference[key])
        assert isinstance(value, kind), f"{code}.yml: {key} should be a {kind.__name__}"
        if isinstance(value, dict):
            items = list(value.items())
        else:
            items = value if isinstance(value, list) else []
        for item in items:
            # YAML reads a bare `on`, `no` or `yes` as a boolean: words must be strings
            flat = item if isinstance(item, tuple) else (item,)
            for part in flat:
                assert not isinstance(part, bool), f"{code}.yml: {key} holds {part!r}; quote it"


@pytest.mark.parametrize("code", CODES)
def test_every_file_compiles(code: str) -> None:
    codes = languages.for_page(code)
    grammar = dates.grammar(codes)
    assert grammar.MASTER.pattern
    assert roles._cue_re_of(codes).pattern
    if code not in languages.ALWAYS:
        assert facts.other_language(code) is not None


def test_the_page_language_picks_the_tables() -> None:
    assert languages.for_page("sk") == ("pl", "en", "sk")
    assert languages.for_page("pl") == languages.ALWAYS
    assert languages.for_page("xx") == languages.ALWAYS  # no file: Polish and English only


def _render(span: dates.Span) -> str:
    if span.times:
        return "-".join(t.strftime("%H:%M") for t in span.times)
    return "/".join(d.isoformat() if d else "?" for d in span.dates)


@pytest.mark.parametrize("row", TABLE["dates"], ids=lambda r: f"{r['lang']}:{r['text'][:30]}")
def test_dates(row: dict) -> None:
    published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
    with languages.use(languages.for_page(row["lang"])):
        spans = dates.find_spans(row["text"], published)
    assert [_render(s) for s in spans] == row["spans"]


@pytest.mark.parametrize("row", TABLE["facts"], ids=lambda r: f"{r['lang']}:{r['text'][:30]}")
def test_facts(row: dict) -> None:
    other = facts.other_language(row["lang"])
    assert other is not None
    with languages.use(languages.for_page(row["lang"])):  # as pipeline.extract reads a page
        folded = fold(row["text"])
        if "status" in row:
            assert other.status(folded, new_date=False) == row["status"]
        if "mode" in row:
            assert other.attendance_mode(folded) == row["mode"]
        if "languages" in row:
            got, stated = other.languages(folded)
            assert got is not None and set(row["languages"]) <= set(got)
            assert stated is True


@pytest.mark.parametrize("row", TABLE["places"], ids=lambda r: f"{r['lang']}:{r['text'][:30]}")
def test_places(row: dict) -> None:
    assert places.foreign_city(row["text"], row["lang"]) == row["city"]


def test_a_page_in_slovak_is_read_as_slovak() -> None:
    from pipeline.extract import extract

    text = (
        "Informačný seminár pre žiadateľov\n"
        "Pozývame vás na informačný seminár, ktorý sa uskutoční 18. 4. 2024 o 10:00 hod. "
        "v Žiline. Registrácia do 10. apríla 2024."
    )
    rec = extract(text, url="https://example.sk/aktuality/seminar")
    assert rec["page_language"] == "sk"
    assert rec["is_event"] is True
    assert rec["start"] == "2024-04-18T10:00"
    assert rec["registration_deadline"] == "2024-04-10"
    assert rec["city"] == "Żylina"
    assert rec["languages"] is None  # a Slovak page that states no language: null


def test_one_time_after_each_is_every_sessions() -> None:
    """ "jeweils" / "vždy" / "each": the one time written after it is every listed day's."""
    from pipeline.extract import extract

    text = (
        "Informationsveranstaltungen zum Kleinprojektefonds\n"
        "Die Veranstaltungen für Antragsteller finden an folgenden Terminen statt: 11.03.2020, "
        "03.06.2020 sowie 25.11.2020 jeweils 10:00 bis 12:00 Uhr im Landratsamt."
    )
    rec = extract(text, url="https://example.de/beratung")
    assert [s["start"] for s in rec["sessions"]] == [
        "2020-03-11T10:00",
        "2020-06-03T10:00",
        "2020-11-25T10:00",
    ]
    assert all(s["end"][11:] == "12:00" for s in rec["sessions"])
    assert rec["start"] == "2020-03-11T10:00"


def test_an_agency_dateline_dates_the_report() -> None:
    """ "Prešov 11. februára (TASR) –" under a month stamp "date 2020-02": published on
    11 February 2020, the anchor of the year-less "v stredu 12. februára"."""
    from pipeline.extract import extract

    text = (
        "Univerzita pozýva na deň otvorených dverí\n"
        "date 2020-02\n"
        "Prešov 11. februára (TASR) – Stredoškoláci sa môžu o štúdiu informovať na dni "
        "otvorených dverí v stredu 12. februára od 8.00 do 13.00 h v budove univerzity."
    )
    rec = extract(text, url="https://example.sk/spravy/den-otvorenych-dveri")
    assert rec["published"] == "2020-02-11"
    assert rec["start"] == "2020-02-12T08:00"


def test_two_sessions_on_one_day_are_both_kept() -> None:
    """A list of webinars with two on the same day, each with its own hours."""
    from pipeline.extract import extract

    text = (
        "Webinare zu den neuen Förderthemen\n"
        "Im Januar stellt das Programm die neuen Themen in Webinaren vor:\n"
        "• Forschung und Innovation, 17. Januar 2022, 11.00 – 12.00 Uhr\n"
        "• Kultur und Tourismus, 20. Januar 2022, 9.30 – 10.30 Uhr\n"
        "• Ausbildung, 20. Januar 2022, 12.30 – 13.30 Uhr\n"
    )
    rec = extract(text, url="https://example.de/webinare")
    assert [(s["start"], s["end"]) for s in rec["sessions"]] == [
        ("2022-01-17T11:00", "2022-01-17T12:00"),
        ("2022-01-20T09:30", "2022-01-20T10:30"),
        ("2022-01-20T12:30", "2022-01-20T13:30"),
    ]


@pytest.mark.parametrize(
    ("lang", "sentence", "named"),
    [
        ("sk", "Debata sa uskutoční v Kine Tabačka o 18:00", True),
        ("sk", "Podujatie sa koná v rámci programu Interreg", False),
        ("de", "Die Veranstaltung findet im Alten Bahnhof statt", True),
        ("de", "im Rahmen des Programms findet ein Treffen statt", False),
        ("en", "The forum runs from 26 to 28 April in Malta", True),
        ("en", "The webinar will be held in English", False),
        ("en", "The conference will take place in October", False),
    ],
)
def test_a_named_venue_puts_the_event_on_site(lang: str, sentence: str, named: bool) -> None:
    with languages.use(languages.for_page(lang)):
        assert facts.venue_named([sentence]) is named


@pytest.mark.parametrize(
    ("name", "polish"),
    [
        ("Kaunas", "Kowno"),
        ("Jonava", "Janów"),
        ("České Budějovice", "Czeskie Budziejowice"),
        ("Aukstadvaris", "Wysoki Dwór"),  # a translated name, every word a Polish name's part
        ("Brno", "Brno"),  # the Polish name is the town's own
        ("Stará Turá", "Stará Turá"),  # "Stara" alone is no name of it
        ("Liberec", "Liberec"),
    ],
)
def test_a_town_abroad_takes_its_usual_polish_name(name: str, polish: str) -> None:
    assert places.canonical(name) == polish


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Conference on cohesion\nHotel International, Zagreb\nRegistration from 7.45", "Zagrzeb"),
        (
            "Information events (in Swedish):\n• Norrköping 19 August\n• Malmö 20 August",
            "Norrköping",
        ),
        ("Dear applicants,\nThe call opens on 19 August, as announced.", None),
        ("Seminar on cohesion\nStockholm School of Economics in Riga\nRegistration: online",
         "Ryga"),
    ],
)
def test_an_english_pages_short_line_names_its_town(text: str, town: str | None) -> None:
    assert places.town_of_lines(text) == town


@pytest.mark.parametrize(
    ("lang", "text", "reports"),
    [
        ("cs", "Konference\n24. května se konala ve Wroclawi konference o pohraničí.", True),
        ("cs", "Konference\nKonference se koná 24. května ve Wroclawi.", False),
        ("sk", "Prednáška\nDňa 25.09.2025 prednášal expert; študenti sa dozvedeli veľa.", True),
        ("de", "Workshop in Brüssel\nVom 11.-12. Oktober veranstaltete das Büro einen Workshop "
         "zu Förderprogrammen.", True),
        ("de", "Workshop in Brüssel\nVom 11.-12. Oktober veranstaltet das Büro einen Workshop "
         "zu Förderprogrammen.", False),
    ],
)
def test_a_report_in_the_pages_language(lang: str, text: str, reports: bool) -> None:
    other = facts.other_language(lang)
    assert other is not None
    with languages.use(languages.for_page(lang)):
        folded = fold(text)
        assert other.reports(fold(text.splitlines()[0]), folded) is reports


# The Polish and English cue tables (pl.yml, en.yml) gate their patterns with literal pieces
# (`*_triggers`, `*_starts`): a word added to a cue without its trigger would silently never
# match. The real cases check that each gate finds just what its pattern finds.
_REAL = sorted((Path(__file__).parent / "corpus" / "real" / "cases").glob("*.yml"))


@pytest.fixture(scope="module")
def real_folded() -> list[str]:
    return [fold(yaml.safe_load(p.read_text("utf-8"))["text"]) for p in _REAL]


def test_every_gate_finds_what_its_pattern_finds(real_folded: list[str]) -> None:
    gates = [g for g in facts.Gated._all if g.group == "folded"]
    assert gates
    for gate in gates:
        for text in real_folded:
            gated = [m.span() for m in gate.finditer(text)]
            assert gated == [m.span() for m in gate.pattern.finditer(text)], (
                f"{gate.pattern.pattern[:60]}...: a match without one of its triggers nearby "
                f"(add the word's literal piece to the key's *_triggers)"
            )


@pytest.mark.parametrize("key", ["announce", "written_consultation"])
def test_every_cue_starts_with_one_of_its_starts(key: str, real_folded: list[str]) -> None:
    pattern, starts = facts._cue(key), facts._triggers(key, "starts")
    for text in real_folded:
        for m in pattern.finditer(text):
            assert any(text.startswith(s, m.start()) for s in starts), (
                f"{key}_re matched {m.group(0)!r}, which starts with none of {key}_starts"
            )


@pytest.mark.parametrize(
    ("text", "mode", "city"),
    [
        # "online" about booking a place or a recording is not the event's mode
        ("Farm diversification evening\nThe evening will be held on 5 March 2024 in the "
         "town hall in Winchester. Places can be booked online via the group's website.",
         "offline", "Winchester"),
        ("Community energy workshop\nThe workshop will take place on 12 June 2024. The "
         "recording of the webinar can be viewed on our website.", None, None),
        # a venue after "at the" places the event on site
        ("LEADER programme AGM\nThe AGM will be held on Friday 29 January 2016 at the "
         "Grand Hotel, starting at 10am.", "offline", None),
        # a sentence read from the middle: its first word is no town ("... Andy Pollak")
        ("Director to address workshop\nAt the regional forum of 2024, our long-serving "
         "Director Andy Smith speaks at a workshop on cross-border work in Brussels on 6 "
         "October 2024.", "offline", "Bruksela"),
    ],
)
def test_an_english_pages_mode_and_town(text: str, mode: str | None, city: str | None) -> None:
    from pipeline.extract import extract

    rec = extract(text, url="https://example.org.uk/news/event")
    assert rec["page_language"] == "en"
    assert rec["attendance_mode"] == mode
    assert places.canonical(rec["city"]) == places.canonical(city)  # Brussels is Bruksela


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Members' news\nPlease save the date of the members' meeting: September 6, "
         "17:30-20:00 CEST.", True),
        ("Funding for community groups\nTo learn more, come to the practical training session "
         "with the national contact point on Friday 22 June.", True),
        ("Open Discussion\nOctober 26th, 2017, Graduate School of Law\n9.30 – 10.00 Coffee\n"
         "10.00 – 12.00 Panel of experts", True),
        ("Funding for community groups\nThe fund is taking applications until 1 September.",
         False),
    ],
)
def test_an_english_page_announces_an_event(text: str, event: bool) -> None:
    from pipeline.extract import extract

    assert extract(text, url="https://example.org.uk/news/item")["is_event"] is event


@pytest.mark.parametrize(
    ("lang", "text", "start"),
    [
        ("cs", "Seminář pro žadatele\nSeminář se uskuteční 12. března 2024 v Liberci.\n"
         "Program:\n8:30 Prezence účastníků\n9:00 Zahájení\n12:00 Závěr", "2024-03-12T09:00"),
        ("de", "Informationsveranstaltung\nDie Veranstaltung findet am 12. März 2024 in "
         "Görlitz statt.\nProgramm:\n17:30 Einlass\n18:00 Begrüßung\n20:00 Ende",
         "2024-03-12T18:00"),
    ],
)
def test_a_programmes_check_in_is_not_the_start(lang: str, text: str, start: str) -> None:
    """The check-in item before the event proper, in the page's language (checkin_item_re)."""
    from pipeline.extract import extract

    rec = extract(text, url="https://example.eu/akce")
    assert rec["page_language"] == lang
    assert rec["start"] == start


@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        ("The working language of the discussion will be Bulgarian.", ["bg"]),
        ("The working languages will be Latvian and English, interpretation will be provided.",
         ["lv", "en"]),
        ("The seminar opens the festival, working language – English.", ["en"]),
        ("The conference languages are English and Lithuanian.", ["en", "lt"]),
    ],
)
def test_an_english_page_states_its_working_languages(sentence: str, codes: list[str]) -> None:
    from pipeline.dates import fold

    assert facts.languages(fold(sentence), "en") == (codes, True)


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Cancellation of the partners' meeting in Lyon, April 23-24, 2020", "cancelled"),
        ("We will cancel the planned spring meeting.", "cancelled"),
        ("We are sorry to call off the meeting.", "cancelled"),
        ("The fair will not go ahead this year.", "cancelled"),
        ("The meeting will take place as planned.", "scheduled"),
    ],
)
def test_an_english_cancellation(sentence: str, status: str) -> None:
    from pipeline.dates import fold

    assert facts.status(fold(sentence), False) == status
