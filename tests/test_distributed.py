"""Two scrapy-redis workers split one generated site; one writer commits it to SQLite.

Needs a real ``redis-server`` (Debian/Ubuntu: ``apt-get install -y redis-server``);
without one the test is skipped with that message. The test starts its own
server on a free loopback port with a temporary folder and stops it after.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.sitegen import LISTING, generate_site, listing_pages
from pipeline.replay import ReplayHandler, ReplayServer

ROOT = Path(__file__).resolve().parent.parent
PAGES = 240
REDIS_SERVER = shutil.which("redis-server")

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None,
    reason="redis-server is not installed; install it with `apt-get install -y redis-server` "
    "(Debian/Ubuntu) to run the distributed-crawl test",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


class LoggingServer(ReplayServer):
    """The replay server, recording the path of every request it answers."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.log: list[str] = []
        lock = threading.Lock()
        log = self.log

        class Handler(self.httpd.RequestHandlerClass):  # type: ignore[misc,name-defined]
            def _serve(self, send_body: bool) -> None:
                with lock:
                    log.append(self.path)
                super()._serve(send_body)

        assert issubclass(Handler, ReplayHandler)
        self.httpd.RequestHandlerClass = Handler


def test_two_workers_split_the_site_and_fetch_no_page_twice(tmp_path: Path,
                                                             redis_url: str) -> None:
    site = generate_site(tmp_path / "site", PAGES)
    # Each detail page answers after 100 ms (two at a time per worker: ~12 s alone), so
    # that neither worker can finish before the other has started and polled the queue.
    host_dir = site / "funduszeue.lubelskie.pl"
    delays = "\n".join(f'  "{LISTING}wydarzenie-{i:06d}": 0.1' for i in range(PAGES))
    (host_dir / "_replay.yml").write_text(f"delays:\n{delays}\n")
    db = tmp_path / "events.db"
    with LoggingServer(site) as server:
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "bench.crawl_settings",
               "EUFUNDS_REPLAY_URL": server.base_url, "EUFUNDS_BENCH_CONCURRENCY": "2"}
        worker = [sys.executable, "-m", "pipeline.cli", "crawl", "lubelskie",
                  "--redis", redis_url, "--run", "test-run"]
        procs = [subprocess.Popen(worker, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
        outputs = [p.communicate(timeout=240) for p in procs]
        for p, (_, err) in zip(procs, outputs, strict=True):
            assert p.returncode == 0, err.decode()[-3000:]
        log = list(server.log)

    pages = [p for p in log if not p.endswith("/robots.txt")]
    counts = Counter(pages)
    assert [p for p, n in counts.items() if n > 1] == []  # no page fetched twice
    details = [p for p in pages if "/wydarzenie-" in p]
    assert len(details) == PAGES
    assert len(pages) == PAGES + listing_pages(PAGES)
    assert sum(p.endswith("/robots.txt") for p in log) <= 2  # one per worker

    import redis

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    stats = client.hgetall("eufunds:test-run:lubelskie:stats")
    workers = client.smembers("eufunds:test-run:lubelskie:workers")
    assert len(workers) == 2
    assert int(stats["pages"]) == len(log)
    split = [int(v) for k, v in stats.items() if k.startswith("worker_pages/")]
    assert len(split) == 2 and all(n > 1 for n in split), split  # both did part of the work
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "collect", "--redis", redis_url,
         "--run", "test-run", "--db", str(db)],
        cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    conn = sqlite3.connect(db)
    outcome, items, events = conn.execute(
        "select outcome, items, events from crawls where source = 'lubelskie'").fetchone()
    stored = conn.execute("select count(*) from events where source = 'lubelskie'").fetchone()[0]
    conn.close()
    assert outcome == "ok"
    assert items == PAGES
    assert stored == events > 0.8 * PAGES
    assert client.keys("eufunds:test-run:*") == []  # collect cleaned up the run
