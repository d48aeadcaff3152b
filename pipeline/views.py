"""SQL views and indexes the catalogue and the feeds read (Datasette, ``eufunds export``).

The views are plain SQL over ``events`` and ``event_changes``, so Datasette (in
immutable mode), the canned queries in ``metadata.yml`` and ``pipeline.feeds``
all see the same "upcoming", the same calendar occurrences and the same feed
items. :func:`ensure_views` is called from ``store.ensure_schema``; it recreates
a view only when its definition here changed, so it is cheap and idempotent.

Times: ``start``/``end``/``registration_deadline`` are Europe/Warsaw local
(``YYYY-MM-DDTHH:MM`` or ``YYYY-MM-DD``); ``first_seen``/``seen_at`` are UTC
(``YYYY-MM-DDTHH:MM:SSZ``). SQLite knows only UTC, so ``warsaw_clock`` applies
the EU summer-time rule (last Sunday of March 01:00 UTC to last Sunday of
October 01:00 UTC: +02:00, otherwise +01:00).
"""

from __future__ import annotations

import sqlite3

# Polish letters and their ASCII forms, for case- and diacritic-insensitive city matching.
_FOLD = "ąaćcęełlńnóośsźzżzĄaĆcĘeŁlŃnÓoŚsŹzŻz"


def fold_sql(expr: str) -> str:
    """SQL that lower-cases ``expr`` and strips Polish diacritics (Łódź -> lodz)."""
    out = expr
    for i in range(0, len(_FOLD), 2):
        out = f"replace({out}, '{_FOLD[i]}', '{_FOLD[i + 1]}')"
    return f"lower(trim({out}))"


_DST = (
    "datetime('now') >= datetime(date(strftime('%Y', 'now') || '-04-01', '-7 days', "
    "'weekday 0'), '+1 hour') and datetime('now') < datetime(date(strftime('%Y', 'now') "
    "|| '-11-01', '-7 days', 'weekday 0'), '+1 hour')"
)

# Seen-or-changed time of an event: its last tracked change, else when first stored (UTC).
# Stored in events.updated (kept by the triggers in DERIVED_DDL, indexed), so the feeds and
# changed_since start from an index range instead of computing it for every event.
UPDATED_SQL = (
    "coalesce((select max(c.seen_at) from event_changes c where c.event_id = {ref}), {first})"
)
_UPDATED = "e.updated"

# Today in Europe/Warsaw, as a scalar subquery: a constant an index range can start from (a
# join with the one-row view would hide from the planner that an index gives the order).
_TODAY = "(select today from warsaw_clock)"

# An upcoming_base row the map shows (the partial index idx_upcoming_base_map repeats it).
_MAPPED = "u.latitude is not null and u.attendance_mode in ('offline', 'mixed')"

# "Ends on a later day than it starts": an event (or occurrence) that started before a day D
# and has not ended by D always spans days, whatever the form of its times (a prefix of a
# string never sorts after it). The queries split "not ended by D" into "starts on or after D"
# (a range of the start index, in start order) and this small started-and-running set
# (a partial index), instead of sorting every event not yet ended.
MULTIDAY = "substr(coalesce({end}, {start}), 1, 10) > substr({start}, 1, 10)"

