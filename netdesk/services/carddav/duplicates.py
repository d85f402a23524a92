"""Likely duplicates offered by a first sync (issue 16 item 1: "likely duplicates are offered for merge, as
on import"; CLI `duplicates`, `duplicate link ID [CONTACT]`, `duplicate separate ID`; the window's
Duplicates dialog, ui/conflicts_page.py).

The first sync with an address book pairs a server card with a contact when they share the UID, an email
address or the LinkedIn URL. A card that shares only the name (case and accents ignored) or a phone number
with a contact may be the same person or another one. The safe default is to do neither: the card is not
made a contact, and the contact it looks like is not uploaded as a card of its own, so no double appears
on either side; everything else syncs. The sync reports how many wait (`duplicates` in its JSON), and the
user answers: `link` (the same person: the card and the contact are merged field by field by the next
sync, as a first sync pairs them, a differing field becoming a conflict) or `separate` (two people: the
card becomes a contact, the contact goes up as a card). An answer is recorded at once, offline, and carried
out by the next sync. This module imports no DAV client.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.errors import InvalidValue, NotFound
from netdesk.store import card_sync as state
from netdesk.store.db import transaction

SETTING = "carddav.duplicates"  # the Change's setting key for an answer (the window re-reads the count)


def offer_id(account_id: int, uid: str) -> str:
    """A short, stable id of an offer (the card's UID is long and its own)."""
    return hashlib.blake2b(f"{account_id}\0{uid}".encode(), digest_size=4).hexdigest()


@dataclass(frozen=True)
class Offer:
    id: str
    account_id: int
    uid: str
    card: dict  # what the server's card says: name, emails, phones, organisation
    contacts: list[dict]  # the contacts it looks like: id, name, emails, reason
    decided: str | None  # None (waiting), "new", or a contact id

    def to_json(self) -> dict:
        return {"id": self.id, "card": self.card, "contacts": self.contacts,
                "decided": None if self.decided is None else ("separate" if self.decided == "new" else "link"),
                "contact_id": int(self.decided) if self.decided not in (None, "new") else None}


def list_offers(*, waiting_only: bool = False) -> list[Offer]:
    out = []
    for account_id, card in state.offers():
        base = card.base
        ids = [c for c in base["offer"] if state.contact_exists(c)]
        names = state.contact_names(ids)
        contacts = [{"id": c, "name": names.get(c, ""), "emails": state.emails_of(c),
                     "reason": base.get("reasons", {}).get(str(c), "")} for c in ids]
        decided = base.get("decided")
        if waiting_only and decided is not None:
            continue
        out.append(Offer(offer_id(account_id, card.uid), account_id, card.uid, base.get("card", {}), contacts,
                         None if decided is None else str(decided)))
    return out


def waiting() -> int:
    return sum(1 for _a, card in state.offers() if card.base.get("decided") is None)


def _find(key: str) -> tuple[int, state.CardItem]:
    key = key.strip().lower()
    for account_id, card in state.offers():
        if offer_id(account_id, card.uid) == key or card.uid == key:
            return account_id, card
    raise NotFound(f"no likely duplicate with id {key!r} (duplicates lists them)")


def _decide(key: str, decided) -> Change:
    with transaction():
        account_id, card = _find(key)
        state.put_item(account_id, state.CardItem(card.uid, None, card.href, card.etag,
                                                  {**card.base, "decided": decided}))
    return Change.of(settings=[SETTING])


def link(key: str, contact_id: int | None = None) -> Change:
    """The card and the contact are the same person: the next sync merges them."""
    _account_id, card = _find(key)
    offered = [c for c in card.base["offer"] if state.contact_exists(c)]
    if contact_id is None:
        if len(offered) != 1:
            raise InvalidValue(f"the card looks like {len(offered)} contacts: name the one to link "
                               f"({', '.join(map(str, offered))})")
        contact_id = offered[0]
    if contact_id not in offered:
        raise InvalidValue(f"contact {contact_id} is not one the card was offered for "
                           f"({', '.join(map(str, offered)) or 'none is left'})")
    return _decide(key, contact_id) | Change.of(contacts=[contact_id])


def separate(key: str) -> Change:
    """The card is another person: the next sync makes it a contact and uploads the contact(s) it looked like."""
    return _decide(key, "new")


def undecide(key: str) -> Change:
    """Back to waiting (undo of an answer the next sync has not carried out yet)."""
    return _decide(key, None)
