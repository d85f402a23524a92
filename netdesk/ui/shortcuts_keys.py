"""The keyboard without traps (issue 19 item 15): panes by Ctrl+Tab, undo from inside a field, Ctrl+Y,
Ctrl+Enter to save a dialog, and the keys that belong to one list, for the F1 table.

`install(window)` is called once by the main window. `pass_undo_through(widget)` lets Ctrl+Z/Ctrl+Y reach
the window's undo stack while a field has focus but holds nothing typed of its own to undo.
`ctrl_enter_accepts(dialog)` makes Ctrl+Enter save a dialog whose fields take Enter for new lines.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

# Keys handled by one list or one field rather than by a menu action, listed under F1 beside the actions.
EXTRA_ROWS: list[tuple[str, str]] = [
    ("Redo (also)", "Ctrl+Y"),
    ("Next field / previous field (the contact list hands on to the card)", "Tab / Shift+Tab"),
    ("Edit the selected record (card timeline, section tables)", "F2"),
    ("Delete the selected record, or contact in the list (asks first; undoable)", "Delete"),
    ("Done: the selected reminder on Today", "Delete"),
    ("Do what the selected reminder asks", "Enter"),
    ("Save a dialog from a multi-line field", "Ctrl+Enter"),
    ("Cancel a dialog", "Esc"),
]


def _matches(event: QKeyEvent, *keys: QKeySequence) -> bool:
    combined = QKeySequence(event.keyCombination())
    return any(key.matches(combined) == QKeySequence.SequenceMatch.ExactMatch for key in keys if not key.isEmpty())


def undo_keys() -> list[QKeySequence]:
    return [QKeySequence(QKeySequence.StandardKey.Undo), QKeySequence(QKeySequence.StandardKey.Redo),
            QKeySequence("Ctrl+Y")]


def _nothing_typed(widget: QObject) -> bool:
    """True when the field has no edit of its own to undo (a committed or untouched value)."""
    if isinstance(widget, QLineEdit):
        return not widget.isModified()
    if isinstance(widget, QPlainTextEdit):
        return not widget.document().isModified()
    return isinstance(widget, QAbstractSpinBox)  # committed on each step; its line edit has no history worth keeping


class UndoPassThrough(QObject):
    """An event filter: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y go past a field with nothing typed to the window."""

    def __init__(self, parent: QObject | None = None, typed: Callable[[QObject], bool] | None = None) -> None:
        super().__init__(parent)
        self._untouched = typed or _nothing_typed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override QObject.eventFilter."""
        if event.type() == QEvent.Type.ShortcutOverride and _matches(event, *undo_keys()) \
                and self._untouched(watched):
            event.ignore()  # not the field's: the shortcut map gives it to the window's Undo/Redo
            return True
        return False


def pass_undo_through(*widgets: QWidget) -> UndoPassThrough:
    """Install one `UndoPassThrough` on every widget (it lives as long as the first)."""
    keeper = UndoPassThrough(widgets[0] if widgets else None)
    for widget in widgets:
        widget.installEventFilter(keeper)
    return keeper


def ctrl_enter_accepts(dialog: QDialog) -> None:
    """Ctrl+Enter (and Ctrl+Return) saves: the user need not leave a multi-line field to reach Save."""
    for key in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(key), dialog, dialog.accept)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)


def _focusable(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def first_focusable(widget: QWidget) -> QWidget | None:
    if _focusable(widget):
        return widget
    for child in widget.findChildren(QWidget):
        if _focusable(child) and not isinstance(child.focusProxy(), QWidget):
            return child
    return None


def panes(window) -> list[QWidget]:
    """The panes Ctrl+Tab walks: the section list, then the shown section's lists and tables (the
    contacts section: its search, its list, the card)."""
    found: list[QWidget] = [window.nav]
    key = window.current_section()
    if key == "contacts":
        contacts = window.contacts
        found += [w for w in (contacts.search, contacts.table) if w.isVisible()]
        if contacts.detail.current is not None:
            found.append(contacts.detail)
        return found
    view = window.sections.views.get(key)
    if view is not None:
        lists = [v for v in view.findChildren(QAbstractItemView) if v.isVisible()
                 and v.focusPolicy() != Qt.FocusPolicy.NoFocus]
        # In reading order on screen (the widget tree's order follows how splitters were filled).
        lists.sort(key=lambda v: (v.mapTo(window, v.rect().topLeft()).y(), v.mapTo(window, v.rect().topLeft()).x()))
        found += lists or [view]
    return found


def cycle_pane(window, step: int) -> QWidget | None:
    """Move the focus to the next (step 1) or previous (-1) pane; returns the widget focused."""
    order = panes(window)
    focus = window.focusWidget()
    here = next((i for i, pane in enumerate(order) if focus is not None and (focus is pane or pane.isAncestorOf(focus))),
                -1 if step > 0 else 0)
    for offset in range(1, len(order) + 1):
        target = first_focusable(order[(here + step * offset) % len(order)])
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason)
            return target
    return None


def install(window) -> None:
    """Pane keys as window actions (so F1 lists them), Ctrl+Y for redo beside the platform's key, and the
    contact removal actions."""
    for text, keys, step in (("Next pane", ["Ctrl+Tab"], 1), ("Previous pane", ["Ctrl+Shift+Tab", "Ctrl+Backtab"], -1)):
        action = QAction(text, window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False, s=step: cycle_pane(window, s))
        window.addAction(action)
    from netdesk.ui import contact_removal  # Archive / Delete contact (issue 19 item 1), in the Contact menu

    contact_removal.install(window)
    redo = window.actions_.redo_action
    if QKeySequence("Ctrl+Y") not in redo.shortcuts():
        redo.setShortcuts([*redo.shortcuts(), QKeySequence("Ctrl+Y")])
