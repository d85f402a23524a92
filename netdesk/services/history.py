"""Recording what happened with a contact: favours, thanks (and, with the etiquette engine, the rest)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain.ids import ContactId, FavourId
from netdesk.errors import InvalidValue
from netdesk.services import reminders
from netdesk.store.models import Favour, Lead, Thanks, database


@dataclass(frozen=True)
class Recorded:
    """What a history use case wrote, so the UI refreshes only that."""

    id: int
    contact_id: ContactId
    reminders_changed: int


def record_favour(contact_id: ContactId, text: str, *, on: dt.date, today: dt.date) -> Recorded:
    text = text.strip()
    if not text:
        raise InvalidValue("say what the favour was")
    with database.atomic():
        row = Favour.create(contact=contact_id, text=text, on_date=on)
        changed = reminders.derive(today).changed
    return Recorded(FavourId(row.id), contact_id, changed)


def record_thanks(contact_id: ContactId, *, on: dt.date, today: dt.date, note: str = "") -> Recorded:
    """Thanks close every open thank-you of that contact: for favours and for leads."""
    with database.atomic():
        row = Thanks.create(contact=contact_id, on_date=on, note=note.strip())
        Favour.update(thanked_on=on).where((Favour.contact == contact_id) & Favour.thanked_on.is_null()).execute()
        Lead.update(thanked_on=on).where((Lead.contact == contact_id) & Lead.thanked_on.is_null()).execute()
        changed = reminders.derive(today).changed
    return Recorded(row.id, contact_id, changed)
