"""The history records as the desktop lists show them: every ask, give, lead, referral and meeting with
the names of the contacts it names joined, and the give/take balance per contact.

Each list is one query, whatever the store's size, and returns the domain record (`domain/records.py`):
the views read the same shape the rules do.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from netdesk.domain.guards import Balance
from netdesk.domain.ids import AskId, ContactId, GiveId, LeadId, MeetingId, ReferralId
from netdesk.domain.kinds import AskStatus, Effort, GiveKind
from netdesk.domain.records import Ask as AskRecord
from netdesk.domain.records import Give as GiveRecord
from netdesk.domain.records import Lead as LeadRecord
from netdesk.domain.records import Meeting as MeetingRecord
from netdesk.domain.records import Referral as ReferralRecord
from netdesk.store.models import Ask, Contact, Give, Lead, Meeting, Referral, database

# Enum members by value: a dict lookup per row is cheaper than the enum's own constructor.
_EFFORT = {e.value: e for e in Effort}
_ASK_STATUS = {s.value: s for s in AskStatus}
_GIVE_KIND = {k.value: k for k in GiveKind}


def _raw(query) -> list[tuple]:
    """Rows straight from SQLite: peewee's per-value conversion costs more than the query on a big store."""
    sql, params = query.sql()
    return database.execute_sql(sql, params).fetchall()


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def asks() -> list[AskRecord]:
    query = (Ask.select(Ask.id, Ask.contact, Contact.name, Ask.purpose, Ask.effort, Ask.on_date, Ask.status,
                        Ask.resolved_on)
             .join(Contact).order_by(Ask.on_date.desc(), Ask.id.desc()))
    return [AskRecord(AskId(i), ContactId(c), p, _day(on), _EFFORT[e], _ASK_STATUS[st], _day(res), contact=n)
            for i, c, n, p, e, on, st, res in _raw(query)]


def ask_counts() -> dict[str, int]:
    """How many asks there are by status."""
    return dict(Ask.select(Ask.status, pw.fn.count(Ask.id)).group_by(Ask.status).tuples())


def gives() -> list[GiveRecord]:
    query = (Give.select(Give.id, Give.contact, Contact.name, Give.text, Give.kind, Give.link, Give.on_date)
             .join(Contact).order_by(Give.on_date.desc(), Give.id.desc()))
    return [GiveRecord(GiveId(i), ContactId(c), t, _day(on), _GIVE_KIND[k], link, contact=n)
            for i, c, n, t, k, link, on in _raw(query)]


def recent_gives(since: dt.date, kinds: list[str], *, limit: int) -> list[tuple[str, str | None]]:
    """(text, link) of the newest gives of `kinds` after `since`, newest first."""
    query = (Give.select(Give.text, Give.link).where((Give.on_date > since) & Give.kind.in_(kinds))
             .order_by(Give.on_date.desc()).limit(limit))
    return list(query.tuples())


def balances(since: dt.date) -> list[Balance]:
    """Asks and gives per contact after `since`, in one grouped query."""
    cursor = database.execute_sql(
        "SELECT c.id, c.name, sum(t.asked), sum(t.given) FROM ("
        " SELECT contact_id, 1 AS asked, 0 AS given FROM ask WHERE on_date > ?"
        " UNION ALL SELECT contact_id, 0, 1 FROM give WHERE on_date > ?"
        ") AS t JOIN contact AS c ON c.id = t.contact_id GROUP BY c.id",
        (since.isoformat(), since.isoformat()))
    return [Balance(ContactId(cid), name, int(asked), int(given)) for cid, name, asked, given in cursor.fetchall()]


def leads(lead_id: int | None = None) -> list[LeadRecord]:
    query = (Lead.select(Lead.id, Lead.contact, Contact.name, Lead.text, Lead.on_date, Lead.thanked_on, Lead.outcome,
                         Lead.outcome_on, Lead.reported_on)
             .join(Contact).order_by(Lead.on_date.desc(), Lead.id.desc()))
    if lead_id is not None:
        query = query.where(Lead.id == lead_id)
    return [LeadRecord(LeadId(i), ContactId(c), t, _day(on), _day(th), out, _day(out_on), _day(rep), contact=n)
            for i, c, n, t, on, th, out, out_on, rep in _raw(query)]


def referrals() -> list[ReferralRecord]:
    seeker = Contact.alias("seeker")
    target = Contact.alias("target")
    query = (Referral.select(Referral.id, Referral.seeker, seeker.name, Referral.target, target.name,
                             Referral.on_date, Referral.note)
             .join(seeker, on=(Referral.seeker == seeker.id))
             .switch(Referral).join(target, on=(Referral.target == target.id))
             .order_by(Referral.on_date.desc(), Referral.id.desc()))
    return [ReferralRecord(ReferralId(i), ContactId(s), ContactId(t), _day(on), note, seeker=sn, target=tn)
            for i, s, sn, t, tn, on, note in _raw(query)]


def meetings() -> list[MeetingRecord]:
    referrer = Contact.alias("referrer")
    query = (Meeting.select(Meeting.id, Meeting.contact, Contact.name, Meeting.at, Meeting.tzid,
                            Meeting.duration_minutes, Meeting.referred_by, referrer.name, Meeting.purpose,
                            Meeting.location)
             .join(Contact, on=(Meeting.contact == Contact.id))
             .switch(Meeting).join(referrer, pw.JOIN.LEFT_OUTER, on=(Meeting.referred_by == referrer.id))
             .order_by(Meeting.at.desc(), Meeting.id.desc()))
    return [MeetingRecord(MeetingId(mid), ContactId(cid), dt.datetime.fromisoformat(at),
                          ContactId(ref_id) if ref_id else None, purpose, tzid, minutes, location,
                          contact=name, referrer=ref_name or "")
            for mid, cid, name, at, tzid, minutes, ref_id, ref_name, purpose, location in _raw(query)]
