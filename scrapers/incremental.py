"""Nightly cost proportional to change, not to the size of the site.

A portal with 20,000 announcements changes a few dozen a night, and most of its
announcements are of events long past. Revalidating every page every night (even
at a ``304`` each) costs nearly as much as the first crawl. So, per source, a crawl
reads what the last committed crawls learned (``pages`` table, ``pipeline.store``)
and, on each listing page, decides per item link whether to request it:

* **new**: never seen;
* **listing-changed**: its entry on the listing (title, date, text beside the link)
  differs from last time;
* **not-ended**: an event whose end (or start, or registration deadline) is today or
  later, or unknown: deadlines move, events get cancelled;
* **refresh**: last fetched more than ``EUFUNDS_REFRESH_DAYS`` (30) days ago.

Every other item is not requested at all: it was *seen on the listing*, and its
stored event gets ``last_seen`` from that sighting. An item page that answers
``304`` is not re-extracted either (the stored record stands).

Listing pages are always revalidated, and paging stops at the first listing page
whose every item is known with an unchanged entry: new announcements appear at
the top. The known pages below that are still due (not ended, or not fetched for
``EUFUNDS_REFRESH_DAYS``) are requested by their address; the others are presumed
still listed (they are not marked vanished). Once every ``EUFUNDS_FULL_WALK_DAYS``
(7) days, and whenever the source has no committed full walk, the listing is walked
to its end so that removed announcements are noticed (``crawls.walk`` says which
kind of walk a run did).
``EUFUNDS_INCREMENTAL=0`` turns all of this off (every page every night).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

#: Item reasons to request a known page; None means "seen on the listing, skip".
REASONS = ("new", "listing-changed", "not-ended", "refresh")


def entry_signature(text: str) -> str:
    """A short, stable fingerprint of a listing entry's text (whitespace-insensitive)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def record_ends(record: dict[str, Any]) -> str | None:
    """The last day a record's event matters (YYYY-MM-DD): its end, start, sessions or
    registration deadline, whichever is latest; None when it gives none."""
    days = [str(record.get(k))[:10] for k in ("end", "start", "registration_deadline")
            if record.get(k)]
    days += [str(s.get(k))[:10] for s in (record.get("sessions") or [])
             if isinstance(s, dict) for k in ("start", "end") if s.get(k)]
    return max(days) if days else None


@dataclass
class Plan:
    """What a crawl of one source requests, from what the last crawls learned."""

    known: dict[str, dict[str, Any]]
    today: date
    refresh_days: int = 30
    full_walk: bool = True
    sighted: dict[str, str | None] = field(default_factory=dict)  # url -> listing signature
    reasons: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, db_path: str | None, source: str, *, refresh_days: int = 30,
             full_walk_days: int = 7, now: datetime | None = None) -> Plan:
        """The plan for ``source`` from the database (read-only); an empty plan (fetch
        everything, walk to the end) when there is no database or no history."""
        import sqlite3

        from pipeline.store import known_pages, last_full_walk

        now = now or datetime.now(UTC)
        known: dict[str, dict[str, Any]] = {}
        last_walk = None
        if db_path:
            try:
                conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
                try:
                    known = known_pages(conn, source)
                    last_walk = last_full_walk(conn, source)
                finally:
                    conn.close()
            except sqlite3.Error:
                known = {}
        full = not known or last_walk is None or (
            _parse(last_walk) < now - timedelta(days=full_walk_days))
        return cls(known=known, today=now.date(), refresh_days=refresh_days, full_walk=full)

    def decide(self, url: str, sig: str | None) -> str | None:
        """Why ``url`` must be requested (one of :data:`REASONS`), or None to skip it."""
        page = self.known.get(url)
        reason: str | None
        if page is None:
            reason = "new"
        elif sig is not None and page.get("listing_sig") not in (None, sig):
            reason = "listing-changed"
        elif page.get("is_event") and (not page.get("ends")
                                       or page["ends"] >= self.today.isoformat()):
            reason = "not-ended"
        elif not page.get("fetched") or _parse(page["fetched"]).date() < self.today - timedelta(
                days=self.refresh_days):
            reason = "refresh"
        else:
            reason = None
            self.sighted[url] = sig
        key = reason or "skipped"
        self.reasons[key] = self.reasons.get(key, 0) + 1
        return reason

    def due(self, url: str) -> str | None:
        """Why a known page the listing walk did not reach must still be requested
        (``not-ended`` or ``refresh``), or None."""
        page = self.known[url]
        reason: str | None = None
        if page.get("is_event") and (not page.get("ends")
                                     or page["ends"] >= self.today.isoformat()):
            reason = "not-ended"
        elif not page.get("fetched") or _parse(page["fetched"]).date() < self.today - timedelta(
                days=self.refresh_days):
            reason = "refresh"
        if reason:
            self.reasons[reason] = self.reasons.get(reason, 0) + 1
        return reason

    def unchanged(self, entries: dict[str, str | None]) -> bool:
        """True when every item of a listing page is known with the same entry."""
        return bool(entries) and all(
            url in self.known and self.known[url].get("listing_sig") in (None, sig)
            for url, sig in entries.items())

    def presumed(self, reached: set[str]) -> list[str]:
        """Known item pages this run did not reach (below the page where paging stopped)."""
        return [u for u in self.known if u not in reached]


def _parse(stamp: str) -> datetime:
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)
