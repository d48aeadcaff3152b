"""``eufunds eval``: score the extractor on a labelled set of real announcements.

Why: the extractor is judged on real pages by the conventions in the labelling
guide, field by field, with two numbers that mean different things:

- **filled-field accuracy**: of the labels the page gives (not null), the share
  we got exactly right;
- **false-fill rate**: of the labels the page leaves null, the share we filled
  anyway. A date that is there but wrong is the worse error for an analyst, so
  it is counted on its own and never averaged away.

Dates are also scored at day level (``start`` right to the day even when the
time differs). A case is one YAML file (see ``tests/corpus/real/README.md``);
the extractor sees its ``text`` and ``source_url``, nothing else, and never
the clock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import places
from .extract import extract

#: The scored fields, in the order of the labelling guide.
FIELDS = (
    "is_event", "published", "start", "end", "registration_deadline", "languages",
    "languages_stated", "attendance_mode", "city", "status", "sessions", "timezone",
)  # fmt: skip
#: Fields also scored at day level (their first ten characters).
DAY_FIELDS = ("start", "end", "registration_deadline")
#: Polish time is the record's default zone; a label names a zone only when the page does.
HOME_ZONE = "Europe/Warsaw"


class CorpusError(Exception):
    """A case file that cannot be read or lacks what a case needs."""


@dataclass
class Miss:
    case: str
    field: str
    expected: Any
    got: Any
    kind: str  # "wrong" (label given, we differ) or "false_fill" (label null, we filled)


@dataclass
class FieldScore:
    given: int = 0  # labels the pages give
    right: int = 0  # ... that we got right
    null: int = 0  # labels the pages leave null
    filled: int = 0  # ... that we filled anyway

    @property
    def accuracy(self) -> float | None:
        return self.right / self.given if self.given else None

    @property
    def false_fill(self) -> float | None:
        return self.filled / self.null if self.null else None


@dataclass
class Report:
    cases: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    days: dict[str, FieldScore] = field(
        default_factory=lambda: {f: FieldScore() for f in DAY_FIELDS}
    )
    misses: list[Miss] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    #: the same scores per page language (a case's ``page_language``, "pl" when unset)
    by_language: dict[str, Report] = field(default_factory=dict)

    def overall(self) -> FieldScore:
        """Micro-average over every scored field except ``is_event`` (reported alone)."""
        total = FieldScore()
        for name, s in self.fields.items():
            if name == "is_event":
                continue
            total.given += s.given
            total.right += s.right
            total.null += s.null
            total.filled += s.filled
        return total

    def language(self, code: str) -> Report:
        """The sub-report of one page language (made on first use)."""
        if code not in self.by_language:
            self.by_language[code] = Report()
        return self.by_language[code]

    def as_dict(self) -> dict[str, Any]:
        def one(s: FieldScore) -> dict[str, Any]:
            return {"given": s.given, "accuracy": s.accuracy, "null": s.null,
                    "false_fill": s.false_fill}  # fmt: skip

        return {
            "cases": self.cases,
            "kinds": dict(self.kinds),
            "overall": one(self.overall()),
            "fields": {k: one(v) for k, v in self.fields.items()},
            "days": {k: one(v) for k, v in self.days.items()},
        }


def load_cases(corpus: Path) -> list[dict[str, Any]]:
    """Every ``*.yml`` case under ``corpus`` (its ``cases/`` folder if there is one)."""
    folder = corpus / "cases" if (corpus / "cases").is_dir() else corpus
    paths = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
    if not paths:
        raise CorpusError(f"no case files (*.yml) in {folder}")
    cases = []
    for p in paths:
        try:
            case = yaml.safe_load(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise CorpusError(f"{p}: not a readable YAML case ({exc.__class__.__name__})") from exc
        if not isinstance(case, dict) or not isinstance(case.get("labels"), dict):
            raise CorpusError(f"{p}: a case needs `text` and a `labels` mapping")
        if not isinstance(case.get("text"), str):
            raise CorpusError(f"{p}: a case needs `text` (the announcement)")
        case.setdefault("id", p.stem)
        case["id"] = str(case["id"])
        cases.append(case)
    return cases


def _norm(name: str, value: Any) -> Any:
    """The comparable form of one field's value."""
    if value is None:
        return None
    if name == "languages":
        return tuple(sorted(str(v).lower() for v in value)) if value else None
    if name == "city":
        # a place abroad by its usual Polish or English name (labelling.md): one name
        return " ".join(str(places.canonical(str(value))).split()).casefold() or None
    if name == "sessions":
        if not value:
            return None
        return tuple((str(s.get("start")), str(s.get("end") or "")) for s in value)
    if name == "timezone":
        return None if value == HOME_ZONE else str(value)
    if isinstance(value, bool):
        return value
    return str(value)


