"""Recording what happened with a contact: interactions, favours, thanks, gives and referrals.

Each use case writes in one transaction, re-derives the reminders of the contacts it touched inside it,
and returns the `Recorded` naming the record, the contacts and the reminders it wrote.
Leads, asks and meetings have their own modules (`leads`, `asks`, `meetings`).
"""

from __future__ import annotations

import datetime as dt

from netdesk.domain.change import Recorded, RecordKind
from netdesk.domain.ids import ContactId
from netdesk.domain.kinds import GiveKind, InteractionKind, values
from netdesk.errors import InvalidValue
from netdesk.services import reminders
from netdesk.store import records as rs
from netdesk.store.db import transaction


def _text(value: str, what: str) -> str:
    clean = value.strip()
    if not clean:
        raise InvalidValue(f"say what the {what} was")
    return clean


def record_favour(contact_id: ContactId, text: str, *, on: dt.date, today: dt.date) -> Recorded:
    text = _text(text, "favour")
    with transaction():
        favour_id = rs.add_favour(contact_id, text, on)
        return reminders.recorded(RecordKind.FAVOUR, favour_id, [contact_id], today)


def record_thanks(contact_id: ContactId, *, on: dt.date, today: dt.date, note: str = "") -> Recorded:
    """Thanks close every open thank-you of that contact: for favours, leads and resolved asks."""
    with transaction():
        thanks_id = rs.add_thanks(contact_id, on, note.strip())
        favours, leads = rs.mark_thanked(contact_id, on)
        thanked = [(RecordKind.FAVOUR, f) for f in favours] + [(RecordKind.LEAD, lead) for lead in leads]
        return reminders.recorded(RecordKind.THANKS, thanks_id, [contact_id], today, records=thanked)


def log_interaction(contact_id: ContactId, kind: str, *, on: dt.date, today: dt.date, note: str = "") -> Recorded:
    """Any logged interaction restarts the keep-in-touch clock (the same reminder moves forward)."""
    if kind not in values(InteractionKind):
        raise InvalidValue(f"interaction kind {kind!r} is not one of {', '.join(values(InteractionKind))}")
    with transaction():
        interaction_id = rs.add_interaction(contact_id, kind, on, note.strip())
        return reminders.recorded(RecordKind.INTERACTION, interaction_id, [contact_id], today)


def record_give(contact_id: ContactId, text: str, *, on: dt.date, today: dt.date, kind: str = "article",
                link: str | None = None) -> Recorded:
    text = _text(text, "thing you gave")
    if kind not in values(GiveKind):
        raise InvalidValue(f"give kind {kind!r} is not one of {', '.join(values(GiveKind))}")
    with transaction():
        give_id = rs.add_give(contact_id, text, kind, (link or "").strip() or None, on)
        return reminders.recorded(RecordKind.GIVE, give_id, [contact_id], today)


def record_referral(seeker_id: ContactId, target_id: ContactId, *, on: dt.date, today: dt.date,
                    note: str = "") -> Recorded:
    """You gave the seeker the name of the target: tell the target to expect a call, check back later."""
    if seeker_id == target_id:
        raise InvalidValue("a contact cannot be referred to themselves")
    with transaction():
        referral_id = rs.add_referral(seeker_id, target_id, on, note.strip())
        return reminders.recorded(RecordKind.REFERRAL, referral_id, [seeker_id, target_id], today)
