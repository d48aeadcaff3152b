"""One announcement (HTML or plain text) -> one event record.

This is what ``eufunds extract`` and the crawler's pipeline call. It only
composes the rooms: :mod:`pipeline.page` (markup -> text), :mod:`pipeline.dates`
(spans), :mod:`pipeline.roles` (which span is what) and :mod:`pipeline.facts`
(everything else). It never raises and is bounded in time: the text scanned
for facts is capped (announcements are a few kilobytes; a 10 MB page is not
an announcement, only its start is read).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from typing import Any

from . import facts, languages, places, record
from .dates import MAX_SCAN, find_spans, fold
from .page import (
    _DATE_ONLY_LINE,
    Page,
    blank_dateline,
    dateline_stamp,
    decode,
    looks_like_html,
    parse_page,
    stamp_in_text,
    stamp_month,
)
from .roles import Roles, assign

MAX_BODY = 100_000  # characters of main text kept in the record
SUMMARY_CHARS = 300
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REG_LINK = re.compile(
    r"rejestr|zarejestr|zapis|formularz|zgłosz|zglosz|zgłoś|register|registration|sign[- ]?up"
    r"|forms\.gle|docs\.google\.com/forms|forms\.office|clickmeeting|evenea|eventbrite|webankieta",
    re.IGNORECASE,
)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]{4,300}")
_REG_CUE = re.compile(r"rejestr|zarejestr|zapis|formularz|zgłosz|zgłoś|register", re.IGNORECASE)


def extract(
    content: str | bytes,
    *,
    url: str | None = None,
    published: str | None = None,
    source: str | None = None,
    content_type: str | None = None,
    selectors: dict | None = None,
    region: str | None = None,
    now: dt.date | None = None,
) -> dict[str, Any]:
    """A full event record (every field of :data:`pipeline.record.FIELD_NAMES`)
    from one page. ``published`` (YYYY-MM-DD) wins over the page's own stamp;
    ``now`` anchors year-less dates when the page has no stamp (defaults to
    today). Empty or non-event input gives ``is_event`` false, never an error."""
    try:
        return _extract(content, url, published, source, content_type, selectors, region, now)
    except Exception:  # the contract is "never raises": degrade to an empty record
        rec = _base(url, source, region)
        rec["content_hash"] = record.content_hash(rec)
        return rec


_ADDRESS_SLUG_DATE = re.compile(
    r"(?<=[a-z_-])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\.[a-z]{3,5})?$", re.I
)
_ADDRESS_DMY = re.compile(r"/(0?[1-9]|[12]\d|3[01])-(0?[1-9]|1[0-2])-((?:19|20)\d\d)(?=/|$)")
_ADDRESS_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?=/|$)"
)


# A year written on its own ("Minikowo 2014", "Dni Pola 2020"), not a period ("2014-2020",
# "na lata 2021-2027"), a legal reference ("Dz.U. z 2023 r.") or a part of a date.
@functools.lru_cache(maxsize=16)
def _bare_year_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """A year written on its own, not after one of the languages' ``year_not_after`` words
    ("lata 2021", "od 2014", "im Jahre 2015", "nuo 2001"): a period, a start, a reference."""
    words = [str(w) for c in codes for w in languages.load(c).get("year_not_after") or []]
    behind = "".join(rf"(?<!{re.escape(w)} \d{{4}})" for w in words)
    return re.compile(
        r"((?:19|20)\d\d)(?<![\d./\-–]\d{4})(?<!\d{4} [-–] \d{4})"
        + behind
        + r"(?![\d./–+])(?!-(?![^\W\d_]))(?!\s*[-–]\s*\d)"  # ("2024-aisiais": an inflection)
    )


_YEAR_OR_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?!\d)")


def _years_named(text: str) -> tuple[int, ...]:
    """Every year the text writes (a period's two ends too, "2014-2020", not the years
    between): the years a weekday written beside a year-less date may choose among
    (dates.find_spans). A year nobody wrote is outside knowledge."""
    years: set[int] = set()
    for m in _YEAR_OR_PERIOD.finditer(text[:3000]):
        years.update(int(y) for y in m.groups() if y)
    return tuple(sorted(years))


def _text_year(text: str, codes: tuple[str, ...] = languages.ALWAYS) -> dt.date | None:
    """With no date of the page's own, a text that names one year only fixes the year of
    its year-less dates (labelling.md: "a year fixed by the text itself")."""
    years = {m.group(1) for m in _bare_year_of(codes).finditer(text[:3000])}
    return dt.date(int(years.pop()), 1, 1) if len(years) == 1 else None


_ADDRESS_TIMESTAMP = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{6}(?=/|$)")


def address_date(url: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The date in a page's address: (/2024/10/03/ -> that day, None) or
    (/2022/05/ -> None, 2022-05-01 as an anchor for year-less dates)."""
    if not url:
        return None, None
    path = url.split("?", 1)[0].split("#", 1)[0]
    stamp = _ADDRESS_TIMESTAMP.search(path)  # "/20191008232635/": a CMS's compact timestamp
    if stamp:
        try:
            return dt.date(int(stamp.group(1)), int(stamp.group(2)), int(stamp.group(3))), None
        except ValueError:
            pass
    # "-20170831.html", "skoleni20120216.html": a slug ending in a compact date
    slug = _ADDRESS_SLUG_DATE.search(path)
    if slug:
        try:
            return dt.date(int(slug.group(1)), int(slug.group(2)), int(slug.group(3))), None
        except ValueError:
            pass
    # "/14-11-2017/": a day-month-year folder
    dmy = _ADDRESS_DMY.search(path)
    if dmy:
        try:
            return dt.date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1))), None
        except ValueError:
            pass
    for m in _ADDRESS_DATE.finditer(path):
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        try:
            if d:
                return dt.date(y, mo, int(d)), None
            return None, dt.date(y, mo, 1)
        except ValueError:
            continue
    return None, None


