"""The contacts table: ordered ids from one SQL query, rows filled lazily from a small cache.

Sorting and filtering happen in SQL (a QSortFilterProxyModel over a lazily filled model would sort
only the rows fetched so far), so 100k contacts cost one id list and the rows actually painted.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from netdesk.domain.model import Contact
from netdesk.services import contacts as contact_service

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    CONTACT_ID = Qt.ItemDataRole.UserRole + 1
    CONTACT = Qt.ItemDataRole.UserRole + 2


COLUMNS = [
    ("name", "Name"),
    ("organisation", "Organisation"),
    ("last_contacted", "Last contacted"),
    ("next_due", "Next due"),
    ("strength", "Strength"),
    ("tags", "Tags"),
]
SORTABLE = {"name", "organisation", "last_contacted", "next_due", "strength"}
CACHE_ROWS = 2000
PAGE = 200


class ContactsModel(QAbstractTableModel):
    """Contacts matching the current search, tag and due filter, in SQL order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._cache: OrderedDict[int, Contact] = OrderedDict()
        self.search = ""
        self.tag: str | None = None
        self.due_by: dt.date | None = None
        self.sort_key = "name"
        self.descending = False

    # -- queries ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-run the id query; rows are fetched again only as they are painted."""
        self.beginResetModel()
        try:
            self._ids = contact_service.list_ids(
                search=self.search, tag=self.tag, due_by=self.due_by, order=self.sort_key, descending=self.descending
            )
            self._cache.clear()
        finally:
            self.endResetModel()

    def set_search(self, text: str) -> None:
        self.search = text
        self.refresh()

    def contact_at(self, row: int) -> Contact | None:
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
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    def _fill(self, row: int) -> None:
        # One page around the requested row, in a fixed number of queries.
        start = max(0, row - PAGE // 4)
        wanted = [cid for cid in self._ids[start:start + PAGE] if cid not in self._cache]
        for contact in contact_service.list_by_ids(wanted):
            self._cache[contact.id] = contact
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    def invalidate(self, contact_ids: set[int] | None = None) -> None:
        """Forget cached rows (all, or some) and repaint them."""
        if contact_ids is None:
            self._cache.clear()
        else:
            for cid in contact_ids:
                self._cache.pop(cid, None)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    # -- Qt overrides ----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (QAbstractItemModel.rowCount)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (QAbstractItemModel.columnCount)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.headerData."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.data."""
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == Role.CONTACT_ID:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Role.CONTACT):
            return None
        contact = self.contact_at(index.row())
        if contact is None:
            return None
        if role == Role.CONTACT:
            return contact
        key = COLUMNS[index.column()][0]
        if key == "name":
            return contact.name
        if key == "organisation":
            return contact.organisation
        if key == "last_contacted":
            return contact.last_contacted.isoformat() if contact.last_contacted else ""
        if key == "next_due":
            return contact.next_due.isoformat() if contact.next_due else ""
        if key == "strength":
            return "★" * contact.strength if contact.strength else ""
        return ", ".join(contact.tags)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override QAbstractItemModel.sort: sorting is done by the SQL query."""
        key = COLUMNS[column][0] if 0 <= column < len(COLUMNS) else "name"
        if key not in SORTABLE:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
