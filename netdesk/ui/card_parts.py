"""Small pieces of the contact card: section headings, rules, the introducer field, text helpers."""

from __future__ import annotations

import importlib.util

from PySide6.QtWidgets import QFrame, QLabel, QLineEdit

KIND_LABELS = {"interaction": "Contact", "favour": "Favour", "thanks": "Thanks", "ask": "Ask", "give": "Give",
               "lead": "Lead", "referral": "Referral", "meeting": "Meeting"}


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def composer_available() -> bool:
    # Looked up, not imported: the card must not pay for the etiquette engine until it is used.
    try:
        return importlib.util.find_spec("netdesk.services.etiquette") is not None
    except ModuleNotFoundError:
        return False


def introducer_field() -> QLineEdit:
    """The record dialogs' contact picker (completion from the store) when present, else a plain line."""
    try:
        from netdesk.ui.dialogs_records.form import ContactPicker
    except ImportError:
        return QLineEdit()
    picker = ContactPicker()
    picker.setClearButtonEnabled(False)  # the card's fields read as text; a clear button is noise there
    return picker


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setContentsMargins(0, 6, 0, 0)
    return label
