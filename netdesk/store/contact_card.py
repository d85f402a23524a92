"""The contact card's read model: one call reads everything the card shows about one contact."""

from __future__ import annotations

from netdesk.domain import contact_views as views
from netdesk.domain.contact_views import ContactDetail
from netdesk.store import capture, referrals
from netdesk.store import contacts as q
from netdesk.store import reminders as rq
from netdesk.store.models import Contact
from netdesk.store.records import history_json


def detail(contact_id: int) -> ContactDetail | None:
    """The card of `contact_id`, or None when there is no such contact."""
    contact = q.get(contact_id)
    if contact is None:
        return None
    has_photo, offer = Contact.select(Contact.photo.is_null(False), Contact.offer).where(
        Contact.id == contact_id).tuples().first()
    history = history_json(contact_id)
    others = list(views.others_named(history))
    names = dict(Contact.select(Contact.id, Contact.name).where(Contact.id.in_(others)).tuples()) if others else {}
    entries = views.timeline(contact_id, history, names)
    interactions = [entry.record[1] for entry in entries if entry.record and entry.record[0] == "interaction"]
    return ContactDetail(
        captured=capture.captured_sources(interactions),
        contact=contact, chain=referrals.chain(contact_id), missing=views.missing_fields(contact, bool(has_photo)),
        timeline=entries, reminders=rq.select(contact_id=contact_id),
        balance=views.balance(history), has_photo=bool(has_photo), offer=offer,
    )