VIEWS: dict[str, str] = {
    "warsaw_clock": f"""
select strftime('%Y-%m-%dT%H:%M', 'now', case when {_DST} then '+2 hours' else '+1 hour' end)
         as now_local,
       date('now', case when {_DST} then '+2 hours' else '+1 hour' end) as today,
       case when {_DST} then '+02:00' else '+01:00' end as utc_offset""",
    # Not ended yet, next first: the events starting today or later (start index, in order)
    # plus those started earlier and still running (multi-day, partial index).
    # Not ended yet, next first: the events kept in ``upcoming_base`` (by triggers, see
    # UPCOMING_DDL) that have not ended by today. One table, so Datasette's facets and counts
    # read its covering indexes instead of every upcoming event's row.
    "upcoming_events": f"""
select u.start, u.title, u.city, u.attendance_mode, u.languages, u.registration_deadline,
       u.status, u.source, u.event_type, u."end", u.region, u.registration_url, u.is_free,
       u.organizer, u.venue, u.url, u.id, u.start_month,
       cast(julianday(substr(u.start, 1, 10)) - julianday({_TODAY}) as integer) as days_to_start,
       u.city_key, u.summary, u.event_rowid
from upcoming_base u
where u.until >= {_TODAY}""",
    # The map: upcoming on-site and hybrid events where the gazetteer placed their city
    # (coordinates from the table ``places``, filled by pipeline.geo, copied into
    # upcoming_base); ``popup`` is what datasette-cluster-map shows on a marker, with a
    # link to the event page. Read from a partial index of the placed events.
    "upcoming_map": f"""
select u.start, u.title, u.city, u.region, u.attendance_mode, u.event_type, u.status, u.id,
       u.latitude, u.longitude,
       json_object('title', coalesce(u.title, '(untitled)'),
                   'description', u.start || ' · ' || u.city || ' · '
                     || case u.attendance_mode when 'mixed' then 'hybrid' else 'on-site' end
                     || case when u.status in ('cancelled', 'postponed')
                             then ' · ' || upper(u.status) else '' end,
                   'link', '/events/events/' || u.id) as popup
from upcoming_base u indexed by idx_upcoming_base_map
where {_MAPPED} and u.until >= {_TODAY}""",
    "cities": """
select e.city, e.region, e.city_key, count(*) as events
from events e where e.city is not null and {current}
group by e.city, e.region""",
    # One row per calendar occurrence: each session of a multi-session event, else the event.
    # dtstart/dtend are always YYYY-MM-DDTHH:MM; a date-only day runs 00:00 to 00:00 next day.
    # The table ``occurrences`` (kept by triggers, see OCCURRENCES_DDL) of the events shown.
    "event_occurrences": """
select o.event_id, o.uid, o.session, o.start, o."end", o.all_day, o.dtstart, o.dtend
from occurrences o join events e on e.id = o.event_id
where {current}""",
    # A plain-text digest of each event, shared by the Atom, iCalendar and JSON feeds.
    "event_texts": """
select e.id,
       'When: ' || coalesce(e.start || coalesce(' to ' || e."end", '') || ' (Europe/Warsaw)',
                            'not stated') || char(10)
       || coalesce('Where: ' || nullif(trim(coalesce(e.venue, '')
             || case when e.venue is not null and e.city is not null
                          and instr(e.venue, e.city) = 0 then ', ' || e.city
                     when e.venue is null then coalesce(e.city, '') else '' end), '')
             || char(10), '')
       || coalesce('Attendance: ' || e.attendance_mode || char(10), '')
       || coalesce('Languages: ' || (select group_concat(l.value, ', ')
             from json_each(case when json_valid(e.languages) then e.languages end) l)
             || char(10), '')
       || coalesce('Register by: ' || e.registration_deadline || char(10), '')
       || coalesce('Registration: ' || e.registration_url || char(10), '')
       || coalesce('Organizer: ' || e.organizer || char(10), '')
       || 'Status: ' || coalesce(e.status, 'scheduled')
       || coalesce(char(10) || char(10) || e.summary, '') as content_text
from events e""",
    # What the feeds carry: upcoming events plus any event added or changed in the last
    # 30 days (so a consumer also hears about cancellations of past-dated events).
    "feed_items": f"""
select e.id, e.title, e.url, e.start, e."end", e.status, e.city, e.source, e.first_seen,
       {_UPDATED} as updated,
       replace({_UPDATED}, 'Z', '+00:00') as updated_rfc3339,
       replace(e.first_seen, 'Z', '+00:00') as published_rfc3339,
       t.content_text
from events e indexed by idx_events_updated join event_texts t on t.id = e.id
where {{current}}
  and (coalesce(e."end", e.start) >= {_TODAY}
       or {_UPDATED} >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days'))""",
}

# Full-text search for the catalogue. FTS5's unicode61 tokenizer folds ó, ś, ź, ż, ą, ę, ć, ń
# (remove_diacritics 2) but not ł, which has no Unicode decomposition: "lodz" would not find
# "Łódź". So each indexed text that contains ł/Ł is stored a second time with ł -> l; a query
# in either spelling then matches. Kept current by triggers, like sqlite-utils' events_fts.
SEARCH_TABLE = "events_search"
SEARCH_COLUMNS = ("title", "summary", "body")


def _searchable(expr: str) -> str:
    return (
        f"case when instr({expr}, 'ł') or instr({expr}, 'Ł') "
        f"then {expr} || ' ' || replace(replace({expr}, 'ł', 'l'), 'Ł', 'L') else {expr} end"
    )


