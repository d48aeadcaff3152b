"""HTML page -> title, main text, the page's own date stamp, links.

selectolax (Lexbor) does the parsing: 0.37 ms per portal page against 18.6 ms
for trafilatura (../shared/measurements.md). What no library gives us is
written here: the portals' own junk (the ministry platform's preloader
strings "Trwa ładowanie..."), the choice of a publication stamp when a
``datetime`` attribute has day and month swapped, and decoding that never
falls back to Latin-1 for Polish pages.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from . import languages
from .dates import MONTHS, WEEKDAY_RE, fold, stamp_date, whole_date
from .literals import Literals

# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)
# Declarations that are usually a server default rather than the truth on Polish pages.
_WEAK = {"iso8859-1", "latin-1", "ascii", "cp1252", "windows-1252"}
_CANDIDATES = ["utf_8", "cp1250", "iso8859_2"]


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, content_type: str | None = None) -> str:
    """Bytes -> text, by the declared charset (HTTP header, then the page's
    ``<meta charset>``/``http-equiv``), else by detection among UTF-8,
    windows-1250 and ISO-8859-2 (charset-normalizer). A Latin-1 declaration
    is not trusted blindly: Polish letters would silently turn into Ê, ³, ¿.
    Never raises."""
    try:
        return _decode(data, content_type)
    except Exception:  # decoding must never take the pipeline down
        return data.decode("utf-8", errors="replace")


def _decode(data: bytes, content_type: str | None) -> str:
    if not data:
        return ""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    declared: list[str] = []
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and (c := _codec(m.group(1))):
            declared.append(c)
    m2 = _META_CHARSET.search(data[:4096])
    if m2 and (c := _codec(m2.group(1).decode("ascii", "ignore"))):
        declared.append(c)
    weak = [c for c in declared if c in _WEAK]
    decoded = []
    for enc in dict.fromkeys(c for c in declared if c not in _WEAK):
        text = _try(data, enc)
        if text is not None:
            decoded.append(text)
    if decoded:
        # Header and meta may disagree (iso-8859-2 vs windows-1250): both decode
        # any byte, so keep the reading with more Polish letters and no C1 controls.
        if _C1.search(decoded[0][:200_000]) and "cp1250" not in declared:
            alt = _try(data, "cp1250")
            if alt is not None:
                decoded.append(alt)
        return max(decoded, key=_polish_score) if len(decoded) > 1 else decoded[0]
    # Nothing strong declared, or it did not fit: UTF-8 if it decodes cleanly.
    text = _try(data, "utf-8")
    if text is not None:
        return text
    guess = _detect(data)
    if guess is None and weak:
        guess = "cp1250"  # declared Latin-1 on a non-UTF-8 Polish page: almost always cp1250
    if guess is None:
        return data.decode("utf-8", errors="replace")
    return data.decode(guess, errors="replace")


_C1 = re.compile("[\x80-\x9f]")
_POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ–„”"


def _polish_score(text: str) -> int:
    sample = text[:200_000]
    return sum(sample.count(ch) for ch in _POLISH) - 5 * len(_C1.findall(sample))


def _detect(data: bytes) -> str | None:
    """Mostly UTF-8 with a few broken bytes stays UTF-8; otherwise ask
    charset-normalizer to choose among the Polish single-byte encodings."""
    sample = data[:200_000]
    lossy = sample.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    good_multibyte = sum(1 for ch in lossy if ord(ch) > 127) - bad
    if good_multibyte > 0 and bad <= max(3, good_multibyte // 20):
        return "utf-8"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample, cp_isolation=_CANDIDATES).best()
    except Exception:
        return None
    if best is None:
        return None
    if best.encoding in ("utf_8", "ascii"):
        return "utf-8"
    return best.encoding


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    """What an announcement page says, before any reading of it."""

    title: str | None
    text: str
    published: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    lang: str | None = None


_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|main|section"
    r"|span|table|ul|h[1-6]|a\s|br|!--)",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?(?:html|body|div|p|br|span|a|li|h[1-6]|table|article|main|section)\b[^>]*>",
                  re.IGNORECASE)  # fmt: skip


def looks_like_html(text: str) -> bool:
    """True for markup (a page), False for plain text (a pasted announcement)."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 3


