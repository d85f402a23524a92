"""Leads (PRODUCT.md habit 7): pursue them, then tell the giver how they turned out."""

from __future__ import annotations

import datetime as dt

from netdesk.domain.ids import ContactId, LeadId
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.services.recording import Recorded
from netdesk.store.models import Lead, database


def _lead(lead_id: int) -> Lead:
    row = Lead.get_or_none(Lead.id == lead_id)
    if row is None:
        raise NotFound(f"no lead with id {lead_id}")
    return row


def add_lead(contact_id: ContactId, text: str, *, on: dt.date, today: dt.date) -> Recorded:
    """A lead is a favour too: thank-you (D + 2) and follow-up (D + 3)."""
    clean = text.strip()
    if not clean:
        raise InvalidValue("say what the lead is")
    with database.atomic():
        row = Lead.create(contact=contact_id, text=clean, on_date=on)
        changed = reminders.derive(today, contact_ids=[contact_id]).changed
    return Recorded(LeadId(row.id), contact_id, changed)


def set_outcome(lead_id: int, outcome: str, *, on: dt.date, today: dt.date) -> Recorded:
    """The outcome ends the follow-up and opens the loop to close with the giver."""
    clean = outcome.strip()
    if not clean:
        raise InvalidValue("say what the outcome was")
    row = _lead(lead_id)
    if row.reported_on is not None:
        raise InvalidValue(f"lead {lead_id} was already reported to the giver on {row.reported_on.isoformat()}")
    with database.atomic():
        Lead.update(outcome=clean, outcome_on=on).where(Lead.id == row.id).execute()
        changed = reminders.derive(today, contact_ids=[row.contact_id]).changed
    return Recorded(LeadId(row.id), ContactId(row.contact_id), changed)


def mark_reported(lead_id: int, *, on: dt.date, today: dt.date) -> Recorded:
    """The giver was told the outcome: the loop is closed."""
    row = _lead(lead_id)
    if row.outcome is None:
        raise InvalidValue(f"lead {lead_id} has no outcome yet; record it with `lead outcome {lead_id} TEXT`")
    with database.atomic():
        Lead.update(reported_on=on).where(Lead.id == row.id).execute()
        changed = reminders.derive(today, contact_ids=[row.contact_id]).changed
    return Recorded(LeadId(row.id), ContactId(row.contact_id), changed)
