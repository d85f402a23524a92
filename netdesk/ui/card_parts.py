"""Small pieces of the contact card: section headings, rules, the introducer field, text helpers."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel

from netdesk.ui.dialogs_records.form import ContactPicker

KIND_LABELS = {"interaction": "Contact", "favour": "Favour", "thanks": "Thanks", "ask": "Ask", "give": "Give",
               "lead": "Lead", "referral": "Referral", "meeting": "Meeting"}


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def composer_available() -> bool:
    """The invitation composer ships with netdesk: always. (Kept while contact_detail.py still asks.)"""
    return True


def introducer_field() -> ContactPicker:
    """The record dialogs' contact picker (completion from the store), as the card's "Introduced by"."""
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