MAX_HTML = 2_000_000  # beyond this the page is not an announcement; parse the start only
_DEPTH_LIMIT = 200
_MAX_TAGS = 60_000
_BLOCK_TAGS = (
    "p|div|li|h[1-6]|td|th|dd|dt|section|article|blockquote|figcaption|pre|address|header"
    "|footer|main|aside|nav|tr|caption|legend|fieldset|details|summary"
)
_MARK = "\x1f"  # paragraph marker inserted next to block tags before parsing
# A marker goes *before* each block tag, opening or closing (the literal "<"
# first lets the engine skip to the next tag; measured fastest of the ways
# tried). Before </td> keeps table cells apart even though a marker before
# <td> is moved out of the table by the HTML parser.
_BLOCK_EDGE = re.compile(rf"</?(?i:(?:{_BLOCK_TAGS}|br|hr))\b")
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})\b[^>]{0,2000}?(/?)>")
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}  # fmt: skip

_JUNK = (
    "script, style, noscript, template, nav, aside, form, iframe, svg, button, select, object,"
    " [role=navigation], [role=search], [role=dialog], [aria-hidden=true], #preloader,"
    " #preloaderNewsletter"
)
#: Further junk selectors, each used only when its word occurs in the page
#: (attribute-substring selectors are the costly part of the junk query).
_JUNK_IF = (
    ("bread", ".breadcrumb, .breadcrumbs, #breadcrumbs"),
    ("skip", ".skiplinks, .skip-links"),
    ("ookie", "[id*=cookie], [class*=cookie], [id*=Cookie], [class*=Cookie]"),
    ("rodo", "[id*=rodo], [class*=rodo]"),
    ("share", ".share"),
    ("social", ".social"),
    ("sr-only", ".sr-only"),
    ("visually-hidden", ".visually-hidden"),
    ("print", ".print"),
    ("pagination", ".pagination"),
    ("related", ".related"),
    ("tags", ".tags"),
)
_JUNK_WORDS = Literals(word for word, _sel in _JUNK_IF)  # one scan of the page for all
_MAIN = (
    "main",
    "[role=main]",
    "article",
    "#main-content",
    "#content",
    "#main",
    ".main-content",
    ".content",
    ".entry-content",
    ".article",
    ".article-content",
    ".news",
    ".post",
    "#tresc",
    ".tresc",
)
_PRELOADER = re.compile(r"^(?:Trwa ładowanie\.{0,3}|Trwa zapisywanie na newsletter\.{0,3}|Wstecz)$")
# The stamp's words come from every language file (pipeline/languages/): Joomla stamps its
# articles "Utworzono: poniedziałek, 04 listopad 2024"; EU pages write "Publication date 10
# December 2024"; Slovak ones "Vytvorené: 13.12.2016".
_ALL = languages.available()
_STAMP_WORDS = languages.alternation(languages.merged(_ALL, "stamp_labels_re"))
# a label, not prose: it starts its line or a bar's part ("Opublikowano 12.03.2018",
# "Autor | Dodana: 7 wrzesień 2020"), or takes a colon; "documents will be published on
# 15th November" is not the page's stamp
_STAMP_LABEL = re.compile(
    rf"(?:(?:^|[|·•])[ \t]*{_STAMP_WORDS}[ \t]*:?|{_STAMP_WORDS}[ \t]*:)\s*(?P<v>[^\n]{{4,40}})",
    re.IGNORECASE | re.MULTILINE,
)
# found in the page as written, in the cases labels take ("Dodano", "DATA PUBLIKACJI",
# "Publication Date"), which spares lower-casing the page for this one test
_STAMP_TRIGGERS = Literals(
    v
    for w in languages.merged(_ALL, "stamp_label_words")
    for v in (w, w.capitalize(), w.upper(), w.title())
)
_DATE_ONLY_LINE = re.compile(
    r"^\s*(?:\w{2,12},?\s+)?(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+\w{3,12}\s+"
    r"\d{4})(?:\s*r\.)?\s*(?:,?\s*(?:godz\.\s*)?\d{1,2}[:.]\d{2})?\s*$"
)


def _limit_depth(html: str) -> str:
    """Drop tags nested deeper than _DEPTH_LIMIT. Lexbor's tree building is
    quadratic in nesting depth (50,000 nested divs take seconds); real pages
    never nest beyond a few dozen levels."""
    count = html.count("<")
    if count < 3000:
        return html
    if count > _MAX_TAGS:  # tag soup: keep the start, where an announcement would be
        html = html[: int(len(html) * _MAX_TAGS / count)]
    out: list[str] = []
    stack: list[tuple[str, bool]] = []
    pos = 0
    depth = 0
    for m in _ANY_TAG.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        keep = True
        if name in _VOID or selfclose:
            pass
        elif not closing:
            keep = depth < _DEPTH_LIMIT
            stack.append((name, keep))
            if keep:
                depth += 1
        else:
            for i in range(len(stack) - 1, max(-1, len(stack) - 8), -1):
                if stack[i][0] == name:
                    keep = stack[i][1]
                    for _n, k in stack[i:]:
                        if k:
                            depth -= 1
                    del stack[i:]
                    break
        if not keep:
            out.append(html[pos : m.start()])
            out.append(" ")
            pos = m.end()
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def _marked(m: re.Match[str]) -> str:
    return _MARK + m.group()


