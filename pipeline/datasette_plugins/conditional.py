"""Conditional requests for the catalogue's Datasette answers (loaded with the catalogue's
other plugins by ``eufunds serve``).

A feed poller asks every few minutes; the catalogue changes once a night. Every ``GET``
answer of an immutable catalogue gets ``ETag`` and ``Last-Modified``, and a request whose
``If-None-Match`` or ``If-Modified-Since`` still holds is answered ``304`` without running
a query. Both name the database file (its inode, time and size) *and the day*: queries
such as ``upcoming`` or the feeds depend on today's date, so a new day is a new version
even when the file is not. nginx (``deploy/nginx.conf``) stores them with the cached copy
and answers pollers' conditional requests itself.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from datasette import hookimpl


def _validators(datasette: Any) -> tuple[str, str] | None:
    """(ETag, Last-Modified) of today's answers, or None for a mutable database."""
    paths = [db.path for db in datasette.databases.values()
             if db.path and not db.is_mutable and not db.is_memory]
    if not paths:
        return None
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    parts, newest = [today.date().isoformat()], today
    for path in sorted(paths):
        st = os.stat(path)
        parts.append(f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}")
        newest = max(newest, datetime.fromtimestamp(st.st_mtime, UTC).replace(microsecond=0))
    etag = '"' + hashlib.sha1("|".join(parts).encode()).hexdigest()[:16] + '"'
    return etag, format_datetime(newest, usegmt=True)


def _not_modified(headers: dict[bytes, bytes], etag: str, last_modified: str) -> bool:
    inm = headers.get(b"if-none-match")
    if inm is not None:
        tags = [t.strip() for t in inm.decode("latin-1").split(",")]
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    ims = headers.get(b"if-modified-since")
    if ims is not None:
        try:
            return parsedate_to_datetime(ims.decode("latin-1")) >= parsedate_to_datetime(
                last_modified)
        except (TypeError, ValueError):
            return False
    return False


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def conditional(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
                await app(scope, receive, send)
                return
            validators = _validators(datasette)
            if validators is None:
                await app(scope, receive, send)
                return
            etag, last_modified = validators
            headers = dict(scope.get("headers") or [])
            if _not_modified(headers, etag, last_modified):
                await send({"type": "http.response.start", "status": 304, "headers": [
                    (b"etag", etag.encode()), (b"last-modified", last_modified.encode())]})
                await send({"type": "http.response.body", "body": b""})
                return

            async def send_with_validators(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start" and message["status"] == 200:
                    names = {k.lower() for k, _ in message.get("headers", [])}
                    extra = []
                    if b"etag" not in names:
                        extra.append((b"etag", etag.encode()))
                    if b"last-modified" not in names:
                        extra.append((b"last-modified", last_modified.encode()))
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
                await send(message)

            await app(scope, receive, send_with_validators)

        return conditional

    return wrap
