"""The catalogue under load: N concurrent clients over a realistic mix of requests.

Single requests were fast (bench/catalogue_bench.py) while fifty people at once made the
catalogue crawl: the single-threaded server queues everything behind the slowest page.
This measures what an operator sees:

1. A catalogue of ``EUFUNDS_BENCH_ROWS`` generated events (default 100,000; the same
   generator as catalogue_bench) and its exported feeds (``eufunds export``).
   ``EUFUNDS_BENCH_DB`` reuses a database kept by an earlier run.
2. Served each way named in ``EUFUNDS_LOAD_SERVE`` (default ``plain,production``):

   * ``plain``: ``eufunds serve`` (one Datasette process), what the README used to
     give operators;
   * ``production``: ``eufunds serve --production`` (nginx with ``proxy_cache`` in front
     of one Datasette process per core, ``deploy/``), what the README gives them now.
     Skipped, with a message, when nginx is not installed.

3. ``EUFUNDS_LOAD_CLIENTS`` (default 50) clients, each with its own keep-alive
   connection, send ``EUFUNDS_LOAD_REQUESTS`` (default 1,000) requests in all, each
   client its next request as soon as the last one is answered. The mix: analysts' HTML
   pages (the home page, the events table with a facet, a search, an event page), JSON
   canned queries, and feed pollers (the Atom and iCalendar canned-query feeds, the
   exported files and the served feeds of a filter, e.g. ``upcoming_events.ics?region=``)
   that send ``If-None-Match``/``If-Modified-Since`` with what they got before. One
   warm-up request per fixed address first, as after a nightly publish.

Printed per endpoint and overall: throughput, p50/p95/p99 latency, errors (connection
failures and statuses >= 400), 304s and, behind the cache, the share it answered; then
``load 50 clients: R req/s, p95 P ms, errors E`` per way of serving, with the load
average of the machine (the clients run on it too).
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench import catalogue_bench

ROOT = Path(__file__).resolve().parent.parent
SEARCH_TERMS = ["cyfryzacji", "szkolenie zamość", "energii odnawialnej", "webinarium",
                "konferencja kraków", "rynku pracy", "lodz"]


@dataclass
class Stats:
    """Latencies and outcomes of one endpoint."""

    times_ms: list[float] = field(default_factory=list)
    errors: int = 0
    not_modified: int = 0
    not_modified_ms: list[float] = field(default_factory=list)
    cache_hits: int = 0
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def mix(db: Path) -> list[tuple[str, int, Callable[[random.Random], str], bool]]:
    """(endpoint, weight, path maker, conditional?) of the request mix."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in conn.execute(
            "select id from events where rowid % 97 = 0 limit 2000")]
    finally:
        conn.close()
    canned = [(label.removeprefix("canned query "), path)
              for label, path in catalogue_bench.endpoints() if label.startswith("canned ")]
    feeds = {"feed", "calendar"}  # the Atom and iCalendar canned queries (datasette-atom/ics)
    json_queries = [(name, path) for name, path in canned if name not in feeds]

    def fixed(path: str) -> Callable[[random.Random], str]:
        return lambda rng: path

    out: list[tuple[str, int, Callable[[random.Random], str], bool]] = [
        ("home page", 8, fixed("/"), False),
        ("events table + facet (HTML)", 8, fixed("/events/events?_facet=source"), False),
        ("search (HTML)", 8,
         lambda rng: "/events/events?" + urlencode({"_search": rng.choice(SEARCH_TERMS)}),
         False),
        ("event page (HTML)", 10,
         lambda rng: "/events/events/" + rng.choice(ids) if ids else "/events/events", False),
    ]
    for name, path in json_queries:
        out.append((f"canned {name} (JSON)", 3, fixed(path), False))
    out += [
        ("feed.atom (poller)", 8, fixed("/events/feed.atom"), True),
        ("calendar.ics (poller)", 8, fixed("/events/calendar.ics"), True),
        ("/feeds/events.atom (poller)", 6, fixed("/feeds/events.atom"), True),
        ("/feeds/events.ics (poller)", 6, fixed("/feeds/events.ics"), True),
        ("/feeds/feed.json (poller)", 4, fixed("/feeds/feed.json"), True),
    ]
    # the served feeds of a filter (issue 14), each polled like the others
    out += [(f"{name} (poller)", 2, fixed(path), True)
            for name, path in catalogue_bench.filter_feeds()]
    return out


