"""Static feeds of the catalogue, written by ``eufunds export`` after every crawl.

* ``feed.json``: JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the window of the
  ``feed_items`` view (below), newest change first, with every event field in the
  ``_eufunds`` extension object (the record of ``pipeline.record.SCHEMA``, plus
  ``updated``); :data:`PAGE_ITEMS` items a file, the next ones in ``feed-2.json``,
  ``feed-3.json``... linked by ``next_url``;
* ``events.atom``: the same items as Atom (RFC 4287), paged the same way as an RFC 5005
  paged feed (``events-2.atom``..., ``rel="next"``/``"previous"``/``"first"``/``"last"``);
* ``events.ics``: iCalendar (RFC 5545) of the occurrences in the window,
  Europe/Warsaw times with a VTIMEZONE, day-only events as all-day events;
* ``events.csv``: every event, every column, UTF-8.

**The window** (:data:`WINDOW_DAYS`, 30 days; ``EUFUNDS_FEED_WINDOW_DAYS`` sets it): the
events starting in the next 30 days or running today, plus the events added or changed
in the last 30 days, what a calendar subscriber and a feed reader look at. Whole
catalogues made every poller download everything (the JSON Feed of 100,000 events was
58 MB, of 1,000,000 events 580 MB, bench/load_bench.py). Events further ahead are in the
served feeds of any filter (``/events/upcoming_events.ics?start__gte=2027-03-01``,
``.atom``, ``.jsonfeed``; ``pipeline/datasette_plugins/feeds.py``), which page on with
``_next``.

The selection and the text digests come from the SQL views in ``pipeline.views``, which
Datasette's ``feed`` (Atom) and ``calendar`` (iCalendar) canned queries read too, so the
static files and the served feeds agree. Each file is written to a temporary name and
renamed, so a web server never hands out half a file.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from pipeline.record import FIELD_NAMES, TIMEZONE
from pipeline.store import row_to_record

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_TITLE = "EU-funds events in Poland"
FEED_DESCRIPTION = (
    "Information meetings, trainings, webinars, conferences and consultations about EU funds "
    "in Poland: events not yet ended and events added or changed in the last 30 days. "
    "Times are Europe/Warsaw local time."
)
#: Days of the exported feeds' window (see the module docstring); the environment variable
#: EUFUNDS_FEED_WINDOW_DAYS overrides it for ``eufunds export`` and ``eufunds nightly``.
WINDOW_DAYS = 30
WINDOW_ENV = "EUFUNDS_FEED_WINDOW_DAYS"
#: Items per file of the exported JSON Feed and Atom feed (the next ones in the next file).
PAGE_ITEMS = 500


def window_days() -> int:
    """The window in days: EUFUNDS_FEED_WINDOW_DAYS when set (a whole number >= 1), else
    WINDOW_DAYS. Raises ValueError with a message that names the variable."""
    raw = os.environ.get(WINDOW_ENV, "").strip()
    if not raw:
        return WINDOW_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if days < 1:
        raise ValueError(f"{WINDOW_ENV}={raw!r}: expected a whole number of days, 1 or more")
    return days


def window_description(days: int) -> str:
    """What the exported feeds hold, said in the feeds themselves."""
    changed = min(days, 30)
    return (
        "Information meetings, trainings, webinars, conferences and consultations about EU "
        f"funds in Poland: events starting in the next {days} days or running today, and "
        f"events added or changed in the last {changed} days; events further ahead are in "
        "the catalogue's feeds of any filter. Times are Europe/Warsaw local time."
    )
EXTENSION = "_eufunds"
ID_PREFIX = "urn:eufunds-events:event:"
UID_DOMAIN = "eufunds-events"
ATOM_NS = "http://www.w3.org/2005/Atom"
_STATUS_PREFIX = {"cancelled": "[cancelled] ", "postponed": "[postponed] "}


def _connect(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _record(row: sqlite3.Row) -> dict[str, Any]:
    """An ``events`` row as a record: JSON lists decoded, booleans as booleans."""
    return row_to_record({f: row[f] for f in FIELD_NAMES if f in row.keys()})


def display_title(title: str | None, status: str | None) -> str:
    """The title as feeds show it: cancelled/postponed events say so up front."""
    return _STATUS_PREFIX.get(status or "", "") + (title or "(untitled)")


def feed_rows(conn: sqlite3.Connection, ids: list[str] | None = None, *,
              window: int | None = None) -> list[sqlite3.Row]:
    """The feed items joined to their full events.

    Without ``ids``: the view ``feed_items``, newest change first (the exported files); with
    ``window`` (days) only its window: starting in the next ``window`` days or running
    today, or added or changed in the last ``window`` days (a change time after now, a
    wrong clock's, is no recent change). With ``ids``: exactly those
    events, in that order (a served feed of any filter of the catalogue lists what the
    filter lists, in the filter's order).
    """
    if ids is None:
        where = ""
        params: list[Any] = []
        if window is not None:
            where = (
                """where (e.start < date((select today from warsaw_clock), ?)
                          and coalesce(e."end", e.start) >= (select today from warsaw_clock))
                      or f.updated between strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)
                                       and strftime('%Y-%m-%dT%H:%M:%SZ', 'now')""")
            params = [f"+{int(window)} days", f"-{int(window)} days"]
        return conn.execute(
            f"""select e.*, f.updated, f.updated_rfc3339, f.published_rfc3339, f.content_text
               from feed_items f join events e on e.id = f.id {where}
               order by f.updated desc, e.start, e.id""", params
        ).fetchall()
    return conn.execute(
        """select e.*, replace(e.updated, 'Z', '+00:00') as updated_rfc3339,
                  replace(e.first_seen, 'Z', '+00:00') as published_rfc3339, t.content_text
           from json_each(?) j join events e on e.id = j.value
           join event_texts t on t.id = e.id
           order by j.key""",
        [json.dumps(_unique(ids))],
    ).fetchall()


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


# --------------------------------------------------------------------------- JSON Feed


def json_feed(conn: sqlite3.Connection, base_url: str | None = None, *,
              ids: list[str] | None = None, title: str = FEED_TITLE,
              feed_url: str | None = None, home_page_url: str | None = None,
              rows: list[sqlite3.Row] | None = None, next_url: str | None = None,
              description: str = FEED_DESCRIPTION) -> dict[str, Any]:
    """The JSON Feed 1.1 document (a dict ready for ``json.dumps``): the feed items, the
    events ``ids`` (a served filter, whose own addresses are ``feed_url``/``home_page_url``)
    or ``rows`` of :func:`feed_rows` (one page of the export, ``next_url`` the next one)."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "description": description,
        "language": "pl",
        "authors": [{"name": "eufunds-events"}],
    }
    if base_url:
        base = base_url.rstrip("/")
        feed["home_page_url"] = f"{base}/events/upcoming_events"
        feed["feed_url"] = f"{base}/feeds/feed.json"
    if home_page_url:
        feed["home_page_url"] = home_page_url
    if feed_url:
        feed["feed_url"] = feed_url
    if next_url:
        feed["next_url"] = next_url
    items = []
    for row in feed_rows(conn, ids) if rows is None else rows:
        rec = _record(row)
        item: dict[str, Any] = {
            "id": ID_PREFIX + row["id"],
            "title": display_title(row["title"], row["status"]),
            "content_text": row["content_text"],
            "date_published": row["published_rfc3339"],
            "date_modified": row["updated_rfc3339"],
        }
        if row["url"]:
            item["url"] = row["url"]
        if row["registration_url"]:
            item["external_url"] = row["registration_url"]
        if row["summary"]:
            item["summary"] = row["summary"]
        tags = [row["event_type"], row["attendance_mode"], row["city"], row["region"]]
        if [t for t in tags if t]:
            item["tags"] = [t for t in tags if t]
        if row["page_language"]:
            item["language"] = row["page_language"]
        item[EXTENSION] = {**rec, "updated": row["updated"]}
        items.append(item)
    feed["items"] = items
    return feed


