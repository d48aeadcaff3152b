"""``eufunds serve --production``: nginx with ``proxy_cache`` in front of one Datasette
process per core, moved to each newly published database without a gap.

Why: one Datasette process answers one request at a time per SQL thread, so fifty
people queue behind the slowest page (bench/load_bench.py: 5 requests a second, p95 45 s
at 100,000 events). The catalogue changes once a night, so nearly every answer can come
from a cache; the rest are spread over the cores.

* **Generations.** The served file is hard-linked (copied on another file system) into
  ``<run dir>/gen-<version>/events.db`` and served there by ``--workers`` Datasette
  processes on Unix sockets, with the table counts precomputed at publish time
  (``<db>.inspect.json``, see :func:`write_inspect`), behind the generation's own nginx
  with its own cache (``deploy/nginx-generation.conf``). A generation only ever reads its
  own inode, so an answer is wholly from the old file or wholly from the new one, and its
  cache (keyed by the version too) is deleted with it.
* **The front** (``deploy/nginx.conf``) listens on ``--host``/``--port``, serves the
  exported files from disk and passes everything else to ``<run dir>/current.sock``, a
  symbolic link to the current generation's socket, connecting anew for each request.
  It is started once and never reloaded: a reload closes clients' idle keep-alive
  connections, and a request sent at that instant is lost.
* **No restart gap.** A watcher notices that ``eufunds nightly`` replaced the file (its
  inode changed; or SIGHUP): it starts the new generation, waits until it answers,
  replaces the link (one atomic rename), and stops the old generation after a grace
  period (its nginx and Datasettes finish what they were doing first).
* **Cache.** nginx honours Datasette's ``Cache-Control`` (``default_cache_ttl``); pages
  without one (the home page) are kept 10 minutes, which one version of the file makes
  safe. ``/feeds/`` (the exported files) are served with ``ETag`` and ``Last-Modified``,
  their gzip copies (written at export) sent as they are; Datasette's answers carry both
  validators too (datasette_plugins/conditional.py), so a poller's conditional request is
  a ``304`` from the cache.
* **Overload.** Each Datasette process takes at most ``max_conns`` requests at a time and
  an answer slower than ``proxy_read_timeout`` is given up on; nginx then answers ``503``
  with ``Retry-After`` at once instead of queueing the request. (Datasette's
  ``sql_time_limit_ms`` already counts query time only: its progress handler is set in
  the SQL thread when the query starts.)

The configurations are ``deploy/nginx.conf`` and ``deploy/nginx-generation.conf``
rendered with this run's paths (placeholders ``@@NAME@@``); ``deploy/systemd/`` has the
units.
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
#: The nginx configuration templates (the front, one generation): serve from a checkout.
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"
GENERATION_TEMPLATE = ROOT / "deploy" / "nginx-generation.conf"


class ProductionError(RuntimeError):
    """The production server could not start; the message says why."""


def find_nginx() -> str | None:
    """The nginx binary: ``EUFUNDS_NGINX`` when set, else on PATH or in /usr/sbin (where
    Debian puts it, outside a normal user's PATH)."""
    chosen = os.environ.get("EUFUNDS_NGINX")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
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


def _render(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    return text


def _stop_process(proc: subprocess.Popen[bytes] | None, sig: int, timeout: float) -> None:
    if proc is None:
        return
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class Generation:
    """The nginx cache and the Datasette processes serving one published file."""

    version: str
    folder: Path
    sockets: list[Path]
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def front_socket(self) -> Path:
        """Where the generation's nginx listens (the target of ``current.sock``)."""
        return self.folder / "front.sock"

    def stop(self, timeout: float = 30.0) -> None:
        """nginx first (SIGQUIT: it finishes the requests in flight), then the Datasette
        processes (SIGTERM: uvicorn does the same); then the folder, cache and all."""
        _stop_process(self.nginx, signal.SIGQUIT, timeout)
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            _stop_process(p, signal.SIGTERM, timeout)
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class ProductionServer:
    """The front nginx and the current generation over ``db_path``; see the module
    docstring."""

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

    def _common(self) -> dict[str, str]:
        return {"RUN_DIR": str(self.run_dir), "WORKERS": str(self.workers),
                "READ_TIMEOUT": str(self.read_timeout),
                "USER": "user root;" if os.geteuid() == 0 else ""}

    def _nginx_cmd(self, prefix: Path, *extra: str) -> list[str]:
        nginx = find_nginx()
        if nginx is None:
            raise ProductionError("nginx is not installed (Debian: apt-get install nginx); "
                                  "`eufunds serve` without --production needs none")
        return [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                "-e", str(prefix / "nginx-error.log"), *extra]

    def _start_nginx(self, prefix: Path, config: str) -> subprocess.Popen[bytes]:
        for sub in ("cache", "tmp"):
            (prefix / sub).mkdir(exist_ok=True)
        (prefix / "nginx.conf").write_text(config, encoding="utf-8")
        test = subprocess.run(self._nginx_cmd(prefix, "-t", "-q"), capture_output=True,
                              text=True)
        if test.returncode != 0:
            raise ProductionError(f"nginx rejected {prefix / 'nginx.conf'}: "
                                  f"{test.stderr.strip()}")
        return subprocess.Popen(self._nginx_cmd(prefix, "-g", "daemon off;"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    # -- generations

    def _start_generation(self) -> Generation:
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
        try:
            self._start_processes(gen, served, inspect)
        except BaseException:
            gen.stop()
            raise
        self.echo(f"serving generation {version} ({self.workers} Datasette processes"
                  f"{', table counts from inspect data' if inspect else ''})")
        return gen

    def _start_processes(self, gen: Generation, served: Path,
                         inspect: dict[str, Any] | None) -> None:
        from pipeline.cli import datasette_args

        args = datasette_args(served, feeds_dir=self.feeds_dir, cors=self.cors)
        if inspect is not None:
            (gen.folder / "inspect.json").write_text(json.dumps(inspect), encoding="utf-8")
            args += ["--inspect-file", str(gen.folder / "inspect.json")]
        for sock in gen.sockets:
            gen.procs.append(subprocess.Popen(
                [sys.executable, "-m", "datasette", *args, "--uds", str(sock)],
                stdout=subprocess.DEVNULL,
                stderr=(gen.folder / f"{sock.stem}.log").open("wb")))
        deadline = time.monotonic() + 300
        pending = list(gen.sockets)
        while pending:
            for sock, proc in zip(gen.sockets, gen.procs, strict=True):
                if proc.poll() is not None:
                    log = (gen.folder / f"{sock.stem}.log").read_text(errors="replace")
                    raise ProductionError(f"Datasette exited while starting: {log[-2000:]}")
            pending = [s for s in pending if _get_status(str(s), "/-/versions.json") != 200]
            if pending and time.monotonic() > deadline:
                raise ProductionError("Datasette did not answer within 300 s")
            if pending:
                time.sleep(0.2)
        for sock in gen.sockets:  # first answers from the page cache, not from the disk
            for path in ("/", "/events/events"):
                _get_status(str(sock), path, timeout=60)
        servers = "\n        ".join(f"server unix:{s} max_conns={self.max_conns};"
                                    for s in gen.sockets)
        config = _render(GENERATION_TEMPLATE, {
            **self._common(), "GEN_DIR": str(gen.folder), "UPSTREAM_SERVERS": servers,
            "DB_VERSION": gen.version})
        gen.nginx = self._start_nginx(gen.folder, config)
        deadline = time.monotonic() + 30
        while _get_status(str(gen.front_socket), "/-/versions.json") != 200:
            if gen.nginx.poll() is not None or time.monotonic() > deadline:
                raise ProductionError("the generation's nginx did not start: "
                                      + _log_tail(gen.folder))
            time.sleep(0.1)

    def _point_to(self, gen: Generation) -> None:
        """Make ``current.sock`` name ``gen``'s socket, atomically (rename over the link)."""
        link = self.run_dir / "current.sock"
        tmp = self.run_dir / "current.sock.tmp"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(gen.front_socket)
        os.replace(tmp, link)

    # -- the front

    def render_config(self) -> str:
        """``deploy/nginx.conf`` with this run's paths."""
        return _render(NGINX_TEMPLATE, {**self._common(), "LISTEN": f"{self.host}:{self.port}",
                                        "FEEDS_DIR": str(self.feeds_dir)})

    def start(self) -> None:
        """Start the first generation and the front; returns once the front answers."""
        self._nginx_cmd(self.run_dir)  # no nginx: say so before starting anything
        for template in (NGINX_TEMPLATE, GENERATION_TEMPLATE):
            if not template.is_file():
                raise ProductionError(f"{template} is missing: --production serves from a "
                                      "checkout of the repository (deploy/)")
        self.current = self._start_generation()
        self._point_to(self.current)
        try:
            self.nginx = self._start_nginx(self.run_dir, self.render_config())
        except ProductionError:
            self.current.stop()
            raise
        deadline = time.monotonic() + 30
        while _get_status((self.host, self.port), "/-/versions.json") != 200:
            if self._stop.is_set():
                return
            if self.nginx.poll() is not None:
                err = (self.nginx.stderr.read() if self.nginx.stderr else b"").decode()
                raise ProductionError(f"nginx exited: {err.strip()} {_log_tail(self.run_dir)}")
            if time.monotonic() > deadline:
                raise ProductionError(f"nginx did not answer on {self.host}:{self.port}: "
                                      + _log_tail(self.run_dir))
            time.sleep(0.1)
        self.echo(f"Serving {self.db_path} at http://{self.host}:{self.port}/events/events "
                  f"(nginx cache in front of {self.workers} Datasette processes)")

    def swap(self) -> bool:
        """Move to the file now at ``db_path`` if it is a new one; True when it switched."""
        assert self.current is not None
        if file_version(self.db_path) == self.current.version:
            return False
        new = self._start_generation()
        old, self.current = self.current, new
        self._point_to(new)
        self.echo(f"switched to generation {new.version}; stopping {old.version} in "
                  f"{self.grace:g} s")
        retire = threading.Thread(target=self._retire, args=(old,), daemon=True)
        retire.start()
        self._retired.append(retire)
        return True

    def _retire(self, old: Generation) -> None:
        # The front may have connected to the old socket just before the switch: those
        # requests are answered before the old generation goes.
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
                raise ProductionError("nginx exited: " + _log_tail(self.run_dir))
            version = self._stable_version()
            if version and self.current and version != self.current.version:
                try:
                    self.swap()
                except ProductionError as exc:
                    self.echo(f"not switching to the new database: {exc}")

    def wake(self, *_: Any) -> None:
        """Check for a new database now (SIGHUP, ``systemctl reload``)."""
        self._wake.set()

    def request_stop(self, *_: Any) -> None:
        """Leave :meth:`watch` (SIGTERM, SIGINT)."""
        self._stop.set()
        self._wake.set()

    def shutdown(self) -> None:
        """Stop the front (gracefully), then every generation; remove the run folder."""
        self.request_stop()
        _stop_process(self.nginx, signal.SIGQUIT, 15)
        for t in self._retired:
            t.join(60)
        if self.current is not None:
            self.current.stop()
        if self._own_run_dir and self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)
        elif self.run_dir is not None:
            for name in ("current.sock", "nginx.pid"):
                (self.run_dir / name).unlink(missing_ok=True)


def _log_tail(folder: Path) -> str:
    try:
        lines = (folder / "nginx-error.log").read_text(errors="replace").splitlines()
    except OSError:
        return "(no nginx error log)"
    return " | ".join(lines[-3:]) or "(nginx error log empty)"


def serve_production(server: ProductionServer) -> None:
    """Run ``server`` until SIGTERM/SIGINT (what ``eufunds serve --production`` does)."""
    signal.signal(signal.SIGTERM, server.request_stop)
    signal.signal(signal.SIGINT, server.request_stop)
    signal.signal(signal.SIGHUP, server.wake)
    try:
        server.start()
        server.watch()
    finally:
        server.shutdown()
