"""Today's "Coming up" section: what falls due in the next days, so a thank-you due on Thursday is seen
on Monday (issue 19 item 7). Keep-in-touch is left to "Reach out this week", which already looks ahead.

The list is read with the same query as the due list (`overview.due_reminders`, after today), and
drawn by the same card delegate; the reminder buttons act on whichever of the two lists was used last.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QListView, QStackedWidget, QVBoxLayout, QWidget

from netdesk.services import overview
from netdesk.ui.views.common import heading
from netdesk.ui.views.today_models import GROUPS, PER_GROUP, DueModel

DAYS = 7


class ComingUpModel(DueModel):
    """Active reminders due after today and within `DAYS`, earliest first, without group headers."""

    def refresh(self) -> None:
        """Override DueModel.refresh."""
        kinds = [kind.value for kind, _ in GROUPS]
        soon, counts = overview.due_reminders(self.today + dt.timedelta(days=DAYS), kinds, per_kind=PER_GROUP,
                                              after=self.today)
        soon.sort(key=lambda r: (r.due, r.id))
        self.counts = counts
        self.overdue = 0
        self.beginResetModel()
        try:
            self._rows = list(soon)
        finally:
            self.endResetModel()


class ComingUp(QWidget):
    """The heading, the list (or a calm line when nothing is coming), sized to a few cards."""

    def __init__(self, model: ComingUpModel, view: QListView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = view
        self.title = heading(f"Coming up · next {DAYS} days", level=2)
        self.nothing = QLabel(f"Nothing else falls due in the next {DAYS} days.")
        self.nothing.setEnabled(False)
        self.nothing.setAccessibleName(self.nothing.text())
        self.stack = QStackedWidget()
        self.stack.addWidget(view)
        self.stack.addWidget(self.nothing)
        view.setMinimumHeight(60)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)

    def refresh(self, today: dt.date) -> int:
        """Re-read; returns how many reminders are coming up."""
        self.model.today = today
        self.model.refresh()
        count = self.model.reminder_count
        self.title.setText(f"Coming up · next {DAYS} days" + (f" · {count}" if count else ""))
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.stack.setMaximumHeight(16777215 if self.model.rowCount() else self.nothing.sizeHint().height() + 8)
        return count
