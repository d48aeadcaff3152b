"""The real-phrasing development set (tests/corpus/real/): well-formed cases, and the
extractor's scores on them at or above the floors recorded in floors.yml.

The floors are raised as the extractor improves and never lowered silently: a change
that makes the extractor read real announcements worse fails here, field by field.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import FIELDS, below_floors, evaluate, load_cases, load_floors

REAL = Path(__file__).parent / "corpus" / "real"
CASES = load_cases(REAL)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")
_EVENT_FIELDS = ("start", "end", "registration_deadline", "languages", "languages_stated",
                 "attendance_mode", "city", "status", "sessions")  # fmt: skip


def test_the_set_is_large_and_spread():
    events = sum(1 for c in CASES if c["labels"]["is_event"])
    assert events >= 200 and len(CASES) - events >= 40
    per_site = Counter(c["site"] for c in CASES)
    assert max(per_site.values()) <= 5, per_site.most_common(3)
    assert len({c["kind"] for c in CASES}) >= 6


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_is_well_formed(case):
    labels = case["labels"]
    assert case["source_url"].startswith(("http://", "https://"))
    assert set(labels) <= set(FIELDS), set(labels) - set(FIELDS)
    for name in ("published", "start", "end", "registration_deadline"):
        assert labels.get(name) is None or _DATE.match(str(labels[name])), (name, labels[name])
    for s in labels.get("sessions") or []:
        assert _DATE.match(str(s["start"])) and (s.get("end") is None or _DATE.match(s["end"]))
    if not labels["is_event"]:
        assert all(labels.get(f) is None for f in _EVENT_FIELDS), "a non-event has no event facts"
    else:
        assert labels.get("status") in ("scheduled", "cancelled", "postponed")
        assert labels.get("attendance_mode") in (None, "online", "offline", "mixed")
    if labels.get("start") and labels.get("end"):
        assert str(labels["end"]) >= str(labels["start"])[:10]


def test_scores_stay_at_or_above_their_floors():
    report = evaluate(REAL)
    problems = below_floors(report, load_floors(REAL / "floors.yml"))
    assert not problems, "\n".join(problems)


def test_eval_command_prints_the_table_and_fails_below_a_floor(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["eval", str(REAL)])
    assert ok.exit_code == 0, ok.output
    assert "filled accuracy" in ok.output and "false-fill" in ok.output
    impossible = tmp_path / "floors.yml"
    impossible.write_text("overall: {accuracy: 1.01}\n")
    bad = runner.invoke(main, ["eval", str(REAL), "--floors", str(impossible)])
    assert bad.exit_code == 1


def test_eval_refuses_a_folder_without_cases(tmp_path):
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2 and "no case files" in result.output