def _search_insert(ref: str) -> str:
    cols = ", ".join(SEARCH_COLUMNS)
    values = ", ".join(_searchable(f"{ref}.{c}") for c in SEARCH_COLUMNS)
    return f"insert into {SEARCH_TABLE} (rowid, {cols}) values ({ref}.rowid, {values});"


SEARCH_DDL: dict[str, str] = {
    SEARCH_TABLE: f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
    f"{', '.join(SEARCH_COLUMNS)}, tokenize='unicode61 remove_diacritics 2')",
    f"{SEARCH_TABLE}_ai": f"CREATE TRIGGER {SEARCH_TABLE}_ai after insert on events begin "
    f"{_search_insert('new')} end",
    f"{SEARCH_TABLE}_ad": f"CREATE TRIGGER {SEARCH_TABLE}_ad after delete on events begin "
    f"delete from {SEARCH_TABLE} where rowid = old.rowid; end",
    f"{SEARCH_TABLE}_au": f"CREATE TRIGGER {SEARCH_TABLE}_au after update of "
    f"{', '.join(SEARCH_COLUMNS)} on events begin "
    f"delete from {SEARCH_TABLE} where rowid = old.rowid; {_search_insert('new')} end",
}

# One row per calendar occurrence of an event with a start: each session of a multi-session
# event, else the event itself. dtstart/dtend are always YYYY-MM-DDTHH:MM; a date-only day runs
# 00:00 to 00:00 next day. ``{where}`` narrows the events read (a trigger: the one event).
_OCCURRENCE_SELECT = """
select event_id, uid, session, start, "end", all_day,
       case when all_day then start || 'T00:00' else start end as dtstart,
       case
         when "end" is null and all_day then date(start, '+1 day') || 'T00:00'
         when "end" is null then null
         when length("end") = 10 and date("end") >= date(start)
           then date("end", '+1 day') || 'T00:00'
         when length("end") > 10 and "end" > start then "end"
         else null
       end as dtend
from (
  select e.id as event_id, e.id || coalesce('-' || s.key, '') as uid, s.key as session,
         coalesce(json_extract(s.value, '$.start'), e.start) as start,
         case when s.key is null then e."end" else json_extract(s.value, '$.end') end as "end",
         length(coalesce(json_extract(s.value, '$.start'), e.start)) = 10 as all_day
  from events e
  left join json_each(case when json_valid(e.sessions) and json_array_length(e.sessions) > 1
                      then e.sessions end) s
  where e.start is not null{where}
)"""


def _occurrences_of(ref: str) -> str:
    return _OCCURRENCE_SELECT.format(where=f" and e.id = {ref}.id").strip()


# Derived data the store keeps current with triggers, so every writer (the store, a bulk
# load, a test's SQL) leaves it exact, inside the writer's own transaction:
# - occurrences: the calendar occurrences of each event (event_occurrences, calendar feed),
#   indexed by dtstart, instead of unfolding every event's sessions per request;
# - events.updated: the last tracked change (event_changes.seen_at), else first_seen.
# Each group is (re)built as a whole when any of its definitions changes (ensure_views).
OCCURRENCES_DDL: dict[str, str] = {
    "occurrences": 'CREATE TABLE occurrences (event_id TEXT NOT NULL, uid TEXT, '
    'session INTEGER, start TEXT, "end" TEXT, all_day INTEGER, dtstart TEXT, dtend TEXT)',
    "idx_occurrences_event": "CREATE INDEX idx_occurrences_event on occurrences (event_id)",
    "idx_occurrences_dtstart": "CREATE INDEX idx_occurrences_dtstart on occurrences (dtstart)",
    "idx_occurrences_multiday": "CREATE INDEX idx_occurrences_multiday on occurrences "
    f"(coalesce(dtend, dtstart)) where {MULTIDAY.format(end='dtend', start='dtstart')}",
    "occurrences_ai": "CREATE TRIGGER occurrences_ai after insert on events begin "
    f"insert into occurrences {_occurrences_of('new')}; end",
    "occurrences_au": 'CREATE TRIGGER occurrences_au after update of id, start, "end", sessions '
    "on events begin delete from occurrences where event_id = old.id; "
    f"insert into occurrences {_occurrences_of('new')}; end",
    "occurrences_ad": "CREATE TRIGGER occurrences_ad after delete on events begin "
    "delete from occurrences where event_id = old.id; end",
}


