"""The one base of netdesk's form dialogs: a QFormLayout, an error line, and an accept that validates."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui import theme


def copy_close_buttons(dialog: QDialog, text: QPlainTextEdit, label: str,
                       accessible_name: str) -> tuple[QDialogButtonBox, QPushButton]:
    """Close, and a Copy button that puts `text` on the clipboard and says so: the buttons of the
    dialogs that show a text to take elsewhere (an invitation, an error report)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    copy_button = QPushButton(label)
    copy_button.setAccessibleName(accessible_name)
    buttons.addButton(copy_button, QDialogButtonBox.ButtonRole.ActionRole)

    def copy() -> None:
        QGuiApplication.clipboard().setText(text.toPlainText())
        copy_button.setText("Copied")

    copy_button.clicked.connect(copy)
    buttons.rejected.connect(dialog.reject)
    return buttons, copy_button


class FormDialog(QDialog):
    """A form with an accept button (OK or Save) and Cancel; subclasses add rows and implement `problem()`.

    The dialog refuses to close while `problem()` returns text, and shows that text under the form.
    """

    def __init__(self, title: str, parent: QWidget | None = None,
                 accept_button: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        # Fields grow with the dialog on every style (macOS and Fusion default differently).
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setAccessibleName("Problem")
        self.error.setStyleSheet(theme.error_style())  # red, not the link colour (issue 19 item 16)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(accept_button | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def problem(self) -> str | None:
        return None

    def show_problem(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))
        if text:
            self.error.setAccessibleDescription(f"Error: {text}")

    def accept(self) -> None:
        """Override QDialog.accept: refuse to close while the form is invalid."""
        problem = self.problem()
        if problem:
            self.show_problem(problem)
            return
        super().accept()
