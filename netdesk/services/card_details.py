"""The contact card's extras: every stored way to reach someone and the facts an address book brought in
(issue 19 item 5). Read-only; the card's editable fields come from `services.contact_edit.detail`."""

from __future__ import annotations

from netdesk.domain.card_extras import CardExtras
from netdesk.errors import NotFound
from netdesk.store import card_extras


def extras(contact_id: int) -> CardExtras:
    found = card_extras.extras(contact_id)
    if found is None:
        raise NotFound(f"no contact with id {contact_id}")
    return found
