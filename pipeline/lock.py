"""One run at a time per database: an advisory lock file that names its holder.

The lock is ``flock(2)`` on ``<db>.lock``: the kernel releases it when the
holding process dies, however it dies (SIGKILL included), so a crash can never
leave the database locked for good. The file also records the holder's pid,
host and start time, which serves two purposes: a refused run names the run
that is in its way, and a run that takes over a lock file still naming a dead
process says so ("stale lock ... taken over").

Why not ``filelock``/``fasteners``: both take the same ``flock`` but do not
record or report who holds it, and neither reports a takeover; what we need on
top is these twenty lines. POSIX only (the crawler runs on Linux servers and CI).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from pathlib import Path
from typing import Any, TextIO

from pipeline.store import utc_now


class LockBusy(RuntimeError):
    """Another live process holds the lock; the message names it."""


def lock_path(db_path: Path) -> Path:
    """The lock file of a database: ``events.db`` -> ``events.db.lock``."""
    return db_path.with_name(db_path.name + ".lock")


class RunLock:
    """``with RunLock(path) as lock: ...``; ``lock.message`` tells of a stale takeover."""

    def __init__(self, path: Path, *, wait: float = 0.0, what: str = "run") -> None:
        self.path = Path(path)
        self.wait = wait
        self.what = what
        self.message: str | None = None
        self._fh: TextIO | None = None

    def _holder(self, fh: TextIO) -> dict[str, Any]:
        fh.seek(0)
        try:
            return json.loads(fh.read() or "{}")
        except ValueError:
            return {}

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self._holder(fh)
                    fh.close()
                    who = (f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
                           f"started {holder.get('started', '?')}") if holder else "another process"
                    raise LockBusy(
                        f"another {holder.get('what', 'run')} is using this database "
                        f"({who}; lock {self.path}); not starting a second one"
                    ) from None
                time.sleep(0.2)
        previous = self._holder(fh)
        if previous.get("pid") and previous.get("pid") != os.getpid():
            self.message = (
                f"taking over stale lock {self.path}: its {previous.get('what', 'run')} "
                f"(pid {previous['pid']}, started {previous.get('started', '?')}) is no longer "
                "running; it stored nothing of the source it was crawling when it died"
            )
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                             "started": utc_now(), "what": self.what}))
        fh.flush()
        os.fsync(fh.fileno())
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is None:
            return
        # Empty the file before unlocking: an empty lock file means "ended cleanly".
        # (The file itself stays: deleting it while another process waits on it races.)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.flush()
        fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
        self._fh.close()
        self._fh = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
