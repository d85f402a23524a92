"""What capture saw that an open reminder may be about: the day the reminder's cause happened, and the newest
mail with its contact that capture logged (schema v5's capture_log). Two statements, no draft facts read."""

from __future__ import annotations

import datetime as dt

from netdesk.store.models import database


def _day(value) -> dt.date | None:
    return None if not value else dt.date.fromisoformat(str(value)[:10])


def cause_day(reminder_id: int) -> dt.date | None:
    """The day of what the reminder came from (the favour, lead, ask or referral), None for the others."""
    row = database.execute_sql(
        "SELECT CASE r.source"
        " WHEN 'favour' THEN (SELECT on_date FROM favour WHERE id = r.source_id)"
        " WHEN 'lead' THEN (SELECT on_date FROM lead WHERE id = r.source_id)"
        " WHEN 'referral' THEN (SELECT on_date FROM referral WHERE id = r.source_id)"
        " WHEN 'ask' THEN (SELECT coalesce(resolved_on, on_date) FROM ask WHERE id = r.source_id) END"
        " FROM reminder r WHERE r.id = ?", (reminder_id,)).fetchone()
    return _day(row[0]) if row else None


def captured_mail(contact_id: int, since: dt.date, *, not_noted: str) -> tuple[int, dt.date, str] | None:
    """The newest email interaction with a contact that capture logged from mail, on or after `since`, whose
    note does not start with `not_noted`: (interaction id, its day, its note); None when there is none."""
    row = database.execute_sql(
        "SELECT i.id, i.on_date, i.note FROM capture_log c JOIN interaction i ON i.id = c.interaction_id"
        " WHERE c.contact_id = ? AND c.source = 'mail' AND i.kind = 'email' AND i.on_date >= ?"
        " AND substr(i.note, 1, ?) != ? ORDER BY i.on_date DESC, i.id DESC LIMIT 1",
        (contact_id, since.isoformat(), len(not_noted), not_noted)).fetchone()
    return None if row is None else (int(row[0]), _day(row[1]), row[2] or "")
