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
    record: tuple[str, int] | None = None  # (table, id): what the card edits or deletes


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
    captured: dict[int, str] = field(default_factory=dict)  # interaction id → "mail" or "calendar"

    @property
    def completeness(self) -> float:
        return 1.0 - len(self.missing) / len(COMPLETENESS_FIELDS)


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if value else dt.date.min


def timeline(contact_id: int, history: dict, names: dict[int, str]) -> list[TimelineEntry]:
    """The card's timeline from a contact's history (the CLI's `show` document), newest first.

    `names` holds the display names of the other contacts its referrals and meetings mention.
    """
    out = [TimelineEntry(_day(r["on"]), "interaction", r["kind"].capitalize(), r["note"],
                          ("interaction", r["id"]))
           for r in history["interactions"]]
    out += [TimelineEntry(_day(r["on"]), "favour", f"Favour: {r['text']}",
                          f"thanked {r['thanked_on']}" if r["thanked_on"] else "not thanked yet", ("favour", r["id"]))
            for r in history["favours"]]
    out += [TimelineEntry(_day(r["on"]), "thanks", "Thanked them", r["note"], ("thanks", r["id"])) for r in history["thanks"]]
    out += [TimelineEntry(_day(r["on"]), "ask", f"Asked: {r['purpose']}", f"{r['effort']} effort · {r['status']}",
                          ("ask", r["id"]))
            for r in history["asks"]]
    out += [TimelineEntry(_day(r["on"]), "give", f"Gave {r['kind']}: {r['text']}", r["link"] or "",
                          ("give", r["id"]))
            for r in history["gives"]]
    out += [TimelineEntry(_day(r["on"]), "lead", f"Lead: {r['text']}",
                          f"outcome: {r['outcome']}" if r["outcome"] else "no outcome yet", ("lead", r["id"]))
            for r in history["leads"]]
    for r in history["referrals"]:
        if r["seeker_id"] == contact_id:
            text = f"You referred them to {names.get(r['target_id'], 'someone')}"
        else:
            text = f"You referred {names.get(r['seeker_id'], 'someone')} to them"
        out.append(TimelineEntry(_day(r["on"]), "referral", text, record=("referral", r["id"])))
    for r in history["meetings"]:
        via = f" (referred by {names[r['referred_by']]})" if r["referred_by"] in names else ""
        out.append(TimelineEntry(_day(r["at"]), "meeting", f"Meeting at {r['at'][11:16] or '—'}{via}", r["purpose"],
                               ("meeting", r["id"])))
    out.sort(key=lambda e: e.on, reverse=True)
    return out


def others_named(history: dict) -> set[int]:
    """The other contacts a history mentions (its referrals' two sides, its meetings' referrers)."""
    found = {r["seeker_id"] for r in history["referrals"]} | {r["target_id"] for r in history["referrals"]}
    return found | {m["referred_by"] for m in history["meetings"] if m["referred_by"]}


def balance(history: dict) -> Balance:
    return Balance(gives=len(history["gives"]), asks=len(history["asks"]), favours=len(history["favours"]),
                   leads=len(history["leads"]))
