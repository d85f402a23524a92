"""Meetings and their brief: the prepare reminder carries it, and so does the meeting's calendar event."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from netdesk.domain import brief, zones
from netdesk.domain.change import Recorded, RecordKind
from netdesk.domain.ids import ContactId
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import calendar_reads
from netdesk.store import meetings as meeting_rows
from netdesk.store.db import transaction


def _tzid(at: dt.datetime) -> str:
    key = getattr(at.tzinfo, "key", None)
    if key:
        return key
    return "UTC"  # `at` keeps its own offset, which is what counts; this is only a hint for calendars


def add_meeting(contact_id: ContactId, at: dt.datetime, *, today: dt.date, referred_by: ContactId | None = None,
                purpose: str = "", location: str = "", duration_minutes: int = 60) -> Recorded:
    if at.tzinfo is None:
        raise InvalidValue("a meeting time needs a time zone")
    if referred_by is not None and referred_by == contact_id:
        raise InvalidValue("a contact cannot refer you to themselves")
    if duration_minutes <= 0:
        raise InvalidValue("a meeting lasts at least a minute")
    at, warning = zones.resolve(at)  # a time the clocks skip or repeat: stored at one instant, and said so
    with transaction():
        meeting_id = meeting_rows.add(
            contact_id, at.isoformat(timespec="seconds"), _tzid(at), referred_by=referred_by,
            purpose=purpose.strip(), location=location.strip(), duration_minutes=duration_minutes,
        )
        scope = [contact_id] + ([referred_by] if referred_by else [])
        done = reminders.recorded(RecordKind.MEETING, meeting_id, scope, today)
    return replace(done, warnings=(*done.warnings, warning)) if warning else done


def brief_facts(meeting_id: int) -> brief.BriefFacts:
    event = calendar_reads.meeting_event(meeting_id)  # the statement the calendar reads every event with
    if event is None:
        raise NotFound(f"no meeting with id {meeting_id}")
    return event.brief


def meeting_brief(meeting_id: int, today: dt.date) -> str:
    """The brief for one meeting as plain text (the VEVENT DESCRIPTION and the prepare reminder's detail)."""
    del today  # the brief reads only records, so re-deriving on another day gives the same text
    return brief.render(brief_facts(meeting_id))
