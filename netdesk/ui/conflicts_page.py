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
from netdesk.services.carddav import waiting
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

    def __init__(self, context: AppContext, row, side: str) -> None:
        super().__init__(f"Keep {SIDE_TEXT[side]}: {FIELD_NAMES.get(row.field, row.field)} of {row.contact}")
        self._context = context
        self._row = row
        self._side = side
        self._resolved = None  # services.carddav.conflicts.Resolved
        self._first = True

    def run_first(self) -> Change:
        from netdesk.services.carddav import conflicts as service

        self._resolved = service.resolve_undoable(self._row.id, self._side)
        return self._resolved.change

    def redo(self) -> None:
        """Override QUndoCommand.redo; the first call only announces what `run_first` wrote."""
        from netdesk.services.carddav import conflicts as service

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
        from netdesk.services.carddav import conflicts as service

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
        self.rows: list = []  # services.carddav.conflicts.Row
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
        from netdesk.services.carddav import conflicts as service

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

    def selected_rows(self) -> list:
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


def _open_once(parent: QWidget | None, context: AppContext, kind: type, attribute: str):
    found = getattr(parent, attribute, None) if parent is not None else None
    if not isinstance(found, kind):
        found = kind(context, parent)
        if parent is not None:
            setattr(parent, attribute, found)
    found.load()
    found.show()
    found.raise_()
    found.activateWindow()
    return found


def open_conflicts(parent: QWidget | None, context: AppContext) -> ConflictsDialog:
    """Show the (one) Conflicts dialog of `parent`, building it on first use."""
    return _open_once(parent, context, ConflictsDialog, "_conflicts_dialog")


def open_duplicates(parent: QWidget | None, context: AppContext) -> DuplicatesDialog:
    """Show the (one) Likely duplicates dialog of `parent`, building it on first use."""
    return _open_once(parent, context, DuplicatesDialog, "_duplicates_dialog")


# -- likely duplicates of a first sync -------------------------------------------------------------------
DUPLICATES_INTRO = ("The first sync found cards on the server that look like contacts here (the same name or "
                    "phone number, but no shared email address). To make no double on either side, netdesk "
                    "left them alone: the card is not a contact here yet, and the contact is not on the "
                    "server yet. Say whether they are the same person; the next sync does the rest.")


class DecideCommand(QUndoCommand):
    """One answer to a likely duplicate; undo makes it wait again (until a sync has carried it out)."""

    def __init__(self, context: AppContext, offer, contact_id: int | None) -> None:
        card = offer.card.get("name") or "the card"
        super().__init__(f"Same person: {card}" if contact_id is not None else f"Different people: {card}")
        self._context, self._offer, self._contact_id = context, offer, contact_id
        self._first = True

    def run_first(self) -> Change:
        return self._do()

    def _do(self) -> Change:
        from netdesk.services.carddav import duplicates

        if self._contact_id is None:
            return duplicates.separate(self._offer.id)
        return duplicates.link(self._offer.id, self._contact_id)

    def redo(self) -> None:
        """Override QUndoCommand.redo; the first call only announces what `run_first` wrote."""
        if self._first:
            self._first = False
            change = Change.of(settings=["carddav.duplicates"])
        else:
            change = self._guarded(self._do)
        self._context.bus.announce(change)

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        from netdesk.services.carddav import duplicates

        self._context.bus.announce(self._guarded(lambda: duplicates.undecide(self._offer.id)))

    def _guarded(self, do) -> Change:
        try:
            return do()
        except UserFacingError as exc:  # a sync carried the answer out meanwhile
            self.setObsolete(True)
            self._context.messages.tell(None, self.text(), str(exc), error=True)
            return Change()


