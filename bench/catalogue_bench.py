"""Catalogue latency at size: Datasette over a database of 1,000,000 generated events.

1. Builds ``EUFUNDS_BENCH_ROWS`` (default 1,000,000) generated events, a tenth
   of them with a change in ``event_changes``, with the project's own schema
   (``pipeline.store.open_db`` creates tables, indexes, views, full-text search
   and triggers). Rows are bulk-inserted with the triggers and indexes set
   aside, then ``ensure_schema`` builds the indexes and full-text search once and
   restores the triggers: the same database as a million upserts, faster.
2. Serves it with the real ``eufunds serve`` (Datasette, ``metadata.yml``,
   immutable mode) on 127.0.0.1, in its own process.
3. Over HTTP, ``EUFUNDS_BENCH_REPEAT`` (default 20) times each after one warm-up: every
   HTML page an analyst opens (home, events, upcoming_events with its facets, an event
   page, the searches, the map, the charts) and the feeds of a filter, one line each,
   ``page NAME: median M ms, p95 P ms`` (targets: pages < 300 ms, feeds < 200 ms); then
   the events table JSON with two facets, a full-text search of the table, and
   every canned query in ``metadata.yml`` (as ``.json``). Median and 95th
   percentile latency; target every median under 200 ms.

The database goes to a temporary folder, deleted afterwards
(``EUFUNDS_BENCH_KEEP=1`` keeps it and prints where).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [f"portal-{n:02d}" for n in range(40)]
REGIONS = ["dolnoslaskie", "kujawsko-pomorskie", "lubelskie", "lubuskie", "lodzkie",
           "malopolskie", "mazowieckie", "opolskie", "podkarpackie", "podlaskie", "pomorskie",
           "slaskie", "swietokrzyskie", "warminsko-mazurskie", "wielkopolskie",
           "zachodniopomorskie"]
CITY_NAMES = ["Lublin", "Łódź", "Kraków", "Gdańsk", "Toruń", "Rzeszów", "Białystok", "Opole",
              "Kielce", "Zielona Góra", "Olsztyn", "Szczecin", "Poznań", "Katowice", "Wrocław",
              "Warszawa", "Zamość", "Chełm", "Puławy", "Radom", "Płock", "Tarnów", "Nowy Sącz"]
TYPES = ["info_meeting", "training", "webinar", "conference", "consultation", "fair", "other"]
KINDS = {"info_meeting": "Spotkanie informacyjne", "training": "Szkolenie",
         "webinar": "Webinarium", "conference": "Konferencja", "consultation": "Konsultacje",
         "fair": "Targi", "other": "Wydarzenie"}
TOPICS = ["zamówień publicznych", "rozliczania projektów", "cyfryzacji", "energii odnawialnej",
          "ekonomii społecznej", "rynku pracy", "edukacji", "innowacji", "transportu",
          "ochrony środowiska", "zdrowia", "turystyki", "kultury", "rewitalizacji",
          "przedsiębiorczości", "badań i rozwoju", "dostępności", "równości szans"]


def _cities() -> list[tuple[str, str]]:
    """About 400 (city, region) pairs: the named cities plus numbered towns."""
    out = [(c, REGIONS[i % len(REGIONS)]) for i, c in enumerate(CITY_NAMES)]
    out += [(f"Miasto {n}", REGIONS[n % len(REGIONS)]) for n in range(380)]
    return out


def build(db_path: Path, rows: int, seed: int = 11) -> dict[str, float]:
    """Create ``db_path`` with ``rows`` generated events; returns timings."""
    from pipeline import store
    from pipeline.record import FIELD_NAMES, event_id

    t0 = time.perf_counter()
    db = store.open_db(db_path)
    conn = db.conn
    triggers = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'trigger' and tbl_name = 'events'")]
    indexes = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'index' and tbl_name = 'events' "
        "and sql is not null")]
    rng = random.Random(seed)
    cities = _cities()
    cols = [c for c in (*FIELD_NAMES, "last_crawl_id", "missing_since", "dedup_key",
                        "duplicate_of") if c != "start_month"]
    marks = ", ".join("?" for _ in cols)
    insert = f"insert into events ({', '.join(f'[{c}]' for c in cols)}) values ({marks})"
    base = time.mktime((2024, 1, 1, 0, 0, 0, 0, 0, -1))
    conn.execute("begin immediate")
    for name in triggers:
        conn.execute(f"drop trigger [{name}]")
    for name in indexes:  # built once after the load (ensure_schema), not row by row
        conn.execute(f"drop index [{name}]")
    conn.executemany(
        "insert into sources (id, name, level, enabled) values (?, ?, 'regional', 1)",
        [(s, f"Portal {s}") for s in SOURCES])
    conn.execute("insert into crawls (id, source, started, finished, outcome) values "
                 "(1, 'portal-00', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 'ok')")
    batch: list[tuple[Any, ...]] = []
    changes: list[tuple[Any, ...]] = []
    for i in range(rows):
        etype = rng.choice(TYPES)
        city, region = rng.choice(cities)
        topic = rng.choice(TOPICS)
        start_ts = base + rng.randrange(0, 4 * 365) * 86400 + rng.choice([9, 10, 11, 13]) * 3600
        start = time.strftime("%Y-%m-%dT%H:%M", time.localtime(start_ts))
        end = time.strftime("%Y-%m-%dT%H:%M", time.localtime(start_ts + 7200))
        deadline = time.strftime("%Y-%m-%d", time.localtime(start_ts - 3 * 86400))
        seen = time.strftime("%Y-%m-%dT%H:%M:%SZ",
                             time.gmtime(start_ts - rng.randrange(5, 60) * 86400))
        mode = rng.choice(["online", "offline", "offline", "mixed"])
        title = f"{KINDS[etype]} z zakresu {topic} – {city} ({i})"
        summary = (f"Zapraszamy na {KINDS[etype].lower()} dotyczące {topic}. "
                   f"Wydarzenie odbędzie się w {city}, udział bezpłatny.")
        url = f"https://{rng.choice(SOURCES)}.example.pl/wydarzenia/{i}/"
        rec = {
            "id": event_id(url), "source": SOURCES[i % len(SOURCES)], "url": url,
            "title": title, "summary": summary,
            "body": summary + " Rejestracja przez formularz na stronie organizatora.",
            "published": seen[:10], "start": start, "end": end, "timezone": "Europe/Warsaw",
            "all_day": 0, "sessions": None, "registration_deadline": deadline,
            "registration_url": None,
            "languages": rng.choice(['["pl"]', '["pl"]', '["pl"]', '["en"]', '["pl", "pso"]']),
            "languages_stated": 1, "attendance_mode": mode,
            "venue": None if mode == "online" else f"Sala konferencyjna, {city}",
            "city": None if mode == "online" else city, "region": region,
            "organizer": f"Punkt Informacyjny FE w {city}", "event_type": etype,
            "is_free": 1, "status": rng.choice(["scheduled"] * 18 + ["cancelled", "postponed"]),
            "is_event": 1 if rng.random() > 0.05 else 0, "page_language": "pl",
            "first_seen": seen, "last_seen": seen, "content_hash": f"{i:064x}",
            "last_crawl_id": 1, "missing_since": None,
            "dedup_key": f"{start[:10]}|{city.lower()}|{title.lower()}", "duplicate_of": None,
        }
        batch.append(tuple(rec.get(c) for c in cols))
        if rng.random() < 0.1:
            changes.append((rec["id"], "start", start, start, seen, 1))
        if len(batch) >= 20_000:
            conn.executemany(insert, batch)
            batch.clear()
    conn.executemany(insert, batch)
    conn.executemany("insert into event_changes (event_id, field, old_value, new_value, "
                     "seen_at, crawl_id) values (?, ?, ?, ?, ?, ?)", changes)
    conn.execute("commit")
    t1 = time.perf_counter()
    # Full-text indexes in one pass each, then the triggers back (ensure_schema).
    conn.execute("insert into events_fts (events_fts) values ('rebuild')")
    conn.execute("drop table if exists events_search")
    store.ensure_schema(db)
    from pipeline.geo import locate_places

    conn.execute("begin immediate")
    locate_places(conn)  # the map's coordinates, as each crawl's commit stores them
    conn.execute("commit")
    conn.execute("analyze")
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.execute("pragma journal_mode=delete")
    conn.close()
    return {"insert_seconds": t1 - t0, "index_seconds": time.perf_counter() - t1}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[float, int, bytes]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            body = resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return time.perf_counter() - t0, status, body


def _query_params(sql: str, name: str) -> dict[str, str]:
    """A realistic value for each named parameter of a canned query."""
    values = {"q": "szkolenie cyfryzacji", "city": "Łódź", "days": "14", "since": "2026-11-01",
              "source": "", "from_date": "", "until_date": ""}
    return {p: values.get(p, "") for p in dict.fromkeys(re.findall(r"(?<!:):(\w+)", sql))}


def endpoints() -> list[tuple[str, str]]:
    """(label, path) of every endpoint measured."""
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    queries = meta["databases"]["events"].get("queries") or {}
    out = [
        # Datasette adds the table's default facets (metadata.yml) to the requested ones.
        ("events table, 2 facets", "/events/events.json?_facet=source&_facet=event_type"),
        ("events table, FTS search (5.5% of rows match)",
         "/events/events.json?" + urlencode({"_search": "cyfryzacji"})),
        ("events table, FTS search (one city's trainings)",
         "/events/events.json?" + urlencode({"_search": "szkolenie zamość"})),
    ]
    for name, q in queries.items():
        sql = q["sql"] if isinstance(q, dict) else q
        params = _query_params(sql, name)
        out.append((f"canned query {name}",
                    f"/events/{name}.json?" + urlencode({**params, "_shape": "array"})))
    return out


#: Every HTML page an analyst opens, and the feeds of a filter: (name, path, target ms).
PAGE_TARGET_MS, FEED_TARGET_MS = 300, 200


def filter_feeds() -> list[tuple[str, str]]:
    """(name, path) of the served feeds of a filter (issue 14) that subscribers poll."""
    return [
        ("feed ics: online, English", "/events/upcoming_events.ics?" + urlencode(
            {"languages__arraycontains": "en", "attendance_mode": "online"})),
        ("feed atom: a region", "/events/upcoming_events.atom?region=pomorskie"),
        ("feed jsonfeed: a city", "/events/upcoming_events.jsonfeed?" + urlencode(
            {"city": "Łódź"})),
        ("feed ics: a type and a source", "/events/upcoming_events.ics?" + urlencode(
            {"event_type": "training", "source": "portal-07"})),
        ("feed atom: free text", "/events/upcoming_events.atom?" + urlencode(
            {"_search": "cyfryzacji"})),
    ]


def pages(db: Path) -> list[tuple[str, str, int]]:
    """The pages measured (``page NAME`` lines), each with its median target."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        # an upcoming event with a change (the event page shows its history)
        row = conn.execute(
            "select u.id from upcoming_events u where exists (select 1 from event_changes c "
            "where c.event_id = u.id) limit 1").fetchone() or conn.execute(
            "select id from events limit 1").fetchone()
    finally:
        conn.close()
    event = row[0] if row else "none"
    return [
        ("home", "/", PAGE_TARGET_MS),
        ("events", "/events/events", PAGE_TARGET_MS),
        ("upcoming_events with facets", "/events/upcoming_events", PAGE_TARGET_MS),
        ("event page", f"/events/events/{event}", PAGE_TARGET_MS),
        ("search (canned query)", "/events/search?" + urlencode({"q": "szkolenie cyfryzacji"}),
         PAGE_TARGET_MS),
        ("search (events table)", "/events/events?" + urlencode({"_search": "cyfryzacji"}),
         PAGE_TARGET_MS),
        ("map", "/events/upcoming_map", PAGE_TARGET_MS),
        ("charts", "/-/charts", PAGE_TARGET_MS),
        ("charts data: events_per_week", "/events/events_per_week.json?_shape=array",
         PAGE_TARGET_MS),
        ("charts data: deadlines_next_14_days",
         "/events/deadlines_next_14_days.json?_shape=array", PAGE_TARGET_MS),
        *[(name, path, FEED_TARGET_MS) for name, path in filter_feeds()],
    ]


