"""The history records (interactions, favours, thanks, leads, asks, gives, referrals): writes and reads.

Writes return the new row's id; reads return the domain records of `domain/model.py` and
`domain/records.py`. The whole-store lists the desktop shows are in `record_lists.py`; a contact's
history as the CLI prints it (`contact show --json`) is `history_json` here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import peewee as pw

from netdesk.domain.ids import AskId, ContactId, FavourId, GiveId, LeadId
from netdesk.domain.kinds import AskStatus, Effort, GiveKind
from netdesk.domain.model import Favour as FavourRecord
from netdesk.domain.records import Ask as AskRecord
from netdesk.domain.records import Cadence
from netdesk.domain.records import Give as GiveRecord
from netdesk.domain.records import Lead as LeadRecord
from netdesk.store import contact_flags
from netdesk.store.models import (
    Ask,
    Contact,
    ContactTag,
    Favour,
    Give,
    Interaction,
    Lead,
    Meeting,
    Referral,
    Tag,
    Thanks,
    database,
)


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


# -- writes --------------------------------------------------------------------------------------------
def add_interaction(contact_id: int, kind: str, on: dt.date, note: str) -> int:
    return Interaction.create(contact=contact_id, kind=kind, on_date=on, note=note).id


def add_favour(contact_id: int, text: str, on: dt.date) -> int:
    return Favour.create(contact=contact_id, text=text, on_date=on).id


def add_thanks(contact_id: int, on: dt.date, note: str) -> int:
    return Thanks.create(contact=contact_id, on_date=on, note=note).id


def mark_thanked(contact_id: int, on: dt.date) -> tuple[list[int], list[int]]:
    """Set `thanked_on` on the contact's unthanked favours and leads; returns (favour ids, lead ids)."""
    written = []
    for table in ("favour", "lead"):
        cursor = database.execute_sql(
            f"UPDATE {table} SET thanked_on = ? WHERE contact_id = ? AND thanked_on IS NULL RETURNING id",
            (on.isoformat(), int(contact_id)))
        written.append([rid for (rid,) in cursor.fetchall()])
    return written[0], written[1]


def add_give(contact_id: int, text: str, kind: str, link: str | None, on: dt.date) -> int:
    return Give.create(contact=contact_id, text=text, kind=kind, link=link, on_date=on).id


def add_referral(seeker_id: int, target_id: int, on: dt.date, note: str) -> int:
    return Referral.create(seeker=seeker_id, target=target_id, on_date=on, note=note).id


def add_ask(contact_id: int, purpose: str, effort: str, on: dt.date) -> int:
    return Ask.create(contact=contact_id, purpose=purpose, effort=effort, on_date=on).id


def resolve_ask(ask_id: int, status: str, on: dt.date) -> None:
    Ask.update(status=status, resolved_on=on).where(Ask.id == ask_id).execute()


def add_lead(contact_id: int, text: str, on: dt.date) -> int:
    return Lead.create(contact=contact_id, text=text, on_date=on).id


def set_lead_outcome(lead_id: int, outcome: str, on: dt.date) -> None:
    Lead.update(outcome=outcome, outcome_on=on).where(Lead.id == lead_id).execute()


def set_lead_reported(lead_id: int, on: dt.date) -> None:
    Lead.update(reported_on=on).where(Lead.id == lead_id).execute()


# -- reads of one record or one contact ----------------------------------------------------------------
def _ask(row: Ask) -> AskRecord:
    return AskRecord(AskId(row.id), ContactId(row.contact_id), row.purpose, row.on_date, Effort(row.effort),
                     AskStatus(row.status), row.resolved_on)


def _lead(row: Lead) -> LeadRecord:
    return LeadRecord(LeadId(row.id), ContactId(row.contact_id), row.text, row.on_date, row.thanked_on,
                      row.outcome, row.outcome_on, row.reported_on)


def ask(ask_id: int) -> AskRecord | None:
    row = Ask.get_or_none(Ask.id == ask_id)
    return _ask(row) if row else None


def lead(lead_id: int) -> LeadRecord | None:
    row = Lead.get_or_none(Lead.id == lead_id)
    return _lead(row) if row else None


def contact_name(contact_id: int) -> str | None:
    return Contact.select(Contact.name).where(Contact.id == contact_id).scalar()


def asks_of(contact_id: int) -> list[AskRecord]:
    return [_ask(row) for row in Ask.select().where(Ask.contact == contact_id).order_by(Ask.on_date.desc())]


