"""What the contact detail card shows and edits: one call for the card, one for an edit, and their undos.

Every writer returns what it replaced, so a QUndoCommand can put it back exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from netdesk.domain import model
from netdesk.domain.ids import ContactId
from netdesk.domain.text import fold, split_name
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import contacts as q
from netdesk.store import referrals
from netdesk.store import reminders as rq
from netdesk.store.models import Contact, ContactTag, Email, Phone, Tag, database
from netdesk.store.records import history_json


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str  # interaction, favour, thanks, ask, give, lead, referral, meeting
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Balance:
    gives: int
    asks: int
    favours: int
    leads: int

    @property
    def taken(self) -> int:
        return self.asks + self.favours + self.leads

    @property
    def net(self) -> int:
        """Positive when you have given more than you have received or asked for."""
        return self.gives - self.taken


@dataclass(frozen=True)
class ContactDetail:
    contact: model.Contact
    chain: list[tuple[int, str]]  # who introduced them, then who introduced that person, ...
    missing: list[str]
    timeline: list[TimelineEntry]
    reminders: list[model.Reminder]
    balance: Balance
    has_photo: bool
    offer: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def completeness(self) -> float:
        return 1.0 - len(self.missing) / len(COMPLETENESS_FIELDS)


# What a complete contact has (PRODUCT.md habit 5), in the order the card names what is missing.
COMPLETENESS_FIELDS = ["email", "phone", "organisation", "title", "how we met", "when we met", "tags",
                       "keep-in-touch cadence", "photo"]


def missing_fields(contact: model.Contact, has_photo: bool) -> list[str]:
    present = {
        "email": bool(contact.emails), "phone": bool(contact.phones), "organisation": bool(contact.organisation),
        "title": bool(contact.title), "how we met": bool(contact.how_met), "when we met": contact.met_on is not None,
        "tags": bool(contact.tags), "keep-in-touch cadence": contact.every_days is not None, "photo": has_photo,
    }
    return [name for name in COMPLETENESS_FIELDS if not present[name]]


def referral_chain(contact_id: int) -> list[tuple[int, str]]:
    return referrals.chain(contact_id)


def detail(contact_id: int) -> ContactDetail:
    contact = q.get(contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    has_photo, offer = Contact.select(Contact.photo.is_null(False), Contact.offer).where(
        Contact.id == contact_id).tuples().first()
    history = history_json(contact_id)
    balance = Balance(gives=len(history["gives"]), asks=len(history["asks"]), favours=len(history["favours"]),
                      leads=len(history["leads"]))
    return ContactDetail(
        contact=contact, chain=referral_chain(contact_id), missing=missing_fields(contact, bool(has_photo)),
        timeline=_timeline(contact_id, history), reminders=rq.select(contact_id=contact_id), balance=balance,
        has_photo=bool(has_photo), offer=offer,
    )


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if value else dt.date.min


def _timeline(contact_id: int, history: dict) -> list[TimelineEntry]:
    other_ids = {r["seeker_id"] for r in history["referrals"]} | {r["target_id"] for r in history["referrals"]}
    other_ids |= {m["referred_by"] for m in history["meetings"] if m["referred_by"]}
    names = dict(Contact.select(Contact.id, Contact.name).where(Contact.id.in_(list(other_ids))).tuples())
    out = [TimelineEntry(_day(r["on"]), "interaction", r["kind"].capitalize(), r["note"])
           for r in history["interactions"]]
    out += [TimelineEntry(_day(r["on"]), "favour", f"Favour: {r['text']}",
                          f"thanked {r['thanked_on']}" if r["thanked_on"] else "not thanked yet")
            for r in history["favours"]]
    out += [TimelineEntry(_day(r["on"]), "thanks", "Thanked them", r["note"]) for r in history["thanks"]]
    out += [TimelineEntry(_day(r["on"]), "ask", f"Asked: {r['purpose']}", f"{r['effort']} effort · {r['status']}")
            for r in history["asks"]]
    out += [TimelineEntry(_day(r["on"]), "give", f"Gave {r['kind']}: {r['text']}", r["link"] or "")
            for r in history["gives"]]
    out += [TimelineEntry(_day(r["on"]), "lead", f"Lead: {r['text']}",
                          f"outcome: {r['outcome']}" if r["outcome"] else "no outcome yet")
            for r in history["leads"]]
    for r in history["referrals"]:
        if r["seeker_id"] == contact_id:
            text = f"You referred them to {names.get(r['target_id'], 'someone')}"
        else:
            text = f"You referred {names.get(r['seeker_id'], 'someone')} to them"
        out.append(TimelineEntry(_day(r["on"]), "referral", text))
    for r in history["meetings"]:
        via = f" (referred by {names[r['referred_by']]})" if r["referred_by"] in names else ""
        out.append(TimelineEntry(_day(r["at"]), "meeting", f"Meeting at {r['at'][11:16] or '—'}{via}", r["purpose"]))
    out.sort(key=lambda e: e.on, reverse=True)
    return out


# -- editing ----------------------------------------------------------------------------------------
EDITABLE = {"name", "organisation", "title", "department", "how_met", "met_on", "notes", "offer", "every_days",
            "strength", "name_ok", "linkedin_url", "introduced_by", "emails", "phones", "tags"}


def current_values(contact_id: int, keys: Sequence[str]) -> dict:
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    out: dict = {}
    for key in keys:
        if key == "emails":
            out[key] = [v for (v,) in Email.select(Email.value).where(Email.contact == contact_id)
                        .order_by(Email.position, Email.id).tuples()]
        elif key == "phones":
            out[key] = [v for (v,) in Phone.select(Phone.value).where(Phone.contact == contact_id)
                        .order_by(Phone.position, Phone.id).tuples()]
        elif key == "tags":
            out[key] = [v for (v,) in Tag.select(Tag.name).join(ContactTag).where(ContactTag.contact == contact_id)
                        .order_by(Tag.name).tuples()]
        elif key == "introduced_by":
            out[key] = row.introduced_by_id
        else:
            out[key] = getattr(row, key)
    return out


def _check(contact_id: int, changes: dict) -> dict:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidValue(f"cannot edit {', '.join(sorted(unknown))}")
    clean = dict(changes)
    if "name" in clean:
        clean["name"] = " ".join(str(clean["name"]).split())
        if not clean["name"]:
            raise InvalidValue("a contact needs a name")
    if clean.get("every_days") is not None and int(clean["every_days"]) <= 0:
        raise InvalidValue("a keep-in-touch cadence is a positive number of days")
    if "strength" in clean and not 0 <= int(clean["strength"]) <= 5:
        raise InvalidValue("strength is from 0 to 5")
    for address in clean.get("emails", []):
        if "@" not in address or " " in address.strip():
            raise InvalidValue(f"{address!r} is not an email address")
    if clean.get("introduced_by") is not None:
        if int(clean["introduced_by"]) == contact_id:
            raise InvalidValue("a contact cannot have introduced themselves")
        if contact_id in {cid for cid, _ in referral_chain(int(clean["introduced_by"]))}:
            raise InvalidValue("that would make a loop of introductions")
    if clean.get("linkedin_url") == "":
        clean["linkedin_url"] = None
    return clean


def update_fields(contact_id: int, changes: dict, *, today: dt.date) -> dict:
    """Apply `changes` in one transaction; returns the values they replaced (for undo)."""
    clean = _check(contact_id, changes)
    with database.atomic():
        previous = current_values(contact_id, list(clean))
        columns = {k: v for k, v in clean.items() if k not in ("emails", "phones", "tags", "introduced_by")}
        if "introduced_by" in clean:
            columns["introduced_by"] = clean["introduced_by"]
        if "name" in columns:
            columns["given_name"], columns["family_name"] = split_name(columns["name"])
            columns["sort_name"] = fold(columns["name"])
        if columns:
            Contact.update(**columns, updated_at=q.now_stamp()).where(Contact.id == contact_id).execute()
        if "emails" in clean:
            Email.delete().where(Email.contact == contact_id).execute()
            for position, address in enumerate(clean["emails"]):
                Email.create(contact=contact_id, value=address.strip(), value_key=q.email_key(address), position=position)
        if "phones" in clean:
            Phone.delete().where(Phone.contact == contact_id).execute()
            for position, number in enumerate(clean["phones"]):
                Phone.create(contact=contact_id, value=number.strip(), digits=q.phone_digits(number), position=position)
        if "tags" in clean:
            ContactTag.delete().where(ContactTag.contact == contact_id).execute()
            for tag_id in q.ensure_tags(clean["tags"]).values():
                ContactTag.insert(contact=contact_id, tag=tag_id).on_conflict_ignore().execute()
        q.search_text_for([contact_id])
        if {"every_days", "tags", "name"} & set(clean):
            reminders.derive(today, contact_ids=[contact_id])  # cadence and names feed its reminders
    return previous


def create_contact(values: dict, *, today: dt.date, contact_id: int | None = None) -> model.Contact:
    """A new contact from the add-contact form's values; `contact_id` re-creates an undone one in place."""
    name = " ".join(str(values.get("name", "")).split())
    if not name:
        raise InvalidValue("a contact needs a name")
    fields = {k: v for k, v in values.items() if k != "name" and k != "created_on"}
    with database.atomic():
        extra = {"id": contact_id} if contact_id is not None else {}
        given, family = split_name(name)
        row = Contact.create(name=name, given_name=given, family_name=family, sort_name=fold(name),
                             created_on=values.get("created_on") or today, updated_at=q.now_stamp(), **extra)
        update_fields(row.id, {k: v for k, v in fields.items() if v not in (None, "", [])}, today=today)
    return q.get(row.id)


