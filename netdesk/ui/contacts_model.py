"""The contacts table: ordered ids from one SQL query, rows filled lazily from a small cache.

Sorting and filtering happen in SQL (a QSortFilterProxyModel over a lazily filled model would sort
only the rows fetched so far), so 100k contacts cost one id list and the rows actually painted.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage

from netdesk.domain.change import Change
from netdesk.services import contact_list
from netdesk.services.contact_list import ListRow
from netdesk.ui.avatar import avatar_icon, is_dark, scaled_photo

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    CONTACT_ID = Qt.ItemDataRole.UserRole + 1
    CONTACT = Qt.ItemDataRole.UserRole + 2  # the row's contact_list.ListRow
    PHOTO = Qt.ItemDataRole.UserRole + 3  # a small QImage, or None when the contact has no photo


COLUMNS = [
    ("name", "Name"),
    ("organisation", "Organisation"),
    ("last_contacted", "Last contacted"),
    ("next_due", "Next due"),
    ("strength", "Strength"),
    ("tags", "Tags"),
]
SORTABLE = {"name", "organisation", "last_contacted", "next_due", "strength"}
CACHE_ROWS = 2000  # bounded: memory stays flat whatever the store size
RECENT_QUERIES = 8
PAGE = 48  # about two screens: a keystroke pays for the rows it shows, not for thousands
FIRST_IDS = 64  # ids a keystroke reads before the list is shown (a tall screen shows ~40 rows)
AVATAR_SIZE = 22
# What a re-read of rows (or a palette switch) can change; named in dataChanged so views repaint only that.
CHANGED_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
                 Qt.ItemDataRole.ForegroundRole, Role.CONTACT, Role.PHOTO]
# data() dispatch: what each role asks for (ints and Qt's enum members hash alike).
_ID, _ALIGN, _TEXT, _DECORATION, _FOREGROUND, _TOOLTIP, _CONTACT, _PHOTO = range(8)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROLE_KIND = {
    Qt.ItemDataRole.DisplayRole: _TEXT, Qt.ItemDataRole.TextAlignmentRole: _ALIGN,
    Qt.ItemDataRole.DecorationRole: _DECORATION, Qt.ItemDataRole.ForegroundRole: _FOREGROUND,
    Qt.ItemDataRole.ToolTipRole: _TOOLTIP, Role.CONTACT_ID: _ID, Role.CONTACT: _CONTACT, Role.PHOTO: _PHOTO,
}
_ROLE_KIND.update({int(role): kind for role, kind in list(_ROLE_KIND.items())})
_RIGHT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
_DATE_COLUMNS = frozenset(i for i, (key, _) in enumerate(COLUMNS) if key in ("last_contacted", "next_due"))
_NEXT_DUE = [key for key, _ in COLUMNS].index("next_due")
DUE_FILTERS = {"all": "All contacts", "week": "Due this week", "due": "Due or overdue", "overdue": "Overdue"}


def _cells(contact: ListRow) -> tuple[str, ...]:
    """What the six columns show for a row, in COLUMNS order."""
    return (
        contact.name,
        contact.organisation,
        contact.last_contacted.isoformat() if contact.last_contacted else "",
        contact.next_due.isoformat() if contact.next_due else "",
        "★" * contact.strength if contact.strength else "",
        ", ".join(contact.tags),
    )


@dataclass(frozen=True, slots=True)
class Applied:
    """What `ContactsModel.apply` had to do: re-read the id list (rows came, went or moved), and whether
    the rows it re-read changed their tags (the tag filter's choices may be stale)."""

    ids_reread: bool
    tags_changed: bool


class ContactsModel(QAbstractTableModel):
    """Contacts matching the current search, tag and due filter, in SQL order.

    A new search, filter or order shows its first FIRST_IDS rows at once (`contact_list.first_ids`,
    a few milliseconds at any store size) and appends the rest when the background reader has them,
    so a keystroke at 100k contacts never waits for 100k ids. `complete` says whether all are in;
    `completed` is emitted when they arrive.
    """

    completed = Signal()
    _rest_loaded = Signal(int, object)  # (generation, (key, ids or exception)), from the reader thread

    def __init__(self, parent=None, today_fn: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        # An int64 array, not a list of ints: 100k ids cost 800 kB instead of ~3.6 MB.
        self._ids: array = array("q")
        self._cache: OrderedDict[int, ListRow] = OrderedDict()
        self._photos: dict[int, QImage | None] = {}
        # The six display strings of each cached row, made once when the row is read.
        self._cells: dict[int, tuple[str, ...]] = {}
        # Painted avatars (photo or initials), made once per row while it stays cached.
        self._avatars: dict[int, QIcon] = {}
        self._today_fn = today_fn
        self._recent: OrderedDict[tuple, array] = OrderedDict()
        self.search = ""
        self.tag: str | None = None
        self.due_filter = "all"
        self.sort_key = "name"
        self.descending = False
        # While True, sort() only records the order: a view being set up (sorting enabled, header state
        # restored) would otherwise run the 100k id query once per step.
        self.deferred = False
        self._complete = True
        self._generation = 0  # which request the list shows; older background results are dropped
        self.reader = contact_list.ListReader()  # this list's background reads and search vocabulary
        self._rest_loaded.connect(self._on_rest_loaded)

    @property
    def due_by(self) -> dt.date | None:
        today = self._today_fn()
        return {
            "week": today + dt.timedelta(days=7), "due": today, "overdue": today - dt.timedelta(days=1),
        }.get(self.due_filter)

    # -- queries ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """After a write: forget every cached row and result, and re-run the id query."""
        self._recent.clear()
        self._cache.clear()
        self._cells.clear()
        self._photos.clear()
        self._avatars.clear()
        self._requery()

    def apply(self, change: Change) -> Applied:
        """After a write: re-read the rows `change` names, and the id list only when it may be wrong.

        The id list is re-read for bulk writes, removed contacts, a named contact not in the list (new,
        or now matching the filters), any named contact while a search or filter is on (whether it still
        matches is the query's to say), and a row whose sort value changed or was not known before.
        """
        if change.everything or change.removed_contacts:
            self.refresh()
            return Applied(True, True)
        named = sorted(change.contacts)
        if not named:
            return Applied(False, False)
        self._recent.clear()  # other orders and searches may have moved
        before = {cid: self._cache.get(cid) for cid in named}
        self._forget(named)
        after = {row.id: row for row in self._read(named)}
        tags_changed = any(before[cid] is None or cid not in after or before[cid].tags != after[cid].tags
                           for cid in named)
        moved = self.filtered or any(
            before[cid] is None or cid not in after or self.row_of(cid) < 0
            or getattr(before[cid], self.sort_key) != getattr(after[cid], self.sort_key) for cid in named)
        if moved:
            self._requery()
            return Applied(True, tags_changed)
        last = len(COLUMNS) - 1
        for cid in named:
            row = self.row_of(cid)
            self.dataChanged.emit(self.index(row, 0), self.index(row, last), CHANGED_ROLES)
        return Applied(False, tags_changed)

    def _key(self) -> tuple:
        return (self.search, self.tag, self.due_by, self.sort_key, self.descending)

    def _query_args(self) -> dict:
        return {"search": self.search, "tag": self.tag, "due_by": self.due_by, "order": self.sort_key,
                "descending": self.descending}

    def _requery(self) -> None:
        """A new search, filter or order: the id query only. Rows already read stay valid and cached."""
        key = self._key()
        self._generation += 1
        ids = self._recent.pop(key, None)
        complete = ids is not None
        if ids is not None:
            self._remember(key, ids)
        else:
            ids, complete = self.reader.first_ids(**self._query_args(), limit=FIRST_IDS)
            if complete:
                self._remember(key, ids)
        if complete:
            self.reader.cancel_loading()
        else:
            generation = self._generation
            self.reader.load_rest(lambda result: self._rest_loaded.emit(generation, (key, result)),
                                   **self._query_args())
        self.beginResetModel()
        try:
            self._ids = ids
            self._complete = complete
        finally:
            self.endResetModel()

    def _remember(self, key: tuple, ids: array) -> None:
        # A few recent full results, so Backspace over a search is instant; bounded like the row cache.
        self._recent[key] = ids
        while len(self._recent) > RECENT_QUERIES:
            self._recent.popitem(last=False)

    @property
    def complete(self) -> bool:
        """Whether every matching id is listed (not only the first FIRST_IDS)."""
        return self._complete

    def ensure_complete(self) -> None:
        """Read the rest of the list now, in the foreground (to find a row far down, or all ids)."""
        if self._complete:
            return
        self.reader.cancel_loading()
        self._generation += 1
        self._append_rest(self._key(), self.reader.ordered_ids(**self._query_args()))

    def _on_rest_loaded(self, generation: int, payload: tuple) -> None:
        if generation != self._generation or self._complete:
            return  # a newer search replaced the one this was read for
        key, result = payload
        if isinstance(result, Exception):
            # The reader could not (the store moved, a lock timed out): read it here instead.
            result = self.reader.ordered_ids(**self._query_args())
        self._append_rest(key, result)

    def _append_rest(self, key: tuple, ids: array) -> None:
        shown = len(self._ids)
        self._remember(key, ids)
        if ids[:shown] == self._ids:
            # The usual case: the rows on screen stay put (and selected), the rest is appended.
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self._complete = True
                self.endInsertRows()
        else:
            # The store changed between the two reads (a write from the CLI): show the newer whole.
            self.beginResetModel()
            self._ids = ids
            self.endResetModel()
        self._complete = True
        self.completed.emit()

    def set_search(self, text: str) -> None:
        self.search = text
        self._requery()

    def set_filters(self, *, tag: str | None, due_filter: str) -> None:
        self.tag = tag or None
        self.due_filter = due_filter if due_filter in DUE_FILTERS else "all"
        self._requery()

    @property
    def filtered(self) -> bool:
        return bool(self.search.strip() or self.tag or self.due_filter != "all")

    def ids(self) -> list[int]:
        self.ensure_complete()
        return list(self._ids)

    def contact_at(self, row: int) -> ListRow | None:
        if not 0 <= row < len(self._ids):
            return None
        cid = self._ids[row]
        found = self._cache.get(cid)
        if found is None:
            self._fill(row)
            found = self._cache.get(cid)
        return found

    def row_of(self, contact_id: int) -> int:
        try:
            return self._ids.index(contact_id)  # C speed on the array; 100k ids take well under a millisecond
        except ValueError:
            return -1

    def _fill(self, row: int) -> None:
        # One page around the requested row, in a fixed number of queries.
        start = max(0, row - PAGE // 4)
        self._read([cid for cid in self._ids[start:start + PAGE] if cid not in self._cache])

    def _read(self, contact_ids: list[int]) -> list[ListRow]:
        """Read rows into the cache (one `list_rows`); ids no longer in the store are simply absent."""
        found = contact_list.list_rows(contact_ids) if contact_ids else []
        for contact in found:
            self._cache[contact.id] = contact
            self._cells[contact.id] = _cells(contact)
            self._photos[contact.id] = scaled_photo(contact.photo) if contact.photo else None
        while len(self._cache) > CACHE_ROWS:
            evicted, _ = self._cache.popitem(last=False)
            self._cells.pop(evicted, None)
            self._photos.pop(evicted, None)
            self._avatars.pop(evicted, None)
        return found

    def _forget(self, contact_ids: Iterable[int]) -> None:
        for cid in contact_ids:
            self._cache.pop(cid, None)
            self._cells.pop(cid, None)
            self._photos.pop(cid, None)
            self._avatars.pop(cid, None)

    def invalidate(self, contact_ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or some: they are read again when painted) and repaint them."""
        if contact_ids is None:
            self._cache.clear()
            self._cells.clear()
            self._photos.clear()
            self._avatars.clear()
        else:
            self._forget(contact_ids)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1), CHANGED_ROLES)

    # -- Qt overrides ----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (QAbstractItemModel.rowCount)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (QAbstractItemModel.columnCount)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.headerData (asked ~100 times per section after every reset: kept cheap)."""
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.data.

        Painting one screen asks for ~1,000 (cell, role) pairs, so this is a dictionary dispatch over
        display strings made once per row (`_cells`), not a chain of comparisons per call.
        """
        kind = _ROLE_KIND.get(role)
        if kind is None:
            return None
        row = index.row()
        if row < 0 or row >= len(self._ids):  # an invalid index has row -1
            return None
        if kind == _ID:
            return self._ids[row]
        column = index.column()
        if kind == _ALIGN:
            return _RIGHT if column in _DATE_COLUMNS else None
        cid = self._ids[row]
        cells = self._cells.get(cid)
        if cells is None:
            self._fill(row)
            cells = self._cells.get(cid)
            if cells is None:
                return None  # deleted since the id list was read
        if kind == _TEXT:
            return cells[column]
        contact = self._cache[cid]
        if kind == _DECORATION:
            return self._avatar(contact) if column == 0 else None
        if kind == _FOREGROUND:
            if column == _NEXT_DUE and contact.next_due and contact.next_due < self._today_fn():
                return QColor("#ff8a80") if is_dark() else QColor("#c62828")  # overdue stands out
            return None
        if kind == _TOOLTIP:
            return self._tooltip(contact, COLUMNS[column][0])
        if kind == _CONTACT:
            return contact
        return self._photos.get(cid)  # _PHOTO

    def _avatar(self, contact: ListRow) -> QIcon | None:
        # The avatar is the name column's decoration, painted by the standard delegate. A Python
        # delegate would be the textbook way, but PySide6 6.12 leaks a reference to None on every
        # QModelIndex.data()/initStyleOption() call made from Python, and 100k rows of painting crash.
        found = self._avatars.get(contact.id)
        if found is None:
            app = QGuiApplication.instance()
            if app is None:  # no GUI (a model used headless): pixmaps cannot exist
                return None
            found = avatar_icon(contact.name, self._photos.get(contact.id), AVATAR_SIZE, app.devicePixelRatio())
            self._avatars[contact.id] = found
        return found

    def _tooltip(self, contact: ListRow, key: str) -> str | None:
        if key == "name":
            return "\n".join(part for part in (contact.name, contact.title, *contact.emails) if part)
        if key == "next_due" and contact.next_due:
            days = (contact.next_due - self._today_fn()).days
            return "due today" if days == 0 else (f"{-days} days overdue" if days < 0 else f"due in {days} days")
        if key == "strength":
            return f"strength {contact.strength} of 5"
        if key == "tags":
            return ", ".join(contact.tags) or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override QAbstractItemModel.sort: sorting is done by the SQL query."""
        key = COLUMNS[column][0] if 0 <= column < len(COLUMNS) else "name"
        if key not in SORTABLE:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if not self.deferred:
            self._requery()
