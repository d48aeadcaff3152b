"""Which date is the event, which is the registration deadline, which is noise.

Why hand-written: this is Polish discourse, not date parsing, and no library
knows that "Zgłoszenia przyjmowane są do 29 listopada" is a deadline while
"nabór wniosków potrwa do 15 maja" is a call for proposals. The rule is
simple and local: the cue word nearest *before* a date (inside its sentence
and after the previous date) decides its role; a few cues after the date
("do 6 maja można zarejestrować się") confirm a deadline. A date opening a
line of a list or table takes the role of the line introducing the list
("Harmonogram spotkań:"). Times attach to the nearest date before them in the
same paragraph (or the next cell of a table row); an event date without a
time followed by a timed programme starts and ends with the programme.
When no date has an event cue, the first unclaimed date on or after the
publication date is the candidate, and :func:`pipeline.facts.is_event`
decides whether the page announces an event at all.

Roles: ``event``, ``deadline``, ``published`` (the page's stamp), ``cfp``
(a call-for-proposals period), ``past`` (a report or a date gone by),
``new_date`` (a new date after a postponement) and ``other``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import languages
from .dates import WEEKDAY_RE, Span, fold, zone_of

# Cue words per role, folded (lower case, no diacritics), from the language files
# (``role_cues``). At one position the first listed role wins ("termin zgloszen:" is a
# deadline before "termin:" is an event).
_ROLES = ("deadline", "cfp", "published", "past", "new_date", "event")


@lru_cache(maxsize=16)
def _cue_re_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    cues: dict[str, list[str]] = {role: [] for role in _ROLES}
    for code in codes:
        for role, fragments in (languages.load(code).get("role_cues") or {}).items():
            cues[role].extend(fragments)
    return re.compile(  # on folded text
        "|".join(f"(?P<{role}>\\b(?:{'|'.join(cues[role]) or '(?!)'}))" for role in _ROLES)
    )


def _cue_re() -> re.Pattern[str]:
    """The role cues of the languages that apply to the page being read."""
    return _cue_re_of(languages.active())


@lru_cache(maxsize=64)
def _table_re(
    codes: tuple[str, ...], key: str, head: str, tail: str, flags: int
) -> re.Pattern[str]:
    """One key's fragments of the languages ``codes`` as one pattern ``head...tail``."""
    fragments = [f for code in codes for f in languages.load(code).get(key) or []]
    return re.compile(head + ("|".join(fragments) or "(?!)") + tail, flags)


_NEW_DATE = re.compile(
    r"\b(?:nowy termin|nowym terminie|zmiana terminu|przelozon\w* na|przeniesion\w* na|new date"
    r"|postponed (?:to|until)|rescheduled (?:to|for))",
    re.IGNORECASE,
)
#: The stems whose presence after "do <date>" makes the date a deadline.
_REG_AFTER = re.compile(
    r"^[^\n]{0,60}?(?:(?:mozna|nalezy|trzeba|prosimy)\s(?:\w+\s){0,2}?(?:sie\s)?"
    r"(?:zarejestr|zglos|zapis|przesl|wysl|potwierdz)|zarejestruj|zglos|zapisz|register)",
    re.IGNORECASE,
)
_REG_STEM = re.compile(
    r"\b(?:zglos\w*|zglasza\w*|zgloszen\w*|rejestr\w*|zapis\w*|register\w*"
    r"|sign(?:ing)? up|apply|applications?)"
)
# comments on a draft, applications for funding, offers: sent "do <date>", not registration
_NOT_REGISTRATION = re.compile(r"\b(?:uwag\w*|opini\w*|wnios\w*|ofert\w*|komentarz\w*|ankiet\w*)")
_REG_NOUN = re.compile(r"\b(?:rejestracj\w*|zapisy|zgloszeni\w* udzial\w*|registration|udzial\w*)")
_REG_NEXT = re.compile(r"[\s,.:;r\-–—]*(?:rejestracj\w*|zapisy|zgloszeni\w*|registration)\b")
_DO_END = re.compile(
    rf"\b(?:do|until|by|before)(?:\s+dnia|\s+dn\.)?(?:\s+{WEEKDAY_RE}\.?,?)?\s*$", re.IGNORECASE
)


# "6 grudnia w godz. 10:00-14:00 oraz 7 grudnia": the second date continues the first.
@lru_cache(maxsize=16)
def _continuation_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    words = [re.escape(str(w)) for c in codes for k in ("and_words", "or_words")
             for w in languages.load(c).get(k) or []]  # fmt: skip
    places = [str(p) for c in codes for p in languages.load(c).get("continuation_place_re") or []]
    place = r"(?:(?:" + "|".join(places) + r")[\s,;()]*)?" if places else ""
    return re.compile(
        r"[\s,;()]*" + place + r"(?:" + "|".join(words or ["(?!)"]) + r")?[\s,;(]*"
    )  # ("... Juni 2021 in Warschau und vom 24. bis zum 25. Juni": a place, then "und")


def _continuation() -> re.Pattern[str]:
    """What may stand between a date and the next one that continues it ("i", "oraz")."""
    return _continuation_of(languages.active())


@lru_cache(maxsize=16)
def _past_gate_of(codes: tuple[str, ...]) -> tuple[str, ...] | None:
    triggers: list[str] = []
    for c in codes:
        words = languages.load(c).get("past_after_triggers") or []
        if not words and languages.load(c).get("past_after_re"):
            return None  # a language without triggers: always try its pattern
        triggers += words
    return tuple(triggers)


def _past_gate(after: str) -> bool:
    """Cheap pre-check for :func:`_past_after`: does one of its literal pieces occur?"""
    gate = _past_gate_of(languages.active())
    return gate is None or any(t in after for t in gate)


_TIMES_IN_WINDOW = re.compile(
    r"(?:\bw\s+)?(?:\bgodz\w*\.?|\bg\.|\bod)?\s*\d{1,2}[:.]\d{2}"
    r"(?:\s*(?:[-–—]|do)\s*\d{1,2}[:.]\d{2})?|\br\.|\broku\b"
    rf"|\(\s*{WEEKDAY_RE}\.?\s*\)"  # "5 marca (środa) w godz. 10:00-12:00 oraz 6 marca"
)
_DO_START = re.compile(r"(?:do|until|by)\b", re.IGNORECASE)  # weekday prefix kept in the span
_BULLET_LINE = re.compile(r"\s*(?:[-–•*·▪]|\d{1,2}[.)]\s)")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])|\n")


# A time in the next paragraph still belongs to the date when introduced so.
@lru_cache(maxsize=16)
def _time_label_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        languages.alternation(["\\b(?:" + "|".join(
            f for code in codes for f in languages.load(code).get("time_labels_re") or []
        ) + ")"]),
        re.IGNORECASE,
    )  # fmt: skip


def _time_label() -> re.Pattern[str]:
    """A label that carries the event's time into the next paragraph ("Rozpoczęcie:")."""
    return _time_label_of(languages.active())


@lru_cache(maxsize=16)
def _checkin_before_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """A check-in's words shortly before a time ("rejestracja od 9:30", "Einlass ab 18
    Uhr"): that time is not the event's (the languages' ``checkin_before_re``, folded)."""
    return _table_re(codes, "checkin_before_re", r"\b(?:", r")\b[^.\n]{0,40}\Z", 0)


