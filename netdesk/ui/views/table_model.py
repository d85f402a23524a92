"""One table model for the record lists (asks, gives, leads, referrals, meetings, balances).

These lists are a person's own history: hundreds of rows, not 100k, so a model holds them whole and
sorts them in Python. The 100k contact list has its own SQL-backed model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    RECORD = Qt.ItemDataRole.UserRole + 1
    RECORD_ID = Qt.ItemDataRole.UserRole + 2
    CONTACT_ID = Qt.ItemDataRole.UserRole + 3
    SORT = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    tip: Callable[[Any], str] | None = None
    numeric: bool = False
    key: Callable[[Any], object] | None = None  # what sorting compares, when not the shown value


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _sort_key(value: object) -> tuple:
    # None sorts first, and mixed types never compare with each other.
    if value is None or value == "":
        return (0, "")
    if isinstance(value, str):
        return (1, value.casefold())
    return (1, value)


class RecordTableModel(QAbstractTableModel):
    """Rows from `load()`; `columns` say what each column shows; `muted(row)` greys a settled row."""

    def __init__(self, columns: Sequence[Column], load: Callable[[], list], *, record_id=lambda r: r.id,
                 contact_id=lambda r: r.contact_id, muted: Callable[[Any], bool] = lambda r: False,
                 parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._load = load
        self._record_id = record_id
        self._contact_id = contact_id
        self._muted = muted
        self._rows: list = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def refresh(self) -> None:
        self.beginResetModel()
        try:
            self._rows = list(self._load())
            self._apply_sort()
        finally:
            self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def contact_ids(self) -> set[int]:
        """The contacts these rows name (a rename or removal of one of them changes what is shown)."""
        return {cid for cid in map(self._contact_id, self._rows) if cid is not None}

    def row_of(self, record_id: int) -> int:
        for i, row in enumerate(self._rows):
            if self._record_id(row) == record_id:
                return i
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        """Override QAbstractItemModel.rowCount."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        """Override QAbstractItemModel.columnCount."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.headerData."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return day(value) if isinstance(value, dt.date) else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
            return column.tip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted(row):
            app = QApplication.instance()
            return QBrush(app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)) if app else None
        if role == Role.RECORD:
            return row
        if role == Role.RECORD_ID:
            return self._record_id(row)
        if role == Role.CONTACT_ID:
            return self._contact_id(row)
        if role == Role.SORT:
            return column.value(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override QAbstractItemModel.sort; the rows are all in memory."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        try:
            before = self.persistentIndexList()
            rows = [self._rows[i.row()] for i in before]
            self._sort = (column, order)
            self._apply_sort()
            # Keep selections and current items on the same records across the re-order.
            where = {id(r): n for n, r in enumerate(self._rows)}
            self.changePersistentIndexList(before, [self.index(where[id(r)], i.column()) for r, i in zip(rows, before, strict=True)])
        finally:
            self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        value = self.columns[column].key or self.columns[column].value
        self._rows.sort(key=lambda r: _sort_key(value(r)), reverse=order == Qt.SortOrder.DescendingOrder)
