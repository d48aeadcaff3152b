"""Shared fixtures: the real ``eufunds`` command, a real replay server, real crawls."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline import sample_dates
from pipeline.replay import ReplayServer

# The sample pages' dates are placeholders rendered for "today" (pipeline.sample_dates). The
# suite pins today to the day the pages were written for, so the per-source tests, which
# state each page's dates as written, hold in any year; every subprocess inherits it.
os.environ[sample_dates.ENV] = sample_dates.ANCHOR.isoformat()

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE = ROOT / "data" / "sample-site"
EUFUNDS = [sys.executable, "-m", "pipeline.cli"]


def run_eufunds(*args: str, input: bytes | None = None, timeout: float = 300,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the real ``eufunds`` command in a subprocess (a crawl needs its own reactor)."""
    return subprocess.run(
        [*EUFUNDS, *args], input=input, capture_output=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def real_today() -> date:
    """Today in Warsaw by the clock (what the demo renders the sample site for)."""
    return datetime.now(ZoneInfo("Europe/Warsaw")).date()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One offline crawl of the whole bundled sample site, shared by read-only tests.

    Rendered for the real today, as ``make demo`` does: the catalogue's "upcoming" is
    SQLite's clock, so the catalogue tests see events next week and past ones in any year.
    """
    db = tmp_path_factory.mktemp("sample") / "events.db"
    result = run_eufunds("crawl", "--offline", "--db", str(db),
                         env={sample_dates.ENV: real_today().isoformat()})
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return db


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the sample site that a test may edit between crawls."""
    dest = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, dest)
    return dest


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    with ReplayServer(SAMPLE_SITE) as server:
        yield server
