"""Contact lists: the one filtered, ordered id query (CLI and window), narrow rows, and small counts.

The window's reads run on the GUI thread for 100k contacts, so they read the sqlite3 cursor directly
where peewee's row objects would cost more than the query.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from collections.abc import Sequence
from operator import itemgetter

from netdesk.domain.contact_views import ListRow
from netdesk.store import contact_flags, list_search
from netdesk.store import reminders as rq
from netdesk.store.contacts import search_condition, search_terms, tag_condition
from netdesk.store.models import Contact, ContactTag, Reminder, Tag, database
from netdesk.store.vocabulary import TrigramVocabulary

ORDER_COLUMNS = {
    "name": Contact.sort_name, "organisation": Contact.organisation, "last_contacted": Contact.last_contacted,
    "next_due": Contact.next_due, "strength": Contact.strength,
}

# What counts as blank per sortable column (a name is never blank).
BLANK = {
    "organisation": Contact.organisation == "", "last_contacted": Contact.last_contacted.is_null(),
    "next_due": Contact.next_due.is_null(), "strength": Contact.strength == 0,
}


def id_query(*, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
             order: str = "name", descending: bool = False, vocabulary: TrigramVocabulary | None = None,
             archived: bool = False):
    """The one query behind every contact list (CLI and window): filtered and sorted in SQL.

    `vocabulary` (the search index's, current for the store) lets short words use the index too.
    Archived contacts are left out, or (`archived`) are the only ones listed.
    """
    query = Contact.select(Contact.id).where(contact_flags.archived() if archived else contact_flags.active())
    condition = search_condition(search, vocabulary) if search else None
    if condition is not None:
        query = query.where(condition)
    if tag:
        query = query.where(tag_condition(tag))
    if due_by is not None:
        query = query.where(Contact.next_due <= due_by)
    column = ORDER_COLUMNS[order]
    # Rows with nothing to show in the sorted column come last in both directions (issue 19 item 8).
    blank = BLANK.get(order)
    first = [blank.asc()] if blank is not None else []
    # Ties break by id in the same direction, so a descending list is the ascending one reversed (blanks
    # aside), and a backwards walk of the (sort_name, id) index gives the name order without sorting.
    if descending:
        return query.order_by(*first, column.desc(), Contact.id.desc())
    return query.order_by(*first, column.asc(), Contact.id.asc())


def list_ids(*, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
             order: str = "name", descending: bool = False, limit: int | None = None,
             archived: bool = False) -> list[int]:
    query = id_query(search=search, tag=tag, due_by=due_by, order=order, descending=descending, archived=archived)
    if limit:
        query = query.limit(limit)
    return [cid for (cid,) in query.tuples()]


IdSql = tuple[str, tuple]


def id_sql(*, search: str | None, tag: str | None, due_by: dt.date | None, order: str, descending: bool,
           vocabulary: TrigramVocabulary | None, limit: int | None = None) -> IdSql:
    """`id_query` as SQL and parameters, to run on any connection (the background reader's too)."""
    query = id_query(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                     vocabulary=vocabulary)
    if limit is not None:
        query = query.limit(limit)
    sql, params = query.sql()
    return sql, tuple(params)


def _id_array(cursor) -> array:
    return array("q", map(itemgetter(0), cursor))


def read_ids(conn: sqlite3.Connection, query: IdSql) -> array:
    """The ids of an `id_sql` query, on another connection (the background reader's)."""
    return _id_array(conn.execute(*query))


def ordered_ids(query: IdSql) -> array:
    """The ids of an `id_sql` query as a compact int64 array, read straight from the sqlite3 cursor: at
    100k rows, peewee's row wrapping would cost several times the query itself."""
    return _id_array(database.execute_sql(*query))


def first_ids(*, search: str | None, tag: str | None, due_by: dt.date | None, order: str, descending: bool,
              vocabulary: TrigramVocabulary | None, limit: int) -> tuple[array, bool]:
    """The first `limit` ids of the list, and whether they are all of them: what a keystroke needs."""
    terms = search_terms(search) if search else []
    if terms and order == "name" and due_by is None and _worth_walking(terms, vocabulary, limit):
        found = list_search.scan_first(terms, tag=tag, descending=descending, limit=limit)
        if found is not None:
            return array("q", found), len(found) < limit
    ids = ordered_ids(id_sql(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                             vocabulary=vocabulary, limit=limit))
    return ids, len(ids) < limit


def _worth_walking(terms: list[str], vocabulary: TrigramVocabulary | None, limit: int) -> bool:
    """Whether the bounded walk is likely to fill the page: the search index's counts say how many
    contacts can match at most; if even that many, spread evenly, would not put `limit` of them within
    the walk's budget, go straight to the index (the walk would only add its 2 ms)."""
    if vocabulary is None or not vocabulary.contacts:
        return True
    matching = min(vocabulary.at_most(term) for term in terms)
    return matching * list_search.SCAN_BUDGET >= limit * vocabulary.contacts


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


def top_id() -> int:
    """max(id): one lookup where count(*) walks an index; it over-counts only after deletions."""
    return database.execute_sql("SELECT max(id) FROM contact").fetchone()[0] or 0


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
    """The contacts every list shows (archived ones are not counted)."""
    return Contact.select().where(contact_flags.active()).count()


def reminders_due(today: dt.date, limit: int = 3) -> tuple[int, list[str]]:
    """How many open reminders are due by `today`, and the titles of the first few: two small queries,
    where listing them all would load tens of thousands of rows on a big store."""
    due = (Reminder.status.in_(list(rq.ACTIVE))) & (Reminder.due <= today)
    count = Reminder.select().where(due).count()
    titles = [t for (t,) in Reminder.select(Reminder.title).where(due).order_by(Reminder.due, Reminder.id)
              .limit(limit).tuples()]
    return count, titles
