"""Queries over a contact's history records, as plain dicts for JSON and the timeline."""

from __future__ import annotations

import datetime as dt

from netdesk.store.models import Ask, Favour, Give, Interaction, Lead, Meeting, Referral, Thanks


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def history_json(contact_id: int) -> dict:
    asks = Ask.select().where(Ask.contact == contact_id).count()
    gives = Give.select().where(Give.contact == contact_id).count()
    return {
        # Habit 6: the give/take balance, so it is plain when you have only been taking.
        "balance": {"asks": asks, "gives": gives, "given_minus_asked": gives - asks},
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
        "asks": [
            {"id": r.id, "purpose": r.purpose, "effort": r.effort, "on": _iso(r.on_date), "status": r.status,
             "resolved_on": _iso(r.resolved_on)}
            for r in Ask.select().where(Ask.contact == contact_id).order_by(Ask.on_date.desc())
        ],
        "gives": [
            {"id": r.id, "text": r.text, "kind": r.kind, "link": r.link, "on": _iso(r.on_date)}
            for r in Give.select().where(Give.contact == contact_id).order_by(Give.on_date.desc())
        ],
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