def measure_pages(base: str, db: Path, repeat: int) -> list[dict[str, Any]]:
    """Each page's median and 95th percentile, printed as ``page NAME: median M ms, p95 P
    ms`` (one line per page, as it is measured)."""
    results = []
    for name, path, target in pages(db):
        _get(base + path)  # warm-up
        times, status = [], 0
        for _ in range(repeat):
            seconds, status, _body = _get(base + path)
            times.append(seconds * 1000)
        times.sort()
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        verdict = "ok" if status == 200 and median < target else "MISSED"
        print(f"page {name}: median {median:.0f} ms, p95 {p95:.0f} ms "
              f"(status {status}, target < {target} ms: {verdict})", flush=True)
        results.append({"page": name, "path": path, "status": status, "median_ms": median,
                        "p95_ms": p95, "target_ms": target})
    return results


def measure(base: str, repeat: int) -> list[dict[str, Any]]:
    results = []
    for label, path in endpoints():
        _get(base + path)  # warm-up (page cache, statement cache)
        times, status, size = [], 0, 0
        for _ in range(repeat):
            seconds, status, body = _get(base + path)
            times.append(seconds * 1000)
            size = len(body)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        results.append({"endpoint": label, "path": path, "status": status, "bytes": size,
                        "median_ms": statistics.median(times), "p95_ms": p95})
    return results


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            _get(f"http://127.0.0.1:{port}/-/versions.json")
            return proc
        except OSError as exc:
            if proc.poll() is not None:
                raise RuntimeError("eufunds serve exited: "
                                   + (proc.stderr.read() if proc.stderr else b"").decode()
                                   ) from exc
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("eufunds serve did not answer within 300 s")


