"""Date and time spans in announcement prose, in every language with a file.

Why hand-written: no library finds *spans* in Polish prose reliably.
``dateparser.search_dates`` reads "się"/"nie" as dates, "9:00-12:00" as a UTC
offset and "23.12." as a time, has no ranges, and costs ~20 ms per document
(see ../shared/anchors.md section 4). So this module is a small grammar: one
compiled regular expression per surface form, built by :func:`_build` from
the language files (``pipeline/languages/<code>.yml``: month names in every
case, weekdays, range, time and year words), and one place for each rule
(year inference, weekday prefixes, joining two dates into a range). The
grammar for a set of languages is built once and cached; which set applies
to the page being read comes from :func:`pipeline.languages.active`.
dateparser is kept for what it does well: normalising a short relative span
we cut ourselves ("jutro", "za 3 dni"), with an explicit ``RELATIVE_BASE``.

Every regular expression is linear: bounded quantifiers, no nested repeats,
so "1-2-3.4.5 " * 10**6 cannot make it backtrack catastrophically.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from . import languages
from .literals import Literals

_TYPO_PAIRS = tuple(zip("–—‑„”“’‘«»\u00a0", '---"""\'\'"" ', strict=True))


_FOLD: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}


def _fold_pairs(codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in languages.merged(codes, "letters"))


def fold(text: str) -> str:
    """Lower-case and strip diacritics (pages sometimes omit them), by the
    ``letters`` of the languages that apply. Same length as the input. (Chained
    str.replace is ~10x faster than str.translate with a mapping on CPython.)"""
    text = text.lower()
    if not text.isascii():
        codes = languages.active()
        pairs = _FOLD.get(codes)
        if pairs is None:
            pairs = _FOLD[codes] = _fold_pairs(codes)
        for a, b in pairs:
            if a in text:
                text = text.replace(a, b)
        if not text.isascii():
            # Dashes and quotes to ASCII as well (same length): a page's folded text is then
            # one byte per character, and every cue search on it runs about twice as fast.
            for a, b in _TYPO_PAIRS:
                if a in text:
                    text = text.replace(a, b)
    return text


ROMAN: dict[str, int] = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6,
    "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12,
}  # fmt: skip


def _alternation(words: list[str]) -> str:
    # Longest first so "marca" wins over "mar"; escaped; a word boundary after.
    words = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + r")(?![^\W\d_])"


def _words(codes: tuple[str, ...], key: str) -> list[str]:
    return [str(w) for w in languages.merged(codes, key)]


def _rx(codes: tuple[str, ...], key: str) -> str:
    """A key's regular-expression fragments as one alternation (never-matching if none)."""
    return languages.alternation(_words(codes, key))


def _forms(codes: tuple[str, ...], key: str) -> dict[int, list[str]]:
    """number -> every word form (as written and folded) of a months/weekdays key."""
    out: dict[int, list[str]] = {}
    for num, words in languages.merged(codes, key):
        for w in words:
            out.setdefault(int(num), []).extend(dict.fromkeys((str(w), fold(str(w)))))
    return out


ROMAN_RE = r"(?-i:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)(?![A-Za-z])"
DASH = r"[-‐‑‒–—−÷]"  # hyphen, en dash, em dash, minus; "6÷8 czerwca" (a technical range)
# Dates and times never span two lines: whitespace inside them is [ \t] (no newline).
_D = r"(?:0?[1-9]|[12]\d|3[01])"  # day
_M = r"(?:0?[1-9]|1[0-2])"  # month number
_Y = r"(?:19|20)\d\d(?!\d)"  # four-digit year
_FLAGS = re.IGNORECASE
_T = r"(?P<{h}>[01]?\d|2[0-3])(?:[:.](?P<{m}>[0-5]\d))"
_T_OPT = r"(?P<{h}>[01]?\d|2[0-3])(?:[:.](?P<{m}>[0-5]\d))?"
# with a time word after it or a cue before it, a comma too: "v 9,30 hodin", "o godz. 18,00"
_T_OPT_COMMA = r"(?P<{h}>[01]?\d|2[0-3])(?:[:.,](?P<{m}>[0-5]\d))?"
_END = r"(?!\d)(?!:\d)(?!\.\d)"
# four digits, an hour and its minutes with the colon lost (superscript minutes): "1800", "1730"
_HHMM = r"(?P<h1>[01]\d|2[0-3])(?P<m1>[0-5][05])"
#: Time-zone phrase -> IANA zone (None: Polish time), from data/zones.yml.
ZONES: dict[str, str | None] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "zones.yml").read_text(encoding="utf-8")
)
_ZONE = (
    r"(?:[ \t]*'?[ \t]*\(?(?P<zone>"
    + "|".join(re.escape(z) for z in sorted(ZONES, key=len, reverse=True))
    + r")(?![^\W\d_])(?![ \t]?[+\-−][ \t]?\d)\)?)?"  # "UTC-5" is an offset, not UTC
)


def zone_of(phrase: str | None) -> str | None:
    """The IANA zone a written zone phrase names (None: Polish time or none written)."""
    if not phrase:
        return None
    for key, zone in ZONES.items():
        if key.lower() == phrase.lower():
            return zone
    return None


