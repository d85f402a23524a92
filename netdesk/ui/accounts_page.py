"""The Accounts page of the Preferences dialog: CalDAV accounts that hold netdesk's reminders and meetings.

A preset fills in what each kind of server needs (services/sync/presets.py); a plain host name is
discovered (RFC 6764). "Test connection" and "Add account" talk to the server on a worker thread, so the
dialog keeps painting. The password goes to the system keyring (services/sync/keys.py) and nowhere else:
not QSettings, not the store. Accounts are added and removed at once, not on OK.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.change import Change
from netdesk.errors import UserFacingError
from netdesk.services.sync import presets
from netdesk.ui.messages import Messages
from netdesk.ui.workers import Worker

INTRO = ("netdesk puts your reminders and meetings in a calendar of its own on your server, so your phone "
         "shows them and rings. Only three things come back from there: a to-do ticked off (done), a moved "
         "date (snoozed) and a deletion (dismissed). Any other edit to netdesk's calendar is overwritten by "
         "the next sync. Contacts sync both ways with the address book you pick.")
OFF = "Do not sync contacts"
NEW_BOOK = "netdesk"


def fill_books(combo: QComboBox, names: list[str], current: str) -> None:
    """The server's address books, "netdesk" (made by the first sync when missing) and contacts off."""
    combo.clear()
    for name in dict.fromkeys([*names, NEW_BOOK]):
        combo.addItem(name if name in names else f"{name} (new)", name)
    combo.addItem(OFF, "")
    index = combo.findData(current) if current is not None else combo.count() - 1
    combo.setCurrentIndex(index if index >= 0 else 0)
    if index < 0 and current:
        combo.setEditText(current)


def chosen_book(combo: QComboBox) -> str:
    """The name picked or typed; '' for contacts off."""
    text = combo.currentText().strip()
    index = combo.currentIndex()
    if index >= 0 and text == combo.itemText(index):
        return combo.itemData(index)
    return text.removesuffix(" (new)").strip()


