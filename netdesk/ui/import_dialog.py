"""The import: the column step for a CSV netdesk does not recognise, the preview (what each record will
become, and why, each one with a checkbox to leave it out), the import with Cancel, then a summary with Undo.

The preview is the real import run as a dry run (a transaction that is rolled back), so it cannot
disagree with what happens. Both runs go to a pool thread; Cancel sets a flag the service checks between
records, and the service rolls the whole transaction back, so a cancelled or refused import writes nothing.
Undo (`importing.undo_import`) deletes the contacts the import created and takes back what it merged into
existing contacts, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import UserFacingError
from netdesk.ui.import_columns import ColumnsPage
from netdesk.ui.import_preview import PreviewModel, Role
from netdesk.ui.messages import Messages
from netdesk.ui.workers import Worker

__all__ = ["ImportDialog", "PreviewModel", "Role", "open_import_dialog"]


class ImportDialog(QDialog):
    """Preview first (automatically), then Import; Cancel stops either and writes nothing."""

    COLUMNS, PREVIEW, DONE = 0, 1, 2

    def __init__(self, paths: list[Path], today: dt.date, parent: QWidget | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.paths, self.today = [Path(p) for p in paths], today
        self.pool = pool or QThreadPool.globalInstance()
        self.result = None  # the ImportResult of the real import, once done
        self.preview = None
        self.undone = None  # the UndoResult once the import was undone
        self.error: str | None = None
        self.running = False
        self.columns: dict[str, list[str]] = {}  # a field per column, for the plain CSVs, by path
        self._cancel = threading.Event()
        self._total = 0
        self.setWindowTitle("Import contacts")
        self.summary = QLabel(f"Reading {', '.join(p.name for p in self.paths)}…")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")

        self.pages = QStackedWidget()
        self.columns_page = ColumnsPage()
        self.columns_page.changed.connect(self._columns_changed)
        self.model = PreviewModel(self)
        self.model.dataChanged.connect(self._show_counts)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Import preview")
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((1, 150), (2, 170), (3, 120)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.verticalHeader().hide()
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("What the import did")
        for page in (self.columns_page, self.table, self.report):
            self.pages.addWidget(page)
        self.pages.setCurrentIndex(self.PREVIEW)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Import progress")
        self.buttons = QDialogButtonBox()
        self.columns_button = QPushButton("C&olumns…")
        self.columns_button.setToolTip("Say which column of the CSV holds the name, email, phone…")
        self.columns_button.hide()
        self.columns_button.clicked.connect(self.edit_columns)
        self.all_button = QPushButton("Tick &all")
        self.all_button.clicked.connect(lambda: self.model.set_all(True))
        self.none_button = QPushButton("&Untick all")
        self.none_button.clicked.connect(lambda: self.model.set_all(False))
        self.preview_button = QPushButton("&Preview")
        self.preview_button.hide()
        self.preview_button.clicked.connect(self.preview_with_columns)
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.undo_button = QPushButton("&Undo import")
        self.undo_button.setToolTip("Delete the contacts this import created and take back what it added to "
                                    "existing contacts")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QPushButton("&Close")
        self.close_button.hide()
        self.close_button.clicked.connect(self.accept)
        for button in (self.columns_button, self.all_button, self.none_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumSize(420, 320)
        self.resize(*self._fitting_size(860, 520))
        self._run(dry_run=True)

    def _fitting_size(self, width: int, height: int) -> tuple[int, int]:
        """The wanted size, but within the parent window or the screen (an 800×600 window included)."""
        area = self.parentWidget().window().size() if self.parentWidget() is not None else None
        if area is None and self.screen() is not None:
            area = self.screen().availableSize()
        if area is None:
            return width, height
        return max(420, min(width, area.width() - 40)), max(320, min(height, area.height() - 40))

    # -- work on the pool ----------------------------------------------------------------------
    def _run(self, *, dry_run: bool) -> None:
        from netdesk.services import importing

        self._cancel.clear()
        self.running = True
        paths, today, cancel = self.paths, self.today, self._cancel
        columns = {k: list(v) for k, v in self.columns.items()}
        leave_out = set() if dry_run else self.model.left_out()
        self._set_buttons(running=True)

        def job(progress):
            return importing.import_files(paths, today=today, dry_run=dry_run, details=dry_run,
                                          progress=lambda done: progress(done, self._total),
                                          cancelled=cancel.is_set, columns=columns, leave_out=leave_out)

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

    def _set_buttons(self, *, running: bool = False) -> None:
        page = self.pages.currentIndex()
        self.preview_button.setVisible(page == self.COLUMNS)
        self.preview_button.setEnabled(not running and page == self.COLUMNS and self.columns_page.ready())
        self.import_button.setVisible(page != self.DONE)
        self.import_button.setEnabled(not running and page == self.PREVIEW and self.preview is not None
                                      and self._writes() > 0)
        for button in (self.all_button, self.none_button):
            button.setVisible(page == self.PREVIEW)
            button.setEnabled(not running and self.preview is not None)
        plain = [f for f in (self.preview.files if self.preview is not None else []) if f.format == "csv"]
        self.columns_button.setVisible(page == self.PREVIEW and bool(plain))
        self.columns_button.setEnabled(not running)
        self.undo_button.setVisible(page == self.DONE and self.result is not None)
        self.undo_button.setEnabled(page == self.DONE and self.result is not None and self.result.undo is not None
                                    and self.undone is None)
        self.close_button.setVisible(page == self.DONE)
        self.cancel_button.setVisible(page != self.DONE)

    def _writes(self) -> int:
        counts = self.model.counts()
        return counts["create"] + counts["merge"] + counts["restore"]

    def _previewed(self, result) -> None:
        self.running = False
        self.preview = result
        kept_out = self.model.left_out()
        self.model.set_result(result, kept_out)
        self._total = sum(f.created + f.merged + len(f.skipped) for f in result.files)
        self.pages.setCurrentIndex(self.PREVIEW)
        self.progress.setRange(0, max(self._total, 1))
        self.progress.setValue(0)
        self._show_counts()
        self.table.setFocus()

    def _show_counts(self, *_args) -> None:
        if self.preview is None or self.pages.currentIndex() != self.PREVIEW:
            return
        counts = self.model.counts()
        warnings = [w for f in self.preview.files for w in f.warnings]
        text = (f"{counts['create']} to create, {counts['merge']} to merge into existing contacts, "
                f"{counts['skip']} to skip, {counts['duplicate']} possible duplicates to check")
        if counts["restore"]:
            text += f", {counts['restore']} backup to restore"
        if counts["left_out"]:
            text += f", {counts['left_out']} left out"
        text += ". Untick a row to leave it out."
        if warnings:
            text += f"\n{len(warnings)} warnings: " + "; ".join(self._short(w) for w in warnings[:3])
        self.summary.setText(text)
        self._set_buttons()

    def _short(self, text: str) -> str:
        for path in self.paths:
            text = text.replace(str(path), path.name)
        return text

    def _imported(self, result) -> None:
        self.running = False
        self.result = result
        self.progress.setValue(self.progress.maximum())
        data = result.to_json()
        self.summary.setText(
            f"Imported: {data['created']} created, {data['merged']} merged into existing contacts, "
            f"{data['skipped']} skipped." + (" Undo takes it back." if result.undo is not None else ""))
        self.report.setPlainText(self._report_text(result))
        self.pages.setCurrentIndex(self.DONE)
        self._set_buttons()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def _report_text(self, result) -> str:
        lines: list[str] = []
        for f in result.files:
            lines.append(f"{Path(f.file).name} ({f.format}): {f.created} created, {f.merged} merged, "
                         f"{len(f.skipped)} skipped")
            lines += [f"  created {name}" for name in f.created_names]
            lines += [f"  merged {m['name']} into {m['into']}" for m in f.merges]
            lines += [f"  skipped {self._short(s['record'])}: {s['reason']}" for s in f.skipped]
            lines += [f"  warning: {self._short(w)}" for w in f.warnings]
        return "\n".join(lines)

    def _failed(self, exc: UserFacingError) -> None:
        from netdesk.services.importing import ImportCancelled, NeedsColumns

        self.running = False
        self.error = str(exc)
        if isinstance(exc, ImportCancelled):
            self.reject()
            return
        if isinstance(exc, NeedsColumns) and self._dry_run:
            self._ask_columns(exc.path)
            return
        self.pages.setCurrentIndex(self.PREVIEW)
        self.summary.setText(f"This cannot be imported: {self._short(str(exc))}\nNothing was written.")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._set_buttons()
        self.import_button.setEnabled(False)
        Messages.tell(self, "Import", f"{exc}\n\nNothing was written.", error=True)

    def _crashed(self, text: str) -> None:
        from netdesk.ui.excepthook import show_bug

        self.running = False
        show_bug(self, text)
        self.reject()

    # -- the column step ---------------------------------------------------------------------------
    def _ask_columns(self, path: Path) -> None:
        from netdesk.services import importing

        try:
            header, sample, guessed = importing.columns_of(path)
        except UserFacingError as exc:
            self._failed(exc)
            return
        self.columns_page.show_file(path, header, sample, self.columns.get(str(path), guessed))
        self.summary.setText(f"Which column is which in {path.name}? Then Preview shows what the import will do.")
        self.pages.setCurrentIndex(self.COLUMNS)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._set_buttons()

    def _columns_changed(self) -> None:
        if self.pages.currentIndex() == self.COLUMNS:
            self._set_buttons(running=self.running)

    def edit_columns(self) -> None:
        """Change the columns of the (first) plain CSV of the preview."""
        plain = [f for f in (self.preview.files if self.preview is not None else []) if f.format == "csv"]
        if plain:
            self._ask_columns(Path(plain[0].file))

    def preview_with_columns(self) -> None:
        if not self.columns_page.ready() or self.columns_page.path is None:
            return
        self.columns[str(self.columns_page.path)] = self.columns_page.mapping()
        self.summary.setText("Reading the file with these columns…")
        self.pages.setCurrentIndex(self.PREVIEW)
        self._run(dry_run=True)

    # -- buttons -------------------------------------------------------------------------------
    def start_import(self) -> None:
        self.summary.setText("Importing… Cancel leaves the store as it was.")
        self._run(dry_run=False)

    def undo(self) -> None:
        """Take the import back, in one transaction, then say what was undone."""
        from netdesk.services import importing

        if self.result is None or self.result.undo is None or self.undone is not None:
            return
        try:
            self.undone = importing.undo_import(self.result.undo, today=self.today)
        except UserFacingError as exc:
            Messages.tell(self, "Undo import", str(exc), error=True)
            return
        text = (f"Undone: {self.undone.removed} contacts the import created were deleted, "
                f"{self.undone.reverted} contacts it merged into are as they were.")
        if self.undone.kept:
            text += "\nKept, because they were changed since: " + "; ".join(self.undone.kept[:5])
        self.summary.setText(text)
        self._set_buttons()
        self.close_button.setFocus()

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
        if self.result is not None:  # after the import, closing is not cancelling: it happened
            self.accept()
            return
        super().reject()


def open_import_dialog(parent: QWidget | None, paths: list[Path], today: dt.date) -> bool:
    """Preview and import `paths`; True when something was imported (even if it was undone since)."""
    dialog = ImportDialog(paths, today, parent)
    try:
        dialog.exec()
        result, undone = dialog.result, dialog.undone
    finally:
        dialog.deleteLater()
    if result is None:
        return False
    pairs = [(d["other_id"], d["contact_id"]) for f in result.files for d in f.possible_duplicates]
    if undone is None and pairs and Messages.ask(
            parent, "Possible duplicates", f"{len(pairs)} imported contacts may be people you already have "
            "(a similar name at the same organisation, or the same phone number). Review them now?"):
        from netdesk.ui.merge_dialog import review_duplicates

        review_duplicates(parent, pairs, today)
    return True
