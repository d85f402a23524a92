"""What every view is built with: the clock, the shared undo stack, the message helper, the change bus.

A view is constructed as `View(context)`; it writes only through QUndoCommands pushed on
`context.undo_stack`, emits `context.bus.data_changed` after a write, and listens to the same signal
to `refresh()`. `open_contact(contact_id)` asks the window to show that contact in the Contacts view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from netdesk.ui.messages import Messages


class ChangeBus(QObject):
    """Signals:
        data_changed: the store was written (by any view, a dialog or an undo/redo); views refresh.
    """

    data_changed = Signal()


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
