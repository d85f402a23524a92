"""The Conflicts dialog (issue 16 item 3, SYNC.md): each contact field changed differently in netdesk and on
the server since the last sync, the two values side by side; keep mine, keep theirs, or keep both (a list
field, notes). The same service as `conflict resolve` (services/carddav/conflicts.py); every choice is a
command on the window's undo stack (Ctrl+Z in the dialog too).

`ConflictsIndicator` puts a "N conflicts" button in the status bar and "Resolve contact conflicts…" in the
File menu, both shown only while conflicts exist; the Accounts page opens the same dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.change import Change
from netdesk.errors import UserFacingError
from netdesk.services.carddav import conflicts as service
from netdesk.ui.commands import push
from netdesk.ui.context import AppContext
from netdesk.ui.menu_places import insert_in_file_menu

INTRO = ("These contact fields were changed differently here and on the server (your phone, another computer) "
         "since the last sync. Until you choose, netdesk keeps its own value and leaves the server's alone.")
FIELD_NAMES = {"name": "name", "n": "structured name", "given_name": "given name", "family_name": "family name",
               "phonetic_given": "phonetic given name", "phonetic_family": "phonetic family name",
               "linkedin_url": "LinkedIn", "how_met": "how we met", "met_on": "met on", "every_days": "cadence",
               "name_ok": "name permission", "props": "other properties"}
SIDE_TEXT = {"local": "mine", "remote": "theirs", "both": "both"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ResolveCommand(QUndoCommand):
    """One conflict resolved: undo writes the contact back and opens the conflict again."""

    def __init__(self, context: AppContext, row: service.Row, side: str) -> None:
        super().__init__(f"Keep {SIDE_TEXT[side]}: {FIELD_NAMES.get(row.field, row.field)} of {row.contact}")
        self._context = context
        self._row = row
        self._side = side
        self._resolved: service.Resolved | None = None
        self._first = True

    def run_first(self) -> Change:
        self._resolved = service.resolve_undoable(self._row.id, self._side)
        return self._resolved.change

    def redo(self) -> None:
        """Override QUndoCommand.redo; the first call only announces what `run_first` wrote."""
        assert self._resolved is not None
        if self._first:
            self._first = False
        else:
            try:
                self._resolved = service.redo(self._resolved)
            except UserFacingError as exc:
                self.setObsolete(True)
                self._context.messages.tell(None, self.text(), str(exc), error=True)
                return
        self._context.bus.announce(self._resolved.change)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        assert self._resolved is not None
        try:
            change = service.unresolve(self._resolved)
        except UserFacingError as exc:
            self.setObsolete(True)
            self._context.messages.tell(None, self.text(), str(exc), error=True)
            return
        self._context.bus.announce(change)


class ConflictsDialog(QDialog):
    """The conflicts, one row per field; the buttons act on the selected rows."""

    COLUMNS = ("Contact", "Field", "Here (netdesk)", "On the server")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Contact conflicts")
        self.resize(820, 420)
        self.rows: list[service.Row] = []
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Conflicts")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _index: self.open_contact())
        self.empty = QLabel("No conflicts: every synced contact agrees with the server.")
        self.mine_button = QPushButton("Keep &mine")
        self.mine_button.setToolTip("Keep netdesk's value; the next sync writes it to the server")
        self.theirs_button = QPushButton("Keep &theirs")
        self.theirs_button.setToolTip("Take the server's value into netdesk")
        self.both_button = QPushButton("Keep &both")
        self.both_button.setToolTip("Keep both values (a list, or notes one after the other)")
        self.open_button = QPushButton("&Open contact")
        self.mine_button.clicked.connect(lambda: self.resolve("local"))
        self.theirs_button.clicked.connect(lambda: self.resolve("remote"))
        self.both_button.clicked.connect(lambda: self.resolve("both"))
        self.open_button.clicked.connect(self.open_contact)
        stack = context.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([self.undo_action, self.redo_action])
        self.undo_button = QToolButton()
        self.undo_button.setDefaultAction(self.undo_action)
        self.undo_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        choices = QHBoxLayout()
        for button in (self.mine_button, self.theirs_button, self.both_button, self.open_button):
            button.setAutoDefault(False)
            choices.addWidget(button)
        choices.addStretch(1)
        choices.addWidget(self.undo_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(choices)
        layout.addWidget(close)
        context.bus.data_changed.connect(self._after_change)
        self.load()
        self.table.setFocus()

    # -- the rows ----------------------------------------------------------------------------
    def load(self) -> None:
        keys = {(row.contact_id, row.field) for row in self.selected_rows()}
        current = self.table.currentRow()
        self.rows = service.rows()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (row.contact, FIELD_NAMES.get(row.field, row.field).capitalize(), row.local, row.remote)
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        again = [r for r, row in enumerate(self.rows) if (row.contact_id, row.field) in keys]
        if not again and self.rows:  # the next one after those just resolved
            again = [min(max(current, 0), len(self.rows) - 1)]
        self.table.clearSelection()
        model = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in again:
            model.select(self.table.model().index(r, 0), flags)
        if again:
            model.setCurrentIndex(self.table.model().index(again[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        self._enable()

    def _selected(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def selected_rows(self) -> list[service.Row]:
        return [self.rows[i] for i in self._selected() if i < len(self.rows)]

    def _enable(self) -> None:
        chosen = self.selected_rows()
        for button in (self.mine_button, self.theirs_button):
            button.setEnabled(bool(chosen))
        self.both_button.setEnabled(bool(chosen) and all(row.both for row in chosen))
        self.open_button.setEnabled(len({row.contact_id for row in chosen}) == 1)

    def _after_change(self, _change: Change) -> None:
        self.load()

    # -- choices -----------------------------------------------------------------------------
    def resolve(self, side: str) -> int:
        """Resolve every selected conflict with `side`; returns how many were resolved."""
        chosen = [row for row in self.selected_rows() if side != "both" or row.both]
        done = 0
        if len(chosen) > 1:
            self.context.undo_stack.beginMacro(f"Keep {SIDE_TEXT[side]} for {_plural(len(chosen), 'conflict')}")
        try:
            for row in chosen:
                if push(self.context, self, ResolveCommand(self.context, row, side)) is not None:
                    done += 1
        finally:
            if len(chosen) > 1:
                self.context.undo_stack.endMacro()
        self.load()
        return done

    def open_contact(self) -> None:
        chosen = {row.contact_id for row in self.selected_rows()}
        if len(chosen) == 1:
            self.context.open_contact(chosen.pop())


def open_conflicts(parent: QWidget | None, context: AppContext) -> ConflictsDialog:
    """Show the (one) Conflicts dialog of `parent`, building it on first use."""
    found = getattr(parent, "_conflicts_dialog", None) if parent is not None else None
    if not isinstance(found, ConflictsDialog):
        found = ConflictsDialog(context, parent)
        if parent is not None:
            parent._conflicts_dialog = found  # type: ignore[attr-defined]
    found.load()
    found.show()
    found.raise_()
    found.activateWindow()
    return found


class ConflictsIndicator(QObject):
    """The status bar's "N conflicts" button and the File menu's entry, there only while conflicts exist."""

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.action = QAction("Resolve contact &conflicts…", window)
        self.action.setStatusTip("Contact fields changed differently here and on the server: choose which to keep")
        self.action.triggered.connect(lambda _checked=False: self.open())
        self.button = QToolButton()
        self.button.setAccessibleName("Contact conflicts")
        self.button.setAutoRaise(True)
        self.button.setToolTip("Contact fields changed differently here and on the server; click to choose")
        self.button.clicked.connect(self.open)
        window.statusBar().addPermanentWidget(self.button)
        insert_in_file_menu(window, self.action)
        context.bus.data_changed.connect(lambda _change: self.refresh())
        sync = getattr(window, "sync", None)
        if sync is not None and hasattr(sync, "synced"):
            sync.synced.connect(lambda _results: self.refresh())
        self.refresh()

    def refresh(self) -> int:
        count = service.count()
        self.button.setText(f"⚠ {_plural(count, 'conflict')}")
        self.button.setVisible(count > 0)
        self.action.setVisible(count > 0)
        self.action.setEnabled(count > 0)
        return count

    def open(self) -> ConflictsDialog:
        return open_conflicts(self.window, self.context)