@lru_cache(maxsize=16)
def _checkin_item_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """The programme item before the event proper: check-in, logging in, welcome coffee
    ("16:30 – 17:00 Registration", "8:30 Prezence"; ``checkin_item_re``, folded)."""
    return _table_re(codes, "checkin_item_re", r"[\s\-–—:|]*(?:", ")", 0)


@lru_cache(maxsize=16)
def _deadline_time_before_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """A limit's word right before a time ("do 12:00", "until 5 pm"; the files'
    ``deadline_time_before_re``), on the page's own letters."""
    return _table_re(codes, "deadline_time_before_re", r"\b(?:", r")\s*$", re.IGNORECASE)


# A past-tense verb right after a date, in its sentence, makes it a date gone by
# (on the page's own text: with or without Polish letters).
def _past_after() -> re.Pattern[str]:
    """A past-tense verb right after a date ("odbyła się", "took place"): on page text."""
    return _table_re(languages.active(), "past_after_re", "[^.\\n]{0,40}?\\b(?:", r")\b", re.I)


@lru_cache(maxsize=16)
def _after_cues_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """Right after a date, in one match: the site's today widget ("Imieniny:") or a window
    for written comments ("można zgłaszać uwagi"); the languages' ``widget_after_re``
    and ``cfp_after_re``, folded."""

    def alt(key: str) -> str:
        words = [str(w) for c in codes for w in languages.load(c).get(key) or []]
        return "|".join(words) or "(?!)"

    return re.compile(
        rf"\W{{0,3}}(?P<widget>(?:{alt('widget_after_re')}))"
        rf"|[^.\n]{{0,20}}?\b(?P<cfp>(?:{alt('cfp_after_re')}))"
    )


def _after_re(key: str, head: str) -> re.Pattern[str]:
    """One of the languages' after-a-date tables, matched on folded text from the date's end."""
    return _table_re(languages.active(), key, head, ")", 0)


def _event_after() -> re.Pattern[str]:
    """An event's verb after a date ("odbędzie się", "will take place"): folded text."""
    return _table_re(languages.active(), "event_after_re", r"\b(?:", ")", 0)


# "rozpoczną się 2 marca i potrwają do 20 marca": the end of the event begun before
_LASTS_UNTIL = re.compile(
    r"\b(?:potrwa\w*|trwa\w*|lasts?|runs?|continues?)\s+(?:do|until|till|to)\s*$"
)

_ENDS_ON = re.compile(
    r"\b(?:zakoncz[ay] sie|zakonczy sie|konczy sie|konczyc sie bed\w+|will end|ends?)"
    r"(?:\s+(?:w dniu|dnia|dn\.|on))?\s*$"
)
_ASIDE = re.compile(r"\s*(?:dodatkowo|ponadto|additionally|also|in addition)\b")
# "Jutro drugi dzień targów", "today the second day of": the date names an event's second day
_SECOND_DAY_AFTER = re.compile(r"[\s,(]*(?:drugi dzien|the second day|second day)\b")
# a sentence about an undated second day: "Drugi dzień obrad zdominuje...", "On day 2, ..."
_SECOND_DAY_SENTENCE = re.compile(
    r"(?:^|[.!?]\s+)"
    r"(?:Drugi dzień|Drugiego dnia|On the second day|The second day|On day 2|Day 2\b)",
    re.MULTILINE,
)
_WIDGET_CUE = "today's-date widget"
_WIDGET = re.compile(r"\b(?:dzien tygodnia|dzisiaj jest|dzis jest|today is)\s*:?\s*$")

