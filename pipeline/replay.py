"""The replay server: the bundled sample site served over real HTTP on 127.0.0.1.

Offline crawls (``eufunds crawl --offline``, ``make demo``, the tests) fetch
portal URLs such as ``https://funduszeue.lubelskie.pl/efs/spotkania-wydarzenia/``
from this server instead of the internet. The crawler keeps the portal's own URL
everywhere (see ``scrapers.handlers``); only the socket goes to this server,
which finds the page under ``<root>/<host>/<path>``.

How a URL maps to a file (``local_path``):

* ``/a/b/``            -> ``<host>/a/b/index.html``
* ``/a/b``             -> ``<host>/a/b`` if it is a file, else ``<host>/a/b/index.html``
* ``/a/b/?page=2``     -> ``<host>/a/b/index@page=2.html`` (query appended to the name)
* ``/robots.txt``      -> ``<host>/robots.txt`` (a missing one is a 404, which Scrapy
                          reads as "everything allowed")

Per-host behaviour that a static file cannot express (redirects, HTTP errors,
slow answers, a charset in the header only) lives in ``<host>/_replay.yml``::

    redirects: {"/old-path/": "https://new.host/new-path/"}
    status: {"/broken/": 500}
    headers: {"/legacy.html": {"Content-Type": "text/html; charset=windows-1250"}}
    delays: {"/slow/": 2.5}          # seconds to wait before answering

Faults for the robustness tests (``tests/test_faults.py``); each applies to a
page's answer even when the crawler holds a cached copy (no ``304``)::

    retry_after: {"/busy/": 120}     # a Retry-After header on the page's status answer
    truncate: {"/page/": 200}        # full Content-Length, only 200 bytes, then close
    reset: ["/page/"]                # headers and half the body, then a TCP reset
    pad: {"/page/": 20000000}        # the page padded with spaces to that many bytes,
                                     # streamed (a 20 MB page without a 20 MB file)
    endless: ["/list/"]              # ``/list/?page=N`` for every N: the base page with
                                     # ``{page}``/``{next}`` replaced by N and N+1

Dates in the pages are placeholders (``{{date 2026-12-09|9 grudnia 2026}}``) rendered for
the day served, so the sample site never runs out of upcoming events: see
``pipeline.sample_dates`` for the syntax and the day.

Responses carry ``ETag``, ``Last-Modified`` and ``Cache-Control: max-age=0``
(store, but revalidate before reuse) and answer conditional requests with
``304``, as a well-behaved portal would, so repeat crawls can be cheap.

Written by hand because no library serves "many hosts from one folder, keyed by
the Host in the path" with conditional requests; it is a thin layer over
``http.server``.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import re
import socket
import struct
import threading
import time
from datetime import date
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import yaml

from pipeline import sample_dates

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data" / "sample-site"


def replay_url(base: str, url: str) -> str:
    """The replay-server URL that serves ``url``: ``<base>/<host><path>?<query>``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{base.rstrip('/')}/{host}{quote(unquote(path), safe='/%')}{query}"


def local_path(root: Path, host: str, path: str, query: str = "") -> Path | None:
    """The file under ``root`` that holds ``host`` + ``path`` (+ ``query``), or None.

    Never returns a path outside ``root/host`` (``..`` in a URL cannot escape).
    """
    host_dir = (root / host).resolve()
    rel = unquote(path).lstrip("/")
    base = (host_dir / rel).resolve()
    if host_dir not in base.parents and base != host_dir:
        return None
    candidates: list[Path] = []
    if query:
        stem = base if path.endswith("/") or base.is_dir() else base.parent
        name = "index" if (path.endswith("/") or base.is_dir()) else base.name
        candidates.append(stem / f"{name}@{query}.html")
        candidates.append(stem / f"{name}@{query}")
    if path.endswith("/") or base.is_dir():
        candidates.append(base / "index.html")
    else:
        candidates.append(base)
        candidates.append(base.with_name(base.name + ".html"))
    for c in candidates:
        if c.is_file():
            return c
    return None


@lru_cache(maxsize=256)
def _host_rules(host_dir: Path, mtime: float) -> dict[str, Any]:
    cfg = host_dir / "_replay.yml"
    if not cfg.is_file():
        return {}
    return yaml.safe_load(cfg.read_text(encoding="utf-8")) or {}


def host_rules(root: Path, host: str) -> dict[str, Any]:
    """The ``_replay.yml`` rules of one host (cached until the file changes)."""
    host_dir = root / host
    cfg = host_dir / "_replay.yml"
    mtime = cfg.stat().st_mtime if cfg.is_file() else 0.0
    return _host_rules(host_dir, mtime)


def _charset(headers: dict[str, Any]) -> str | None:
    """The charset a ``_replay.yml`` Content-Type names, if any."""
    m = re.search(r"charset=([\w-]+)", str(headers.get("Content-Type", "")), re.IGNORECASE)
    return m.group(1) if m else None


_PAGE_QUERY = re.compile(r"^page=(\d{1,9})$")


