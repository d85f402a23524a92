"""What the window's contact list reads: ordered ids (every keystroke), narrow rows (every page), counts.

`ListReader` is the state a list keeps between keystrokes (its background readers and the search
vocabulary it last read); the window's contacts model owns one. The queries are in `store.contact_list`.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Sequence
from functools import partial

from netdesk.domain.contact_views import ListRow
from netdesk.errors import StoreError
from netdesk.services.background_reader import LatestReader
from netdesk.store import contact_list as cl
from netdesk.store.contacts import search_terms
from netdesk.store.db import change_signature, store_path
from netdesk.store.vocabulary import TrigramVocabulary

__all__ = ["ListReader", "ListRow", "list_rows", "photos", "tag_names", "contact_count", "reminders_due"]

# Below this many contacts a scan for a short word takes under 5 ms: not worth a background read.
VOCABULARY_MIN_CONTACTS = 20_000


class ListReader:
    """One contact list's reads: its first ids now, the rest in the background, and the vocabulary.

    A newer `load_rest` (the next keystroke) supersedes the one before: its `done` is then never called.
    """

    def __init__(self) -> None:
        self._list_reader = LatestReader("contact list")
        self._vocabulary_reader = LatestReader("search vocabulary")
        self._known: TrigramVocabulary | None = None  # the last one read, whatever the store's state since
        self._asked: tuple | None = None  # the (path, signature) last sent to the reader: never asked twice

    def ordered_ids(self, *, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
                    order: str = "name", descending: bool = False) -> array:
        """The same ids as `contacts.list_ids`, as a compact int64 array, for the window's list."""
        return cl.ordered_ids(cl.id_sql(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                                        vocabulary=self._vocabulary_for(search)))

    def first_ids(self, *, search: str | None = None, tag: str | None = None, due_by: dt.date | None = None,
                  order: str = "name", descending: bool = False, limit: int = 100) -> tuple[array, bool]:
        """The first `limit` ids of `ordered_ids`, and whether they are all of them: what a keystroke needs.

        The rest comes from `load_rest` on a background connection, so typing never waits for 100k ids.
        """
        vocabulary = self.current_vocabulary() if search and search_terms(search) else None
        return cl.first_ids(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                            vocabulary=vocabulary, limit=limit)

    def load_rest(self, done: Callable[[array | Exception], None], *, search: str | None = None,
                  tag: str | None = None, due_by: dt.date | None = None, order: str = "name",
                  descending: bool = False) -> None:
        """Read all of `ordered_ids` on the background reader, then call `done(ids)` there (or with the error)."""
        path = store_path()
        if path is None:
            done(StoreError("no store is open"))
            return
        query = cl.id_sql(search=search, tag=tag, due_by=due_by, order=order, descending=descending,
                          vocabulary=self._vocabulary_for(search))
        self._list_reader.submit(path, partial(cl.read_ids, query=query), done)

    def cancel_loading(self) -> None:
        self._list_reader.cancel()

    def loading(self) -> bool:
        return self._list_reader.busy or self._vocabulary_reader.busy

    def _vocabulary_for(self, search: str | None) -> TrigramVocabulary | None:
        """Only a search with a one- or two-character word has a use for the vocabulary."""
        return self.current_vocabulary() if search and any(len(t) < 3 for t in search_terms(search)) else None

    def current_vocabulary(self) -> TrigramVocabulary | None:
        """The search index's vocabulary if it is current for the open store; otherwise None, and a fresh
        one is read in the background for the searches after this one."""
        path = store_path()
        signature = change_signature()
        if path is None or signature is None:
            return None
        if cl.top_id() < VOCABULARY_MIN_CONTACTS:
            return None
        key = (path, signature)
        if self._known is not None and self._known.signature == key:
            return self._known
        if self._asked != key:
            self._asked = key
            self._vocabulary_reader.submit(path, partial(TrigramVocabulary.read, signature=key), self._vocabulary_read)
        return None

    def _vocabulary_read(self, result: TrigramVocabulary | Exception) -> None:
        if isinstance(result, TrigramVocabulary):
            self._known = result


def list_rows(contact_ids: Sequence[int]) -> list[ListRow]:
    return cl.list_rows(contact_ids)


def photos(contact_ids: Sequence[int]) -> dict[int, bytes]:
    return cl.photos(contact_ids)


def tag_names() -> list[str]:
    return cl.tag_names()


def contact_count() -> int:
    return cl.contact_count()


def reminders_due(today: dt.date, limit: int = 3) -> tuple[int, list[str]]:
    return cl.reminders_due(today, limit)
