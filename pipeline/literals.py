"""Which of a fixed set of literal substrings occur in a text, in one pass.

Why: many cheap checks here are "does any of these words occur?" before a
costly step (a regular expression, a CSS query). One ``in`` per word scans
the text once per word; an Aho-Corasick automaton (ahocorasick-rs) finds all
the words in a single scan, which matters on 50 KB pages and a dozen words.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs


class Literals:
    """A fixed set of words, found together."""

    __slots__ = ("_automaton", "words")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(dict.fromkeys(words))
        self._automaton = ahocorasick_rs.AhoCorasick(self.words)

    def found(self, text: str) -> set[str]:
        """The words that occur in ``text``: ``{w for w in words if w in text}``."""
        words = self.words
        # overlapping: every occurrence is reported, so no word hides another
        matches = self._automaton.find_matches_as_indexes(text, overlapping=True)
        return {words[i] for i, _start, _end in matches}

    def starts(self, text: str) -> list[int]:
        """Where the words occur in ``text`` (start offsets, in text order)."""
        return [start for _i, start, _end in self._automaton.find_matches_as_indexes(text)]