def run() -> list[dict[str, Any]]:
    rows = int(os.environ.get("EUFUNDS_BENCH_ROWS") or 1_000_000)
    repeat = int(os.environ.get("EUFUNDS_BENCH_REPEAT") or 20)
    work = Path(tempfile.mkdtemp(prefix="eufunds-catbench-"))
    db = work / "events.db"
    reuse = os.environ.get("EUFUNDS_BENCH_DB")  # a database kept by an earlier run
    try:
        if reuse:
            from pipeline import store

            db = Path(reuse)
            store.open_db(db).conn.close()  # brings its schema and indexes up to date
            print(f"reusing {db} ({db.stat().st_size / 2**20:,.0f} MB)", flush=True)
        else:
            timing = build(db, rows)
            print(f"generated {rows:,} events in {timing['insert_seconds']:.0f} s, indexes and "
                  f"full-text search in {timing['index_seconds']:.0f} s, "
                  f"{db.stat().st_size / 2**20:,.0f} MB", flush=True)
        port = _free_port()
        proc = serve(db, port)
        try:
            measure_pages(f"http://127.0.0.1:{port}", db, repeat)
            if os.environ.get("EUFUNDS_BENCH_PAGES_ONLY") == "1":
                return []
            results = measure(f"http://127.0.0.1:{port}", repeat)
        finally:
            proc.terminate()
            proc.wait(30)
        width = max(len(r["endpoint"]) for r in results)
        print(f"{'endpoint':<{width}}  status  median ms  p95 ms  target (<200 ms median)")
        for r in results:
            ok = "ok" if r["status"] == 200 and r["median_ms"] < 200 else "MISSED"
            print(f"{r['endpoint']:<{width}}  {r['status']:>6}  {r['median_ms']:>9.1f}  "
                  f"{r['p95_ms']:>6.1f}  {ok}")
        return results
    finally:
        if os.environ.get("EUFUNDS_BENCH_KEEP") == "1":
            print(f"kept {db}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    out = run()
    if "--json" in sys.argv:
        print(json.dumps(out, indent=2))