@lru_cache(maxsize=16)
def _until_weekday_of(codes: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """"Targi potrwają do niedzieli", "končí v neděli": the verbs (the languages'
    ``until_weekday_re``) before a weekday (the languages' weekday names), and the
    literal pieces one of which the page must hold first."""
    from .dates import _g

    verbs = [str(v) for c in codes for v in languages.load(c).get("until_weekday_re") or []]
    triggers = tuple(
        str(t) for c in codes for t in languages.load(c).get("until_weekday_triggers") or []
    )
    days = "|".join(sorted(map(re.escape, _g().WEEKDAYS), key=len, reverse=True))  # (codes')
    return re.compile(rf"\b(?:{'|'.join(verbs) or '(?!)'})\s+({days})\b"), triggers

# An event calendar's end field: "Zakończenie: 01.05.2019 23:00", "Koniec:", "End:".
_END_LABEL = re.compile(r"\b(?:zakonczenie|koniec|end(?:s| date)?)\s*:?\s*$")

_BACK = 160  # how far back a cue may stand
_TIME_REACH = 160  # how far after a date its time may stand


@dataclass(slots=True)
class Assignment:
    """One date span and the role given to it, with the cue that decided it."""

    span: Span
    role: str
    cue: str | None = None
    time: Span | None = None
    continues: Assignment | None = None  # the date this one continues ("6 i 13 grudnia")


@dataclass(slots=True)
class Roles:
    """The event's dates in record form, and how each date was read."""

    start: str | None = None
    end: str | None = None
    all_day: bool | None = None
    sessions: list[dict[str, str | None]] | None = None
    registration_deadline: str | None = None
    assignments: list[Assignment] = field(default_factory=list)
    event_cued: bool = False  # the start came from an event cue, not a fallback
    new_date: bool = False  # a new date after a postponement was given
    chosen: list[Assignment] = field(default_factory=list)  # the dates the event was built from
    timezone: str | None = None  # IANA zone the page states for the event's times, if not Polish

    def roles_of(self, role: str) -> list[Assignment]:
        return [a for a in self.assignments if a.role == role]


def _fmt(d: dt.date, t: dt.time | None) -> str:
    return f"{d.isoformat()}T{t.hour:02d}:{t.minute:02d}" if t else d.isoformat()


def _window_start(text: str, s: int, prev_end: int) -> tuple[int, bool]:
    """Start of the back window of a date at ``s``: the sentence start, the
    previous date's end or _BACK characters, whichever is nearest. The flag
    says whether the window was cut by the previous date (same sentence)."""
    lo = max(0, s - _BACK)
    cut_by_prev = prev_end > lo
    lo = max(lo, prev_end)
    # the last sentence end before the date, nearest first (the abbreviation test is the
    # costly part, so it is asked of the nearest end only until one is a real end)
    for m in reversed(list(_SENTENCE_END.finditer(text, lo, s))):
        if text[m.start()] == "." and _abbreviated(text, m.start()):
            continue  # "do kol. Ewy Potańskiej do dnia ...": the sentence goes on
        return m.end(), False
    return lo, cut_by_prev


def _abbreviated(text: str, dot: int) -> bool:
    """Is the word before the dot at ``dot`` one of the languages' abbreviations?"""
    word = _LAST_WORD.search(text[max(0, dot - 10) : dot])
    return bool(word) and fold(word.group(0)) in languages.abbreviations(languages.active())


_LAST_WORD = re.compile(r"[^\W\d_]+$")


_LIST_PREFIX = 40  # a list item names its date near the start of its line
_LIST_LINE = 120  # and is short, unlike a paragraph of prose


def _short_with_digits(line: str) -> bool:
    return len(line) <= _LIST_LINE and _DIGIT.search(line, 0, _LIST_PREFIX + 20) is not None


_DIGIT = re.compile(r"\d")


def _is_list_line(text: str, lo: int, span: Span) -> bool:
    """Is the date at ``span`` an item of a list (one date per short line)?"""
    end = text.find("\n", span.end)
    line_len = (end if end != -1 else len(text)) - lo
    return (span.start - lo <= _LIST_PREFIX and line_len <= _LIST_LINE) or bool(
        _BULLET_LINE.match(text, lo)
    )


def _list_intro(text: str, lo: int) -> tuple[str | None, str | None]:
    """A date opening a line of a list ("- 3 marca 2024, godz. 10:00, Bochnia")
    takes its role from the line introducing the list ("Zapraszamy na cykl
    spotkań:"), found by walking up over list lines."""
    end = lo
    for _ in range(15):
        start = text.rfind("\n", 0, max(0, end - 1)) + 1
        line = text[start:end].strip()
        if not line:
            return None, None
        if line.endswith(":") and start < lo:
            return _nearest_cue(fold(line))
        if start < lo and len(line) < 40 and not any(map(str.isdigit, line)):
            role, cue = _nearest_cue(fold(line))
            if role is not None:
                return role, cue
            end = start  # a table header ("Data", "Godzina", "Miejsce"): look further up
            continue
        if start < lo and not (_BULLET_LINE.match(line) or _short_with_digits(line)):
            # the line just above an unlabelled list ("Zapraszamy na kilka wydarzeń.")
            role, cue = _nearest_cue(fold(line))
            return (role, cue) if role == "event" else (None, None)
        if start == 0:
            return None, None
        end = start
    return None, None


def _nearest_cue(window: str) -> tuple[str | None, str | None]:
    role = cue = None
    past = None
    for m in _cue_re().finditer(window):
        if role == "cfp" and m.group(0).startswith("termin"):
            continue  # "nabór wniosków planujemy w terminie od 2 do 16 grudnia": still the call
        past = cue if role == "past" else None  # (the cue right before this one)
        role, cue = m.lastgroup, m.group(0)
    if role == "event" and past is not None and _date_intro().fullmatch(cue or ""):
        return "past", past  # "odbyła się w dniach 24-27 września": the past's own date
    return role, cue


def _date_intro() -> re.Pattern[str]:
    return _table_re(languages.active(), "date_intro_re", r"(?:", ")", 0)


#: The text being read and its folded form (same length), so that windows are sliced from
#: one fold of the page instead of folding each slice again (a dozen folds a date).
_FOLDED: tuple[str, str] | None = None


def _fs(text: str, lo: int, hi: int) -> str:
    """``fold(text[lo:hi])``, sliced from the page's one fold when ``text`` is the page."""
    cached = _FOLDED
    if cached is not None and cached[0] is text:
        return cached[1][max(0, lo) : hi]
    return fold(text[max(0, lo) : hi])


def _classify(
    text: str, span: Span, prev: Assignment | None, published: dt.date | None
) -> Assignment:
    prev_end = prev.span.end if prev else 0
    lo, same_sentence = _window_start(text, span.start, prev_end)
    window = _fs(text, lo, span.start)
    if do := _DO_START.match(span.text):
        # "do piątku, 7 marca": the weekday prefix took "do" into the span; the cue needs it
        window += " " + fold(do.group(0))
    role, cue = _nearest_cue(window)
    if _ASIDE.match(window) and role == "event":
        role, cue = "other", "dodatkowo (a side event)"  # "Dodatkowo 18.05 zapraszamy na ..."
    if ("tygodnia" in window or "jest" in window or "today" in window) and _WIDGET.search(window):
        return Assignment(span, "other", _WIDGET_CUE)  # "Dzień tygodnia: czwartek, ..."
    after = _after_cues_of(languages.active()).match(_fs(text, span.end, span.end + 80))
    if after and after.lastgroup == "widget":
        return Assignment(span, "other", _WIDGET_CUE)  # "Czwartek, 2 maja 2024 Imieniny: ..."
    if after and after.lastgroup == "cfp":
        return Assignment(span, "cfp", "... można zgłaszać uwagi (a comments window)")
    if (
        prev is not None
        and prev.role == "event"
        and role != "deadline"
        and ("trwa" in window or "last" in window or "run" in window or "contin" in window)
        and _LASTS_UNTIL.search(window)
        and not _REG_STEM.search(window)
    ):
        return Assignment(span, "end", "potrwa do", continues=prev)  # "... i potrwają do 20 marca"
    ending = "zakon" in window or "konczy" in window or "end" in window
    if role in ("event", None) and ending and _ENDS_ON.search(window):
        # "Konsultacje zakończą się 2 marca": the end of something; of the event begun just
        # before ("rozpoczną się 2 marca, a zakończą się 20 marca"), else not the event's day
        if prev is not None and prev.role == "event" and same_sentence:
            return Assignment(span, "end", "zakończy się", continues=prev)
        role, cue = "other", "zakończy się (an end, its start not named)"
    if role in ("event", None) and _NEW_DATE.search(window):
        role, cue = "new_date", "nowy termin"
    if role is None and same_sentence and prev is not None and prev.role != "published":
        if _continuation().fullmatch(_TIMES_IN_WINDOW.sub(" ", window)):
            # "6 i 13 grudnia", "6 grudnia oraz 13 grudnia"
            return Assignment(span, prev.role or "other", prev.cue, continues=prev)
    if role is None and "\n" in text[max(0, lo - 1) : lo + 1] and _is_list_line(text, lo, span):
        role, cue = _list_intro(text, lo)
        if role == "event" and _DO_END.search(window):
            role, cue = "other", "do ... (a limit among the key dates)"  # "Opłata: do 30 czerwca"
    if role == "deadline" and _NOT_REGISTRATION.search(window) and not _REG_NOUN.search(window):
        role, cue = "other", "uwagi ... do (comments, not registration)"
    if role in (None, "event", "other") and (_DO_END.search(window) or _DO_START.match(span.text)):
        after = _fs(text, span.end, span.end + 80)
        if _REG_AFTER.search(after) or (
            _REG_STEM.search(window) and not _NOT_REGISTRATION.search(window)
        ):
            # "do 6 maja można zarejestrować się"; "zgłoszenia ... w terminie do 10 września"
            role, cue = "deadline", "do ... (registration in the sentence)"
    bullet = _BULLET_LINE.match(text, text.rfind("\n", 0, span.start) + 1)
    if (
        (role in (None, "other") or (role == "event" and bullet))
        and _REG_NEXT.match(_fs(text, span.end, span.end + 40))
        and (span.kind == "range" or _BULLET_LINE.match(text, text.rfind("\n", 0, span.start) + 1))
    ):  # (a date heading a line of key dates: "• 6 maja 2022 r. – rejestracja")
        role, cue = "deadline", "... rejestracja"  # "25 maja - 25 września 2017 r. rejestracja"
    if role is None and span.start > 0 and text[span.start - 1] == "\n":
        # "Serdecznie zapraszamy" / "30 maja (piątek) 2025 r.": an invitation on the line above
        above = _fs(text, text.rfind("\n", 0, span.start - 1) + 1, span.start)
        if len(above) < 60 and ("zaprasza" in above or "invite" in above):
            role, cue = "event", "zapraszamy (line above)"
    if role is None:
        # "10 kwietnia 2019 roku w Brukseli odbędzie się forum": the event's verb after
        # its date, in the same sentence
        end = _SENTENCE_END.search(text, span.end, span.end + 120)
        rest = _fs(text, span.end, end.start() if end else span.end + 120)
        if _event_after().search(rest) and not _ASIDE.match(window):
            role, cue = "event", "... odbędzie się"
    after = text[span.end : span.end + 70]
    if role in (None, "event", "other") and _past_gate(after) and _past_after().match(after):
        role, cue = "past", "... odbyło się"  # "5 marca w Zamościu odbyło się spotkanie"
    if role == "event" and published is not None:
        last = span.dates[-1]
        if last is not None and last < published:
            role = "past"
    return Assignment(span, role or "other", cue)


def _stamp(a: Assignment, published: dt.date | None, text: str) -> bool:
    """A date near the top equal to the publication date, with no event cue,
    is the page's own stamp (innowacjespoleczne "24-11-2023" under the title)."""
    return (
        published is not None
        and a.span.start < 300
        and a.span.kind == "date"
        and a.span.dates[0] == published
        and a.role in ("other", "event")
        and not (a.role == "event" and _event_label(text, a.span.start))
        and (
            a.cue is None
            or a.role != "event"
            or "\n" in text[max(0, a.span.start - 2) : a.span.start]
            or len(_line_of(text, a.span)) <= 60  # "Z dnia 04.09.2017", "13.06.2022 | News"
        )
    )


# an event cue that labels the date ("KDY: 25. září", "Termin: 24.11.2023"): the event's day,
# even when the page was published on it
_LABEL_END = re.compile(r"(?:^|\n)[ \t]*(?P<label>[^\W\d_][^\n:]{0,30}?)[ \t]*:[ \t]*$")


def _event_label(text: str, at: int) -> bool:
    """Is the date at ``at`` labelled, and not by a publication stamp's label ("date:",
    "Date Released:")?"""
    m = _LABEL_END.search(text, max(0, at - 40), at)
    if m is None:
        return False
    label = m.group("label")
    codes = languages.active()
    stamp = _table_re(codes, "stamp_labels_re", r"(?:", r")$", re.IGNORECASE)
    field = _table_re(codes, "stamp_field_re", r"(?:", r")$", 0)
    return not (stamp.search(label) or field.match(label))


_PLACE_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?P<place>[^\W\d_]{3,}(?:[ \t-][^\W\d_]{2,}){0,2}),?[ \t]+$"
)
_NOTHING_AFTER = re.compile(r"[ \t]*(?:r\.|roku)?[ \t.]*(?:\n|$)")