# Today in Warsaw without the warsaw_clock view (a trigger or a rebuild may run before the
# views exist).
_TODAY_INLINE = f"date('now', case when {_DST} then '+2 hours' else '+1 hour' end)"

# The events that are current (shown once) and had not ended when last written: a superset
# of upcoming_events on any later day (the served database does not change, and days only
# go forward), kept by triggers in each writer's transaction. ``until`` is
# coalesce(end, start), what "not ended by day D" compares with D.
_UPCOMING_COLUMNS = ("id", "event_rowid", "start", '"end"', "until", "title", "city",
                     "attendance_mode", "languages", "registration_deadline", "status",
                     "source", "event_type", "region", "registration_url", "is_free",
                     "organizer", "venue", "url", "start_month", "city_key", "summary",
                     "latitude", "longitude")
_UPCOMING_SELECT = (
    'select e.id, e.rowid, e.start, e."end", coalesce(e."end", e.start), e.title, e.city, '
    "e.attendance_mode, e.languages, e.registration_deadline, e.status, e.source, "
    "e.event_type, e.region, e.registration_url, e.is_free, e.organizer, e.venue, e.url, "
    "substr(e.start, 1, 7), e.city_key, e.summary, p.latitude, p.longitude from events e "
    "left join places p on p.city_key = e.city_key "
    "and coalesce(p.region, '') = coalesce(e.region, '') "
    "where e.is_event = 1 and e.missing_since is null and e.duplicate_of is null "
    f'and e.start is not null and coalesce(e."end", e.start) >= {_TODAY_INLINE}'
)
#: Facets of upcoming_events, each counted from an index (value, until): no table reads.
UPCOMING_FACET_COLUMNS = ("source", "city", "region", "languages", "attendance_mode",
                          "event_type", "status", "start_month")


def _upcoming_insert(ref: str) -> str:
    return (f"insert or replace into upcoming_base ({', '.join(_UPCOMING_COLUMNS)}) "
            f"{_UPCOMING_SELECT} and e.rowid = {ref}.rowid;")


UPCOMING_DDL: dict[str, str] = {
    "upcoming_base": "CREATE TABLE upcoming_base (id TEXT PRIMARY KEY, event_rowid INTEGER, "
    'start TEXT, "end" TEXT, until TEXT, title TEXT, city TEXT, attendance_mode TEXT, '
    "languages TEXT, registration_deadline TEXT, status TEXT, source TEXT, event_type TEXT, "
    "region TEXT, registration_url TEXT, is_free INTEGER, organizer TEXT, venue TEXT, "
    "url TEXT, start_month TEXT, city_key TEXT, summary TEXT, latitude REAL, longitude REAL)",
    "idx_upcoming_base_start": "CREATE INDEX idx_upcoming_base_start on upcoming_base "
    "(start, until)",
    # the count, and the languages facet (json_each of each row's list) without table reads
    "idx_upcoming_base_until": "CREATE INDEX idx_upcoming_base_until on upcoming_base "
    "(until, languages)",
    # per facet column: its facet counted index-only (value, until), and a filter's first
    # page read in start order along the index with no sort (a feed of "online" events:
    # the next 100 of 64,000 in 1 ms instead of sorting all of them, ~90 ms)
    **{f"idx_upcoming_base_{c}": f"CREATE INDEX idx_upcoming_base_{c} on upcoming_base "
       f"({c}, start, until)" for c in UPCOMING_FACET_COLUMNS if c != "languages"},
    # the chart of events per week (metadata.yml events_per_week): an index-only range
    "idx_upcoming_base_week": "CREATE INDEX idx_upcoming_base_week on upcoming_base "
    "(start, event_type, until)",
    "idx_upcoming_base_map": "CREATE INDEX idx_upcoming_base_map on upcoming_base "
    f"(start, until) where {_MAPPED.replace('u.', '')}",
    "upcoming_base_ai": "CREATE TRIGGER upcoming_base_ai after insert on events begin "
    f"{_upcoming_insert('new')} end",
    "upcoming_base_au": "CREATE TRIGGER upcoming_base_au after update on events begin "
    f"delete from upcoming_base where id = old.id; {_upcoming_insert('new')} end",
    "upcoming_base_ad": "CREATE TRIGGER upcoming_base_ad after delete on events begin "
    "delete from upcoming_base where id = old.id; end",
}