def gives_of(contact_id: int) -> list[GiveRecord]:
    return [GiveRecord(GiveId(g.id), ContactId(g.contact_id), g.text, g.on_date, GiveKind(g.kind), g.link)
            for g in Give.select().where(Give.contact == contact_id).order_by(Give.on_date.desc())]


# -- what the pure rules read (the specification path of `services/reminders.desired`) --------------------
def names() -> dict[int, str]:
    return dict(Contact.select(Contact.id, Contact.name).tuples())


def favours() -> list[FavourRecord]:
    return [FavourRecord(FavourId(fid), ContactId(cid), text, on, thanked_on) for fid, cid, text, on, thanked_on
            in Favour.select(Favour.id, Favour.contact, Favour.text, Favour.on_date, Favour.thanked_on).tuples()]


def last_thanks() -> dict[int, dt.date]:
    """Each contact's latest thanks (a thanks on or after an ask's resolution closes its thank-you)."""
    return dict(Thanks.select(Thanks.contact, pw.fn.max(Thanks.on_date)).group_by(Thanks.contact).tuples())


def cadences() -> list[Cadence]:
    tag_days: dict[int, list[int]] = defaultdict(list)
    for cid, days in ContactTag.select(ContactTag.contact, Tag.every_days).join(Tag).where(
            Tag.every_days.is_null(False)).tuples():
        tag_days[cid].append(days)
    last: dict[int, dt.date] = {}  # the latest touch-point: an interaction, a favour received, thanks given
    for model in (Interaction, Favour, Thanks):
        for cid, on in model.select(model.contact, model.on_date).tuples():
            last[cid] = max(on, last.get(cid, on))
    started = contact_flags.cadence_from()
    return [Cadence(ContactId(cid), created, every, tuple(tag_days.get(cid, ())), met_on, last.get(cid),
                    dt.date.fromisoformat(since) if since else None)
            for cid, created, every, met_on, since in Contact.select(
                Contact.id, Contact.created_on, Contact.every_days, Contact.met_on, started).tuples()]


# -- a contact's history, as `contact show --json` prints it (CLI.md) ------------------------------------
def ask_json(record: AskRecord) -> dict:
    return {"id": record.id, "purpose": record.purpose, "effort": record.effort.value, "on": _iso(record.on),
            "status": record.status.value, "resolved_on": _iso(record.resolved_on)}


def give_json(record: GiveRecord) -> dict:
    return {"id": record.id, "text": record.text, "kind": record.kind.value, "link": record.link,
            "on": _iso(record.on)}


def history_json(contact_id: int) -> dict:
    asks = asks_of(contact_id)
    gives = gives_of(contact_id)
    return {
        # Habit 6: the give/take balance, so it is plain when you have only been taking.
        "balance": {"asks": len(asks), "gives": len(gives), "given_minus_asked": len(gives) - len(asks)},
        "interactions": [
            {"id": r.id, "kind": r.kind, "on": _iso(r.on_date), "note": r.note}
            for r in Interaction.select().where(Interaction.contact == contact_id).order_by(Interaction.on_date.desc())
        ],
        "favours": [
            {"id": r.id, "text": r.text, "on": _iso(r.on_date), "thanked_on": _iso(r.thanked_on)}
            for r in Favour.select().where(Favour.contact == contact_id).order_by(Favour.on_date.desc())
        ],
        "thanks": [
            {"id": r.id, "on": _iso(r.on_date), "note": r.note}
            for r in Thanks.select().where(Thanks.contact == contact_id).order_by(Thanks.on_date.desc())
        ],
        "leads": [
            {"id": r.id, "text": r.text, "on": _iso(r.on_date), "outcome": r.outcome,
             "outcome_on": _iso(r.outcome_on), "reported_on": _iso(r.reported_on)}
            for r in Lead.select().where(Lead.contact == contact_id).order_by(Lead.on_date.desc())
        ],
        "asks": [ask_json(r) for r in asks],
        "gives": [give_json(r) for r in gives],
        "referrals": [
            {"id": r.id, "seeker_id": r.seeker_id, "target_id": r.target_id, "on": _iso(r.on_date)}
            for r in Referral.select().where((Referral.seeker == contact_id) | (Referral.target == contact_id))
            .order_by(Referral.on_date.desc())
        ],
        "meetings": [
            {"id": r.id, "at": r.at, "purpose": r.purpose, "referred_by": r.referred_by_id}
            for r in Meeting.select().where(Meeting.contact == contact_id).order_by(Meeting.at.desc())
        ],
    }
