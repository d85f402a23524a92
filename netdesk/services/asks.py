"""Asks (PRODUCT.md habits 1 and 3): a clear purpose, the pushiness guard, a graceful close."""

from __future__ import annotations

import datetime as dt

from netdesk.domain import guards
from netdesk.domain.ids import AskId, ContactId, GiveId
from netdesk.domain.kinds import AskStatus, Effort, GiveKind, values
from netdesk.domain.records import Ask as AskRecord
from netdesk.domain.records import Give as GiveRecord
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.services.recording import Recorded
from netdesk.store import settings
from netdesk.store.models import Ask, Contact, Give, database

RESOLUTIONS = [AskStatus.GRANTED.value, AskStatus.DECLINED.value, AskStatus.WITHDRAWN.value]


def warnings_for(contact_id: ContactId, on: dt.date) -> list[str]:
    """What the pushiness guard would say about a new ask of this contact on `on` (nothing is written)."""
    name = Contact.get_by_id(contact_id).name
    asks = [AskRecord(AskId(a.id), ContactId(a.contact_id), a.purpose, a.on_date, Effort(a.effort),
                      AskStatus(a.status), a.resolved_on) for a in Ask.select().where(Ask.contact == contact_id)]
    gives = [GiveRecord(GiveId(g.id), ContactId(g.contact_id), g.text, g.on_date, GiveKind(g.kind))
             for g in Give.select().where(Give.contact == contact_id)]
    return guards.ask_warnings(name, on, asks, gives, settings.rule_settings())


def record_ask(contact_id: ContactId, purpose: str, *, on: dt.date, today: dt.date,
               effort: str = Effort.SMALL.value) -> Recorded:
    """An ask needs a purpose ("make your purpose clear"); the guard warns but does not refuse."""
    clean = purpose.strip()
    if not clean:
        raise InvalidValue("an ask needs a purpose: say what you are asking for and why (--purpose TEXT)")
    if effort not in values(Effort):
        raise InvalidValue(f"effort {effort!r} is not one of {', '.join(values(Effort))}")
    with database.atomic():
        warnings = warnings_for(contact_id, on)
        row = Ask.create(contact=contact_id, purpose=clean, effort=effort, on_date=on)
        changed = reminders.derive(today, contact_ids=[contact_id]).changed
    return Recorded(AskId(row.id), contact_id, changed, tuple(warnings))


def resolve_ask(ask_id: int, status: str, *, on: dt.date, today: dt.date) -> Recorded:
    """Granted or declined, thanks are still due (a thank-you reminder); withdrawn just closes it."""
    if status not in RESOLUTIONS:
        raise InvalidValue(f"an ask is resolved as one of {', '.join(RESOLUTIONS)}, not {status!r}")
    row = Ask.get_or_none(Ask.id == ask_id)
    if row is None:
        raise NotFound(f"no ask with id {ask_id}")
    if row.status != AskStatus.OPEN.value:
        raise InvalidValue(f"ask {ask_id} is already {row.status}")
    with database.atomic():
        Ask.update(status=status, resolved_on=on).where(Ask.id == row.id).execute()
        changed = reminders.derive(today, contact_ids=[row.contact_id]).changed
    return Recorded(AskId(row.id), ContactId(row.contact_id), changed)
