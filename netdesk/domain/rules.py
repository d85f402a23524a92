"""Etiquette rules: pure functions from records (and a given `today`) to the reminders they call for.

These functions are the specification. The store derives the same reminders set-wise in SQL
(`store/derive_sql.py`) for speed, from the same wording templates below; a property test checks that
both agree on random histories.

Each rule is tied to one source record type, so the same rule on the same record always gives the
same reminder identity (see `reminder_uid`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, fields

from netdesk.domain.kinds import AskStatus, ReminderKind, ReminderStatus
from netdesk.domain.model import DesiredReminder, Favour
from netdesk.domain.records import Ask, Cadence, Lead, Meeting, Referral


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Every threshold and delay, with PRODUCT.md's defaults. Stored in the `setting` table."""

    thank_you_days: int = 2
    follow_up_days: int = 3
    close_the_loop_days: int = 2
    expect_call_days: int = 0
    check_back_days: int = 14
    prepare_days_before: int = 1
    monthly_goal: int = 3
    ask_window_days: int = 90
    ask_window_max: int = 2
    balance_window_days: int = 365
    balance_slack: int = 1

    @classmethod
    def from_mapping(cls, values: dict) -> RuleSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in values.items() if k in known})


# The wording of every reminder, keyed by (kind, source). The SQL path renders the same templates,
# so a reminder never changes (and its SEQUENCE never grows) just because another code path made it.
TITLES: dict[tuple[ReminderKind, str], str] = {
    (ReminderKind.THANK_YOU, "favour"): "Thank {name}",
    (ReminderKind.THANK_YOU, "lead"): "Thank {name} for the lead",
    (ReminderKind.THANK_YOU, "ask"): "Thank {name}",
    (ReminderKind.FOLLOW_UP, "lead"): "Follow up the lead from {name}",
    (ReminderKind.CLOSE_THE_LOOP, "lead"): "Tell {name} how their lead turned out",
    (ReminderKind.EXPECT_CALL, "referral"): "Tell {name} to expect a call from {seeker}",
    (ReminderKind.CHECK_BACK, "referral"): "Ask {name} whether {target} helped",
    (ReminderKind.KEEP_IN_TOUCH, "contact"): "Keep in touch with {name}",
    (ReminderKind.PREPARE, "meeting"): "Prepare for your meeting with {name}{about}",
    (ReminderKind.BIRTHDAY, "birthday"): "Wish {name} a happy birthday",
    (ReminderKind.ANNIVERSARY, "anniversary"): "Mark your anniversary with {name}",
}
DETAILS: dict[tuple[ReminderKind, str], str] = {
    (ReminderKind.THANK_YOU, "favour"): "They did you a favour on {on}: {text}",
    (ReminderKind.THANK_YOU, "lead"): "They gave you a lead on {on}: {text}",
    (ReminderKind.THANK_YOU, "ask"): "Your ask of {on} was {status} on {resolved_on}: {text}",
    (ReminderKind.FOLLOW_UP, "lead"): "Pursue the lead they gave you on {on}: {text}",
    (ReminderKind.CLOSE_THE_LOOP, "lead"): "Lead of {on} ({text}) turned out: {outcome}",
    (ReminderKind.EXPECT_CALL, "referral"): "On {on} you gave {seeker} the name of {target}.",
    (ReminderKind.CHECK_BACK, "referral"): "On {on} you gave {seeker} the name of {target}.",
    (ReminderKind.KEEP_IN_TOUCH, "contact"):
        "In touch last on {since}; every {days} days. Say hello, share news or give a career update.",
    (ReminderKind.PREPARE, "meeting"): "{brief}",
    (ReminderKind.BIRTHDAY, "birthday"): "Their birthday is on {on}: send them a short greeting.",
    (ReminderKind.ANNIVERSARY, "anniversary"):
        "The anniversary of working together is on {on}: send them a short note.",
}

# A birthday's reminder stays on its day this long after it, for a belated greeting; then it moves on to
# the next year (the same reminder, like keep-in-touch's next occurrence).
BIRTHDAY_LATE_DAYS = 7
_BIRTHDAY = re.compile(r"(?:[0-9]{4}|-)-([0-9]{2})-([0-9]{2})", re.ASCII)