class AccountsPage(QWidget):
    """Signals:
        accounts_changed(Change): an account was added or removed (its Change, for the window).
        tested(str, bool): a connection test ended: the sentence shown, and whether it connected.
    """

    accounts_changed = Signal(object)
    tested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.change = Change()
        self.busy = False
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.accounts = QListWidget()
        self.accounts.setAccessibleName("Accounts")
        self.remove_button = QPushButton("&Remove account")
        self.remove_button.setToolTip("netdesk forgets the account and its password; nothing on the server is deleted")
        self.remove_button.clicked.connect(self.remove_selected)
        self.accounts.currentRowChanged.connect(lambda _row: self._enable())

        self.server = QComboBox()
        self.server.setAccessibleName("Server")
        for p in presets.PRESETS:
            self.server.addItem(p.label, p.key)
        self.host = QLineEdit()
        self.host.setAccessibleName("Host name")
        self.url = QLineEdit()
        self.url.setAccessibleName("Server URL")
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.name = QLineEdit()
        self.name.setAccessibleName("Account name")
        self.calendar = QLineEdit("netdesk")
        self.calendar.setAccessibleName("Calendar name")
        self.reminders_as = QComboBox()
        self.reminders_as.addItem("Events (every calendar app shows them)", "events")
        self.reminders_as.addItem("To-dos (tick them off on the phone)", "tasks")
        self.reminders_as.setAccessibleName("Reminders as")
        self.addressbook = QComboBox()
        self.addressbook.setEditable(True)
        self.addressbook.setAccessibleName("Address book")
        self.addressbook.setToolTip("The address book your contacts sync with; Test connection lists the server's")
        fill_books(self.addressbook, [], NEW_BOOK)
        self.ca_cert = QLineEdit()
        self.ca_cert.setPlaceholderText("only for a self-signed server")
        self.ca_cert.setAccessibleName("CA file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_cert, 1)
        ca_row.addWidget(browse)
        self.user_hint = QLabel()
        self.password_hint = QLabel()
        for hint in (self.user_hint, self.password_hint):
            hint.setWordWrap(True)
            hint.setEnabled(False)
        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.add_button = QPushButton("A&dd account")
        self.add_button.clicked.connect(self.add_account)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setAccessibleName("Connection answer")

        form = QFormLayout()
        self.host_label = QLabel("&Host:")
        self.host_label.setBuddy(self.host)
        ca_label = QLabel("CA &file:")
        ca_label.setBuddy(self.ca_cert)
        form.addRow("&Server:", self.server)
        form.addRow(self.host_label, self.host)
        form.addRow("U&RL:", self.url)
        form.addRow("&User:", self.user)
        form.addRow("", self.user_hint)
        form.addRow("&Password:", self.password)
        form.addRow("", self.password_hint)
        form.addRow("Account &name:", self.name)
        form.addRow("Ca&lendar:", self.calendar)
        form.addRow("Reminders &as:", self.reminders_as)
        form.addRow("Address boo&k:", self.addressbook)
        form.addRow(ca_label, ca_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        adding = QGroupBox("Add an account")
        adding_layout = QVBoxLayout(adding)
        adding_layout.addLayout(form)
        adding_layout.addLayout(buttons)
        adding_layout.addWidget(self.answer)
        top = QHBoxLayout()
        top.addWidget(self.accounts, 1)
        top.addWidget(self.remove_button)
        self.book_state = QLabel()
        self.book_state.setWordWrap(True)
        self.book_state.setAccessibleName("Address book of the account")
        self.book_choice = QComboBox()
        self.book_choice.setEditable(True)
        self.book_choice.setAccessibleName("Address book to sync with")
        self.find_books_button = QPushButton("Find address b&ooks")
        self.find_books_button.setToolTip("List the address books on the selected account's server")
        self.find_books_button.clicked.connect(self.find_books)
        self.use_book_button = QPushButton("Us&e this address book")
        self.use_book_button.setToolTip("Sync the selected account's contacts with it (made when it does not exist)")
        self.use_book_button.clicked.connect(self.use_book)
        self.conflicts_button = QPushButton("Resol&ve conflicts…")
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.duplicates_button = QPushButton("L&ikely duplicates…")
        self.duplicates_button.setToolTip("Cards on the server that look like contacts here, held back until you answer")
        self.duplicates_button.clicked.connect(self.open_duplicates)
        book_row = QHBoxLayout()
        book_row.addWidget(self.book_choice, 1)
        book_row.addWidget(self.find_books_button)
        book_row.addWidget(self.use_book_button)
        contacts_box = QGroupBox("Contacts of the selected account")
        contacts_layout = QVBoxLayout(contacts_box)
        contacts_layout.addWidget(self.book_state)
        contacts_layout.addLayout(book_row)
        conflicts_row = QHBoxLayout()
        conflicts_row.addWidget(self.conflicts_button)
        conflicts_row.addWidget(self.duplicates_button)
        conflicts_row.addStretch(1)
        contacts_layout.addLayout(conflicts_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(contacts_box)
        layout.addWidget(adding)
        self.accounts.currentRowChanged.connect(lambda _row: self._show_book())

        self.server.currentIndexChanged.connect(lambda _i: self.choose_preset())
        self.host.textEdited.connect(lambda _text: self.fill_url())
        self.choose_preset()
        self.load()

    # -- the form ----------------------------------------------------------------------------
    def preset(self) -> presets.Preset:
        return presets.preset(self.server.currentData())

    def choose_preset(self, key: str | None = None) -> None:
        """Fill in what the chosen kind of server needs."""
        if key is not None:
            self.server.setCurrentIndex(self.server.findData(key))
            return
        chosen = self.preset()
        self.host.setEnabled(chosen.needs_host)
        self.host_label.setEnabled(chosen.needs_host)
        self.host.setPlaceholderText(chosen.host_hint or "no host needed")
        self.url.setReadOnly(not chosen.needs_host)
        self.user_hint.setText(f"User: {chosen.user_hint}.")
        self.password_hint.setText(f"Password: {chosen.password_hint}.")
        taken = {a.name for a in self._accounts()}
        base = chosen.label if chosen.key != "other" else "calendar"
        self.name.setText(next(n for n in (base, *(f"{base} {i}" for i in range(2, 99))) if n not in taken))
        self.fill_url()

    def fill_url(self) -> None:
        chosen = self.preset()
        try:
            self.url.setText(presets.url_for(chosen, self.host.text()))
        except UserFacingError:
            self.url.clear()
        self.url.setPlaceholderText(chosen.url.replace("{host}", "<host>") if chosen.url != "{host}"
                                    else "found from the host name (/.well-known/caldav)")

    def browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "CA file", str(Path.home()), "Certificates (*.pem *.crt *.cer);;All files (*)")
        if path:
            self.ca_cert.setText(path)

    def _url(self) -> str:
        return self.url.text().strip() or presets.url_for(self.preset(), self.host.text())

    # -- talking to the server ---------------------------------------------------------------
    def test_connection(self) -> Worker | None:
        """Reach the server and log in, on a worker; the answer shows under the buttons."""
        from netdesk.services.sync import probe

        try:
            url = self._url()
        except UserFacingError as exc:
            self._show(str(exc), False)
            return None
        from netdesk.services.carddav import books

        user, password, ca, calendar = self.user.text(), self.password.text(), self.ca_cert.text(), self.calendar.text()

        def job():
            text = probe.test_connection(url, user, password, ca_cert=ca, calendar=calendar).message()
            return text, [b.name for b in books.books_at(url, user, password, ca_cert=ca)]

        return self._start("Testing the connection…", job, self._tested)

    def _tested(self, found) -> None:
        text, names = found
        current = chosen_book(self.addressbook)
        fill_books(self.addressbook, names, current if current in names or current != NEW_BOOK else NEW_BOOK)
        listed = ", ".join(names) if names else "none yet"
        self._show(f"{text.rstrip('.')}. Address books there: {listed}.", True)

    def add_account(self) -> Worker | None:
        """Check the server, find or make the calendar, keep the password in the keyring; then list it."""
        from netdesk.services.sync import accounts

        try:
            url = self._url()
        except UserFacingError as exc:
            self._show(str(exc), False)
            return None
        values = dict(url=url, username=self.user.text().strip(), password=self.password.text(),
                      calendar=self.calendar.text().strip() or "netdesk", reminders_as=self.reminders_as.currentData(),
                      ca_cert=self.ca_cert.text().strip(), history=self.preset().history)
        book = chosen_book(self.addressbook)
        values.update(addressbook=book, contacts=bool(book))
        name = self.name.text()
        return self._start("Adding the account…", lambda: accounts.add(name, **values), self._added)

    def _start(self, doing: str, job, done) -> Worker | None:
        if self.busy:
            return None
        self.busy = True
        self._enable()
        self.answer.setText(doing)
        worker = Worker(job)
        signals = worker.signals
        signals.setParent(self)  # the page outlives the runnable
        signals.succeeded.connect(done)
        signals.failed.connect(lambda exc: self._show(str(exc), False))
        signals.crashed.connect(self._crashed)
        signals.ended.connect(self._ended)
        self.pool.start(worker)
        return worker

    def _ended(self) -> None:
        self.busy = False
        self._enable()

    def _crashed(self, text: str) -> None:
        from netdesk.ui.excepthook import show_bug

        self._show("netdesk failed while talking to the server (a bug).", False)
        show_bug(self, text)

    def _show(self, text: str, ok: bool) -> None:
        text = text[:1].upper() + text[1:]
        self.answer.setText(text if ok or text.endswith(".") else text + ".")
        self.answer.setStyleSheet("" if ok else "color: palette(link); font-weight: 600;")
        self.tested.emit(self.answer.text(), ok)

    def _added(self, added) -> None:
        self.password.clear()  # kept in the keyring only
        warning = f" {' '.join(added.warnings)}" if added.warnings else ""
        book = (f" Contacts sync with the address book {added.account.addressbook!r}."
                if added.account.contacts and added.account.addressbook else " Contacts are not synced.")
        self._show(f"Added {added.account.name}: netdesk's calendar is {added.account.calendar_url}; "
                   f"{added.pending} reminders and meetings will be uploaded by the next sync.{book}{warning}", True)
        self._announce(added.change)
        self.load()
        self.choose_preset()

    # -- the list ----------------------------------------------------------------------------
    @staticmethod
    def _accounts():
        from netdesk.services.sync import status

        return [a for a, _pending in status.accounts_waiting()]

    def load(self, select: str | None = None) -> None:
        from netdesk.services.sync import status

        select = select or self.selected_account()
        self.accounts.clear()
        for account, pending in status.accounts_waiting():
            synced = f"last synced {account.last_synced[:16].replace('T', ' ')}" if account.last_synced \
                else "not synced yet"
            item = QListWidgetItem(f"{account.name}: {account.username} at {account.url} ({synced}; "
                                   f"{pending} waiting)")
            item.setData(Qt.ItemDataRole.UserRole, account.name)
            self.accounts.addItem(item)
        if not self.accounts.count():
            empty = QListWidgetItem("No account yet: your reminders stay on this computer.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.accounts.addItem(empty)
        for row in range(self.accounts.count()):
            if select and self.accounts.item(row).data(Qt.ItemDataRole.UserRole) == select:
                self.accounts.setCurrentRow(row)
        self._show_book()

    def selected_account(self) -> str | None:
        item = self.accounts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def remove_selected(self) -> None:
        from netdesk.services.sync import accounts

        name = self.selected_account()
        if not name or not Messages.ask(self, "Remove account",
                                        f"Forget the account {name} and its password? Nothing on the server is "
                                        "deleted; netdesk's calendar stays there until you delete it."):
            return
        self._announce(accounts.remove(name))
        self.load()
        self.answer.setText(f"Removed {name}; nothing on the server was deleted.")

    def _announce(self, change: Change) -> None:
        from netdesk.ui.sync_controller import SyncController

        self.change |= change
        self.accounts_changed.emit(change)
        widget = self.parentWidget()
        while widget is not None:  # the window's sync starts a new account's first upload at once
            if isinstance(controller := getattr(widget, "sync", None), SyncController):
                controller.accounts_changed(change)
                break
            widget = widget.parentWidget()

    # -- the selected account's address book and conflicts ----------------------------------------
    def _selected(self):
        name = self.selected_account()
        return next((a for a in self._accounts() if a.name == name), None) if name else None

    def _show_book(self) -> None:
        from netdesk.services.carddav import conflicts

        account = self._selected()
        if account is None:
            self.book_state.setText("Select an account to choose the address book its contacts sync with.")
            fill_books(self.book_choice, [], NEW_BOOK)
        else:
            synced = account.contacts and account.addressbook
            self.book_state.setText(f"{account.name}: contacts sync with the address book {account.addressbook!r}."
                                    if synced else f"{account.name}: contacts are not synced.")
            fill_books(self.book_choice, [account.addressbook] if synced else [],
                       account.addressbook if synced else "")
        from netdesk.services.carddav import duplicates

        count = conflicts.count()
        self.conflicts_button.setText(f"Resol&ve conflicts ({count})…" if count else "Resol&ve conflicts…")
        waiting = duplicates.waiting()
        self.duplicates_button.setText(f"L&ikely duplicates ({waiting})…" if waiting else "L&ikely duplicates…")
        self._enable()

    def find_books(self) -> Worker | None:
        """List the selected account's address books on a worker."""
        from netdesk.services.carddav import books

        account = self._selected()
        if account is None:
            return None
        name = account.name

        def listed(found) -> None:
            current = chosen_book(self.book_choice)
            fill_books(self.book_choice, [b.name for b in found], current)
            names = ", ".join(b.name for b in found) or "none yet"
            self._show(f"Address books of {name}: {names}.", True)

        return self._start("Listing the address books…", lambda: books.books_of(name), listed)

    def use_book(self) -> Worker | None:
        """Sync the selected account's contacts with the chosen address book (or turn them off)."""
        from netdesk.services.carddav import books

        account = self._selected()
        if account is None:
            return None
        name, wanted = account.name, chosen_book(self.book_choice)
        if wanted and account.contacts and wanted == account.addressbook:
            self._show(f"{name} already syncs contacts with {wanted!r}.", True)
            return None
        if account.contacts and account.addressbook and wanted != account.addressbook and not Messages.ask(
                self, "Address book",
                (f"Sync the contacts of {name} with {wanted!r} instead of {account.addressbook!r}? Nothing is "
                 "deleted on either side; the next sync matches your contacts with the cards there before it "
                 "adds any.") if wanted else
                (f"Stop syncing the contacts of {name}? Nothing is deleted on either side.")):
            return None

        def chosen(done) -> None:
            self._show(f"{name}: contacts sync with {done.account.addressbook!r} from the next sync."
                       if done.url else f"{name}: contacts are no longer synced.", True)
            self._announce(done.change)
            self.load(select=name)

        return self._start("Choosing the address book…", lambda: books.choose(name, wanted), chosen)

    def open_conflicts(self):
        from netdesk.ui.conflicts_page import open_conflicts

        return open_conflicts(self, self._context())

    def open_duplicates(self):
        from netdesk.ui.conflicts_page import open_duplicates

        return open_duplicates(self, self._context())

    def _context(self):
        from netdesk.ui.context import AppContext

        widget, context = self.parentWidget(), None
        while widget is not None and context is None:  # the window's context: its undo stack and bus
            context = getattr(widget, "context", None) if isinstance(getattr(widget, "context", None),
                                                                      AppContext) else None
            widget = widget.parentWidget()
        if context is None:
            self._own_context = getattr(self, "_own_context", None) or AppContext.create(parent=self)
            context = self._own_context
        return context

    def _enable(self) -> None:
        selected = self.selected_account() is not None
        self.remove_button.setEnabled(selected and not self.busy)
        for button in (self.test_button, self.add_button):
            button.setEnabled(not self.busy)
        for button in (self.find_books_button, self.use_book_button):
            button.setEnabled(selected and not self.busy)
        self.book_choice.setEnabled(selected)
