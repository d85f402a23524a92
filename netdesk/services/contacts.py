"""Contact use cases: add, find, list, show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from netdesk.domain import model
from netdesk.domain.ids import ContactId
from netdesk.domain.text import fold, split_name
from netdesk.errors import Ambiguous, InvalidValue, NotFound
from netdesk.store import contact_list
from netdesk.store import contacts as q
from netdesk.store import reminders as rq
from netdesk.store.models import Contact, ContactTag, Email, Phone, database


def add_contact(
    name: str,
    *,
    today: dt.date,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    organisation: str = "",
    title: str = "",
    how_met: str = "",
    met_on: dt.date | None = None,
    tags: Sequence[str] = (),
    every_days: int | None = None,
    notes: str = "",
) -> model.Contact:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidValue("a contact needs a name")
    if every_days is not None and every_days <= 0:
        raise InvalidValue(f"--every must be a positive number of days, not {every_days}")
    for address in emails:
        if "@" not in address or address.strip() != address or " " in address:
            raise InvalidValue(f"{address!r} is not an email address")
    given, family = split_name(clean)
    with database.atomic():
        row = Contact.create(
            name=clean, given_name=given, family_name=family, organisation=organisation.strip(),
            title=title.strip(), how_met=how_met.strip(), met_on=met_on, created_on=today,
            every_days=every_days, notes=notes, updated_at=q.now_stamp(), sort_name=fold(clean),
        )
        for position, address in enumerate(emails):
            Email.create(contact=row, value=address, value_key=q.email_key(address), position=position)
        for position, number in enumerate(phones):
            Phone.create(contact=row, value=number.strip(), digits=q.phone_digits(number), position=position)
        for tag_id in q.ensure_tags(tags).values():
            ContactTag.insert(contact=row.id, tag=tag_id).on_conflict_ignore().execute()
        q.search_text_for([row.id])
    return q.get(row.id)


def resolve(ref: str) -> ContactId:
    """CONTACT in CLI.md: a numeric id, an exact display name (case and accents ignored), or an email."""
    ref = ref.strip()
    if ref.isdigit():
        if Contact.get_or_none(Contact.id == int(ref)) is None:
            raise NotFound(f"no contact with id {ref}")
        return ContactId(int(ref))
    candidates = q.ids_by_email(ref) if "@" in ref else []
    if not candidates:
        candidates = q.ids_by_name(ref)
    if not candidates:
        raise NotFound(f"no contact matches {ref!r}")
    if len(candidates) > 1:
        listed = ", ".join(f"{c.name} (id {c.id})" for c in q.load(candidates))
        raise Ambiguous(f"{ref!r} matches more than one contact: {listed}; use an id")
    return ContactId(candidates[0])


def list_contacts(*, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
                  limit: int | None = None) -> list[model.Contact]:
    return q.load(list_ids(search=search, tag=tag, due_by=due_by, limit=limit))


def list_ids(*, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
             order: str = "name", descending: bool = False, limit: int | None = None) -> list[int]:
    return contact_list.list_ids(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                                 limit=limit)


def list_by_ids(contact_ids: Sequence[int]) -> list[model.Contact]:
    return q.load(contact_ids)


def get(contact_id: int) -> model.Contact:
    found = q.get(contact_id)
    if found is None:
        raise NotFound(f"no contact with id {contact_id}")
    return found


def show(contact_id: int) -> dict:
    """One contact with its history and open reminders, as the CLI's JSON shows it."""
    from netdesk.store import records as hq

    contact = get(contact_id)
    data = contact.to_json()
    data.update(hq.history_json(contact_id))
    data["reminders"] = [r.to_json() for r in rq.select(contact_id=contact_id)]
    return data
