"""The import preview's table: one row per record, with who it is (name, email, organisation), what will
happen and why, and a checkbox to leave the record out of the import."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_ACTIONS = {"create": "Create", "merge": "Merge", "skip": "Skip", "restore": "Restore"}
_Index = QModelIndex | QPersistentModelIndex
_ORDER = {"skip": 0, "duplicate": 1, "merge": 2, "restore": 3, "create": 4}


class Role(IntEnum):
    ACTION = Qt.ItemDataRole.UserRole + 1  # "create", "merge", "skip" or "restore"
    WHERE = Qt.ItemDataRole.UserRole + 2  # the record's place in its file, as the service names it


class PreviewModel(QAbstractTableModel):
    """Rows that need a look come first (skipped, possible duplicates), then merges, then new contacts.

    Column 0 is checkable for the records that would be written: unticked ones are left out."""

    HEADERS = ("Import", "Name", "Email", "Organisation", "What happens")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # (action, name, email, organisation, why, where, shown where, a possible duplicate)
        self._rows: list[tuple[str, str, str, str, str, str, str, bool]] = []
        self._checked: list[bool] = []

    def set_result(self, result, left_out: set[str] | frozenset[str] = frozenset()) -> None:
        self.beginResetModel()
        try:
            rows = []
            for f in result.files:
                short = Path(f.file).name
                maybe: dict[str, list[str]] = {}
                for d in f.possible_duplicates:
                    maybe.setdefault(d["record"], []).append(f"may be {d['other_name']} ({d['reason']})")
                for row in f.details:
                    why, action = row.why, row.action
                    if maybe.get(row.where):
                        why = f"{why}; {'; '.join(maybe[row.where])}"
                    rows.append((action, row.name, row.email, row.organisation, why, row.where,
                                 row.where.replace(f.file, short), bool(maybe.get(row.where))))
            self._rows = sorted(rows, key=lambda r: _ORDER["duplicate"] if r[7] else _ORDER.get(r[0], 5))
            self._checked = [r[0] in ("create", "merge", "restore") and r[5] not in left_out for r in self._rows]
        finally:
            self.endResetModel()

    def left_out(self) -> set[str]:
        """The `where` of each record that would be written but is unticked."""
        return {row[5] for row, checked in zip(self._rows, self._checked, strict=True)
                if not checked and self._checkable(row)}

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "merge": 0, "skip": 0, "restore": 0, "left_out": 0, "duplicate": 0}
        for row, checked in zip(self._rows, self._checked, strict=True):
            if self._checkable(row) and not checked:
                out["left_out"] += 1
                continue
            out[row[0]] = out.get(row[0], 0) + 1
            out["duplicate"] += row[7]
        return out

    @staticmethod
    def _checkable(row) -> bool:
        return row[0] in ("create", "merge")

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: _Index) -> Qt.ItemFlag:  # overrides QAbstractItemModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self._checkable(self._rows[index.row()]):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # overrides QAbstractItemModel.data
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        action, name, email, organisation, why, where, shown, _maybe = row
        if role == Role.ACTION:
            return action
        if role == Role.WHERE:
            return where
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0 and self._checkable(row):
            return Qt.CheckState.Checked if self._checked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            label = _ACTIONS.get(action, action)
            if self._checkable(row) and not self._checked[index.row()]:
                label = "Leave out"
            return (label, name, email, organisation, why)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = (_ACTIONS.get(action, action), name, email, organisation, why)[index.column()]
            return f"{text}\n{shown}" if text else shown
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (_ACTIONS.get(action, action), name, email, organisation, why)[index.column()]
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides setData
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0
                or not self._checkable(self._rows[index.row()])):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        self._checked[index.row()] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DisplayRole])
        return True

    def set_all(self, checked: bool) -> None:
        for i, row in enumerate(self._rows):
            if self._checkable(row):
                self._checked[i] = checked
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):  # overrides QAbstractItemModel.headerData
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None
