"""Meeting rows: the write. What a meeting's event and brief show is read by `calendar_reads.py`."""

from __future__ import annotations

from netdesk.store.models import Meeting


def add(contact_id: int, at: str, tzid: str, *, referred_by: int | None, purpose: str, location: str,
        duration_minutes: int) -> int:
    """Insert one meeting (`at` as ISO 8601 with its offset); returns its id."""
    return Meeting.create(contact=contact_id, at=at, tzid=tzid, referred_by=referred_by, purpose=purpose,
                          location=location, duration_minutes=duration_minutes).id
