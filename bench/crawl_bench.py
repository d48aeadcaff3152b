"""Crawl throughput, nightly cost and memory, against the ``scrapy bench`` ceiling.

1. Generates a site of ``EUFUNDS_BENCH_PAGES`` (default 20,000) event pages of
   30-80 KB plus their paginated listing (``bench.sitegen``; newest first, 3 % of the
   events still to come, the rest past, as on a real portal) into a temporary folder
   (deleted afterwards; ``EUFUNDS_BENCH_KEEP=1`` keeps it).
2. Serves it with the replay server (``pipeline.replay``) on 127.0.0.1, in its
   own process, as a portal would be a separate machine.
3. First crawl: the real ``eufunds crawl lubelskie --db <fresh db>`` in a
   subprocess, politeness delays off and the per-portal bounds lifted
   (``bench.crawl_settings``). Pages per second end to end (process start to
   exit: fetch, extract, validate, commit to SQLite), peak RSS.
4. ``eufunds nightly`` over the unchanged site (copy, crawl, check, publish, feeds):
   requests and wall time as a share of the first crawl's (``scrapers.incremental``:
   targets <= 5 % of the requests, <= 10 % of the time), peak RSS.
5. 1 % of the pages changed (``bench.sitegen.change_site``: new announcements at the
   top of the listing, moved registration deadlines, cancellations), then
   ``eufunds nightly`` again: how many of the changes it found, requests, time.
6. ``scrapy bench`` on this machine, right before and right after the crawls: the
   ceiling (their mean), and the ratio.

``EUFUNDS_BENCH_PROFILE=1`` runs the first crawl under pyinstrument and prints
where the time goes (RSS then includes the profiler). ``EUFUNDS_BENCH_CEILING_SECONDS``
sets how long ``scrapy bench`` runs (default 20; 0 skips it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> dict[str, Any]:
    """Run ``cmd``: wall time, exit code, output, and the child's own peak RSS (MB, wait4)."""
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=cwd or ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        chunks[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s))
               for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - t0, "code": proc.returncode,
            "rss_mb": usage.ru_maxrss / 1024, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "stdout": chunks.get("out", b"").decode("utf-8", "replace"),
            "stderr": chunks.get("err", b"").decode("utf-8", "replace")}