@lru_cache(maxsize=16)
def _signed_in_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """(folded) a line opening with a one- or two-letter preposition and ending with the
    word a signature puts before its date (the files' ``signed_on_re``: "dňa", "dnia"),
    right before the date."""
    return _table_re(
        codes, "signed_on_re", r"(?:^|\n)[ \t]*[^\W\d_]{1,2}[ \t]+[^\n]{3,40}?,?[ \t]+(?:",
        r")[ \t]*$", 0,
    )


def _signed_in_town(text: str, span: Span) -> bool:
    """The words between the preposition and "dňa" are a name: capitalised, save short
    joining words ("Michale nad Žitavou")."""
    line = text[text.rfind("\n", 0, span.start) + 1 : span.start].split()
    words = [w.strip(",") for w in line[1:-1]]
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or len(w) <= 3 for w in words
    )


def _signature_line(text: str, span: Span, published: dt.date | None) -> bool:
    """A line holding only a town and the page's own date ("Bratislava 2. september 2009"
    under a notice stamped 02.09.2009, "Lublin, 12 marca 2024 r."): the day the notice
    was signed, not an event's ("Marseille, 18 and 19 January 2023" in an event's box is
    the event's: not the page's date)."""
    if published is None or span.dates[-1] != published:
        # "V Michale nad Žitavou dňa 7.5.2020" in the page's second half: a notice signed
        # in a town on a day (a preposition, the town, "dňa"/"dnia" and the date alone)
        return span.start > len(text) // 2 and bool(
            _signed_in_of(languages.active()).search(_fs(text, max(0, span.start - 60), span.start))
            and _signed_in_town(text, span)
        ) and bool(_NOTHING_AFTER.match(text, span.end))
    m = _PLACE_BEFORE.search(text, max(0, span.start - 40), span.start)
    if m is None or not all(w[0].isupper() for w in m.group("place").split()):
        return False
    if not _NOTHING_AFTER.match(text, span.end):
        return False
    from .dates import _g

    return not any(fold(w) in _g().WEEKDAYS for w in m.group("place").split())


def _line_of(text: str, span: Span) -> str:
    lo = text.rfind("\n", 0, span.start) + 1
    hi = text.find("\n", span.end)
    return text[lo : len(text) if hi == -1 else hi]


# A line holding only a date and a clock time ("2019-05-11, 09:57", "28.06.2019 11:10"):
# a stamp of the page or of an update, not an event's date.
_STAMP_ONLY_LINE = re.compile(
    r"^\W*(?:\d{4}-\d\d-\d\d|\d{1,2}\.\d{1,2}\.\d{4})(?:\s*r\.)?,?\s+\d{1,2}:\d\d(?::\d\d)?\W*$"
)


_FULL_STOP = re.compile(r"[^\W\d_]{3}[.!?][ \t(]")  # (a word's end, not "godz." or "r.")


@lru_cache(maxsize=16)
def _time_before_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    words = [str(w) for c in codes for w in languages.load(c).get("time_before_date_words") or []]
    return re.compile(rf"[ \t,]*(?:(?:{'|'.join(map(re.escape, words)) or '(?!)'})[ \t]+)?")


def _times_before(text: str, spans: list[Span], assignments: list[Assignment]) -> None:
    """A deadline's time written before its date ("until 12:00 on November 5, 2020",
    "do godz. 12:00 dnia 5 listopada"): the time right before the date, with only
    "on"/"dnia" between, is the date's when it has none."""
    gap: re.Pattern[str] | None = None
    for a in assignments:
        if a.time is not None or a.role != "deadline":
            continue
        for sp in spans:  # (in text order)
            if sp.end >= a.span.start:
                break
            if sp.times and a.span.start - sp.end <= 12:
                gap = gap or _time_before_of(languages.active())
                if gap.fullmatch(_fs(text, sp.end, a.span.start)):
                    a.time = sp
                    break