def json_feed_problems(feed: Any) -> list[str]:
    """Ways ``feed`` breaks the JSON Feed 1.1 spec's required structure (empty when valid)."""
    problems: list[str] = []
    if not isinstance(feed, dict):
        return ["the feed is not a JSON object"]
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"version is {feed.get('version')!r}, not {JSON_FEED_VERSION!r}")
    if not isinstance(feed.get("title"), str) or not feed.get("title"):
        problems.append("title missing")
    for key in ("home_page_url", "feed_url", "next_url", "description", "language"):
        if key in feed and not isinstance(feed[key], str):
            problems.append(f"{key} is not a string")
    if not isinstance(feed.get("items"), list):
        return [*problems, "items is not a list"]
    ids: set[str] = set()
    for n, item in enumerate(feed["items"]):
        where = f"items[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where} is not an object")
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}.id missing or not a string")
        elif item["id"] in ids:
            problems.append(f"{where}.id {item['id']!r} repeats")
        else:
            ids.add(item["id"])
        if not any(isinstance(item.get(k), str) for k in ("content_text", "content_html")):
            problems.append(f"{where} has neither content_text nor content_html")
        for key in ("url", "external_url", "title", "summary", "language"):
            if key in item and not isinstance(item[key], str):
                problems.append(f"{where}.{key} is not a string")
        for key in ("date_published", "date_modified"):
            if key in item and not _is_rfc3339(item[key]):
                problems.append(f"{where}.{key} is not an RFC 3339 date-time")
        if "tags" in item and not (
            isinstance(item["tags"], list) and all(isinstance(t, str) for t in item["tags"])
        ):
            problems.append(f"{where}.tags is not a list of strings")
        for key in item:
            if key.startswith("_") and not isinstance(item[key], dict):
                problems.append(f"{where}.{key}: an extension must be an object")
    return problems


