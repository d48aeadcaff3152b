"""``eufunds serve --production`` for real: Debian's nginx with ``proxy_cache`` in front of
Datasette processes, over a database published by a real ``eufunds nightly``.

Needs nginx (Debian/Ubuntu: ``apt-get install -y nginx``; ``.ci/run`` installs it);
without it the tests are skipped with that message.

* The front: cached pages (``X-Cache-Status: HIT``), Datasette's ``Cache-Control``
  passed on, ``304`` for feed pollers' conditional requests (canned-query feeds and
  exported files), the exported files' gzip copies, the table counts from the inspect data
  ``nightly`` wrote, every process and the run folder gone after SIGTERM.
* The swap: clients keep asking while ``nightly`` publishes a database with more events;
  every answer must be a 200 or 304, and wholly from one file (the version nginx names
  in ``X-Catalogue-Version`` is the file whose counts the body shows); once a client has
  had an answer from the new file it never gets one from the old.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import icalendar
import pytest

from pipeline.production import file_version, find_nginx, inspect_path
from tests.conftest import EUFUNDS, ROOT, run_eufunds

pytestmark = pytest.mark.skipif(
    find_nginx() is None,
    reason="nginx is not installed; install it with `apt-get install -y nginx` "
    "(.ci/run does) to test the production setup",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nightly(db: Path, site: Path, *sources: str) -> None:
    result = run_eufunds("nightly", *sources, "--offline", "--sample-site", str(site),
                         "--db", str(db))
    assert result.returncode == 0, result.stderr.decode()[-3000:]


def _count(db: Path, table: str = "events") -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(f"select count(*) from [{table}]").fetchone()[0]
    finally:
        conn.close()


class Front:
    """A running ``eufunds serve --production``."""

    def __init__(self, db: Path, run_dir: Path, *extra: str) -> None:
        self.port = _free_port()
        self.run_dir = run_dir
        self.proc = subprocess.Popen(
            [*EUFUNDS, "serve", "--production", "--db", str(db), "--port", str(self.port),
             "--workers", "2", "--run-dir", str(run_dir), *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail("eufunds serve --production exited: "
                            + self.proc.stderr.read().decode()[-3000:])
            try:
                if httpx.get(self.base + "/-/versions.json", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.proc.kill()
        pytest.fail("eufunds serve --production did not answer within 180 s")

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(90)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        return code, self.proc.stderr.read().decode()


@pytest.fixture
def published(tmp_path: Path, site_copy: Path) -> Path:
    db = tmp_path / "data" / "events.db"
    db.parent.mkdir()
    _nightly(db, site_copy, "lubelskie")
    return db


@pytest.fixture
def front(published: Path, tmp_path: Path) -> Iterator[Front]:
    server = Front(published, tmp_path / "run")
    try:
        yield server
    finally:
        server.stop()


def _ours(pattern: str) -> list[str]:
    out = subprocess.run(["ps", "-eww", "-o", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if pattern in line]


def test_front_caches_answers_304_and_uses_published_counts(published: Path, front: Front,
                                                            tmp_path: Path) -> None:
    # nightly wrote the table counts for this very file
    inspect = inspect_path(published)
    assert inspect.is_file()
    import json

    counts = json.loads(inspect.read_text(encoding="utf-8"))["events"]["tables"]
    assert counts["events"]["count"] == _count(published) > 0
    assert counts["crawls"]["count"] == _count(published, "crawls")
    # ... and the server serves with them (the generation's copy passed to Datasette)
    gens = list((tmp_path / "run").glob("gen-*"))
    assert len(gens) == 1 and (gens[0] / "inspect.json").is_file()

    with httpx.Client(base_url=front.base, timeout=60) as client:
        first = client.get("/")
        second = client.get("/")
        assert first.status_code == second.status_code == 200
        assert first.headers["x-cache-status"] == "MISS"
        assert second.headers["x-cache-status"] == "HIT"
        assert second.text == first.text
        assert second.headers["x-catalogue-version"] == file_version(published)
        assert f"{_count(published):,} rows" in second.text

        table = client.get("/events/events.json?_size=1")
        assert table.headers["cache-control"] == "max-age=3600"  # Datasette's, passed on
        assert client.get("/events/events.json?_size=1").headers["x-cache-status"] == "HIT"

        # a poller of the Atom canned query: 200 with validators, then 304s
        atom = client.get("/events/feed.atom")
        assert atom.status_code == 200
        assert feedparser.parse(atom.content).entries
        etag, modified = atom.headers["etag"], atom.headers["last-modified"]
        assert client.get("/events/feed.atom",
                          headers={"If-None-Match": etag}).status_code == 304
        assert client.get("/events/feed.atom",
                          headers={"If-Modified-Since": modified}).status_code == 304
        assert client.get("/events/feed.atom",
                          headers={"If-None-Match": '"other"'}).status_code == 200

        # the exported files, from disk by nginx: validators, 304, the gzip copy
        feeds = published.parent / "feeds"
        plain = client.get("/feeds/events.ics", headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200 and "content-encoding" not in plain.headers
        assert plain.content == (feeds / "events.ics").read_bytes()
        assert icalendar.Calendar.from_ical(plain.content).walk("VEVENT")
        assert client.get("/feeds/events.ics", headers={
            "If-None-Match": plain.headers["etag"],
            "Accept-Encoding": "identity"}).status_code == 304
        assert client.get("/feeds/events.ics", headers={
            "If-Modified-Since": plain.headers["last-modified"]}).status_code == 304
        packed = client.get("/feeds/feed.json", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert packed.json() == httpx.Response(
            200, content=(feeds / "feed.json").read_bytes()).json()
        assert gzip.decompress((feeds / "feed.json.gz").read_bytes()) == (
            feeds / "feed.json").read_bytes()

    assert len(_ours(str(tmp_path / "run"))) >= 3  # nginx master and two Datasettes
    code, err = front.stop()
    assert code == 0, err
    assert "nginx cache in front of 2 Datasette processes" in err
    assert _ours(str(tmp_path / "run")) == []
    assert not list((tmp_path / "run").glob("gen-*"))


def test_no_failed_or_mixed_answer_through_a_nightly_swap(published: Path, front: Front,
                                                          site_copy: Path) -> None:
    old_version, old_count = file_version(published), _count(published)
    counts = {old_version: old_count}
    paths = ["/", "/events/events.json?_size=1", "/events/events", "/events/feed.atom",
             "/events/upcoming.json?_shape=array", "/feeds/feed.json"]
    stop = threading.Event()
    failures: list[str] = []
    answers: list[tuple[str, str, str, bytes]] = []  # client, version, path, body
    regressions: list[str] = []
    lock = threading.Lock()

    def client(name: str) -> None:
        seen_new = False
        n = 0
        with httpx.Client(base_url=front.base, timeout=60) as http:
            while not stop.is_set():
                path = paths[n % len(paths)]
                n += 1
                try:
                    resp = http.get(path)
                except httpx.HTTPError as exc:
                    with lock:
                        failures.append(f"{path}: {type(exc).__name__} {exc}")
                    continue
                if resp.status_code not in (200, 304):
                    with lock:
                        failures.append(f"{path}: {resp.status_code} {resp.text[:200]}")
                    continue
                version = resp.headers.get("x-catalogue-version", "")
                if path.startswith("/feeds/"):
                    pass  # files on disk, answered by the front: no version
                elif version != old_version:
                    seen_new = True
                elif seen_new:
                    with lock:
                        regressions.append(f"{name} {path}: old answer after a new one")
                with lock:
                    answers.append((name, version, path, resp.content))

    threads = [threading.Thread(target=client, args=(f"c{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    try:
        time.sleep(1)
        # the real nightly run, one more source: more events in a new file
        _nightly(published, site_copy, "lubelskie", "dolnoslaskie")
        new_version, new_count = file_version(published), _count(published)
        assert new_version != old_version and new_count > old_count
        counts[new_version] = new_count
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with lock:
                switched = sum(1 for a in answers if a[1] == new_version)
            if switched >= 30:
                break
            time.sleep(0.2)
        # ... and on through the old processes being stopped (after the grace period)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(front.run_dir.glob("gen-*"))) > 1:
            time.sleep(0.2)
        time.sleep(1)
    finally:
        stop.set()
        for t in threads:
            t.join(120)

    assert len(list(front.run_dir.glob("gen-*"))) == 1
    mixed = []
    checked = {v: 0 for v in counts}
    for name, version, path, body in answers:
        if path.startswith("/feeds/"):
            continue  # files on disk, replaced one by one by nightly: not versioned
        if version not in counts:
            mixed.append(f"{name} {path}: unknown version {version!r}")
            continue
        if path == "/events/events.json?_size=1":
            checked[version] += 1
            got = httpx.Response(200, content=body).json()["filtered_table_rows_count"]
            if got != counts[version]:
                mixed.append(f"{name} {path}: {got} events under version {version}")
        elif path == "/":
            checked[version] += 1
            shown = re.findall(r"([\d,]+) rows in 1 table|([\d,]+) rows", body.decode())
            if f"{counts[version]:,} rows" not in body.decode():
                mixed.append(f"{name} /: {shown[:3]} under version {version}")
    by_version = {v: sum(1 for a in answers if a[1] == v) for v in counts}
    assert by_version[old_version] > 0 and by_version[new_version] > 0, by_version
    assert all(checked.values()), checked  # bodies of both files were compared
    assert failures == [], failures[:5]
    assert mixed == [], mixed[:5]
    assert regressions == [], regressions[:5]
    code, err = front.stop()
    assert code == 0, err
    assert f"switched to generation {new_version}" in err
    print(f"swap: {len(answers)} answers ({by_version}), {len(failures)} failed, "
          f"{len(mixed)} mixed, {len(regressions)} old-after-new")


SLOW_SQL = ("with recursive n(i) as (select 1 union all select i + 1 from n) "
            "select count(*) from n")  # runs until the SQL time limit stops it


def test_overload_is_answered_503_with_retry_after_at_once(published: Path,
                                                            tmp_path: Path) -> None:
    # one Datasette process taking one request at a time (the last --workers counts)
    server = Front(published, tmp_path / "run", "--workers", "1", "--max-conns", "1")
    slow: dict[str, int] = {}

    def long_query(worker: int) -> None:
        with httpx.Client(base_url=server.base, timeout=120) as http:
            for attempt in range(50):  # turned away itself if a quick one was in: again
                status = http.get("/events.json", params={
                    "sql": f"{SLOW_SQL} -- {worker} {attempt}"}).status_code
                if status != 503:
                    break
            slow[f"w{worker}"] = status

    try:
        # the process busy with a query that lasts the SQL time limit (3 s) ...
        busy = [threading.Thread(target=long_query, args=(0,))]
        for t in busy:
            t.start()
        answers = []
        n = 0
        with httpx.Client(base_url=server.base, timeout=120) as http:
            # ... so another uncached request is turned away at once, not queued
            while any(t.is_alive() for t in busy):
                n += 1
                resp = http.get("/events/events.json", params={"_size": 1, "_n": n})
                answers.append((resp.status_code, resp.headers.get("retry-after"),
                                any(t.is_alive() for t in busy)))
                if resp.status_code == 503:
                    break
        for t in busy:
            t.join(120)
    finally:
        code, err = server.stop()
    turned_away = [a for a in answers if a[0] == 503]
    assert turned_away, (len(answers), answers[-3:], slow)
    status, retry_after, while_busy = turned_away[0]
    assert retry_after == "10" and while_busy  # answered while the slow queries still ran
    assert set(slow.values()) <= {200, 400}, slow  # the slow ones ran to their time limit
    assert code == 0, err


def test_production_without_nginx_binary_is_a_clear_error(published: Path,
                                                          tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path / "empty-bin"), "EUFUNDS_NGINX": str(tmp_path / "missing")}
    result = run_eufunds("serve", "--production", "--db", str(published), "--port",
                         str(_free_port()), env={**os.environ, **env})
    assert result.returncode == 1
    assert b"nginx" in result.stderr
