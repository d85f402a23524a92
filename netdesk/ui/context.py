"""What every view is built with: the clock, the shared undo stack, the message helper, the change bus.

A view is constructed as `View(context)`; it writes only through QUndoCommands pushed on
`context.undo_stack`, emits `context.bus.data_changed(change)` after a write with the `Change` the service
returned, and listens to the same signal to re-read only what that `Change` names (Anki's OpChanges).
`open_contact(contact_id)` asks the window to show that contact in the Contacts view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from netdesk.domain.change import Change
from netdesk.ui.messages import Messages


class ChangeBus(QObject):
    """Signals:
        data_changed(Change): the store was written (by any view, a dialog, an undo/redo, or another
            process); the `Change` names what, and each view re-reads only what it shows of that.
    """

    data_changed = Signal(object)

    def announce(self, change: Change) -> None:
        """Emit `data_changed(change)` unless the write touched nothing."""
        if change:
            self.data_changed.emit(change)


def change_of(result: object, fallback: Change) -> Change:
    """The `Change` a service returned (itself, or a `Recorded`'s), else `fallback` built by the caller.

    The fallback is for a service that returns something else (a count, a created row): the caller
    names the ids it knows it wrote.
    """
    if isinstance(result, Change):
        return result
    change = getattr(result, "change", None)
    return change if isinstance(change, Change) else fallback


def _no_contact_navigation(contact_id: int) -> None:
    """Default for contexts built outside the window (tests of a single view)."""


@dataclass
class AppContext:
    today_fn: Callable[[], dt.date]
    undo_stack: QUndoStack
    bus: ChangeBus
    messages: type[Messages] = Messages
    open_contact: Callable[[int], None] = field(default=_no_contact_navigation)

    @property
    def today(self) -> dt.date:
        return self.today_fn()

    @classmethod
    def create(
        cls,
        today_fn: Callable[[], dt.date] = dt.date.today,
        parent: QObject | None = None,
        open_contact: Callable[[int], None] | None = None,
    ) -> AppContext:
        """A context with a fresh undo stack and bus (both parented to `parent` for lifetime)."""
        return cls(
            today_fn=today_fn,
            undo_stack=QUndoStack(parent),
            bus=ChangeBus(parent),
            open_contact=open_contact or _no_contact_navigation,
        )
