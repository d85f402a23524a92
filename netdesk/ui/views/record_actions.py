"""Correcting a history record from wherever it is shown: the card's timeline and each section's table.

`install(view, context, current)` gives a list or table a context menu (Edit…, Delete), F2 to edit and
the Delete key to delete the record `current()` names. Edits open the record's own dialog in edit mode
(`dialogs_records.editing`); both push an undoable command, and the services re-derive the reminders.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from netdesk.errors import UserFacingError
from netdesk.services import contacts
from netdesk.ui import commands
from netdesk.ui.context import AppContext
from netdesk.ui.views import actions

Ref = tuple[str, int]
NOUNS = {"interaction": "interaction", "favour": "favour", "thanks": "thanks", "lead": "lead",
         "referral": "referral", "ask": "ask", "give": "give", "meeting": "meeting"}


def _keys() -> tuple[QKeySequence, QKeySequence]:
    # Built when used: a standard key needs the QGuiApplication (its platform theme) to exist.
    return QKeySequence(Qt.Key.Key_F2), QKeySequence(QKeySequence.StandardKey.Delete)


def _name(contact_id: int | None) -> str:
    if contact_id is None:
        return "someone"
    try:
        return contacts.get(int(contact_id)).name
    except UserFacingError:
        return "someone"


def describe(table: str, v: dict) -> str:
    """How a person names the record: "the favour from Ana of 2026-03-01"."""
    if table == "referral":
        return f"the referral of {_name(v['seeker'])} to {_name(v['target'])} of {v['on_date'].isoformat()}"
    if table == "meeting":
        return f"the meeting with {_name(v['contact'])} at {v['at'][:16].replace('T', ' ')}"
    preposition = {"favour": "from", "lead": "from", "thanks": "to", "give": "to", "ask": "of"}.get(table, "with")
    noun = v["kind"] if table == "interaction" else NOUNS[table]
    return f"the {noun} {preposition} {_name(v['contact'])} of {v['on_date'].isoformat()}"


def _row(context: AppContext, parent: QWidget | None, ref: Ref) -> dict | None:
    from netdesk.services import record_edit  # on first use: not needed for the first paint

    try:
        return record_edit.row(*ref)
    except UserFacingError as exc:
        context.messages.tell(parent, "Edit", str(exc), error=True)
        return None


def edit_record(context: AppContext, parent: QWidget | None, ref: Ref) -> bool:
    """Open the record's dialog filled in; Save pushes an undoable edit."""
    values = _row(context, parent, ref)
    if values is None:
        return False
    from netdesk.ui.dialogs_records.editing import edit_dialog

    dialog, changes = edit_dialog(ref[0], values, context.today, parent)
    if not actions.exec_dialog(dialog):
        return False
    verb = "Reschedule" if ref[0] == "meeting" else "Edit"
    command = commands.record_edited(context, ref[0], ref[1], changes(), f"{verb} {describe(ref[0], values)}")
    return commands.push(context, parent, command) is not None


def delete_record(context: AppContext, parent: QWidget | None, ref: Ref) -> bool:
    """Ask, then delete (undoable); a meeting is cancelled."""
    values = _row(context, parent, ref)
    if values is None:
        return False
    what = describe(ref[0], values)
    verb = "Cancel" if ref[0] == "meeting" else "Delete"
    extra = {"thanks": " The thank-you reminders it closed open again.",
             "meeting": " Its prepare reminder is cancelled too."}.get(ref[0], "")
    if not context.messages.ask(parent, f"{verb} {NOUNS[ref[0]]}",
                                f"{verb} {what}?{extra} You can undo this with Ctrl+Z."):
        return False
    return commands.push(context, parent, commands.record_deleted(context, ref[0], ref[1],
                                                                     f"{verb} {what}")) is not None


def menu_actions(context: AppContext, parent: QWidget, ref: Ref, menu: QMenu) -> None:
    """Add Edit… and Delete for `ref` to `menu`."""
    meeting = ref[0] == "meeting"
    edit_key, delete_key = _keys()
    edit = QAction("&Reschedule or edit…" if meeting else "&Edit…", menu)
    edit.setShortcut(edit_key)
    edit.triggered.connect(lambda _=False: edit_record(context, parent, ref))
    delete = QAction("&Cancel the meeting" if meeting else "&Delete", menu)
    delete.setShortcut(delete_key)
    delete.triggered.connect(lambda _=False: delete_record(context, parent, ref))
    menu.addAction(edit)
    menu.addAction(delete)


def install(view: QAbstractItemView, context: AppContext, current: Callable[[], Ref | None],
            more: Callable[[QMenu], None] | None = None) -> None:
    """A context menu and keys (F2 edit, Delete delete) on `view` for the record `current()` names."""
    def run(action: Callable[[AppContext, QWidget | None, Ref], bool]) -> None:
        ref = current()
        if ref is not None:
            action(context, view.window(), ref)

    for key, action in zip(_keys(), (edit_record, delete_record), strict=True):
        shortcut = QShortcut(key, view, lambda a=action: run(a))
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def record_menu(point: QPoint) -> QMenu | None:
        """The menu for the row at `point` (which becomes current), or None when no record is there."""
        index = view.indexAt(point)
        if index.isValid():
            view.setCurrentIndex(index)
        ref = current()
        if ref is None:
            return None
        menu = QMenu(view)
        if more is not None:
            more(menu)
        menu_actions(context, view.window(), ref, menu)
        return menu

    def show_menu(point: QPoint) -> None:
        menu = record_menu(point)
        if menu is not None:
            menu.popup(view.viewport().mapToGlobal(point))
            # Kept until the next right click replaces it: never deleted while its action still runs.
            if getattr(view, "_shown_menu", None) is not None:
                view._shown_menu.deleteLater()
            view._shown_menu = menu

    view.record_menu = record_menu  # what a right click shows (tests read it without a popup)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(show_menu)
