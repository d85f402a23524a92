"""The "Due" list: open reminders, earliest first."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from netdesk.domain.model import Reminder
from netdesk.services import reminders as reminder_service

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    REMINDER = Qt.ItemDataRole.UserRole + 1
    REMINDER_ID = Qt.ItemDataRole.UserRole + 2
    CONTACT_ID = Qt.ItemDataRole.UserRole + 3


class RemindersModel(QAbstractListModel):
    def __init__(self, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.today = today
        self._rows: list[Reminder] = []

    def refresh(self) -> None:
        self.beginResetModel()
        try:
            self._rows = reminder_service.list_reminders()
        finally:
            self.endResetModel()

    def reminder_at(self, row: int) -> Reminder | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (QAbstractItemModel.rowCount)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        reminder = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = "today" if reminder.due == self.today else reminder.due.isoformat()
            return f"{when} · {reminder.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return reminder.detail or reminder.title
        if role == Qt.ItemDataRole.ForegroundRole and reminder.due < self.today:
            app = QApplication.instance()
            if app is not None:
                return QBrush(app.palette().color(QPalette.ColorRole.Link))
            return None
        if role == Role.REMINDER:
            return reminder
        if role == Role.REMINDER_ID:
            return reminder.id
        if role == Role.CONTACT_ID:
            return reminder.contact_id
        return None
