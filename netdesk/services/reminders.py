"""Deriving reminders from the records, and the user's own decisions on them (done, snooze).

`derive` is set-wise SQL (`store/derive_sql.py`); `desired` is the same set through the pure rules of
`domain/rules.py`, one record at a time: the specification, which the tests hold the SQL to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from netdesk.domain import rules
from netdesk.domain.ids import AskId, ContactId, FavourId, LeadId, MeetingId, ReferralId, ReminderId
from netdesk.domain.kinds import AskStatus, Effort, ReminderStatus
from netdesk.domain.model import DesiredReminder, Reminder
from netdesk.domain.model import Favour as FavourRecord
from netdesk.domain.records import Ask as AskRecord
from netdesk.domain.records import Cadence
from netdesk.domain.records import Lead as LeadRecord
from netdesk.domain.records import Meeting as MeetingRecord
from netdesk.domain.records import Referral as ReferralRecord
from netdesk.errors import InvalidValue, NotFound
from netdesk.store import derive_sql, settings
from netdesk.store import reminders as rq
from netdesk.store.contacts import now_stamp
from netdesk.store.derive_sql import ReconcileResult
from netdesk.store.models import (
    Ask,
    Contact,
    ContactTag,
    Favour,
    Interaction,
    Lead,
    Meeting,
    Referral,
    Tag,
    Thanks,
    database,
)

__all__ = ["ReconcileResult", "derive", "desired", "list_reminders", "mark_done", "snooze"]


# A full derivation writes the brief of a new prepare reminder only for meetings this close; the rest get
# theirs from the scoped derivation of a later write about the contact. The calendar and the window
# render a fresh brief whenever they show one anyway.
BRIEF_HORIZON_DAYS = 2


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
    with database.atomic():
        derive_sql.build_want(config, ids)
        # Scoped (a write about these contacts): every brief of theirs ahead is rewritten. Full: only new
        # prepare reminders of the next days get prose; a 100k diary does not re-render on every run.
        _write_briefs(today, None if refresh_briefs else today + dt.timedelta(days=BRIEF_HORIZON_DAYS),
                      refresh=bool(refresh_briefs))
        return derive_sql.reconcile_want(settings.store_id(), today, now_stamp(), scoped=ids is not None)


def _write_briefs(today: dt.date, horizon: dt.date | None, *, refresh: bool = True) -> None:
    """A prepare reminder carries the meeting brief, refreshed while it is open and the meeting ahead.

    Past meetings and closed reminders keep the brief they had, so old events do not churn.
    """
    from netdesk.services.meetings import meeting_brief

    wanted = derive_sql.meetings_to_brief(today, horizon, refresh=refresh)
    derive_sql.set_prepare_details([(meeting_brief(mid, today), mid) for mid in wanted])


def desired(today: dt.date) -> Iterator[DesiredReminder]:
    """Every reminder the rules call for, one record at a time through the pure rules (the spec)."""
    from netdesk.services.meetings import meeting_brief

    config = settings.rule_settings()
    names = dict(Contact.select(Contact.id, Contact.name).tuples())
    for fid, cid, text, on, thanked_on in Favour.select(
            Favour.id, Favour.contact, Favour.text, Favour.on_date, Favour.thanked_on).tuples():
        yield rules.thank_you_for_favour(FavourRecord(FavourId(fid), ContactId(cid), text, on, thanked_on),
                                         names[cid], config, today)
    for lead in Lead.select():
        record = LeadRecord(LeadId(lead.id), ContactId(lead.contact_id), lead.text, lead.on_date, lead.thanked_on,
                            lead.outcome, lead.outcome_on, lead.reported_on)
        yield from rules.lead_reminders(record, names[lead.contact_id], config, today)
    last_thanks: dict[int, dt.date] = {}
    for cid, on in Thanks.select(Thanks.contact, Thanks.on_date).tuples():
        last_thanks[cid] = max(on, last_thanks.get(cid, on))
    for ask in Ask.select():
        record = AskRecord(AskId(ask.id), ContactId(ask.contact_id), ask.purpose, ask.on_date, Effort(ask.effort),
                           AskStatus(ask.status), ask.resolved_on, last_thanks.get(ask.contact_id))
        want = rules.thank_you_for_ask(record, names[ask.contact_id], config, today)
        if want is not None:
            yield want
    for ref in Referral.select():
        record = ReferralRecord(ReferralId(ref.id), ContactId(ref.seeker_id), ContactId(ref.target_id), ref.on_date)
        yield from rules.referral_reminders(record, names[ref.seeker_id], names[ref.target_id], config, today)
    yield from _keep_in_touch(names, config, today)
    for meeting in Meeting.select():
        record = MeetingRecord(MeetingId(meeting.id), ContactId(meeting.contact_id),
                               dt.datetime.fromisoformat(meeting.at), meeting.referred_by_id, meeting.purpose)
        yield rules.prepare(record, names[meeting.contact_id], meeting_brief(meeting.id, today), config, today)


def _keep_in_touch(names: dict[int, str], config: rules.RuleSettings, today: dt.date) -> Iterator[DesiredReminder]:
    tag_days: dict[int, list[int]] = defaultdict(list)
    for cid, days in ContactTag.select(ContactTag.contact, Tag.every_days).join(Tag).where(
            Tag.every_days.is_null(False)).tuples():
        tag_days[cid].append(days)
    last: dict[int, dt.date] = {}
    for cid, on in Interaction.select(Interaction.contact, Interaction.on_date).tuples():
        last[cid] = max(on, last.get(cid, on))
    for cid, created, every, met_on in Contact.select(
            Contact.id, Contact.created_on, Contact.every_days, Contact.met_on).tuples():
        cadence = Cadence(ContactId(cid), created, every, tuple(tag_days.get(cid, ())), met_on, last.get(cid))
        want = rules.keep_in_touch(cadence, names[cid], config, today)
        if want is not None:
            yield want


def list_reminders(*, due_by: dt.date | None = None, include_closed: bool = False) -> list[Reminder]:
    return rq.select(statuses=None if include_closed else rq.ACTIVE, due_by=due_by)


def _existing(reminder_id: int) -> Reminder:
    found = rq.get(reminder_id)
    if found is None:
        raise NotFound(f"no reminder with id {reminder_id}")
    return found


def mark_done(reminder_id: ReminderId, *, today: dt.date) -> Reminder:
    """Done applies to this occurrence: a keep-in-touch comes back when the next interaction moves it."""
    current = _existing(reminder_id)
    if current.status in (ReminderStatus.DONE, ReminderStatus.CANCELLED):
        return current  # already closed; marking it again changes nothing
    with database.atomic():
        rq.set_user_status(reminder_id, ReminderStatus.DONE, None, today)
    return _existing(reminder_id)


def snooze(reminder_id: ReminderId, until: dt.date, *, today: dt.date) -> Reminder:
    current = _existing(reminder_id)
    if not current.status.is_active:
        raise InvalidValue(f"reminder {reminder_id} is {current.status.value}; only open reminders can be snoozed")
    # Snoozing moves a reminder later: after today, or (for a back-dated history) after its due date.
    if until <= today and until <= current.due:
        raise InvalidValue(f"snooze until a later day than {max(today, current.due).isoformat()}, "
                           f"not {until.isoformat()}")
    with database.atomic():
        rq.set_user_status(reminder_id, ReminderStatus.SNOOZED, until, today)
    return _existing(reminder_id)
