"""Read-only lists for the desktop views: asks, gives, balances, leads, referrals, meetings, goal series.

Each returns frozen rows with the contact names already joined, in a fixed number of queries, so a
view model never touches the store and never runs a query per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from netdesk.store import settings
from netdesk.store.models import Ask, Contact, Give, Lead, Meeting, Referral, database


@dataclass(frozen=True, slots=True)
class AskRow:
    id: int
    contact_id: int
    contact: str
    purpose: str
    effort: str
    on: dt.date
    status: str
    resolved_on: dt.date | None


@dataclass(frozen=True, slots=True)
class GiveRow:
    id: int
    contact_id: int
    contact: str
    text: str
    kind: str
    link: str | None
    on: dt.date


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """Asks of and gives to one contact within the balance window."""

    contact_id: int
    contact: str
    asks: int
    gives: int

    @property
    def balance(self) -> int:
        return self.gives - self.asks


@dataclass(frozen=True, slots=True)
class LeadRow:
    id: int
    contact_id: int
    contact: str
    text: str
    on: dt.date
    thanked_on: dt.date | None
    outcome: str | None
    outcome_on: dt.date | None
    reported_on: dt.date | None

    @property
    def state(self) -> str:
        if self.outcome is None:
            return "pursue"
        return "reported" if self.reported_on else "tell them"


@dataclass(frozen=True, slots=True)
class ReferralRow:
    id: int
    seeker_id: int
    seeker: str
    target_id: int
    target: str
    on: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    contact_id: int
    contact: str
    at: dt.datetime
    tzid: str
    duration_minutes: int
    referred_by_id: int | None
    referred_by: str
    purpose: str
    location: str


def _raw(query) -> list[tuple]:
    """Rows straight from SQLite: peewee's per-value conversion costs more than the query on a big store."""
    sql, params = query.sql()
    return database.execute_sql(sql, params).fetchall()


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def asks() -> list[AskRow]:
    query = (Ask.select(Ask.id, Ask.contact, Contact.name, Ask.purpose, Ask.effort, Ask.on_date, Ask.status,
                        Ask.resolved_on)
             .join(Contact).order_by(Ask.on_date.desc(), Ask.id.desc()))
    return [AskRow(i, c, n, p, e, _day(on), st, _day(res)) for i, c, n, p, e, on, st, res in _raw(query)]


def ask_counts() -> dict[str, int]:
    """How many asks there are by status."""
    return dict(Ask.select(Ask.status, pw.fn.count(Ask.id)).group_by(Ask.status).tuples())


def gives() -> list[GiveRow]:
    query = (Give.select(Give.id, Give.contact, Contact.name, Give.text, Give.kind, Give.link, Give.on_date)
             .join(Contact).order_by(Give.on_date.desc(), Give.id.desc()))
    return [GiveRow(i, c, n, t, k, link, _day(on)) for i, c, n, t, k, link, on in _raw(query)]


def balances(today: dt.date) -> list[BalanceRow]:
    """Give/take per contact over the guard's balance window, most in your debt first (one grouped query)."""
    since = today - dt.timedelta(days=settings.rule_settings().balance_window_days)
    cursor = database.execute_sql(
        "SELECT c.id, c.name, sum(t.asked), sum(t.given) FROM ("
        " SELECT contact_id, 1 AS asked, 0 AS given FROM ask WHERE on_date > ?"
        " UNION ALL SELECT contact_id, 0, 1 FROM give WHERE on_date > ?"
        ") AS t JOIN contact AS c ON c.id = t.contact_id GROUP BY c.id",
        (since.isoformat(), since.isoformat()))
    rows = [BalanceRow(cid, name, int(asked), int(given)) for cid, name, asked, given in cursor.fetchall()]
    return sorted(rows, key=lambda r: (r.balance, r.contact.casefold()))


def leads(lead_id: int | None = None) -> list[LeadRow]:
    query = (Lead.select(Lead.id, Lead.contact, Contact.name, Lead.text, Lead.on_date, Lead.thanked_on, Lead.outcome,
                         Lead.outcome_on, Lead.reported_on)
             .join(Contact).order_by(Lead.on_date.desc(), Lead.id.desc()))
    if lead_id is not None:
        query = query.where(Lead.id == lead_id)
    return [LeadRow(i, c, n, t, _day(on), _day(th), out, _day(out_on), _day(rep))
            for i, c, n, t, on, th, out, out_on, rep in _raw(query)]


def referrals() -> list[ReferralRow]:
    seeker = Contact.alias("seeker")
    target = Contact.alias("target")
    query = (Referral.select(Referral.id, Referral.seeker, seeker.name, Referral.target, target.name,
                             Referral.on_date, Referral.note)
             .join(seeker, on=(Referral.seeker == seeker.id))
             .switch(Referral).join(target, on=(Referral.target == target.id))
             .order_by(Referral.on_date.desc(), Referral.id.desc()))
    return [ReferralRow(i, s, sn, t, tn, _day(on), note) for i, s, sn, t, tn, on, note in _raw(query)]