def _is_rfc3339(value: Any) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


# --------------------------------------------------------------------------- Atom


def atom_feed(conn: sqlite3.Connection, base_url: str | None = None, *,
              ids: list[str] | None = None, title: str = FEED_TITLE,
              self_url: str | None = None, alternate_url: str | None = None,
              rows: list[sqlite3.Row] | None = None, page_links: dict[str, str] | None = None,
              description: str = FEED_DESCRIPTION, feed_id: str | None = None) -> bytes:
    """The feed items (or the events ``ids``, for a served filter; or ``rows`` of
    :func:`feed_rows`, one page of the export) as an Atom 1.0 document. ``page_links``:
    RFC 5005 paging links of that page (``first``, ``next``, ``previous``, ``last`` ->
    address); with them, ``self`` is the page's own address and ``feed_id`` (every page's)
    the feed's id."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    if rows is None:
        rows = feed_rows(conn, ids)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    # a served filter is a feed of its own: its id is its address (every page of a paged
    # feed is the same feed: the same id)
    sub(feed, "id", feed_id or (self_url if self_url and not page_links
                                else "urn:eufunds-events:feed"))
    sub(feed, "title", title)
    sub(feed, "subtitle", description)
    updated = max((r["updated_rfc3339"] for r in rows if r["updated_rfc3339"]), default=None)
    sub(feed, "updated", updated or _utc_now_rfc3339())
    author = sub(feed, "author")
    sub(author, "name", "eufunds-events")
    if base_url:
        base = base_url.rstrip("/")
        if not self_url:
            sub(feed, "link", rel="self", href=f"{base}/feeds/events.atom")
        sub(feed, "link", rel="alternate", href=f"{base}/events/upcoming_events")
    if self_url:
        sub(feed, "link", rel="self", href=self_url)
    for rel, href in (page_links or {}).items():
        sub(feed, "link", rel=rel, href=href)
    if alternate_url:
        sub(feed, "link", rel="alternate", href=alternate_url)
    for row in rows:
        entry = sub(feed, "entry")
        sub(entry, "id", ID_PREFIX + row["id"])
        sub(entry, "title", display_title(row["title"], row["status"]))
        sub(entry, "updated", row["updated_rfc3339"] or _utc_now_rfc3339())
        if row["published_rfc3339"]:
            sub(entry, "published", row["published_rfc3339"])
        if row["url"]:
            sub(entry, "link", rel="alternate", href=row["url"])
        if row["summary"]:
            sub(entry, "summary", row["summary"])
        sub(entry, "content", row["content_text"], type="text")
        for term in (row["event_type"], row["attendance_mode"]):
            if term:
                sub(entry, "category", term=term)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _utc_now_rfc3339() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------- iCalendar


def icalendar_feed(conn: sqlite3.Connection, *, ids: list[str] | None = None,
                   title: str = FEED_TITLE, window: int | None = None,
                   description: str = FEED_DESCRIPTION) -> bytes:
    """Every occurrence not yet ended, as an RFC 5545 iCalendar document.

    Of every event shown (with ``window``, those starting in the next ``window`` days or
    running today: the exported ``events.ics``), or of the events ``ids`` (a served
    filter). What strict clients (khal, Thunderbird, Google) need to import it without
    guessing: a VTIMEZONE for every zone used; a DTSTAMP; day-only events as all-day
    ``VALUE=DATE``; one VEVENT per session with a UID that stays the same from one crawl
    to the next; ``SEQUENCE`` (the number of tracked changes, ``event_changes``) and
    ``LAST-MODIFIED`` (the last of them) that move when the event changes, so a subscribed
    client replaces its copy; ``STATUS:CANCELLED`` for a cancelled event.
    """
    from icalendar import Calendar, Event

    tz = ZoneInfo(TIMEZONE)
    cal = Calendar()
    cal.add("prodid", "-//eufunds-events//EU-funds events in Poland//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("x-wr-caldesc", description)
    selected = "" if ids is None else "and o.event_id in (select value from json_each(?))"
    params: list[Any] = [] if ids is None else [json.dumps(_unique(ids))]
    if window is not None:
        selected += " and o.dtstart < date(w.today, ?)"
        params.append(f"+{int(window)} days")
    rows = conn.execute(
        f"""select o.uid, o.session, o.start as o_start, o.all_day, o.dtstart, o.dtend,
                  t.content_text, e.*,
                  (select count(*) from event_changes c where c.event_id = e.id) as sequence
           from event_occurrences o
           join events e on e.id = o.event_id
           join event_texts t on t.id = o.event_id, warsaw_clock w
           where coalesce(o.dtend, o.dtstart) >= w.today {selected}
           order by o.dtstart, o.uid""",
        params,
    ).fetchall()
    for row in rows:
        cal.add_component(_vevent(row, tz, Event))
    days = [date.fromisoformat(r["dtstart"][:10]) for r in rows] or [date.today()]
    if not rows:  # no event, no zone used: still say which zone the calendar means
        from icalendar import Timezone

        cal.add_component(Timezone.from_tzid(TIMEZONE, first_date=date.today(),
                                             last_date=date.today() + timedelta(days=366)))
    cal.add_missing_timezones(  # VTIMEZONE rules for the span the events need, not 1970-2038
        first_date=min(min(days), date.today()) - timedelta(days=366),
        last_date=max(days) + timedelta(days=366),
    )
    return cal.to_ical()


def _vevent(row: sqlite3.Row, tz: ZoneInfo, event_class: Any) -> Any:
    """One VEVENT: one occurrence (a session, or the event) of one event."""
    ev = event_class()
    name = display_title(row["title"], row["status"])
    if row["session"] is not None:
        name += f" ({row['session'] + 1})"
    ev.add("uid", f"{row['uid']}@{UID_DOMAIN}")
    ev.add("summary", name)
    if row["all_day"]:
        first = date.fromisoformat(row["dtstart"][:10])
        ev.add("dtstart", first)
        after = date.fromisoformat(row["dtend"][:10]) if row["dtend"] else None
        ev.add("dtend", after if after and after > first else first + timedelta(days=1))
    else:
        ev.add("dtstart", datetime.fromisoformat(row["dtstart"]).replace(tzinfo=tz))
        if row["dtend"]:
            ev.add("dtend", datetime.fromisoformat(row["dtend"]).replace(tzinfo=tz))
    # the last change, not the time of the request: the same event gives the same bytes
    stamp = _utc(row["updated"]) or _utc(row["first_seen"]) or datetime.now(UTC)
    ev.add("dtstamp", stamp)
    ev.add("last-modified", stamp)
    ev.add("sequence", int(row["sequence"] or 0))
    if _utc(row["first_seen"]):
        ev.add("created", _utc(row["first_seen"]))
    description = row["content_text"] or ""
    if row["url"]:
        ev.add("url", row["url"])
        description += f"\n{row['url']}"
    ev.add("description", description)
    where = ", ".join(p for p in (row["venue"], row["city"]) if p)
    if row["venue"] and row["city"] and row["city"] in row["venue"]:
        where = row["venue"]
    if where:
        ev.add("location", where)
    elif row["attendance_mode"] == "online":
        ev.add("location", "online")
    ev.add("status", {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(
        row["status"], "CONFIRMED"))
    if row["event_type"]:
        ev.add("categories", [row["event_type"]])
    return ev


def _utc(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


# --------------------------------------------------------------------------- CSV


def write_csv(conn: sqlite3.Connection, out: TextIO) -> int:
    """Every event, every column (as stored: JSON lists as JSON text), ordered by start."""
    cur = conn.execute("select * from events order by start is null, start, id")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([d[0] for d in cur.description])
    n = 0
    for row in cur:
        writer.writerow(["" if v is None else v for v in row])
        n += 1
    return n


# --------------------------------------------------------------------------- export


def _write_atomically(path: Path, write: Callable[[Any], Any], *, text: bool) -> Any:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        mode = "w" if text else "wb"
        kwargs: dict[str, Any] = {"encoding": "utf-8", "newline": ""} if text else {}
        with os.fdopen(fd, mode, **kwargs) as fh:
            result = write(fh)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def _dump_json(feed: dict[str, Any], fh: Any) -> None:
    json.dump(feed, fh, ensure_ascii=False, indent=1)
    fh.write("\n")


def page_name(first: str, page: int) -> str:
    """The file of page ``page`` of a paged export: ``feed.json``, ``feed-2.json``, ..."""
    if page == 1:
        return first
    stem, dot, ext = first.partition(".")
    return f"{stem}-{page}{dot}{ext}"


def _drop_pages(out_dir: Path, first: str, keep: int) -> None:
    """Remove pages beyond ``keep`` left by an earlier export (and their gzip copies)."""
    stem, _dot, ext = first.partition(".")
    for path in out_dir.glob(f"{stem}-*.{ext}*"):
        number = path.name[len(stem) + 1:].split(".", 1)[0]
        if number.isdigit() and int(number) > keep:
            path.unlink(missing_ok=True)


def export(db_path: Path, out_dir: Path, *, base_url: str | None = None,
           window: int | None = None, page_items: int = PAGE_ITEMS) -> dict[str, int]:
    """Write feed.json, events.atom (each paged: ``page_items`` items a file),
    events.ics and events.csv into ``out_dir``.

    The feeds hold the window of ``window`` days (default :func:`window_days`). Returns
    how many items each feed holds over all its pages (and how many pages). Raises
    ``ValueError`` if a JSON Feed page would not be valid (nothing is written then).
    """
    days = window_days() if window is None else int(window)
    description = window_description(days)
    out_dir.mkdir(parents=True, exist_ok=True)
    base = base_url.rstrip("/") + "/feeds/" if base_url else ""
    conn = _connect(db_path)
    try:
        rows = feed_rows(conn, window=days)
        size = max(1, int(page_items))
        chunks = [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]
        pages = len(chunks)
        json_pages = []
        for n, chunk in enumerate(chunks, 1):
            feed = json_feed(conn, base_url, rows=chunk, description=description,
                             next_url=base + page_name("feed.json", n + 1) if n < pages else None)
            if base:
                feed["feed_url"] = base + page_name("feed.json", n)
            problems = json_feed_problems(feed)
            if problems:
                raise ValueError(f"JSON Feed page {n} would be invalid: "
                                 + "; ".join(problems[:3]))
            json_pages.append(feed)
        counts = {"feed.json": len(rows), "feed.json pages": pages}
        for n, feed in enumerate(json_pages, 1):
            # Streamed: json.dumps(indent=...) of a large feed holds every chunk at once;
            # json.dump writes the chunks as they come.
            _write_atomically(out_dir / page_name("feed.json", n),
                              lambda fh, feed=feed: _dump_json(feed, fh), text=True)
        json_pages.clear()
        _drop_pages(out_dir, "feed.json", pages)
        entries = 0
        for n, chunk in enumerate(chunks, 1):
            links = {"first": base + "events.atom"}
            if n > 1:
                links["previous"] = base + page_name("events.atom", n - 1)
            if n < pages:
                links["next"] = base + page_name("events.atom", n + 1)
            links["last"] = base + page_name("events.atom", pages)
            atom = atom_feed(conn, base_url, rows=chunk, description=description,
                             page_links=links,
                             self_url=base + page_name("events.atom", n) if base else None)
            entries += atom.count(b"<entry>")
            _write_atomically(out_dir / page_name("events.atom", n),
                              lambda fh, atom=atom: fh.write(atom), text=False)
        _drop_pages(out_dir, "events.atom", pages)
        counts["events.atom"] = entries
        ics = icalendar_feed(conn, window=days, description=description)
        _write_atomically(out_dir / "events.ics", lambda fh: fh.write(ics), text=False)
        counts["events.ics"] = ics.count(b"BEGIN:VEVENT")
        counts["events.csv"] = _write_atomically(
            out_dir / "events.csv", lambda fh: write_csv(conn, fh), text=True
        )
    finally:
        conn.close()
    return counts
