"""The card's extras of one contact (labelled emails and phones, web and social addresses, postal
addresses, birthday, department, nickname): five small queries, by the contact's id."""

from __future__ import annotations

import json

from netdesk.domain.card_extras import CardExtras, Labelled, PostalAddress, nickname_of
from netdesk.store.models import Address, Contact, Email, Phone, Url


def extras(contact_id: int) -> CardExtras | None:
    row = (Contact.select(Contact.birthday, Contact.department, Contact.linkedin_url, Contact.extra,
                          Contact.anniversary)
           .where(Contact.id == contact_id).tuples().first())
    if row is None:
        return None
    birthday, department, linkedin, extra, anniversary = row
    try:
        parsed = json.loads(extra or "{}")
    except ValueError:
        parsed = {}
    emails = tuple(Labelled(v, label) for v, label in Email.select(Email.value, Email.label)
                   .where(Email.contact == contact_id).order_by(Email.position, Email.id).tuples())
    phones = tuple(Labelled(v, label) for v, label in Phone.select(Phone.value, Phone.label)
                   .where(Phone.contact == contact_id).order_by(Phone.position, Phone.id).tuples())
    urls = [Labelled(v, label) for v, label in Url.select(Url.value, Url.label)
            .where(Url.contact == contact_id).order_by(Url.position, Url.id).tuples()]
    if linkedin and all(u.value != linkedin for u in urls):
        urls.insert(0, Labelled(linkedin, "LinkedIn"))
    addresses = tuple(PostalAddress(*row) for row in Address.select(
        Address.label, Address.street, Address.locality, Address.region, Address.postcode, Address.country)
        .where(Address.contact == contact_id).order_by(Address.position, Address.id).tuples())
    return CardExtras(emails, phones, tuple(urls), addresses, birthday, department or "", nickname_of(parsed),
                      anniversary)