class ServerProcess:
    """The replay server over ``site`` in a child process (``bench.crawl_bench serve``)."""

    def __init__(self, site: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.crawl_bench", "serve", str(site)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        if not self.base_url.startswith("http"):
            self.stop()
            raise RuntimeError("the replay server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _serve(site: str) -> None:
    from pipeline.replay import ReplayServer

    server = ReplayServer(site)
    print(server.base_url, flush=True)
    server.httpd.serve_forever()


def crawl_rows(db: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("select * from crawls order by id")]
    finally:
        conn.close()


def scrapy_bench(seconds: int) -> dict[str, float]:
    """``scrapy bench`` (Scrapy's own server and spider, default settings): pages per second."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    with tempfile.TemporaryDirectory(prefix="eufunds-scrapybench-") as cwd:
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
            cwd=cwd, env=env, capture_output=True, text=True, timeout=seconds + 120)
    log = proc.stderr
    pages = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not pages or not elapsed:
        raise RuntimeError("scrapy bench printed no stats:\n" + log[-2000:])
    return {"pages": int(pages.group(1)), "seconds": float(elapsed.group(1)),
            "pages_per_second": int(pages.group(1)) / float(elapsed.group(1))}


def _wire(row: dict[str, Any]) -> dict[str, int]:
    return {str(k): int(v) for k, v in json.loads(row.get("status_counts") or "{}").items()}


def run() -> dict[str, Any]:
    from bench.sitegen import change_site, generate_site, listing_pages

    pages = _env_int("EUFUNDS_BENCH_PAGES", 20_000)
    ceiling_seconds = _env_int("EUFUNDS_BENCH_CEILING_SECONDS", 20)
    profile = os.environ.get("EUFUNDS_BENCH_PROFILE") == "1"
    work = Path(tempfile.mkdtemp(prefix="eufunds-crawlbench-"))
    results: dict[str, Any] = {"pages": pages}
    try:
        t0 = time.perf_counter()
        site = generate_site(work / "site", pages)
        size = sum(f.stat().st_size for f in (site).rglob("*.html"))
        print(f"generated site: {pages:,} event pages + {listing_pages(pages):,} listing pages, "
              f"{size / 2**20:,.0f} MB, in {time.perf_counter() - t0:.0f} s", flush=True)
        db = work / "db" / "events.db"
        # The ceiling right before and right after the crawls: the machine is shared, and
        # the ratio means something only against a ceiling measured under the same load.
        ceiling_before = scrapy_bench(ceiling_seconds) if ceiling_seconds else None
        server = ServerProcess(site)
        try:
            env = {"SCRAPY_SETTINGS_MODULE": "bench.crawl_settings",
                   "EUFUNDS_REPLAY_URL": server.base_url}
            crawl = [sys.executable, "-m", "pipeline.cli", "crawl", "lubelskie", "--db", str(db)]
            nightly_cmd = [sys.executable, "-m", "pipeline.cli", "nightly", "lubelskie",
                           "--db", str(db)]
            first_cmd = crawl
            if profile:
                first_cmd = [sys.executable, "-m", "pyinstrument", "-r", "text",
                             "-o", str(work / "profile.txt"), "-m", *crawl[2:]]
            first = run_measured(first_cmd, env=env)
            _check(first, "first crawl")
            if profile:
                print((work / "profile.txt").read_text()[:12000])
            unchanged = run_measured(nightly_cmd, env=env)
            _check(unchanged, "nightly (unchanged site)")
            changes = change_site(site, pages)
            changed_started = crawl_rows(db)[-1]["id"]
            changed = run_measured(nightly_cmd, env=env)
            _check(changed, "nightly (1% changed)")
        finally:
            server.stop()
        rows = crawl_rows(db)
        r1, r2, r3 = rows[-3], rows[-2], rows[-1]
        assert r3["id"] > changed_started
        fetched = int(r1["pages"] or 0)
        ceiling: dict[str, Any] | None = None
        if ceiling_before is not None:
            ceiling_after = scrapy_bench(ceiling_seconds)
            ceiling = {k: (ceiling_before[k] + ceiling_after[k]) / 2 for k in ceiling_before}
            ceiling["runs"] = [ceiling_before["pages_per_second"],
                               ceiling_after["pages_per_second"]]
        rate = fetched / first["seconds"]
        w1, w2, w3 = _wire(r1), _wire(r2), _wire(r3)
        requests1 = sum(w1.values())
        results.update(
            first={"pages": fetched, "events": r1["events"], "outcome": r1["outcome"],
                   "requests": requests1, "seconds": first["seconds"],
                   "pages_per_second": rate, "cpu_seconds": first["cpu_seconds"],
                   "rss_mb": first["rss_mb"], "wire": w1},
            unchanged=_nightly(r2, w2, unchanged, requests1, first["seconds"]),
            changed={**_nightly(r3, w3, changed, requests1, first["seconds"]),
                     **found_changes(db, r3["id"], changes)},
            ceiling=ceiling, ratio=rate / ceiling["pages_per_second"] if ceiling else None,
        )
        _print(results)
        return results
    finally:
        if os.environ.get("EUFUNDS_BENCH_KEEP") == "1":
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _nightly(row: dict[str, Any], wire: dict[str, int], run: dict[str, Any], first_requests: int,
             first_seconds: float) -> dict[str, Any]:
    requests = sum(wire.values())
    return {"outcome": row["outcome"], "walk": row.get("walk"), "wire": wire,
            "requests": requests, "requests_pct": 100 * requests / max(1, first_requests),
            "full_downloads": wire.get("200", 0), "not_modified": wire.get("304", 0),
            "seconds": run["seconds"], "time_pct": 100 * run["seconds"] / first_seconds,
            "rss_mb": run["rss_mb"], "new": row["new"], "changed": row["changed"],
            "note": row["note"]}


def found_changes(db: Path, crawl_id: int, changes: dict[str, list[int]]) -> dict[str, Any]:
    """How many of the site's changes the nightly run found: each new announcement
    stored, each moved deadline and cancellation recorded as a change of its event."""
    from bench.sitegen import HOST, LISTING, slug
    from pipeline.record import event_id

    def ids(kind: str) -> set[str]:
        return {event_id(f"https://{HOST}{LISTING}{slug(i)}") for i in changes[kind]}

    conn = sqlite3.connect(db)
    try:
        stored = {r[0] for r in conn.execute("select id from events")}
        changed = {r[0] for r in conn.execute(
            "select distinct event_id from event_changes where crawl_id = ?", [crawl_id])}
    finally:
        conn.close()
    found = {"new": len(ids("new") & stored), "moved": len(ids("moved") & changed),
             "cancelled": len(ids("cancelled") & changed)}
    return {"changes": sum(len(v) for v in changes.values()), "found": sum(found.values()),
            "found_by_kind": found}


def _check(result: dict[str, Any], what: str) -> None:
    if result["code"] not in (0,):
        raise RuntimeError(f"{what} exited {result['code']}:\n{result['stderr'][-3000:]}")


def _print(r: dict[str, Any]) -> None:
    f, u, n, c = r["first"], r["unchanged"], r["changed"], r["ceiling"]
    rows = [
        ("first crawl, pages fetched (incl. listings, robots.txt)", f"{f['pages']:,}"),
        ("first crawl, events stored", f"{f['events']:,} ({f['outcome']})"),
        ("first crawl, wall time end to end", f"{f['seconds']:.1f} s"),
        ("first crawl, pages per second", f"{f['pages_per_second']:.1f}"),
        ("first crawl, CPU of the crawler process (user+sys)",
         f"{f['cpu_seconds']:.0f} s = {f['pages'] / f['cpu_seconds']:.0f} pages per CPU-second"),
    ]
    if c:
        rows += [
            ("scrapy bench ceiling, pages per second (mean of before/after)",
             f"{c['pages_per_second']:.1f} ({c['runs'][0]:.1f} before, {c['runs'][1]:.1f} after)"),
            ("ratio crawl / ceiling (target >= 0.5)", f"{r['ratio']:.2f}"),
        ]
    rows += [
        ("first crawl, peak RSS", f"{f['rss_mb']:.0f} MB"),
        ("nightly (unchanged site), requests",
         f"{u['requests']:,} ({u['full_downloads']:,} x 200, {u['not_modified']:,} x 304; "
         f"{u['walk']} walk)"),
        ("nightly (unchanged site), wall time", f"{u['seconds']:.1f} s ({u['outcome']})"),
        ("nightly (unchanged site), peak RSS", f"{u['rss_mb']:.0f} MB"),
        ("nightly (1% changed), requests",
         f"{n['requests']:,} ({n['full_downloads']:,} x 200, {n['not_modified']:,} x 304)"),
        ("nightly (1% changed), wall time", f"{n['seconds']:.1f} s ({n['outcome']}; "
         f"new {n['new']}, changed {n['changed']})"),
        ("nightly (1% changed), peak RSS", f"{n['rss_mb']:.0f} MB"),
    ]
    width = max(len(a) for a, _ in rows)
    for a, b in rows:
        print(f"{a:<{width}}  {b}")
    print(f"nightly unchanged: requests {u['requests_pct']:.1f}% of first crawl, "
          f"time {u['time_pct']:.1f}% of first crawl")
    print(f"nightly 1% changed: found {n['found']} of {n['changes']} changes, "
          f"requests {n['requests_pct']:.1f}%, time {n['time_pct']:.1f}%")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "serve":
        _serve(sys.argv[2])
    else:
        print(json.dumps(run(), indent=2, default=str))
