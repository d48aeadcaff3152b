"""Languages, attendance mode, city, venue, organizer, status, cost, type and
is_event: the table in tests/corpus/facts.yaml, checked on whole records;
plus unit checks of the fact functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline import facts
from pipeline.dates import fold
from pipeline.extract import extract

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "facts.yaml").read_text("utf-8"))


def plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@pytest.mark.parametrize("case", CORPUS, ids=[c["text"][:60] or "empty" for c in CORPUS])
def test_fact_table(case: dict) -> None:
    pub = case.get("pub", dt.date(2024, 3, 1))
    rec = extract(case["text"], published=pub.isoformat(), now=dt.date(2024, 1, 1))
    assert {k: rec[k] for k in case["expect"]} == {k: plain(v) for k, v in case["expect"].items()}


def test_phrasing_tables_hold_200_cases() -> None:
    corpus = Path(__file__).parent / "corpus"
    n = sum(len(yaml.safe_load((corpus / f).read_text("utf-8")))
            for f in ("dates.yaml", "roles.yaml", "facts.yaml"))  # fmt: skip
    assert n >= 200


#: "w <locative>" -> nominative: cities, towns, villages, names of two words, hyphenated
#: names; Morfeusz 2 does the inflection, the gazetteer breaks ties between homonyms.
LOCATIVES = [
    ("w Lublinie", "Lublin"), ("we Wrocławiu", "Wrocław"), ("w Łodzi", "Łódź"),
    ("w Przysusze", "Przysucha"), ("w Wetlinie", "Wetlina"),
    ("w Ustrzykach Dolnych", "Ustrzyki Dolne"),
    ("w Wólce Kosowskiej", "Wólka Kosowska"), ("w Nowym Targu", "Nowy Targ"),
    ("w Zielonej Górze", "Zielona Góra"), ("w Bukowinie Tatrzańskiej", "Bukowina Tatrzańska"),
    ("w Bielsku-Białej", "Bielsko-Biała"), ("w Kędzierzynie-Koźlu", "Kędzierzyn-Koźle"),
    ("w Gorzowie Wielkopolskim", "Gorzów Wielkopolski"), ("w Poddębicach", "Poddębice"),
    ("w Brzozowie", "Brzozów"), ("w Zadzimiu", "Zadzim"), ("w Brukseli", "Bruksela"),
    ("w Kocudzy Drugiej", "Kocudza Druga"),  # a word known only as part of place names
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "nominative"), LOCATIVES)
def test_a_locative_gives_the_nominative(phrase: str, nominative: str) -> None:
    text = f"Spotkanie odbędzie się {phrase}."
    assert facts.city(text, None, [text]) == nominative


@pytest.mark.parametrize(
    "phrase", ["w Polsce", "w Małopolsce", "w Urzędzie Gminy", "w Sali Kolumnowej", "w Kozłowie"]
)
def test_no_locality_or_an_even_guess_gives_none(phrase: str) -> None:
    # countries and regions are no venue; "w Kozłowie" is Kozłów or Kozłowo (villages alike)
    text = f"Spotkanie odbędzie się {phrase}."
    assert facts.city(text, None, [text]) is None


def test_a_region_written_in_the_nominative_is_no_village() -> None:
    # "Kujawy" is the region (and here a foundation's name), not the plural of Kujawa the village
    text = "Panel odbędzie się w siedzibie Fundacji Ekspert – Kujawy (ul. Dubienka 2) o 16:00."
    assert facts.city(text, None, [text]) is None


def test_languages_unknown_page() -> None:
    assert facts.languages("", None) == (None, None)
    assert facts.languages(fold("w języku angielskim"), None) == (["en"], True)


def test_region_of() -> None:
    assert facts.region_of("Lublin") == "lubelskie"
    assert facts.region_of("Przysucha") == "mazowieckie"
    assert facts.region_of("Ustrzyki Dolne") == "podkarpackie"
    assert facts.region_of("Bruksela") is None
    assert facts.region_of(None) is None


def test_page_language() -> None:
    assert facts.page_language("Spotkanie odbędzie się w Lublinie i w Zamościu.") == "pl"
    assert facts.page_language("The meeting will be held in the city of Lublin.") == "en"
    assert facts.page_language("12345", "de") == "de"


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("The webinar will be held in English.", ["en"]),
        ("The working session is held in Latvian and English, with interpretation.", ["lv", "en"]),
        ("All events in the Czech Republic are cancelled by a directive.", None),
        ("partners able to apply in Polish grant competitions", None),
    ],
)
def test_a_language_name_before_a_noun_states_no_language(text: str, stated: list | None) -> None:
    got, is_stated = facts.languages(fold(text), "en")
    if stated is None:
        assert is_stated is False  # the page's own language by default, nothing stated
    else:
        assert got == stated and is_stated is True


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Gmina przesuwa zebrania wiejskie; odbędą się w późniejszych terminach.", "postponed"),
        ("Forum nie odbędzie się w Krynicy-Zdroju, ale w Karpaczu.", "scheduled"),
        ("Spotkanie nie odbędzie się z powodu choroby prowadzącego.", "cancelled"),
        # the noun and the verb of a cancellation; an appeal is none
        ("Odwołanie zebrania. Nowy termin ustali zarząd.", "cancelled"),
        ("Zarząd odwołuje walne zebranie zaplanowane na sobotę.", "cancelled"),
        ("Przysługuje odwołanie od decyzji do wojewody.", "scheduled"),
        ("Zmuszeni jesteśmy odwołać konferencję.", "cancelled"),
        ("Od decyzji można odwołać się do sądu.", "scheduled"),
        # cancelled, then moved: postponed
        ("Musimy odwołać kwietniowy zjazd; postanowiliśmy przełożyć go na jesień.", "postponed"),
    ],
)
def test_polish_status_phrases(text: str, status: str) -> None:
    assert facts.status(fold(text), False) == status


@pytest.mark.parametrize(
    "text",
    [
        "decyzja o przełożeniu konferencji z planowanego terminu na rok następny",
        "NOWY TERMIN: październik 2020 roku",
        "zebrania odbędą się w późniejszych terminach",
    ],
)
def test_a_move_with_no_day_gives_no_new_date(text: str) -> None:
    assert facts.no_new_date(fold(text))
