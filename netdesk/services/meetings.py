"""Meetings and their brief: the prepare reminder carries it, and so does the meeting's calendar event."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netdesk.domain import brief
from netdesk.domain.ids import ContactId, MeetingId
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.services.recording import Recorded
from netdesk.store import referrals
from netdesk.store.models import Ask, Contact, Interaction, Lead, Meeting, Referral, database


def local_zone() -> dt.tzinfo:
    """The user's IANA zone when it can be named (so a summer meeting gets summer time), else the offset now."""
    for key in (os.environ.get("TZ", "").lstrip(":"), _etc_localtime_key()):
        if key:
            try:
                return ZoneInfo(key)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


def _etc_localtime_key() -> str:
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return ""
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""


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
    with database.atomic():
        row = Meeting.create(
            contact=contact_id, at=at.isoformat(timespec="seconds"), tzid=_tzid(at), referred_by=referred_by,
            purpose=purpose.strip(), location=location.strip(), duration_minutes=duration_minutes,
        )
        scope = [contact_id] + ([referred_by] if referred_by else [])
        changed = reminders.derive(today, contact_ids=scope).changed
    return Recorded(MeetingId(row.id), contact_id, changed)


def _chain(contact: Contact, referred_by: int | None) -> list[str]:
    """The brief's introduction chain, root first, ending at the contact."""
    names = [name for _, name in referrals.chain(contact.id, first=referred_by)]
    return list(reversed(names)) + [contact.name]


def _names(ids: set[int]) -> dict[int, str]:
    return dict(Contact.select(Contact.id, Contact.name).where(Contact.id.in_(list(ids))).tuples()) if ids else {}


def brief_facts(meeting_id: int) -> brief.BriefFacts:
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting with id {meeting_id}")
    contact = Contact.get_by_id(meeting.contact_id)
    cid = contact.id
    referrals = list(Referral.select().where((Referral.seeker == cid) | (Referral.target == cid))
                     .order_by(Referral.on_date.desc(), Referral.id.desc()).limit(5))
    names = _names({r.seeker_id for r in referrals} | {r.target_id for r in referrals}
                   | ({meeting.referred_by_id} if meeting.referred_by_id else set()))
    loops = [
        f"lead of {lead.on_date.isoformat()} ({lead.text}): "
        + ("no outcome yet" if lead.outcome is None else f"outcome not yet reported: {lead.outcome}")
        for lead in Lead.select().where((Lead.contact == cid) & Lead.reported_on.is_null()).order_by(Lead.on_date)
    ]
    return brief.BriefFacts(
        contact=contact.name,
        at=dt.datetime.fromisoformat(meeting.at),
        purpose=meeting.purpose,
        organisation=contact.organisation,
        title=contact.title,
        how_met=contact.how_met,
        referred_by=names.get(meeting.referred_by_id) if meeting.referred_by_id else None,
        chain=_chain(contact, meeting.referred_by_id),
        referrals=[f"on {r.on_date.isoformat()} you gave {names.get(r.seeker_id, '?')} the name of "
                   f"{names.get(r.target_id, '?')}" for r in referrals],
        interactions=[(i.on_date, i.kind, i.note) for i in Interaction.select().where(Interaction.contact == cid)
                      .order_by(Interaction.on_date.desc(), Interaction.id.desc()).limit(3)],
        open_asks=[(a.on_date, a.effort, a.purpose) for a in Ask.select().where((Ask.contact == cid)
                   & (Ask.status == "open")).order_by(Ask.on_date)],
        open_loops=loops,
    )


def meeting_brief(meeting_id: int, today: dt.date) -> str:
    """The brief for one meeting as plain text (the VEVENT DESCRIPTION and the prepare reminder's detail)."""
    del today  # the brief reads only records, so re-deriving on another day gives the same text
    return brief.render(brief_facts(meeting_id))
