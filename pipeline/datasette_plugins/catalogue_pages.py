"""The catalogue's pages read as a catalogue of events, not as a database.

* The event page: ``/events/events/<id>`` renders ``row-events-events.html`` (in
  ``pipeline/datasette_templates``) with what :func:`pipeline.event_page.event_view` makes
  of the row, the event's change history (``event_changes``) and the same event on other
  portals (``duplicate_of``); Datasette's row table follows, collapsed.
* A title links to its event page wherever a row carries the event's ``id`` (views such as
  ``upcoming_events``, canned queries such as ``search``).
* Tables for reading: the columns a person scans first stay, the long and technical ones
  (``plugins: eufunds-catalogue: hidden_columns`` of a table or query in metadata.yml) are
  hidden by a style rule, with a button to show them; the column descriptions fold into a
  "What the columns mean" box, so the first rows are on the first screen. Hidden by CSS,
  not ``_nocol``: every link and facet keeps its plain address, and the row's ``id`` stays
  there for the title's link.

* Charts (``/-/charts``): events per week for the next 12 weeks by type and the
  registration deadlines of the next 14 days, Vega-Lite over the canned queries'
  ``.json``, with Vega's scripts vendored in ``pipeline/datasette_static/vega``.

The scripts are served by this plugin: no page loads a script from another host.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from pipeline.event_page import event_view

PLUGIN = "eufunds-catalogue"
DATABASE = "events"
# tables whose ``id`` is not an event's id
_NOT_EVENTS = {"sources", "crawls", "event_changes"}


def _today() -> Any:
    return datetime.now(ZoneInfo("Europe/Warsaw")).date()


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Markup | None:
    """A title links to its event page when the row carries the event's id."""
    if column != "title" or database != DATABASE or table in _NOT_EVENTS or not value:
        return None
    try:
        event_id = row["id"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(event_id, str) or not event_id:
        return None
    href = datasette.urls.path(f"/{DATABASE}/events/{event_id}")
    return Markup('<a class="event-link" href="{}">{}</a>').format(href, escape(value))


@hookimpl
def extra_template_vars(template: str, database: str, table: str | None, request: Any,
                        datasette: Any) -> Any:
    if database != DATABASE or table != "events" or not template.startswith("row"):
        return None

    async def inner() -> dict[str, Any]:
        pks = (request.url_vars or {}).get("pks") if request else None
        if not pks:
            return {}
        db = datasette.get_database(database)
        rows = (await db.execute("select * from events where id = ?", [pks])).rows
        if not rows:
            return {}
        row = dict(rows[0])
        changes = (await db.execute(
            "select field, old_value, new_value, seen_at from event_changes "
            "where event_id = ? order by seen_at desc, id desc", [pks])).rows
        original = row.get("duplicate_of")
        # each part an index lookup (id, duplicate_of): an OR would read every event, and
        # with most duplicate_of empty, ANALYZE's statistics would talk the planner into a
        # scan, hence INDEXED BY
        cols = "id, source, title, url, duplicate_of, first_seen"
        others = (await db.execute(
            f"select * from (select {cols} from events indexed by idx_events_duplicate_of "
            f"where duplicate_of = :id union select {cols} from events where id = :original "
            f"union select {cols} from events indexed by idx_events_duplicate_of "
            "where duplicate_of = :original) where id != :id order by first_seen",
            {"id": pks, "original": original})).rows
        return {
            "event": event_view(row, _today()),
            "event_id": pks,
            "event_changes": [dict(c) for c in changes],
            "duplicates": [dict(o) for o in others],
            "ics_url": datasette.urls.path(f"/{database}/events.ics?id={pks}"),
        }

    return inner


_SCRIPT = """
(function () {
  var hidden = %s;
  // facets as short scrolling lists, so the first rows stay on the first screen
  var compact = document.createElement("style");
  compact.textContent = ".facet-results { display: grid; gap: 0 1.2em;"
    + " grid-template-columns: repeat(auto-fill, minmax(13em, 1fr)); }"
    + " .facet-info { margin: 0 0 0.5em; width: auto; } .facet-info p { margin: 0.2em 0; }"
    + " .facet-info ul { max-height: 5.2em; overflow-y: auto; margin: 0; font-size: 0.9em; }"
    + " table.rows-and-columns td.col-title { min-width: 18em; }"
    + " table.rows-and-columns td.col-start, td.col-registration_deadline { white-space: nowrap; }";
  document.head.appendChild(compact);
  var dl = document.querySelector("dl.column-descriptions");
  if (dl) {
    var box = document.createElement("details");
    box.className = "column-descriptions-box";
    var summary = document.createElement("summary");
    summary.textContent = "What the columns mean";
    box.appendChild(summary);
    dl.parentNode.insertBefore(box, dl);
    box.appendChild(dl);
  }
  if (!hidden.length) { return; }
  var table = document.querySelector("table.rows-and-columns");
  if (!table) { return; }
  var style = document.createElement("style");
  style.id = "eufunds-hidden-columns";
  style.textContent = hidden.map(function (c) {
    return "table.rows-and-columns .col-" + c;
  }).join(", ") + " { display: none; }";
  document.head.appendChild(style);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "show-all-columns";
  button.textContent = "Show all columns (" + hidden.length + " more)";
  button.addEventListener("click", function () {
    style.disabled = !style.disabled;
    button.textContent = style.disabled ? "Show fewer columns"
      : "Show all columns (" + hidden.length + " more)";
  });
  table.parentNode.insertBefore(button, table);
})();
"""


@hookimpl
def extra_body_script(template: str, database: str | None, table: str | None,
                      request: Any, datasette: Any) -> str | None:
    if template not in ("table.html", "query.html") and not template.startswith(
            ("table-", "query-")):
        return None
    config = datasette.plugin_config(PLUGIN, database=database, table=table) or {}
    name = table or ((request.url_vars or {}).get("table") if request else None)
    if not config and database and name:  # a canned query keeps its config beside its SQL
        query = (datasette.metadata("queries", database=database) or {}).get(name) or {}
        config = (query.get("plugins") or {}).get(PLUGIN) or {} if isinstance(query, dict) else {}
    hidden = [str(c) for c in config.get("hidden_columns") or []]
    return _SCRIPT % json.dumps(hidden)


# --------------------------------------------------------------------------- charts

#: Vega, Vega-Lite and vega-embed, vendored from npm (vega 5.30.0, vega-lite 5.21.0,
#: vega-embed 6.26.0; BSD-3-Clause, licences beside them): the charts need no script host.
STATIC = Path(__file__).resolve().parent.parent / "datasette_static"
_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


async def static_file(request: Any) -> Response:
    """A file of ``pipeline/datasette_static`` (the vendored chart libraries)."""
    rel = request.url_vars["path"]
    path = (STATIC / rel).resolve()
    if STATIC not in path.parents or not path.is_file() or path.suffix not in _TYPES:
        return Response.text("not found\n", status=404)
    return Response(path.read_bytes(), content_type=_TYPES[path.suffix],
                    headers={"Cache-Control": "max-age=86400"})


async def charts(datasette: Any, request: Any) -> Response:
    """``/-/charts``: events per week by type and the registration deadlines of the next
    14 days, as Vega-Lite charts over the canned queries' JSON."""
    return Response.html(await datasette.render_template(
        "charts.html",
        {"static": datasette.urls.path("/-/eufunds-static/"),
         "per_week": datasette.urls.path(f"/{DATABASE}/events_per_week.json?_shape=array"),
         "deadlines": datasette.urls.path(
             f"/{DATABASE}/deadlines_next_14_days.json?_shape=array"),
         "event_base": datasette.urls.path(f"/{DATABASE}/events/")},
        request=request))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/eufunds-static/(?P<path>[\w./-]+)$", static_file),
            (r"^/-/charts$", charts)]
