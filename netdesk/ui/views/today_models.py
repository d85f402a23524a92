"""Models and the card delegate of the Today view: due reminders grouped by kind, and who to reach out to."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from netdesk.domain.kinds import ReminderKind
from netdesk.domain.model import Reminder
from netdesk.services import overview
from netdesk.services.overview import Suggestion

_Index = QModelIndex | QPersistentModelIndex

# The order of the groups is the order of urgency a person feels: owed thanks first.
GROUPS: list[tuple[ReminderKind, str]] = [
    (ReminderKind.THANK_YOU, "Say thank you"),
    (ReminderKind.FOLLOW_UP, "Pursue leads"),
    (ReminderKind.CLOSE_THE_LOOP, "Close the loop: tell them how it went"),
    (ReminderKind.EXPECT_CALL, "Tell them to expect a call"),
    (ReminderKind.CHECK_BACK, "Check back: did the introduction help?"),
    (ReminderKind.PREPARE, "Prepare for meetings"),
    (ReminderKind.BIRTHDAY, "Birthdays: send a short greeting"),
    (ReminderKind.ANNIVERSARY, "Anniversaries of working together"),
]
PER_GROUP = 100  # a list of more than this is not read; the header still says how many there are
OVERDUE = QColor("#c0392b")
DUE_TODAY = QColor("#d08a1e")


class Role(IntEnum):
    IS_HEADER = Qt.ItemDataRole.UserRole + 1
    SUBTITLE = Qt.ItemDataRole.UserRole + 2
    BADGE = Qt.ItemDataRole.UserRole + 3
    ACCENT = Qt.ItemDataRole.UserRole + 4
    REMINDER = Qt.ItemDataRole.UserRole + 5
    CONTACT_ID = Qt.ItemDataRole.UserRole + 6
    SUGGESTION = Qt.ItemDataRole.UserRole + 7


def due_text(due: dt.date, today: dt.date) -> str:
    """Short and calm: a count of days while it is recent, the month once it is long overdue."""
    days = (today - due).days
    if days > 56:
        return f"overdue since {due.strftime('%b %Y')}"
    if days > 13:
        return f"{days // 7} weeks overdue"
    if days > 1:
        return f"{days} days overdue"
    if days == 1:
        return "due yesterday"
    if days == 0:
        return "due today"
    if days == -1:
        return "due tomorrow"
    return f"due {due.strftime('%a %d %b')}"


def _accent(due: dt.date, today: dt.date) -> QColor | None:
    return OVERDUE if due < today else DUE_TODAY if due == today else None


class DueModel(QAbstractListModel):
    """Reminders due by today, except keep-in-touch (the reach-out list has those), under a header per kind."""

    def __init__(self, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.today = today
        self._rows: list[tuple[ReminderKind, str, int] | Reminder] = []
        self.counts: dict[str, int] = {}
        self.overdue = 0

    def refresh(self) -> None:
        due, counts = overview.due_reminders(self.today, [kind.value for kind, _ in GROUPS], per_kind=PER_GROUP)
        rows: list[tuple[ReminderKind, str, int] | Reminder] = []
        for kind, title in GROUPS:
            mine = [r for r in due if r.kind is kind]
            if mine:
                rows.append((kind, title, counts[kind.value]))
                rows.extend(mine)
        self.counts = counts
        self.overdue = overview.overdue_count(self.today, [kind.value for kind, _ in GROUPS])
        self.beginResetModel()
        try:
            self._rows = rows
        finally:
            self.endResetModel()

    @property
    def reminder_count(self) -> int:
        """All due, including those past the first PER_GROUP of a kind that the list shows."""
        return sum(self.counts.values())

    @property
    def overdue_count(self) -> int:
        return self.overdue

    def reminder_at(self, row: int) -> Reminder | None:
        entry = self._rows[row] if 0 <= row < len(self._rows) else None
        return entry if isinstance(entry, Reminder) else None

    def row_of(self, reminder_id: int) -> int:
        for i, entry in enumerate(self._rows):
            if isinstance(entry, Reminder) and entry.id == reminder_id:
                return i
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        """Override QAbstractItemModel.rowCount."""
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Override QAbstractItemModel.flags: headers cannot be selected."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.reminder_at(index.row()) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if not isinstance(entry, Reminder):
            _kind, title, count = entry
            if role == Qt.ItemDataRole.DisplayRole:
                return title
            if role == Role.BADGE:
                return str(count)
            if role == Role.IS_HEADER:
                return True
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{title}: {count}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Role.SUBTITLE:
            return entry.detail.splitlines()[0] if entry.detail else entry.contact
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.detail or entry.title
        if role == Role.BADGE:
            return ("snoozed, " if entry.status.value == "snoozed" else "") + due_text(entry.due, self.today)
        if role == Role.ACCENT:
            return _accent(entry.due, self.today)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.title}, {due_text(entry.due, self.today)}"
        if role == Role.IS_HEADER:
            return False
        if role == Role.REMINDER:
            return entry
        if role == Role.CONTACT_ID:
            return entry.contact_id
        return None


class SuggestionsModel(QAbstractListModel):
    """Who to reach out to this week, each with a reason."""

    def __init__(self, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.today = today
        self._rows: list[Suggestion] = []

    def refresh(self) -> None:
        rows = overview.reach_out(self.today)
        self.beginResetModel()
        try:
            self._rows = rows
        finally:
            self.endResetModel()

    def suggestion_at(self, row: int) -> Suggestion | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        """Override QAbstractItemModel.rowCount."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Override QAbstractItemModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.contact
        if role == Role.SUBTITLE:
            return row.reason
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{row.contact}: {row.reason}"
        if role == Role.BADGE:
            return due_text(row.due, self.today)
        if role == Role.ACCENT:
            return _accent(row.due, self.today)
        if role == Role.IS_HEADER:
            return False
        if role == Role.SUGGESTION:
            return row
        if role == Role.CONTACT_ID:
            return row.contact_id
        return None


