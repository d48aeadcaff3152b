"""The event record: one schema for spiders, storage, feeds and `eufunds extract`.

Field names are a public contract (feeds and consumers depend on them), so they
live here once. Validation, the Datasette column descriptions and the docs are
derived from :data:`FIELDS` and :data:`SCHEMA`, in the manner of City Scrapers'
``Meeting`` item with its embedded JSON Schema.

A field the page does not give is ``None``: never a guess dressed as a fact.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from jsonschema import Draft7Validator

TIMEZONE = "Europe/Warsaw"

# attendance_mode
ONLINE, OFFLINE, MIXED = "online", "offline", "mixed"
ATTENDANCE_MODES = (ONLINE, OFFLINE, MIXED)

# status
SCHEDULED, CANCELLED, POSTPONED = "scheduled", "cancelled", "postponed"
STATUSES = (SCHEDULED, CANCELLED, POSTPONED)

# event_type
EVENT_TYPES = (
    "info_meeting",
    "training",
    "webinar",
    "conference",
    "consultation",
    "fair",
    "other",
)

# A local date or date-time: YYYY-MM-DD or YYYY-MM-DDTHH:MM (Europe/Warsaw).
LOCAL_DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

_local = {"type": ["string", "null"], "pattern": LOCAL_DATETIME_PATTERN}
_date = {"type": ["string", "null"], "pattern": DATE_PATTERN}
_text = {"type": ["string", "null"]}
_bool = {"type": ["boolean", "null"]}

#: field name -> (JSON Schema, human description). Order is the column order.
FIELDS: dict[str, tuple[dict[str, Any], str]] = {
    "id": ({"type": "string", "minLength": 1}, "Stable id: a hash of the canonical URL."),
    "source": ({"type": "string"}, "Registry id of the portal the page came from."),
    "url": ({"type": ["string", "null"]}, "The announcement's own URL on the portal."),
    "title": (_text, "Title of the announcement."),
    "summary": (_text, "First sentences of the announcement, plain text."),
    "body": (_text, "Main text of the page, plain text, without navigation."),
    "published": (_date, "Publication date stamped on the page (YYYY-MM-DD)."),
    "start": (_local, "Start, Europe/Warsaw local time: YYYY-MM-DDTHH:MM, or YYYY-MM-DD."),
    "end": (_local, "End, same form as start; null when the page gives none."),
    "timezone": ({"type": "string"}, "Time zone of start, end and deadline."),
    "all_day": (_bool, "True when the page gives a date but no time."),
    "sessions": (
        {
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "properties": {"start": _local, "end": _local},
                "required": ["start"],
            },
        },
        "Every session when the event has several: list of {start, end}.",
    ),
    "registration_deadline": (_local, "Last moment to register, same form as start."),
    "registration_url": (_text, "Where to register, when the page links a form."),
    "languages": (
        {"type": ["array", "null"], "items": {"type": "string", "minLength": 2}},
        "ISO 639 codes of the languages the event is held in, e.g. [\"en\"];"
        " pso = Polish Sign Language.",
    ),
    "languages_stated": (_bool, "True when the page states the language, false when inferred."),
    "attendance_mode": (
        {"enum": [*ATTENDANCE_MODES, None]},
        "online, offline (on-site) or mixed (hybrid).",
    ),
    "venue": (_text, "Venue as labelled on the page (Miejsce:)."),
    "city": (_text, "City in the nominative, e.g. Lublin."),
    "region": (_text, "Voivodeship (region) of the portal or the venue."),
    "organizer": (_text, "Organizer as labelled on the page."),
    "event_type": ({"enum": [*EVENT_TYPES, None]}, "Kind of event."),
    "is_free": (_bool, "True when the page says participation is free."),
    "status": (
        {"enum": [*STATUSES, None]},
        "scheduled, cancelled or postponed; null for a page that announces no event.",
    ),
    "is_event": ({"type": "boolean"}, "False for a page that announces no event."),
    "page_language": (_text, "ISO 639-1 language of the page text."),
    "first_seen": (_text, "UTC time the crawler first stored this event."),
    "last_seen": (_text, "UTC time the crawler last saw this event on its portal."),
    "content_hash": (_text, "SHA-256 of the record's content fields; changes when the page does."),
}

FIELD_NAMES: tuple[str, ...] = tuple(FIELDS)

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "EU-funds event",
    "type": "object",
    "properties": {name: schema for name, (schema, _doc) in FIELDS.items()},
    "required": ["id", "source", "is_event", "status", "timezone"],
    "additionalProperties": False,
}

_validator = Draft7Validator(SCHEMA)

# Fields whose change is a change of the event (not of our bookkeeping).
CONTENT_FIELDS = tuple(
    f for f in FIELD_NAMES if f not in {"id", "first_seen", "last_seen", "content_hash"}
)


def empty_record() -> dict[str, Any]:
    """A record with every field present and nothing known."""
    rec: dict[str, Any] = dict.fromkeys(FIELD_NAMES)
    rec.update(timezone=TIMEZONE, status=SCHEDULED, is_event=False, source="unknown", id="")
    return rec


def canonical_url(url: str) -> str:
    """Normalise a URL so one page has one id: lower-case host, no fragment,
    no default port, http and https treated alike, trailing slash kept as given."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = parts.query
    if query and any(k in query for k in _NOT_THE_PAGE):
        query = "&".join(
            pair for pair in query.split("&")
            if pair.split("=", 1)[0] not in _NOT_THE_PAGE and not pair.startswith("utm_")
        )  # fmt: skip
    return urlunsplit(("https", host, parts.path or "/", query, ""))


#: Query parameters that say where a visitor came from, not which page it is (Liferay's
#: "?redirect=...&inheritRedirect=true" on an article's link; a campaign's utm_*).
_NOT_THE_PAGE = frozenset({"redirect", "inheritRedirect", "backURL", "utm_source", "utm_medium",
                           "utm_campaign", "utm_term", "utm_content", "fbclid"})


def event_id(url: str) -> str:
    """Stable id derived from the canonical URL only (never title or time,
    so a renamed or rescheduled event keeps its id)."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def content_hash(record: dict[str, Any]) -> str:
    """Hash of the content fields, to tell a real change from a re-fetch.

    The fields' values go in as one JSON array in :data:`CONTENT_FIELDS`
    order (field names add nothing but bytes to escape), the body, most of
    the bytes, as its UTF-8 after it: JSON-escaping it cost half the time.
    (JSON never emits a raw control character, so the boundary is unambiguous.
    Hashes of the older form changed once; none were stored in production.)"""
    values = [record.get(f) for f in CONTENT_FIELDS if f != "body"]
    blob = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(blob.encode("utf-8"))
    body = record.get("body")
    digest.update(b"\x00" if body is None else b"\x01" + str(body).encode("utf-8"))
    return digest.hexdigest()


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Human-readable schema violations of one record (empty when valid)."""
    return [
        f"{'/'.join(str(p) for p in err.path) or '(record)'}: {err.message}"
        for err in _validator.iter_errors(record)
    ]