def _attach_times(text: str, spans: list[Span], assignments: list[Assignment]) -> None:
    """Give each date the first time after it, in the same paragraph and
    before the next date. "do godz. 12:00" only goes to a deadline; a
    registration check-in time ("rejestracja od godz. 9:30") to nobody."""
    by_start = {id(a.span): a for a in assignments}
    current: Assignment | None = None
    stamp: Assignment | None = None
    passed: Assignment | None = None  # a date gone by between the event's date and a time
    for sp in spans:
        if sp.dates:
            a = by_start.get(id(sp))
            if a is not None and a.role == "published" and current is not None:
                stamp = a  # the page's stamp does not take the event's time from below
                continue
            if a is not None and a.role in ("past", "cfp") and current is not None:
                passed = a  # "..., który miał miejsce 10 października." (the event's time later)
                continue
            current, stamp, passed = a, None, None
            continue
        if stamp is not None and "\n" not in text[stamp.span.end : sp.start]:
            continue  # "Opublikowano: 29.04.2025 10:15": the stamp's own time
        if passed is not None and "\n" not in text[passed.span.end : sp.start]:
            continue  # the past date's own time
        if current is None:
            continue
        if current.time is not None:
            # "od godz. 15.00" by the date, "Czas: od godz. 15.00 do 19.00" below: the range
            t = current.time
            line_start = text.rfind("\n", 0, sp.start) + 1
            if (len(t.times) == 1 and len(sp.times) == 2 and sp.times[0] == t.times[0]
                    and sp.start - current.span.end < 1000
                    and text[line_start : sp.start].strip(" \t-–•*·")):  # fmt: skip
                current.time = sp  # (not an agenda line "10:00–10:20 Powitanie")
            continue
        gap = text[current.span.end : sp.start]
        multiline = "\n" in gap.strip(" \t")
        labelled = (len(gap) > _TIME_REACH or multiline) and bool(
            _time_label().search(_fs(text, max(0, sp.start - 40), sp.start + 12))
        )  # (asked only where it matters: a far or a next-paragraph time)
        if len(gap) > (_TIME_REACH if not labelled else 6 * _TIME_REACH):
            continue
        if (
            multiline
            and (
                current.role == "deadline"  # a deadline's time is on its own line ("do godz. 12")
                or not (
                    labelled
                    or _time_label().search(fold(gap + sp.text[:12]))
                    or _cell_below(text, current.span, gap)
                    or _next_line(gap)
                )
            )
        ):
            continue
        if current.role == "deadline" and _FULL_STOP.search(gap):
            continue  # "do niedzieli 20 lutego wypełnijcie formularz. (Link ... o godzinie 9.00"
        codes = languages.active()
        checkin_item = _checkin_item_of(codes).match(_fs(text, sp.end, sp.end + 30))
        if checkin_item and current.role != "deadline":
            continue  # "16:30 – 17:00 Registration": the check-in, not the event
        before = text[max(0, sp.start - 40) : sp.start]
        checkin = _checkin_before_of(codes).search(_fs(text, sp.start - 40, sp.start))
        if checkin and current.role != "deadline":
            continue
        limit = _deadline_time_before_of(codes).search(before)
        if limit and current.role not in ("deadline", "cfp"):
            continue
        current.time = sp


_NEXT_LINE_LEAD = re.compile(
    r"^[\s,.r]*\n[ \t]*(?:online|on-line|hybrid\w*|stacjonarn\w*|w|od|from|at)?[ \t,:]*$", re.I
)


def _next_line(gap: str) -> bool:
    """The date ends its line and the next line starts with the time ("9 maja 2015 r." /
    "w godz. 12:00 – 17:00"; "Thursday, 5 November, 2020" / "Online 10:00 – 12:00 CET")."""
    return gap.count("\n") == 1 and bool(_NEXT_LINE_LEAD.match(gap))


def _cell_below(text: str, span: Span, gap: str) -> bool:
    """A date alone on its line with the time on the next one: a table row
    read cell by cell ("12.10.2021" / "10:00-12:00" / "Olsztyn")."""
    if gap.strip() or gap.count("\n") != 1:
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    return not text[line_start : span.start].strip(" \t-–•*·")


def _programme(
    text: str, spans: list[Span], a: Assignment, event_days: dict[int, bool] | None = None
) -> None:
    """An event date without a time, followed by a timed programme ("10.00–10.15
    Powitanie" ... "12.00 Zakończenie"), starts with the programme's first
    item and ends with its last. A first item that is the check-in ("9:30 –
    rejestracja uczestników") is not the start. A date with a start time only
    ("godz. 10:00") takes its end from the programme's last item."""
    event_days = event_days or {}
    start_only = a.time is not None and len(a.time.times) == 1
    items = []
    after = False
    for sp in spans:
        if sp is a.span:
            after = True
            continue
        if not after:
            continue
        if sp.start - a.span.end > 3000:
            break
        if sp.dates:
            if set(sp.dates) - set(a.span.dates) and event_days.get(id(sp), False):
                break  # another event day: its own programme
            continue  # "When? Friday 1 December", "Deadline? 20 November" above the agenda
        line_start = text.rfind("\n", 0, sp.start) + 1
        if sp.times and not text[line_start : sp.start].strip(" \t-–•*·"):
            items.append(sp)
    if len(items) < 2:
        return
    # the last item ends the event when it is a span or a closing ("12.00 Zakończenie"); a
    # single hour of another item ("15 val. Kultūrinė programa") leaves the end unknown
    closing = _after_re("closing_words_re", r"^[\s\-–—:|.]*(?:")
    ends = len(items[-1].times) == 2 or bool(
        closing.match(_fs(text, items[-1].end, items[-1].end + 40))
    )
    if start_only:
        first, last = a.time.times[0], items[-1].times[-1]  # type: ignore[union-attr]
        if last > first and ends:
            a.time = Span("time_range", a.time.start, a.time.end, a.time.text, times=(first, last),
                          zone=a.time.zone)  # type: ignore[union-attr]  # fmt: skip
        return
    if _checkin_item_of(languages.active()).match(_fs(text, items[0].end, items[0].end + 40)):
        items = items[1:]  # "16:30 – 17:00 Registration" / "17:00 - 20:00 Reception"
    if len(items) >= 2 or (items and len(items[0].times) == 2):
        first, last = items[0].times[0], items[-1].times[-1]
        if last > first and ends:
            a.time = Span("time_range", items[0].start, items[-1].end, "", times=(first, last))
        elif last > first:
            a.time = Span("time", items[0].start, items[0].end, "", times=(first,))


