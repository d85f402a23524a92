"""What a meeting brief says, read from the records (the prose is `domain/brief.render`).

It lives in the store, not beside the meeting use cases, because the derivation writes each prepare
reminder's brief: reading it here keeps `services/reminders` from importing `services/meetings`, which
imports it back to derive.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netdesk.domain.brief import BriefFacts
from netdesk.store import referrals
from netdesk.store.models import Ask, Contact, Interaction, Lead, Meeting, Referral


def _names(ids: set[int]) -> dict[int, str]:
    return dict(Contact.select(Contact.id, Contact.name).where(Contact.id.in_(list(ids))).tuples()) if ids else {}


def _in_zone(stored: str, tzid: str) -> dt.datetime:
    """The stored instant on the meeting's own clock: a time typed into a spring gap before the
    time-zone fix was stored with the offset the user assumed (02:30+01:00); the brief must say the
    instant the calendar shows (03:30+02:00), not echo the typed text."""
    at = dt.datetime.fromisoformat(stored)
    if at.tzinfo is None:
        return at
    try:
        return at.astimezone(ZoneInfo(tzid))
    except (ZoneInfoNotFoundError, ValueError):
        return at


def facts(meeting_id: int) -> BriefFacts | None:
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None:
        return None
    contact = Contact.get_by_id(meeting.contact_id)
    cid = contact.id
    shown = list(Referral.select().where((Referral.seeker == cid) | (Referral.target == cid))
                 .order_by(Referral.on_date.desc(), Referral.id.desc()).limit(5))
    names = _names({r.seeker_id for r in shown} | {r.target_id for r in shown}
                   | ({meeting.referred_by_id} if meeting.referred_by_id else set()))
    loops = [
        f"lead of {lead.on_date.isoformat()} ({lead.text}): "
        + ("no outcome yet" if lead.outcome is None else f"outcome not yet reported: {lead.outcome}")
        for lead in Lead.select().where((Lead.contact == cid) & Lead.reported_on.is_null()).order_by(Lead.on_date)
    ]
    # Root first, ending at the person you meet.
    chain = [name for _, name in referrals.chain(cid, first=meeting.referred_by_id)][::-1] + [contact.name]
    return BriefFacts(
        contact=contact.name,
        at=_in_zone(meeting.at, meeting.tzid),
        purpose=meeting.purpose,
        organisation=contact.organisation,
        title=contact.title,
        how_met=contact.how_met,
        referred_by=names.get(meeting.referred_by_id) if meeting.referred_by_id else None,
        chain=chain,
        referrals=[f"on {r.on_date.isoformat()} you gave {names.get(r.seeker_id, '?')} the name of "
                   f"{names.get(r.target_id, '?')}" for r in shown],
        interactions=[(i.on_date, i.kind, i.note) for i in Interaction.select().where(Interaction.contact == cid)
                      .order_by(Interaction.on_date.desc(), Interaction.id.desc()).limit(3)],
        open_asks=[(a.on_date, a.effort, a.purpose) for a in Ask.select().where((Ask.contact == cid)
                   & (Ask.status == "open")).order_by(Ask.on_date)],
        open_loops=loops,
    )
