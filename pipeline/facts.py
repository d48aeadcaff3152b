"""Facts other than dates: language, attendance mode, city, venue, organizer,
status, event type, cost, and whether the page announces an event at all.

Why hand-written: these are Polish phrasings of a narrow genre (EU-funds
announcements); no library knows that "w Lublinie" means Lublin or that
"z tłumaczeniem na polski język migowy" adds Polish Sign Language. Each fact
is a small table of cue phrases; when a page gives no cue the answer is
``None`` (never a guess), except the documented inference of Polish for a
Polish page that states no language.

Matching runs on folded text (lower case, no diacritics) so pages typed
without Polish letters match too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick_rs

from . import languages as language_files
from . import places
from .dates import WEEKDAY_RE, fold
from .literals import Literals

_I = re.IGNORECASE
_F = 0  # patterns run on folded text (lower case, no diacritics): no case folding needed


def _cue(key: str, tail: str = "") -> re.Pattern[str]:
    """One cue of the Polish and English files (``<key>_re``), compiled for folded text."""
    alternatives = language_files.merged(language_files.ALWAYS, f"{key}_re")
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")" + tail, _F)


def _alt(key: str) -> str:
    """The Polish and English alternatives of ``<key>_re``, joined (a never-matching
    pattern when there are none): for a rule whose shape stays in code."""
    return "|".join(language_files.merged(language_files.ALWAYS, f"{key}_re")) or "(?!)"


def _triggers(key: str, kind: str = "triggers") -> tuple[str, ...]:
    """The literal pieces one of which every match of ``key``'s cue contains (``<key>_triggers``;
    ``kind`` "starts": ``<key>_starts``, the literal each of its alternatives begins with)."""
    return tuple(language_files.merged(language_files.ALWAYS, f"{key}_{kind}"))


class Gated:
    """A compiled pattern run only from the first occurrence of one of its
    trigger substrings.

    Why: Python's re costs ~15 ns per character per pattern, a page needs
    dozens of cue patterns, and finding literal substrings is far cheaper.
    Every match of the pattern must contain a trigger (in the folded text the
    pattern runs on) no further than ``_SLACK`` characters from the match's start.

    The triggers of all gates of a ``group`` are found together, in one
    Aho-Corasick pass per text (:func:`_gate_firsts`): one ``str.find`` per
    trigger was ~170 scans of every page, a fifth of the extractor's time.
    The group says which text a gate is asked about ("folded"; "text" for
    the few run on the page's own letters), so each text is scanned only for
    the triggers that can matter on it (fewer words: a faster automaton).
    """

    __slots__ = ("group", "pattern", "triggers")
    _SLACK = 24
    _all: list[Gated] = []  # every gate, for the shared trigger automata

    def __init__(
        self, pattern: re.Pattern[str], triggers: tuple[str, ...], group: str = "folded"
    ) -> None:
        global _recent
        self.pattern = pattern
        self.triggers = triggers
        self.group = group
        Gated._all.append(self)
        _automata.clear()  # a gate made after first use: rebuild with it
        _recent = ()

    def _first(self, text: str, pos: int = 0, endpos: int = 2**62) -> int:
        if pos == 0 and endpos >= len(text):
            return _gate_firsts(text, self.group).get(self, -1)
        find = text.find
        first = -1
        for t in self.triggers:
            # after a hit, only an earlier occurrence of another trigger matters
            i = find(t, pos, first + len(t) if first >= 0 else endpos)
            if i >= 0:
                first = i
        return first

    def search(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        first = self._first(text, pos, endpos)
        if first == -1:
            return None
        return self.pattern.search(text, max(pos, first - self._SLACK), endpos)

    def occurs(self, text: str) -> bool:
        """Does any trigger occur in ``text`` at all? For a pattern whose matches
        contain a trigger, but at no bounded distance from their start."""
        return self._first(text) != -1

    def iter(self, text: str) -> Iterator[re.Match[str]]:
        """Matches one by one (stop early when the first good one is enough)."""
        first = self._first(text)
        if first == -1:
            return iter(())
        return self.pattern.finditer(text, max(0, first - self._SLACK))

    def finditer(self, text: str) -> list[re.Match[str]]:
        first = self._first(text)
        if first == -1:
            return []
        return list(self.pattern.finditer(text, max(0, first - self._SLACK)))


#: group -> (automaton of the group's triggers, the gates of each trigger), built on first use.
_automata: dict[str, tuple[ahocorasick_rs.AhoCorasick, list[tuple[Gated, ...]]]] = {}
# The last few texts scanned and their gates' first trigger offsets: extract()
# asks a dozen gates about the same folded text, interleaved with the title.
# (Held by reference, so identity is a safe key; replaced whole, never mutated.)
_recent: tuple[tuple[str, str, dict[Gated, int]], ...] = ()


def _gate_firsts(text: str, group: str) -> dict[Gated, int]:
    """gate -> offset of the first occurrence of any of its triggers in ``text``,
    for the gates of ``group`` (gates with none are absent): what ``str.find``
    of each trigger would give."""
    global _recent
    for seen, seen_group, firsts in _recent:
        if seen is text and seen_group == group:
            return firsts
    if group not in _automata:
        owners: dict[str, list[Gated]] = {}
        for gate in Gated._all:
            if gate.group == group:
                for t in gate.triggers:
                    owners.setdefault(t, []).append(gate)
        words = list(owners)
        _automata[group] = (ahocorasick_rs.AhoCorasick(words), [tuple(owners[w]) for w in words])
    automaton, gates_of = _automata[group]
    firsts: dict[Gated, int] = {}
    # overlapping: every occurrence of every trigger, so none hides another
    for i, start, _end in automaton.find_matches_as_indexes(text, overlapping=True):
        for gate in gates_of[i]:
            if start < firsts.get(gate, start + 1):
                firsts[gate] = start
    _recent = ((text, group, firsts), *_recent[:3])
    return firsts


# --------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------

#: folded adjective stem -> ISO 639-1 code ("angielsk" covers angielski/-im/-iego), "po
#: angielsku" adverbs, "anglojęzyczne" prefixes (pl.yml) and English names (en.yml).
LANGUAGE_STEMS: dict[str, str] = dict(language_files.load("pl")["language_names"])
LANGUAGE_ADVERBS: dict[str, str] = dict(language_files.load("pl")["language_adverbs"])
LANGUAGE_PREFIXES: dict[str, str] = dict(language_files.load("pl")["language_prefixes"])
ENGLISH_NAMES: dict[str, str] = dict(language_files.load("en")["language_names"])

_STEM = "|".join(LANGUAGE_STEMS)
_ADV = "|".join(LANGUAGE_ADVERBS)
_PFX = "|".join(LANGUAGE_PREFIXES)
_EN = "|".join(ENGLISH_NAMES)


# The event is held in a language ("w języku angielskim", "po angielsku", "anglojęzyczne",
# "held in English"). The Polish branches read pl.yml, the English one en.yml: what stands
# before a name (`language_before_name_re`), between two (`language_and_re`), before an adverb
# (`language_adverb_before_re`), after a prefix (`language_prefix_after_re`), a sentence whose
# predicate is the language (`language_is_re`, `language_is_and_re`), and what may follow an
# English name for it to be a language, not an adjective (`language_after_name_re`).
def _held(code: str, key: str) -> str:
    return "|".join(language_files.load(code)[key]) or "(?!)"


_LANG_HELD = re.compile(
    rf"\b(?:(?:{_held('pl', 'language_before_name_re')})(?P<stem>{_STEM})\w*"
    rf"(?:\s+(?:{_held('pl', 'language_and_re')})\s+(?P<stem2>{_STEM})\w*)?"
    rf"|(?:{_held('pl', 'language_adverb_before_re')})(?P<adv>{_ADV})\b"
    rf"|(?P<pfx>{_PFX})(?:{_held('pl', 'language_prefix_after_re')})"
    # "Językiem spotkania/spotkań/wydarzenia/roboczym będzie/jest (język|j.) angielski"
    rf"|(?:{_held('pl', 'language_is_re')})(?P<stem3>{_STEM})\w*"
    rf"(?:(?:{_held('pl', 'language_is_and_re')})(?P<stem4>{_STEM})\w*)?"
    rf"|(?:{_held('en', 'language_before_name_re')})(?P<en>{_EN})\b"
    rf"(?:\s+(?:{_held('en', 'language_and_re')})\s+(?P<en2>{_EN})\b)?"
    # a language, not an adjective before a noun ("in Czech Republic", "in Polish grants")
    rf"(?=\s*(?:[,.;:!?()]|$|\s(?:{_held('en', 'language_after_name_re')}))))",
    _F,
)
# a verb of speaking or an event right before "po angielsku" makes it the event's language
# (pl.yml: `speaking_re`)
_SPEAKING = _cue("speaking")
# "Participants can speak and listen English, French, German, Polish and Romanian"
# (en.yml: `language_list_re` the leads, `language_and_re` between names, `language_list_triggers`)
_EN_AND = "|".join(language_files.load("en")["language_and_re"]) or "(?!)"
_LANG_LIST = re.compile(
    rf"\b(?:{_alt('language_list')})"
    rf"\s*(?P<list>(?:{_EN})\b(?:\s*(?:,|{_EN_AND})\s*(?:{_EN})\b){{0,23}})",
    _F,
)
_LANG_LIST_WORDS = _triggers("language_list")
# "tłumaczenie polsko-angielskie": interpretation between two languages, both held
_INTERPRET_PAIR = re.compile(  # (pl.yml: `interpretation_pair_re`, `_triggers`)
    rf"\b(?:{_alt('interpretation_pair')})(?P<a>{_STEM})o-(?P<b>{_STEM})\w*", _F
)
_INTERPRET_PAIR_WORDS = _triggers("interpretation_pair")
# Things that have a language but are not the event: materials, forms, websites.
_LANG_NOT_EVENT = re.compile(  # (pl.yml, en.yml: `language_not_event_re`)
    rf"\b(?:{_alt('language_not_event')})\W+(?:\w+\W+){{0,2}}$", _F
)
# Interpretation: "tłumaczenie (symultaniczne) na język polski", "interpretation into Polish".
# (pl.yml, en.yml: `interpretation_re` the nouns, `interpretation_kinds_re` "simultaneous",
# `interpretation_into_re` the prepositions, `language_words_re` "język" before a name)
_INTERPRET = re.compile(
    rf"\b(?:{_alt('interpretation')})"
    rf"(?P<simul>\s+(?:{_alt('interpretation_kinds')})\w*)?"
    rf"(?:\s+(?:{_alt('interpretation_into')})\s+(?:(?:{_alt('language_words')})\s*)?(?P<stem>{_STEM})\w*"
    rf"|\s+(?:{_alt('interpretation_into')})\s+(?P<en>{_EN}))?",
    _F,
)
# "interpretation will be provided in: EN / FR / DE": ISO codes (en.yml: `interpretation_codes_re`)
_INTERPRET_CODES = re.compile(
    rf"\b(?:{_alt('interpretation_codes')})\s*:?\s*(?P<codes>(?:[a-z]{{2}}\s*[/,]\s*){{0,23}}[a-z]{{2}})\b"
)
# sign language: it adds "pso" (pl.yml, en.yml: `sign_language_re`, `sign_language_triggers`; an
# interpretation with one of `sign_language_words` just after it is into sign language)
_SIGN = _cue("sign_language")
_SIGN_WORDS = tuple(language_files.merged(language_files.ALWAYS, "sign_language_words"))


def languages(folded: str, page_language: str | None) -> tuple[list[str] | None, bool | None]:
    """ISO codes of the languages the event is held in, and whether the page
    stated them. Interpretation into a language adds it; Polish Sign
    Language adds ``pso``. A page that states nothing is taken to be held in
    its own language (``languages_stated`` false); an unknown page gives None."""
    found: list[str] = []

    def add(code: str | None) -> None:
        if code and code not in found:
            found.append(code)

    for m in _LANG_HELD.finditer(folded):
        if _LANG_NOT_EVENT.search(folded, max(0, m.start() - 40), m.start()):
            continue
        if m.group("adv") and not _SPEAKING.search(folded, max(0, m.start() - 28), m.start()):
            continue  # "Święta po czesku" is Easter the Czech way; "poprowadzimy po angielsku"
        add(LANGUAGE_STEMS.get(m.group("stem") or ""))
        add(LANGUAGE_STEMS.get(m.group("stem2") or ""))
        add(LANGUAGE_STEMS.get(m.group("stem3") or ""))
        add(LANGUAGE_STEMS.get(m.group("stem4") or ""))
        add(LANGUAGE_ADVERBS.get(m.group("adv") or ""))
        add(LANGUAGE_PREFIXES.get(m.group("pfx") or ""))
        add(ENGLISH_NAMES.get(m.group("en") or ""))
        add(ENGLISH_NAMES.get(m.group("en2") or ""))
    if any(map(folded.__contains__, _LANG_LIST_WORDS)):  # (map: no generator frame)
        for m in _LANG_LIST.finditer(folded):
            for name in re.findall(r"[a-z]+", m.group("list")):
                add(ENGLISH_NAMES.get(name))
    if any(map(folded.__contains__, _INTERPRET_PAIR_WORDS)):
        for m in _INTERPRET_PAIR.finditer(folded):
            add(LANGUAGE_STEMS.get(m.group("a")))
            add(LANGUAGE_STEMS.get(m.group("b")))
    interpreted: list[str] = []
    for m in _INTERPRET.finditer(folded):
        if _SIGN.pattern.match(folded, m.end(), m.end() + 40) or any(
            w in folded[m.end() : m.end() + 30] for w in _SIGN_WORDS
        ):
            continue
        code = LANGUAGE_STEMS.get(m.group("stem") or "") or ENGLISH_NAMES.get(m.group("en") or "")
        if code:
            interpreted.append(code)
        elif m.group("simul"):
            interpreted.append("pl" if page_language in (None, "pl") else page_language)
    for m in _INTERPRET_CODES.finditer(folded):
        interpreted.extend(re.findall(r"[a-z]{2}", m.group("codes")))
    if interpreted and not found and page_language:
        # "tłumaczenie na język angielski" with no held language stated: the event is
        # held in the page's language and interpreted into another, so both.
        add(page_language)
    for code in interpreted:
        add(code)
    sign = bool(_SIGN.search(folded))
    if found:
        if sign:
            add("pso")
        return found, True
    if sign:
        base = [page_language] if page_language else []
        return [*base, "pso"], True
    if page_language:
        return [page_language], False
    return None, None


# --------------------------------------------------------------------------
# Attendance mode
# --------------------------------------------------------------------------

_ONLINE = _cue("online")


# "online" that is about registration, not the event.
@functools.lru_cache(maxsize=16)
def _online_form_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """Right after "online", one of the same words names what is online ("online
    registrácia", "on-line dotazník"): a form, not the event."""
    words = [f for c in codes for f in language_files.load(c).get("online_not_after_re") or []]
    return re.compile(r"[ \t]+(?:" + ("|".join(words) or "(?!)") + r")\b", _F)


@functools.lru_cache(maxsize=16)
def _online_not_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    def alt(key: str) -> str:
        words = [f for c in codes for f in language_files.load(c).get(key) or []]
        return "|".join(words) or "(?!)"

    return re.compile(
        rf"\b(?:{alt('online_not_after_re')})\W+(?:\w+\W+){{0,2}}$"
        rf"|\b(?:{alt('negation_re')})\W+(?:\w+\W+){{0,1}}$"
        rf"|\b(?:{alt('condition_re')})\b[^.\n]{{0,70}}$",
        _F,
    )


_OFFLINE = _cue("offline")
_MIXED = _cue("mixed")


def _without_contacts(folded: str) -> str:
    """The text without contact lines: an office's street address under
    "Kontakt" does not make a webinar on-site."""
    if not any(map(folded.__contains__, _CONTACT_MARKS)):
        return folded
    # (a contact line is short; a paragraph that ends with "questions to the contact
    # point" still says how the event is held)
    return "\n".join(
        line for line in folded.split("\n") if len(line) > 160 or not _CONTACT_LINE.search(line)
    )


# (pl.yml, en.yml: `contact_re`, a contact line's words; `contact_triggers`, lines are looked at
# only when one of these, or "@", occurs)
_CONTACT_MARKS = (*_triggers("contact"), "@")
_CONTACT_LINE = re.compile(rf"\b(?:{_alt('contact')})\b|@")


def attendance_mode(folded: str, placed: bool = False) -> str | None:
    """online, offline or mixed from cue words; None when the page says nothing.
    Both an on-site place and a stream make it mixed ("hybrid"). ``placed``:
    the event's own sentence or venue label names a city. Contact lines are
    left out (an office's address is not the venue)."""
    folded = _without_contacts(folded)
    if _MIXED.search(folded):
        return "mixed"
    # "online" about a form, a registration, a recording, or a fallback: not the event's
    online_not = _online_not_of(language_files.active())
    online_form = _online_form_of(language_files.active())
    online = any(
        not online_not.search(folded, max(0, m.start() - 80), m.start())
        and not online_form.match(folded, m.end())
        for m in _ONLINE.iter(folded)
    )
    offline = bool(_OFFLINE.search(folded)) or placed
    if online and offline:
        return "mixed" if placed or _OFFLINE_STRONG.search(folded) else "online"
    if online:
        return "online"
    if offline:
        return "offline"
    return None


@functools.lru_cache(maxsize=16)
def _venue_words_of(codes: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    words = [str(w) for c in codes for w in language_files.load(c).get("venue_words_re") or []]
    if not words:
        return None
    nots = [str(w) for c in codes for w in language_files.load(c).get("not_venue_re") or []]
    names = [str(n) for c in codes for n in language_files.load(c).get("language_names") or {}]
    return (
        re.compile(rf"\b(?:{'|'.join(words)})[ \t]+(?P<w>[^\W\d_][^\W\d_-]+)"),
        re.compile(rf"(?:{'|'.join([*nots, *map(re.escape, names)] or ['(?!)'])})"),
    )


def venue_named(sentences: list[str]) -> bool:
    """Does the event's own sentence place it at a named venue ("v Kine Tabačka", "im Alten
    Bahnhof", "in Malta")? Then, with no word for its mode, the event is on site. A
    month, a weekday, a language, or one of the language's non-places is no venue."""
    from .dates import _g, _month

    rx = _venue_words_of(language_files.active())
    if rx is None:
        return False
    venue, not_venue = rx
    g = _g()
    for sentence in sentences:
        for m in venue.finditer(sentence):
            word = m.group("w")
            folded = fold(word)
            if not word[0].isupper() or _month(word, g) or folded in g.WEEKDAYS:
                continue
            if not not_venue.match(folded):
                return True
    return False


# On-site cues strong enough to make an online event hybrid (an address or room),
# rather than an organiser's seat mentioned in passing.
_OFFLINE_STRONG = _cue("offline_strong")  # pl.yml, en.yml: `offline_strong_re`, `_triggers`

# --------------------------------------------------------------------------
# City: any Polish locality, by Morfeusz 2 (see pipeline/places.py)
# --------------------------------------------------------------------------

_UP = "A-ZĄĆĘŁŃÓŚŹŻ"
_CAPWORD = rf"[{_UP}][^\W\d_]*(?:-[{_UP}][^\W\d_]*)?"
# "w Przysusze", "we Wrocławiu", "w Wólce Kosowskiej", "w Nowym Targu": the capitalised
# words after the preposition are the candidates Morfeusz is asked about (on the page's
# own text: capitals matter). "w Gdańsku, Toruniu i Bydgoszczy" continues the list.
_TWO = rf"(?P<w1>{_CAPWORD})(?:[ \t]+(?P<w2>{_CAPWORD}))?"
_LOC_CAND = re.compile(rf"[wW](?<![^\W\d_][wW])e?[ \t]+{_TWO}")
_LOC_MORE = re.compile(rf"[ \t]*(?:,|\bi\b|\boraz\b)[ \t]*(?:we?[ \t]+)?{_TWO}")
# A name in the nominative after a postal code, a label or a comma: "20-001 Lublin".
_NOM_CAND = re.compile(_TWO)
# "nad Odrą", "nad Wisłą", "n. Bugiem": part of a town's name, as written (instrumental)
_ON_RIVER = re.compile(  # (pl.yml: `river_prepositions_re`)
    rf"[ \t]+(?:{_alt('river_prepositions')})[ \t]+[{_UP}][^\W\d_]+(?=[\s,.;:)]|$)"
)


def also_in_poland(city: str, sentences: list[str]) -> bool:
    """Does a sentence that places the event in ``city`` abroad place it in a Polish
    locality too ("we Frankfurcie nad Odrą i Słubicach")?"""
    for sentence in sentences:
        names = [n for _s, _e, found in _locatives(sentence) for n in found]
        if city in names and any(
            not places.is_abroad(n) and places.lookup(n) is not None for n in names
        ):
            return True
    return False


def region_of(city: str | None) -> str | None:
    """Voivodeship of a Polish locality (None abroad or unknown): GeoNames."""
    return places.region_of(city)


def _words(m: re.Match[str]) -> list[str]:
    return [w for w in (m.group("w1"), m.group("w2")) if w]


def _locatives(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, list[str]]]:
    """(start, end, nominatives) of each "w <place>" in ``text`` (a list of several
    places after one "w" gives them all)."""
    out = []
    for m in _LOC_CAND.finditer(text, lo, len(text) if hi is None else hi):
        found = places.nominative(_words(m), "loc")
        if found is None:
            continue
        pos = m.start("w1") + len(" ".join(_words(m)[: found[1]]))
        names = [found[0]]
        if river := _ON_RIVER.match(text, pos):  # "we Frankfurcie nad Odrą"
            names[0] += " " + " ".join(river.group(0).split())
            pos = river.end()
        while (more := _LOC_MORE.match(text, pos)) is not None:
            nxt = places.nominative(_words(more), "loc")
            if nxt is None:
                break
            names.append(nxt[0])
            pos = more.start("w1") + len(" ".join(_words(more)[: nxt[1]]))
        out.append((m.start(), pos, names))
    return out


def _city_word(m: re.Match[str]) -> bool:
    """Cheap pre-check: could the capitalised word be a city's name in the nominative?"""
    return places.is_city(m.group("w1"))


def _nominative_at(text: str, pos: int, lang: str | None = None) -> str | None:
    """The locality named in the nominative at ``pos``; a place abroad keeps the name
    an English page writes ("Brussels"), a Polish page's is the Polish one."""
    m = _NOM_CAND.match(text, pos)
    if m is None:
        return None
    found = places.nominative(_words(m), "nom")
    if found and lang == "en" and places.abroad(" ".join(_words(m)[: found[1]])):
        return " ".join(_words(m)[: found[1]])
    if not found and lang == "en":
        # an English page names a town abroad, or a Polish city without its letters
        # ("Zagreb", "Utena", "Gdansk"): the gazetteers, not the Polish dictionary
        words = _words(m)
        for n in (2, 1)[2 - len(words) :]:
            name = " ".join(words[:n])
            if places.abroad_town(name):
                return name
            if places.is_city(name) or ((p := places.lookup(name)) and places.is_city(p.name)):
                return places.lookup(name).name  # type: ignore[union-attr]
    return found[0] if found else None


# A postal code then the city in the nominative: "20-001 Lublin".
_POSTAL = re.compile(
    r"\b"
    + language_files.alternation(language_files.load("pl")["postal_code_re"])
    + r"\s+(?P<c>[^\W\d_][^\W\d_-]*(?:[- ][^\W\d_]+)?)"
)
_POSTAL_ABROAD = re.compile(
    r"\b\d{4,5}\s+(?P<c>[^\W\d_]+(?: \([^\W\d_]+\)| (?!and\b|i\b)[^\W\d_]+)?)"
)  # "1040 Brussels", "15230 Frankfurt (Oder)"
# "w Lublinie" inside an institution's name is its seat, not the venue.
_INSTITUTION_BEFORE = re.compile(  # (pl.yml: `institution_before_re`)
    rf"\b(?:{_alt('institution_before')})\b[^.,;\n]{{0,60}}$", _F
)
_PLACE_CUE_BEFORE = re.compile(  # (pl.yml: `place_cue_before_re`)
    rf"(?:{_alt('place_cue_before')})\b"
    # to the end, over no sentence end (the dots of "godz." and "9.00" are none)
    r"(?:[^.\n]|(?<=godz)\.|(?<=\d)\.(?=\d)){0,80}$",
    _F,
)


def city(
    text: str, venue: str | None, event_sentences: list[str], title: str | None = None
) -> str | None:
    """The city of the venue, in the nominative, or None (see :func:`place`)."""
    return place(text, venue, event_sentences, title)[0]


def place(
    text: str,
    venue: str | None,
    event_sentences: list[str],
    title: str | None = None,
    folded: str | None = None,
    lang: str | None = None,
) -> tuple[str | None, bool]:
    """The city of the venue in the nominative, and whether the page places
    the event there (a venue label or the event's own sentence) rather than
    merely naming a city (a title, a phrase elsewhere).

    Sources in order of trust: the labelled venue (its postal code, a city
    name in it, a locative), the sentences that carry the event's date, the
    title, then place phrases anywhere ("spotkanie odbędzie się w Lublinie").
    Several different cities (a tour, an organiser elsewhere) give None: a
    guess is worse than nothing.
    """
    if venue:
        found = _cities_in(venue, plain=True, lang=lang)
        if found:
            return found[0], True
    in_sentences: list[str] = []
    for sentence in dict.fromkeys(event_sentences):  # a sentence with two dates: once
        in_sentences += _cities_in(sentence, plain=False, lang=lang)
    if not in_sentences:
        # No dated sentence names a place (or the date could not be read): the
        # sentences that announce the event ("W Skarszewach konsultacje odbędą się ...",
        # "zapraszamy na Święto Kociewia do Gruczna").
        for sentence in announcing_sentences(text, folded):
            in_sentences += _cities_in(sentence, plain=False, lang=lang)
    if in_sentences:
        # a series in several towns: the first session's (labelling.md)
        return in_sentences[0], True
    if any(_UNNAMED_OFFICE.search(sentence) for sentence in event_sentences):
        # "w siedzibie Urzędu Gminy" with the office unnamed: the gmina the page names
        # ("Wójt Gminy Podegrodzie zaprasza"), whose seat bears its name; one gmina only
        gminas = {
            name for m in _GMINA_NAMED.finditer(text[:4000])
            if (name := _nominative_at(text, m.start("w1"), lang))
        }  # fmt: skip
        if len(gminas) == 1:
            return gminas.pop(), True
    by_adjective = {
        town for sentence in dict.fromkeys(event_sentences)
        for m in _TOWN_ADJECTIVE.finditer(sentence)
        if not _AREA_BEFORE.search(fold(sentence[max(0, m.start() - 25) : m.start()]))
        and (town := places.town_of_adjective(m.group(1)))
    }  # fmt: skip
    if len(by_adjective) == 1:
        # "w warszawskim Centrum Konferencyjnym", "w Gubińskim Domu Kultury": an
        # institution named by its town's adjective stands in that town
        return by_adjective.pop(), True
    if any(
        places.unknown(m.group("w1"))
        for sentence in event_sentences
        for m in _LOC_CAND.finditer(sentence)
    ):
        return None, True  # "w Sielinku": a place the dictionary does not know; on site
    if title:
        # "Spotkanie informacyjne w Rzeszowie": a title naming one city names the venue's;
        # so does a title led by a place ("Lublin: weekend z ekonomią społeczną").
        in_title = {c for _s, _e, names in _locatives(title) for c in names}
        lead = _TITLE_PLACE.match(title)
        if lead and (name := _nominative_at(title, 0, lang)):
            in_title.add(name)
        if len(in_title) == 1:
            return in_title.pop(), False
    # a dateline: a line of its own under the title naming only a place ("Skierniewice")
    for line in text.split("\n", 4)[1:4]:
        line = line.strip().rstrip(",")
        if 0 < len(line) <= 30 and not any(ch.isdigit() for ch in line) and line[:1].isupper():
            m = _NOM_CAND.fullmatch(line)
            found = places.nominative(_words(m), "nom") if m else None
            if found and found[1] == len(_words(m)):  # the whole line, not "Jarosław Babiasz"
                return found[0], False
    folded = folded if folded is not None else fold(text)
    cands: set[str] = set()
    for s, _e, names in _locatives(text):
        before = folded[max(0, s - 90) : s]
        if _INSTITUTION_BEFORE.search(before) and not _PLACE_CUE_BEFORE.search(before[-40:]):
            continue
        if not _PLACE_CUE_BEFORE.search(before):
            continue
        cands.update(names)
    if len(cands) == 1:
        return cands.pop(), False
    # a place abroad the page names once, by postal code or "in <town>" ("1000 Brussels")
    abroad = {
        m.group("c")
        for m in (_POSTAL_ABROAD.finditer(text[:4000]) if lang == "en" else ())
        if places.abroad(m.group("c"))
    }  # (English pages: the Polish ones write a place abroad in the locative)
    if len(abroad) == 1:
        return abroad.pop(), False
    return None, False


# (pl.yml: `unnamed_office_re`, an office whose town is not written after it)
_UNNAMED_OFFICE = re.compile(rf"\b(?:{_alt('unnamed_office')})\b(?![ \t]+[{_UP}])")
# "Wójt Gminy Podegrodzie" (pl.yml: `gmina_named_re`)
_GMINA_NAMED = re.compile(rf"\b(?:{_alt('gmina_named')})[ \t]+{_TWO}")
# A town's adjective before a proper name ("warszawskim Centrum", "Gubińskim Domu Kultury")
_TOWN_ADJECTIVE = re.compile(
    rf"(?<![^\W\d_])([^\W\d_]{{4,}}[sc]k(?:i|iego|iemu|im|imi|ich|ie|iej|a|ą))[ \t]+(?=[{_UP}])"
)
# ... not an area's ("powiatu poznańskiego", "województwa opolskiego", "Ziemi Wąbrzeskiej")
_AREA_BEFORE = re.compile(rf"\b(?:{_alt('area_before')})\s*$")  # (pl.yml: `area_before_re`)
_TITLE_PLACE = re.compile(rf"{_TWO}[ \t]*[:|–-][ \t]")
_PREPOSITION_END = re.compile(
    rf"\b(?:{_alt('preposition_before_institution')})\s+(?:[^\W\d_]+\s+){{0,2}}$"
)  # "przed Gminnym Ośrodkiem Kultury w Goleszowie": an institution one goes to
# (pl.yml, en.yml: `preposition_before_institution_re`)
# "odbędzie się ... w sali C1.02 Urzędu Marszałkowskiego w Katowicach": an
# institution named after the event's verb is where it happens.
_VENUE_VERB_BEFORE = re.compile(  # (pl.yml: `venue_verb_before_re`)
    rf"\b(?:{_alt('venue_verb_before')})\b[^\n]{{0,150}}$"
)


# "odbędzie się", "zapraszamy", "will be held": a sentence that announces the event (pl.yml,
# en.yml: `announce_re`; `announce_starts`, the literal each alternative begins with, found in one
# Aho-Corasick pass)
_ANNOUNCE = _cue("announce")
_ANNOUNCE_WORDS = Literals(_triggers("announce", "starts"))
# where a sentence ends in folded text: a stop and a space (not after a digit), or a line end
# (the stop is matched first and the abbreviations looked back at from it: one test a
# character instead of a dozen)
# (pl.yml, en.yml: `sentence_abbreviations`; "r." only after a space or a dot: "2024 r.")
_SENTENCE_STARTS = re.compile(
    r"[.!?](?<!\d[.!?])(?<![\s.]r\.)"
    + "".join(rf"(?<!\b{re.escape(str(a))}\.)"
              for a in language_files.merged(language_files.ALWAYS, "sentence_abbreviations"))
    + r"(?=\s)|\n"
)
_NAMED_AFTER_KIND = re.compile(  # (pl.yml: `named_after_kind_re`, `named_after_kind_triggers`)
    rf"(?:{_alt('named_after_kind')})[ \t]+{_TWO}"
)
_NAMED_AFTER_KIND_WORDS = _triggers("named_after_kind")
# "zapraszamy ... do Gruczna": an invitation to a place names it in the genitive.
_TO_PLACE = re.compile(
    rf"(?<![^\W\d_])(?:{_alt('to_place')})[ \t]+{_TWO}"
)  # (pl.yml: `to_place_re`)
_TO_PLACE_WORDS = _triggers("to_place")


def announcing_sentences(text: str, folded: str | None = None) -> list[str]:
    """The sentences (of the first 4,000 characters) that announce the event."""
    head = text[:4000]
    folded = (folded if folded is not None else fold(head))[:4000]
    if len(folded) != len(head):
        folded = fold(head)
    starts = _ANNOUNCE_WORDS.starts(folded)
    if not starts:
        return []
    out: list[str] = []
    last = -1
    for pos in starts:
        if pos < last:
            continue
        if not (_ANNOUNCE.match(folded, max(0, pos - 1)) or _ANNOUNCE.match(folded, pos)):
            continue
        lo = 0  # the sentence around the cue: its ends looked for near it only
        for b in _SENTENCE_STARTS.finditer(folded, max(0, pos - 400), pos):
            lo = b.start() + 1
        end = _SENTENCE_STARTS.search(folded, pos)
        hi = end.start() + 1 if end else len(head)
        if hi - lo > 12:
            out.append(head[lo:hi])
        last = hi
    return out


_FOUR_DIGITS = re.compile(r"\d{2}-\d{3}|\d{4}")
_UPPER_AFTER_START = re.compile(rf"(?<=.)[{_UP}]", re.DOTALL)


def _cities_in(text: str, plain: bool, lang: str | None = None) -> list[str]:
    """Cities named in a short text (a venue label, an event sentence), in text order."""
    if not _UPPER_AFTER_START.search(text):
        return []  # every place name is capitalised
    folded = fold(text)
    found_at: list[tuple[int, str]] = []
    if any(w in folded for w in _TO_PLACE_WORDS):
        for m in _TO_PLACE.finditer(text):
            found = places.nominative(_words(m), "gen")
            if found:
                found_at.append((m.start(), found[0]))
    # "w miejscowości Obora", "Urząd Gminy Konstantynów", "Gmina Gołańcz": the name stands
    # in the nominative after its kind.
    if any(w in folded for w in _NAMED_AFTER_KIND_WORDS):
        for m in _NAMED_AFTER_KIND.finditer(text):
            name = _nominative_at(text, m.start("w1"), lang)
            if name:
                found_at.append((m.start(), name))
    if _FOUR_DIGITS.search(text):  # postal codes: "1040 Brussels", "16-400 Suwałki"
        for m in _POSTAL_ABROAD.finditer(text):
            if name := places.abroad(m.group("c")):
                found_at.append((m.start(), m.group("c") if lang == "en" else name))
        for m in _POSTAL.finditer(text):
            name = _nominative_at(text, m.start("c"), lang)
            if name:
                found_at.append((m.start(), name))
            elif plain:
                found_at.append((m.start(), m.group("c").strip()))
    out = [name for _pos, name in sorted(found_at)]
    for s, _e, names in _locatives(text):
        before = folded[max(0, s - 90) : s]
        inst = _INSTITUTION_BEFORE.search(before) if not plain else None
        if (
            inst is not None
            and "siedzib" not in before
            and not _VENUE_VERB_BEFORE.search(folded, max(0, s - 160), s)
            and not _PREPOSITION_END.search(before, 0, inst.start())
        ):
            continue  # "WUP w Toruniu zaprasza": the organiser's seat, not the venue
            # ("zapraszamy do Muzeum Mazowieckiego w Płocku": an institution one goes to is)
        out.extend(names)
    if out:
        return out
    # A name in the nominative: in a venue label anywhere ("Miejsce: Urząd Gminy, Przysucha"),
    # in prose after a comma, dash, bracket or "in" ("11 maja, godz. 14:00, Toruń (...)",
    # "in Brussels").
    for m in _NOM_CAND.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()].rstrip(" \t")
        at_mark = m.start() == 0 or before.endswith(
            (",", "-", "–", "—", "(", ":", "\n", " in", " of", " at")
        )
        label = text[m.end() : m.end() + 2].strip()[:1] in (":", "/") and (
            m.start() == 0 or text[m.start() - 1] == "\n"
        )  # "Miejsce / Venue:" opening a line
        if text.startswith(" time", m.end()) or label:
            continue  # "11:00 Brussels time" is a clock; "Miejsce:" a label
        at = m.start()
        if m.group("w2") and 3 <= len(m.group("w1")) <= 6 and m.group("w1").isupper():
            at, at_mark = m.start("w2"), True  # "PODR Szepietowo": an institution's town
        wanted = plain or at_mark or _city_word(m)
        name = _nominative_at(text, at, lang) if wanted else None
        if name and (plain or at_mark or places.is_city(name)):
            # in prose a name stands after a mark, or is a city's ("w EC1 Łódź")
            out.append(name)
            break
    return out


# --------------------------------------------------------------------------
# Labelled fields: Miejsce:, Organizator:
# --------------------------------------------------------------------------

# "Miejsce: ...", "Venue: ...": the words from the Polish and English files
_VENUE_LABEL = re.compile(
    r"(?:^|\n)[ \t]*"
    + language_files.alternation(language_files.merged(language_files.ALWAYS, "venue_labels_re"))
    + r"(?:[ \t]*[:\-–][ \t]*|[ \t]*:?[ \t]*\n[ \t]*)(?P<v>[^\n]{2,200})",
    _I,
)
# "Organizator: ...", "Organiser: ...", "Organizatorem jest ..." (pl.yml, en.yml:
# `organizer_labels_re`, `organizer_is_re`, `organizer_label_triggers`; on the page's own
# letters, any case)
_ORGANIZER_LABEL = re.compile(
    r"(?:^|\n|(?<=\.)[ \t])[ \t]*(?:" + _alt("organizer_labels") + ")"
    r"(?:[ \t]*[:\-–][ \t]*|[ \t]*:?[ \t]*\n[ \t]*)(?P<v>[^\n]{2,200})"
    r"|\b(?:" + _alt("organizer_is") + r")\s+(?P<v2>[^.\n]{3,150})",
    _I,
)
_VENUE_ONLINE = re.compile(  # a venue label that says "online" (pl.yml, en.yml: `venue_online_re`)
    rf"^\W*(?:{_alt('venue_online')})\b", _I
)


def venue(text: str) -> str | None:
    """The venue as labelled ("Miejsce: Sala 12, ul. Spokojna 3, Lublin");
    None when unlabelled or when the label just says "online"."""
    m = _VENUE_LABEL.search(text)
    if not m:
        return None
    raw = m.group("v")
    if "\n" in text[m.start("v") - 3 : m.start("v")]:
        cell = _column_cell(text, m)  # a table header: "Data | Godzina | Miejsce"
        raw = raw if cell is None else cell
    v = _first_sentence(raw).strip(" \t.;")
    if not v or _VENUE_ONLINE.match(v) or v[0].isdigit() or _STARTS_WEEKDAY.match(v):
        return None  # "online", or a table header's next cell ("Miejsce" / "12.10.2021")
    return v


_STARTS_WEEKDAY = re.compile(rf"(?:{WEEKDAY_RE})\.?,?\s*\d", _I)
_HEADER_CELL = re.compile(r"[^\W\d][^\d\n:]{0,24}")


def _column_cell(text: str, m: re.Match[str]) -> str | None:
    """The label "Miejsce" as one header cell of a table read cell by cell
    ("Data", "Godzina", "Miejsce", then "17.10.2024", "9:30", "Chełm, ..."):
    the venue is the cell in the same column of the only row; "" when more
    rows follow (several places, no one venue); None when not a table."""
    label_start = text.rfind("\n", 0, m.start("v") - 1)
    before = text[:label_start].split("\n")[-6:]
    col = 0
    for line in reversed(before):
        if not _HEADER_CELL.fullmatch(line.strip()):
            break
        col += 1
    if col == 0:
        return None
    cells = text[m.start("v") :].split("\n", col + 2)
    if len(cells) <= col:
        return None
    if len(cells) > col + 1 and _ROW_START.match(cells[col + 1]):
        return ""  # a second row of dates
    return cells[col]


_ROW_START = re.compile(rf"\s*(?:(?:{WEEKDAY_RE})\.?,?\s*)?\d", _I)


def organizer(text: str, folded: str | None = None, lang: str | None = None) -> str | None:
    """The organiser when labelled ("Organizator: ...", "Organizatorem jest ..."),
    else the institution that invites ("Wojewódzki Urząd Pracy w Rzeszowie
    zaprasza na ...", "The European Commission organises ...")."""
    m = _ORGANIZER_LABEL.search(text)
    if not m:
        return _inviter(text, folded if folded is not None else fold(text), lang)
    v = _first_sentence(m.group("v") or m.group("v2") or "").strip(" \t;")
    if not v.endswith(_ABBREVIATED_ENDS):  # "sp. z o.o." keeps its dot
        v = v.rstrip(".")
    return v if v and not v[0].isdigit() else None


_ABBREVIATED_ENDS = ("o.o.", "S.A.", "s.c.", "sp.j.", "sp.k.", "p.p.")


# The verb after the subject that names the organiser, by its stem in the folded text
# and the endings that make it third person ("zapraszamy", "organizacji" name nobody).
# Found with str.find (one per stem), not a regex scan: this runs on every page; the
# inviting sentence leads the announcement, so only the first _INVITE_REACH characters.
# (pl.yml, en.yml: `invite_verbs`, stem -> endings; `invite_adverbs`, "serdecznie" before the verb)
_INVITE_STEMS: dict[str, dict[str, tuple[str, ...]]] = {
    code: {
        str(stem): tuple(map(str, ends))
        for stem, ends in language_files.load(code)["invite_verbs"].items()
    }
    for code in language_files.ALWAYS
}
_ALL_INVITE_STEMS = {s: e for stems in _INVITE_STEMS.values() for s, e in stems.items()}
_INVITE_ADVERBS = tuple(
    f"{w} " for w in language_files.merged(language_files.ALWAYS, "invite_adverbs")
)
_INVITE_REACH = 1500
# An institution's head noun in the nominative as the subject's first or second word
# (folded, after one adjective: "Wojewódzki Urząd Pracy"), so that "W środę Urząd ..."
# or "Eksperci Punktu ..." are not taken for an organiser's name.
# (pl.yml, en.yml: `institution_heads` the nouns, `not_subject_lead_re` a first word that starts
# no organiser's name)
_INSTITUTION_HEAD = re.compile(
    rf"^(?:(?!{_alt('not_subject_lead')})[^\s]+\s+)?"
    rf"(?:{'|'.join(language_files.merged(language_files.ALWAYS, 'institution_heads')) or '(?!)'})"
    r"(?![^\W\d_])"
)


def _inviter(text: str, folded: str, lang: str | None = None) -> str | None:
    """The subject of the first "X zaprasza" sentence when X is an institution
    (the verb found in ``folded``, the subject read from ``text``)."""
    head = text[:_INVITE_REACH]
    if len(folded) != len(text):
        folded = fold(head)
        if len(folded) != len(head):
            return None  # offsets would not line up
    for pos in _invite_verbs(folded, lang):
        end = pos - 1
        for adverb in _INVITE_ADVERBS:  # "serdecznie zaprasza"
            if folded.endswith(adverb, 0, end + 1):
                end -= len(adverb)
                break
        dot = head.rfind(". ", 0, end)
        lo = max(head.rfind("\n", 0, end) + 1, dot + 2 if dot >= 0 else 0)
        subject = head[lo:end].strip(" \t,;")
        if subject.startswith("The "):
            subject = subject[4:]
        words = subject.split()
        if (
            2 <= len(words) <= 16
            and subject[0].isupper()
            and not any(ch.isdigit() for ch in subject)
            and _INSTITUTION_HEAD.match(fold(subject))
        ):
            return subject
    return None


def _invite_verbs(folded: str, lang: str | None = None) -> list[int]:
    """Offsets of "zaprasza", "zapraszają", "organizuje", "organises", "invites"
    as whole words after a space, in text order (the stems of ``lang`` only, when
    it is Polish or English)."""
    out = []
    stems = _INVITE_STEMS.get(lang or "") or _ALL_INVITE_STEMS
    for stem, endings in stems.items():
        i = folded.find(stem, 0, _INVITE_REACH)
        while i != -1:
            j = i + len(stem)
            for ending in endings:
                k = j + len(ending)
                if folded.startswith(ending, j) and not folded[k : k + 1].isalnum():
                    if i > 0 and folded[i - 1].isspace():
                        out.append(i)
                    break
            i = folded.find(stem, j, _INVITE_REACH)
    return sorted(out)


# A sentence ends at ". " before a capital, but not after "ul.", "al.", "pl.", "im.", "nr".
_SENTENCE_SPLIT = re.compile(
    r"(?<!\bul)(?<!\bal)(?<!\bpl)(?<!\bim)(?<!\bnr)(?<!\bos)(?<!\bdr)(?<!\bsp)"
    r"\.\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])"
)


def _first_sentence(value: str) -> str:
    return _SENTENCE_SPLIT.split(value, maxsplit=1)[0]


# --------------------------------------------------------------------------
# Status, type, cost, is_event
# --------------------------------------------------------------------------

_CANCELLED = _cue("cancelled", tail=r"\b")
_POSTPONED = _cue("postponed")
# "nie zostało odwołane": a negation right before a cancellation (pl.yml:
# `not_cancelled_before_re`); a postponement cue that only promises a new date ("nowy termin
# podamy": `promised_date_words`)
_NEGATED_CANCEL = re.compile(rf"\b(?:{_alt('not_cancelled_before')})$", _F)
_PROMISED = tuple(language_files.merged(language_files.ALWAYS, "promised_date_words"))


def status(folded: str, new_date: bool = False) -> str:
    """scheduled, cancelled or postponed. "Odwołane" is a cancellation even
    when a new date is promised ("nowy termin podamy wkrótce"); it is a
    postponement when the event is moved ("przełożone", "zmiana terminu") or
    a new date is actually given (``new_date``)."""
    moved = _POSTPONED.search(folded)
    cancelled = any(
        not _NEGATED_CANCEL.search(folded, max(0, m.start() - 12), m.start())
        for m in _CANCELLED.finditer(folded)
    )
    # "odwołane; postaramy się zorganizować w późniejszym terminie": cancelled
    only_promised = moved is not None and moved.group(0).startswith(_PROMISED)
    if cancelled and not new_date and (moved is None or only_promised):
        return "cancelled"
    if moved or new_date:
        return "postponed"
    if cancelled:
        return "cancelled"
    return "scheduled"


@functools.lru_cache(maxsize=16)
def _no_new_date_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    fragments = [f for c in codes for f in language_files.load(c).get("no_new_date_re") or []]
    return re.compile(r"\b(?:" + ("|".join(fragments) or "(?!)") + ")")


# a title that announces a call ("Nabór wniosków", "Call for applications"): pl.yml, en.yml
_CALL_TITLE = _cue("call_title")


def call_title(folded_title: str) -> bool:
    """Does the title announce a call for proposals ("New call for applications")?"""
    return bool(_CALL_TITLE.search(folded_title)) and not _EVENT_NOUN.search(folded_title)


def no_new_date(folded: str) -> bool:
    """Does a postponement say its new date is not known yet?"""
    return bool(_no_new_date_of(language_files.active()).search(folded))


#: The kinds a cue names, in precedence order: where cues of two kinds start at one position
#: ("spotkanie szkoleniowe": training and info_meeting), the earlier kind wins.
_TYPE_ORDER = ("webinar", "conference", "training", "consultation", "fair", "info_meeting")


def _types() -> list[tuple[str, str]]:
    """event_type -> cue alternatives (folded) of the Polish and English files
    (`event_types_re`), in :data:`_TYPE_ORDER`."""
    alternatives: dict[str, list[str]] = {kind: [] for kind in _TYPE_ORDER}
    for kind, fragments in language_files.merged(language_files.ALWAYS, "event_types_re"):
        if kind not in alternatives:
            raise language_files.LanguageError(
                f"event_types_re: {kind!r} is no event type (one of {', '.join(_TYPE_ORDER)})"
            )
        alternatives[kind] += [f for f in fragments if f not in alternatives[kind]]
    return [(kind, "|".join(alts) or "(?!)") for kind, alts in alternatives.items()]


#: event_type -> cue pattern (folded). Earliest cue in the title wins, then in the text.
_TYPES: list[tuple[str, str]] = _types()
_TYPE_RE = re.compile("|".join(f"(?P<{n}>\\b(?:{rx}))" for n, rx in _TYPES), _F)
#: Literal starts of the cues above, to find the earliest cue with str.find (`event_type_triggers`).
_TYPE_TRIGGERS: tuple[str, ...] = _triggers("event_type")


def event_type(folded_title: str, folded_text: str) -> str | None:
    """Kind of event from the first cue word in the title, else the text."""
    for source in (folded_title, folded_text[:3000]):
        first = len(source)
        for t in _TYPE_TRIGGERS:
            i = source.find(t, 0, first)
            if i != -1:
                first = i
        if first == len(source):
            continue
        # confirm with the precise patterns from the earliest trigger on
        m = _TYPE_RE.search(source, max(0, first - 1))
        if m:
            return m.lastgroup
    return None


# participation is free ("bezpłatne", "wstęp wolny", "free of charge"), a fee is named
# ("opłata za udział", "participation fee"): pl.yml, en.yml `free_re`, `paid_re`
_FREE = _cue("free")
_PAID = _cue("paid")


def is_free(folded: str) -> bool | None:
    """True when participation is said to be free, False when a fee is named.
    "Punkty udzielają bezpłatnych konsultacji" (an office's general offer) and
    "bezpłatny parking" say nothing about this event."""
    if _PAID.search(folded):
        return False
    for m in _FREE.iter(folded):
        if _FREE_NOT_BEFORE.search(folded, max(0, m.start() - 30), m.start()):
            continue
        if _FREE_NOT_AFTER.match(folded, m.end(), m.end() + 25):
            continue
        return True
    return None


# "Punkty udzielają bezpłatnych konsultacji": an office's offer, not this event's cost; "bezpłatny
# parking": not participation (pl.yml, en.yml: `not_free_before_re`, `not_free_after_re`)
_FREE_NOT_BEFORE = re.compile(rf"\b(?:{_alt('not_free_before')})\s+(?:\w+\s+){{0,2}}$")
_FREE_NOT_AFTER = re.compile(  # within its sentence: "Wstęp wolny. Bezpłatny parking"
    rf"[^\w.\n]+(?:\w+[^\w.\n]+){{0,1}}(?:{_alt('not_free_after')})"
)


# "odbędzie się", "will take place", "zapraszamy": it will happen (pl.yml, en.yml: `future_re`)
_FUTURE = _cue("future")
# "odbyło się", "took place": a report's past tense (pl.yml, en.yml: `past_re`)
_PAST = _cue("past")
# "nabór wniosków", "call for proposals": the page is a call (pl.yml, en.yml: `cfp_re`)
_CFP = _cue("cfp")
_EVENT_NOUN = _cue("event_nouns")


# Beyond the gated cues: an event going on now ("ruszyły targi", "dziś drugi dzień",
# "obrady rozpoczynają się"), bodies that sit and can be attended, and past-report verbs
# the gated list lacks; written consultations that hold no meeting. (One pattern each:
# they run only on pages the cheaper cues left undecided.)
_ONGOING = _cue("ongoing")  # pl.yml, en.yml: `ongoing_re`
_SITTING = _cue("sitting")  # pl.yml, en.yml: `sitting_re`
# "zorganizował", "hosted": more report verbs, tried where one of their stems occurs
# (pl.yml, en.yml: `reported_re`, `reported_triggers`)
_REPORTED = _cue("reported", tail=r"\b")
# comments in writing, no meeting ("uwagi można zgłaszać", "consultation is open"): pl.yml, en.yml
_WRITTEN_CONSULTATION = _cue("written_consultation")
# A title that is an invitation ("Zaproszenie na ...", "Zaproszenie - ...", "Invitation:"),
# not a call for proposals ("zaproszenie do składania wniosków").
_INVITATION_TITLE = re.compile(
    rf"\s*(?:{_alt('invitation_words')})\b(?!\s+(?:{_alt('not_invitation_after')}))"
)  # (pl.yml, en.yml: `invitation_words_re`, `not_invitation_after_re`)
# a meeting one attends ("spotkanie", "w sali", "godz."): a consultation that holds one is an
# event (pl.yml, en.yml: `meeting_re`, `meeting_triggers`)
_MEETING = _cue("meeting")


def is_event(
    folded_title: str,
    folded: str,
    has_start: bool,
    event_cued: bool,
    cfp_dates: bool,
    status: str | None = None,
    event_sentences: list[str] | None = None,
) -> bool:
    """Does the page announce an event one can attend? A cue that something will
    happen, and an event named: a plain news item, a call for proposals or a report
    of a past event is not an event. The date is not required: an announcement
    whose date is not given yet, or cannot be placed in a year, is still an event
    (labelling.md), only with its date null."""
    head = folded[:4000]
    announced = _Lazy(lambda: _announces(folded_title + "\n" + head))
    if cfp_dates and not event_cued and not (_ABOUT_THE_CALL.search(head) and announced()):
        return False  # a call's dates, and no meeting about the call announced
    if _written_consultation(folded) and not _MEETING_G.search(folded):
        return False  # comments in writing, no meeting to attend
    lead_text = head[len(folded_title) : len(folded_title) + 400]
    if _written_consultation(lead_text) and not (
        _EVENT_NOUN.search(folded_title) or _SITTING.search(folded_title)
    ):
        return False  # a page about a written consultation that mentions a meeting in passing
    noun_title = bool(
        _EVENT_NOUN.pattern.search(folded_title)
        or _SITTING.search(folded_title)
        or _INVITATION_TITLE.match(folded_title)
    )
    if status in ("cancelled", "postponed") and (
        noun_title or _EVENT_NOUN.search(folded) or _SITTING.search(head)
    ):
        return True  # a cancelled or postponed event is still an event
    # The page announces an event when one sentence both names it and says it will
    # happen (or is happening): "zapraszamy na szkolenie", "konferencja odbędzie się".
    # A report: the title says it happened, or the sentence that names the event's date
    # does ("W dniu 6 marca zorganizowała warsztaty"); with no date, anywhere. A past
    # edition mentioned beside the new one does not make the page a report.
    where = fold(" ".join(event_sentences)) if has_start and event_sentences else head
    # ... and a page that opens by reporting ("W dniu 30 sierpnia odbyło się spotkanie")
    lead = head[len(folded_title) : len(folded_title) + 300]
    reported = bool(  # (a title is short: its regex costs less than a trigger scan)
        _PAST.pattern.search(folded_title) or _past_in(where) or _past_in(lead)
    )
    if reported and not announced():
        return False  # a report of something that happened
    if not noun_title and _CFP.search(folded_title) and not announced():
        return False
    if not noun_title and _CALL_TITLE.search(folded_title) and not _ABOUT_THE_CALL.search(head):
        return False  # a call's page: an event only if it announces a meeting about the call
    if not has_start:
        # an event whose date is not given (or not placed in a year); a call's page
        # ("Ruszył nabór wydarzeń do Dni Otwartych") without a dated event is none
        return announced() and (not _CFP.search(folded_title) or bool(_ABOUT_THE_CALL.search(head)))
    if event_cued:
        # (the Gated cues are asked about `folded` itself: its trigger scan is shared)
        return (
            noun_title
            or bool(_EVENT_NOUN.search(folded))
            or bool(_FUTURE.pattern.search(where))
            or bool(_SITTING.search(head))
            or announced()
        )
    # A date nothing else claims, on or after publication: an event when the title
    # names one ("Webinar: ...") or a sentence announces one, or when the page opens with
    # the date and its hours ("25 September 2019 • 12:00-13:30 • Opera ...": a programme
    # item or an event calendar's entry; a stamp has one time, not a range).
    return noun_title or announced() or bool(_DATED_HEAD.match(lead))


# a line right under the title holding a day-month date and an hour range
_DATED_HEAD = re.compile(
    r"\s*[^\n]{0,40}?\b(?:\d{1,2}(?:st|nd|rd|th)?[ .]+[a-z]{3,12}\.?(?:,? \d{4})?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}|[a-z]{3,12} \d{1,2}(?:st|nd|rd|th)?,? \d{4})[^\n]{0,40}?"
    r"\b\d{1,2}[:.]\d{2}\s*[-\u2013]\s*\d{1,2}[:.]\d{2}"
)


# a call's page that announces a meeting about the call ("This webinar will explain ...")
_ABOUT_THE_CALL = _cue("about_the_call")  # pl.yml, en.yml: `about_the_call_re`


# the literal pieces of a report's past tense (`past_triggers`: one is in every match)
_PAST_STEMS = _triggers("past")
_REPORTED_STEMS = _triggers("reported")


_STEMS = Literals((*_PAST_STEMS, *_REPORTED_STEMS))
_PAST_STEM_SET = frozenset(_PAST_STEMS)


def _past_in(text: str) -> bool:
    """A report's past tense in a short text (its literal stems found in one Aho-Corasick
    pass first: a regex over the text costs more)."""
    found = _STEMS.found(text)
    if not found:
        return False
    if not found.isdisjoint(_PAST_STEM_SET) and _PAST.pattern.search(text):
        return True
    return not found <= _PAST_STEM_SET and bool(_REPORTED.search(text))


# Gated: found from their literal triggers in the one shared scan of the page
_WC_WORDS = Literals(_triggers("written_consultation", "starts"))


def _written_consultation(folded: str) -> bool:
    """A written-consultation statement: the pattern tried only where one of the words
    it starts with occurs (a scan of the page from the first "konsultacje" costs more)."""
    return any(_WRITTEN_CONSULTATION.match(folded, p) for p in _WC_WORDS.starts(folded))


_MEETING_G = Gated(_MEETING, _triggers("meeting"))


class _Lazy:
    """A boolean computed on first use (the sentence scan is the costliest cue)."""

    __slots__ = ("fn", "value")

    def __init__(self, fn) -> None:  # noqa: ANN001
        self.fn, self.value = fn, None

    def __call__(self) -> bool:
        if self.value is None:
            self.value = bool(self.fn())
        return self.value


_SENTENCE_BOUNDS = re.compile(
    r"[.!?](?<!\d[.!?])(?<!\bgodz\.)(?<!\bul\.)(?<!\br\.)(?<!\bnr\.)(?<!\bim\.)(?<!\bpl\.)"
    r"(?<!\bal\.)(?<!\bok\.)(?<!\bds\.)(?<!\bm\.in\.)(?<!\bpt\.)(?<!\bnp\.)(?<!\btzw\.)\s|\n"
)


def _announces(folded: str) -> bool:
    """A future (or ongoing) cue and an event noun in one sentence."""
    cues = list(_FUTURE.iter(folded)) + list(_ONGOING.finditer(folded))
    for m in cues:
        lo = max(
            (
                b.end()
                for b in _SENTENCE_BOUNDS.finditer(folded, max(0, m.start() - 160), m.start())
            ),
            default=0,
        )
        nxt = _SENTENCE_BOUNDS.search(folded, m.end())
        hi = nxt.start() if nxt else len(folded)
        clause = max(folded.rfind(". ", lo, m.start()), folded.rfind("\n", lo, m.start())) + 1
        if _PAST.pattern.search(folded, max(lo, clause), min(hi, m.end() + 60)):
            continue  # "Odbyły się kolejne spotkania": the cue is in a report's clause
        lo, hi = max(lo, m.start() - 160), min(hi, m.end() + 160)
        if _EVENT_NOUN.pattern.search(folded, lo, hi) or _SITTING.search(folded, lo, hi):
            return True
    return False


# --------------------------------------------------------------------------
# Gates: for each cue pattern, substrings one of which every match contains.
# --------------------------------------------------------------------------

_LANG_HELD = Gated(
    _LANG_HELD, (*_triggers("language_held"), *LANGUAGE_ADVERBS, *ENGLISH_NAMES)
)  # ("jezykiem" begins with the "jezyk" trigger)
_INTERPRET = Gated(_INTERPRET, _triggers("interpretation"))
_INTERPRET_CODES = Gated(_INTERPRET_CODES, _triggers("interpretation_codes"))
_SIGN = Gated(_SIGN, _triggers("sign_language"))
_ONLINE = Gated(_ONLINE, _triggers("online"))
_OFFLINE = Gated(_OFFLINE, _triggers("offline"))
_MIXED = Gated(_MIXED, _triggers("mixed"))
_OFFLINE_STRONG = Gated(_OFFLINE_STRONG, _triggers("offline_strong"))
_CANCELLED = Gated(_CANCELLED, _triggers("cancelled"))
_POSTPONED = Gated(_POSTPONED, _triggers("postponed"))
_FREE = Gated(_FREE, _triggers("free"))
_PAID = Gated(_PAID, _triggers("paid"))
_FUTURE = Gated(_FUTURE, _triggers("future"))
_PAST = Gated(_PAST, _PAST_STEMS)
_CFP = Gated(_CFP, _triggers("cfp"))
_EVENT_NOUN = Gated(_EVENT_NOUN, _triggers("event_nouns"))
_VENUE_LABEL = Gated(
    _VENUE_LABEL,
    tuple(language_files.merged(language_files.ALWAYS, "venue_label_triggers")),
    group="text",  # run on the page's own letters, not folded
)
_ORGANIZER_LABEL = Gated(_ORGANIZER_LABEL, _triggers("organizer_label"), group="text")


# --------------------------------------------------------------------------
# Page language
# --------------------------------------------------------------------------

# A few frequent, unambiguous markers per language (str.count is cheap).


def _foreign_letters() -> frozenset[str]:
    """Letters of the other languages' files that Polish and English never write."""
    files = language_files
    own = {a for code in files.ALWAYS for a, _b in files.merged((code,), "letters")}
    return frozenset(
        a for code in language_files.available() if code not in language_files.ALWAYS
        for a, _b in language_files.merged((code,), "letters") if a not in own
    )  # fmt: skip


_FOREIGN = _foreign_letters()
# Frequent, unambiguous markers of Polish and English (pl.yml, en.yml: `marker_words`) and the
# other languages' letters, all counted in one Aho-Corasick pass over the sample (a str.count
# per word, or a regex for the letters, scanned it again each time).
_PL_WORDS = tuple(language_files.load("pl")["marker_words"])
_EN_WORDS = tuple(language_files.load("en")["marker_words"])
_LANG_WORDS = ahocorasick_rs.AhoCorasick(_PL_WORDS + _EN_WORDS + tuple(sorted(_FOREIGN)))
_N_PL = len(_PL_WORDS)
_N_PL_EN = _N_PL + len(_EN_WORDS)


@functools.cache
def _detector() -> Any:
    """py3langid restricted to the languages with a file: on our real cases it names
    every page's language as often as lingua does (all 138 non-Polish cases) and is
    faster (about 0.4 ms against 0.6 ms per page, docs/benchmarks.md), so it is asked
    only when a page shows letters or too few words of Polish and English."""
    import py3langid.langid as langid  # loads a model: only pages that need it pay

    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_DIR / langid.MODEL_FILE)
    identifier.set_languages(list(language_files.available()))
    return identifier


