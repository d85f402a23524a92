"""Recording what happened with a contact: interactions, favours, thanks, gives and referrals.

Each use case writes in one transaction and re-derives the reminders of the contacts it touched.
Leads, asks and meetings have their own modules (`leads`, `asks`, `meetings`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain.ids import ContactId, FavourId, GiveId, InteractionId, ReferralId
from netdesk.domain.kinds import GiveKind, InteractionKind, values
from netdesk.errors import InvalidValue
from netdesk.services import reminders
from netdesk.store.models import Favour, Give, Interaction, Lead, Referral, Thanks, database


@dataclass(frozen=True)
class Recorded:
    """What a history use case wrote, so the UI refreshes only that."""

    id: int
    contact_id: ContactId
    reminders_changed: int
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"id": self.id, "contact_id": self.contact_id, "warnings": list(self.warnings)}


def _text(value: str, what: str) -> str:
    clean = value.strip()
    if not clean:
        raise InvalidValue(f"say what the {what} was")
    return clean


def record_favour(contact_id: ContactId, text: str, *, on: dt.date, today: dt.date) -> Recorded:
    text = _text(text, "favour")
    with database.atomic():
        row = Favour.create(contact=contact_id, text=text, on_date=on)
        changed = reminders.derive(today, contact_ids=[contact_id]).changed
    return Recorded(FavourId(row.id), contact_id, changed)


def record_thanks(contact_id: ContactId, *, on: dt.date, today: dt.date, note: str = "") -> Recorded:
    """Thanks close every open thank-you of that contact: for favours, leads and resolved asks."""
    with database.atomic():
        row = Thanks.create(contact=contact_id, on_date=on, note=note.strip())
        Favour.update(thanked_on=on).where((Favour.contact == contact_id) & Favour.thanked_on.is_null()).execute()
        Lead.update(thanked_on=on).where((Lead.contact == contact_id) & Lead.thanked_on.is_null()).execute()
        changed = reminders.derive(today, contact_ids=[contact_id]).changed
    return Recorded(row.id, contact_id, changed)


def log_interaction(contact_id: ContactId, kind: str, *, on: dt.date, today: dt.date, note: str = "") -> Recorded:
    """Any logged interaction restarts the keep-in-touch clock (the same reminder moves forward)."""
    if kind not in values(InteractionKind):
        raise InvalidValue(f"interaction kind {kind!r} is not one of {', '.join(values(InteractionKind))}")
    with database.atomic():
        row = Interaction.create(contact=contact_id, kind=kind, on_date=on, note=note.strip())
        changed = reminders.derive(today, contact_ids=[contact_id]).changed
    return Recorded(InteractionId(row.id), contact_id, changed)


def record_give(contact_id: ContactId, text: str, *, on: dt.date, today: dt.date, kind: str = "article",
                link: str | None = None) -> Recorded:
    text = _text(text, "thing you gave")
    if kind not in values(GiveKind):
        raise InvalidValue(f"give kind {kind!r} is not one of {', '.join(values(GiveKind))}")
    with database.atomic():
        row = Give.create(contact=contact_id, text=text, kind=kind, link=(link or "").strip() or None, on_date=on)
        changed = reminders.derive(today, contact_ids=[contact_id]).changed
    return Recorded(GiveId(row.id), contact_id, changed)


def record_referral(seeker_id: ContactId, target_id: ContactId, *, on: dt.date, today: dt.date,
                    note: str = "") -> Recorded:
    """You gave the seeker the name of the target: tell the target to expect a call, check back later."""
    if seeker_id == target_id:
        raise InvalidValue("a contact cannot be referred to themselves")
    with database.atomic():
        row = Referral.create(seeker=seeker_id, target=target_id, on_date=on, note=note.strip())
        changed = reminders.derive(today, contact_ids=[seeker_id, target_id]).changed
    return Recorded(ReferralId(row.id), seeker_id, changed)