class DuplicatesDialog(QDialog):
    """One row per card and the contact it looks like; Same person links them, Different people keeps both."""

    COLUMNS = ("On the server", "Here", "Why", "Answer")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Likely duplicates")
        self.resize(820, 380)
        self.rows: list[tuple] = []  # (offer, contact dict)
        intro = QLabel(DUPLICATES_INTRO)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Likely duplicates")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.empty = QLabel("No likely duplicates wait for an answer.")
        self.same_button = QPushButton("&Same person")
        self.same_button.setToolTip("Link the card to this contact; the next sync merges them field by field")
        self.different_button = QPushButton("&Different people")
        self.different_button.setToolTip("Keep both: the card becomes a contact, the contact goes to the server")
        self.same_button.clicked.connect(lambda: self.decide(True))
        self.different_button.clicked.connect(lambda: self.decide(False))
        stack = context.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.addAction(self.undo_action)
        undo_button = QToolButton()
        undo_button.setDefaultAction(self.undo_action)
        choices = QHBoxLayout()
        for button in (self.same_button, self.different_button):
            button.setAutoDefault(False)
            choices.addWidget(button)
        choices.addStretch(1)
        choices.addWidget(undo_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(choices)
        layout.addWidget(close)
        context.bus.data_changed.connect(lambda _change: self.load())
        self.load()
        self.table.setFocus()

    def load(self) -> None:
        from netdesk.services.carddav import duplicates

        current = max(self.table.currentRow(), 0)
        self.rows = [(offer, contact) for offer in duplicates.list_offers() for contact in offer.contacts]
        self.table.setRowCount(len(self.rows))
        for r, (offer, contact) in enumerate(self.rows):
            card = offer.card
            said = ", ".join([*card.get("emails", []), *card.get("phones", [])])
            here = ", ".join(contact["emails"])
            if offer.decided is None:
                answer = "waiting"
            elif offer.decided == "new":
                answer = "different people (next sync)"
            else:
                answer = "same person (next sync)" if offer.decided == str(contact["id"]) else "another contact"
            values = (f"{card.get('name', '')}" + (f" ({said})" if said else ""),
                      contact["name"] + (f" ({here})" if here else ""), contact["reason"], answer)
            for c, text in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.rows:
            self.table.selectRow(min(current, len(self.rows) - 1))
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        self._enable()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _enable(self) -> None:
        chosen = self.selected()
        for button in (self.same_button, self.different_button):
            button.setEnabled(chosen is not None)

    def decide(self, same: bool) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        offer, contact = chosen
        done = push(self.context, self, DecideCommand(self.context, offer, contact["id"] if same else None))
        self.load()
        return done is not None


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
        self.duplicates_action = QAction("Likely &duplicates from the server…", window)
        self.duplicates_action.setStatusTip("Cards on the server that look like contacts here: say who they are")
        self.duplicates_action.triggered.connect(lambda _checked=False: self.open_duplicates())
        self.duplicates_button = QToolButton()
        self.duplicates_button.setAccessibleName("Likely duplicates")
        self.duplicates_button.setAutoRaise(True)
        self.duplicates_button.setToolTip("Cards on the server that look like contacts here; click to answer")
        self.duplicates_button.clicked.connect(self.open_duplicates)
        window.statusBar().addPermanentWidget(self.duplicates_button)
        window.statusBar().addPermanentWidget(self.button)
        insert_in_file_menu(window, self.action)
        insert_in_file_menu(window, self.duplicates_action)
        context.bus.data_changed.connect(lambda _change: self.refresh())
        sync = getattr(window, "sync", None)
        if sync is not None and hasattr(sync, "synced"):
            sync.synced.connect(lambda _results: self.refresh())
        self.mass_delete = MassDeleteQuestion(window, context, sync)
        self.refresh()

    def refresh(self) -> int:
        count = waiting.conflicts()
        self.button.setText(f"⚠ {_plural(count, 'conflict')}")
        self.button.setVisible(count > 0)
        self.action.setVisible(count > 0)
        self.action.setEnabled(count > 0)
        held = waiting.duplicates()
        self.duplicates_button.setText(f"{_plural(held, 'likely duplicate')} to answer")
        self.duplicates_button.setVisible(held > 0)
        self.duplicates_action.setVisible(held > 0)
        return count

    def open(self) -> ConflictsDialog:
        return open_conflicts(self.window, self.context)

    def open_duplicates(self) -> DuplicatesDialog:
        return open_duplicates(self.window, self.context)


# -- a wiped or wrong address book: the sync stopped, the window asks --------------------------------------
MASS_DELETE_MARK = "--allow-mass-delete"  # what the service's sentence ends with (services/carddav/run._guard)


class MassDeleteQuestion(QObject):
    """When a sync stopped because it would archive (or delete) most of what it holds, ask the user, in the
    service's own words, and on Yes sync that account once more with the guard lifted; on No nothing changes,
    and the next sync stops and asks again. (The CLI's answer is `sync --allow-mass-delete`.)"""

    def __init__(self, window: QMainWindow, context: AppContext, sync) -> None:
        super().__init__(window)
        self.window, self.context, self.sync = window, context, sync
        self.asking = False
        self.last: list = []  # the results of the confirmed syncs (tests read them)
        if sync is not None and hasattr(sync, "synced"):
            sync.synced.connect(self.after_sync)

    def after_sync(self, results: list):
        stopped = [r for r in results if any(MASS_DELETE_MARK in e for e in r.errors)]
        if not stopped or self.asking:
            return None
        self.asking = True
        try:
            first = stopped[0]
            said = next(e for e in first.errors if MASS_DELETE_MARK in e)
            said = said.split("; if that is what you meant")[0]
            if not self.context.messages.ask(
                    self.window, "Sync stopped",
                    f"The sync of {first.name} stopped: {said}. That is what a wiped or wrong address book or "
                    "calendar looks like. Go ahead and archive them? Archived contacts keep their history and "
                    "can be restored (Contact ▸ Archived contacts…)."):
                return None
        finally:
            self.asking = False
        return self._confirmed([r.name for r in stopped])

    def _confirmed(self, names: list[str]):
        from netdesk.ui.workers import Worker

        today = self.context.today
        passwords = dict(getattr(self.sync, "passwords", {}) or {})

        def job():
            from netdesk.services.sync import accounts, run

            return [run.sync_account(accounts.get(n), passwords.get(n), today=today, allow_mass_delete=True)
                    for n in names]

        worker = Worker(job)
        signals = worker.signals
        signals.setParent(self)
        signals.succeeded.connect(self._done)
        signals.failed.connect(lambda exc: self.window.statusBar().showMessage(f"Sync failed: {exc}", 8000))
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().start(worker)
        return worker

    def _done(self, results: list) -> None:
        self.last = results
        change = Change()
        for result in results:
            change |= result.change
        self.context.bus.announce(change)
        archived = sum(r.archived for r in results)
        errors = [e for r in results for e in r.errors]
        self.window.statusBar().showMessage(
            f"Sync failed: {errors[0]}" if errors else f"Synced; {_plural(archived, 'contact')} archived", 8000)