def _endless_page(rules: dict[str, Any], path: str, query: str) -> int | None:
    """N for ``<path>?page=N`` when ``path`` is an ``endless`` listing, else None."""
    if path not in (rules.get("endless") or ()):
        return None
    m = _PAGE_QUERY.match(query)
    return int(m.group(1)) if m else 1 if not query else None


class ReplayHandler(BaseHTTPRequestHandler):
    """Serves ``/<host>/<path>`` from the sample-site folder."""

    server_version = "eufunds-replay/1"
    root: Path = DEFAULT_ROOT
    shift: int = 0  # days added to the pages' date placeholders (pipeline.sample_dates)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        """Quiet: the crawl log already records every request."""

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self._serve(send_body=False)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        segments = parts.path.lstrip("/").split("/", 1)
        host = segments[0].lower()
        path = "/" + (segments[1] if len(segments) > 1 else "")
        if not host or "/" in host or host.startswith("."):
            self._plain(HTTPStatus.NOT_FOUND, "no such host", send_body)
            return
        rules = host_rules(self.root, host)
        key = path + (f"?{parts.query}" if parts.query else "")
        if key in (rules.get("delays") or {}):
            time.sleep(float(rules["delays"][key]))
        if key in (rules.get("redirects") or {}):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", rules["redirects"][key])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if key in (rules.get("status") or {}):
            code = int(rules["status"][key])
            extra = {}
            if key in (rules.get("retry_after") or {}):
                extra["Retry-After"] = str(rules["retry_after"][key])
            self._plain(
                HTTPStatus(code), f"status {code} configured for this page", send_body, extra
            )
            return
        page = _endless_page(rules, path, parts.query)
        file = local_path(self.root, host, path, "" if page else parts.query)
        if file is None:
            self._plain(HTTPStatus.NOT_FOUND, "not in the sample site", send_body)
            return
        data = file.read_bytes()
        if page:
            data = data.replace(b"{page}", str(page).encode()).replace(
                b"{next}", str(page + 1).encode()
            )
        headers = (rules.get("headers") or {}).get(key) or {}
        data = sample_dates.render(data, self.shift, _charset(headers) or "utf-8")
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        modified = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
        fault = any(key in (rules.get(r) or ()) for r in ("truncate", "reset", "pad"))
        if self.headers.get("If-None-Match") == etag and not fault:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=0")
            self.end_headers()
            return
        ctype = mimetypes.guess_type(file.name)[0] or "text/html"
        if file.suffix in (".html", "") or file.name.endswith(".html"):
            ctype = "text/html; charset=utf-8"
        headers = {"Content-Type": ctype, **headers}
        size = max(len(data), int((rules.get("pad") or {}).get(key, 0)))
        self.send_response(HTTPStatus.OK)
        for name, value in headers.items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(size))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "max-age=0")
        self.end_headers()
        if not send_body:
            return
        if key in (rules.get("truncate") or {}):
            self.wfile.write(data[: int(rules["truncate"][key])])
            self.close_connection = True
        elif key in (rules.get("reset") or ()):
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            # SO_LINGER 0: close() sends a TCP RST instead of a FIN, a "connection reset".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
        else:
            self._write_padded(data, size)

    def _write_padded(self, data: bytes, size: int) -> None:
        """``data``, then spaces up to ``size`` bytes; a client that hangs up is fine."""
        try:
            self.wfile.write(data)
            chunk = b" " * 65536
            left = size - len(data)
            while left > 0:
                self.wfile.write(chunk[:left])
                left -= min(left, len(chunk))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _plain(
        self, status: HTTPStatus, text: str, send_body: bool, extra: dict[str, str] | None = None
    ) -> None:
        body = f"{status.value} {status.phrase}: {text}\n".encode()
        self.send_response(status)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: an offline crawl of many sources at
    # once opens more connections than that, and the kernel resets the surplus.
    request_queue_size = 256
    #: Every request path the server answered, in order (tests check what reached it).
    seen: list[str]


class ReplayServer:
    """A replay server on 127.0.0.1 in a background thread; use as a context manager.

    >>> with ReplayServer() as server:
    ...     server.base_url  # doctest: +SKIP
    'http://127.0.0.1:40123'
    """

    def __init__(self, root: Path | str = DEFAULT_ROOT, port: int = 0,
                 today: date | None = None) -> None:
        self.root = Path(root).resolve()
        #: the day the pages' dates are rendered for (pipeline.sample_dates: the clock,
        #: or $EUFUNDS_SAMPLE_TODAY)
        self.today = today or sample_dates.today()
        shift = sample_dates.shift_days(self.today)
        handler = type("BoundReplayHandler", (ReplayHandler,),
                       {"root": self.root, "shift": shift})
        self.httpd = _Server(("127.0.0.1", port), handler)
        self.httpd.seen = []
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[str]:
        """The paths (``/<host>/<path>``) of every request answered so far."""
        return list(self.httpd.seen)

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
