"""What the etiquette helpers read of contacts, and the contact fields that feed the rules.

Names not yet cleared for use in a letter, candidates for the give-back matcher, the composer's facts,
and the edit behind `contact set` (cadence, permission, how you met, introduced by, standing offer).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import peewee as pw

from netdesk.domain.composer import ComposeFacts
from netdesk.domain.letters import NameForms
from netdesk.store import contact_flags
from netdesk.store.contacts import now_stamp, search_text_for
from netdesk.store.models import Contact, Interaction

# The columns `contact set` may write; anything else is a bug in the caller.
RULE_FIELDS = frozenset({"every_days", "name_ok", "how_met", "met_on", "introduced_by", "organisation", "title",
                         "offer", "birthday", "anniversary"})


def exists(contact_id: int) -> bool:
    return Contact.select(Contact.id).where(Contact.id == contact_id).exists()


def names_without_permission() -> list[NameForms]:
    """Every contact who has not cleared the use of their name, in name order."""
    rows = (Contact.select(Contact.id, Contact.name, Contact.given_name, Contact.family_name, Contact.sort_name)
            .where(Contact.name_ok == 0).order_by(Contact.sort_name, Contact.id).tuples())
    return [NameForms(cid, name, given, family, sort_name) for cid, name, given, family, sort_name in rows]


def ids_matching_words(words: Sequence[str], *, limit: int) -> list[int]:
    """Contacts whose search text holds any of the words (three characters or more: the trigram index), but
    archived ones."""
    if not words:
        return []
    query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    found = pw.SQL("(SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)", (query,))
    chosen = Contact.id.in_(found) & contact_flags.active()  # archived contacts are never suggested
    return [cid for (cid,) in Contact.select(Contact.id).where(chosen).limit(limit).tuples()]


def compose_facts(contact_id: int) -> ComposeFacts | None:
    """What the composer may say about a contact, with their latest interaction; None if there is none."""
    row = (Contact.select(Contact.name, Contact.given_name, Contact.how_met, Contact.title, Contact.organisation)
           .where(Contact.id == contact_id).tuples().first())
    if row is None:
        return None
    name, given, how_met, title, organisation = row
    last = (Interaction.select(Interaction.kind, Interaction.on_date).where(Interaction.contact == contact_id)
            .order_by(Interaction.on_date.desc(), Interaction.id.desc()).tuples().first())
    kind, on = last if last else ("", None)
    return ComposeFacts(name=name, first_name=given, how_met=how_met, title=title, organisation=organisation,
                        last_kind=kind, last_on=on.isoformat() if on else "")


def update_rule_fields(contact_id: int, values: dict) -> None:
    """Write the named fields (RULE_FIELDS) of one contact and stamp it."""
    unknown = set(values) - RULE_FIELDS
    if unknown:
        raise ValueError(f"not a field `contact set` writes: {', '.join(sorted(unknown))}")
    if values:
        Contact.update(**values, updated_at=now_stamp()).where(Contact.id == contact_id).execute()


def refresh_search_text(contact_ids: Iterable[int]) -> None:
    search_text_for(contact_ids)
