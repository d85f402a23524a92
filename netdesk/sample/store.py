"""Writing a sample network straight into the open store, and loading/removing the window's sample.

Rows go in with `executemany` in one transaction (100k contacts and 1M interactions take seconds, not
the minutes that one service call per record would). Contacts get explicit ids after the current
maximum, so a sample can sit beside the user's own contacts and be removed exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from netdesk.domain.change import Change
from netdesk.domain.text import fold
from netdesk.errors import InvalidValue
from netdesk.sample import words as w
from netdesk.sample.generate import Network, SampleContact, folded, generate
from netdesk.store import settings
from netdesk.store.contacts import email_key, ensure_tags, now_stamp, phone_digits
from netdesk.store.models import Contact, Tag, database

_SPACES = re.compile(r"\s+")  # as in domain.text.fold
SAMPLE_TAG = "sample"
SAMPLE_SETTING = "sample.network"
_BATCH = 50_000
_FTS_REBUILD_FROM = 2_000

_CONTACT_SQL = (
    "INSERT INTO contact (id, name, given_name, family_name, phonetic_given, phonetic_family, organisation,"
    " department, title, how_met, met_on, created_on, every_days, name_ok, notes, strength, birthday,"
    " linkedin_url, introduced_by_id, search_text, sort_name, updated_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_ACTIVITY_SQL = {
    "interaction": "INSERT INTO interaction (contact_id, kind, on_date, note) VALUES (?,?,?,?)",
    "favour": "INSERT INTO favour (contact_id, text, on_date, thanked_on) VALUES (?,?,?,?)",
    "thanks": "INSERT INTO thanks (contact_id, on_date, note) VALUES (?,?,?)",
    "lead": "INSERT INTO lead (contact_id, text, on_date, thanked_on, outcome, outcome_on, reported_on)"
            " VALUES (?,?,?,?,?,?,?)",
    "referral": "INSERT INTO referral (seeker_id, target_id, on_date, note) VALUES (?,?,?,?)",
    "ask": "INSERT INTO ask (contact_id, purpose, effort, on_date, status, resolved_on) VALUES (?,?,?,?,?,?)",
    "give": "INSERT INTO give (contact_id, text, kind, link, on_date) VALUES (?,?,?,?,?)",
    "meeting": "INSERT INTO meeting (contact_id, at, tzid, duration_minutes, referred_by_id, purpose, location, notes)"
               " VALUES (?,?,?,?,?,?,?,?)",
}
# Which positions of each activity row hold sample indexes that must become contact ids.
_CONTACT_COLUMNS = {"referral": (0, 1), "meeting": (0, 4)}


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


def _isos(row: tuple) -> tuple:
    return tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row)


def write_store(network: Network, *, extra_tags: tuple[str, ...] = ()) -> Written:
    """Insert the whole network into the open store in one transaction; nothing is derived here.

    Call `netdesk.services.reminders.derive(today)` afterwards (`load_sample` does).
    """
    conn = database.connection()
    counts: dict[str, int] = {}
    with database.atomic():
        base = conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]
        tag_names = sorted({t for c in network.contacts for t in c.tags} | set(extra_tags))
        existing = {name.casefold() for (name,) in Tag.select(Tag.name).tuples()}
        tag_ids = {name.casefold(): tid for name, tid in ensure_tags(tag_names).items()}
        for name, days in w.TAG_CADENCES.items():
            if name in tag_names and name.casefold() not in existing:
                Tag.update(every_days=days).where(Tag.id == tag_ids[name.casefold()]).execute()
        stamp = now_stamp()
        contact_rows, email_rows, phone_rows, tag_rows = [], [], [], []
        for c in network.contacts:
            cid = base + c.index
            tags = c.tags + extra_tags
            contact_rows.append((
                cid, c.name, c.given_name, c.family_name, c.phonetic_given, c.phonetic_family, c.organisation,
                c.department, c.title, c.how_met, _iso(c.met_on), c.created_on.isoformat(), c.every_days, 0,
                c.notes, c.strength, c.birthday, c.linkedin_url,
                None if c.introduced_by is None else base + c.introduced_by,
                search_text(c, tags), folded(c.name), stamp,
            ))
            email_rows.append((cid, c.email, email_key(c.email), "work", 0))
            phone_rows.append((cid, c.phone, phone_digits(c.phone), "mobile", 0))
            tag_rows.extend((cid, tag_ids[t.casefold()]) for t in tags)
        _insert_contacts(conn, contact_rows)
        conn.executemany("INSERT INTO email (contact_id, value, value_key, label, position) VALUES (?,?,?,?,?)",
                         email_rows)
        conn.executemany("INSERT INTO phone (contact_id, value, digits, label, position) VALUES (?,?,?,?,?)",
                         phone_rows)
        conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)", tag_rows)
        counts["contact"] = len(contact_rows)
        for table, rows in _activity(network):
            counts[table] = _insert_batched(conn, _ACTIVITY_SQL[table], rows, base, _CONTACT_COLUMNS.get(table, (0,)))
    return Written(base + 1, base + network.size, counts)


def _insert_contacts(conn, rows: list[tuple]) -> None:
    """Insert contact rows; for big batches, index them for search in one FTS 'rebuild' at the end.

    The per-row FTS trigger costs about four times a rebuild at 10k+ rows. The trigger is dropped and
    re-created from its own stored SQL inside this transaction, so whatever a later migration made of it
    comes back unchanged, and a failure rolls the drop back too.
    """
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'contact_fts_ai'").fetchone()
    if len(rows) < _FTS_REBUILD_FROM or found is None:
        conn.executemany(_CONTACT_SQL, rows)
        return
    conn.execute("DROP TRIGGER contact_fts_ai")
    conn.executemany(_CONTACT_SQL, rows)
    conn.execute(found[0])
    conn.execute("INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')")


def _activity(network: Network):
    yield "interaction", network.interaction_rows()
    yield "favour", network.favour_rows()
    yield "thanks", network.thanks_rows()
    yield "lead", network.lead_rows()
    yield "referral", network.referral_rows()
    yield "ask", network.ask_rows()
    yield "give", network.give_rows()
    yield "meeting", network.meeting_rows()


def _insert_batched(conn, sql: str, rows, base: int, id_columns: tuple[int, ...]) -> int:
    """Insert in batches so 1M rows never sit in memory at once."""
    total, batch = 0, []
    for row in rows:
        values = list(_isos(row))
        for col in id_columns:
            if values[col] is not None:
                values[col] += base
        batch.append(values)
        if len(batch) >= _BATCH:
            conn.executemany(sql, batch)
            total, batch = total + len(batch), []
    if batch:
        conn.executemany(sql, batch)
        total += len(batch)
    return total


def sample_loaded() -> dict | None:
    """What `load_sample` recorded ({first_id, last_id, size, seed}), or None."""
    return settings.get(SAMPLE_SETTING)


def load_sample(today: dt.date, size: int = 200) -> Written:
    """Add a sample network beside the user's data, tagged "sample", and derive its reminders."""
    from netdesk.services.reminders import derive

    if sample_loaded() is not None:
        raise InvalidValue("a sample network is already loaded; remove it first")
    network = generate(size, today)
    with database.atomic():
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
    conn = database.connection()
    with database.atomic():
        tag = Tag.get_or_none(Tag.name == SAMPLE_TAG)
        ids: list[int] = []
        if tag is not None:
            ids = [cid for (cid,) in conn.execute(
                "SELECT contact_id FROM contact_tag WHERE tag_id = ? AND contact_id BETWEEN ? AND ?",
                (tag.id, info["first_id"], info["last_id"]))]
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            conn.execute(f"DELETE FROM reminder WHERE contact_id IN ({marks})", chunk)
            Contact.delete().where(Contact.id.in_(chunk)).execute()
        if tag is not None and not conn.execute("SELECT 1 FROM contact_tag WHERE tag_id = ?", (tag.id,)).fetchone():
            tag.delete_instance()
        conn.execute("DELETE FROM setting WHERE key = ?", (SAMPLE_SETTING,))
    if today is not None:
        from netdesk.services.reminders import derive

        derive(today)
    return len(ids)