def assign(
    text: str, spans: list[Span], published: dt.date | None = None, folded: str | None = None
) -> Roles:
    """Read the roles of all date spans and build the record's date fields.

    ``spans`` are :func:`pipeline.dates.find_spans` of the same ``text``.
    """
    global _FOLDED
    folded = folded if folded is not None else fold(text)
    _FOLDED = (text, folded) if len(folded) == len(text) else None
    assignments: list[Assignment] = []
    prev: Assignment | None = None
    for sp in spans:
        if not sp.dates or any(d is None for d in sp.dates):
            continue
        a = _classify(text, sp, prev, published)
        if _stamp(a, published, text):
            a.role = "published"
        elif a.role in ("event", "other") and (
            _STAMP_ONLY_LINE.match(_line_of(text, sp)) or _signature_line(text, sp, published)
        ):
            a.role = "published"
        assignments.append(a)
        prev = a
    _attach_times(text, spans, assignments)
    _times_before(text, spans, assignments)

    roles = Roles(assignments=assignments)
    chosen = [a for a in assignments if a.role == "new_date"]
    roles.new_date = bool(chosen)
    if len(chosen) > 1 and all(
        a.span.dates
        and b.span.dates
        and a.span.dates[0]
        and b.span.dates[0]
        and a.span.dates[0] < b.span.dates[0]
        for a, b in zip(chosen, chosen[1:], strict=False)
    ):
        # "postponed to 15-17 October 2020, will be once more postponed to 7-9 October
        # 2021": moved again, each new date later than the one before; the last stands
        chosen = chosen[-1:]
    if not chosen:
        chosen = [a for a in assignments if a.role == "event"]
    roles.event_cued = bool(chosen)
    title_end = text.find("\n")
    in_title = [a for a in chosen if 0 <= a.span.start < title_end]
    if in_title and len(chosen) > len(in_title):
        # "Info Day to take place on 19 January 2023": the title names the page's event; a
        # date elsewhere is another event unless it is the same day
        days = {d for a in in_title for d in a.span.dates}
        chosen = [a for a in chosen if set(a.span.dates) & days]
    if len(chosen) > 1:
        # Real pages put the event beside other dates that a weak cue ("spotkanie",
        # "dnia") also calls the event's. The event's date is the one its event
        # sentence names ("odbędzie się", "will take place", "Termin:"): when some
        # dates stand in such a sentence, or in a list the page introduces, the
        # others are not sessions.
        strong = [a for a in chosen if _strong(text, a)]
        # one sentence's dates stand together ("findet vom 17. bis 19. Juni in Warschau und
        # vom 24. bis zum 25. Juni in Oppeln statt": the verb after the second date)
        linked = {id(b.continues) for b in strong if b.continues is not None}
        linked |= {id(a) for a in strong}
        strong = [a for a in chosen if id(a) in linked or id(a.continues) in linked]
        if strong:
            chosen = strong
        if len(chosen) > 1 and all(a.continues is None for a in chosen[1:]):
            # separate sentences, each naming one date, and one of them with its hour
            # ("Konferencja odbędzie się 18 czerwca o godz. 11.00" beside "cykl wydarzeń
            # rozpocznie się 15 czerwca"): the timed one is the page's event
            timed = [a for a in chosen if a.time is not None]
            if len(timed) == 1 and not _is_list_of(text, chosen):
                chosen = timed
    if not chosen:
        # Fallback: the first date that nothing else claims and is not in the past.
        for i, a in enumerate(assignments):
            last = a.span.dates[-1]
            if a.cue == _WIDGET_CUE or _DO_END.search(_fs(text, a.span.start - 40, a.span.start)):
                continue  # the site's clock; "notified by 12 September": a limit, not a day out
            if a.role == "other" and (published is None or (last and last >= published)):
                chosen = [a] + _list_mates(text, assignments[i + 1 :], a)
                break
    ends_at = None
    if chosen and chosen[0].time is None:
        # "gala 7 grudnia" in the title, "Już 7 grudnia o godzinie 17.00" below: the same
        # day mentioned again with its time (unless a label makes it the end: an event
        # calendar's "Zakończenie: 01.05.2019 23:00")
        twins = [
            a
            for a in assignments
            if a is not chosen[0]
            and a.time is not None
            and a.role in ("event", "other")
            and a.span.dates == chosen[0].span.dates
        ]
        ends_at = next(
            (a for a in twins if _END_LABEL.search(_fs(text, a.span.start - 30, a.span.start))),
            None,
        )
        twin = next((a for a in twins if a is not ends_at), None)  # fmt: skip
        if twin is not None:
            chosen = [twin] + [a for a in chosen[1:] if a is not twin]
    if len({a.span.dates for a in chosen}) == 1 and len(chosen) > 1:
        timed = sorted((a for a in chosen if a.time is not None), key=lambda a: not a.time.zone)
        chosen = [(timed or chosen)[0]]  # the same day named twice ("When? Friday 1 December")
    roles.chosen = chosen
    if (
        len(chosen) == 1
        and chosen[0].span.kind == "date"
        and (chosen[0].time is None or len(chosen[0].time.times) == 1)
    ):
        event_days = {id(x.span): x.role in ("event", "new_date") for x in assignments}
        _programme(text, spans, chosen[0], event_days)
    _lone_hours(text, spans, assignments, chosen)
    _fill_event(roles, chosen)
    _each_time(roles, text, spans, chosen)
    _later_hours(roles, text, spans, chosen)
    if ends_at is not None and roles.end is None and roles.start and ends_at.time is not None:
        end = dt.datetime.combine(ends_at.span.dates[0], ends_at.time.times[-1])  # type: ignore[arg-type]
        if end.isoformat(timespec="minutes") > roles.start:
            roles.end = end.isoformat(timespec="minutes")

    if roles.start and "T" in roles.start and roles.end is None and len(chosen) == 1:
        # an end from a stated duration: "potrwa 3 godziny", "a 90-minute webinar" (never an
        # approximate one: "ok. 1,5 godz.")
        minutes = _duration(_fs(text, max(0, chosen[0].span.start - 200), chosen[0].span.end + 300))
        if minutes:
            first = dt.datetime.fromisoformat(roles.start) + dt.timedelta(minutes=minutes)
            if first.date().isoformat() == roles.start[:10]:
                roles.end = first.strftime("%Y-%m-%dT%H:%M")
    if roles.start and roles.end is None and len(chosen) == 1:
        # "Uroczyste otwarcie w piątek 10 września ... Targi potrwają do niedzieli"
        wm = None
        until, triggers = _until_weekday_of(languages.active())
        if any(t in text for t in triggers):  # (the cheap test first)
            wm = until.search(_fs(text, 0, len(text)), chosen[0].span.end)
        wd = _weekday_number(wm.group(1)) if wm else None
        if wd is not None:
            first = dt.date.fromisoformat(roles.start[:10])
            roles.end = (first + dt.timedelta(days=(wd - first.weekday()) % 7 or 7)).isoformat()
    if roles.start and roles.end is None and len(chosen) == 1 and chosen[0].span.kind == "date":
        day = dt.date.fromisoformat(roles.start[:10])
        if _SECOND_DAY_AFTER.match(_fs(text, chosen[0].span.end, chosen[0].span.end + 20)):
            # "Jutro drugi dzień targów": that day is the second; the event began the day before
            roles.start, roles.end = (day - dt.timedelta(days=1)).isoformat(), day.isoformat()
            roles.all_day, roles.sessions = True, None
        elif "rugi" in text or "econd" in text or "Day 2" in text:
            if _SECOND_DAY_SENTENCE.search(text):
                # "rozpoczynają się dziś (13.09) obrady ... Drugi dzień obrad zdominuje ...": a
                # second day, undated, is the next one
                roles.end = (day + dt.timedelta(days=1)).isoformat()
    deadlines = [a for a in assignments if a.role == "deadline"]
    if deadlines:
        a = deadlines[0]
        if a.time is None:
            # "DEADLINE: 25 April 2024" above "25 April 2024, 23:59 Brussels time"
            a = next((b for b in deadlines[1:] if b.time is not None
                      and b.span.dates[-1] == a.span.dates[-1]), a)  # fmt: skip
        t = a.time.times[-1] if a.time else None
        d = a.span.dates[-1]
        if roles.start is not None and not a.span.year_stated:
            # a year-less deadline precedes its event: "confirm by 18th April" for a
            # 24 April event is this April, even if the page was stamped after it
            first = dt.date.fromisoformat(roles.start[:10])
            if d > first:
                try:
                    earlier = d.replace(year=first.year)
                except ValueError:
                    earlier = d
                d = earlier if earlier <= first else d
        deadline = _fmt(d, t)
        if roles.start is None or deadline[:10] <= roles.start[:10]:
            roles.registration_deadline = deadline
            if roles.timezone is None and a.time is not None and a.time.zone:
                roles.timezone = zone_of(a.time.zone)  # "23:59 Brussels time"
    return roles