class CardDelegate(QStyledItemDelegate):
    """Paints a header as a quiet section title and an item as a two-line card with a due badge."""

    HEADER_HEIGHT, CARD_HEIGHT, PAD = 34, 50, 10

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Override QStyledItemDelegate.sizeHint."""
        height = self.HEADER_HEIGHT if index.data(Role.IS_HEADER) else self.CARD_HEIGHT
        return QSize(200, height)  # the view stretches cards to its width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Override QStyledItemDelegate.paint."""
        painter.save()
        palette = option.palette
        rect = option.rect
        title = index.data(Qt.ItemDataRole.DisplayRole) or ""
        badge = index.data(Role.BADGE) or ""
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        if index.data(Role.IS_HEADER):
            painter.setFont(bold)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text_rect = rect.adjusted(self.PAD, 10, -self.PAD, 0)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{title.upper()}  ·  {badge}")
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        card = rect.adjusted(4, 2, -4, -2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(card, 6, 6)
        accent = index.data(Role.ACCENT)
        if accent is not None:
            painter.setBrush(accent)
            painter.drawRoundedRect(QRect(card.left(), card.top(), 4, card.height()), 2, 2)
        ink = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = ink if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = painter.fontMetrics()
        badge_width = metrics.horizontalAdvance(badge) + 8 if badge else 0
        inner = card.adjusted(self.PAD + 4, 6, -self.PAD, -6)
        top = QRect(inner.left(), inner.top(), inner.width() - badge_width, inner.height() // 2)
        bottom = QRect(inner.left(), inner.top() + inner.height() // 2, inner.width(), inner.height() // 2)
        painter.setFont(bold)
        painter.setPen(ink)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, top.width()))
        painter.setFont(option.font)
        if badge:
            painter.setPen(accent if accent is not None and not selected else muted)
            painter.drawText(QRect(inner.right() - badge_width, inner.top(), badge_width, inner.height() // 2),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge)
        subtitle = index.data(Role.SUBTITLE) or ""
        painter.setPen(muted)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, bottom.width()))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card, 6, 6)
        painter.restore()
