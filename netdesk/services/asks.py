"""Asks (PRODUCT.md habits 1 and 3): a clear purpose, the pushiness guard, a graceful close."""

from __future__ import annotations

import datetime as dt

from netdesk.domain import guards
from netdesk.domain.change import Recorded, RecordKind
from netdesk.domain.ids import ContactId
from netdesk.domain.kinds import AskStatus, Effort, values
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import records as rs
from netdesk.store import settings
from netdesk.store.db import transaction

RESOLUTIONS = [AskStatus.GRANTED.value, AskStatus.DECLINED.value, AskStatus.WITHDRAWN.value]


def warnings_for(contact_id: ContactId, on: dt.date) -> list[str]:
    """What the pushiness guard would say about a new ask of this contact on `on` (nothing is written)."""
    name = rs.contact_name(contact_id)
    if name is None:
        raise NotFound(f"no contact with id {contact_id}")
    return guards.ask_warnings(name, on, rs.asks_of(contact_id), rs.gives_of(contact_id), settings.rule_settings())


def record_ask(contact_id: ContactId, purpose: str, *, on: dt.date, today: dt.date,
               effort: str = Effort.SMALL.value) -> Recorded:
    """An ask needs a purpose ("make your purpose clear"); the guard warns but does not refuse."""
    clean = purpose.strip()
    if not clean:
        raise InvalidValue("an ask needs a purpose: say what you are asking for and why (--purpose TEXT)")
    if effort not in values(Effort):
        raise InvalidValue(f"effort {effort!r} is not one of {', '.join(values(Effort))}")
    with transaction():
        warnings = warnings_for(contact_id, on)
        ask_id = rs.add_ask(contact_id, clean, effort, on)
        return reminders.recorded(RecordKind.ASK, ask_id, [contact_id], today, warnings=warnings)


def resolve_ask(ask_id: int, status: str, *, on: dt.date, today: dt.date) -> Recorded:
    """Granted or declined, thanks are still due (a thank-you reminder); withdrawn just closes it."""
    if status not in RESOLUTIONS:
        raise InvalidValue(f"an ask is resolved as one of {', '.join(RESOLUTIONS)}, not {status!r}")
    with transaction():
        ask = rs.ask(ask_id)
        if ask is None:
            raise NotFound(f"no ask with id {ask_id}")
        if ask.status is not AskStatus.OPEN:
            raise InvalidValue(f"ask {ask_id} is already {ask.status.value}")
        rs.resolve_ask(ask.id, status, on)
        return reminders.recorded(RecordKind.ASK, ask.id, [ask.contact_id], today)
