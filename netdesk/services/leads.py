"""Leads (PRODUCT.md habit 7): pursue them, then tell the giver how they turned out."""

from __future__ import annotations

import datetime as dt

from netdesk.domain.change import Recorded, RecordKind
from netdesk.domain.ids import ContactId
from netdesk.domain.records import Lead
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import records as rs
from netdesk.store.db import transaction


def _lead(lead_id: int) -> Lead:
    found = rs.lead(lead_id)
    if found is None:
        raise NotFound(f"no lead with id {lead_id}")
    return found


def add_lead(contact_id: ContactId, text: str, *, on: dt.date, today: dt.date) -> Recorded:
    """A lead is a favour too: thank-you (D + 2) and follow-up (D + 3)."""
    clean = text.strip()
    if not clean:
        raise InvalidValue("say what the lead is")
    with transaction():
        lead_id = rs.add_lead(contact_id, clean, on)
        return reminders.recorded(RecordKind.LEAD, lead_id, [contact_id], today)


def set_outcome(lead_id: int, outcome: str, *, on: dt.date, today: dt.date) -> Recorded:
    """The outcome ends the follow-up and opens the loop to close with the giver."""
    clean = outcome.strip()
    if not clean:
        raise InvalidValue("say what the outcome was")
    with transaction():
        lead = _lead(lead_id)
        if lead.reported_on is not None:
            raise InvalidValue(f"lead {lead_id} was already reported to the giver on {lead.reported_on.isoformat()}")
        rs.set_lead_outcome(lead.id, clean, on)
        return reminders.recorded(RecordKind.LEAD, lead.id, [lead.contact_id], today)


def mark_reported(lead_id: int, *, on: dt.date, today: dt.date) -> Recorded:
    """The giver was told the outcome: the loop is closed."""
    with transaction():
        lead = _lead(lead_id)
        if lead.outcome is None:
            raise InvalidValue(f"lead {lead_id} has no outcome yet; record it with `lead outcome {lead_id} TEXT`")
        rs.set_lead_reported(lead.id, on)
        return reminders.recorded(RecordKind.LEAD, lead.id, [lead.contact_id], today)