def reminder_uid(store_id: str, kind: ReminderKind, source: str, source_id: int) -> str:
    """A calendar UID that never changes for one rule on one record of one store.

    uuid5 keeps it opaque (no ids leak into other people's calendars) yet fully deterministic.
    """
    namespace = uuid.UUID(store_id)
    return f"{uuid.uuid5(namespace, f'{kind.value}/{source}/{source_id}')}@netdesk"


def _want(kind: ReminderKind, source: str, source_id: int, contact_id, due: dt.date,
          closed: ReminderStatus | None, **words: object) -> DesiredReminder:
    text = {k: (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in words.items()}
    return DesiredReminder(
        kind=kind, source=source, source_id=source_id, contact_id=contact_id, due=due,
        title=TITLES[(kind, source)].format(**text), detail=DETAILS[(kind, source)].format(**text), closed=closed,
    )


def _days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def _done_if(condition: bool) -> ReminderStatus | None:
    return ReminderStatus.DONE if condition else None


def thank_you_for_favour(favour: Favour, contact_name: str, settings: RuleSettings, today: dt.date) -> DesiredReminder:
    """A favour received on D calls for thanks by D + 2 days, until thanks are recorded."""
    del today  # the due date is fixed by the favour; kept for a uniform rule signature
    return _want(ReminderKind.THANK_YOU, "favour", favour.id, favour.contact_id,
                 _days(favour.on, settings.thank_you_days), _done_if(favour.thanked_on is not None),
                 name=contact_name, on=favour.on, text=favour.text)


def lead_reminders(lead: Lead, contact_name: str, settings: RuleSettings, today: dt.date) -> list[DesiredReminder]:
    """A lead is a favour (thank-you), a task (follow-up until an outcome) and a loop to close (tell A)."""
    del today
    words = dict(name=contact_name, on=lead.on, text=lead.text)
    out = [
        _want(ReminderKind.THANK_YOU, "lead", lead.id, lead.contact_id, _days(lead.on, settings.thank_you_days),
              _done_if(lead.thanked_on is not None), **words),
        _want(ReminderKind.FOLLOW_UP, "lead", lead.id, lead.contact_id, _days(lead.on, settings.follow_up_days),
              _done_if(lead.outcome is not None), **words),
    ]
    if lead.outcome is not None and lead.outcome_on is not None:
        out.append(_want(ReminderKind.CLOSE_THE_LOOP, "lead", lead.id, lead.contact_id,
                         _days(lead.outcome_on, settings.close_the_loop_days),
                         _done_if(lead.reported_on is not None), outcome=lead.outcome, **words))
    return out


def thank_you_for_ask(ask: Ask, contact_name: str, settings: RuleSettings, today: dt.date) -> DesiredReminder | None:
    """A granted ask is a favour; a declined one still deserves thanks for the time (PRODUCT.md habit 3)."""
    del today
    if ask.status not in (AskStatus.GRANTED, AskStatus.DECLINED) or ask.resolved_on is None:
        return None
    thanked = ask.last_thanked is not None and ask.last_thanked >= ask.resolved_on
    return _want(ReminderKind.THANK_YOU, "ask", ask.id, ask.contact_id,
                 _days(ask.resolved_on, settings.thank_you_days), _done_if(thanked),
                 name=contact_name, on=ask.on, status=ask.status.value, resolved_on=ask.resolved_on, text=ask.purpose)


def referral_reminders(referral: Referral, seeker_name: str, target_name: str, settings: RuleSettings,
                       today: dt.date) -> list[DesiredReminder]:
    """Warn C that B will call (on D); ask B whether C helped (D + 14). Both close only by `done`."""
    del today
    words = dict(on=referral.on, seeker=seeker_name, target=target_name)
    return [
        _want(ReminderKind.EXPECT_CALL, "referral", referral.id, referral.target_id,
              _days(referral.on, settings.expect_call_days), None, name=target_name, **words),
        _want(ReminderKind.CHECK_BACK, "referral", referral.id, referral.seeker_id,
              _days(referral.on, settings.check_back_days), None, name=seeker_name, **words),
    ]


def keep_in_touch(cadence: Cadence, contact_name: str, settings: RuleSettings, today: dt.date) -> DesiredReminder | None:
    """Due L + N; a new interaction moves the same reminder forward. No cadence, no reminder."""
    del settings, today
    days = cadence.days
    if days is None:
        return None
    since = cadence.since
    return _want(ReminderKind.KEEP_IN_TOUCH, "contact", cadence.contact_id, cadence.contact_id,
                 _days(since, days), None, name=contact_name, since=since, days=days)


def about(purpose: str) -> str:
    """What a prepare reminder's title adds after the name: ": the purpose", or nothing without one."""
    purpose = purpose.strip(" ")  # as SQL's trim() does it (store/derive_sql.py renders the same)
    return f": {purpose}" if purpose else ""


def prepare(meeting: Meeting, contact_name: str, brief: str, settings: RuleSettings, today: dt.date) -> DesiredReminder:
    """The day before a meeting, with the brief, titled with what the meeting is about. It stays until the
    user marks it done or the meeting's day is over (then it is cancelled; the brief stays on the meeting)."""
    closed = ReminderStatus.CANCELLED if meeting.day < today else None
    return _want(ReminderKind.PREPARE, "meeting", meeting.id, meeting.contact_id,
                 _days(meeting.day, -settings.prepare_days_before), closed, name=contact_name, brief=brief,
                 about=about(meeting.purpose))


def birthday_month_day(text: str | None) -> tuple[int, int] | None:
    """(month, day) of a stored birthday, `YYYY-MM-DD` or year-less `--MM-DD`; None if it is not one."""
    found = _BIRTHDAY.fullmatch(text or "")
    if not found:
        return None
    month, day = int(found.group(1)), int(found.group(2))
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a birthday
    except ValueError:
        return None
    return month, day


def birthday_in(year: int, month: int, day: int) -> dt.date:
    """The day a birthday falls on in `year`: 29 February is kept on the 28th in other years."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, 2, 28)


def next_birthday(text: str | None, today: dt.date) -> dt.date | None:
    """The birthday on or after `today`, or one of the last BIRTHDAY_LATE_DAYS days."""
    found = birthday_month_day(text)
    if found is None:
        return None
    start = today - dt.timedelta(days=BIRTHDAY_LATE_DAYS)
    day = birthday_in(start.year, *found)
    return day if day >= start else birthday_in(start.year + 1, *found)


def birthday(contact_id, contact_name: str, birthday_text: str | None, settings: RuleSettings,
             today: dt.date) -> DesiredReminder | None:
    """A contact's birthday gives a yearly reminder on the day; it closes only by `done` (this year's)."""
    del settings
    due = next_birthday(birthday_text, today)
    if due is None:
        return None
    return _want(ReminderKind.BIRTHDAY, "birthday", contact_id, contact_id, due, None, name=contact_name, on=due)


def anniversary(contact_id, contact_name: str, anniversary_text: str | None, settings: RuleSettings,
                today: dt.date) -> DesiredReminder | None:
    """An anniversary of working together (the card's ANNIVERSARY) gives a yearly reminder on the day, kept
    like a birthday's (BIRTHDAY_LATE_DAYS after it, 29 February on the 28th); it closes only by `done`."""
    del settings
    due = next_birthday(anniversary_text, today)
    if due is None:
        return None
    return _want(ReminderKind.ANNIVERSARY, "anniversary", contact_id, contact_id, due, None, name=contact_name,
                 on=due)


def parse_birthday(value: str) -> str | None:
    """A typed birthday as stored: `YYYY-MM-DD`, or year-less `--MM-DD` (typed `MM-DD` or `--MM-DD`);
    `none` clears it. Raises ValueError naming what is wrong."""
    text = value.strip()
    if text.lower() == "none":
        return None
    stored = "--" + text if re.fullmatch(r"[0-9]{2}-[0-9]{2}", text, re.ASCII) else text
    found = birthday_month_day(stored)
    if found is None or (stored[0] != "-" and _not_a_day(stored)):
        raise ValueError(f"a birthday is MM-DD, YYYY-MM-DD or none, not {value!r}")
    return stored


def _not_a_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return True
    return False