def _base(url: str | None, source: str | None, region: str | None) -> dict[str, Any]:
    rec = record.empty_record()
    rec["source"] = source or "local"
    rec["url"] = url
    rec["region"] = region
    rec["id"] = record.event_id(url) if url else ""
    return rec


def _text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]


def _plain_page(text: str) -> Page:
    """A pasted announcement: the first short line is its title, after the
    chrome a copied page starts with ("Fundusze UE", "RP", "Wstecz ...")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    lines = [" ".join(line.split()) for line in text[: MAX_BODY * 2].split("\n")]
    lines = [line for line in lines if line]
    while len(lines) > 1 and (lines[0].lower() in _CHROME or lines[0].startswith("Przejdź do")):
        lines.pop(0)
    for k in range(1, min(3, len(lines) - 1)):
        if lines[k].startswith("Wstecz "):
            del lines[:k]  # the portal's name above the back link ("Wstecz <title>") is chrome
            break
    if lines and lines[0].startswith("Wstecz "):
        lines[0] = lines[0][len("Wstecz ") :]
    title = None
    if lines and len(lines[0]) <= 200 and len(lines) > 1:
        title = lines[0]
    return Page(title=title, text="\n".join(lines), published=None)


#: Lines of page chrome that a copied announcement may start with.
_CHROME = frozenset(
    ["fundusze ue", "fundusze europejskie", "rp", "ue", "rzeczpospolita polska", "unia europejska",
     "wstecz", "menu", "szukaj", "trwa ładowanie...", "trwa zapisywanie na newsletter...",
     "strona główna", "aktualności", "wiadomości", "drukuj", "udostępnij"]
)  # fmt: skip


def _summary(text: str, title: str | None, published: str | None) -> str | None:
    """The first sentences of the body (without the title and the stamp line)."""
    parts = []
    size = 0
    for line in text.split("\n", 40)[:40]:
        if title and line == title:
            continue
        if len(line) < 40 and (_DATE_ONLY_LINE.match(line) or line.endswith(":")):
            continue
        parts.append(line)
        size += len(line)
        if size >= SUMMARY_CHARS:
            break
    joined = " ".join(parts).strip()
    if not joined:
        return None
    if len(joined) <= SUMMARY_CHARS:
        return joined
    cut = joined[:SUMMARY_CHARS]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > 80:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + "…"


def _registration_url(page: Page, text: str) -> str | None:
    for href, label in page.links:
        if href.startswith("mailto:"):
            continue
        if _REG_LINK.search(label) or _REG_LINK.search(href):
            return href
    for m in _URL_IN_TEXT.finditer(text[:MAX_SCAN]):
        before = text[max(0, m.start() - 120) : m.start()]
        if _REG_CUE.search(before) or _REG_LINK.search(m.group(0)):
            return m.group(0).rstrip(".,;:")
    return None


_CONTACT_LEAD = re.compile(
    r"\s*(?:kontakt|tel|e-?mail|organizator|informacj|contact|adres do|biuro)", re.IGNORECASE
)


def _over_when_published(roles: Roles, published: dt.date | None, status: str | None) -> bool:
    """Is every day of the event before the page's own publication date ("On 10th
    October, we met ..." stamped 17/10/2023)? Then the page reports it. (Not a
    cancellation or a move, which may be posted after the date they undo.)"""
    if published is None or roles.start is None or status != record.SCHEDULED or roles.new_date:
        return False
    stamp = published.isoformat()
    last = max(roles.start[:10], (roles.end or "")[:10])
    for s in roles.sessions or ():
        last = max(last, (s["end"] or s["start"] or "")[:10])
    if last < stamp:
        return True
    # a day without its year, placed on the next one after the stamp, that falls a year
    # on: "On 10th October, we met ..." stamped 17 October is that October's, gone by
    first = dt.date.fromisoformat(roles.start[:10])
    if (first - published).days <= _YEAR_AHEAD:
        return False  # (the common case: the event within the months after the stamp)
    if not roles.chosen or any(a.span.year_stated for a in roles.chosen):
        return False
    # ... unless the page dates something else in the months ahead ("bus surengti vasario
    # 6 d." beside "Sausio 13 d. ... susitiko"): then the chosen day was the wrong one
    soon = published + dt.timedelta(days=_YEAR_AHEAD)
    return not any(
        d is not None and published <= d < soon for a in roles.assignments for d in a.span.dates
    )


_YEAR_AHEAD = 300  # days: an announcement names the year of an event this far away


def _event_sentences(text: str, roles: Roles, blocks: bool = False) -> list[str]:
    """The sentence (to the end of its line) around each date the event was built from;
    with ``blocks``, also the short lines that follow a date standing on its own line."""
    out = []
    chosen = {id(a) for a in roles.chosen}
    days = {d for a in roles.chosen for d in a.span.dates} if blocks else set()
    # the chosen dates' sentences first: they name the event's place before other mentions
    ordered = [a for a in roles.assignments if id(a) in chosen] + [
        a for a in roles.assignments if id(a) not in chosen
    ]
    for a in ordered:
        # (for the place, also the other mentions of the event's day: "– Zielona Góra,
        # 17.05.2019 r." above "Spotkanie odbędzie się 17 maja 2019 r. w godz. 12:00")
        same_day = a.role == "other" and bool(days & set(a.span.dates))
        if id(a) not in chosen and a.role not in ("event", "new_date") and not same_day:
            continue
        lo = max(text.rfind("\n", 0, a.span.start), text.rfind(". ", 0, a.span.start)) + 1
        hi_n = text.find("\n", a.span.end)
        hi = hi_n if hi_n != -1 else len(text)
        # near the date: a long sentence may name an organiser's office far before it
        near = max(lo, a.span.start - 120) if blocks else lo
        if near > lo:
            near = text.rfind(" ", lo, near) + 1 or lo
        # (a sentence cut short starts with "…": its first word is no sentence's first)
        out.append(("… " if near > lo else "") + text[near : min(hi, a.span.end + 200)])
        if id(a) in chosen and a.time is not None and a.time.start > hi:
            # the time stands in a later sentence ("Zbiórka o godz. 17:00 przy wejściu do
            # ... w Sierakowie"): that sentence places the event too
            t_lo = max(text.rfind("\n", 0, a.time.start), text.rfind(". ", 0, a.time.start)) + 1
            t_hi = text.find("\n", a.time.end)
            out.append(text[t_lo : t_hi if t_hi != -1 else len(text)])
        if blocks and hi_n != -1 and hi - lo < 80:
            # a date line of its own: the venue is often on the next short lines
            # ("Thursday, 04.04.2019, 17:00-20:00" / "Conference Hall of the Europa Hotel,
            # Lublin"; "8 listopada 2023 r." / "o godz. 10.00" / "do Urzędu ..." / "w Warszawie")
            block, pos = [], hi_n
            for _ in range(4):
                nxt = text.find("\n", pos + 1)
                line = text[pos + 1 : nxt if nxt != -1 else len(text)]
                if not line.strip() or _CONTACT_LEAD.match(line):
                    break
                if len(line) >= 120 and line.lstrip()[:1] not in "–—-":
                    break  # (an aside between dashes, "– okazją będzie … –", is read past)
                if len(line) < 120:
                    block.append(line)
                if nxt == -1:
                    break
                pos = nxt
            if block:
                out.append(" ".join(block))
    return out


def _extract(
    content: str | bytes,
    url: str | None,
    published: str | None,
    source: str | None,
    content_type: str | None,
    selectors: dict | None,
    region: str | None,
    now: dt.date | None,
) -> dict[str, Any]:
    rec = _base(url, source, region)
    text = decode(content, content_type) if isinstance(content, bytes | bytearray) else content
    text = text or ""
    if looks_like_html(text):
        page = parse_page(text, url=url, selectors=selectors)
    else:
        page = _plain_page(text)
        page.published = stamp_in_text(page.text)
    body = page.text[:MAX_BODY]
    if not rec["id"]:
        rec["id"] = _text_id(body or text[:MAX_BODY])

    pub = published if published and _ISO_DATE.match(published) else page.published
    pub_date = None
    if pub:
        try:
            pub_date = dt.date.fromisoformat(pub)
        except ValueError:
            pub = None
    rec["published"] = pub
    rec["title"] = page.title
    rec["body"] = body or None
    rec["summary"] = _summary(body, page.title, pub) if body else None

    # Scan the title too: "Webinar 6 grudnia 2023" may be the only date.
    scan = body[:MAX_SCAN]
    if page.title and page.title not in scan[: len(page.title) + 200]:
        scan = page.title + "\n" + scan
    # The anchor of a year-less date is the page's own date: its stamp, else the date in
    # its address (/2024/10/03/), else the year and month there (/2022/05/); never the clock.
    lang = facts.page_language(scan, page.lang)
    scan = blank_dateline(scan)
    if pub is None and languages.for_page(lang) != languages.ALWAYS:
        # a stamp in the page's own words ("Zverejnené 31. decembra 2022")
        with languages.use(languages.for_page(lang)):
            pub = stamp_in_text(page.text) or dateline_stamp(page.text)
        pub_date = dt.date.fromisoformat(pub) if pub else None
        rec["published"] = pub
    url_date, url_month = address_date(url)
    if pub is None and url_date is not None:
        pub_date, pub = url_date, url_date.isoformat()
        rec["published"] = pub
    anchor = now or url_month
    text_year = None
    if pub_date is None and anchor is None:
        anchor = stamp_month(body)
        text_year = _text_year(scan, languages.for_page(lang)) if anchor is None else None
    rec["page_language"] = lang
    # the page's language decides which language files' tables read it (Polish and
    # English always): pipeline/languages/
    with languages.use(languages.for_page(lang)):
        return _read(rec, page, url, scan, pub_date, anchor, text_year, lang)


def _read(
    rec: dict[str, Any],
    page: Any,
    url: str,
    scan: str,
    pub_date: dt.date | None,
    anchor: dt.date | None,
    text_year: dt.date | None,
    lang: str | None,
) -> dict[str, Any]:
    """The event facts of a page whose text, anchor and language are known."""
    body = rec["body"] or ""
    folded = fold(scan)
    same = len(folded) == len(scan)  # (offsets line up: Polish and English text)
    named = _years_named(scan) if pub_date is None and anchor is None else ()
    spans = find_spans(scan, pub_date, anchor, text_year, folded if same else None, named)
    roles = assign(scan, spans, pub_date, folded)

    folded_title = fold(page.title or "")
    rec["status"] = facts.status(folded, roles.new_date)
    other = facts.other_language(lang)  # a page in a language other than Polish and English
    if other is not None and rec["status"] == record.SCHEDULED:
        rec["status"] = other.status(folded, roles.new_date)
    cfp_dates = bool(roles.roles_of("cfp"))
    # (the event's sentences sliced from the folded page, which has the page's offsets)
    sentences = _event_sentences(folded if len(folded) == len(scan) else scan, roles)
    rec["is_event"] = facts.is_event(
        folded_title,
        folded,
        roles.start is not None,
        roles.event_cued,
        cfp_dates,
        rec["status"],
        sentences,
    )
    if other is not None:  # a page in another language: its own words have the last say
        rec["is_event"] = (
            rec["is_event"]
            or other.is_event(folded_title, folded, roles.start is not None, rec["status"])
        ) and not other.reports(folded_title, folded)
    if rec["is_event"] and _over_when_published(roles, pub_date, rec["status"]):
        rec["is_event"] = False  # published after its last day: a report of what happened
    if not rec["is_event"]:
        # Not an event: its "event facts" would be guesses about nothing.
        rec["status"] = None
        rec["content_hash"] = record.content_hash(rec)
        return rec

    rec["timezone"] = roles.timezone or record.TIMEZONE
    if rec["status"] == record.POSTPONED and not roles.new_date and facts.no_new_date(folded):
        pass  # postponed "until further notice": the old dates are no longer the event's
    elif not roles.event_cued and facts.call_title(folded_title):
        pass  # a call's page announcing a webinar about it: its uncued dates are the call's
    else:
        rec["start"] = roles.start
        rec["end"] = roles.end
        rec["all_day"] = roles.all_day
        rec["sessions"] = roles.sessions
        rec["registration_deadline"] = roles.registration_deadline
    rec["languages"], rec["languages_stated"] = (
        other.languages(folded) if other is not None else facts.languages(folded, lang)
    )
    rec["venue"] = facts.venue(scan)
    rec["organizer"] = facts.organizer(scan, folded, lang)
    rec["is_free"] = facts.is_free(folded)
    rec["event_type"] = facts.event_type(folded_title, folded) or "other"
    city, placed = facts.place(
        scan, rec["venue"], _event_sentences(scan, roles, blocks=True), page.title, folded, lang
    )
    if other is not None:  # a town in the page's language, from the gazetteer
        # the event's own sentences first: a title may list a past meeting's town too
        event_lines = "\n".join(_event_sentences(scan, roles))
        city = places.foreign_city(scan, other.code, first=event_lines) or city
        placed = placed or city is not None
    if city is None and lang == "en":  # a venue's or a place's own short line
        city = places.town_of_lines(scan)
        placed = placed or city is not None
    mode = rec["attendance_mode"] = facts.attendance_mode(folded, placed)
    if other is not None:  # the page's own words for its mode
        own = other.attendance_mode(folded)
        if own:
            mode = rec["attendance_mode"] = own
    if mode == "online":
        city = None  # an online event has no city, only an organiser somewhere
    elif mode is None and (
        city or (lang not in (None, "pl") and facts.venue_named(_event_sentences(scan, roles)))
    ):  # (a Polish page's venue is placed by Morfeusz: facts.place)
        mode = rec["attendance_mode"] = "offline"  # a town or a named venue, and no stream
    rec["city"] = city
    if not rec["languages_stated"] and lang != "en" and places.is_abroad(city):
        # an event abroad announced on a Polish page: its language is not Polish by default
        # (unless it is held in Poland too: "we Frankfurcie nad Odrą i Słubicach")
        original = _event_sentences(scan, roles)  # (capitals matter for places)
        if not facts.also_in_poland(city, original or facts.announcing_sentences(scan)):
            rec["languages"], rec["languages_stated"] = None, None
    if rec["region"] is None:
        rec["region"] = facts.region_of(city)
    rec["registration_url"] = _registration_url(page, body)
    rec["content_hash"] = record.content_hash(rec)
    return rec