# The facet counts of upcoming_events without a filter, kept by triggers on upcoming_base:
# one row per facet, value and day on which the events end (``grain`` 'd', ``bucket``
# YYYY-MM-DD), and the same per month (``grain`` 'm', YYYY-MM). Datasette counted each of the
# eight facets over the 256,000 upcoming events of a million-event catalogue, one after the
# other (0.5-1 s a page); "not ended by day T" is the sum of this month's day rows from T on
# plus the month rows after it, a few thousand rows at most (``upcoming_facet_sql``). Exact
# on any day, whatever writes the database (the catalogue plugin falls back to Datasette's
# own SQL when the table is missing). Each row's languages count once per distinct value,
# as Datasette's array facet counts them.
FACET_TABLE = "upcoming_facets"


def _facet_values(ref: str) -> str:
    """(facet, value) of one upcoming_base row ``ref``, non-null values only."""
    parts = [f"select '{c}' as facet, {ref}.{c} as value" for c in UPCOMING_FACET_COLUMNS
             if c != "languages"]
    parts.append(f"select distinct 'languages', j.value from json_each(case when "
                 f"json_valid({ref}.languages) then {ref}.languages end) j")
    return " union all ".join(parts)


def _facet_rows(ref: str) -> str:
    """(facet, grain, bucket, value) of one upcoming_base row ``ref``."""
    return (f"select f.facet, g.grain, g.bucket, f.value from ({_facet_values(ref)}) f, "
            f"(select 'd' as grain, substr({ref}.until, 1, 10) as bucket union all "
            f"select 'm', substr({ref}.until, 1, 7)) g "
            f"where f.value is not null and {ref}.until is not null")


def _facet_add(ref: str) -> str:
    return (f"insert into {FACET_TABLE} (facet, grain, bucket, value, n) "
            f"select facet, grain, bucket, value, 1 from ({_facet_rows(ref)}) where true "
            "on conflict (facet, grain, bucket, value) do update set n = n + 1;")


def _facet_remove(ref: str) -> str:
    return (f"update {FACET_TABLE} set n = n - 1 where (facet, grain, bucket, value) in "
            f"({_facet_rows(ref)});")


# Every row of upcoming_base at once (a rebuild): the same rows as the triggers write.
_FACET_FILL = (
    "select facet, grain, bucket, value, count(*) from ("
    + " union all ".join(
        f"select f.facet, '{grain}' as grain, substr(f.until, 1, {width}) as bucket, f.value "
        "from (" + " union all ".join(
            [f"select '{c}' as facet, {c} as value, until from upcoming_base"
             for c in UPCOMING_FACET_COLUMNS if c != "languages"]
            + ["select 'languages', j.value, u.until from upcoming_base u, json_each(case "
               "when json_valid(u.languages) then u.languages end) j group by u.id, j.value"])
        + ") f where f.value is not null and f.until is not null"
        for grain, width in (("d", 10), ("m", 7)))
    + ") group by facet, grain, bucket, value"
)

FACET_DDL: dict[str, str] = {
    FACET_TABLE: f"CREATE TABLE {FACET_TABLE} (facet TEXT NOT NULL, grain TEXT NOT NULL, "
    "bucket TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (facet, grain, bucket, value)) WITHOUT ROWID",
    # ``insert or replace`` into upcoming_base fires no delete trigger (recursive triggers
    # are off): the row it would replace is deleted first, which subtracts its counts
    f"{FACET_TABLE}_bi": f"CREATE TRIGGER {FACET_TABLE}_bi before insert on upcoming_base "
    f"begin delete from upcoming_base where id = new.id; end",
    f"{FACET_TABLE}_ai": f"CREATE TRIGGER {FACET_TABLE}_ai after insert on upcoming_base "
    f"begin {_facet_add('new')} end",
    f"{FACET_TABLE}_au": f"CREATE TRIGGER {FACET_TABLE}_au after update on upcoming_base "
    f"begin {_facet_remove('old')} {_facet_add('new')} end",
    f"{FACET_TABLE}_ad": f"CREATE TRIGGER {FACET_TABLE}_ad after delete on upcoming_base "
    f"begin {_facet_remove('old')} end",
}


