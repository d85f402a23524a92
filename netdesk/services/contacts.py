"""Contact use cases: add (the one way a contact is created: CLI, window, undo), find, list, show.

Adding checks the values with the rules every contact write shares (`check_fields`, also used by the
card's edits), writes the contact and derives its reminders in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from netdesk.domain import model
from netdesk.domain.change import Change
from netdesk.domain.contact_values import check_cadence, check_emails, clean_name
from netdesk.domain.ids import ContactId
from netdesk.errors import Ambiguous, InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import contact_flags, contact_list, referrals
from netdesk.store import contacts as q
from netdesk.store import reminders as rq
from netdesk.store.db import transaction
from netdesk.store.records import history_json

# The fields a contact write may set, beside its name (CLI.md's `contact add` flags are a subset).
EDITABLE = frozenset({"name", "organisation", "title", "department", "how_met", "met_on", "notes", "offer",
                      "every_days", "strength", "name_ok", "linkedin_url", "introduced_by", "emails", "phones",
                      "tags"})
_TEXT = ("organisation", "title", "department", "how_met")


@dataclass(frozen=True, slots=True)
class Added:
    """The contact `add_contact` created, and what the write touched (it and its reminders)."""

    contact: model.Contact
    change: Change

    @property
    def id(self) -> ContactId:
        return self.contact.id

    @property
    def name(self) -> str:
        return self.contact.name

    def to_json(self) -> dict:
        return self.contact.to_json()


def check_fields(contact_id: int | None, changes: dict) -> dict:
    """`changes` as they will be stored, or InvalidValue naming the first value that cannot be.

    `contact_id` is the contact written (None for a new one), for the introduction loop check.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidValue(f"cannot edit {', '.join(sorted(unknown))}")
    clean = dict(changes)
    if "name" in clean:
        clean["name"] = clean_name(clean["name"])
    for key in _TEXT:
        if isinstance(clean.get(key), str):
            clean[key] = clean[key].strip()
    if "every_days" in clean:
        clean["every_days"] = check_cadence(clean["every_days"])
    if "strength" in clean and not 0 <= int(clean["strength"]) <= 5:
        raise InvalidValue("strength is from 0 to 5")
    if "emails" in clean:
        clean["emails"] = check_emails(clean["emails"])
    if "phones" in clean:
        clean["phones"] = [number.strip() for number in clean["phones"]]
    if clean.get("introduced_by") is not None:
        introducer = int(clean["introduced_by"])
        if introducer == contact_id:
            raise InvalidValue("a contact cannot have introduced themselves")
        if contact_id is not None and contact_id in {cid for cid, _ in referrals.chain(introducer)}:
            raise InvalidValue("that would make a loop of introductions")
        clean["introduced_by"] = introducer
    if clean.get("linkedin_url") == "":
        clean["linkedin_url"] = None
    return clean


def derived_change(contact_ids: Sequence[int], result: reminders.ReconcileResult) -> Change:
    """The contacts written, with the reminders their derivation wrote and the contacts it re-dated."""
    return Change.of(contacts=[*contact_ids, *result.contact_ids], reminders=result.reminder_ids)


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
    created_on: dt.date | None = None,
    contact_id: int | None = None,
    **more,
) -> Added:
    """Create a contact and derive its reminders, in one transaction.

    `more` takes the other EDITABLE fields (the window's form and its undo pass them); `contact_id`
    re-creates an undone contact with its old id, so later commands that name it still work.
    """
    given = {"emails": list(emails), "phones": list(phones), "organisation": organisation, "title": title,
             "how_met": how_met, "met_on": met_on, "tags": list(tags), "every_days": every_days, "notes": notes,
             **more}
    fields = check_fields(contact_id, {"name": name, **given})
    clean = fields.pop("name")
    with transaction():
        cid = q.create(clean, created_on=created_on or today, contact_id=contact_id)
        contact_flags.mark_by_hand(cid)  # the goal counts its creation day when it has no met-on date
        q.update(cid, {k: v for k, v in fields.items() if v not in (None, "", [])})
        derived = reminders.derive(today, contact_ids=[cid])
    return Added(q.get(cid), derived_change([cid], derived))


def resolve(ref: str) -> ContactId:
    """CONTACT in CLI.md: a numeric id, an exact display name (case and accents ignored), or an email."""
    ref = ref.strip()
    if ref.isdigit():
        if not q.exists(int(ref)):
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
                  limit: int | None = None, archived: bool = False) -> list[model.Contact]:
    """The contacts a list shows (archived ones left out), or with `archived` only the archived ones."""
    return q.load(list_ids(search=search, tag=tag, due_by=due_by, limit=limit, archived=archived))


def list_ids(*, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
             order: str = "name", descending: bool = False, limit: int | None = None,
             archived: bool = False) -> list[int]:
    return contact_list.list_ids(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                                 limit=limit, archived=archived)


def list_by_ids(contact_ids: Sequence[int]) -> list[model.Contact]:
    return q.load(contact_ids)


def get(contact_id: int) -> model.Contact:
    found = q.get(contact_id)
    if found is None:
        raise NotFound(f"no contact with id {contact_id}")
    return found


def show(contact_id: int) -> dict:
    """One contact with its history and open reminders, as the CLI's JSON shows it."""
    contact = get(contact_id)
    data = contact.to_json()
    data.update(history_json(contact_id))
    data["reminders"] = [r.to_json() for r in rq.select(contact_id=contact_id)]
    return data
