"""The window's actions (menus, toolbar, shortcuts) and what they do.

Features other modules provide (import, merge, the invitation composer, the calendar feed, contact
export) are looked up when used: an action whose feature is missing is disabled, never broken.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

import netdesk
from netdesk.errors import UserFacingError
from netdesk.services import contacts as contact_service
from netdesk.ui import commands, options
from netdesk.ui.contact_commands import AddContactCommand, execute
from netdesk.ui.dialogs import AddContactDialog, FavourDialog
from netdesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from netdesk.ui.main_window import MainWindow

IMPORTABLE = (".vcf", ".vcard", ".csv", ".json")


def optional(module: str, name: str) -> Any | None:
    """`module.name` if that feature is installed, else None."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def installed(module: str) -> bool:
    """Whether a feature module exists, without importing it: start-up does not pay for its imports."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def droppable_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    found = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in found if p.suffix.lower() in IMPORTABLE]


class WindowActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.context = window.context
        w = window
        stack = self.context.undo_stack
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
        self.feed_action = self._action("Serve calendar &feed", self.toggle_feed)
        self.feed_action.setCheckable(True)
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
        self.feed = None
        controller = optional("netdesk.ui.feed_controller", "FeedController")
        if controller is not None:
            self.feed = controller(w)
            self.feed.started.connect(self._feed_started)
            self.feed.stopped.connect(lambda: self._feed_state(False, "The calendar feed stopped"))
            self.feed.failed.connect(self._feed_failed)
        self.feed_action.setVisible(self.feed is not None)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work whichever section has focus
        return action

    def update_enabled(self) -> None:
        # Contact actions stay enabled: a section's selection can change without telling the window,
        # and a disabled button that should work is worse than a clear "select someone first".
        self.compose_action.setEnabled(installed("netdesk.services.etiquette"))
        self.merge_action.setEnabled(installed("netdesk.ui.merge_dialog"))
        can_import = installed("netdesk.ui.import_dialog")
        self.import_action.setEnabled(can_import)
        self.window.contacts.welcome.import_button.setEnabled(can_import)
        self.export_contacts_action.setEnabled(installed("netdesk.ui.export_dialog"))
        has_sample = self._sample_loaded()
        self.sample_action.setEnabled(installed("netdesk.sample") and not has_sample)
        self.remove_sample_action.setEnabled(has_sample)

    @staticmethod
    def _sample_loaded() -> bool:
        # The sample records itself in one setting; reading it needs no import of the generator.
        from netdesk.store import settings

        return settings.get("sample.network") is not None

    # -- helpers -----------------------------------------------------------------------------
    def _contact(self, contact_id: int | None) -> tuple[int, str] | None:
        cid = contact_id or self.window.selected_contact_id()
        if cid is None:
            return None
        try:
            return cid, contact_service.get(cid).name
        except UserFacingError:
            return None

    def _changed(self, text: str) -> None:
        self.context.bus.data_changed.emit()
        self.window.show_status(text)

    def _failed(self, title: str):
        return lambda exc: self.context.messages.tell(self.window, title, str(exc), error=True)

    # -- contacts ----------------------------------------------------------------------------
    def add_contact(self) -> None:
        dialog = AddContactDialog(self.context.today, self.window)
        if dialog.exec() != AddContactDialog.DialogCode.Accepted:
            return
        command = AddContactCommand(self.context, dialog.values())
        created = execute(self.context, self.window, command)
        if created is not None:
            self.window.open_contact(created.id)
            self.window.show_status(f"Added {created.name}")

    def log_interaction(self, contact_id: int | None = None) -> None:
        dialog_class = optional("netdesk.ui.dialogs_records", "InteractionDialog")
        if dialog_class is None:
            self.context.messages.tell(self.window, "Log interaction", "Logging interactions is not available yet.")
            return
        dialog = dialog_class(self.context.today, self._contact(contact_id), self.window)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return
        v = dialog.values()
        if execute(self.context, self.window, commands.interaction(
                self.context, v["contact_id"], v["name"], v["kind"], v["on"], v["note"])) is not None:
            self.window.show_status(f"Logged a {v['kind']} with {v['name']}")

    def record_favour(self, contact_id: int | None = None) -> None:
        contact = self._contact(contact_id)
        dialog_class = optional("netdesk.ui.dialogs_records", "FavourRecordDialog")
        if dialog_class is not None:
            dialog = dialog_class(self.context.today, contact, self.window)
        elif contact is None:
            self.context.messages.tell(self.window, "Record favour", "Select the contact who did you the favour first.")
            return
        else:
            dialog = FavourDialog(contact[1], self.context.today, self.window)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return
        v = dialog.values()
        cid, name = (v["contact_id"], v["name"]) if "contact_id" in v else contact
        if execute(self.context, self.window, commands.favour(self.context, cid, name, v["text"], v["on"])) is not None:
            self.window.show_status(f"Recorded a favour from {name}; thank them soon")

    def mark_thanked(self) -> None:
        contact = self._contact(None)
        if contact is None:
            self.context.messages.tell(self.window, "Mark thanked", "Select the contact you thanked first.")
            return
        cid, name = contact
        if execute(self.context, self.window, commands.thanks(self.context, cid, name, self.context.today)) is not None:
            self.window.show_status(f"Thanked {name}")

    def compose_invitation(self, contact_id: int | None = None) -> None:
        contact = self._contact(contact_id)
        if contact is None:
            self.context.messages.tell(self.window, "Compose invitation", "Select the contact to invite first.")
            return
        from netdesk.ui.compose import open_compose_dialog

        open_compose_dialog(self.window, contact[0], self.context)

    def merge(self) -> None:
        contact = self._contact(None)
        opener = optional("netdesk.ui.merge_dialog", "open_merge_dialog")
        if opener is None:
            return
        if contact is None:
            self.context.messages.tell(self.window, "Merge", "Select the contact to keep first.")
            return
        text, ok = QInputDialog.getText(self.window, "Merge", f"Merge which contact into {contact[1]}?\n"
                                        "(name, email or id; it is removed after its details move over)")
        if not ok or not text.strip():
            return
        try:
            other = contact_service.resolve(text)
        except UserFacingError as exc:
            self.context.messages.tell(self.window, "Merge", str(exc), error=True)
            return
        opener(self.window, contact[0], other, self.context.today)
        self.context.bus.data_changed.emit()

    def find(self) -> None:
        self.window.show_section("contacts")
        self.window.contacts.focus_search()

    # -- files -------------------------------------------------------------------------------
    def import_contacts(self, paths: list[Path] | None = None) -> None:
        opener = optional("netdesk.ui.import_dialog", "open_import_dialog")
        if opener is None:
            self.context.messages.tell(self.window, "Import", "Importing is not available in this build.")
            return
        if not paths:
            names, _ = QFileDialog.getOpenFileNames(
                self.window, "Import contacts", options.LAST_IMPORT_DIR.get() or str(Path.home()),
                "Contacts (*.vcf *.vcard *.csv *.json);;All files (*)")
            if not names:
                return
            paths = [Path(n) for n in names]
            options.LAST_IMPORT_DIR.set(str(paths[0].parent))
        opener(self.window, list(paths), self.context.today)
        self.context.bus.data_changed.emit()

    def export_calendar(self) -> None:
        from netdesk.exchange.ics import IcsOptions
        from netdesk.services import calendar

        default = str(Path(options.LAST_EXPORT_DIR.get() or Path.home()) / "netdesk.ics")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export calendar", default, "iCalendar (*.ics)")
        if not path:
            return
        options.LAST_EXPORT_DIR.set(str(Path(path).parent))
        run_in_background(self.window, "Export calendar", lambda: calendar.export_ics(Path(path), IcsOptions()),
                          lambda count: self.window.show_status(f"Wrote {count} reminders to {path}"),
                          self._failed("Export calendar"))

    def export_contacts(self) -> None:
        opener = optional("netdesk.ui.export_dialog", "open_export_dialog")
        if opener is not None:
            opener(self.window, self.context.today)

    def load_sample(self) -> None:
        load = optional("netdesk.sample", "load_sample")
        if load is None:
            return
        today = self.context.today

        def done(_written) -> None:
            self._changed("Loaded the sample network; remove it from the File menu when you are done")
            self.window.show_section("today")

        run_in_background(self.window, "Load a sample network", lambda: load(today), done,
                          self._failed("Load a sample network"), label="Creating a sample network…")

    def remove_sample(self) -> None:
        remove = optional("netdesk.sample", "remove_sample")
        if remove is None or not self.context.messages.ask(
                self.window, "Remove the sample network",
                "Remove every sample contact and everything recorded with them? Your own contacts stay."):
            return
        today = self.context.today
        # Undo history may point at sample records; it cannot be replayed once they are gone.
        self.context.undo_stack.clear()
        run_in_background(self.window, "Remove the sample network", lambda: remove(today),
                          lambda n: self._changed(f"Removed {n} sample contacts"),
                          self._failed("Remove the sample network"))

    def rederive(self) -> None:
        from netdesk.services import reminders

        today = self.context.today
        run_in_background(self.window, "Recalculate reminders", lambda: reminders.derive(today),
                          lambda result: self._changed("Reminders are up to date"),
                          self._failed("Recalculate reminders"), label="Recalculating reminders…")

    def toggle_feed(self) -> None:
        if self.feed is not None:
            self.feed.set_running(self.feed_action.isChecked())
            self.feed_action.setChecked(self.feed.running)

    def start_feed_if_enabled(self) -> None:
        """After the first paint: serve the feed again if it was on when the window last closed."""
        if self.feed is not None:
            self.feed.start_if_enabled()

    def stop_feed(self) -> None:
        if self.feed is not None:
            self.feed.stop(remember=False)  # quitting: the feed comes back on next start

    def _feed_state(self, running: bool, text: str) -> None:
        self.feed_action.setChecked(running)
        self.window.show_status(text)

    def _feed_started(self, url: str) -> None:
        self.feed_action.setChecked(True)
        self.feed_action.setToolTip(f"Serving your reminders at {url}")
        self.window.show_status("Serving the calendar feed; copy its address from Preferences ▸ Calendar")

    def _feed_failed(self, message: str) -> None:
        self.feed_action.setChecked(False)
        self.context.messages.tell(self.window, "Calendar feed", message, error=True)

    # -- app ---------------------------------------------------------------------------------
    def preferences(self) -> None:
        from netdesk.ui import theme
        from netdesk.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.context.today, self.window)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            from PySide6.QtWidgets import QApplication

            theme.apply(QApplication.instance(), options.APPEARANCE.get())
            self.window.contacts._search_timer.setInterval(options.SEARCH_DEBOUNCE_MS.get())
            self._changed("Preferences saved")

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(what, keys) for every action with a shortcut, as the menus name them."""
        rows = []
        for action in self.window.actions() + getattr(self.window, "section_actions", []):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            # Undo and Redo carry the command's name ("Undo Edit title of Ana"); the list wants the verb.
            fixed = {id(self.undo_action): "Undo", id(self.redo_action): "Redo"}
            what = fixed.get(id(action)) or action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if keys and (what.rstrip("…"), keys) not in rows:
                rows.append((what.rstrip("…"), keys))
        return rows

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
