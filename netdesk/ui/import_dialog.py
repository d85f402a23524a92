"""The import preview: what a file will create, merge and skip, and why; then the import, with Cancel.

The preview is the real import run as a dry run (a transaction that is rolled back), so it cannot
disagree with what happens. Both runs go to a pool thread; Cancel sets a flag the service checks between
records, and the service rolls the whole transaction back, so a cancelled import leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import threading
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import UserFacingError
from netdesk.ui.messages import Messages
from netdesk.ui.workers import Worker

_ACTIONS = {"create": "Create", "merge": "Merge", "skip": "Skip", "restore": "Restore", "duplicate": "Check"}
_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    ACTION = Qt.ItemDataRole.UserRole + 1  # "create", "merge", "skip", "restore" or "duplicate"


class PreviewModel(QAbstractTableModel):
    """One row per record of the previewed files: the name, what will happen, and why."""

    HEADERS = ("Action", "Name", "Why", "Where")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []  # (action, name, why, where)

    def set_result(self, result) -> None:
        """Rows that need a look first (skipped, possible duplicates), then merges, then new contacts."""
        self.beginResetModel()
        try:
            rows = []
            for f in result.files:
                short = Path(f.file).name
                rows += [(action, name, why, where.replace(f.file, short)) for where, name, action, why in f.details]
                rows += [("duplicate", d["name"], f"may be {d['other_name']} (id {d['other_id']}): {d['reason']}",
                          d["record"].replace(f.file, short)) for d in f.possible_duplicates]
            order = {"skip": 0, "duplicate": 1, "merge": 2, "restore": 3, "create": 4}
            self._rows = sorted(rows, key=lambda row: order.get(row[0], 5))  # stable: file order within a kind
        finally:
            self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # overrides QAbstractItemModel.data
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        action, name, why, where = self._rows[index.row()]
        if role == Role.ACTION:
            return action
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (_ACTIONS.get(action, action), name, why, where)[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):  # overrides QAbstractItemModel.headerData
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None


class ImportDialog(QDialog):
    """Preview first (automatically), then Import; Cancel stops either and writes nothing."""

    def __init__(self, paths: list[Path], today: dt.date, parent: QWidget | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.paths, self.today = [Path(p) for p in paths], today
        self.pool = pool or QThreadPool.globalInstance()
        self.result = None  # the ImportResult of the real import, once done
        self.preview = None
        self.error: str | None = None
        self.running = False
        self._cancel = threading.Event()
        self._total = 0
        self.setWindowTitle("Import contacts")
        self.summary = QLabel(f"Reading {', '.join(p.name for p in self.paths)}…")
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Import preview")
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Import progress")
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, self.progress, self.buttons):
            layout.addWidget(widget)
        self.resize(760, 460)
        self._run(dry_run=True)

    # -- work on the pool ----------------------------------------------------------------------
    def _run(self, *, dry_run: bool) -> None:
        from netdesk.services import importing

        self._cancel.clear()
        self.running = True
        paths, today, cancel = self.paths, self.today, self._cancel

        def job(progress):
            return importing.import_files(paths, today=today, dry_run=dry_run, details=dry_run,
                                          progress=lambda done: progress(done, self._total),
                                          cancelled=cancel.is_set)

        worker = Worker(job)
        signals = worker.signals
        signals.setParent(self)  # outlives the runnable; queued signals still have a receiver
        self._outcome: tuple = ()
        self._dry_run = dry_run
        signals.progressed.connect(self._progressed)
        signals.succeeded.connect(self._succeeded)
        signals.failed.connect(self._failed_later)
        signals.crashed.connect(self._crashed_later)
        # Act only once the worker has `ended`: it emits that last, so after it nothing on the pool thread
        # touches this dialog's objects any more, and the dialog may close and be deleted.
        signals.ended.connect(self._ended)
        self.pool.start(worker)

    def _succeeded(self, result) -> None:
        self._outcome = ("ok", result)

    def _failed_later(self, exc) -> None:
        self._outcome = ("failed", exc)

    def _crashed_later(self, text: str) -> None:
        self._outcome = ("crashed", text)

    def _ended(self) -> None:
        kind, value = self._outcome or ("crashed", "the import worker ended without a result")
        if kind == "ok":
            (self._previewed if self._dry_run else self._imported)(value)
        elif kind == "failed":
            self._failed(value)
        else:
            self._crashed(value)

    def _progressed(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _previewed(self, result) -> None:
        self.running = False
        self.preview = result
        self.model.set_result(result)
        data = result.to_json()
        self._total = sum(f.created + f.merged + len(f.skipped) for f in result.files)
        self.summary.setText(
            f"{data['created']} to create, {data['merged']} to merge into existing contacts, "
            f"{data['skipped']} to skip, {data['possible_duplicates']} possible duplicates to check."
            + (f"\n{len(data['warnings'])} warnings: " + "; ".join(self._short(w) for w in data["warnings"][:3])
               if data["warnings"] else "")
        )
        self.progress.setRange(0, max(self._total, 1))
        self.progress.setValue(0)
        self.import_button.setEnabled(self._total > 0)

    def _short(self, text: str) -> str:
        for path in self.paths:
            text = text.replace(str(path), path.name)
        return text

    def _imported(self, result) -> None:
        self.running = False
        self.result = result
        self.progress.setValue(self.progress.maximum())
        self.accept()

    def _failed(self, exc: UserFacingError) -> None:
        from netdesk.services.importing import ImportCancelled

        self.running = False
        self.error = str(exc)
        if isinstance(exc, ImportCancelled):
            self.reject()
            return
        self.summary.setText(f"This cannot be imported: {exc}\nNothing was written.")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.import_button.setEnabled(False)
        Messages.tell(self, "Import", f"{exc}\n\nNothing was written.", error=True)

    def _crashed(self, text: str) -> None:
        from netdesk.ui.excepthook import show_bug

        self.running = False
        show_bug(self, text)
        self.reject()

    # -- buttons -------------------------------------------------------------------------------
    def start_import(self) -> None:
        self.import_button.setEnabled(False)
        self.summary.setText("Importing… Cancel leaves the store as it was.")
        self._run(dry_run=False)

    def cancel(self) -> None:
        if self.running:
            self._cancel.set()  # the worker stops at the next record and rolls back; _failed rejects
            self.cancel_button.setEnabled(False)
        else:
            self.reject()

    def reject(self) -> None:  # overrides QDialog.reject (Esc, the close button)
        if self.running:
            self._cancel.set()
            return
        super().reject()


def open_import_dialog(parent: QWidget | None, paths: list[Path], today: dt.date) -> bool:
    """Preview and import `paths`; True when something was imported."""
    dialog = ImportDialog(paths, today, parent)
    try:
        imported = dialog.exec() == QDialog.DialogCode.Accepted and dialog.result is not None
        result = dialog.result
    finally:
        dialog.deleteLater()
    if imported:
        pairs = [(d["other_id"], d["contact_id"]) for f in result.files for d in f.possible_duplicates]
        if pairs and Messages.ask(parent, "Possible duplicates",
                                  f"{len(pairs)} imported contacts may be people you already have "
                                  "(a similar name at the same organisation, or the same phone number). "
                                  "Review them now?"):
            from netdesk.ui.merge_dialog import review_duplicates

            review_duplicates(parent, pairs, today)
    return imported