def meetings() -> list[MeetingRow]:
    referrer = Contact.alias("referrer")
    query = (Meeting.select(Meeting.id, Meeting.contact, Contact.name, Meeting.at, Meeting.tzid,
                            Meeting.duration_minutes, Meeting.referred_by, referrer.name, Meeting.purpose,
                            Meeting.location)
             .join(Contact, on=(Meeting.contact == Contact.id))
             .switch(Meeting).join(referrer, pw.JOIN.LEFT_OUTER, on=(Meeting.referred_by == referrer.id))
             .order_by(Meeting.at.desc(), Meeting.id.desc()))
    out = []
    for mid, cid, name, at, tzid, minutes, ref_id, ref_name, purpose, location in _raw(query):
        out.append(MeetingRow(mid, cid, name, dt.datetime.fromisoformat(at), tzid, minutes, ref_id, ref_name or "",
                              purpose, location))
    return out


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def new_contacts_per_month(today: dt.date, months: int = 12) -> list[tuple[dt.date, int]]:
    """(first day of month, new contacts) for the last `months` months, this one included.

    A contact counts in the month it was met, or was created when the meeting date is unknown.
    """
    first = _month_start(today, months - 1)
    day = pw.fn.coalesce(Contact.met_on, Contact.created_on)
    month = pw.fn.substr(day, 1, 7)
    counts = dict(Contact.select(month, pw.fn.count(Contact.id)).where(day >= first).group_by(month).tuples())
    series = []
    for back in range(months - 1, -1, -1):
        start = _month_start(today, back)
        series.append((start, int(counts.get(start.isoformat()[:7], 0))))
    return series


def monthly_goal() -> int:
    return settings.rule_settings().monthly_goal


def interactions_per_week(today: dt.date, weeks: int = 52) -> list[tuple[dt.date, int]]:
    """(Monday of the week, interactions) for the last `weeks` weeks, this one included.

    Counted per week in SQL: a big store has a million interactions, which Python should not see.
    """
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=weeks - 1)
    cursor = database.execute_sql(
        "SELECT CAST((julianday(on_date) - julianday(?)) / 7 AS INTEGER) AS week, count(*) FROM interaction"
        " WHERE on_date >= ? AND on_date <= ? GROUP BY week",
        (first.isoformat(), first.isoformat(), today.isoformat()))
    counts = {int(week): int(count) for week, count in cursor.fetchall()}
    return [(first + dt.timedelta(weeks=i), counts.get(i, 0)) for i in range(weeks)]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A keep-in-touch contact due this week, with a reason to get in touch and, maybe, something to share."""

    reminder_id: int
    contact_id: int
    contact: str
    due: dt.date
    reason: str
    share: str = ""
    share_link: str | None = None


SHARE_WINDOW_DAYS = 60  # articles and invitations older than this are stale news
SAY_HELLO_AFTER_DAYS = 120


def reach_out(today: dt.date, days: int = 7, limit: int = 12) -> list[Suggestion]:
    """Keep-in-touch reminders due within `days`, each with a reason to reach out.

    The reason is, in order: something you recently passed on to others that matches their tags or role
    (the give-back matcher), a hello when it has been long, else a career update.
    """
    from netdesk.domain import matcher
    from netdesk.store import contacts as q

    due = [r for r in due_reminders(today + dt.timedelta(days=days), ["keep-in-touch"], per_kind=limit)[0]
           if r.contact_id is not None]
    people = {c.id: c for c in q.load([r.contact_id for r in due])}
    recent = (Give.select(Give.text, Give.link).where(
        (Give.on_date > today - dt.timedelta(days=SHARE_WINDOW_DAYS)) & Give.kind.in_(["article", "event"]))
        .order_by(Give.on_date.desc()).limit(50).tuples())
    # Distinct texts with their keywords worked out once, not once per contact.
    shareable = {text: (link, matcher.keywords(text)) for text, link in reversed(list(recent))}
    out = []
    for reminder in due:
        person = people.get(reminder.contact_id)
        if person is None:
            continue
        candidate = matcher.Candidate(person.id, person.name, person.tags, person.organisation, person.title,
                                      person.notes, person.strength)
        best = None
        for text, (link, words) in shareable.items():
            found = matcher.score(candidate, words, ())
            if found.score and (best is None or found.score >= best[0].score):  # ties: the newest
                best = (found, text, link)
        if best is not None:
            found, text, link = best
            out.append(Suggestion(reminder.id, person.id, person.name, reminder.due,
                                  f"Share “{text}” ({'; '.join(found.reasons)})", text, link))
            continue
        last = person.last_contacted
        if last is None or (today - last).days >= SAY_HELLO_AFTER_DAYS:
            since = "since you met" if last is None else f"since {last.strftime('%B %Y')}"
            reason = f"Say hello: you have not been in touch {since}"
        else:
            reason = "Give a career update: tell them what you are working on now"
        out.append(Suggestion(reminder.id, person.id, person.name, reminder.due, reason))
    return out


def overdue_count(today: dt.date, kinds: list[str]) -> int:
    from netdesk.store import reminders as rq
    from netdesk.store.models import Reminder

    return Reminder.select().where(Reminder.status.in_(list(rq.ACTIVE)) & (Reminder.due < today)
                                   & Reminder.kind.in_(kinds)).count()


def due_reminders(today: dt.date, kinds: list[str], *, per_kind: int = 100) -> tuple[list, dict[str, int]]:
    """Active reminders of `kinds` due by `today`, earliest first, at most `per_kind` of each kind,
    with how many there are of each kind in all (a big store can owe thousands of keep-in-touch)."""
    from netdesk.store import reminders as rq
    from netdesk.store.models import Reminder

    due = (Reminder.status.in_(list(rq.ACTIVE))) & (Reminder.due <= today)
    counts = dict(Reminder.select(Reminder.kind, pw.fn.count(Reminder.id))
                  .where(due & Reminder.kind.in_(kinds)).group_by(Reminder.kind).tuples())
    rows = []
    for kind in kinds:
        if counts.get(kind):
            query = Reminder.select().where(due & (Reminder.kind == kind)).order_by(Reminder.due, Reminder.id)
            rows.extend(rq.to_domain(row) for row in query.limit(per_kind))
    return rows, {k: int(v) for k, v in counts.items()}
