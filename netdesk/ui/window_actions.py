"""The window's actions (menus, toolbar, shortcuts), the tables that place them, and what they do.

`WindowActions` asks the window for nothing but the small `Shell` protocol (show a status, the selected
contact, open a contact, show a section, focus the search, take new preferences); the window is the
Qt parent its actions, menus and dialogs hang from. The dialogs behind the actions (import, merge, the
invitation composer, contact export, the sample network) are imported when first used, not at
start-up: the first paint does not pay for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMimeData, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QToolBar

import netdesk
from netdesk.domain.change import Change
from netdesk.errors import UserFacingError
from netdesk.services import contacts as contact_service
from netdesk.ui import options
from netdesk.ui.commands import push
from netdesk.ui.contact_commands import AddContactCommand
from netdesk.ui.context import AppContext, change_of
from netdesk.ui.dialogs import AddContactDialog
from netdesk.ui.feed_toggle import FeedToggle
from netdesk.ui.navigation import SECTIONS, label
from netdesk.ui.workers import run_in_background

IMPORTABLE = (".vcf", ".vcard", ".csv", ".json")
SAMPLE_SETTING = "sample.network"  # the sample network records itself in this one setting


def droppable_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    found = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in found if p.suffix.lower() in IMPORTABLE]


class Shell(Protocol):
    """What the actions need of the window, and all they may ask of it."""

    def show_status(self, text: str) -> None:
        """Say `text` in the status bar for a few seconds."""

    def selected_contact_id(self) -> int | None:
        """The contact the shown section has selected, if any."""

    def open_contact(self, contact_id: int) -> None:
        """Show that contact's card in the Contacts section."""

    def show_section(self, key: str) -> None:
        """Show one of navigation.SECTIONS by its key."""

    def focus_search(self) -> None:
        """Put the keyboard in the contact search box."""

    def apply_preferences(self) -> None:
        """Take the Preferences dialog's window settings (the search delay) now it has saved them."""