def score_case(case: dict[str, Any], report: Report, record: dict[str, Any] | None = None) -> None:
    """Add one case's comparison to ``report`` (and to its page language's sub-report)."""
    rec = record if record is not None else extract(case["text"], url=case.get("source_url"))
    _score(case, report, rec)
    _score(case, report.language(str(case.get("page_language") or "pl")), rec)


def _score(case: dict[str, Any], report: Report, rec: dict[str, Any]) -> None:
    labels = case["labels"]
    report.cases += 1
    report.kinds[str(case.get("kind") or "unknown")] += 1
    for name in FIELDS:
        if name not in labels and name in ("sessions", "timezone"):
            labels_value = None
        else:
            labels_value = labels.get(name)
        exp, got = _norm(name, labels_value), _norm(name, rec.get(name))
        s = report.fields[name]
        if exp is None:
            s.null += 1
            if got is not None:
                s.filled += 1
                miss = Miss(case["id"], name, labels_value, rec.get(name), "false_fill")
                report.misses.append(miss)
        else:
            s.given += 1
            if got == exp:
                s.right += 1
            else:
                report.misses.append(Miss(case["id"], name, labels_value, rec.get(name), "wrong"))
        if name in DAY_FIELDS:
            d = report.days[name]
            exp_d, got_d = (exp[:10] if exp else None), (got[:10] if got else None)
            if exp_d is None:
                d.null += 1
                d.filled += got_d is not None
            else:
                d.given += 1
                d.right += got_d == exp_d


def evaluate(corpus: Path, language: str | None = None) -> Report:
    """Score :func:`pipeline.extract.extract` on every case of ``corpus`` (only the
    pages in ``language`` when given)."""
    report = Report()
    for case in load_cases(corpus):
        if language is None or str(case.get("page_language") or "pl") == language:
            score_case(case, report)
    return report


def load_floors(path: Path) -> dict[str, dict[str, float]]:
    """Per-field floors: ``{field: {accuracy: min, false_fill: max}}`` (and ``overall``);
    ``by_language: {code: {accuracy: min, false_fill: max}}`` for each page language's
    overall score."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: floors must be a mapping of field -> limits")
    return data


def below_floors(report: Report, floors: dict[str, dict[str, float]]) -> list[str]:
    """Every score under its floor (or false-fill over its ceiling), as one line each."""
    problems = []
    scores = dict(report.fields)
    scores["overall"] = report.overall()
    for code, sub in report.by_language.items():
        scores[f"overall ({code} pages)"] = sub.overall()
    wanted = {k: v for k, v in floors.items() if k != "by_language"}
    for code, limits in (floors.get("by_language") or {}).items():
        if code in report.by_language:
            wanted[f"overall ({code} pages)"] = limits
    for name, limits in wanted.items():
        s = scores.get(name)
        if s is None:
            problems.append(f"{name}: no such scored field")
            continue
        lo = limits.get("accuracy")
        if lo is not None and s.accuracy is not None and s.accuracy + 1e-9 < lo:
            problems.append(f"{name}: accuracy {s.accuracy:.3f} below floor {lo:.3f}")
        hi = limits.get("false_fill")
        if hi is not None and s.false_fill is not None and s.false_fill - 1e-9 > hi:
            problems.append(f"{name}: false-fill {s.false_fill:.3f} above ceiling {hi:.3f}")
    return problems