def _strong_re() -> re.Pattern[str]:
    """The event's own sentence names its date ("odbędzie się", "Termin:", "when:")."""
    return _table_re(languages.active(), "strong_event_re", r"\b(?:", ")", 0)


def _strong(text: str, a: Assignment) -> bool:
    """Is the date named by its event's own sentence (or an item of a list of dates)?"""
    if a.continues is not None and _strong(text, a.continues):
        return True  # "6 grudnia w godz. 10:00-14:00 oraz 7 grudnia": as the first
    lo = 0
    for m in _SENTENCE_END.finditer(text, max(0, a.span.start - 300), a.span.start):
        lo = m.end()
    end = _SENTENCE_END.search(text, a.span.end)
    hi = end.start() if end else len(text)
    if _strong_re().search(_fs(text, lo, hi)):
        return True
    return _is_list_line(text, lo, a.span) and a.cue is not None


def _list_mates(text: str, rest: list[Assignment], first: Assignment) -> list[Assignment]:
    """The dates on the next lines of the list that ``first`` opens ("1. Urząd Gminy
    Konstantynów – 19.08.2015 r. – 10:00" / "2. Urząd Gminy Rossosz – 20.08.2015 r.")."""
    line_start = text.rfind("\n", 0, first.span.start) + 1
    if not _BULLET_LINE.match(text, line_start):
        return []
    mates, end = [], text.find("\n", first.span.end)
    for a in rest:
        if a.role != "other" or end == -1:
            break
        ls = text.rfind("\n", 0, a.span.start) + 1
        if ls != end + 1 or not _BULLET_LINE.match(text, ls):
            break  # not on the very next line, or not a list item
        mates.append(a)
        end = text.find("\n", a.span.end)
    return mates


def _is_list_of(text: str, chosen: list[Assignment]) -> bool:
    """Do the dates stand as items of a list (short lines, or the same line)?"""
    return (
        any(
            len(_line_of(text, a.span)) <= 120
            or _BULLET_LINE.match(text, text.rfind("\n", 0, a.span.start) + 1)
            for a in chosen
        )
        or len({text.count("\n", 0, a.span.start) for a in chosen}) == 1
    )


_NUMBER_WORDS = {"jedn": 1, "dwie": 2, "dwoch": 2, "dwa": 2, "trzy": 3, "cztery": 4, "piec": 5,
                 "one": 1, "two": 2, "three": 3, "four": 4}  # fmt: skip
_DURATION = re.compile(
    r"\b(?:(?:potrwa|trwac bedzie|bedzie trwac|czas trwania:?|lasts?|will last)\s+"
    r"(?P<n>\d{1,3}(?:[.,]5)?|jedn\w*|dwie|dwoch|dwa|trzy|cztery|piec|one|two|three|four)\s*"
    r"(?P<u>godzin\w*|godz\.?|h\b|minut\w*|min\.?|hours?|minutes?)"
    r"|(?P<n2>\d{1,3})[- ](?P<u2>minute|hour)s?\s+(?:online\s+|virtual\s+)?"
    r"(?:webinar|session|meeting|event|workshop|briefing|talk|presentation|call|training|seminar)"
    r"|(?P<n3>\d{1,3})-(?P<u3>minute|hour)\b)"
)


_APPROXIMATE = ("ok. ", "okolo ", "approx. ", "about ", "ca. ")


def _duration(folded: str) -> int | None:
    """Minutes of a stated duration in a folded window, or None (an approximate one too)."""
    if not any(w in folded for w in ("trwa", "last", "minut", "hour", "godz")):
        return None  # (the cheap test first)
    m = _DURATION.search(folded)
    if m is None or folded[max(0, m.start() - 8) : m.start()].endswith(_APPROXIMATE):
        return None
    raw, unit = next(
        (m.group(n), m.group(u)) for n, u in (("n", "u"), ("n2", "u2"), ("n3", "u3")) if m.group(n)
    )
    try:
        n = float(raw.replace(",", "."))
    except ValueError:
        n = float(next((v for k, v in _NUMBER_WORDS.items() if raw.startswith(k)), 0))
    minutes = n * (1 if unit.startswith("min") else 60)
    return int(minutes) if 0 < minutes <= 12 * 60 else None


@lru_cache(maxsize=16)
def _then_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    words = [str(w) for c in codes for k in ("and_words", "then_words")
             for w in languages.load(c).get(k) or []]  # fmt: skip
    return re.compile(
        r"[,;]?[ \t]+(?:" + "|".join(map(re.escape, words)) + r")[ \t]+(?:\w+[ \t]+)?$"
    )


def _later_hours(roles: Roles, text: str, spans: list[Span], chosen: list[Assignment]) -> None:
    """One day, two hours in one sentence ("25 września: o godz. 16.00 w Połomi, a następnie
    o godz. 18.00 w Gogołowej"; "15.00 val. komiteto posėdis ir 16.00 val. valdybos
    posėdis"): each hour after "and" or "then" is one more session of that day."""
    if not roles.start or "T" not in roles.start:
        return
    extra: list[tuple[dt.date, dt.time]] = []
    for a in chosen:
        if a.time is None or a.span.kind != "date" or a.span.dates[0] is None:
            continue
        hi = a.time.end + 200
        later = []
        for sp in spans:  # (in text order)
            if sp.start <= a.time.end:
                continue
            if sp.start >= hi or (sp.dates and sp.start > a.span.start):
                break  # the next date ends the day's hours
            if sp.times:
                later.append(sp)
        if not later:
            continue  # (the common case: one hour, nothing after it)
        then = _then_of(languages.active())
        end = _SENTENCE_END.search(text, a.time.end, hi)
        hi = end.start() if end else hi
        for sp in later:
            if sp.start < hi and sp.times[0] > a.time.times[0]:
                if then.search(_fs(text, max(a.time.end, sp.start - 60), sp.start)):
                    extra.append((a.span.dates[0], sp.times[0]))
    if not extra:
        return
    sessions = roles.sessions or [{"start": roles.start, "end": roles.end}]
    known = {s["start"] for s in sessions}
    for day, hour in extra:
        if (start := _fmt(day, hour)) not in known:
            sessions.append({"start": start, "end": None})
            known.add(start)
    roles.sessions = sorted(sessions, key=lambda s: s["start"] or "")


def _weekday_number(folded: str) -> int | None:
    from .dates import _g

    return _g().WEEKDAYS.get(folded)


def _each_time(roles: Roles, text: str, spans: list[Span], chosen: list[Assignment]) -> None:
    """Several sessions, and one time written after an "each" word ("11.03., 03.06. sowie
    25.11.2020 jeweils 10:00 bis 12:00 Uhr", "finden jeweils donnerstags von 10:00 bis
    11:30 Uhr statt:" over a list of days): that time is every session's, unless a
    session has another time of its own."""
    if not roles.sessions:
        return
    each = _table_re(languages.active(), "each_time_re", r"\b(?:", r")\b[^.\n\d]{0,30}$", 0)
    lo = min(a.span.start for a in chosen) - 300
    hi = max(a.span.end for a in chosen) + 60
    shared = {
        sp.times for sp in spans
        if sp.kind in ("time", "time_range") and lo <= sp.start <= hi
        and each.search(_fs(text, sp.start - 40, sp.start))
    }  # fmt: skip
    if len(shared) != 1:
        return
    times = shared.pop()
    at = times[0].strftime("%H:%M")
    if any(s["start"][11:16] not in ("", at) for s in roles.sessions if s["start"]):
        return  # a session with a time of its own: not "each"
    out = []
    for s in roles.sessions:
        if not s["start"]:
            return
        day = dt.date.fromisoformat(s["start"][:10])
        one_day = s["end"] is None or s["end"][:10] == s["start"][:10]
        end = _fmt(day, times[1]) if len(times) > 1 and one_day else s["end"]
        out.append({"start": _fmt(day, times[0]), "end": end})
    roles.sessions = out
    roles.start, roles.end = out[0]["start"], out[0]["end"]
    roles.all_day = False


