"""The main window: the section list, the stacked views, the menus and toolbar, and window state.

What the actions do lives in `ui/window_actions.py`; this module only arranges the shell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QWidget,
)

from netdesk import paths
from netdesk.domain.change import Change
from netdesk.ui import options
from netdesk.ui.contacts_view import ContactsView
from netdesk.ui.context import AppContext
from netdesk.ui.navigation import KEYS, SECTIONS, SectionStack, label
from netdesk.ui.store_watcher import StoreWatcher
from netdesk.ui.window_actions import WindowActions, droppable_paths

STATUS_TIMEOUT_MS = 5000


AFTER_PAINT_FALLBACK_MS = 2000


class MainWindow(QMainWindow):
    def __init__(self, today_fn: Callable[[], dt.date] = dt.date.today, db_path: Path | None = None) -> None:
        super().__init__()
        self._painted_once = False  # events arrive while the window is being built
        self.db_path = db_path
        self.setWindowTitle("netdesk")
        self.setObjectName("mainWindow")
        icon = paths.resource("netdesk.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.context = AppContext.create(today_fn, self, open_contact=self.open_contact)
        self.contacts = ContactsView(self.context, hold_card=True)  # released after the first paint
        self.sections = SectionStack(self.context, self, prebuilt={"contacts": self.contacts})
        self._build_navigation()
        self.actions_ = WindowActions(self, self, self.context)
        self.toolbar = self.actions_.install()
        from netdesk.ui import shortcuts_keys  # Ctrl+Tab between panes, Ctrl+Y (issue 19 item 15)

        shortcuts_keys.install(self)
        # The same contact actions on a right click in the list.
        self.contacts.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.contacts.table.addActions(self.actions_.contact_actions())
        self._status = QLabel()
        self._status.setAccessibleName("Summary")
        self.statusBar().addPermanentWidget(self._status)
        from netdesk.ui.sync_controller import SyncController  # CalDAV sync on a worker; F5, File ▸ Sync now

        self.sync = SyncController(self, self.context)
        self.setAcceptDrops(True)
        self.context.bus.data_changed.connect(self._after_change)
        self.store_watcher = StoreWatcher(self, db_path=db_path)  # a CLI write while the window is open
        self.store_watcher.changed_externally.connect(self.refresh)
        self.contacts.detail.log_requested.connect(lambda cid: self.actions_.log_interaction(cid or None))
        self.contacts.detail.favour_requested.connect(lambda cid: self.actions_.record_favour(cid or None))
        self.contacts.detail.compose_requested.connect(lambda cid: self.actions_.compose_invitation(cid or None))
        self.contacts.welcome.import_requested.connect(self.actions_.import_contacts)
        self.contacts.welcome.sample_requested.connect(self.actions_.load_sample)
        self.contacts.welcome.new_contact_requested.connect(self.actions_.add_contact)
        self.notifier = None
        self.resize(1280, 780)  # the first start; later ones restore what the user left
        self._restore_state()
        self._after_change(Change.all())
        # The tray, its first check and the calendar feed wait until the window has painted: start-up pays
        # only for the window. (A zero timer would run before the first paint; the fallback covers a window
        # that is never exposed.)
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self._after_first_paint)

    @property
    def today(self) -> dt.date:
        return self.context.today

    # Short names kept for tests and the self-test.
    @property
    def contacts_model(self):
        return self.contacts.model

    @property
    def table(self):
        return self.contacts.table

    @property
    def search(self):
        return self.contacts.search

    # -- construction ----------------------------------------------------------------------
    def _build_navigation(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("sectionList")
        self.nav.setAccessibleName("Sections")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setIconSize(QSize(18, 18))
        self.nav.setUniformItemSizes(True)
        self.nav.setSpacing(2)
        for number, section in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(label(section))
            item.setToolTip(f"{section.tip} (Ctrl+{number})")
            item.setSizeHint(QSize(150, 34))
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.nav.addItem(item)
        self.nav.setFixedWidth(176)
        # Room around the entries, from the palette, so it reads as a sidebar in light and dark alike.
        self.nav.setStyleSheet(
            "QListWidget#sectionList { background: palette(base); border: none;"
            " border-right: 1px solid palette(mid); padding-top: 6px; }"
            "QListWidget#sectionList::item { padding-left: 14px; border-radius: 4px; margin: 0 6px;"
            " color: palette(text); }"
            "QListWidget#sectionList::item:hover { background: palette(alternate-base); }"
            "QListWidget#sectionList::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.nav.currentRowChanged.connect(self._section_row_changed)
        shell = QWidget()
        layout = QHBoxLayout(shell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.sections, 1)
        self.setCentralWidget(shell)

    def _restore_state(self) -> None:
        geometry = options.WINDOW_GEOMETRY.get()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = options.WINDOW_STATE.get()
        if not state.isEmpty():
            self.restoreState(state)
        start = options.START_SECTION.get()
        if start == "last":
            start = options.LAST_SECTION.get()
        if self.contacts.model.rowCount() == 0 and not self.contacts.model.filtered:
            start = "contacts"  # first run: the welcome panel is there
        self.show_section(start if start in KEYS else KEYS[0])

    def save_state(self) -> None:
        options.WINDOW_GEOMETRY.set(self.saveGeometry())
        options.WINDOW_STATE.set(self.saveState())
        options.LAST_SECTION.set(self.sections.current_key())
        self.contacts.save_state()

    # -- behaviour ---------------------------------------------------------------------------
    def show_section(self, key: str) -> None:
        row = KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # -> _section_row_changed
        else:
            self._section_row_changed(row)

    def current_section(self) -> str:
        return self.sections.current_key()

    def _section_row_changed(self, row: int) -> None:
        if 0 <= row < len(KEYS):
            view = self.sections.show_section(KEYS[row])
            if view is not self.contacts:
                view.refresh()

    def open_contact(self, contact_id: int) -> None:
        self.contacts.detail.release()  # asked for by name: show it even before the first paint
        self.show_section("contacts")
        self.contacts.select_contact(contact_id)

    def refresh(self) -> None:
        """Re-read everything (after a write by another process, which says nothing of what it touched)."""
        self.context.bus.announce(Change.all())

    def selected_contact_id(self) -> int | None:
        """The contact the shown section has selected: a list row, a reminder, a suggestion."""
        key = self.current_section()
        if key == "contacts":
            return self.contacts.selected_contact_id()
        if key == "today":
            from netdesk.ui.views.today import TodayView  # built by now: Today is the section shown

            view = self.sections.views.get(key)
            if isinstance(view, TodayView):
                for found in (view.selected_reminder(), view.selected_suggestion()):
                    if found is not None and found.contact_id:
                        return int(found.contact_id)
        return None

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_TIMEOUT_MS)

    def focus_search(self) -> None:
        self.contacts.focus_search()

    def apply_preferences(self) -> None:
        self.contacts.apply_preferences()

    def _after_change(self, change: Change) -> None:
        from netdesk.services import contact_list

        # The summary's counts, each read again only when the write can have changed it: a record
        # creates no contact, and only records, reminders and rules move what is due.
        if change.everything or change.removed_contacts or (change.contacts and not change.records):
            self._contact_total = contact_list.contact_count()
        if change.everything or change.records or change.reminders or change.settings:
            self._due_total, _titles = contact_list.reminders_due(self.today, limit=0)
        total, due = self._contact_total, self._due_total
        parts = [f"{total:,} contact{'s' if total != 1 else ''}", f"{due} due" if due else "nothing due today"]
        self._status.setText(" · ".join(parts))
        if self.notifier is not None:
            self.notifier.check()

    def event(self, event: QEvent) -> bool:
        """Override QWidget.event: notice the first paint, to start the deferred services after it."""
        handled = super().event(event)  # an UpdateRequest paints the window, synchronously
        if event.type() == QEvent.Type.UpdateRequest and not self._painted_once:
            QTimer.singleShot(0, self._after_first_paint)  # queued behind what the paint itself queued
        return handled

    def _after_first_paint(self) -> None:
        if self._painted_once:
            return
        self._painted_once = True
        self.contacts.detail.release()
        import netdesk  # its version is read from the installed metadata: not worth a delay before the paint

        QCoreApplication.setApplicationVersion(netdesk.__version__)
        self._start_notifier()
        from netdesk.ui.capture_controller import CaptureController  # mail and calendars, on a worker

        self.capture = CaptureController(self, self.context)
        from netdesk.ui.conflicts_page import ConflictsIndicator  # contact conflicts: status bar, File menu

        self.conflicts = ConflictsIndicator(self, self.context)

    def _start_notifier(self) -> None:
        from netdesk.ui.tray import ReminderNotifier, write_reminder

        self.notifier = ReminderNotifier(self.context.today_fn, self.windowIcon(), self)
        self.notifier.activated.connect(self._bring_to_front)
        self.notifier.write_requested.connect(lambda rid: write_reminder(self, rid))
        self.notifier.quit_requested.connect(self.close)
        self.notifier.caught_up.connect(self.context.bus.announce)  # the day's derivation, at start and day change
        self.notifier.check()
        self.actions_.feed_toggle.start_if_enabled()

    def _bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.show_section("today")

    # -- Qt overrides ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Override QWidget.closeEvent: remember the window before it goes."""
        self.save_state()
        self.actions_.feed_toggle.stop()
        pool = QThreadPool.globalInstance()
        if pool.activeThreadCount():
            # An import or re-derivation is one transaction: let it finish rather than cut it off.
            self.show_status("Finishing the work in progress…")
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                pool.waitForDone(120_000)
            finally:
                QApplication.restoreOverrideCursor()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Override QWidget.changeEvent: colours painted by netdesk follow a light/dark switch."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.contacts.model.invalidate()
            # After the children have their new palette too (the card picks colours from it).
            QTimer.singleShot(0, self.contacts.detail.reload)
            # palette(...) in a style sheet is resolved when it is set: set them again for the new colours.
            for widget in (self.nav, self.contacts.detail.card):
                sheet = widget.styleSheet()
                widget.setStyleSheet("")
                widget.setStyleSheet(sheet)
        super().changeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Override QWidget.dragEnterEvent: accept vCard and CSV files."""
        if droppable_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Override QWidget.dropEvent: import the dropped files."""
        found = droppable_paths(event.mimeData())
        if found:
            event.acceptProposedAction()
            # After the drop returns: a modal import dialog inside a drop handler blocks the drag source.
            QTimer.singleShot(0, lambda: self.actions_.import_contacts(found))
