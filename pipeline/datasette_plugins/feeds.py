"""Feeds of any page of the catalogue: ``.ics``, ``.atom`` and ``.jsonfeed`` after any table,
view or canned query of events, with the page's own filters.

``/events/upcoming_events.ics?languages__arraycontains=en&attendance_mode=online`` is the
calendar of the upcoming online events in English; ``.atom`` and ``.jsonfeed`` give the same
events as Atom and JSON Feed 1.1. The filter is Datasette's own (the page's ``.json`` with
the same query string, read through Datasette's internal client), so every filter, facet
link, ``_search`` and ``_where`` of the catalogue works as a feed, and the feed holds what the
page lists: its first page (the next 100 upcoming events; 50 of ``events``), or ``_size=N``
up to ``max_returned_rows`` (1,000; ``_size=max``). Building a calendar costs about 2 ms
an event (icalendar's line folding), so the default keeps a feed quick to serve. The
following page is the same address with the table's ``_next`` token: the JSON Feed names
it in ``next_url``, the Atom feed in an RFC 5005 ``rel="next"`` link (a calendar has no
paging: narrow it with a filter, e.g. ``start__gte=``). The
documents are built by ``pipeline.feeds``, the code that writes ``eufunds export``'s files,
so the served and the exported calendars are the same calendar.

Any page whose rows carry an ``id`` column (the event's id; ``event_id`` also works) can be a
feed. Routes of a plugin come before Datasette's own, so these addresses are answered here
even when another installed plugin renders the same extension.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from pipeline import feeds

#: extension -> (content type, what it is called in an error message)
FORMATS = {
    "ics": "text/calendar; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "jsonfeed": "application/feed+json; charset=utf-8",
}
# query-string keys of a page that do not select rows (Datasette's own page controls)
_PAGE_KEYS = {"_size", "_next", "_shape", "_facet", "_facet_array", "_facet_date",
              "_labels", "_nolabels", "_nofacet", "_nocount", "_json", "_trace", "_col",
              "_nocol", "_nosuggest", "_extra"}


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Callable[..., Any]]]:
    # only under the databases served: /feeds/events.ics is the exported file (a static mount)
    databases = "|".join(re.escape(n) for n in datasette.databases if not n.startswith("_"))
    if not databases:
        return []
    formats = "|".join(FORMATS)
    return [(rf"^/(?P<database>{databases})/(?P<name>[^/.]+)\.(?P<format>{formats})$",
             serve_feed)]


async def serve_feed(datasette: Any, request: Any) -> Response:
    """The feed of one page: its event ids from Datasette, the document from pipeline.feeds."""
    database = request.url_vars["database"]
    name = request.url_vars["name"]
    fmt = request.url_vars["format"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        return _error(404, f"no database {database!r}")
    canned = await datasette.get_canned_query(database, name, request.actor)
    is_table = not canned and await db.table_exists(name)
    if not canned and not is_table and name not in await db.view_names():
        return _error(404, f"no table, view or query {name!r} in {database!r}")
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)
            if k not in _PAGE_KEYS]
    # the page's own number of rows (Datasette's page size), or _size (up to max_returned_rows);
    # _next: the following page, as the table's own "next page" link
    size = request.args.get("_size")
    after = request.args.get("_next")
    paging = [*([("_size", size)] if size else []), *([("_next", after)] if after else [])]
    # objects (not array): the answer then names the next page; no count, no facets
    query = [*args, ("_shape", "objects"), ("_nocount", "1"), ("_nofacet", "1"), *paging]
    if is_table:
        query.append(("_col", "id"))
    response = await datasette.client.get(f"/{database}/{name}.json?{urlencode(query)}")
    if response.status_code != 200:
        return _error(response.status_code, _message(response))
    data = response.json()
    rows = data.get("rows") or []
    following = data.get("next")
    key = next((k for k in ("id", "event_id") if rows and k in rows[0]), None)
    if rows and key is None:
        return _error(400, f"{name} has no id column: only pages of events can be a feed")
    ids = [str(r[key]) for r in rows if key and r.get(key)]
    page = datasette.absolute_url(request, f"/{database}/{name}")
    qs = f"?{urlencode(args)}" if args else ""
    title = _title(datasette, database, name, canned, args)
    own = f"?{urlencode([*args, *paging])}" if args or paging else ""
    # the next page of the same filter as a feed (JSON Feed next_url, Atom RFC 5005 "next")
    next_qs = urlencode([*args, *([("_size", size)] if size else []), ("_next", following)])
    next_url = f"{page}.{fmt}?{next_qs}" if following else None

    def build(conn: sqlite3.Connection) -> bytes | None:
        factory = conn.row_factory
        conn.row_factory = sqlite3.Row
        try:
            if ids and not conn.execute(
                "select 1 from events where id in (select value from json_each(?)) limit 1",
                [json.dumps(ids)],
            ).fetchone():
                return None
            if fmt == "ics":
                return feeds.icalendar_feed(conn, ids=ids, title=title)
            if fmt == "atom":
                links = {"first": f"{page}.atom{qs}"} if after or next_url else {}
                if next_url:
                    links["next"] = next_url
                return feeds.atom_feed(conn, ids=ids, title=title,
                                       self_url=f"{page}.atom{own if after else qs}",
                                       alternate_url=page + qs, page_links=links or None,
                                       feed_id=f"{page}.atom{qs}")
            feed = feeds.json_feed(conn, ids=ids, title=title,
                                   feed_url=f"{page}.jsonfeed{own if after else qs}",
                                   home_page_url=page + qs, next_url=next_url)
            return json.dumps(feed, ensure_ascii=False).encode("utf-8")
        finally:
            conn.row_factory = factory

    body = await db.execute_fn(build)
    if body is None:
        return _error(400, f"the rows of {name} are not events: only pages of events can be "
                      "a feed")
    return Response(body, content_type=FORMATS[fmt],
                    headers={"Cache-Control": f"max-age={datasette.setting('default_cache_ttl')}"})


def _title(datasette: Any, database: str, name: str, canned: dict[str, Any] | None,
           args: list[tuple[str, str]]) -> str:
    """The feed's name in a reader or calendar: the catalogue's, then the page and filter."""
    if canned and canned.get("title"):
        return str(canned["title"])
    what = ", ".join(f"{k.replace('__', ' ')} {v}" for k, v in args if v)
    return f"{feeds.FEED_TITLE}: {name}" + (f" ({what})" if what else "")


def _message(response: Any) -> str:
    try:
        return str(response.json().get("error") or response.text[:300])
    except ValueError:
        return response.text[:300]


def _error(status: int, message: str) -> Response:
    return Response.text(f"{message}\n", status=status)
