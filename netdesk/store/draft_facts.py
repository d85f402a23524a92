"""What one reminder's draft may say, read in a fixed number of queries (at most seven, whatever the kind
and the size of the store), and the user's message settings: their words and their templates.
"""

from __future__ import annotations

import datetime as dt
import json

from netdesk.domain.drafts import DraftFacts, Person, Preferences
from netdesk.domain.kinds import ReminderKind
from netdesk.domain.message_templates import Template
from netdesk.domain.reach_out import SHARE_KINDS, SHARE_WINDOW_DAYS
from netdesk.store.models import (
    Ask,
    Contact,
    ContactTag,
    Email,
    Favour,
    Give,
    Interaction,
    Lead,
    Meeting,
    Referral,
    Reminder,
    Setting,
    Tag,
)

PREFIX = "messages."
TEMPLATE_PREFIX = PREFIX + "template."
PREFERENCE_KEYS = {"signature": PREFIX + "signature", "offer": PREFIX + "offer", "news": PREFIX + "news",
                   "my_email": PREFIX + "my_email"}
SHARE_LIMIT = 50


def template_key(kind: ReminderKind) -> str:
    return TEMPLATE_PREFIX + kind.value


def message_settings() -> tuple[Preferences, dict[ReminderKind, Template]]:
    """The user's words and their edited templates, in one query."""
    stored = {key: json.loads(value) for key, value in
              Setting.select(Setting.key, Setting.value).where(Setting.key.startswith(PREFIX)).tuples()}
    prefs = Preferences(**{name: str(stored.get(key) or "") for name, key in PREFERENCE_KEYS.items()})
    templates = {}
    for kind in ReminderKind:
        value = stored.get(template_key(kind))
        if isinstance(value, dict) and isinstance(value.get("body"), str):
            templates[kind] = Template(str(value.get("subject") or ""), value["body"])
    return prefs, templates


def _day(value) -> dt.date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


_PERSON = (Contact.id, Contact.name, Contact.given_name, Contact.title, Contact.organisation, Contact.name_ok)


def _people(ids: list[int]) -> dict[int, Person]:
    """Two queries: the contacts, then their emails in order."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = Contact.select(*_PERSON).where(Contact.id.in_(wanted)).tuples()
    emails: dict[int, list[str]] = {}
    for cid, value in (Email.select(Email.contact, Email.value).where(Email.contact.in_(wanted))
                       .order_by(Email.contact, Email.position, Email.id).tuples()):
        emails.setdefault(cid, []).append(value)
    return {cid: Person(name, given or "", title or "", org or "", bool(ok), tuple(emails.get(cid, ())))
            for cid, name, given, title, org, ok in rows}


def facts(reminder_id: int, today: dt.date) -> DraftFacts | None:
    """The facts of one reminder's draft; None when there is no such reminder."""
    row = (Reminder.select(Reminder.kind, Reminder.source, Reminder.source_id, Reminder.contact,
                           Reminder.contact_name, Reminder.detail)
           .where(Reminder.id == reminder_id).tuples().first())
    if row is None:
        return None
    kind_text, source, source_id, contact_id, contact_name, detail = row
    kind = ReminderKind(kind_text)
    base: dict = {"reminder_id": int(reminder_id), "kind": kind, "source": source}
    other_id = None
    if source == "favour":
        found = Favour.select(Favour.text, Favour.on_date).where(Favour.id == source_id).tuples().first()
        if found:
            base |= {"what": found[0], "on": _day(found[1])}
    elif source == "lead":
        found = (Lead.select(Lead.text, Lead.on_date, Lead.outcome).where(Lead.id == source_id).tuples().first())
        if found:
            base |= {"what": found[0], "on": _day(found[1]), "outcome": found[2] or ""}
    elif source == "ask":
        found = (Ask.select(Ask.purpose, Ask.resolved_on, Ask.on_date, Ask.status).where(Ask.id == source_id)
                 .tuples().first())
        if found:
            base |= {"what": found[0], "on": _day(found[1] or found[2]), "ask_status": found[3]}
    elif source == "referral":
        found = (Referral.select(Referral.seeker, Referral.target, Referral.on_date, Referral.note)
                 .where(Referral.id == source_id).tuples().first())
        if found:
            seeker, target, on, note = found
            other_id = seeker if kind is ReminderKind.EXPECT_CALL else target
            base |= {"on": _day(on), "why": note or ""}
    elif source == "meeting":
        found = Meeting.select(Meeting.at).where(Meeting.id == source_id).tuples().first()
        base |= {"brief": detail or "", "meeting_day": _day(found[0]) if found else None}
    people = _people([contact_id, other_id])
    contact = people.get(contact_id) or Person(name=contact_name or "")
    base |= {"contact": contact, "other": people.get(other_id, Person())}
    if contact_id is not None:
        offer_notes = Contact.select(Contact.offer, Contact.notes).where(Contact.id == contact_id).tuples().first()
        if offer_notes:
            base |= {"contact_offer": offer_notes[0] or "", "notes": offer_notes[1] or ""}
        last = (Interaction.select(Interaction.on_date, Interaction.note).where(Interaction.contact == contact_id)
                .order_by(Interaction.on_date.desc(), Interaction.id.desc()).tuples().first())
        if last:
            base |= {"last_on": _day(last[0]), "last_note": last[1] or ""}
        if kind is ReminderKind.KEEP_IN_TOUCH:
            base |= _keep_in_touch(contact_id, today)
    prefs, _templates = message_settings()
    return DraftFacts(**base, preferences=prefs)


def _keep_in_touch(contact_id: int, today: dt.date) -> dict:
    """Their tags, and what you passed on to others lately (newest first) for the give-back match."""
    tags = tuple(name for (name,) in Tag.select(Tag.name).join(ContactTag).where(ContactTag.contact == contact_id)
                 .order_by(Tag.name).tuples())
    since = today - dt.timedelta(days=SHARE_WINDOW_DAYS)
    shares = tuple(Give.select(Give.text, Give.link)
                   .where((Give.on_date > since) & Give.kind.in_(list(SHARE_KINDS)) & (Give.contact != contact_id))
                   .order_by(Give.on_date.desc(), Give.id.desc()).limit(SHARE_LIMIT).tuples())
    return {"tags": tags, "shares": shares}


def recent_of_kind(kind: ReminderKind, limit: int = 20) -> list[tuple[int, str]]:
    """The newest reminders of a kind that have a contact (any status): (id, the contact's name), for the
    template page's "Preview on" choice. One statement."""
    return [(int(rid), name or "") for rid, name in
            Reminder.select(Reminder.id, Reminder.contact_name)
            .where((Reminder.kind == kind.value) & Reminder.contact.is_null(False))
            .order_by(Reminder.id.desc()).limit(limit).tuples()]


def newest_of_kind(kind: ReminderKind) -> int | None:
    """The newest reminder of a kind (any status): what a template's preview is drafted on."""
    found = (Reminder.select(Reminder.id).where((Reminder.kind == kind.value) & Reminder.contact.is_null(False))
             .order_by(Reminder.id.desc()).tuples().first())
    return found[0] if found else None

