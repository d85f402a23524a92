"""What the contact list reads: ordered ids (every keystroke), narrow rows (every page), and small counts.

These run on the GUI thread for 100k contacts, so they read the sqlite3 cursor directly where peewee's
row objects would cost more than the query.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from netdesk.errors import StoreError
from netdesk.services import contacts as contact_service
from netdesk.services.background_reader import LatestReader
from netdesk.store import contacts as q
from netdesk.store import list_search
from netdesk.store import reminders as rq
from netdesk.store.db import change_signature, store_path
from netdesk.store.models import Contact, ContactTag, Reminder, Tag, database
from netdesk.store.vocabulary import TrigramVocabulary


@dataclass(frozen=True, slots=True)
class ListRow:
    """What one row of the contact list shows: a narrow read, not a whole contact."""

    id: int
    name: str
    organisation: str
    title: str
    last_contacted: dt.date | None
    next_due: dt.date | None
    strength: int
    tags: tuple[str, ...]
    emails: tuple[str, ...]
    photo: bytes | None


def _date_or_none(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def list_rows(contact_ids: Sequence[int]) -> list[ListRow]:
    """Rows for these ids, in their order, in three queries whatever the count (≤ 900 ids)."""
    ids = list(contact_ids)[:900]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    tags: dict[int, list[str]] = {}
    for cid, name in database.execute_sql(
            f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            f"WHERE ct.contact_id IN ({marks}) ORDER BY t.name", ids):
        tags.setdefault(cid, []).append(name)
    emails: dict[int, list[str]] = {}
    for cid, value in database.execute_sql(
            f"SELECT contact_id, value FROM email WHERE contact_id IN ({marks}) ORDER BY position, id", ids):
        emails.setdefault(cid, []).append(value)
    found = {
        row[0]: ListRow(row[0], row[1], row[2], row[3], _date_or_none(row[4]), _date_or_none(row[5]), row[6],
                        tuple(tags.get(row[0], ())), tuple(emails.get(row[0], ())),
                        bytes(row[7]) if row[7] is not None else None)
        for row in database.execute_sql(
            f"SELECT id, name, organisation, title, last_contacted, next_due, strength, photo FROM contact "
            f"WHERE id IN ({marks})", ids)
    }
    return [found[cid] for cid in ids if cid in found]


def ordered_ids(*, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
                order: str = "name", descending: bool = False) -> array:
    """The same ids as `contacts.list_ids`, as a compact int64 array, for the window's list.

    Built by peewee but read straight from the sqlite3 cursor: at 100k rows, peewee's row wrapping
    costs several times the query itself.
    """
    sql, params = _id_query(search, tag, due_by, order, descending, _vocabulary_for(search)).sql()
    return _id_array(database.execute_sql(sql, params))


def _id_query(search: str | None, tag: str | None, due_by: dt.date | None, order: str, descending: bool,
              vocabulary: TrigramVocabulary | None):
    return contact_service.id_query(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                                    vocabulary=vocabulary)


def _id_array(cursor) -> array:
    return array("q", map(itemgetter(0), cursor))


def first_ids(*, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
              order: str = "name", descending: bool = False, limit: int = 100) -> tuple[array, bool]:
    """The first `limit` ids of `ordered_ids`, and whether they are all of them: what a keystroke needs.

    The rest comes from `load_rest` on a background connection, so typing never waits for 100k ids.
    """
    terms = q.search_terms(search) if search else []
    vocabulary = current_vocabulary() if terms else None
    if terms and order == "name" and due_by is None and _worth_walking(terms, vocabulary, limit):
        found = list_search.scan_first(terms, tag=tag, descending=descending, limit=limit)
        if found is not None:
            return array("q", found), len(found) < limit
    sql, params = _id_query(search, tag, due_by, order, descending, vocabulary).limit(limit).sql()
    ids = _id_array(database.execute_sql(sql, params))
    return ids, len(ids) < limit


def _worth_walking(terms: list[str], vocabulary: TrigramVocabulary | None, limit: int) -> bool:
    """Whether the bounded walk is likely to fill the page: the search index's counts say how many
    contacts can match at most; if even that many, spread evenly, would not put `limit` of them within
    the walk's budget, go straight to the index (the walk would only add its 2 ms)."""
    if vocabulary is None or not vocabulary.contacts:
        return True
    matching = min(vocabulary.at_most(term) for term in terms)
    return matching * list_search.SCAN_BUDGET >= limit * vocabulary.contacts