def delete_contact(contact_id: int, *, today: dt.date) -> dict:
    """Remove a contact (and, by cascade, its history); returns its add-form values for undo.

    Meant for undoing "New contact", when there is no history yet to lose.
    """
    previous = current_values(contact_id, ["name", "organisation", "title", "how_met", "met_on", "notes",
                                           "every_days", "strength", "name_ok", "emails", "phones", "tags"])
    previous["created_on"] = Contact.select(Contact.created_on).where(Contact.id == contact_id).scalar()
    with database.atomic():
        Contact.delete().where(Contact.id == contact_id).execute()
        reminders.derive(today)
    return previous


# -- photo -----------------------------------------------------------------------------------------
def set_photo(contact_id: int, data: bytes | None, mime: str | None = None) -> tuple[bytes | None, str | None]:
    row = Contact.select(Contact.photo, Contact.photo_mime).where(Contact.id == contact_id).tuples().first()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    Contact.update(photo=data, photo_mime=mime, updated_at=q.now_stamp()).where(Contact.id == contact_id).execute()
    return (bytes(row[0]) if row[0] is not None else None, row[1])


__all__ = ["ContactId", "ContactDetail", "TimelineEntry", "Balance", "detail", "update_fields", "create_contact",
           "delete_contact", "set_photo"]
