"""Frozen records that cross the layers. Peewee model instances never leave the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netdesk.domain.ids import ContactId, FavourId, ReminderId
from netdesk.domain.kinds import ReminderKind, ReminderStatus


@dataclass(frozen=True, slots=True)
class Contact:
    id: ContactId
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    organisation: str = ""
    title: str = ""
    tags: tuple[str, ...] = ()
    how_met: str = ""
    met_on: dt.date | None = None
    created_on: dt.date | None = None
    every_days: int | None = None
    last_contacted: dt.date | None = None
    name_ok: bool = False
    notes: str = ""
    strength: int = 0
    given_name: str = ""
    family_name: str = ""
    department: str = ""
    linkedin_url: str | None = None
    introduced_by: ContactId | None = None
    next_due: dt.date | None = None
    archived_on: dt.date | None = None  # archived contacts leave every list and reminder (CLI.md)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "organisation": self.organisation,
            "title": self.title,
            "tags": list(self.tags),
            "how_met": self.how_met,
            "met_on": _iso(self.met_on),
            "created_on": _iso(self.created_on),
            "every_days": self.every_days,
            "last_contacted": _iso(self.last_contacted),
            "next_due": _iso(self.next_due),
            "name_ok": self.name_ok,
            "notes": self.notes,
            "strength": self.strength,
            "linkedin_url": self.linkedin_url,
            "introduced_by": self.introduced_by,
            "archived_on": _iso(self.archived_on),
        }


@dataclass(frozen=True, slots=True)
class Favour:
    id: FavourId
    contact_id: ContactId
    text: str
    on: dt.date
    thanked_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Reminder:
    id: ReminderId
    uid: str
    kind: ReminderKind
    contact_id: ContactId | None
    contact: str
    due: dt.date
    title: str
    status: ReminderStatus
    detail: str = ""
    sequence: int = 0
    source: str = ""
    source_id: int = 0
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "kind": self.kind.value,
            "contact_id": self.contact_id,
            "contact": self.contact,
            "due": self.due.isoformat(),
            "title": self.title,
            "status": self.status.value,
            "detail": self.detail,
            "sequence": self.sequence,
        }


@dataclass(frozen=True, slots=True)
class DesiredReminder:
    """What a rule says should exist for one record. `closed` names how it ended, if it has."""

    kind: ReminderKind
    source: str
    source_id: int
    contact_id: ContactId
    due: dt.date
    title: str
    detail: str = ""
    closed: ReminderStatus | None = None
    extra: dict = field(default_factory=dict, compare=False)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