def upcoming_facet_sql(facet: str, limit: int, today: str = _TODAY) -> str:
    """The counts of ``facet`` over upcoming_events without a filter, from FACET_TABLE:
    ``value``, ``count``, most first, as Datasette's facet SQL returns them. ``today`` is
    an SQL expression of the day (YYYY-MM-DD); by default today in Warsaw, as the view's."""
    next_month = f"substr(date({today}, 'start of month', '+1 month'), 1, 7)"
    return (
        f"select value, sum(n) as count from ("
        f"select value, n from {FACET_TABLE} where facet = '{facet}' and grain = 'd' "
        f"and bucket >= {today} and bucket < {next_month} "
        f"union all select value, n from {FACET_TABLE} where facet = '{facet}' "
        f"and grain = 'm' and bucket >= {next_month}) "
        f"group by value having sum(n) > 0 order by count desc, value limit {int(limit)}"
    )


def _set_updated(ref: str) -> str:
    value = UPDATED_SQL.format(ref=f"{ref}.event_id", first="first_seen")
    return f"update events set updated = {value} where id = {ref}.event_id;"


UPDATED_DDL: dict[str, str] = {
    "events_updated_ai": "CREATE TRIGGER events_updated_ai after insert on events "
    "when new.updated is null begin update events set updated = "
    f"{UPDATED_SQL.format(ref='new.id', first='new.first_seen')} where rowid = new.rowid; end",
    "events_updated_au": "CREATE TRIGGER events_updated_au after update of first_seen on events "
    f"begin update events set updated = {UPDATED_SQL.format(ref='new.id', first='new.first_seen')}"
    " where rowid = new.rowid; end",
    "event_changes_updated_ai": "CREATE TRIGGER event_changes_updated_ai after insert on "
    f"event_changes begin {_set_updated('new')} end",
    "event_changes_updated_au": "CREATE TRIGGER event_changes_updated_au after update of "
    f"event_id, seen_at on event_changes begin {_set_updated('old')} {_set_updated('new')} end",
    "event_changes_updated_ad": "CREATE TRIGGER event_changes_updated_ad after delete on "
    f"event_changes begin {_set_updated('old')} end",
}

INDEXES = {
    "idx_events_first_seen": "CREATE INDEX idx_events_first_seen on events (first_seen)",
    # feed_items and changed_since, newest first
    "idx_events_updated": "CREATE INDEX idx_events_updated on events (updated)",
    # near_city: the city (folded), then by city and start
    "idx_events_city_key": "CREATE INDEX idx_events_city_key on events (city_key, city, start)",
    # near_city: the rest of the region, starting today or later
    "idx_events_region_start": "CREATE INDEX idx_events_region_start on events (region, start)",
    # started before a day and still running on it (see MULTIDAY)
    "idx_events_multiday": 'CREATE INDEX idx_events_multiday on events (coalesce("end", start)) '
    "where " + MULTIDAY.format(end='"end"', start="start"),
    # "not yet ended", as upcoming_events and the canned queries write it
    "idx_events_until": 'CREATE INDEX idx_events_until on events (coalesce("end", start))',
    "idx_events_end": 'CREATE INDEX idx_events_end on events ("end")',
    # the month facet: a million-row facet over the index is ~80 ms, over the table ~1.3 s
    "idx_events_start_month": "CREATE INDEX idx_events_start_month on events (start_month)",
    "idx_events_registration_deadline": "CREATE INDEX idx_events_registration_deadline "
    "on events (registration_deadline)",
    "idx_event_changes_event_seen": "CREATE INDEX idx_event_changes_event_seen "
    "on event_changes (event_id, seen_at)",
}


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _current(columns: set[str], alias: str = "e") -> str:
    """SQL condition for "show each event once": not vanished from its portal, not a copy of
    an event announced on another portal (when the store keeps those columns)."""
    parts = [f"{alias}.is_event = 1"]
    # unary + keeps the planner off the (unselective) missing_since/duplicate_of indexes
    parts += [f"+{alias}.{c} is null" for c in ("missing_since", "duplicate_of") if c in columns]
    return " and ".join(parts)


def view_definitions(columns: set[str]) -> dict[str, str]:
    """``create view`` statements for a database whose ``events`` has ``columns``."""
    current = _current(columns)
    return {
        name: f"CREATE VIEW {name} AS "
        + body.strip().replace("{current}", current)
        for name, body in VIEWS.items()
    }


