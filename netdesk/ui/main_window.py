"""The main window: contacts table with search, the Due list, and the skeleton's actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from netdesk import paths
from netdesk.errors import UserFacingError
from netdesk.exchange.ics import IcsOptions
from netdesk.services import calendar, contacts, history
from netdesk.ui.contacts_model import ContactsModel
from netdesk.ui.contacts_model import Role as ContactRole
from netdesk.ui.dialogs import AddContactDialog, FavourDialog
from netdesk.ui.messages import Messages
from netdesk.ui.reminders_model import RemindersModel
from netdesk.ui.reminders_model import Role as ReminderRole

SEARCH_DEBOUNCE_MS = 150


class MainWindow(QMainWindow):
    """Signals:
        data_changed: the store was written; views refresh.
    """

    data_changed = Signal()

    def __init__(self, today_fn: Callable[[], dt.date] = dt.date.today, db_path: Path | None = None) -> None:
        super().__init__()
        self._today_fn = today_fn
        self.db_path = db_path
        self.setWindowTitle("netdesk")
        icon = paths.resource("netdesk.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.contacts_model = ContactsModel(self)
        self.reminders_model = RemindersModel(self.today, self)
        self._build_actions()
        self._build_widgets()
        self.data_changed.connect(self.refresh)
        self.refresh()
        self.resize(1100, 700)

    @property
    def today(self) -> dt.date:
        return self._today_fn()

    # -- construction ----------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_contact_action = self._action("&New contact…", self.add_contact, QKeySequence.StandardKey.New)
        self.favour_action = self._action("Record &favour…", self.record_favour, "Ctrl+Shift+F")
        self.thank_action = self._action("Mark &thanked", self.mark_thanked, "Ctrl+T")
        self.export_action = self._action("&Export calendar…", self.export_calendar, "Ctrl+E")
        self.find_action = self._action("&Find", self.focus_search, QKeySequence.StandardKey.Find)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        contact_menu = menu.addMenu("&Contact")
        for action in (self.new_contact_action, self.favour_action, self.thank_action):
            contact_menu.addAction(action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addAction(self.find_action)
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_contact_action, self.favour_action, self.thank_action, self.export_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_widgets(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, emails, organisations, tags…")
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)

        self.table = QTableView()
        self.table.setAccessibleName("Contacts")
        self.table.setModel(self.contacts_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 180)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _index: self.record_favour())

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)
        self.count_label = QLabel()
        left_layout.addWidget(self.count_label)

        self.due_list = QListView()
        self.due_list.setAccessibleName("Due reminders")
        self.due_list.setModel(self.reminders_model)
        self.due_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        due_title = QLabel("<b>Due</b>")
        due_title.setBuddy(self.due_list)
        right_layout.addWidget(due_title)
        right_layout.addWidget(self.due_list)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        self.statusBar()

    # -- behaviour ---------------------------------------------------------------------------
    def refresh(self) -> None:
        # A model reset drops the selection; keep the user's place across it.
        selected = self.selected_contact_id() if self.table.selectionModel().hasSelection() else None
        self.reminders_model.today = self.today
        self.contacts_model.refresh()
        self.reminders_model.refresh()
        if selected is not None:
            self.select_contact(selected)
        count = self.contacts_model.rowCount()
        self.count_label.setText(f"{count} contact{'s' if count != 1 else ''}")

    def select_contact(self, contact_id: int) -> None:
        row = self.contacts_model.row_of(contact_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.contacts_model.index(row, 0))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _apply_search(self) -> None:
        self.contacts_model.set_search(self.search.text())
        count = self.contacts_model.rowCount()
        self.count_label.setText(f"{count} contact{'s' if count != 1 else ''}")

    def selected_contact_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self.table.currentIndex()
        if index.isValid():
            return self.contacts_model.data(index, ContactRole.CONTACT_ID)
        reminder_index = self.due_list.currentIndex()
        if reminder_index.isValid():
            return self.reminders_model.data(reminder_index, ReminderRole.CONTACT_ID)
        return None

    def _run(self, title: str, work: Callable[[], object]) -> object | None:
        """Run a service call; a UserFacingError becomes a message, and nothing was written."""
        try:
            result = work()
        except UserFacingError as exc:
            Messages.tell(self, title, str(exc), error=True)
            return None
        self.data_changed.emit()
        return result

    def add_contact(self) -> None:
        dialog = AddContactDialog(self.today, self)
        if dialog.exec() != AddContactDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        created = self._run("New contact", lambda: contacts.add_contact(today=self.today, **values))
        if created is not None:
            self.select_contact(created.id)
            self.statusBar().showMessage(f"Added {created.name}", 4000)

    def record_favour(self) -> None:
        contact_id = self.selected_contact_id()
        if contact_id is None:
            Messages.tell(self, "Record favour", "Select the contact who did you the favour first.")
            return
        contact = contacts.get(contact_id)
        dialog = FavourDialog(contact.name, self.today, self)
        if dialog.exec() != FavourDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        done = self._run(
            "Record favour",
            lambda: history.record_favour(contact_id, values["text"], on=values["on"], today=self.today),
        )
        if done is not None:
            self.statusBar().showMessage(f"Recorded a favour from {contact.name}; thank them soon", 4000)

    def mark_thanked(self) -> None:
        contact_id = self.selected_contact_id()
        if contact_id is None:
            Messages.tell(self, "Mark thanked", "Select a contact or a thank-you reminder first.")
            return
        contact = contacts.get(contact_id)
        done = self._run("Mark thanked", lambda: history.record_thanks(contact_id, on=self.today, today=self.today))
        if done is not None:
            self.statusBar().showMessage(f"Thanked {contact.name}", 4000)

    def export_calendar(self) -> None:
        default = str(Path.home() / "netdesk.ics")
        path, _ = QFileDialog.getSaveFileName(self, "Export calendar", default, "iCalendar (*.ics)")
        if not path:
            return
        count = self._run("Export calendar", lambda: calendar.export_ics(Path(path), IcsOptions()))
        if count is not None:
            self.statusBar().showMessage(f"Wrote {count} reminders to {path}", 6000)
