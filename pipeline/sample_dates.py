"""Dates of the bundled sample site, relative to the day it is served.

The sample pages (``data/sample-site``) were written for :data:`ANCHOR`. Their dates are
placeholders that keep the page's own surface form::

    {{date 2026-12-09|9 grudnia 2026}}      -> "9 grudnia 2026" on the anchor day
    {{date 2026-12-09|09.12.2026}}          -> "09.12.2026"
    {{date 2026-12-09|Wed, 09 Dec 2026}}    -> (an RSS date: day, month and year change)
    {{date 2026-11-15|listopad 2026|cs}}    -> a month in a language other than Polish

The replay server (``pipeline.replay``) renders each placeholder as the same text for the
date moved by :func:`shift_days`: the whole weeks between the anchor and "today", so every
weekday a page writes next to a date ("w środę, 9 grudnia") stays right, and a demo served
in any year shows events next week, deadlines this week and past events, as on the anchor
day. Only the numbers and the month word change, each in its own form: the day and month
keep their zero padding, a month word keeps its grammatical case and capitals (genitive
"grudnia" -> "stycznia", "Dec" -> "Jan", "XII" -> "I"); a number equal to the date's year is
the year. Numeric dates are read day-month-year, or year-month-day when the year comes
first; a bare number (the first day of a range, "9–10 grudnia") is the day.

"Today" is ``$EUFUNDS_SAMPLE_TODAY`` (YYYY-MM-DD) when set, which the tests pin, else the
date in Warsaw. ``python -m pipeline.sample_dates convert FILE...`` wraps the dates of a
page written for the anchor day in placeholders (a starting point: check what it did).
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

#: The day the sample pages were written for (a Monday): placeholders render as written.
ANCHOR = date(2026, 11, 30)
ENV = "EUFUNDS_SAMPLE_TODAY"
MONTHS_FILE = Path(__file__).resolve().parent / "data" / "sample_months.yml"

PLACEHOLDER = re.compile(
    rb"\{\{date (\d{4}-\d{2}-\d{2})\|([^|{}]{1,80})(?:\|([a-z]{2,6}))?\}\}")
_TOKEN = re.compile(r"\d+|[^\W\d_]+|[\W_]+")


def today() -> date:
    """The day the sample site is served for: ``$EUFUNDS_SAMPLE_TODAY``, else Warsaw's."""
    pinned = os.environ.get(ENV, "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise SystemExit(f"{ENV}={pinned!r}: not a date (YYYY-MM-DD)") from None
    return datetime.now(ZoneInfo("Europe/Warsaw")).date()


def shift_days(day: date | None = None) -> int:
    """Days to add to a written date: the whole weeks from the anchor to ``day`` (nearest)."""
    delta = ((day or today()) - ANCHOR).days
    return 7 * round(delta / 7)


@cache
def month_forms() -> dict[str, dict[str, list[str]]]:
    """language -> form -> the twelve month names (``pipeline/data/sample_months.yml``)."""
    return yaml.safe_load(MONTHS_FILE.read_text(encoding="utf-8"))


def _month_word(word: str, lang: str | None) -> tuple[str, str, int] | None:
    """(language, form, month) of a month name; the page's language first when given."""
    langs = list(month_forms())
    if lang in langs:
        langs.remove(lang)
        langs.insert(0, lang)
    for code in langs:
        for form, names in month_forms()[code].items():
            for n, name in enumerate(names, start=1):
                if name.lower() == word.lower() and (code != "roman" or word.isupper()):
                    return code, form, n
    return None


def _same_case(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower() if model.islower() else word


def render_surface(written: date, surface: str, new: date, lang: str | None = None) -> str:
    """``surface`` (the text of ``written`` as the page wrote it) rewritten for ``new``."""
    tokens = _TOKEN.findall(surface)
    words = [(i, _month_word(t, lang)) for i, t in enumerate(tokens) if not t[0].isdigit()]
    has_month_word = any(m for _, m in words)
    numbers = [i for i, t in enumerate(tokens) if t.isdigit()]
    roles: dict[int, str] = {}
    for i in numbers:
        if len(tokens[i]) == 4 and int(tokens[i]) == written.year:
            roles[i] = "year"
    rest = [i for i in numbers if i not in roles]
    if has_month_word:
        for i in rest:
            if int(tokens[i]) == written.day:
                roles[i] = "day"
    else:
        year_first = bool(numbers) and roles.get(numbers[0]) == "year"
        order = ["month", "day"] if year_first else ["day", "month"]
        for i, role in zip(rest, order, strict=False):
            roles[i] = role
    out = list(tokens)
    padded = _padding(tokens, roles)
    for i, role in roles.items():
        value = {"year": new.year, "month": new.month, "day": new.day}[role]
        out[i] = str(value).zfill(4 if role == "year" else 2 if padded[i] else 1)
    for i, found in words:
        if found:
            code, form, _ = found
            out[i] = _same_case(tokens[i], month_forms()[code][form][new.month - 1])
    return "".join(out)


def _padding(tokens: list[str], roles: dict[int, str]) -> dict[int, bool]:
    """Whether each day/month number is zero-padded. Seen when it is below 10 ("09" yes,
    "9" no); a two-digit one follows the others ("09.12" pads both, "9.12" neither),
    else the common forms: a numeric month padded ("19.12.2026" -> "3.02.2027"), a day not,
    everything padded year-first ("2026-12-09")."""
    year_first = bool(roles) and roles.get(min(roles)) == "year"
    seen = [tokens[i].startswith("0") for i, r in roles.items()
            if r != "year" and int(tokens[i]) < 10]
    out = {}
    for i, role in roles.items():
        if role == "year":
            continue
        if int(tokens[i]) < 10:
            out[i] = tokens[i].startswith("0")
        elif seen:
            out[i] = any(seen)
        else:
            out[i] = year_first or role == "month"
    return out


def render(data: bytes, shift: int, encoding: str = "utf-8") -> bytes:
    """``data`` with every placeholder rendered for dates moved by ``shift`` days."""
    if b"{{date " not in data:
        return data
    found = list(PLACEHOLDER.finditer(data))
    parsed = [_parse(m, encoding) for m in found]
    out, at = [], 0
    for n, (m, (written, surface, lang)) in enumerate(zip(found, parsed, strict=True)):
        new = written + timedelta(days=shift)
        text = render_surface(written, surface, new, lang)
        if surface.isdigit() and n + 1 < len(parsed) and m.end() + 12 >= found[n + 1].start():
            text = _range_start(text, new, parsed[n + 1], shift)
        out += [data[at:m.start()], text.encode(encoding, "xmlcharrefreplace")]
        at = m.end()
    out.append(data[at:])
    return b"".join(out)


def _parse(m: re.Match[bytes], encoding: str) -> tuple[date, str, str | None]:
    try:
        surface = m.group(2).decode(encoding)
    except UnicodeDecodeError:
        surface = m.group(2).decode("utf-8", "replace")
    return (date.fromisoformat(m.group(1).decode()), surface,
            m.group(3).decode() if m.group(3) else None)


def _range_start(day: str, new: date, end: tuple[date, str, str | None], shift: int) -> str:
    """The first day of a range ("9" of "9–10 grudnia"), with its own month (and year) when
    the shift took it into another month than the range's end ("29 lutego–1 marca")."""
    written_end, surface, lang = end
    new_end = written_end + timedelta(days=shift)
    if (new.year, new.month) == (new_end.year, new_end.month):
        return day
    year = f" {new.year}" if new.year != new_end.year else ""
    words = [(t, _month_word(t, lang)) for t in _TOKEN.findall(surface) if t[0].isalpha()]
    word = next(((t, f) for t, f in words if f), None)
    if word is None:  # a numeric range, "9-10.12.2026"
        return f"{day}.{new.month:02d}" + (f".{new.year}" if year else "")
    token, (code, form, _) = word
    return f"{day} {_same_case(token, month_forms()[code][form][new.month - 1])}{year}"


# --------------------------------------------------------------------------- converting pages


def _month_alternation() -> str:
    names = {n for code, forms in month_forms().items() if code != "roman"
             for names in forms.values() for n in names}
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


def _year_for(month: int, day: int) -> int:
    """The year a date written without one most likely means: the nearest to the anchor."""
    best = None
    for year in (ANCHOR.year - 1, ANCHOR.year, ANCHOR.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - ANCHOR).days) < abs((best - ANCHOR).days):
            best = d
    return best.year if best else ANCHOR.year


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 2000 <= y <= 2099


# URLs and link targets keep their dates: the sample site's file names are fixed.
_KEPT = 0xF0000  # Supplementary Private Use Area-A: never in a page
_PROTECTED = re.compile(r"""https?://[^\s"'<>]+|(?<=["'])/[^\s"'<>]*|\{\{date [^}]*\}\}""")


def convert_text(text: str) -> tuple[str, int]:
    """``text`` with its dates (written for :data:`ANCHOR`) in placeholders; how many."""
    months = _month_alternation()
    kept: list[str] = []

    def keep(value: str) -> str:  # one private-use character per kept span: no digits
        kept.append(value)
        return chr(_KEPT + len(kept) - 1)

    text = _PROTECTED.sub(lambda m: keep(m.group(0)), text)
    count = 0

    def wrap(iso: date, surface: str) -> str:
        nonlocal count
        count += 1
        return keep(f"{{{{date {iso.isoformat()}|{surface}}}}}")

    def month_no(word: str) -> int | None:
        found = _month_word(word, None)
        return found[2] if found and found[0] != "roman" else None

    # 2026-12-09 (also in datetime="...")
    def iso(m: re.Match[str]) -> str:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return wrap(date(y, mo, d), m.group(0)) if _valid(y, mo, d) else m.group(0)

    text = re.sub(r"(?<![\d-])(20\d\d)-(\d\d)-(\d\d)(?![\d])", iso, text)

    # 9-10.12.2026: the range's first day
    def num_range(m: re.Match[str]) -> str:
        d1, d, mo, y = (int(m.group(i)) for i in (1, 2, 3, 4))
        if not (_valid(y, mo, d) and _valid(y, mo, d1)):
            return m.group(0)
        return wrap(date(y, mo, d1), m.group(1)) + m.group(0)[len(m.group(1)):]

    text = re.sub(r"(?<![\d.])(\d{1,2})(?=\s*[-–]\s*(\d{1,2})\.(\d{1,2})\.(20\d\d)\b)",
                  num_range, text)

    # 09.12.2026, 9/12/2026, 09-12-2026
    def numeric(m: re.Match[str]) -> str:
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        return wrap(date(y, mo, d), m.group(0)) if _valid(y, mo, d) else m.group(0)

    text = re.sub(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(20\d\d)(?!\d)", numeric, text)
    # 11. 3. 2027 (Czech and Slovak space after each dot)
    text = re.sub(r"(?<![\d.])(\d{1,2})(\. )(\d{1,2})\. (20\d\d)(?!\d)", numeric, text)

    # 9–10 grudnia 2026: the range's first day
    def word_range(m: re.Match[str]) -> str:
        mo = month_no(m.group(3))
        if mo is None:
            return m.group(0)
        y = int(m.group(4)) if m.group(4) else _year_for(mo, int(m.group(2)))
        if not _valid(y, mo, int(m.group(1))):
            return m.group(0)
        return wrap(date(y, mo, int(m.group(1))), m.group(1)) + m.group(0)[len(m.group(1)):]

    text = re.sub(rf"(?<![\d.])(\d{{1,2}})(?=\.?\s*(?:[-–]|to|do|bis|až)\s*(\d{{1,2}})\.?\s+"
                  rf"({months})\b"
                  rf"(?:\s+(20\d\d))?)", word_range, text, flags=re.IGNORECASE)

    def written(month_word: str, day: str, year: str | None, whole: str) -> str:
        """A day and a month word (and maybe a year) as a placeholder, the year implied
        by the anchor when not written."""
        mo = month_no(month_word)
        if mo is None:
            return whole
        d = int(day)
        y = int(year) if year else _year_for(mo, d)
        return wrap(date(y, mo, d), whole) if _valid(y, mo, d) else whole

    # 9 grudnia 2026, 9. Dezember 2026, 09 Dec 2026, 9 grudnia (no year)
    def day_month(m: re.Match[str]) -> str:
        return written(m.group(2), m.group(1), m.group(3), m.group(0))

    text = re.sub(rf"(?<![\d.])(\d{{1,2}})\.?\s+({months})\b(?:,?\s+(20\d\d)\b)?",
                  day_month, text, flags=re.IGNORECASE)

    # 2026 November 10, 2026 m. gruodžio 9 d. (year first)
    def year_month_day(m: re.Match[str]) -> str:
        mo = month_no(m.group(2))
        y, d = int(m.group(1)), int(m.group(3))
        if mo is None or not _valid(y, mo, d):
            return m.group(0)
        return wrap(date(y, mo, d), m.group(0))

    text = re.sub(rf"(?<!\d)(20\d\d)(?:\s*m\.)?\s+({months})\s+(\d{{1,2}})\b(?:\s*d\.)?",
                  year_month_day, text, flags=re.IGNORECASE)

    # December 9, 2026 / December 9
    def month_day(m: re.Match[str]) -> str:
        return written(m.group(1), m.group(2), m.group(3), m.group(0))

    text = re.sub(rf"\b({months})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,\s+(20\d\d)\b)?(?!\d)",
                  month_day, text, flags=re.IGNORECASE)

    # listopad 2026 / November 2026 (a month): its middle, so a shift keeps the month
    def month_year(m: re.Match[str]) -> str:
        mo = month_no(m.group(1))
        if mo is None:
            return m.group(0)
        return wrap(date(int(m.group(2)), mo, 15), m.group(0))

    text = re.sub(rf"\b({months})\s+(20\d\d)\b", month_year, text, flags=re.IGNORECASE)

    marker = re.compile(f"[{chr(_KEPT)}-{chr(_KEPT + 0xFFFF)}]")
    while marker.search(text):
        text = marker.sub(lambda m: kept[ord(m.group(0)) - _KEPT], text)
    return text, count


def check_text(text: str) -> list[str]:
    """Problems of a page's placeholders: a surface that does not render as written."""
    problems = []
    for m in PLACEHOLDER.finditer(text.encode("utf-8")):
        written = date.fromisoformat(m.group(1).decode())
        surface = m.group(2).decode("utf-8")
        lang = m.group(3).decode() if m.group(3) else None
        if render_surface(written, surface, written, lang) != surface:
            problems.append(f"{m.group(0).decode()}: renders as "
                            f"{render_surface(written, surface, written, lang)!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """``convert FILE...``: wrap dates in placeholders; ``check FILE...``: verify them."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] not in ("convert", "check"):
        print("usage: python -m pipeline.sample_dates convert|check FILE...", file=sys.stderr)
        return 2
    bad = 0
    for name in args[1:]:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        if args[0] == "convert":
            new, n = convert_text(text)
            if n:
                path.write_text(new, encoding="utf-8")
            print(f"{path}: {n} dates")
        else:
            for problem in check_text(text):
                bad += 1
                print(f"{path}: {problem}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
