"""Message boxes behind one small helper, so tests patch `Messages.ask`/`Messages.tell` and never QMessageBox."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class Messages:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def tell(cls, parent: QWidget | None, title: str, text: str, *, error: bool = False) -> None:
        if error:
            QMessageBox.warning(parent, title, text)
        else:
            QMessageBox.information(parent, title, text)