class WindowActions:
    def __init__(self, window: QMainWindow, shell: Shell, context: AppContext) -> None:
        """`window` owns the actions, menus and dialogs; `shell` is what they do to it (usually the same
        object, seen through the protocol)."""
        self.window = window
        self.shell = shell
        self.context = context
        w = window
        stack = context.undo_stack
        self.new_contact_action = self._action("&New contact…", self.add_contact, QKeySequence.StandardKey.New)
        self.log_action = self._action("&Log interaction…", self.log_interaction, "Ctrl+L")
        self.favour_action = self._action("Record &favour…", self.record_favour, "Ctrl+Shift+F")
        self.thank_action = self._action("Mark &thanked", self.mark_thanked, "Ctrl+T",
                                         "Record that you thanked the selected contact")
        self.compose_action = self._action("&Compose invitation…", self.compose_invitation, "Ctrl+Shift+I")
        self.merge_action = self._action("&Merge with…", self.merge, None, "Merge another contact into this one")
        self.import_action = self._action("&Import contacts…", self.import_contacts, "Ctrl+I")
        self.export_action = self._action("&Export calendar…", self.export_calendar, "Ctrl+E")
        self.export_contacts_action = self._action("Export &contacts…", self.export_contacts, "Ctrl+Shift+E")
        self.sample_action = self._action("Load a &sample network", self.load_sample)
        self.remove_sample_action = self._action("&Remove the sample network", self.remove_sample)
        self.rederive_action = self._action("Recalculate &reminders", self.rederive)
        self.feed_toggle = FeedToggle(w, shell.show_status, context.messages)
        self.feed_action = self.feed_toggle.action
        self.feed = self.feed_toggle.feed
        self.quit_action = self._action("&Quit", w.close, "Ctrl+Q")  # StandardKey.Quit is empty on some platforms
        self.find_action = self._action("&Find contact", self.find, QKeySequence.StandardKey.Find)
        # Linux has no standard Preferences key; Ctrl+, is what GNOME and KDE apps use.
        self.preferences_action = self._action("&Preferences…", self.preferences, "Ctrl+,")
        self.about_action = self._action("&About netdesk", self.about)
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.undo_action = stack.createUndoAction(w, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(w, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (self.undo_action, self.redo_action):
            w.addAction(action)
        # View ▸ one entry per section, Ctrl+1…; they live in the menu, not on the window.
        self.section_actions: list[QAction] = []
        for number, section in enumerate(SECTIONS, start=1):
            action = QAction(label(section).replace("&", "&&"), w)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setStatusTip(section.tip)
            action.triggered.connect(lambda _=False, key=section.key: self.shell.show_section(key))
            self.section_actions.append(action)
        self._has_sample = self._sample_loaded()
        self.update_enabled()
        context.bus.data_changed.connect(self.after_change)

    # -- the tables --------------------------------------------------------------------------
    def menu_table(self) -> list[tuple[str, list[QAction | None]]]:
        """The menu bar, menu by menu; None is a separator."""
        return [
            ("&File", [self.import_action, self.export_action, self.export_contacts_action, None,
                       self.sample_action, self.remove_sample_action, None, self.rederive_action,
                       self.feed_action, None, self.quit_action]),
            ("&Edit", [self.undo_action, self.redo_action, None, self.find_action, None, self.preferences_action]),
            ("&Contact", [self.new_contact_action, None, self.log_action, self.favour_action, self.thank_action,
                          None, self.compose_action, self.merge_action]),
            ("&View", [*self.section_actions]),  # the toolbar's toggle follows, once the toolbar exists
            ("&Help", [self.shortcuts_action, self.about_action]),
        ]

    def toolbar_table(self) -> list[QAction | None]:
        return [self.new_contact_action, self.log_action, self.favour_action, self.thank_action, None,
                self.undo_action, self.redo_action, None, self.import_action, self.export_action]

    def contact_actions(self) -> list[QAction]:
        """What a right click on a contact offers."""
        return [self.log_action, self.favour_action, self.thank_action, self.compose_action, self.merge_action]

    def install(self) -> QToolBar:
        """Fill the window's menu bar and add its toolbar, from the tables above; returns the toolbar."""
        toolbar = QToolBar("Main toolbar", self.window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(18, 18))
        _fill(toolbar, self.toolbar_table())
        for title, actions in self.menu_table():
            menu = self.window.menuBar().addMenu(title)
            _fill(menu, actions)
            if title == "&View":
                menu.addSeparator()
                toggle = toolbar.toggleViewAction()
                toggle.setText("Show &toolbar")
                menu.addAction(toggle)
        self.window.addToolBar(toolbar)
        return toolbar

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work whichever section has focus
        return action

    def after_change(self, change: Change) -> None:
        if change.everything or SAMPLE_SETTING in change.settings:
            self._has_sample = self._sample_loaded()
        self.update_enabled()

    def update_enabled(self) -> None:
        # Contact actions stay enabled: a section's selection can change without telling the window,
        # and a disabled button that should work is worse than a clear "select someone first".
        has_sample = self._has_sample
        self.sample_action.setEnabled(not has_sample)
        self.remove_sample_action.setEnabled(has_sample)

    @staticmethod
    def _sample_loaded() -> bool:
        # The sample records itself in one setting; reading it needs no import of the generator.
        from netdesk.store import settings

        return settings.get(SAMPLE_SETTING) is not None

    # -- helpers -----------------------------------------------------------------------------
    def _contact(self, contact_id: int | None) -> tuple[int, str] | None:
        cid = contact_id or self.shell.selected_contact_id()
        if cid is None:
            return None
        try:
            return cid, contact_service.get(cid).name
        except UserFacingError:
            return None

    def _changed(self, change: Change, text: str) -> None:
        self.context.bus.announce(change)
        self.shell.show_status(text)

    def _failed(self, title: str):
        return lambda exc: self.context.messages.tell(self.window, title, str(exc), error=True)

    # -- contacts ----------------------------------------------------------------------------
    def add_contact(self) -> None:
        dialog = AddContactDialog(self.context.today, self.window)
        if dialog.exec() != AddContactDialog.DialogCode.Accepted:
            return
        command = AddContactCommand(self.context, dialog.values())
        created = push(self.context, self.window, command)
        if created is not None:
            self.shell.open_contact(created.id)
            self.shell.show_status(f"Added {created.name}")

    def log_interaction(self, contact_id: int | None = None) -> None:
        from netdesk.ui.views import actions

        if actions.log_interaction(self.context, self.window, contact_id or self.shell.selected_contact_id()):
            self.shell.show_status("Logged the interaction")

    def record_favour(self, contact_id: int | None = None) -> None:
        from netdesk.ui.views import actions

        if actions.record_favour(self.context, self.window, contact_id or self.shell.selected_contact_id()):
            self.shell.show_status("Recorded the favour; thank them soon")

    def mark_thanked(self) -> None:
        contact = self._contact(None)
        if contact is None:
            self.context.messages.tell(self.window, "Mark thanked", "Select the contact you thanked first.")
            return
        from netdesk.ui.views import actions  # says so when nothing is owed (issue 19 item 13)

        cid, name = contact
        if actions.mark_thanked(self.context, self.window, cid):
            self.shell.show_status(f"Thanked {name}")

    def compose_invitation(self, contact_id: int | None = None) -> None:
        contact = self._contact(contact_id)
        if contact is None:
            self.context.messages.tell(self.window, "Compose invitation", "Select the contact to invite first.")
            return
        from netdesk.ui.compose import open_compose_dialog

        open_compose_dialog(self.window, contact[0], self.context)

    def merge(self) -> None:
        from netdesk.ui.merge_dialog import open_merge_dialog as opener
        from netdesk.ui.merge_dialog import pick_other  # a searchable list with email and organisation

        contact = self._contact(None)
        if contact is None:
            self.context.messages.tell(self.window, "Merge", "Select the contact to keep first.")
            return
        other = pick_other(self.window, contact[0], contact[1])
        if other is None:
            return
        change = opener(self.window, contact[0], other, self.context.today, context=self.context)  # undoable
        if change is not None:
            self.context.bus.announce(change)

    def find(self) -> None:
        self.shell.show_section("contacts")
        self.shell.focus_search()

    # -- files -------------------------------------------------------------------------------
    def import_contacts(self, paths: list[Path] | None = None) -> None:
        from netdesk.ui.import_dialog import open_import_dialog as opener

        if not paths:
            names, _ = QFileDialog.getOpenFileNames(
                self.window, "Import contacts", options.LAST_IMPORT_DIR.get() or str(Path.home()),
                "Contacts (*.vcf *.vcard *.csv *.json);;All files (*)")
            if not names:
                return
            paths = [Path(n) for n in names]
            options.LAST_IMPORT_DIR.set(str(paths[0].parent))
        if opener(self.window, list(paths), self.context.today):
            self.context.bus.announce(Change.all())  # a bulk write

    def export_calendar(self) -> None:
        from netdesk.services import calendar

        default = str(Path(options.LAST_EXPORT_DIR.get() or Path.home()) / "netdesk.ics")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export calendar", default, "iCalendar (*.ics)")
        if not path:
            return
        options.LAST_EXPORT_DIR.set(str(Path(path).parent))
        today = self.context.today
        run_in_background(self.window, "Export calendar", lambda: calendar.export_ics(Path(path), calendar.export_options(), today),
                          lambda count: self.shell.show_status(f"Wrote {count} reminders to {path}"),
                          self._failed("Export calendar"))

    def export_contacts(self) -> None:
        from netdesk.ui.export_dialog import open_export_dialog

        open_export_dialog(self.window, self.context.today)

    def load_sample(self) -> None:
        from netdesk.sample import load_sample as load

        today = self.context.today

        def done(_written) -> None:
            self._changed(Change.all(), "Loaded the sample network; remove it from the File menu when you are done")
            self.shell.show_section("today")

        run_in_background(self.window, "Load a sample network", lambda: load(today), done,
                          self._failed("Load a sample network"), label="Creating a sample network…")

    def remove_sample(self) -> None:
        from netdesk.sample import remove_sample as remove

        if not self.context.messages.ask(
                self.window, "Remove the sample network",
                "Remove every sample contact and everything recorded with them? Your own contacts stay."):
            return
        today = self.context.today
        # Undo history may point at sample records; it cannot be replayed once they are gone.
        self.context.undo_stack.clear()
        run_in_background(self.window, "Remove the sample network", lambda: remove(today),
                          lambda n: self._changed(Change.all(), f"Removed {n} sample contacts"),
                          self._failed("Remove the sample network"))

    def rederive(self) -> None:
        from netdesk.services import reminders

        today = self.context.today
        run_in_background(self.window, "Recalculate reminders", lambda: reminders.derive(today),
                          lambda result: self._changed(change_of(result, Change.all()), "Reminders are up to date"),
                          self._failed("Recalculate reminders"), label="Recalculating reminders…")

    # -- app ---------------------------------------------------------------------------------
    def preferences(self) -> None:
        from netdesk.ui import theme
        from netdesk.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.context.today, self.window, feed=self.feed)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            from PySide6.QtWidgets import QApplication

            theme.apply(QApplication.instance(), options.APPEARANCE.get())
            self.shell.apply_preferences()
            self._changed(dialog.change, "Preferences saved")

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(what, keys) for every action with a shortcut, as the menus name them."""
        rows = []
        for action in self.window.actions() + self.section_actions:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            # Undo and Redo carry the command's name ("Undo Edit title of Ana"); the list wants the verb.
            fixed = {id(self.undo_action): "Undo", id(self.redo_action): "Redo"}
            what = fixed.get(id(action)) or action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if keys and (what.rstrip("…"), keys) not in rows:
                rows.append((what.rstrip("…"), keys))
        from netdesk.ui.shortcuts_keys import EXTRA_ROWS  # keys of one list or field (issue 19 item 15)

        return rows + [row for row in EXTRA_ROWS if row not in rows]

    def shortcuts_box(self) -> QMessageBox:
        rows = "".join(f"<tr><td>{what}</td><td>&nbsp;&nbsp;<b>{keys}</b></td></tr>"
                       for what, keys in self.shortcut_table())
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", f"<table>{rows}</table>",
                          QMessageBox.StandardButton.Close, self.window)
        box.setTextFormat(Qt.TextFormat.RichText)
        return box

    def show_shortcuts(self) -> None:
        self.shortcuts_box().exec()

    def about(self) -> None:
        QMessageBox.about(self.window, "About netdesk",
                          f"<h3>netdesk {netdesk.__version__}</h3><p>An organiser for your professional network, "
                          "built on eight habits of networking etiquette.</p>")


def _fill(widget, actions: list[QAction | None]) -> None:
    """Add `actions` to a menu or toolbar; None is a separator."""
    for action in actions:
        if action is None:
            widget.addSeparator()
        else:
            widget.addAction(action)