_SENTENCE_BOUNDS = re.compile(r"[.!?]\s|\n")


def _lone_hours(
    text: str, spans: list[Span], assignments: list[Assignment], chosen: list[Assignment]
) -> None:
    """The event's hours in a sentence of their own, away from its date ("... in Brussels
    on 6 October." / "The workshop will take place in Centre Borschette, from 2.30-6.15
    pm."; "The information events will run from 7 pm to 8.30 pm" above the list of their
    days; "Programm 14:30 bis 17:30 Uhr"): when the event's days have no time and the page
    names exactly one time that no date took, in a sentence with no date, not an agenda
    line, a check-in or a limit ("do godz. 12:00"), that time is every day's."""
    if not chosen or any(a.time is not None or a.span.kind != "date" for a in chosen):
        return
    taken = {id(a.time) for a in assignments if a.time is not None}
    dated = [sp for sp in spans if sp.dates]
    found: set[tuple[dt.time, ...]] = set()
    hit: Span | None = None
    closing: re.Pattern[str] | None = None
    for sp in spans:
        if sp.dates or not sp.times or id(sp) in taken:
            continue
        line_start = text.rfind("\n", 0, sp.start) + 1
        if not text[line_start : sp.start].strip(" \t-–•*·"):
            continue  # an agenda line ("10:00 – Powitanie"): the programme's, not the event's
        before = text[max(0, sp.start - 40) : sp.start]
        checkin = _checkin_before_of(languages.active()).search(_fs(text, sp.start - 40, sp.start))
        if checkin or _deadline_time_before_of(languages.active()).search(before):
            continue
        lo = max(0, sp.start - 300)
        starts = [m.end() for m in _SENTENCE_BOUNDS.finditer(text, lo, sp.start)]
        lo = starts[-1] if starts else lo
        m = _SENTENCE_BOUNDS.search(text, sp.end)
        hi = m.start() if m else len(text)
        if any(lo <= d.start < hi for d in dated):
            continue  # a sentence with a date: that date's time, or none of the event's
        closing = closing or _table_re(languages.active(), "closing_words_re", r"\b(?:", ")", 0)
        if closing.search(_fs(text, lo, sp.start)):
            continue  # "Na zakończenie ... koncert na godz. 19.00": a later item's hour
        found.add(sp.times)
        hit = hit or sp
        if len(found) > 1:
            return
    if hit is not None:
        for a in chosen:
            a.time = hit


def _consecutive(dates: tuple[dt.date | None, ...]) -> bool:
    return all(a and b and (b - a).days == 1 for a, b in zip(dates, dates[1:], strict=False))


def _fill_event(roles: Roles, chosen: list[Assignment]) -> None:
    if not chosen:
        return
    for a in chosen:
        if a.time is not None and a.time.zone:
            roles.timezone = zone_of(a.time.zone)
            break
    # One entry per (date, time) pair; a repeated mention with a time wins. Times stay as
    # the page writes them: a zone other than Polish time is named by roles.timezone above.
    sessions: dict[dt.date, list[tuple[dt.time | None, dt.time | None]]] = {}
    ranges: list[tuple[dt.date, dt.date, dt.time | None, dt.time | None]] = []
    for a in chosen:
        times = a.time.times if a.time else ()
        t1 = times[0] if times else None
        t2 = times[1] if len(times) > 1 else None
        if a.span.kind == "range" or (
            a.span.kind == "list" and len(a.span.dates) <= 3 and _consecutive(a.span.dates)
        ):
            # "w dniach 3 i 4 grudnia", "24 i 25 maja", "2 and 3 December": one event over
            # consecutive days, like "3-4 grudnia" (sessions are days apart: "5, 12 i 19")
            ranges.append((a.span.dates[0], a.span.dates[-1], t1, t2))  # type: ignore[arg-type]
            continue
        for d in a.span.dates:
            if d is None:
                continue
            old = sessions.setdefault(d, [])
            if not old or (old[0][0] is None and t1 is not None):
                sessions[d] = [(t1, t2)]
            elif t1 is not None and all(t1 != o[0] for o in old):
                old.append((t1, t2))  # two sessions on one day: "20. Januar, 9.30" and "11.00"
            elif t2 is not None and (t1, None) in old:
                old[old.index((t1, None))] = (t1, t2)  # the same start, now with its end
    ends = [a for a in roles.assignments if a.role == "end" and a.continues in chosen]
    if not ranges and ends and len(chosen) == 1 and chosen[0].span.kind == "date":
        a = chosen[0]  # a start and, further on, how long it lasts
        times = a.time.times if a.time else ()
        ranges.append((a.span.dates[0], ends[0].span.dates[-1], times[0] if times else None, None))  # type: ignore[arg-type]
    ranges = sorted(set(ranges), key=lambda r: (r[0], r[1]))  # the same span named twice: once
    if len(ranges) > 1 and any(b[0] <= a[1] for a, b in zip(ranges, ranges[1:], strict=False)):
        # overlapping spans are not sessions: a fair (10-14 June) and the event within it
        # (11-13 June); the narrower one is the event's
        ranges = [min(ranges, key=lambda r: (r[1] - r[0], r[0]))]
    if len(ranges) > 1:
        # several spans listed ("6-7 czerwca", "20-23 czerwca"): each a session, the first
        # giving start and end
        roles.sessions = [
            {"start": _fmt(r[0], r[2]), "end": _fmt(r[1], r[3])} for r in sorted(ranges)
        ]
    if ranges:
        d1, d2, t1, t2 = sorted(ranges)[0]
        roles.start, roles.end = _fmt(d1, t1), _fmt(d2, t2)
        roles.all_day = t1 is None
        return
    if len(sessions) == sum(map(len, sessions.values())):  # (one time a day: the common case)
        items = sorted((d, ts[0]) for d, ts in sessions.items())
    else:
        items = sorted(((d, t) for d, ts in sessions.items() for t in ts),
                       key=lambda it: (it[0], it[1][0] or dt.time.min))  # fmt: skip
    out = []
    for d, (t1, t2) in items:
        out.append({"start": _fmt(d, t1), "end": _fmt(d, t2) if t2 is not None else None})
    if not out:
        return
    # Several sessions: start and end are the first session's; the rest are in `sessions`
    # (labelling.md). An umbrella event's span is a range, handled above.
    roles.start = out[0]["start"]
    roles.end = out[0]["end"]
    roles.all_day = all(t1 is None for _d, (t1, _t2) in items)
    if len(out) > 1:
        roles.sessions = out
