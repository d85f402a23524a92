"""Loading a sample network into the open store, and removing the window's sample again.

The rows are built here (pure data from `generate`); `store/sample_load.py` writes them. Contacts get
explicit ids after the current maximum, so a sample can sit beside the user's own contacts and be
removed exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from netdesk.domain.change import Change, RecordKind
from netdesk.domain.text import fold
from netdesk.errors import InvalidValue
from netdesk.sample import words as w
from netdesk.sample.generate import Network, SampleContact, folded, generate
from netdesk.services.reminders import derive
from netdesk.store import sample_load, settings
from netdesk.store.contacts import email_key, now_stamp, phone_digits
from netdesk.store.db import transaction

_SPACES = re.compile(r"\s+")  # as in domain.text.fold
SAMPLE_TAG = "sample"
SAMPLE_SETTING = "sample.network"
# Which positions of each record row hold sample indexes that must become contact ids.
_CONTACT_COLUMNS = {RecordKind.REFERRAL: (0, 1), RecordKind.MEETING: (0, 4)}


@dataclass(frozen=True)
class Written:
    first_id: int
    last_id: int
    counts: dict[str, int]

    @property
    def change(self) -> Change:
        """A bulk write: every view re-reads (as after an import or a restore)."""
        return Change.all()


def search_text(contact: SampleContact, tags: tuple[str, ...]) -> str:
    """The same folded text as `store.contacts.search_text_for` computes, so FTS finds sample contacts."""
    parts = [folded(p) for p in (contact.name, contact.organisation, contact.department, contact.title,
                                 contact.phonetic_given, contact.phonetic_family)]
    parts += [fold(contact.email), *(folded(t) for t in tags), folded(contact.notes)]
    # Folding part by part from a cache, then collapsing spaces as `fold` does, gives the same text as
    # folding the joined string (a test checks it) at a fraction of the cost for 100k contacts.
    return _SPACES.sub(" ", " | ".join(parts)).strip()


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def write_store(network: Network, *, extra_tags: tuple[str, ...] = ()) -> Written:
    """Insert the whole network into the open store in one transaction; nothing is derived here.

    Call `netdesk.services.reminders.derive(today)` afterwards (`load_sample` does).
    """
    with transaction():
        base = sample_load.max_contact_id()
        tag_names = sorted({t for c in network.contacts for t in c.tags} | set(extra_tags))
        tag_ids = sample_load.tag_ids(tag_names, w.TAG_CADENCES)
        stamp = now_stamp()
        contact_rows, email_rows, phone_rows, tag_rows = [], [], [], []
        for c in network.contacts:
            cid = base + c.index
            tags = c.tags + extra_tags
            contact_rows.append((  # in sample_load.CONTACT_COLUMNS order
                cid, c.name, c.given_name, c.family_name, c.phonetic_given, c.phonetic_family, c.organisation,
                c.department, c.title, c.how_met, _iso(c.met_on), c.created_on.isoformat(), c.every_days, 0,
                c.notes, c.strength, c.birthday, c.linkedin_url,
                None if c.introduced_by is None else base + c.introduced_by,
                search_text(c, tags), folded(c.name), stamp,
            ))
            email_rows.append((cid, c.email, email_key(c.email), "work", 0))
            phone_rows.append((cid, c.phone, phone_digits(c.phone), "mobile", 0))
            tag_rows.extend((cid, tag_ids[t.casefold()]) for t in tags)
        sample_load.insert_contacts(contact_rows, email_rows, phone_rows, tag_rows)
        counts = {"contact": len(contact_rows)}
        for kind, rows in _activity(network):
            counts[str(kind)] = sample_load.insert_records(kind, _rebased(rows, base, _CONTACT_COLUMNS.get(kind, (0,))))
    return Written(base + 1, base + network.size, counts)


def _activity(network: Network) -> Iterator[tuple[RecordKind, Iterable[tuple]]]:
    yield RecordKind.INTERACTION, network.interaction_rows()
    yield RecordKind.FAVOUR, network.favour_rows()
    yield RecordKind.THANKS, network.thanks_rows()
    yield RecordKind.LEAD, network.lead_rows()
    yield RecordKind.REFERRAL, network.referral_rows()
    yield RecordKind.ASK, network.ask_rows()
    yield RecordKind.GIVE, network.give_rows()
    yield RecordKind.MEETING, network.meeting_rows()


def _rebased(rows: Iterable[tuple], base: int, id_columns: tuple[int, ...]) -> Iterator[list]:
    """The rows as the store takes them: dates as ISO text, sample indexes as contact ids."""
    for row in rows:
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in row]
        for col in id_columns:
            if values[col] is not None:
                values[col] += base
        yield values


def sample_loaded() -> dict | None:
    """What `load_sample` recorded ({first_id, last_id, size, seed}), or None."""
    return settings.get(SAMPLE_SETTING)


def load_sample(today: dt.date, size: int = 200) -> Written:
    """Add a sample network beside the user's data, tagged "sample", and derive its reminders, in one
    transaction. Its `change` is everything (a bulk write)."""
    if sample_loaded() is not None:
        raise InvalidValue("a sample network is already loaded; remove it first")
    network = generate(size, today)
    with transaction():
        written = write_store(network, extra_tags=(SAMPLE_TAG,))
        settings.put(SAMPLE_SETTING, {"first_id": written.first_id, "last_id": written.last_id,
                                      "size": size, "seed": network.seed})
        derive(today)
    return written


def remove_sample(today: dt.date | None = None) -> int:
    """Remove exactly the contacts `load_sample` created (and their records and reminders), in one step.

    A contact must be both in the recorded id range and still tagged "sample", so a contact the user
    created later (SQLite may reuse a freed top id) is never taken. Returns the number removed.
    """
    info = sample_loaded()
    if info is None:
        return 0
    with transaction():
        removed = sample_load.remove_tagged(SAMPLE_TAG, info["first_id"], info["last_id"], SAMPLE_SETTING)
        if today is not None:
            derive(today)
    return len(removed)