def _master(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of all core forms, to reject a digit run in one try.
    Group names are made unique per branch; each branch is a named group
    whose name tells which form to re-match precisely."""
    branches = []
    for i, pat in enumerate(patterns):
        src = re.sub(r"\(\?P<(\w+)>", rf"(?P<b{i}_\1>", pat.pattern)
        src = re.sub(r"\(\?P=(\w+)\)", rf"(?P=b{i}_\1)", src)
        branches.append(f"(?P<b{i}>{src})")
    return re.compile("|".join(branches), _FLAGS)


@lru_cache(maxsize=16)
def grammar(codes: tuple[str, ...] = languages.ALWAYS) -> Any:
    """The compiled date and time grammar of the languages ``codes``."""
    with languages.use(codes):
        return _build(codes)


_GRAMMARS: dict[tuple[str, ...], Any] = {}


def _g() -> Any:
    """The grammar of the languages that apply to the page being read (built once each)."""
    codes = languages.active()
    found = _GRAMMARS.get(codes)
    if found is None:
        found = _GRAMMARS[codes] = grammar(codes)
    return found


def _build(codes: tuple[str, ...]) -> SimpleNamespace:  # noqa: PLR0915 (one grammar, read top down)
    g = SimpleNamespace()
    month_forms = _forms(codes, "months")
    abbreviations = _forms(codes, "month_abbreviations")
    #: folded month word -> month number (with and without diacritics).
    g.MONTHS = {
        w: n for forms in (month_forms, abbreviations) for n, ws in forms.items() for w in ws
    }
    weekday_forms = _forms(codes, "weekdays")
    #: weekday word (any case form, folded) -> ISO weekday index 0..6 (Monday = 0).
    g.WEEKDAYS = {fold(w): n for n, ws in weekday_forms.items() for w in ws}
    weekend = _words(codes, "weekend_words")
    # Weekday names in full (no abbreviations), as a relative day can stand alone.
    full_weekdays = sorted({w for ws in weekday_forms.values() for w in ws if len(w) >= 5})
    month_words = list(g.MONTHS)
    g.MONTH_RE = month_re = _alternation(month_words)
    first = [
        str(w)
        for c in codes
        if languages.load(c).get("month_first")
        for _n, ws in languages.merged((c,), "months")
        for w in ws
    ]
    # Full names only where the month comes first (a bare "May 5" needs no abbreviation).
    first_re = "(?:" + "|".join(re.escape(w) for w in first) + r")(?![^\W\d_])" if first else "(?!)"
    weekday_words = [w for ws in weekday_forms.values() for w in ws]
    g.WEEKDAY_RE = weekday_re = _alternation(weekday_words)
    # A weekday or its adjective right before "(": "w czwartek (30.03)", "niedzielnych (5.06)"
    # (the full names' first five letters: "czwar", "niedz", "sobot", "thurs")
    g.WEEKDAY_PAREN_BEFORE = re.compile(
        "(?:" + "|".join(sorted({re.escape(w[:5]) for w in weekday_words if len(w) >= 6}))
        + r")[^\W\d_]*[ \t]*\([ \t]*$", re.IGNORECASE,
    )  # fmt: skip

    ys = _words(codes, "year_suffix_re")
    yt = rf"(?:[ \t]?(?:{'|'.join(ys)}))?" if ys else ""  # "r." / "roku" after a year
    br = _rx(codes, "this_year_re")  # current year
    rng = "|".join(rf"\b{re.escape(w)}\b" for w in _words(codes, "range_words"))
    sep = rf"[ \t]*(?:{DASH}{{1,2}}|>{'|' + rng if rng else ''})[ \t]*"  # range separator
    ords = _words(codes, "ordinal_suffix_re")
    ordinal = f"(?:{'|'.join(ords)})?" if ords else ""  # 18th, 15 d.
    joiners = _words(codes, "day_month_joiners")
    of = rf"(?:(?:{'|'.join(map(re.escape, joiners))})[ \t]+)?" if joiners else ""
    year_opt = rf"(?:[ \t]*(?:(?P<y>{_Y}){yt}|(?P<br>{br})))?"
    # Czech and Slovak space numeric dates: "16. 9.", "5.–6. 10. 2021", "1. 10. – 3. 10. 2021"
    sp = r"[ \t]?" if any(languages.load(c).get("spaced_numeric") for c in codes) else ""
    one_digit_month = r"(?<=\d\.[ \t])[1-9](?=\.)|" if sp else ""

    # Each surface form is a "core" pattern matched *at* the start of a run of
    # digits (see find_spans): Python's re costs ~15 ns per character per
    # pattern scanned, so scanning the text once for digits and trying the forms
    # only there is ~10x cheaper than a dozen full scans. A word before the digits
    # (a weekday, "od", "godz.") is read by small look-back patterns afterwards.
    #: (form, pattern) in priority order: at one position the first that fits wins.
    g.PATTERNS = [
        # 10-12 maja 2024 r. / 10 do 12 maja / 9-11 maja 2025 roku
        ("range_days_word", re.compile(
            rf"(?P<d1>{_D}){ordinal}\.?(?:{sep}|/)(?P<d2>{_D}){ordinal}[ \t]+{of}(?P<m>{month_re})"
            rf"{year_opt}", _FLAGS)),
        # 30.11-1.12.2023 / 05.05–07.05.2025 / 30.11.–1.12.2023 r.
        ("range_dm_num", re.compile(
            rf"(?P<d1>{_D})\.{sp}(?P<m1>{_M})\.?{sep}(?P<d2>{_D})\.{sp}(?P<m>{_M})\.{sp}(?P<y>{_Y}){yt}",
            _FLAGS)),
        # 10–12.05.2024 / 10 do 12.05.2024 / 10-12.05. (year optional only with a dot)
        ("range_days_num", re.compile(
            rf"(?P<d1>{_D})\.?{sep}(?P<d2>{_D})\.{sp}(?P<m>{_M})"
            rf"(?:\.{sp}(?P<y>{_Y}){yt}|\.(?!\d)|[ \t]*(?P<br>{br}))", _FLAGS)),
        # 6 grudnia 2023 r. / 18th April 2024 / 24th of April 2024 / 29 listopada / 15 marca br.
        # / 09.Mai (the dot glued to the month)
        ("word", re.compile(
            rf"(?P<d>{_D})(?:{ordinal}\.?[ \t]+|\.(?=[^\W\d_])){of}(?P<m>{month_re}),?"
            rf"(?:[ \t]*\([ \t]*{weekday_re}\.?[ \t]*\)(?=[ \t]*(?:19|20)\d\d))?{year_opt}",
            _FLAGS)),
        # 2020 m. gegužės 21-22 d. (the year and month first, then the days)
        ("range_ymdd", re.compile(
            rf"(?P<y>{_Y}){yt}[ \t]+(?P<m>{month_re})[ \t]+(?P<d1>{_D})[ \t]*{DASH}[ \t]*"
            rf"(?P<d2>{_D})(?!\d){ordinal}", _FLAGS)),
        # 2024 April 24 (EU pages) / 2024 m. gegužės 15 d.
        ("word_ymd", re.compile(
            rf"(?P<y>{_Y}){yt}[ \t]+(?P<m>{month_re})[ \t]+(?P<d>{_D})(?!\d){ordinal}", _FLAGS)),
        # 6 XII 2023 / 6.XII.2023 (Roman month: upper case only, year required)
        ("roman", re.compile(
            rf"(?P<d>{_D})[ \t.][ \t]?(?P<m>{ROMAN_RE})[ \t.][ \t]?(?P<y>{_Y}){yt}", _FLAGS)),
        # 2023-12-06 (ISO)
        ("iso", re.compile(
            rf"(?P<y>{_Y})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)", _FLAGS)),
        # 6.12.2023 / 06.12.2023 r. / 06-12-2023 / 6/12/2023 (same separator twice)
        ("dmy", re.compile(
            rf"(?P<d>{_D})(?P<s>[./-])[ \t]?(?P<m>{_M})(?P=s)[ \t]?(?P<y>{_Y}){yt}", _FLAGS)),
        # 23.12. / 11.08., 5.03 br. / 10.12 (środa)  (no year; "23.12." is a date, not 23:12;
        # a weekday after "10.12" makes it a day too)
        ("dm", re.compile(
            rf"(?P<d>{_D})\.{sp}(?P<m>0[1-9]|1[0-2]|{one_digit_month}(?<=\d\d\.)[1-9](?=\.))"
            rf"(?:\.(?![\d])|[ \t]*(?P<br>{br})|(?=[ \t]*,?[ \t]*\(?{weekday_re})"
            rf"|(?P<paren>(?=\))))", _FLAGS)),
    ]  # fmt: skip

    full = _alternation(full_weekdays)
    nxt = _words(codes, "next_words_re")
    nxt_rx = f"(?:{'|'.join(nxt)})[ \\t]+" if nxt else ""
    ands = _words(codes, "and_words")
    and_rx = "|".join(map(re.escape, ands))
    preps = "|".join(rf"{re.escape(w)}[ \t]+" for w in _words(codes, "weekday_prefix_words")
                     if len(w) <= 2)  # fmt: skip
    relative = _words(codes, "relative_days")
    # Forms that do not start with a digit: one full scan each, run only when a
    # cheap substring test says they can occur.
    g.WORD_PATTERNS = []
    if first:
        triggers = tuple(dict.fromkeys(fold(w) for w in first))
        g.WORD_PATTERNS += [
            # June 28-30, 2021 / May 13th-15th (month first; the year may follow)
            ("range_word_mdd", triggers, re.compile(
                rf"\b(?P<m>{first_re})[ \t]+(?P<d1>{_D}){ordinal}[ \t]*{DASH}[ \t]*(?P<d2>{_D})"
                rf"{ordinal}(?![\d:.])(?:,?[ \t]+(?P<y>{_Y}))?", _FLAGS)),
            # April 24, 2024 (English pages)
            ("word_mdy", triggers, re.compile(
                rf"\b(?P<m>{month_re})[ \t]+(?P<d>{_D}){ordinal},?[ \t]+(?P<y>{_Y})", _FLAGS)),
            # June 28th / on May 5 (no year: the anchor gives it; "to July 9th, 2021" may)
            ("word_mdy", triggers, re.compile(
                rf"\b(?P<m>{first_re})[ \t]+(?P<d>{_D}){ordinal}(?![\d:]|\.\d)"
                rf"(?![ \t]*,?[ \t]*\d)", _FLAGS)),
        ]  # fmt: skip
    if relative:
        # jutro / pojutrze / dziś: normalised by dateparser (see _relative)
        triggers = tuple(dict.fromkeys(t for w in relative for t in (w[:4], fold(w)[:4])))
        g.WORD_PATTERNS.append(
            ("relative", triggers, re.compile(rf"\b{_alternation(relative)}", _FLAGS))
        )
    for trigger, pattern in languages.merged(codes, "in_days"):
        # za 3 dni
        g.WORD_PATTERNS.append(
            ("relative", (trigger,), re.compile(rf"(?<![^\W\d_]){pattern}(?![^\W\d_])", _FLAGS))
        )
    # w najbliższy czwartek / w sobotę / on Tuesday / this Friday: the next such day after
    # the publication date (a weekday written beside a date is that date's, not this)
    wd_words = (*full_weekdays, *weekend)
    g.WORD_PATTERNS.append(
        (
            "weekday_rel",
            wd_words,
            re.compile(
                rf"\b(?:{'|'.join(_words(codes, 'weekday_prepositions_re') + nxt)})[ \t]+"
                rf"(?:{nxt_rx})?(?P<wd>{full}"
                + (rf"|{'|'.join(map(re.escape, weekend))}" if weekend else "")
                + ")"
                # "w czwartek i piątek": two days in a row
                + (rf"(?:[ \t]+(?:{and_rx})[ \t]+(?:{preps})?(?P<wd2>{full}))?" if and_rx else "")
                + r"(?![ \t]*[,(]?[ \t]*\(?\d)(?![ \t]+(?:the[ \t]+)?\d)"
                # "On Tuesday January 23": the weekday of the date written after it
                + rf"(?![ \t]*,?[ \t]*(?:{month_re})\.?[ \t]+\d)",
                _FLAGS,
            ),
        )
    )
    # All the words above, looked for in one pass.
    g.WORD_TRIGGERS = Literals(t for _form, triggers, _p in g.WORD_PATTERNS for t in triggers)
    g.WEEKDAY_WORDS_LIT = Literals(wd_words)

    # Words after which "8.8." is a number of a measure or a paragraph, not a date.
    g.NOT_DATE_BEFORE = re.compile(rf"{_rx(codes, 'not_date_before_re')}[ \t]*$", _FLAGS)
    g.BETWEEN = [
        (f"{b} ", re.compile(rf"\b{re.escape(a)}[ \t]+(?P<d1>{_D}){ordinal}[ \t]+{re.escape(b)}"
                             r"[ \t]+$", _FLAGS))
        for a, b in languages.merged(codes, "between_words")
    ]  # fmt: skip
    # "between 6pm and 8pm", "zwischen 9 und 12 Uhr": two times, one range
    g.TIME_BETWEEN = [
        (re.compile(rf"\b{re.escape(a)}[ \t]+$", _FLAGS), b.lower())
        for a, b in languages.merged(codes, "between_words")
    ]  # fmt: skip
    g.STREET_BEFORE = re.compile(rf"{_rx(codes, 'street_before_re')}[ \t]*$", _FLAGS)
    g.TIME_CUE_BEFORE = re.compile(rf"\b{_rx(codes, 'time_cue_before_re')}[ \t]*$", _FLAGS)

    tcue = _rx(codes, "time_cue_re")
    suffix = _words(codes, "time_suffix_re")
    suf = rf"[ \t]?(?:{'|'.join(suffix)})(?![^\W\d_])" if suffix else None
    #: Times, tried at a digit where no date fits. "cued" forms need a cue such
    #: as "godz." before them and accept bare hours ("w godz. 9-12", "godz. 10").
    ap = r"[ \t]?(?P<{a}>[ap])\.?[ \t]?m\.?(?![^\W\d_])"
    g.TIME_PATTERNS = []
    if suf:
        g.TIME_PATTERNS += [
            # 9-12 hod. / von 9 bis 13 Uhr / 10–12 val. (a suffix makes bare hours times)
            ("time_range", False, re.compile(
                _T_OPT_COMMA.format(h="h1", m="m1") + rf"(?:{suf})?{sep}(?:{tcue}[ \t]*)?"
                + _T_OPT_COMMA.format(h="h2", m="m2") + _END + suf + _ZONE, _FLAGS)),
            # 10 Uhr / 10.00 hod. / 13 val. / 9,30 hodin
            ("time", False, re.compile(_T_OPT_COMMA.format(h="h1", m="m1") + _END + suf + _ZONE,
                                       _FLAGS)),
            # od 1800 hod. (superscript minutes flattened)
            ("time", False, re.compile(_HHMM + _END + suf + _ZONE, _FLAGS)),
        ]  # fmt: skip
    if any(languages.load(c).get("clock12") for c in codes):
        g.TIME_PATTERNS += [
            # 9-10 am / 3 - 5pm / 10:30 am - 12:00 pm / 10 am till 6 pm / 10:00 a.m. to 1.00 p.m.
            ("time_range", False, re.compile(
                _T_OPT.format(h="h1", m="m1") + "(?:" + ap.format(a="ap1") + ")?" + sep
                + _T_OPT.format(h="h2", m="m2") + ap.format(a="ap2") + _ZONE, _FLAGS)),
            # 2:30pm / 5.30 pm / 10 am
            ("time", False, re.compile(
                _T_OPT.format(h="h1", m="m1") + ap.format(a="ap1") + _ZONE, _FLAGS)),
        ]  # fmt: skip
    g.TIME_PATTERNS += [
        # w godzinach 9:00-12:00 / w godz. 10.00–14.00 / od godz. 10:00 do 13:30 / godz. 9-12
        ("time_range", True, re.compile(
            _T_OPT_COMMA.format(h="h1", m="m1") + rf"{sep}(?:{tcue}[ \t]*)?"
            + _T_OPT_COMMA.format(h="h2", m="m2") + _END + _ZONE, _FLAGS)),
        # 9:00-12:00 CET / 10.00–14.00 (minutes required on both ends without a cue)
        ("time_range", False, re.compile(
            _T.format(h="h1", m="m1") + rf"{sep}(?:{tcue}[ \t]*)?" + _T.format(h="h2", m="m2")
            + _END + _ZONE, _FLAGS)),
        # godz. 10.00 / o godzinie 11:00 / godz. 10 / godz. 18,00
        ("time", True, re.compile(_T_OPT_COMMA.format(h="h1", m="m1") + _END + _ZONE, _FLAGS)),
        # godz. 1800: superscript minutes flattened by the page's text ("18<sup>00</sup>")
        ("time", True, re.compile(_HHMM + _END + _ZONE, _FLAGS)),
        # 11:00 / 9.30 (a dot only when the minutes cannot be a month: see _times)
        ("time", False, re.compile(_T.format(h="h1", m="m1") + _END + _ZONE, _FLAGS)),
    ]  # fmt: skip
    # A time cue right before the digits; "od"/"from" only widen the span.
    cue_preps = "|".join(rf"\b{re.escape(w)}[ \t]+" for w in _words(codes, "time_cue_prepositions"))
    froms = _words(codes, "from_words")
    from_rx = "|".join(rf"\b{re.escape(w)}[ \t]+" for w in froms)
    g.TCUE_BEFORE = re.compile(
        rf"(?:(?:{cue_preps})?\b(?P<cue>{tcue}):?[ \t]*(?:{from_rx})?|{from_rx})$"
        if cue_preps else rf"(?:\b(?P<cue>{tcue}):?[ \t]*(?:{from_rx})?|{from_rx})$",
        _FLAGS,
    )  # fmt: skip
    # a capitalised name and one of these before a number: a street and its house number
    suffixes = _words(codes, "street_suffix_re")
    g.STREET_SUFFIX = re.compile(
        rf"(?<![^\W\d_])[A-ZÀ-Ž][^\W\d_]+[ \t]+(?:{'|'.join(suffixes)})[ \t]*$"
    ) if suffixes else None  # fmt: skip
    g.ALL_CORES = [p for _f, p in g.PATTERNS] + [p for _f, _c, p in g.TIME_PATTERNS]
    g.MASTER = _master(g.ALL_CORES)
    # "5, 12 i 19" before "26 marca": several sessions in one month. Searched only
    # in a short window before a day-month match, so it stays linear on long input.
    g.LIST_ENDS = (",", *(f" {w}" for w in ands))
    and_list = "".join(rf"|\b{re.escape(w)}\b" for w in ands)
    g.LIST_BEFORE = re.compile(
        rf"(?<![\d.,/:-])(?P<days>{_D}{ordinal}(?:[ \t]*,[ \t]*{_D}{ordinal}){{0,30}})"
        rf"[ \t]*(?:,{and_list})[ \t]*$",
        _FLAGS,
    )
    prefix = "|".join(map(re.escape, _words(codes, "weekday_prefix_words")))
    g.WEEKDAY_BEFORE = re.compile(
        rf"(?:\b(?:{prefix})\s+)?\b(?P<wd>{weekday_re})\.?,?\s*(?:\(\s*)?$", _FLAGS
    )
    tomorrow = "|".join(map(re.escape, _words(codes, "tomorrow_words")))
    g.IDIOM = re.compile(rf"[ \t]+(?:{and_rx})[ \t]+(?:{tomorrow})", re.IGNORECASE)
    g.JOIN = re.compile(
        rf"[ \t]*(?:{DASH}{{1,2}}|{'|'.join(map(re.escape, _words(codes, 'range_words')))})[ \t]*",
        re.IGNORECASE,
    )
    g.OD_BEFORE = re.compile(rf"\b(?:{'|'.join(map(re.escape, froms))})\s+$", re.IGNORECASE)
    # "od piatka do nedele (22. 9.)", "from Friday to Sunday 22 September": a range of days
    # whose last one is dated and whose first is its weekday before it
    range_words = "|".join(map(re.escape, _words(codes, "range_words")))
    g.FROM_WEEKDAY_BEFORE = re.compile(
        rf"\b(?:{'|'.join(map(re.escape, froms))})\s+(?P<wd>{weekday_re})\s*"
        rf"(?:(?:{range_words}|{DASH})\s*(?:(?:{weekday_re})\.?,?\s*(?:\(\s*)?)?)?$",
        re.IGNORECASE,
    )
    g.WHOLE_FORMS = [(f, p) for f, p in g.PATTERNS if not f.startswith("range") and f != "dm"]
    # "April 24, 2024": the month-first form with its year
    g.WHOLE_FORMS += [(f, p) for f, _t, p in g.WORD_PATTERNS[1:2] if f == "word_mdy"]
    g.DATEPARSER = [str(languages.load(c)["dateparser"]) for c in reversed(codes) if c != "en"]
    return g


_DEFAULT = grammar()
#: The Polish and English tables, for modules that compile their own patterns around them.
MONTHS: dict[str, int] = _DEFAULT.MONTHS
WEEKDAYS: dict[str, int] = _DEFAULT.WEEKDAYS
MONTH_RE: str = _DEFAULT.MONTH_RE
WEEKDAY_RE: str = _DEFAULT.WEEKDAY_RE
_DIGITS = re.compile(r"\d+")


#: Announcements are short; beyond this we do not look for dates (bounds time).
MAX_SCAN = 60_000


@dataclass(slots=True)
class Span:
    """One date or time expression found in the text.

    ``kind`` is one of ``date``, ``range``, ``list``, ``time``, ``time_range``.
    ``dates`` holds one date (date), two (range: first and last day) or several
    (list); a date whose year could not be inferred is ``None``. ``start`` and
    ``end`` are character offsets in the scanned text.
    """

    kind: str
    start: int
    end: int
    text: str
    dates: tuple[dt.date | None, ...] = ()
    times: tuple[dt.time, ...] = ()
    year_stated: bool = True
    weekday: int | None = None
    zone: str | None = None
    form: str = ""
    parts: tuple[tuple[int, int, int | None], ...] = field(default=(), repr=False)


def _between_times(text: str, times: list[Span], g: Any) -> list[Span]:
    """Two single times after "between" and joined by its "and" ("between 6pm and 8pm",
    "zwischen 9 und 12 Uhr") are one range, the second later than the first."""
    out: list[Span] = []
    i = 0
    while i < len(times):
        a = times[i]
        b = times[i + 1] if i + 1 < len(times) else None
        if b is not None and len(a.times) == 1 and len(b.times) == 1 and b.times[0] > a.times[0]:
            gap = text[a.end : b.start].strip().lower()
            before = text[max(0, a.start - 16) : a.start]
            if any(gap == word and rx.search(before) for rx, word in g.TIME_BETWEEN):
                out.append(Span("time_range", a.start, b.end, text[a.start : b.end],
                                times=(a.times[0], b.times[0]), zone=b.zone or a.zone))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def normalise(text: str) -> str:
    """Same-length normalisation used before scanning: NBSP and thin spaces
    become spaces so offsets still point into the original text."""
    if not text.isascii():
        for ch in _SPACES:
            if ch in text:
                text = text.replace(ch, " ")
    return text


_SPACES = ("\u00a0", "\u2009", "\u202f", "\u2007")


def _month(word: str, g: Any = None) -> int | None:
    g = g or _g()
    if word in ROMAN:
        return ROMAN[word]
    if word.isdigit():
        return int(word)
    return g.MONTHS.get(fold(word.rstrip(".")))


def _make(y: int | None, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d) if y else None
    except ValueError:
        return None


def _valid_dm(m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)


def infer_year(
    month: int, day: int, anchor: dt.date | None, weekday: int | None = None
) -> int | None:
    """The year of a date written without one: the first such date on or after
    ``anchor`` (the publication date), as announcements point to the future.
    A weekday written next to it ("w środę, 6 grudnia") may pick the next year
    instead when only that year matches the weekday."""
    if anchor is None or not _valid_dm(month, day):
        return None
    # the first two such years are all the rules below look at
    years = list(
        islice(
            (
                y
                for y in range(anchor.year, anchor.year + 9)
                if (_make(y, month, day) or anchor) >= anchor and _make(y, month, day)
            ),
            2,
        )
    )
    if not years:
        return None
    year = years[0]
    if weekday is not None and _make(year, month, day).weekday() != weekday:  # type: ignore[union-attr]
        for y in years[1:2]:
            if _make(y, month, day).weekday() == weekday:  # type: ignore[union-attr]
                return y
        # "W środę 5 marca ... odbyło się" in a report published on 7 March: the
        # weekday fits the recent past, not next year's date.
        recent = _make(anchor.year - (month > anchor.month), month, day)
        if recent is not None and recent.weekday() == weekday and (anchor - recent).days <= 92:
            return recent.year
    return year


@lru_cache(maxsize=256)
def _relative(text: str, base: dt.date, langs: tuple[str, ...] = ("pl",)) -> dt.date | None:
    """Normalise a relative span we cut ourselves ("jutro", "za 3 dni") with
    dateparser, anchored on the publication date (never on the wall clock)."""
    try:
        import dateparser  # slow to import; only pages with relative words need it

        parsed = dateparser.parse(
            text,
            languages=list(langs),
            settings={
                "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12, 0),
                "PREFER_DATES_FROM": "future",
            },
        )
    except Exception:  # dateparser must never take the extractor down
        return None
    return parsed.date() if parsed else None


def _claimed(mask: bytearray, s: int, e: int) -> bool:
    return mask.find(1, s, e) != -1


def _claim(mask: bytearray, s: int, e: int) -> None:
    mask[s:e] = b"\x01" * (e - s)


def find_spans(
    text: str,
    published: dt.date | None = None,
    now: dt.date | None = None,
    text_year: dt.date | None = None,
    folded: str | None = None,
    years_named: tuple[int, ...] = (),
) -> list[Span]:
    """All date and time spans in ``text``, in text order.

    Years missing from a date are inferred from ``published`` (the first such
    date on or after it); without a publication date, from the nearest date
    with a stated year in the same text, else from ``now`` (a caller's anchor,
    such as the year and month in the page's address; never the wall clock), else
    from ``text_year`` (a year the text names alone).
    Relative days ("jutro") count from ``published`` only. ``folded``:
    ``fold(text)`` when the caller has it and it is as long as ``text`` (the word
    forms are looked for in it, sparing a lower-casing of the page).
    """
    g = _g()
    text = normalise(text[:MAX_SCAN])
    mask = bytearray(len(text))
    raw: list[tuple[int, int, str, list[tuple[int, int, int | None]], bool, str | None]] = []
    time_spans: list[Span] = []
    n_dates = len(g.PATTERNS)
    floor = date_end = 0
    for dm in _DIGITS.finditer(text):
        p = dm.start()
        if p < floor or (
            p > 0
            and text[p - 1] in _GLUE
            and not _after_date_dash(text, p, date_end)
            and not (text[p - 1] == ":" and p > 1 and text[p - 2].isalpha())  # "Zeit:14. Mai"
        ):
            continue
        n = dm.end() - p
        if n == 3 or n > 4:
            continue  # "300 zł", "12345": no form starts like that
        # The time cue before the digits ("godz."), searched at most once per position:
        # the search tries each of 30 starts (~3 µs) and every time form needs it.
        cue: re.Match[str] | None = None
        cue_searched = False
        if dm.end() < len(text) and text[dm.end()] not in _FOLLOW:  # (the text may end there)
            if n > 2 or (cue := g.TCUE_BEFORE.search(text, max(0, p - 30), p)) is None:
                continue  # "5%", "10 osób," ... unless a bare hour after "godz." ("godz. 10,")
            cue_searched = True
        mm = g.MASTER.match(text, p)
        if mm is None:
            continue
        for j in range(int(mm.lastgroup[1:]), len(g.ALL_CORES)):  # type: ignore[index]
            if j < n_dates:
                found = _date_at(text, p, j, mask, g)
                if found is not None:
                    raw.append(found)
                    floor = date_end = found[1]
                    break
            else:
                if not cue_searched:
                    cue, cue_searched = g.TCUE_BEFORE.search(text, max(0, p - 30), p), True
                span = _time_at(text, p, j - n_dates, cue, g)
                if span is not None:
                    time_spans.append(span)
                    floor = span.end
                    break
        if floor > p:
            _claim(mask, p, floor)
    # (every word form is listed folded too, so the folded page serves as the lowered one)
    lowered = folded[: len(text)] if folded is not None else text.lower()
    present = g.WORD_TRIGGERS.found(lowered)
    for form, triggers, pattern in g.WORD_PATTERNS:
        if present.isdisjoint(triggers):
            continue
        if form == "weekday_rel":
            # weekday names are common; try the pattern only around each one, not the text
            found = _weekday_matches(text, lowered, pattern)
        else:
            found = pattern.finditer(text)
        for m in found:
            s, e = m.span()
            if _claimed(mask, s, e):
                continue
            parts = _parts(form, m, g)
            if parts is None:
                continue
            _claim(mask, s, e)
            raw.append((s, e, form, parts, False, None))
    raw.sort(key=lambda r: r[0])

    # Anchor for years not written: publication date, else a stated year nearby, else now.
    stated = [(r[0], p) for r in raw for p in r[3] if p[2] is not None]
    stated_pos = [pos for pos, _p in stated]
    spans: list[Span] = []
    for s, e, form, parts, br, _ in raw:
        anchor = published
        if anchor is None and stated and any(p[2] is None for p in parts):
            # the nearest date with a stated year (bisect: long texts stay linear)
            i = bisect.bisect_left(stated_pos, s)
            near = [j for j in (i - 1, i) if 0 <= j < len(stated)]
            nearest = min((stated[j] for j in near), key=lambda sp: abs(sp[0] - s))[1]
            anchor = _nearest_anchor(parts, nearest)
        if anchor is None:
            anchor = now
        if anchor is None and text_year is not None:
            anchor = text_year  # "Minikowo 2014", "tegoroczna edycja" with the year elsewhere
        weekday = None
        wm = g.WEEKDAY_BEFORE.search(text, max(0, s - 24), s) if _weekday_near(text, s, g) else None
        if wm and form != "relative":
            weekday = g.WEEKDAYS.get(fold(wm.group("wd")))
            s = wm.start()
        if anchor is None and weekday is not None and years_named and parts[0][2] is None:
            # "Ve čtvrtek 2. října" on a page that names 2014-2020 and no date of its own:
            # the one named year whose 2 October is a Thursday (labelling.md: a weekday
            # written next to the date fixes its year)
            d0, m0 = parts[0][0], parts[0][1]
            fits = [
                y
                for y in years_named
                if (day := _make(y, m0, d0)) is not None and day.weekday() == weekday
            ]
            if len(fits) == 1:
                anchor = dt.date(fits[0], 1, 1)
        if form in ("relative", "weekday_rel"):
            anchor = published  # "jutro" counts from the publication date, and only from it
            if _quoted(text, s) or g.IDIOM.match(text, e):
                continue  # „Polityka spójności dziś i jutro”: a title, not a day
        span = _resolve(text, s, e, form, parts, br, anchor, weekday)
        if span is not None:
            spans.append(span)
    spans = _join_ranges(text, spans)
    spans.extend(_between_times(text, time_spans, g) if g.TIME_BETWEEN else time_spans)
    spans.sort(key=lambda sp: sp.start)
    return spans


DASH_CHARS = "-‐‑‒–—−÷"
#: What may follow the first run of digits of a date or time form.
_FOLLOW = frozenset(" .,-‐‑‒–—−÷/:stnrSTNRapAP\t\n")
_GLUE = ".,/:" + DASH_CHARS  # a digit run glued to these is inside another number


def _weekday_matches(text: str, lowered: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    g = _g()
    out: list[re.Match[str]] = []
    last = -1
    for p in g.WEEKDAY_WORDS_LIT.starts(lowered):
        if p < last:
            continue
        m = pattern.search(text, max(0, p - 40), min(len(text), p + 30))
        if m is not None and m.start() > last:
            out.append(m)
            last = m.end()
    return out


def _quoted(text: str, s: int) -> bool:
    """Is offset ``s`` inside quotation marks opened earlier on its line?"""
    line = text[text.rfind("\n", 0, s) + 1 : s]
    opened = line.count("„") + line.count("“") - line.count("”")
    return opened > 0 or line.count('"') % 2 == 1


def _weekday_near(text: str, s: int, g: Any = None) -> bool:
    """Cheap pre-check for g.WEEKDAY_BEFORE: is the word before ``s`` a weekday?"""
    g = g or _g()
    words = text[max(0, s - 24) : s].rstrip(" ,(").rsplit(None, 1)
    return bool(words) and fold(words[-1].rstrip(".,")) in g.WEEKDAYS


def _after_date_dash(text: str, p: int, floor: int) -> bool:
    """A dash right after a date we just read opens a range ("30.12.2023-2.01.2024")."""
    return floor > 0 and p - 1 == floor and text[p - 1] in DASH_CHARS


def _date_at(
    text: str, p: int, j: int, mask: bytearray, g: Any = None
) -> tuple[int, int, str, list[tuple[int, int, int | None]], bool, str | None] | None:
    """Date form number ``j`` matched at ``p``, validated, or None."""
    g = g or _g()
    form, pattern = g.PATTERNS[j]
    m = pattern.match(text, p)
    if m is None:
        return None
    s, e = m.span()
    parts = _parts(form, m, g)
    if parts is None:
        return None
    if form == "dm":
        before = text[max(0, s - 30) : s]
        if g.NOT_DATE_BEFORE.search(before) or g.TIME_CUE_BEFORE.search(before):
            return None
        if m.group("paren") is not None and not g.WEEKDAY_PAREN_BEFORE.search(before):
            return None  # "(30.03)" is a day after a weekday only: "w czwartek (30.03)"
    if form == "word" and parts[0][2] is None and g.STREET_BEFORE.search(text, max(0, s - 12), s):
        return None  # "ul. 3 Maja 68", "al. 11 Listopada": a street, not a date
    between = (
        [b for end, b in g.BETWEEN if text[max(0, s - 5) : s].endswith(end)]
        if form == "word" and g.BETWEEN
        else None
    )
    if between and (bm := between[0].search(text, max(0, s - 30), s)):
        # "between 1st and 11th May 2014": one span from the first day to the second
        d1 = int(bm.group("d1"))
        if _valid_dm(parts[0][1], d1) and d1 < parts[0][0]:
            return (bm.start(), e, "range_days_word", [(d1, parts[0][1], parts[0][2]), parts[0]],
                    bool(m.groupdict().get("br")), None)  # fmt: skip
    if form == "word" and text[max(0, s - 8) : s].rstrip().endswith(g.LIST_ENDS):
        lm = g.LIST_BEFORE.search(text, max(0, s - 150), s)
        if lm and not _claimed(mask, lm.start(), s):
            days = [int(x) for x in re.findall(r"\d+", lm.group("days"))] + [parts[0][0]]
            if days == sorted(set(days)) and all(_valid_dm(parts[0][1], d) for d in days):
                parts = [(d, parts[0][1], parts[0][2]) for d in days]
                form, s = "list_word", lm.start()
    if form.startswith("range"):
        od = g.OD_BEFORE.search(text, max(0, s - 6), s)
        s = od.start() if od else s
    return (s, e, form, parts, bool(m.groupdict().get("br")), None)


def _time_at(text: str, p: int, j: int, cue: re.Match[str] | None, g: Any = None) -> Span | None:
    """Time form number ``j`` matched at ``p``, or None; ``cue`` is the
    :data:`g.TCUE_BEFORE` match ending at ``p`` ("godz. "), if any."""
    g = g or _g()
    form, needs_cue, pattern = g.TIME_PATTERNS[j]
    strong = bool(cue and cue.group("cue"))
    if strong and g.STREET_SUFFIX is not None and g.STREET_SUFFIX.search(text, 0, p):
        strong, cue = False, None  # "Laisvės g. 6": a street and its house number
    if needs_cue and not strong:
        return None
    m = pattern.match(text, p)
    if m is None:
        return None
    times = _times(m, strong)
    if times is None:
        return None
    s = cue.start() if cue else p
    kind = "time_range" if len(times) == 2 else "time"
    return Span(kind, s, m.end(), text[s : m.end()], times=times, zone=m.group("zone"), form=form)


def _nearest_anchor(
    parts: list[tuple[int, int, int | None]], nearest: tuple[int, int, int | None]
) -> dt.date | None:
    """Without a publication date, put a year-less date within half a year of
    the nearest date that states its year (a deadline "29 listopada" next to
    "6 grudnia 2023" is 2023-11-29)."""
    ref = _make(nearest[2], nearest[1], nearest[0])
    if ref is None:
        return None
    return ref - dt.timedelta(days=182)


def _parts(form: str, m: re.Match[str], g: Any = None) -> list[tuple[int, int, int | None]] | None:
    """(day, month, year-or-None) for each date in a match; None if invalid."""
    g = g or _g()
    gd = m.groupdict()
    year = int(gd["y"]) if gd.get("y") else None
    if form == "relative":
        return [(0, 0, None)]
    if form == "weekday_rel":
        wd = fold(gd["wd"])
        if gd.get("wd2"):  # "w czwartek i piątek": the first day, then the second
            return [(0, 0, g.WEEKDAYS.get(wd)), (0, 0, g.WEEKDAYS.get(fold(gd["wd2"])))]
        if wd == "weekend":
            return [(0, 0, 5), (0, 0, 6)]  # Saturday and Sunday
        return [(0, 0, g.WEEKDAYS.get(wd))]
    month = _month(gd["m"], g)
    if month is None:
        return None
    if form.startswith("range"):
        m1 = _month(gd["m1"], g) if gd.get("m1") else month
        d1, d2 = int(gd["d1"]), int(gd["d2"])
        if m1 is None or not (_valid_dm(m1, d1) and _valid_dm(month, d2)):
            return None
        if m1 == month and d2 <= d1:
            return None
        return [(d1, m1, year), (d2, month, year)]
    d = int(gd["d"])
    if not _valid_dm(month, d):
        return None
    return [(d, month, year)]


def _resolve(
    text: str,
    s: int,
    e: int,
    form: str,
    parts: list[tuple[int, int, int | None]],
    br: bool,
    anchor: dt.date | None,
    weekday: int | None,
) -> Span | None:
    if form == "weekday_rel":
        if anchor is None or parts[0][2] is None:
            return None
        ahead = (parts[0][2] - anchor.weekday()) % 7 or 7
        d = anchor + dt.timedelta(days=ahead)
        if len(parts) == 2 and parts[1][2] is not None:
            # "w najbliższy weekend" (Saturday, Sunday), "w czwartek i piątek": the next day
            # of the second name after the first
            d2 = d + dt.timedelta(days=(parts[1][2] - d.weekday()) % 7 or 7)
            return Span("range", s, e, text[s:e], dates=(d, d2), year_stated=False, form=form)
        return Span("date", s, e, text[s:e], dates=(d,), year_stated=False, form=form)
    if form == "relative":
        if anchor is None:
            return None
        d = _relative(text[s:e].lower(), anchor, tuple(_g().DATEPARSER))
        if d is None:
            return None
        return Span("date", s, e, text[s:e], dates=(d,), year_stated=False, form=form)
    year_stated = all(p[2] is not None for p in parts) or br
    dates: list[dt.date | None] = []
    prev: dt.date | None = None
    for i, (d, m, y) in enumerate(parts):
        if y is None and br and anchor is not None:
            y = anchor.year
        if y is None:
            wd = weekday if i == 0 else None
            base = prev or anchor
            y = infer_year(m, d, base, wd)
        if y is not None and prev is None and i == 0 and len(parts) > 1 and parts[-1][2]:
            # a range whose year is written once at its end: "30.11-1.12.2023"
            last_y = parts[-1][2]
            y = last_y - 1 if (m, d) > (parts[-1][1], parts[-1][0]) else last_y
        date = _make(y, m, d)
        if date is not None and prev is not None and date < prev:
            date = _make(date.year + 1, m, d)
        dates.append(date)
        prev = date or prev
    kind = "date" if len(parts) == 1 else "range" if form.startswith("range") else "list"
    return Span(
        kind, s, e, text[s:e], dates=tuple(dates), year_stated=year_stated,
        weekday=weekday, form=form, parts=tuple(parts),
    )  # fmt: skip


def _join_ranges(text: str, spans: list[Span]) -> list[Span]:
    """Two single dates joined by a dash or "do" are one range:
    "10 maja – 12 czerwca 2024", "od 19 listopada do 29 grudnia 2020",
    "30.10.2014 - 31.10.2014". A first date without a year takes the second's."""
    g = _g()
    out: list[Span] = []
    i = 0
    while i < len(spans):
        a = spans[i]
        if i + 1 < len(spans) and a.kind == "date" and spans[i + 1].kind == "date":
            b = spans[i + 1]
            gap = text[a.end : b.start]
            if g.JOIN.fullmatch(gap) and a.form != "relative" and b.form != "relative":
                da, db = a.dates[0], b.dates[0]
                if a.parts and b.parts and a.parts[0][2] is None and b.parts[0][2] is not None:
                    d, m, _ = a.parts[0]
                    y = b.parts[0][2]
                    da = _make(y, m, d)
                    if da is not None and db is not None and da > db:
                        da = _make(y - 1, m, d)
                if da is not None and db is not None and da < db:
                    s = a.start
                    od = g.OD_BEFORE.search(text, max(0, s - 6), s)
                    if od:
                        s = od.start()
                    out.append(
                        Span("range", s, b.end, text[s : b.end], dates=(da, db),
                             year_stated=b.year_stated, weekday=a.weekday, form="joined",
                             parts=a.parts + b.parts)
                    )  # fmt: skip
                    i += 2
                    continue
        out.append(_weekday_range(text, a, g))
        i += 1
    return out


def _weekday_range(text: str, a: Span, g: Any) -> Span:
    """A dated day with its weekday, after "from <weekday>" ("od piatka do nedele (22. 9.)"):
    the range from that weekday's day before it. The first day follows from the last,
    not from the clock or the page's date."""
    if a.kind != "date" or a.weekday is None or not a.dates or a.dates[0] is None:
        return a
    wm = g.FROM_WEEKDAY_BEFORE.search(text, max(0, a.start - 40), a.start)
    wd = g.WEEKDAYS.get(fold(wm.group("wd"))) if wm else None
    if wm is None or wd is None or wd == a.weekday or a.dates[0].weekday() != a.weekday:
        return a
    first = a.dates[0] - dt.timedelta(days=(a.weekday - wd) % 7)
    s = wm.start()
    return Span("range", s, a.end, text[s : a.end], dates=(first, a.dates[0]),
                year_stated=a.year_stated, weekday=wd, form="joined", parts=a.parts)  # fmt: skip


def _times(m: re.Match[str], cued: bool) -> tuple[dt.time, ...] | None:
    gd = m.groupdict()
    out = []
    # a 12-hour clock: "3 - 5pm" (the first end takes the second's half of the day
    # unless that would put it after the second), "10 am till 6 pm", "12 pm" = noon
    ap2 = (gd.get("ap2") or "").lower() or None
    ap1 = (gd.get("ap1") or "").lower() or None
    for h, mi, ap in (("h1", "m1", ap1), ("h2", "m2", ap2)):
        if gd.get(h) is None:
            continue
        hour, minute = int(gd[h]), int(gd[mi] or 0)
        if ap2 or ap1:
            if hour > 12 or hour == 0:
                return None
            if hour == 12 and minute == 0 and ap == "a" and gd.get("h2") is None:
                return None  # "12 am" alone: midnight to some, noon to others; the day stays
            half = ap or ap2
            if h == "h1" and ap is None and ap2 == "p" and gd.get("h2") is not None:
                h2 = int(gd["h2"]) % 12 + 12
                half = "p" if hour % 12 + 12 < h2 else "a"
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour > 23 or minute > 59:
            return None
        out.append(dt.time(hour, minute))
    if not out:
        return None
    raw = m.group(0)
    if not cued and len(out) == 1 and "." in raw and ":" not in raw and 1 <= out[0].minute <= 12:
        return None  # an uncued "10.05" may be 10 May: a dotted time needs minutes > 12 or 00
    if len(out) == 2 and out[1] <= out[0]:
        return None
    return tuple(out)


def stamp_date(text: str) -> dt.date | None:
    """The first date with a stated year in a short stamp ("24-11-2023",
    "Data publikacji: 12.03.2018", "2024-10-02T10:00", "6 May 2024"): the
    surface forms tried directly, which is cheaper than a full scan."""
    g = _g()
    text = normalise(text[:80])
    best: tuple[int, dt.date] | None = None
    for form, pattern in g.PATTERNS:
        if form.startswith("range") or form == "dm":
            continue
        for m in pattern.finditer(text):
            s = m.start()
            if (s and (text[s - 1].isdigit() or text[s - 1] in _GLUE)) or (best and s >= best[0]):
                continue
            parts = _parts(form, m)
            if parts and parts[0][2] is not None:
                date = _make(parts[0][2], parts[0][1], parts[0][0])
                if date is not None:
                    best = (s, date)
                    break
    return best[1] if best else parse_date(text)


def whole_date(text: str) -> dt.date | None:
    """The date a short string consists of, with its year stated ("04 lutego 2014",
    "2023-06-01", "Nov 02, 2021", "26.01.2021 r."), else None: for stamp lines, tried
    form by form without a full scan."""
    g = _g()
    text = normalise(text.strip())
    if not text or not text[0].isalnum():
        return None
    for form, pattern in g.WHOLE_FORMS:
        m = pattern.match(text)
        if m is None or text[m.end() :].strip(" .r") != "":
            continue
        parts = _parts(form, m)
        if parts and parts[0][2] is not None:
            return _make(parts[0][2], parts[0][1], parts[0][0])
    return None


def parse_date(text: str, published: dt.date | None = None) -> dt.date | None:
    """The first date in a short string (a date stamp, a label value), or None."""
    for span in find_spans(text, published):
        if span.dates and span.dates[0] is not None:
            return span.dates[0]
    return None
