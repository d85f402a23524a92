"""Deriving reminders from the records, and the user's own decisions on them (done, snooze).

`derive` is set-wise SQL (`store/derive_sql.py`); `desired` is the same set through the pure rules of
`domain/rules.py`, one record at a time: the specification, which the tests hold the SQL to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from netdesk.domain import brief, rules
from netdesk.domain.change import Change, Recorded, RecordKind
from netdesk.domain.ids import ReminderId
from netdesk.domain.kinds import ReminderStatus
from netdesk.domain.model import DesiredReminder, Reminder
from netdesk.errors import InvalidValue, NotFound
from netdesk.store import calendar_reads, contact_flags, derive_sql, record_lists, settings
from netdesk.store import records as rs
from netdesk.store import reminders as rq
from netdesk.store.contacts import now_stamp
from netdesk.store.db import transaction
from netdesk.store.derive_sql import ReconcileResult

__all__ = ["ReconcileResult", "catch_up", "change_of", "derive", "desired", "get", "list_reminders", "mark_done",
           "recorded", "snooze"]


# A full derivation writes the brief of a new prepare reminder only for meetings this close; the rest get
# theirs from the scoped derivation of a later write about the contact. The calendar and the window
# render a fresh brief whenever they show one anyway.
BRIEF_HORIZON_DAYS = 2
# The day of the last full derivation (`catch_up`).
DERIVED_ON = "reminders.derived_on"


def derive(today: dt.date, *, contact_ids: Iterable[int] | None = None,
           refresh_briefs: bool | None = None) -> ReconcileResult:
    """Reconcile the reminder table with the rules, idempotently, in one transaction.

    With `contact_ids`, only the records of those contacts are derived and only their reminders can be
    cancelled: a single write on a large store stays fast. Pass every contact whose records changed.
    `refresh_briefs=True` rewrites every open prepare reminder's brief, whatever the meeting's distance.
    """
    config = settings.rule_settings()
    ids = None if contact_ids is None else sorted({int(c) for c in contact_ids})
    if refresh_briefs is None:
        refresh_briefs = ids is not None
    with transaction():
        moved = derive_sql.build_want(config, ids, today=today)
        # Scoped (a write about these contacts): every brief of theirs ahead is rewritten. Full: only new
        # prepare reminders of the next days get prose; a 100k diary does not re-render on every run.
        _write_briefs(today, None if refresh_briefs else today + dt.timedelta(days=BRIEF_HORIZON_DAYS),
                      refresh=bool(refresh_briefs))
        result = derive_sql.reconcile_want(settings.store_id(), today, now_stamp(), scoped=ids is not None)
        if ids is None:
            settings.put(DERIVED_ON, today.isoformat())
    result.contact_ids = sorted({*result.contact_ids, *moved})  # a favour or thanks moved "last contacted"
    return result


def catch_up(today: dt.date) -> Change:
    """A full derivation if none ran yet today, for what depends on the day alone (a prepare reminder
    whose meeting is over, a birthday's next year); a reader calls it before showing reminders."""
    if settings.get(DERIVED_ON) == today.isoformat():
        return Change()
    return change_of(derive(today))


def change_of(result: ReconcileResult) -> Change:
    """The reminders a derivation wrote, and the contacts whose next due date it refreshed."""
    return Change.of(contacts=result.contact_ids, reminders=result.reminder_ids)


def recorded(kind: RecordKind, record_id: int, contact_ids: Sequence[int], today: dt.date, *,
             records: Iterable[tuple[RecordKind, int]] = (), warnings: Sequence[str] = ()) -> Recorded:
    """Re-derive the reminders of `contact_ids` after a history write, inside the caller's transaction.

    The first contact is the one the record is about; `records` are others the write changed.
    """
    derived = derive(today, contact_ids=contact_ids)
    change = Change.of(contacts=contact_ids, records=[(kind, record_id), *records]) | change_of(derived)
    return Recorded(int(record_id), int(contact_ids[0]), change, tuple(warnings))


def _brief(meeting_id: int) -> str:
    event = calendar_reads.meeting_event(meeting_id)
    if event is None:
        raise NotFound(f"no meeting with id {meeting_id}")
    return brief.render(event.brief)


def _write_briefs(today: dt.date, horizon: dt.date | None, *, refresh: bool = True) -> None:
    """A prepare reminder carries the meeting brief, refreshed while it is open and the meeting ahead.

    Past meetings and closed reminders keep the brief they had, so old events do not churn.
    """
    wanted = derive_sql.meetings_to_brief(today, horizon, refresh=refresh)
    derive_sql.set_prepare_details([(_brief(mid), mid) for mid in wanted])


def desired(today: dt.date) -> Iterator[DesiredReminder]:
    """Every reminder the rules call for, one record at a time through the pure rules (the spec).

    An archived contact gets none: the reminder a rule would give them is left out.
    """
    archived = set(contact_flags.archived_ids())
    return (want for want in _desired(today) if want.contact_id not in archived)


def _desired(today: dt.date) -> Iterator[DesiredReminder]:
    config = settings.rule_settings()
    names = rs.names()
    for favour in rs.favours():
        yield rules.thank_you_for_favour(favour, names[favour.contact_id], config, today)
    for lead in record_lists.leads():
        yield from rules.lead_reminders(lead, names[lead.contact_id], config, today)
    last_thanks = rs.last_thanks()
    for listed in record_lists.asks():
        ask = dataclasses.replace(listed, last_thanked=last_thanks.get(listed.contact_id))
        want = rules.thank_you_for_ask(ask, names[ask.contact_id], config, today)
        if want is not None:
            yield want
    archived = set(contact_flags.archived_ids())
    for ref in record_lists.referrals():
        if {ref.seeker_id, ref.target_id} & archived:
            continue  # its reminders name both sides
        yield from rules.referral_reminders(ref, names[ref.seeker_id], names[ref.target_id], config, today)
    for cadence in rs.cadences():
        want = rules.keep_in_touch(cadence, names[cadence.contact_id], config, today)
        if want is not None:
            yield want
    for meeting in record_lists.meetings():
        yield rules.prepare(meeting, names[meeting.contact_id], _brief(meeting.id), config, today)
    for contact_id, text in derive_sql.birthdays():
        want = rules.birthday(contact_id, names[contact_id], text, config, today)
        if want is not None:
            yield want
    for contact_id, text in derive_sql.anniversaries():
        want = rules.anniversary(contact_id, names[contact_id], text, config, today)
        if want is not None:
            yield want


def list_reminders(*, due_by: dt.date | None = None, include_closed: bool = False) -> list[Reminder]:
    return rq.select(statuses=None if include_closed else rq.ACTIVE, due_by=due_by)


def _existing(reminder_id: int) -> Reminder:
    found = rq.get(reminder_id)
    if found is None:
        raise NotFound(f"no reminder with id {reminder_id}")
    return found


def get(reminder_id: int) -> Reminder:
    return _existing(reminder_id)


def mark_done(reminder_id: ReminderId, *, today: dt.date) -> Change:
    """Done applies to this occurrence: a keep-in-touch comes back when the next interaction moves it."""
    with transaction():
        current = _existing(reminder_id)
        if current.status in (ReminderStatus.DONE, ReminderStatus.CANCELLED):
            return Change()  # already closed; marking it again changes nothing
        rq.set_user_status(reminder_id, ReminderStatus.DONE, None, today)
    return _decided(current)


def snooze(reminder_id: ReminderId, until: dt.date, *, today: dt.date) -> Change:
    with transaction():
        current = _existing(reminder_id)
        if not current.status.is_active:
            raise InvalidValue(f"reminder {reminder_id} is {current.status.value}; only open reminders can be snoozed")
        # Snoozing moves a reminder later: after today, or (for a back-dated history) after its due date.
        if until <= today and until <= current.due:
            raise InvalidValue(f"snooze until a later day than {max(today, current.due).isoformat()}, "
                               f"not {until.isoformat()}")
        rq.set_user_status(reminder_id, ReminderStatus.SNOOZED, until, today)
    return _decided(current)


def _decided(reminder: Reminder) -> Change:
    """The user's decision on one reminder: it, and its contact's next due date."""
    return Change.of(contacts=[reminder.contact_id] if reminder.contact_id else [], reminders=[reminder.id])