def _clean(text: str) -> str:
    return " ".join(text.replace(_MARK, " ").split())


def _lines(raw: str) -> str:
    """Whitespace of the source collapses; the block markers become newlines."""
    raw = raw.replace("\u00ad", "").replace("\u200b", "")
    out = []
    for part in raw.split(_MARK):
        line = " ".join(part.split())
        if line and not _PRELOADER.match(line):
            out.append(line)
    return "\n".join(out)


def _parse_stamp(text: str) -> str | None:
    found = stamp_date(text)
    return found.isoformat() if found else None


# Containers of an event's own date, not of the page's stamp.
_EVENTISH = ("event", "wydarz", "termin", "start", "end", "kalendarz", "calendar", "agenda", "when")
_STAMP_CLASSES = (
    '[class*="publi"], [class*="news-date"], [class*="post-date"], [class*="entry-date"],'
    ' [class*="date"], [class*="data"], .meta, [class*="meta"]'
)


def _stamp_node(node) -> bool:  # noqa: ANN001 - selectolax node
    """Can this node hold the page's own stamp? Not when it is marked as an
    event's date (class "event-date", "termin") or sits inside a sentence."""
    marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower()
    if any(w in marks for w in _EVENTISH):
        return False
    parent = node.parent
    if node.tag == "time" and parent is not None and parent.tag in ("p", "li", "td", "span"):
        if len(_clean(parent.text() or "")) > 60:
            return False
    return True


def _time_stamp(node) -> str | None:  # noqa: ANN001 - selectolax node
    """Visible text of a <time>, checked against its datetime attribute: the
    national portal once had datetime="2018-12-03" over the text 12.03.2018."""
    visible = _parse_stamp(_clean(node.text() or ""))
    if visible:
        return visible
    attr = node.attributes.get("datetime") or ""
    return _parse_stamp(attr) if attr else None


def _published(tree: LexborHTMLParser, main, selectors: dict | None, text: str) -> str | None:  # noqa: ANN001
    if selectors and selectors.get("date"):
        try:
            node = tree.css_first(selectors["date"])
        except Exception:
            node = None
        if node is not None:
            found = _parse_stamp(_clean(node.text() or "")) or _time_stamp(node)
            if found:
                return found
    found = _label_stamp(text)
    if found:
        return found
    for scope in (main, tree.root):
        if scope is None:
            continue
        for node in scope.css("time")[:5]:
            found = _time_stamp(node) if _stamp_node(node) else None
            if found:
                return found
    for sel in ('meta[property="article:published_time"]', 'meta[itemprop="datePublished"]',
                'meta[name="date"]', 'meta[name="dcterms.created"]'):  # fmt: skip
        node = tree.css_first(sel)
        if node is not None:
            found = _parse_stamp(node.attributes.get("content") or "")
            if found:
                return found
    for scope in (main, tree.root):
        if scope is None:
            continue
        for node in scope.css(_STAMP_CLASSES)[:8]:
            t = _clean(node.text() or "")
            if 0 < len(t) <= 40 and _stamp_node(node):
                found = _parse_stamp(t)
                if found:
                    return found
    return stamp_in_text(text)


def _label_stamp(text: str) -> str | None:
    """A labelled stamp: "Data publikacji: 24-11-2023", "Opublikowano: 2012-10-25"."""
    head = text[:5000]
    if not _STAMP_TRIGGERS.found(head):
        return None
    m = _STAMP_LABEL.search(head)
    return _parse_stamp(m.group("v")) if m else None