def ensure_views(conn: sqlite3.Connection) -> None:
    """Create or update the catalogue's views, indexes, derived data (``occurrences``,
    ``events.updated``) and the generated columns ``start_month``/``city_key`` (idempotent).

    ``start_month`` (``YYYY-MM``) and ``city_key`` (the city folded, Łódź -> lodz) are virtual
    generated columns, computed on read (and stored only in their indexes), so they need no
    writes and cannot go stale. Writes nothing when all is current, so opening a database
    does not disturb its readers.
    """
    master = dict(conn.execute("select name, sql from sqlite_master where sql is not null"))
    columns = {row[1] for row in conn.execute("pragma table_xinfo(events)")}
    views = view_definitions(columns)
    todo: list[str] = []
    if "start_month" not in columns:
        todo.append(
            "alter table events add column start_month text "
            "generated always as (substr(start, 1, 7)) virtual"
        )
    if "city_key" not in columns:
        todo.append(
            "alter table events add column city_key text "
            f"generated always as ({fold_sql('city')}) virtual"
        )
    todo += [ddl for name, ddl in INDEXES.items() if name not in master]
    from pipeline.geo import PLACES_DDL  # the map's coordinates (pipeline.geo fills them)

    todo += [ddl for name, ddl in PLACES_DDL.items() if name not in master]
    stale = [
        group for group in (SEARCH_DDL, OCCURRENCES_DDL, UPDATED_DDL, UPCOMING_DDL)
        if any(_normal(master.get(name)) != _normal(ddl) for name, ddl in group.items())
    ]
    # the facet counts are read from upcoming_base (rebuilt when it is: its triggers go with it)
    if UPCOMING_DDL in stale or any(_normal(master.get(name)) != _normal(ddl)
                                    for name, ddl in FACET_DDL.items()):
        stale.append(FACET_DDL)
    changed_views = [
        (name, ddl) for name, ddl in views.items() if _normal(master.get(name)) != _normal(ddl)
    ]
    # events stored by a writer that bypassed the triggers (a bulk load): fill them in
    unfilled = UPDATED_DDL not in stale and "updated" in columns and conn.execute(
        "select 1 from events where updated is null and first_seen is not null limit 1"
    ).fetchone()
    if not todo and not stale and not changed_views and not unfilled:
        return
    own = not conn.in_transaction
    if own:
        conn.execute("begin immediate")
    try:
        for ddl in todo:
            conn.execute(ddl)
        for group in stale:
            _rebuild(conn, group)
        if unfilled:
            value = UPDATED_SQL.format(ref="events.id", first="first_seen")
            conn.execute(f"update events set updated = {value} "
                         "where updated is null and first_seen is not null")
        for name, ddl in changed_views:
            conn.execute(f"drop view if exists {name}")
            conn.execute(ddl)
    except BaseException:
        if own:
            conn.execute("rollback")
        raise
    if own:
        conn.execute("commit")


def _rebuild(conn: sqlite3.Connection, group: dict[str, str]) -> None:
    """(Re)create one group of derived objects and fill it from ``events``."""
    if group is SEARCH_DDL:
        _rebuild_search(conn)
        return
    for name, ddl in group.items():
        kind = ddl.split()[1].lower()  # table, index or trigger
        if kind != "index":  # an index goes with its table
            conn.execute(f"drop {kind} if exists {name}")
    for ddl in group.values():
        conn.execute(ddl)
    if group is OCCURRENCES_DDL:
        conn.execute(f"insert into occurrences {_OCCURRENCE_SELECT.format(where='').strip()}")
    elif group is UPCOMING_DDL:
        conn.execute(f"insert into upcoming_base ({', '.join(_UPCOMING_COLUMNS)}) "
                     f"{_UPCOMING_SELECT}")
    elif group is FACET_DDL:
        conn.execute(f"insert into {FACET_TABLE} (facet, grain, bucket, value, n) "
                     f"{_FACET_FILL}")
    elif group is UPDATED_DDL:
        value = UPDATED_SQL.format(ref="events.id", first="first_seen")
        conn.execute(f"update events set updated = {value} where updated is not {value}")


def _rebuild_search(conn: sqlite3.Connection) -> None:
    """(Re)create the search index and its triggers, and fill it from ``events``."""
    for name in SEARCH_DDL:
        kind = "table" if name == SEARCH_TABLE else "trigger"
        conn.execute(f"drop {kind} if exists {name}")
    for ddl in SEARCH_DDL.values():
        conn.execute(ddl)
    values = ", ".join(_searchable(c) for c in SEARCH_COLUMNS)
    conn.execute(
        f"insert into {SEARCH_TABLE} (rowid, {', '.join(SEARCH_COLUMNS)}) "
        f"select rowid, {values} from events"
    )