def load_rest(done: Callable[[array | Exception], None], *, search: str | None = None, tag: str | None = None,
              due_by: dt.date | None = None, order: str = "name", descending: bool = False) -> None:
    """Read all of `ordered_ids` on the background reader, then call `done(ids)` there (or with the error).

    A newer call (the next keystroke) supersedes this one: its `done` is then never called.
    """
    path = store_path()
    if path is None:
        done(StoreError("no store is open"))
        return
    sql, params = _id_query(search, tag, due_by, order, descending, _vocabulary_for(search)).sql()
    _list_reader.submit(path, lambda conn: _id_array(conn.execute(sql, params)), done)


def cancel_loading() -> None:
    _list_reader.cancel()


def loading() -> bool:
    return _list_reader.busy or _vocabulary_reader.busy


_list_reader = LatestReader("contact list")
_vocabulary_reader = LatestReader("search vocabulary")


class _VocabularyState:
    known: TrigramVocabulary | None = None  # the last one read, whatever the store's state since
    asked: tuple | None = None  # the (path, signature) last sent to the reader: never asked twice


_vocabulary = _VocabularyState()
# Below this many contacts a scan for a short word takes under 5 ms: not worth a background read.
VOCABULARY_MIN_CONTACTS = 20_000


def _vocabulary_for(search: str | None) -> TrigramVocabulary | None:
    """Only a search with a one- or two-character word has a use for the vocabulary."""
    return current_vocabulary() if search and any(len(t) < 3 for t in q.search_terms(search)) else None


def current_vocabulary() -> TrigramVocabulary | None:
    """The search index's vocabulary if it is current for the open store; otherwise None, and a fresh
    one is read in the background for the searches after this one."""
    path = store_path()
    signature = change_signature()
    if path is None or signature is None:
        return None
    # max(id) is one lookup where count(*) walks an index; it over-counts only after deletions.
    if (database.execute_sql("SELECT max(id) FROM contact").fetchone()[0] or 0) < VOCABULARY_MIN_CONTACTS:
        return None
    key = (path, signature)
    known = _vocabulary.known
    if known is not None and known.signature == key:
        return known
    if _vocabulary.asked != key:
        _vocabulary.asked = key
        _vocabulary_reader.submit(path, lambda conn: TrigramVocabulary.read(conn, key), _vocabulary_read)
    return None


def _vocabulary_read(result: TrigramVocabulary | Exception) -> None:
    if isinstance(result, TrigramVocabulary):
        _vocabulary.known = result


def photos(contact_ids: Sequence[int]) -> dict[int, bytes]:
    """Photo blobs of those contacts that have one, in one query per 900 ids."""
    out: dict[int, bytes] = {}
    ids = list(contact_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        query = Contact.select(Contact.id, Contact.photo).where(Contact.id.in_(chunk) & Contact.photo.is_null(False))
        out.update({cid: bytes(blob) for cid, blob in query.tuples()})
    return out


def tag_names() -> list[str]:
    """Tags that at least one contact has, for the filter."""
    query = Tag.select(Tag.name).join(ContactTag).distinct().order_by(Tag.name)
    return [name for (name,) in query.tuples()]


def contact_count() -> int:
    return Contact.select().count()


def reminders_due(today: dt.date, limit: int = 3) -> tuple[int, list[str]]:
    """How many open reminders are due by `today`, and the titles of the first few: two small queries,
    where listing them all would load tens of thousands of rows on a big store."""
    due = (Reminder.status.in_(list(rq.ACTIVE))) & (Reminder.due <= today)
    count = Reminder.select().where(due).count()
    titles = [t for (t,) in Reminder.select(Reminder.title).where(due).order_by(Reminder.due, Reminder.id)
              .limit(limit).tuples()]
    return count, titles