def stamp_in_text(text: str) -> str | None:
    """The page's date stamp in plain text: a labelled one ("Data publikacji:
    24-11-2023", "Opublikowano: 2012-10-25"), else a short line among the first
    ones that holds only a date with its decorations ("23 maja 2023 | Aktualności",
    "wtorek, 04 lutego 2014 13:37", "Gorzków-Osada, 1 sierpnia 2016 r.", "Nov 02,
    2021", "2021.02.25 11:35, aktualizacja: ..."), unless the line above labels it
    as the event's date or the line itself reads as the event's (a time range,
    "godz.")."""
    found = _label_stamp(text)
    if found:
        return found
    lines = [ln.strip() for ln in text[:1500].split("\n")[:7]]
    # a CMS's stamp field right under the title: "date 2024-03-21", "date: 15/03/2018"
    # (its own lower-case label and a numeric date only; "Date: 27. April 2021" is an event's)
    if len(lines) > 1 and (m := _STAMP_FIELD.match(lines[1])):
        found_date = whole_date(m.group("v"))
        if found_date is not None:
            return found_date.isoformat()
    for i, line in enumerate(lines):
        if not line or len(line) > 160 or not _DIGIT.search(line):
            continue  # every stamp has digits
        above = lines[i - 1].lower() if i else ""
        if above.endswith(":") or above in ("termin", "data", "kiedy", "data wydarzenia", "when"):
            continue
        if i > 1 and ("zaprasza" in above or "invite" in above):
            continue  # "Serdecznie zapraszamy" / "8 listopada 2023 r.": the event's date
        # "Title | 04.12.2017", "wpisany przez redaktor | piątek, 17 marca 2017 15:18":
        # a stamp may share its line with the title or the author, after a bar.
        parts = [p.strip() for p in line.split("|")][1:] if "|" in line else []
        if i > 0 or len(lines) == 1 or _STAMP_HEAD.match(line):
            parts.insert(0, line)  # the first line is the title, unless a labelled stamp
        if i + 1 < len(lines) and _TIME_LINE.match(lines[i + 1]):
            continue  # "Thursday, 5 November, 2020" over "Online 10:00 – 12:00 CET": the event's
        for part in parts:
            found = stamp_line(part) if len(part) <= 100 else None
            if found:
                return found.isoformat()
    return None


_DIGIT = re.compile(r"\d")
_PLAIN_NUMERIC = re.compile(r"\s*\d{1,4}[-./]\d{1,2}[-./]\d{1,4}\s*$")
_TIME_LINE = re.compile(
    r"^\W*(?:online|on-line)?\s*(?:(?:o|od|w|at|from)\s+)?"
    r"(?:godz|\d{1,2}[:.]\d{2}(?![.\d/-])|\d{1,2}\s*(?:am|pm)\b)",
    re.IGNORECASE,
)
_STAMP_FIELD = re.compile(
    languages.alternation(languages.merged(_ALL, "stamp_field_re"))
    + r"[ \t]*:?[ \t]*(?P<v>\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})[ \t]*$"
)  # (case-sensitive: the field's own lower-case label)
_STAMP_HEAD = re.compile(
    languages.alternation(languages.merged(_ALL, "stamp_heads_re")) + r"\s*:*\s*", re.IGNORECASE
)
_DATELINE_PLACE = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ][\w.\-]*(?:[ -][A-ZĄĆĘŁŃÓŚŹŻ][\w.\-]*){0,3},\s+")
_STAMP_WEEKDAY = re.compile(rf"^(?:{WEEKDAY_RE})\.?,?\s+", re.IGNORECASE)
_STAMP_TAIL = re.compile(
    "(?:" + "|".join([r"\s*\|.*", *languages.merged(_ALL, "stamp_tails_re"), r"\s+/\s+.*"]) + ")$",
    re.IGNORECASE,
)
_LEAD_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?,?\s+(?=\d)")
_SPACED_NUMERIC = re.compile(r"(\d)\s+([./-])\s+(?=\d)")
_STAMP_TIME = re.compile(r"(?:(?:,|\s[-–])?\s*(?:g\.\s*)?\d{1,2}:\d{2}(?::\d{2})?)+\s*$")
_EVENTISH_LINE = re.compile(
    "|".join([r"\d[:.]\d\d\s*[-–—]\s*\d", *languages.merged(_ALL, "event_line_re")]),
    re.IGNORECASE,
)
#: Stamp-only forms the prose grammar leaves out: "2021.06.16", "17 January 24",
#: "25-06-12", "13 PAZ 2021" (three-letter Polish month abbreviations, year required).
_PL_ABBR = {"sty": 1, "lut": 2, "mar": 3, "kwi": 4, "maj": 5, "cze": 6, "lip": 7, "sie": 8,
            "wrz": 9, "paz": 10, "lis": 11, "gru": 12}  # fmt: skip
