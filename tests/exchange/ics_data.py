"""A store holding one reminder of every kind and status, a meeting in Paris time, and private notes.

Reminders are inserted as rows (the rules that derive them are tested elsewhere and change on their
own schedule); the calendar must render whatever the table holds.
"""

from __future__ import annotations

import datetime as dt
import uuid

from netdesk.domain.kinds import ReminderKind
from netdesk.services import contacts
from netdesk.store import settings
from netdesk.store.models import Interaction, Meeting, Reminder

SECRET_CONTACT_NOTE = "contact-secret-7f3a"
SECRET_MEETING_NOTE = "meeting-secret-91bc"
SECRET_INTERACTION_NOTE = "interaction-secret-c0de"
BASE_DAY = dt.date(2026, 3, 2)
STAMP = "2026-03-01T08:00:00Z"


def uid_for(kind: ReminderKind, n: int) -> str:
    return f"{uuid.uuid5(uuid.UUID(settings.store_id()), f'{kind.value}/test/{n}')}@netdesk"


def add_reminder(contact, kind: ReminderKind, due: dt.date, *, n: int, status: str = "open",
                 title: str | None = None, detail: str = "") -> str:
    uid = uid_for(kind, n)
    Reminder.create(
        uid=uid, kind=kind.value, contact=contact.id, contact_name=contact.name, source="test", source_id=n,
        rule_due=due, due=due, status=status, title=title or f"{kind.value} {contact.name}", detail=detail,
        sequence=0, created_at=STAMP, updated_at=STAMP,
    )
    return uid


def populate(today: dt.date) -> dict:
    """Returns what was made: {"contact": ..., "uids": {kind: uid}, "due": {kind: date}, "done_uid": ...}."""
    zoe = contacts.add_contact("Zoë Ångström", today=today)
    bob = contacts.add_contact("Bob Referrer", today=today)
    from netdesk.store.models import Contact

    Contact.update(notes=SECRET_CONTACT_NOTE).where(Contact.id == zoe.id).execute()
    uids, dues = {}, {}
    for n, kind in enumerate(ReminderKind):
        due = BASE_DAY + dt.timedelta(days=n)
        detail = f"Brief for the meeting\nLast interactions:\n- note {SECRET_INTERACTION_NOTE}" \
            if kind is ReminderKind.PREPARE else f"why {kind.value}"
        uids[kind] = add_reminder(zoe, kind, due, n=n, detail=detail)
        dues[kind] = due
    done_uid = add_reminder(zoe, ReminderKind.THANK_YOU, BASE_DAY, n=99, status="done", title="Thank Zoë (done)")
    Interaction.create(contact=zoe.id, kind="call", on_date=dt.date(2026, 2, 20), note=SECRET_INTERACTION_NOTE)
    meeting = Meeting.create(contact=zoe.id, at="2026-03-12T14:30:00+01:00", tzid="Europe/Paris", duration_minutes=45,
                             referred_by=bob.id, purpose="talk about the data team", location="Café Flore",
                             notes=SECRET_MEETING_NOTE)
    return {"contact": zoe, "referrer": bob, "uids": uids, "due": dues, "done_uid": done_uid, "meeting": meeting.id}
