"""Today's "People you write to": addresses capture saw you exchange mail with at least three times in 90
days that are not contacts yet, each with Add (a new contact, name and email filled in) and Ignore (never
suggested again). Hidden while there is no one to suggest. It feeds the monthly new-contacts goal.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from netdesk.domain.change import Change
from netdesk.services import capture_run
from netdesk.ui.commands import push
from netdesk.ui.contact_commands import AddContactCommand
from netdesk.ui.dialogs import AddContactDialog
from netdesk.ui.views.common import button, heading

WATCHED = {capture_run.LAST_RUN, capture_run.IGNORED}


class PeopleYouWriteTo(QWidget):
    def __init__(self, view) -> None:
        super().__init__()
        self.view = view
        self.context = view.context
        self.list = QListWidget()
        self.list.setAccessibleName("People you write to")
        self.list.setMaximumHeight(120)
        self.add_button = button("A&dd…", "Add them as a contact", self.add)
        self.ignore_button = button("I&gnore", "Never suggest this address again", self.ignore)
        self.dialog = None
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.ignore_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(heading("People you write to", level=2))
        layout.addWidget(self.list)
        layout.addLayout(bar)
        self._stale = False
        self.context.bus.data_changed.connect(self._changed)
        view.installEventFilter(self)
        self.refresh()

    def _changed(self, change: Change) -> None:
        if change.everything or change.contacts or WATCHED & set(change.settings):
            if self.view.isVisible():
                self.refresh()
            else:
                self._stale = True  # read when Today is next shown

    def eventFilter(self, watched, event) -> bool:
        """Override QObject.eventFilter: Today shown after changes it did not read."""
        if watched is self.view and event.type() == QEvent.Type.Show and self._stale:
            self._stale = False
            self.refresh()
        return False

    def refresh(self) -> None:
        found = capture_run.suggested(self.context.today)  # one statement
        self.list.clear()
        for s in found:
            text = f"{s.name} <{s.email}>" if s.name else s.email
            item = QListWidgetItem(f"{text} · {s.count} emails in 90 days")
            item.setData(Qt.ItemDataRole.UserRole, s)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        self.setVisible(bool(found))

    def selected(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def add(self) -> None:
        """The new-contact dialog with their name and address; OK adds them (undoable)."""
        suggestion = self.selected()
        if suggestion is None:
            return
        dialog = AddContactDialog(self.context.today, self.view)
        dialog.name.setText(suggestion.name or suggestion.email.split("@")[0])
        dialog.email.setText(suggestion.email)
        dialog.accepted.connect(lambda: push(self.context, self.view, AddContactCommand(self.context,
                                                                                         dialog.values())))
        self.dialog = dialog
        dialog.open()

    def ignore(self) -> None:
        suggestion = self.selected()
        if suggestion is not None:
            self.context.bus.announce(capture_run.ignore_suggestion(suggestion.email))
