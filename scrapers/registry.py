"""The portal registry: ``scrapers/sources.yml``, one entry per portal.

Adding a portal is adding an entry (plus sample pages and a test); the generic
``portal`` spider reads everything it needs from here. Plain YAML + dataclass,
no Scrapy imports, so the CLI and the store can read it too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REGISTRY_FILE = Path(__file__).with_name("sources.yml")
LEVELS = ("national", "programme", "regional", "eu", "other")


class RegistryError(ValueError):
    """The registry file is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class Source:
    """One portal: where to start, which links are items, how to read them."""

    id: str
    name: str
    level: str
    hosts: tuple[str, ...]
    start_urls: tuple[str, ...]
    item_links: str
    feeds: tuple[str, ...] = ()
    pagination: str | None = None
    listing_area: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    programme: str | None = None
    language: str = "pl"
    evidence: str = "guess"
    enabled: bool = True
    spider: str = "portal"
    notes: str | None = None

    @property
    def item_re(self) -> re.Pattern[str]:
        return re.compile(self.item_links)

    @property
    def pagination_re(self) -> re.Pattern[str] | None:
        return re.compile(self.pagination) if self.pagination else None


_REQUIRED = ("id", "name", "level", "hosts", "item_links")


def _source(entry: dict[str, Any], where: str) -> Source:
    missing = [k for k in _REQUIRED if not entry.get(k)]
    if not entry.get("start_urls") and not entry.get("feeds"):
        missing.append("start_urls (or feeds)")
    if missing:
        raise RegistryError(f"{where}: missing {', '.join(missing)}")
    if entry["level"] not in LEVELS:
        raise RegistryError(f"{where}: level must be one of {', '.join(LEVELS)}")
    for key in ("item_links", "pagination"):
        if entry.get(key):
            try:
                re.compile(entry[key])
            except re.error as exc:
                raise RegistryError(f"{where}: {key} is not a regular expression: {exc}") from exc
    data = dict(entry)
    data["hosts"] = tuple(entry["hosts"])
    data["start_urls"] = tuple(entry.get("start_urls") or ())
    data["feeds"] = tuple(entry.get("feeds") or ())
    data["selectors"] = dict(entry.get("selectors") or {})
    known = set(Source.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return Source(**data)


def registry_file() -> Path:
    """``scrapers/sources.yml``, or the file named by ``EUFUNDS_REGISTRY`` (tests use
    their own small registries this way without touching the shared one)."""
    return Path(os.environ.get("EUFUNDS_REGISTRY") or REGISTRY_FILE)


def load_sources(path: Path | None = None) -> tuple[Source, ...]:
    """All registry entries, validated; raises RegistryError with the culprit named."""
    return _load_sources(Path(path) if path else registry_file())


@lru_cache(maxsize=4)
def _load_sources(path: Path) -> tuple[Source, ...]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read the registry: {exc}") from exc
    entries = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise RegistryError(f"{path}: expected a top-level 'sources:' list")
    sources = [_source(e, f"{path}: entry {i} ({e.get('id', '?')})") for i, e in enumerate(entries)]
    ids = [s.id for s in sources]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RegistryError(f"{path}: duplicate id(s) {', '.join(sorted(dupes))}")
    return tuple(sources)


def get_source(source_id: str) -> Source:
    """One entry by id; KeyError names the known ids."""
    for s in load_sources():
        if s.id == source_id:
            return s
    known = ", ".join(s.id for s in load_sources())
    raise KeyError(f"unknown source {source_id!r}; known: {known}")