_STAMP_FORMS = (
    ("ymd", re.compile(r"^((?:19|20)\d\d)\.(\d{1,2})\.(\d{1,2})\.?$")),
    ("Mdy", re.compile(r"^([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")),
    ("dmy2", re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d\d)$")),
    (
        "dMy",
        re.compile(
            r"^(\d{1,2})(?:st|nd|rd|th)?\.?\s+([^\W\d_]{3,12})\.?,?\s+(\d\d|\d{4})(?:\s*r\.)?$"
        ),
    ),
)


def stamp_line(line: str) -> dt.date | None:
    """The date of a line that holds only a publication stamp, or None."""
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1]  # "(2015-05-18)" under the title
    if _PLAIN_NUMERIC.match(line):
        return whole_date(line)  # "24-11-2023", "2024-10-02": the common case, no decorations
    rest = _LEAD_TIME.sub("", _STAMP_HEAD.sub("", line.strip(), count=1), count=1)
    rest = _SPACED_NUMERIC.sub(r"\1\2", _STAMP_TIME.sub("", rest))  # ("2019 - 13:41": a time)
    labelled = bool(_STAMP_HEAD.match(line.strip()))
    rest = _STAMP_TAIL.sub("", rest)
    rest = _DATELINE_PLACE.sub("", rest, count=1) if not labelled else rest
    rest = _STAMP_WEEKDAY.sub("", rest, count=1)
    rest = _STAMP_TIME.sub("", rest).strip(" .,|")
    if not rest or len(rest) > 40 or (not labelled and _EVENTISH_LINE.search(rest)):
        return None
    if not labelled and _EVENTISH_LINE.search(line) and not _STAMP_TIME.search(line):
        return None
    found = whole_date(rest)
    if found is not None:
        return found
    for form, rx in _STAMP_FORMS:
        m = rx.match(rest)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if form == "ymd":
                return dt.date(int(a), int(b), int(c))
            if form == "Mdy":
                a, b = b, a  # month first: day, month word, year below
            if form == "dmy2":
                return dt.date(2000 + int(c), int(b), int(a))
            month = MONTHS.get(fold(b)) or _PL_ABBR.get(fold(b)[:3] if len(b) == 3 else "")
            if month:
                year = int(c) if len(c) == 4 else 2000 + int(c)
                return dt.date(year, month, int(a))
        except ValueError:
            return None
    return None


_FIELD_WORDS = languages.alternation(languages.merged(_ALL, "stamp_field_re"))
_YEAR_MONTH_LINE = re.compile(
    rf"^\s*(?:{_FIELD_WORDS}[ \t]*:?[ \t]*)?((?:19|20)\d\d)[-./](0[1-9]|1[0-2])\s*$",
    re.MULTILINE,
)
# A news agency's dateline opening the first paragraph: "Prešov 11. februára (TASR) –",
# "Warszawa, 12 lutego (PAP) -": its town, its day, the agency in brackets, a dash.
_DATELINE = re.compile(
    r"^[^\W\d_][\w.\-]*(?:[ \t-][^\W\d_][\w.\-]*){0,3},?[ \t]+"
    r"(?P<d>\d[^()\n]{2,30}?)[ \t]*\([^\W\d_][^\W\d_/ ]{1,11}\)[ \t]*[-–—]",
    re.MULTILINE,
)


_AGENCY = re.compile(r"\([^\W\d_][^\W\d_/ ]{1,11}\)[ \t]*[-–—]")  # "(TASR) –"


def blank_dateline(text: str) -> str:
    """``text`` with an agency dateline's date blanked (offsets kept): the report's own
    date, never the event's ("Bratislava 20. septembra (TASR) – Festival, ktorý sa koná
    od piatka do nedele (22. 9.)")."""
    head = text[:1500]
    m = _DATELINE.search(head) if _AGENCY.search(head) else None  # (the cheap test first)
    if m is None:
        return text
    return text[: m.start("d")] + " " * (m.end("d") - m.start("d")) + text[m.end("d") :]


def dateline_stamp(text: str) -> str | None:
    """The publication day of an agency report: its dateline's day and month, in the
    year of the month stamp above it ("date 2020-02" over "Prešov 11. februára (TASR)
    –"), or the dateline's own year. Read in the page's language (pipeline/languages).
    Hand-written: a dateline is a layout, not a phrase any date library reads."""
    head = text[:1500]
    m = _DATELINE.search(head) if _AGENCY.search(head) else None
    if m is None:
        return None
    found = whole_date(m.group("d").strip(" ,."))
    if found is not None:
        return found.isoformat()
    month = stamp_month(head)
    if month is None:
        return None
    found = whole_date(f"{m.group('d').strip(' ,.')} {month.year}")
    if found is None or found.month != month.month:
        return None  # the dateline's month must be the stamp's, or the year is a guess
    return found.isoformat()