async def _client(client: httpx.AsyncClient, queue: asyncio.Queue[tuple[str, str, bool]],
                  stats: dict[str, Stats], timeout: float) -> None:
    validators: dict[str, dict[str, str]] = {}
    while True:
        try:
            label, path, conditional = queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        headers = dict(validators.get(path, {})) if conditional else {}
        st = stats[label]
        t0 = time.perf_counter()
        try:
            # The body is read whole but not decompressed: what costs the server is
            # measured, not the client's gunzip of tens of megabytes of feeds.
            async with client.stream("GET", path, headers=headers, timeout=timeout) as resp:
                async for _chunk in resp.aiter_raw(2**20):
                    pass
        except httpx.HTTPError:
            st.errors += 1
            st.times_ms.append((time.perf_counter() - t0) * 1000)
            continue
        st.times_ms.append((time.perf_counter() - t0) * 1000)
        st.statuses[resp.status_code] += 1
        if resp.headers.get("x-cache-status", "").upper() in ("HIT", "UPDATING", "STALE",
                                                               "REVALIDATED"):
            st.cache_hits += 1
        if resp.status_code == 304:
            st.not_modified += 1
            st.not_modified_ms.append(st.times_ms[-1])
        elif resp.status_code >= 400:
            st.errors += 1
        elif conditional:
            got = {}
            if "etag" in resp.headers:
                got["If-None-Match"] = resp.headers["etag"]
            if "last-modified" in resp.headers:
                got["If-Modified-Since"] = resp.headers["last-modified"]
            validators[path] = got


async def run_load(base: str, db: Path, clients: int, requests: int, seed: int = 15,
                   timeout: float = 120.0) -> tuple[dict[str, Stats], float]:
    """Send the mix to ``base``; returns stats per endpoint and the wall time in seconds."""
    rng = random.Random(seed)
    endpoints = mix(db)
    stats: dict[str, Stats] = {label: Stats() for label, *_ in endpoints}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base) as warm:  # as after a nightly publish
        answering = []
        for entry in endpoints:
            try:
                status = (await warm.get(entry[2](rng), timeout=timeout)).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            if status == 200:
                answering.append(entry)
            else:  # e.g. a feed address another version of metadata.yml does not have
                print(f"left out of the mix: {entry[0]} (warm-up answered {status})")
        endpoints = answering
    weights = [w for _, w, _, _ in endpoints]
    queue: asyncio.Queue[tuple[str, str, bool]] = asyncio.Queue()
    for _ in range(requests):
        label, _w, make, conditional = rng.choices(endpoints, weights)[0]
        queue.put_nowait((label, make(rng), conditional))
    http = [httpx.AsyncClient(base_url=base, limits=limits) for _ in range(clients)]
    t0 = time.perf_counter()
    try:
        await asyncio.gather(*(_client(c, queue, stats, timeout) for c in http))
    finally:
        for c in http:
            await c.aclose()
    return stats, time.perf_counter() - t0


def lone_poller(base: str, paths: tuple[str, ...] = ("/events/feed.atom", "/feeds/events.ics"),
                repeat: int = 20) -> dict[str, float]:
    """Median milliseconds of a single poller's conditional request (nothing changed), with
    no other load: what each poll costs a feed reader."""
    out = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in paths:
            first = client.get(path)
            headers = {k: first.headers[v] for k, v in (("If-None-Match", "etag"),
                       ("If-Modified-Since", "last-modified")) if v in first.headers}
            times, codes = [], set()
            for _ in range(repeat):
                t0 = time.perf_counter()
                codes.add(client.get(path, headers=headers).status_code)
                times.append((time.perf_counter() - t0) * 1000)
            out[f"{path} ({'/'.join(map(str, sorted(codes)))})"] = percentile(times, 50)
    return out


