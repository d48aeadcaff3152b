"""Everything language-specific, as data: one YAML file per language.

Why: the extractor's grammar (month names in every case, weekdays, time and
range words, cue words per date role, event nouns, status and mode words,
language names) used to sit in code as Polish word lists. Here each language
is a file, ``<code>.yml``, with the same keys (dateparser's language files are
the model); :mod:`pipeline.dates`, :mod:`pipeline.roles` and
:mod:`pipeline.facts` compile their patterns from the files of the languages
that apply to a page and cache them, so a language costs one file and its
cases, not code.

Which languages apply: Polish and English always (Polish pages quote English
and the reverse), plus the page's own language when it has a file
(:func:`for_page`). The choice travels in a context variable
(:func:`use`), set once per page by :mod:`pipeline.extract`, so the grammar
modules need not pass it through every call.

Keys hold either plain words (folded: lower case, no diacritics, where the
key says so) or regular-expression fragments (keys ending in ``_re``);
``docs/adding-a-language.md`` describes each key.
"""

from __future__ import annotations

import contextvars
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
#: Languages that apply to every page.
ALWAYS: tuple[str, ...] = ("pl", "en")

_ACTIVE: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "eufunds_languages", default=ALWAYS
)


class LanguageError(ValueError):
    """A language file is missing, unreadable or lacks a key."""


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """Codes of every language with a file, Polish and English first."""
    codes = sorted(p.stem for p in HERE.glob("*.yml"))
    return tuple([c for c in ALWAYS if c in codes] + [c for c in codes if c not in ALWAYS])


@cache
def load(code: str) -> dict[str, Any]:
    """One language file as a dict (read once)."""
    path = HERE / f"{code}.yml"
    if not path.is_file():
        raise LanguageError(f"no language file {path.name} in {HERE}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise LanguageError(f"{path.name}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise LanguageError(f"{path.name}: a language file is a mapping of keys")
    return data


def keys() -> set[str]:
    """The keys every language file must have (Polish's file is the reference)."""
    return set(load("pl"))


def missing_keys(code: str) -> set[str]:
    """Keys of the reference file that ``code``'s file lacks."""
    return keys() - set(load(code))


@lru_cache(maxsize=64)
def for_page(page_language: str | None) -> tuple[str, ...]:
    """The languages whose tables apply to a page written in ``page_language``."""
    if page_language and page_language not in ALWAYS and page_language in available():
        return (*ALWAYS, page_language)
    return ALWAYS


#: The languages that apply to the page being read now (the context variable's own getter:
#: it is asked many times a page, and a Python wrapper around it cost a tenth of a µs each).
active = _ACTIVE.get


class use:  # noqa: N801 (used as a function: `with languages.use(codes):`)
    """Read a page with the tables of ``codes`` (see :func:`for_page`). (A small class,
    not a generator-based context manager: it is entered once per page.)"""

    __slots__ = ("codes", "token")

    def __init__(self, codes: tuple[str, ...]) -> None:
        self.codes = tuple(codes)

    def __enter__(self) -> None:
        self.token = _ACTIVE.set(self.codes)

    def __exit__(self, *exc: object) -> None:
        _ACTIVE.reset(self.token)


@lru_cache(maxsize=64)
def merged(codes: tuple[str, ...], key: str) -> list[Any]:
    """``key``'s entries from each language in ``codes``, in that order, without
    repeats (lists are concatenated; a mapping's items become (key, value) pairs)."""
    out: list[Any] = []
    seen: set[str] = set()
    for code in codes:
        value = load(code).get(key)
        if value is None:
            continue
        items = list(value.items()) if isinstance(value, dict) else list(value)
        for item in items:
            marker = repr(item)
            if marker not in seen:
                seen.add(marker)
                out.append(item)
    return out


@lru_cache(maxsize=16)
def abbreviations(codes: tuple[str, ...]) -> frozenset[str]:
    """The words of ``codes`` whose dot ends no sentence ("kol.", "ul.", "val."; the
    files' ``sentence_abbreviations``), as they are compared: folded, without the dot."""
    return frozenset(str(a) for a in merged(codes, "sentence_abbreviations"))


def alternation(items: list[str]) -> str:
    """Regular-expression fragments as one non-capturing alternation."""
    return "(?:" + "|".join(items) + ")" if items else "(?!)"