def stamp_month(text: str) -> dt.date | None:
    """A stamp that gives only a year and month ("2021-06" under the title): an anchor
    for year-less dates, not a publication date."""
    m = _YEAR_MONTH_LINE.search(text[:400])
    return dt.date(int(m.group(1)), int(m.group(2)), 1) if m else None


def _title(tree: LexborHTMLParser, main, selectors: dict | None) -> str | None:  # noqa: ANN001
    for node in _title_nodes(tree, main, selectors):
        if node is None:
            continue
        t = node.attributes.get("content") if node.tag == "meta" else node.text()
        t = _clean(t or "")
        if t and not _PRELOADER.match(t):
            return t[:500]
    return None


def _title_nodes(tree: LexborHTMLParser, main, selectors: dict | None):  # noqa: ANN001, ANN202
    """The nodes that may hold the title, best first; each looked up only when
    the ones before it gave nothing (usually the main text's h1 does)."""
    if selectors and selectors.get("title"):
        try:
            node = tree.css_first(selectors["title"])
        except Exception:
            node = None
        if node is not None:
            yield node
    if main is not None:
        yield main.css_first("h1")
    yield tree.css_first("h1")
    yield tree.css_first('meta[property="og:title"]')
    head = tree.css_first("title")
    if main is not None and head is not None:
        # No h1 (Joomla's <h2 itemprop="headline">, gov.pl): the main text's first h2 that
        # the <title> ("Headline - Site name") starts with.
        head_text = _clean(head.text() or "")
        for h2 in main.css("h2")[:3]:
            t = _clean(h2.text() or "")
            if len(t) > 8 and head_text.startswith(t):
                yield h2
                break
    yield head


def _main(tree: LexborHTMLParser, selectors: dict | None):  # noqa: ANN202
    if selectors and selectors.get("body"):
        try:
            node = tree.css_first(selectors["body"])
        except Exception:
            node = None
        if node is not None and len(_clean(node.text() or "")) > 20:
            return node
    for sel in _MAIN:
        nodes = tree.css(sel)
        if not nodes:
            continue
        texts = [(n.text() or "", n) for n in nodes[:20]]
        text, best = max(texts, key=lambda p: len(p[0]))
        if len(text) > 80 and len(_clean(text)) > 80:
            return best
    return tree.body


def parse_page(html: str, url: str | None = None, selectors: dict | None = None) -> Page:
    """Title, main text (paragraphs separated by newlines), the page's own
    publication stamp (YYYY-MM-DD), links of the main content and the page
    language. ``selectors`` ({"title", "date", "body"} CSS) come from a
    portal's registry entry; without them, or when they match nothing, the
    usual main-content containers are tried and junk is dropped."""
    html = html[:MAX_HTML]
    html = _limit_depth(html)
    marked = _BLOCK_EDGE.sub(_marked, html)
    tree = LexborHTMLParser(marked)

    lang = None
    root = tree.css_first("html")
    if root is not None:
        raw_lang = (root.attributes.get("lang") or root.attributes.get("xml:lang") or "").strip()
        lang = raw_lang.split("-")[0].lower()[:3] or None

    words = _JUNK_WORDS.found(html)
    junk = ", ".join([_JUNK, *(sel for word, sel in _JUNK_IF if word in words)])
    for node in tree.css(junk):
        node.decompose()
    main = _main(tree, selectors)
    title = _title(tree, main, selectors)
    if main is None:
        return Page(title=title, text="", lang=lang)
    # Only the site's own header and footer go; an article's header holds its title and date.
    if main.tag in ("body", "html"):
        for node in main.css("header, footer, [role=banner], [role=contentinfo]"):
            node.decompose()
    else:
        for node in main.css("footer"):
            node.decompose()
    text = _lines(main.text(deep=True, separator="") or "")
    published = _published(tree, main, selectors, text)
    links: list[tuple[str, str]] = []
    for a in main.css("a[href]")[:500]:
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        if url:
            try:
                href = urljoin(url, href)
            except ValueError:
                continue
        links.append((href, _clean(a.text() or "")))
    return Page(title=title, text=text, published=published, links=links, lang=lang)
