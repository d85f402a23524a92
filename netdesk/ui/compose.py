"""The "Compose invitation…" dialog around the etiquette composer (netdesk.services.etiquette)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import UserFacingError
from netdesk.services import etiquette
from netdesk.ui.context import AppContext
from netdesk.ui.ctrl_enter import ctrl_enter
from netdesk.ui.form_dialog import copy_close_buttons


def _draft(contact_id: int) -> tuple[str, list[str]]:
    """The composer's draft and its warnings (e.g. "how we met" is empty, so the draft is generic)."""
    text, warnings = etiquette.compose(contact_id)
    return text, list(warnings)


class ComposeDialog(QDialog):
    def __init__(self, text: str, warnings: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compose invitation")
        hint = QLabel("A short, personal draft from how you met. Edit it, then copy it into your message.")
        hint.setWordWrap(True)
        self.warnings = QLabel("<br>".join(f"• {w}" for w in warnings or []))
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: palette(link);")
        self.warnings.setVisible(bool(warnings))
        self.text = QPlainTextEdit(text)
        self.text.setAccessibleName("Invitation text")
        self.text.setMinimumSize(480, 200)
        self.buttons, self.copy_button = copy_close_buttons(self, self.text, "Copy", "Copy invitation")
        ctrl_enter(self, self.copy_button.click)  # Enter in the text is a new line; Ctrl+Enter copies
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.warnings)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)


def open_compose_dialog(parent: QWidget | None, contact_id: int, context: AppContext) -> None:
    try:
        text, warnings = _draft(contact_id)
    except UserFacingError as exc:
        context.messages.tell(parent, "Compose invitation", str(exc), error=True)
        return
    ComposeDialog(text, warnings, parent).exec()
