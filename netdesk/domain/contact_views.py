"""Read models of one contact: its row in the contact list, and its card (timeline, balance, gaps).

The store fills them; the window shows them. Nothing here reads the store or the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netdesk.domain import model


@dataclass(frozen=True, slots=True)
class ListRow:
    """What one row of the contact list shows: a narrow read, not a whole contact."""

    id: int
    name: str
    organisation: str
    title: str
    last_contacted: dt.date | None
    next_due: dt.date | None
    strength: int
    tags: tuple[str, ...]
    emails: tuple[str, ...]
    photo: bytes | None


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
