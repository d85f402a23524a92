"""Preferences › Capture: the mail and calendars the window captures interactions from, your own addresses,
the skip list, and "Capture now".

Sources are added and removed at once (the window's capture reads a new one straight away); the settings
below them have their own Save. Files and folders are picked with Qt's own file dialog; the mail apps'
folders found on this computer are offered with one click; an IMAP account is tested (log in, list the
folders) on a worker before it is added, and its password goes to the keyring only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.contact_values import is_email
from netdesk.errors import UserFacingError
from netdesk.services import capture_run, capture_sources
from netdesk.services.capture_sources import Source
from netdesk.services.sync import accounts
from netdesk.ui import capture_controller
from netdesk.ui.context import AppContext
from netdesk.ui.workers import Worker


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class ImapDialog(QDialog):
    """An IMAP account to capture: Test logs in and lists the folders; Add does the same, then adds it."""

    def __init__(self, parent: QWidget | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture an IMAP account")
        self.pool = pool or QThreadPool.globalInstance()
        self.host = QLineEdit()
        self.host.setPlaceholderText("imap.example.org")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText("the usual one")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.security = QComboBox()
        for label, key in (("SSL/TLS (port 993)", "ssl"), ("STARTTLS (port 143)", "starttls"),
                           ("None: only to this computer", "none")):
            self.security.addItem(label, key)
        self.folders = QLineEdit()
        self.folders.setPlaceholderText("all folders but Junk and Trash")
        form = QFormLayout()
        for label, widget, name in (("&Server:", self.host, "IMAP server"), ("&Port:", self.port, "IMAP port"),
                                    ("&User:", self.user, "IMAP user"), ("Pass&word:", self.password, "Password"),
                                    ("Se&curity:", self.security, "Security"),
                                    ("&Folders:", self.folders, "Folders, separated by commas")):
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Connection test")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.test_button = self.buttons.addButton("&Test", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button = self.buttons.addButton("&Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.test_button.clicked.connect(lambda: self.test(then_add=False))
        self.add_button.clicked.disconnect()
        self.add_button.clicked.connect(lambda: self.test(then_add=True))
        self.buttons.rejected.connect(self.reject)
        self.password.setToolTip("Kept in the system keyring only, never in netdesk's store or backups")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.added: Source | None = None
        self.change = None

    def source(self) -> Source:
        return Source("imap", self.host.text().strip(), self.user.text().strip(), self.port.value() or None,
                      self.security.currentData(), tuple(_split(self.folders.text())))

    def test(self, *, then_add: bool) -> Worker:
        source, password = self.source(), self.password.text() or None
        for button in (self.test_button, self.add_button):
            button.setEnabled(False)
        self.status.setText(f"Connecting to {source.location or '…'}…")
        worker = Worker(lambda: capture_sources.test_imap(source, password))
        signals = worker.signals
        signals.setParent(self)
        signals.succeeded.connect(lambda text: self._tested(text, source, then_add))
        signals.failed.connect(lambda exc: self.status.setText(f"Not connected: {exc}"))
        signals.ended.connect(lambda: [b.setEnabled(True) for b in (self.test_button, self.add_button)])
        self.pool.start(worker)
        return worker

    def _tested(self, text: str, source: Source, then_add: bool) -> None:
        self.status.setText(text)
        if not then_add:
            return
        try:
            self.change = capture_sources.add_source(source)
        except UserFacingError as exc:
            self.status.setText(str(exc))
            return
        self.added = source
        self.accept()


class CapturePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 controller: capture_controller.CaptureController | None = None, home: Path | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.controller = controller if controller is not None else capture_controller.find(parent)
        self.home = home
        self.file_dialog: QFileDialog | None = None
        self.imap_dialog: ImapDialog | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Captured sources")
        self.empty = QLabel("Nothing is captured yet. Add your mail and calendars: netdesk reads headers only "
                            "(who, when, the subject), never a message's text, and logs mail and meetings with "
                            "your contacts on their timelines.")
        self.empty.setWordWrap(True)
        self.mail_button = QToolButton()
        self.mail_button.setText("Add ma&il…")
        self.mail_button.setAccessibleName("Add mail")
        self.mail_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        mail_menu = QMenu(self.mail_button)
        self.mbox_action = mail_menu.addAction("An mbox file…", lambda: self.pick("mail", folder=False))
        self.folder_action = mail_menu.addAction("A Maildir, or a mail app's profile folder…",
                                                 lambda: self.pick("mail", folder=True))
        self.mail_button.setMenu(mail_menu)
        self.found_buttons: list[QPushButton] = []
        self.calendar_button = QPushButton("Add calen&dar file…")
        self.calendar_button.clicked.connect(lambda: self.pick("calendar", folder=False))
        self.account_button = QToolButton()
        self.account_button.setText("Add an account's calendars")
        self.account_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.account_button.setMenu(QMenu(self.account_button))
        self.imap_button = QPushButton("Add IM&AP account…")
        self.imap_button.clicked.connect(self.add_imap)
        self.remove_button = QPushButton("R&emove")
        self.remove_button.setToolTip("Stop capturing it; what it logged stays on the timelines")
        self.remove_button.clicked.connect(self.remove)
        self.now_button = QPushButton("Capture &now")
        self.now_button.clicked.connect(self.capture_now)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Capture status")
        self.me = QLineEdit()
        self.skip = QLineEdit()
        self.subjects = QCheckBox("Keep su&bjects in the notes")
        self.auto = QCheckBox("Capture by itself on start and every &30 minutes")
        self.save_button = QPushButton("Save these se&ttings")
        self.save_button.clicked.connect(self.save_settings)
        self._build()
        self.list.currentRowChanged.connect(lambda _row: self.remove_button.setEnabled(self.list.currentItem() is not None))
        if self.controller is not None:
            self.controller.state_changed.connect(self.state.setText)
            self.controller.captured.connect(lambda _report: self.load())
            self.controller.captured.connect(lambda _report: self.now_button.setEnabled(True))
            self.state.setText(self.controller.status)
        if not self.state.text() and (last := capture_sources.last_run()) is not None:
            self.state.setText(f"Last run {last[0][:16].replace('T', ' ')} UTC: {last[1]}")
        self.load()

    def _build(self) -> None:
        self.found_row = QHBoxLayout()
        adds = QHBoxLayout()
        for widget in (self.mail_button, self.calendar_button, self.account_button, self.imap_button):
            adds.addWidget(widget)
        adds.addStretch(1)
        adds.addWidget(self.remove_button)
        run = QHBoxLayout()
        run.addWidget(self.now_button)
        run.addWidget(self.state, 1)
        settings = QGroupBox("How mail is read")
        form = QFormLayout(settings)
        self.me.setAccessibleName("My addresses")
        self.me.setPlaceholderText("you@example.org, you@work.example")
        self.skip.setAccessibleName("Never capture")
        self.skip.setPlaceholderText("newsletter@example.org, example.com")
        form.addRow("My addre&sses:", self.me)
        form.addRow("Ne&ver capture:", self.skip)
        form.addRow("", self.subjects)
        form.addRow("", self.auto)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow("", save_row)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Interactions are logged from:"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(self.found_row)
        layout.addLayout(adds)
        layout.addLayout(run)
        layout.addWidget(settings)

    # -- the sources -----------------------------------------------------------------------------
    def load(self) -> None:
        self.list.clear()
        errors = capture_sources.last_errors()
        for source in capture_sources.sources():
            error = errors.get(source.key)
            item = QListWidgetItem(source.label + (" · could not be read last time" if error else ""))
            item.setData(Qt.ItemDataRole.UserRole, source.key)
            item.setToolTip(error or source.location)
            self.list.addItem(item)
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.remove_button.setEnabled(self.list.currentItem() is not None)
        self.now_button.setEnabled(has and not (self.controller is not None and self.controller.running))
        for button in self.found_buttons:
            self.found_row.removeWidget(button)
            button.deleteLater()
        self.found_buttons = []
        for path in capture_sources.found_mail(self.home):
            button = QPushButton(f"Add {'Thunderbird' if 'thunderbird' in str(path).lower() else 'mail'}"
                                 f" found in {path}")
            button.setAccessibleName(f"Add the mail found in {path}")
            button.clicked.connect(lambda _=False, p=path: self.add(Source("mail", str(p))))
            self.found_row.addWidget(button)
            self.found_buttons.append(button)
        menu = self.account_button.menu()
        menu.clear()
        for account, _count in accounts.list_accounts():
            menu.addAction(account.name, lambda name=account.name: self.add(Source("account", name)))
        self.account_button.setEnabled(not menu.isEmpty())
        self.account_button.setToolTip("" if not menu.isEmpty() else "Add a calendar account in Preferences › Accounts")
        current = capture_run.current_settings()
        self.me.setText(", ".join(current.me))
        self.skip.setText(", ".join(current.skip))
        self.subjects.setChecked(current.subjects)
        self.auto.setChecked(capture_sources.auto())

    def add(self, source: Source) -> bool:
        try:
            change = capture_sources.add_source(source)
        except UserFacingError as exc:
            self.state.setText(str(exc))
            return False
        self._context.bus.announce(change)  # the window's capture reads the new source now
        self.load()
        self.state.setText(f"Added {source.label if source.kind != 'mail' else 'the mail'}; capturing it now."
                           if self.controller is not None else "Added.")
        return True

    def pick(self, kind: str, *, folder: bool) -> QFileDialog:
        """Qt's own file dialog (not the desktop's: the same everywhere), modeless; a choice is added."""
        start = str(self.home or Path.home())
        dialog = QFileDialog(self, "Mail to capture" if kind == "mail" else "Calendar to capture", start)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if folder:
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.setNameFilters(["iCalendar (*.ics)", "All files (*)"] if kind == "calendar"
                                  else ["All files (*)", "mbox (*.mbox *.mbx)"])
        dialog.fileSelected.connect(lambda path: self.add(Source(kind, path)))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def add_imap(self) -> ImapDialog:
        dialog = ImapDialog(self)
        dialog.accepted.connect(lambda: self._imap_added(dialog))
        self.imap_dialog = dialog
        dialog.open()
        return dialog

    def _imap_added(self, dialog: ImapDialog) -> None:
        if dialog.change is not None:
            self._context.bus.announce(dialog.change)
        self.load()
        if dialog.added is not None:
            self.state.setText(f"Added {dialog.added.label}.")

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        key, label = item.data(Qt.ItemDataRole.UserRole), item.text().split(" · ")[0]
        self._context.bus.announce(capture_sources.remove_source(key))
        self.load()
        self.state.setText(f"No longer capturing {label}; what it logged stays.")

    def capture_now(self) -> None:
        if self.controller is None:
            self.state.setText("Capture runs from the main window (File ▸ Capture mail and calendars now).")
            return
        if self.controller.capture_now(tell=False) is not None:
            self.now_button.setEnabled(False)

    # -- how mail is read ------------------------------------------------------------------------
    def save_settings(self) -> bool:
        me, skip = _split(self.me.text()), _split(self.skip.text())
        wrong = [a for a in me if not is_email(a)]
        if wrong:
            self.state.setText(f"{wrong[0]!r} is not an email address")
            return False
        change = capture_run.save_settings(me=me, skip=skip, subjects=self.subjects.isChecked())
        change |= capture_sources.set_auto(self.auto.isChecked())
        self._context.bus.announce(change)
        self.state.setText("Saved.")
        return True


def add_to(dialog) -> CapturePage:
    """Preferences › Capture (the window's context and capture controller when the dialog has a window)."""
    window = dialog.parentWidget()
    context = getattr(window, "context", None)
    if not isinstance(context, AppContext):
        context = AppContext.create(lambda: dialog.today, dialog)
    page = CapturePage(context, dialog)
    dialog.capture_page = page
    dialog.tabs.addTab(page, "Ca&pture")
    return page