def report(title: str, stats: dict[str, Stats], seconds: float, clients: int) -> dict[str, Any]:
    """Print the table and the summary line; returns the overall figures."""
    width = max(len(k) for k in stats)
    print(f"-- {title}")
    print(f"{'endpoint':<{width}}  {'n':>5}  {'req/s':>6}  {'p50 ms':>8}  {'p95 ms':>8}  "
          f"{'p99 ms':>8}  {'errors':>6}  {'304s':>5}  {'cache':>5}")
    every: list[float] = []
    errors = n304 = hits = 0
    for label, st in stats.items():
        n = len(st.times_ms)
        every += st.times_ms
        errors += st.errors
        n304 += st.not_modified
        hits += st.cache_hits
        if not n:
            continue
        print(f"{label:<{width}}  {n:>5}  {n / seconds:>6.1f}  {percentile(st.times_ms, 50):>8.0f}"
              f"  {percentile(st.times_ms, 95):>8.0f}  {percentile(st.times_ms, 99):>8.0f}  "
              f"{st.errors:>6}  {st.not_modified:>5}  {st.cache_hits / n:>5.0%}")
    total = len(every)
    rate = total / seconds if seconds else 0.0
    p95 = percentile(every, 95)
    print(f"{'all':<{width}}  {total:>5}  {rate:>6.1f}  {percentile(every, 50):>8.0f}  "
          f"{p95:>8.0f}  {percentile(every, 99):>8.0f}  {errors:>6}  {n304:>5}  "
          f"{(hits / total if total else 0):>5.0%}")
    nm = [t for st in stats.values() for t in st.not_modified_ms]
    if nm:
        print(f"304s (a poller's conditional request, nothing changed): {len(nm)}, "
              f"p50 {percentile(nm, 50):.1f} ms, p95 {percentile(nm, 95):.1f} ms")
    load = os.getloadavg()
    print(f"load {clients} clients: {rate:.0f} req/s, p95 {p95:.0f} ms, errors {errors}"
          f"  [{title}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"{os.cpu_count()} cores]", flush=True)
    return {"serve": title, "requests": total, "req_per_s": rate, "p95_ms": p95,
            "errors": errors, "not_modified": n304, "cache_hits": hits}


def _export(db: Path) -> None:
    subprocess.run([sys.executable, "-m", "pipeline.cli", "export", "--db", str(db)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def _serve_production(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--production", "--db", str(db),
         "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            with httpx.Client() as c:
                if c.get(f"http://127.0.0.1:{port}/-/versions.json", timeout=5).status_code == 200:
                    return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("eufunds serve --production exited: "
                               + (proc.stderr.read() if proc.stderr else b"").decode())
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("eufunds serve --production did not answer within 300 s")


def run() -> list[dict[str, Any]]:
    rows = int(os.environ.get("EUFUNDS_BENCH_ROWS") or 100_000)
    clients = int(os.environ.get("EUFUNDS_LOAD_CLIENTS") or 50)
    requests = int(os.environ.get("EUFUNDS_LOAD_REQUESTS") or 1000)
    ways = [w.strip() for w in (os.environ.get("EUFUNDS_LOAD_SERVE")
                                or "plain,production").split(",") if w.strip()]
    work = Path(tempfile.mkdtemp(prefix="eufunds-loadbench-"))
    db = work / "events.db"
    reuse = os.environ.get("EUFUNDS_BENCH_DB")
    results = []
    try:
        if reuse:
            from pipeline import store

            db = Path(reuse)
            store.open_db(db).conn.close()
            print(f"reusing {db} ({db.stat().st_size / 2**20:,.0f} MB)", flush=True)
        else:
            catalogue_bench.build(db, rows)
            print(f"generated {rows:,} events, {db.stat().st_size / 2**20:,.0f} MB", flush=True)
        _export(db)
        for way in ways:
            port = catalogue_bench._free_port()
            if way == "plain":
                proc = catalogue_bench.serve(db, port)
                title = "eufunds serve"
            elif way == "production":
                from pipeline.production import find_nginx

                if find_nginx() is None:
                    print("production: skipped, nginx is not installed (apt-get install nginx)")
                    continue
                proc = _serve_production(db, port)
                title = "eufunds serve --production"
            else:
                print(f"unknown EUFUNDS_LOAD_SERVE way {way!r} (plain, production)")
                continue
            try:
                stats, seconds = asyncio.run(
                    run_load(f"http://127.0.0.1:{port}", db, clients, requests))
                alone = lone_poller(f"http://127.0.0.1:{port}")
            finally:
                proc.terminate()
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
            results.append(report(f"{title}, {rows:,} events" if not reuse else title,
                                  stats, seconds, clients))
            print("a lone poller's conditional request, median of 20: " + ", ".join(
                f"{path} {ms:.1f} ms" for path, ms in alone.items()), flush=True)
        return results
    finally:
        if os.environ.get("EUFUNDS_BENCH_KEEP") == "1":
            print(f"kept {db}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run()
