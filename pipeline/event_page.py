"""What the event page shows, computed from one ``events`` row: plain functions, no Datasette.

The catalogue's event page (``pipeline/datasette_templates/row-events-events.html``, filled
by the plugin ``pipeline/datasette_plugins/catalogue_pages.py``) reads an event as a person
would: when in Polish form ("środa, 2 grudnia 2026, 12:00–13:00"), where, how, in which
languages, until when one may register and how many days are left, and whether it is still
on. Dates are formatted by Babel's CLDR data (weekday and genitive month names) rather
than a word list of our own.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from urllib.parse import quote_plus

from babel.dates import format_date

MODES = {"online": "online", "offline": "on-site", "mixed": "hybrid (on-site and online)"}
LANGUAGES = {"pl": "Polish", "en": "English", "de": "German", "uk": "Ukrainian",
             "pso": "Polish Sign Language", "cs": "Czech", "sk": "Slovak", "lt": "Lithuanian",
             "fr": "French", "ru": "Russian", "be": "Belarusian"}
TYPES = {"info_meeting": "information meeting", "training": "training", "webinar": "webinar",
         "conference": "conference", "consultation": "consultation", "fair": "fair",
         "other": "event"}


def _parse(value: str) -> tuple[date, str | None]:
    """A local date or date-time of the record: (day, "HH:MM" or None)."""
    if len(value) > 10:
        moment = datetime.fromisoformat(value)
        return moment.date(), moment.strftime("%H:%M")
    return date.fromisoformat(value), None


def polish_day(day: date) -> str:
    """``środa, 2 grudnia 2026``."""
    return format_date(day, "EEEE, d MMMM y", locale="pl")


def polish_when(start: str | None, end: str | None = None) -> str | None:
    """A start and end as a Pole writes them: ``środa, 2 grudnia 2026, 12:00–13:00``;
    ``środa, 2 grudnia 2026 – piątek, 4 grudnia 2026`` for several days; None without a start."""
    if not start:
        return None
    day, time = _parse(start)
    text = polish_day(day) + (f", {time}" if time else "")
    if not end:
        return text
    end_day, end_time = _parse(end)
    if end_day == day:
        return text + (f"–{end_time}" if end_time and time else "")
    return text + " – " + polish_day(end_day) + (f", {end_time}" if end_time else "")


def sessions_of(row: dict[str, Any]) -> list[str]:
    """Each session of a multi-session event, in Polish form (empty for a single one)."""
    try:
        sessions = json.loads(row.get("sessions") or "null") or []
    except ValueError:
        return []
    if len(sessions) < 2:
        return []
    return [w for s in sessions if (w := polish_when(s.get("start"), s.get("end")))]


def deadline(value: str | None, today: date) -> dict[str, Any] | None:
    """The registration deadline: its Polish form and the whole days left (0 = today;
    negative = closed). A bare date means until the end of that day."""
    if not value:
        return None
    day, time = _parse(value)
    left = (day - today).days
    if left < 0:
        note = "registration closed"
    elif left == 0:
        note = "last day to register"
    else:
        note = f"{left} day{'s' if left != 1 else ''} left"
    return {"when": polish_day(day) + (f", {time}" if time else ""), "days_left": left,
            "note": note, "open": left >= 0}


def languages_of(row: dict[str, Any]) -> list[str]:
    try:
        codes = json.loads(row.get("languages") or "null") or []
    except ValueError:
        return []
    return [LANGUAGES.get(c, c) for c in codes]


def where_of(row: dict[str, Any]) -> dict[str, Any] | None:
    """Venue, city and region, with a link to find the place on OpenStreetMap."""
    venue, city, region = row.get("venue"), row.get("city"), row.get("region")
    parts = [venue] if venue else []
    if city and not (venue and city in venue):
        parts.append(city)
    if not parts and not region:
        return None
    text = ", ".join(parts)
    query = ", ".join(p for p in (text, region, "Polska") if p)
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is not None and lon is not None:
        link = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=14/{lat}/{lon}"
    else:
        link = "https://www.openstreetmap.org/search?query=" + quote_plus(query)
    return {"text": text, "region": region, "map": link}


def event_view(row: dict[str, Any], today: date) -> dict[str, Any]:
    """Everything the event page shows of one ``events`` row."""
    status = row.get("status") or "scheduled"
    return {
        "title": row.get("title") or "(untitled)",
        "when": polish_when(row.get("start"), row.get("end")),
        "sessions": sessions_of(row),
        "where": where_of(row),
        "mode": MODES.get(row.get("attendance_mode") or ""),
        "languages": languages_of(row),
        "type": TYPES.get(row.get("event_type") or ""),
        "deadline": deadline(row.get("registration_deadline"), today),
        "registration_url": row.get("registration_url"),
        "free": {1: "free of charge", 0: "paid"}.get(row.get("is_free")),  # type: ignore[call-overload]
        "status": status,
        "loud": status in ("cancelled", "postponed"),
        "url": row.get("url"),
        "organizer": row.get("organizer"),
        "summary": row.get("summary"),
        "source": row.get("source"),
        "gone": row.get("missing_since"),
    }