def page_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 language of the text. Polish or English pages are told apart by a
    count of frequent words (cheap, and it agrees with the declared lang attribute);
    a page with letters of another language file, or with too few Polish and English
    words, is asked of the detector (:func:`_detector`)."""
    sample = text[:1000].lower()
    pl = en = foreign = 0
    for i, _s, _e in _LANG_WORDS.find_matches_as_indexes(sample, overlapping=True):
        if i < _N_PL:
            pl += 1
        elif i < _N_PL_EN:
            en += 1
        else:
            foreign += 1
    if foreign or (
        declared in language_files.available() and declared not in language_files.ALWAYS
    ):
        detected = _detector().classify(sample)[0] if sample.strip() else None
        if detected and detected not in language_files.ALWAYS:
            return str(detected)
    if pl == 0 and en == 0:
        return declared
    guess = "pl" if pl >= en else "en"
    if declared and declared in ("pl", "en") and declared != guess and min(pl, en) > 0:
        return declared if max(pl, en) < 3 * min(pl, en) else guess
    if declared and declared not in ("pl", "en"):
        return declared
    return guess


# --------------------------------------------------------------------------
# Pages in the other languages (Slovak, Czech, German, Lithuanian, ...)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OtherLanguage:
    """The fact tables of one language file, compiled: what reads a page written in a
    language other than Polish and English (whose tables are the ones above)."""

    code: str
    event_nouns: re.Pattern[str] | None
    future: re.Pattern[str] | None
    past: re.Pattern[str] | None
    cfp: re.Pattern[str] | None
    cancelled: re.Pattern[str] | None
    postponed: re.Pattern[str] | None
    online: re.Pattern[str] | None
    mixed: re.Pattern[str] | None
    offline: re.Pattern[str] | None
    held: tuple[re.Pattern[str], ...]
    names: tuple[tuple[str, str], ...]

    def is_event(self, folded_title: str, folded: str, has_start: bool, status: str) -> bool:
        """The page announces an event: it names one and says it will happen (or dates it),
        and does not open by reporting one or announce a call."""
        head = folded[:1500]
        noun_title = _hit(self.event_nouns, folded_title)
        noun = noun_title or _hit(self.event_nouns, head)
        if status in ("cancelled", "postponed") and noun:
            return True
        if self.reports(folded_title, folded):
            return False  # a report of something that happened
        if not noun_title and _hit(self.cfp, folded_title):
            return False  # a call's page
        return noun and (_hit(self.future, head) or has_start)

    def reports(self, folded_title: str, folded: str) -> bool:
        """The page reports something that happened (its title or opening says so) and
        announces nothing to come."""
        lead = folded[len(folded_title) : len(folded_title) + 300]
        return (_hit(self.past, folded_title) or _hit(self.past, lead)) and not _hit(
            self.future, folded[:1500]
        )

    def status(self, folded: str, new_date: bool) -> str:
        """scheduled, cancelled or postponed, by this language's words."""
        moved = _hit(self.postponed, folded)
        cancelled = _hit(self.cancelled, folded)
        if moved or (cancelled and new_date):
            return "postponed"
        return "cancelled" if cancelled else "scheduled"

    def attendance_mode(self, folded: str) -> str | None:
        """online, mixed or offline by this language's words; None when it says nothing."""
        online_not = _online_not_of(language_files.active())
        online_form = _online_form_of(language_files.active())
        online = self.online is not None and any(
            not online_not.search(folded, max(0, m.start() - 80), m.start())
            and not online_form.match(folded, m.end())
            for m in self.online.finditer(folded)
        )  # (not "online registrácia", "on-line dotazník")
        offline = _hit(self.offline, folded)
        if _hit(self.mixed, folded) or (online and offline):
            return "mixed"  # hybrid, or a room and a stream of it
        if online:
            return "online"
        return "offline" if offline else None

    def languages(self, folded: str) -> tuple[list[str] | None, bool | None]:
        """The languages the page states the event is held in (labelling: a page in a
        language other than Polish or English that states none gives null)."""
        found: list[str] = []
        for m in (m for p in self.held for m in p.finditer(folded)):
            name = m.group("name")
            for stem, code in self.names:
                if name.startswith(stem) and code not in found:
                    found.append(code)
        return (found, True) if found else (None, None)


def _hit(pattern: re.Pattern[str] | None, text: str) -> bool:
    return bool(pattern and pattern.search(text))


@functools.cache
def other_language(code: str | None) -> OtherLanguage | None:
    """The compiled fact tables of ``code``'s file (None for Polish, English, or a
    language without a file)."""
    if not code or code in language_files.ALWAYS or code not in language_files.available():
        return None
    data = language_files.load(code)

    def rx(key: str) -> re.Pattern[str] | None:
        fragments = [str(f) for f in data.get(key) or []]
        return re.compile(r"\b(?:" + "|".join(fragments) + ")") if fragments else None

    return OtherLanguage(
        code, rx("event_nouns_re"), rx("future_re"), rx("past_re"), rx("cfp_re"),
        rx("cancelled_re"), rx("postponed_re"), rx("online_re"), rx("mixed_re"), rx("offline_re"),
        tuple(re.compile(rf"\b{f}") for f in data.get("language_held_re") or []),
        tuple(sorted(((str(k), str(v)) for k, v in (data.get("language_names") or {}).items()),
                     key=lambda kv: -len(kv[0]))),
    )  # fmt: skip
