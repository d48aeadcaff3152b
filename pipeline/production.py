"""``eufunds serve --production``: nginx with ``proxy_cache`` in front of one Datasette
process per core, moved to each newly published database without a gap.

Why: one Datasette process answers one request at a time per SQL thread, so fifty
people queue behind the slowest page (bench/load_bench.py: 5 requests a second, p95 45 s
at 100,000 events). The catalogue changes once a night, so nearly every answer can come
from a cache; the rest are spread over the cores.

* **Generations.** The served file is hard-linked (copied on another file system) into
  ``<run dir>/gen-<version>/events.db`` and served there by ``--workers`` Datasette
  processes on Unix sockets, with the table counts precomputed at publish time
  (``<db>.inspect.json``, see :func:`write_inspect`). A generation only ever reads its own
  inode, so a request is answered wholly from the old file or wholly from the new one.
* **No restart gap.** A watcher notices that ``eufunds nightly`` replaced the file (its
  inode changed; or SIGHUP): it starts the new generation, waits until every process
  answers, rewrites the nginx configuration (upstreams and the version the cache is keyed
  by) and reloads nginx gracefully; after a grace period it stops the old processes.
* **Cache.** nginx honours Datasette's ``Cache-Control`` (``default_cache_ttl``); the cache
  key starts with the database version, so nothing of the old file is served after the
  switch. ``/feeds/`` (the exported files) are served by nginx from disk with ``ETag`` and
  ``Last-Modified``; Datasette's answers carry them too (datasette_plugins/conditional.py),
  so a poller's conditional request is a ``304``.
* **Overload.** Each Datasette process takes at most ``max_conns`` requests at a time and
  an answer slower than ``proxy_read_timeout`` is given up on; nginx then answers ``503``
  with ``Retry-After`` at once instead of queueing the request.

The configuration is ``deploy/nginx.conf`` rendered with this run's paths (placeholders
``@@NAME@@``); ``deploy/systemd/`` has the units.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The nginx configuration template; an installed package without the repository falls
#: back to the copy beside this module (none today: serve from a checkout).
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"


class ProductionError(RuntimeError):
    """The production server could not start; the message says why."""


def find_nginx() -> str | None:
    """The nginx binary (Debian puts it in /usr/sbin, outside a normal user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    for candidate in ("/usr/sbin/nginx", "/usr/local/sbin/nginx"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


# --------------------------------------------------------------------------- inspect data


def inspect_path(db_path: Path) -> Path:
    """Where the publish step writes the table counts: ``events.inspect.json`` beside
    ``events.db``."""
    return db_path.with_name(db_path.stem + ".inspect.json")


def file_version(db_path: Path) -> str:
    """A short name of this very file (inode, modification time, size): a swapped-in
    database has a new inode, so a new version, without reading a byte of it."""
    st = db_path.stat()
    raw = f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def write_inspect(db_path: Path, out: Path, name: str = "events") -> Path:
    """Datasette's inspect data for ``db_path`` (every table's row count, the file's sha256
    and size) in ``out``, so the home page shows counts without counting a million rows
    per process. ``mtime_ns`` and ``size`` let the server check that the counts belong to
    the file it serves (an unrelated or stale file is ignored)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = {}
        for (table,) in conn.execute("select name from sqlite_master where type = 'table' "
                                     "order by name").fetchall():
            try:
                count = conn.execute(f"select count(*) from [{table}]").fetchone()[0]
            except sqlite3.DatabaseError:
                count = None
            tables[table] = {"count": count}
    finally:
        conn.close()
    digest = hashlib.sha256()
    with db_path.open("rb") as fh:
        for block in iter(lambda: fh.read(2**20), b""):
            digest.update(block)
    st = db_path.stat()
    data = {name: {"hash": digest.hexdigest(), "size": st.st_size, "file": f"{name}.db",
                   "mtime_ns": st.st_mtime_ns, "tables": tables}}
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, out)
    return out


def matching_inspect(db_path: Path, name: str = "events") -> dict[str, Any] | None:
    """The inspect data beside ``db_path`` when it was written for this file, else None."""
    path = inspect_path(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entry = data[name]
        st = db_path.stat()
        if entry.get("size") == st.st_size and entry.get("mtime_ns") == st.st_mtime_ns:
            return data
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None


# --------------------------------------------------------------------------- feeds


def drop_precompressed(out_dir: Path) -> None:
    """Remove the ``.gz`` copies of the exported files before they are rewritten: nginx's
    ``gzip_static`` serves a ``.gz`` whenever it exists, so a stale one must not outlive
    the file it was made from (while no copy exists the plain file is sent)."""
    if out_dir.is_dir():
        for gz in out_dir.glob("*.gz"):
            if gz.with_suffix("").exists():
                gz.unlink(missing_ok=True)


def precompress(out_dir: Path) -> list[Path]:
    """A gzip copy beside every exported file, with the file's modification time: nginx
    (``gzip_static``) sends it to clients that accept gzip with sendfile, a tenth of the
    bytes and no compression per request (the JSON Feed of 100,000 events is ~58 MB)."""
    written = []
    for path in sorted(out_dir.iterdir()) if out_dir.is_dir() else []:
        if not path.is_file() or path.suffix in (".gz", ".tmp") or path.name.startswith("."):
            continue
        gz = path.with_name(path.name + ".gz")
        tmp = path.with_name(f".{path.name}.gz.tmp")
        st = path.stat()
        with path.open("rb") as src, gzip.GzipFile(tmp, "wb", compresslevel=6,
                                                   mtime=int(st.st_mtime)) as dst:
            shutil.copyfileobj(src, dst, 2**20)
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, gz)
        written.append(gz)
    return written


# --------------------------------------------------------------------------- processes


def _get_status(target: str | tuple[str, int], path: str, timeout: float = 5.0) -> int:
    """Status of ``GET path`` over a Unix socket (str) or TCP (host, port); 0 if no answer."""
    family = socket.AF_UNIX if isinstance(target, str) else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(target)
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
            head = s.recv(64)
            s.settimeout(timeout * 6)
            while s.recv(65536):  # read it whole: warms the page cache too
                pass
        return int(head.split(b" ", 2)[1])
    except (OSError, ValueError, IndexError):
        return 0


@dataclass
class Generation:
    """The Datasette processes serving one published file."""

    version: str
    folder: Path
    sockets: list[Path]
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (uvicorn finishes the requests in flight), then remove the folder."""
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class ProductionServer:
    """nginx + Datasette generations over ``db_path``; see the module docstring."""

    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8001
    workers: int = 0
    feeds_dir: Path | None = None
    run_dir: Path | None = None
    cors: bool = False
    grace: float = 10.0
    max_conns: int = 32
    read_timeout: int = 20
    poll: float = 1.0
    echo: Any = None
    current: Generation | None = None
    nginx: subprocess.Popen[bytes] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _wake: threading.Event = field(default_factory=threading.Event)
    _retired: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.db_path = Path(self.db_path).resolve()
        self.workers = self.workers or os.cpu_count() or 1
        if self.run_dir is None:
            self._own_run_dir = True
            self.run_dir = Path(tempfile.mkdtemp(prefix="eufunds-prod-"))
        else:
            self._own_run_dir = False
            self.run_dir = Path(self.run_dir).resolve()
            self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.feeds_dir is None:
            self.feeds_dir = self.db_path.parent / "feeds"
        self.feeds_dir = Path(self.feeds_dir).resolve()
        self.echo = self.echo or (lambda msg: print(msg, file=sys.stderr, flush=True))

    # -- generations

    def _start_generation(self) -> Generation:
        from pipeline.cli import datasette_args

        version = file_version(self.db_path)
        folder = self.run_dir / f"gen-{version}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        served = folder / "events.db"
        try:
            os.link(self.db_path, served)  # the same inode: a later swap does not touch it
        except OSError:
            shutil.copy2(self.db_path, served)
        inspect = matching_inspect(self.db_path)
        socks = [folder / f"w{i}.sock" for i in range(self.workers)]
        gen = Generation(version, folder, socks)
        args = datasette_args(served, feeds_dir=self.feeds_dir, cors=self.cors)
        if inspect is not None:
            (folder / "inspect.json").write_text(json.dumps(inspect), encoding="utf-8")
            args += ["--inspect-file", str(folder / "inspect.json")]
        for sock in socks:
            gen.procs.append(subprocess.Popen(
                [sys.executable, "-m", "datasette", *args, "--uds", str(sock)],
                stdout=subprocess.DEVNULL, stderr=(folder / f"{sock.stem}.log").open("wb")))
        deadline = time.monotonic() + 300
        pending = list(socks)
        while pending:
            for sock, proc in zip(socks, gen.procs, strict=True):
                if proc.poll() is not None:
                    log = (folder / f"{sock.stem}.log").read_text(errors="replace")[-2000:]
                    gen.stop()
                    raise ProductionError(f"Datasette exited while starting: {log}")
            pending = [s for s in pending if _get_status(str(s), "/-/versions.json") != 200]
            if pending and time.monotonic() > deadline:
                gen.stop()
                raise ProductionError("Datasette did not answer within 300 s")
            if pending:
                time.sleep(0.2)
        for sock in socks:  # first answers from the page cache, not from the disk
            for path in ("/", "/events/events"):
                _get_status(str(sock), path, timeout=60)
        self.echo(f"serving generation {version} ({self.workers} Datasette processes"
                  f"{', table counts from inspect data' if inspect else ''})")
        return gen

    # -- nginx

    def render_config(self, gen: Generation) -> str:
        """``deploy/nginx.conf`` with this run's paths, upstreams and database version."""
        servers = "\n".join(f"        server unix:{s} max_conns={self.max_conns};"
                            for s in gen.sockets)
        values = {
            "RUN_DIR": str(self.run_dir), "LISTEN": f"{self.host}:{self.port}",
            "WORKERS": str(self.workers), "UPSTREAM_SERVERS": servers.strip(),
            "DB_VERSION": gen.version, "FEEDS_DIR": str(self.feeds_dir),
            "READ_TIMEOUT": str(self.read_timeout),
            "USER": "user root;" if os.geteuid() == 0 else "",
        }
        text = NGINX_TEMPLATE.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(f"@@{key}@@", value)
        return text

    def _write_config(self, gen: Generation) -> Path:
        conf = self.run_dir / "nginx.conf"
        tmp = conf.with_name("nginx.conf.tmp")
        tmp.write_text(self.render_config(gen), encoding="utf-8")
        for sub in ("cache", "tmp"):
            (self.run_dir / sub).mkdir(exist_ok=True)
        os.replace(tmp, conf)
        return conf

    def _nginx_cmd(self, *extra: str) -> list[str]:
        nginx = find_nginx()
        if nginx is None:
            raise ProductionError("nginx is not installed (Debian: apt-get install nginx); "
                                  "`eufunds serve` without --production needs none")
        return [nginx, "-p", str(self.run_dir), "-c", str(self.run_dir / "nginx.conf"),
                "-e", str(self.run_dir / "nginx-error.log"), *extra]

    def _nginx_log_tail(self) -> str:
        try:
            lines = (self.run_dir / "nginx-error.log").read_text(errors="replace").splitlines()
        except OSError:
            return "(no nginx error log)"
        return " | ".join(lines[-3:]) or "(nginx error log empty)"

    def start(self) -> None:
        """Start the first generation and nginx; returns once the front answers."""
        self.current = self._start_generation()
        self._write_config(self.current)
        test = subprocess.run(self._nginx_cmd("-t", "-q"), capture_output=True, text=True)
        if test.returncode != 0:
            self.current.stop()
            raise ProductionError(f"nginx rejected the configuration: {test.stderr.strip()}")
        self.nginx = subprocess.Popen(self._nginx_cmd("-g", "daemon off;"),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while _get_status((self.host, self.port), "/-/versions.json") != 200:
            if self._stop.is_set():
                return
            if self.nginx.poll() is not None:
                err = (self.nginx.stderr.read() if self.nginx.stderr else b"").decode()
                self.current.stop()
                raise ProductionError(f"nginx exited: {err.strip()}")
            if time.monotonic() > deadline:
                raise ProductionError(f"nginx did not answer on {self.host}:{self.port}: "
                                      + self._nginx_log_tail())
            time.sleep(0.1)
        self.echo(f"Serving {self.db_path} at http://{self.host}:{self.port}/events/events "
                  f"(nginx cache in front of {self.workers} Datasette processes)")

    def swap(self) -> bool:
        """Move to the file now at ``db_path`` if it is a new one; True when it switched."""
        assert self.current is not None and self.nginx is not None
        version = file_version(self.db_path)
        if version == self.current.version:
            return False
        new = self._start_generation()
        self._write_config(new)
        test = subprocess.run(self._nginx_cmd("-t", "-q"), capture_output=True, text=True)
        if test.returncode != 0:
            new.stop()
            self._write_config(self.current)
            self.echo(f"not switching: nginx rejected the configuration: {test.stderr}")
            return False
        old, self.current = self.current, new
        self.nginx.send_signal(signal.SIGHUP)  # graceful: old workers finish their requests
        self.echo(f"switched to generation {new.version}; stopping {old.version} in "
                  f"{self.grace:g} s")
        retire = threading.Thread(target=self._retire, args=(old,), daemon=True)
        retire.start()
        self._retired.append(retire)
        return True

    def _retire(self, old: Generation) -> None:
        self._stop.wait(self.grace)
        old.stop()

    def _stable_version(self) -> str | None:
        try:
            first = file_version(self.db_path)
            time.sleep(0.2)
            return first if file_version(self.db_path) == first else None
        except FileNotFoundError:
            return None

    def watch(self) -> None:
        """Until :meth:`shutdown`: switch to each newly published file (polled every
        ``poll`` seconds, or at once on :meth:`wake`)."""
        while not self._stop.is_set():
            self._wake.wait(self.poll)
            self._wake.clear()
            if self._stop.is_set():
                break
            if self.nginx is not None and self.nginx.poll() is not None:
                raise ProductionError("nginx exited")
            version = self._stable_version()
            if version and self.current and version != self.current.version:
                try:
                    self.swap()
                except ProductionError as exc:
                    self.echo(f"not switching to the new database: {exc}")

    def wake(self, *_: Any) -> None:
        """Check for a new database now (SIGHUP, ``systemctl reload``)."""
        self._wake.set()

    def shutdown(self, *_: Any) -> None:
        """Stop nginx (gracefully) and every Datasette process; remove the run folder."""
        self._stop.set()
        self._wake.set()
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for t in self._retired:
            t.join(60)
        if self.current is not None:
            self.current.stop()
        if self._own_run_dir and self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)


def serve_production(server: ProductionServer) -> None:
    """Run ``server`` until SIGTERM/SIGINT (what ``eufunds serve --production`` does)."""
    signal.signal(signal.SIGTERM, lambda *_: server._stop.set() or server._wake.set())
    signal.signal(signal.SIGINT, lambda *_: server._stop.set() or server._wake.set())
    signal.signal(signal.SIGHUP, server.wake)
    try:
        server.start()
        server.watch()
    finally:
        server.shutdown()
