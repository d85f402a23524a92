"""Dialogs for what happened with one contact: an interaction, a favour, thanks, a give, an ask."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from urllib.parse import urlparse

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from netdesk.domain.kinds import Effort, GiveKind, InteractionKind
from netdesk.ui.dialogs_records.form import ContactPicker, RecordDialog, to_date

Contact = tuple[int, str]
WarningsFn = Callable[[int, dt.date], list[str]]


def _text_box(placeholder: str, height: int = 72) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field: keyboard users need that
    box.setFixedHeight(height)
    return box


def _combo(values: list[str], labels: dict[str, str] | None = None) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem((labels or {}).get(value, value.capitalize()), value)
    return combo


class InteractionDialog(RecordDialog):
    def __init__(self, today: dt.date, contact: Contact | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Log interaction", today, parent)
        self.contact = self.add_row("&Contact:", ContactPicker(contact), "Contact")
        self.kind = self.add_row("&Kind:", _combo([k.value for k in InteractionKind]), "Kind of interaction")
        self.on = self.add_row("&On:", self.date_edit(today, latest=today), "Date")
        self.note = self.add_row("&Note:", _text_box("What did you talk about? (optional)"), "Note")
        (self.kind if contact else self.contact).setFocus()

    def problem(self) -> str | None:
        return self.contact.problem()

    def values(self) -> dict:
        return {"contact_id": self.contact.contact_id(), "name": self.contact.contact_name(),
                "kind": self.kind.currentData(), "on": to_date(self.on.date()),
                "note": self.note.toPlainText().strip()}


class FavourRecordDialog(RecordDialog):
    def __init__(self, today: dt.date, contact: Contact | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Record favour", today, parent)
        self.contact = self.add_row("&From:", ContactPicker(contact), "Who did you the favour")
        self.text = self.add_row("&What:", _text_box("What did they do for you?"), "What they did")
        self.on = self.add_row("&On:", self.date_edit(today, latest=today), "Date")
        (self.text if contact else self.contact).setFocus()

    def problem(self) -> str | None:
        return self.contact.problem() or (None if self.text.toPlainText().strip() else "Say what the favour was.")

    def values(self) -> dict:
        return {"contact_id": self.contact.contact_id(), "name": self.contact.contact_name(),
                "text": self.text.toPlainText().strip(), "on": to_date(self.on.date())}


class ThanksDialog(RecordDialog):
    def __init__(self, today: dt.date, contact: Contact | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Record thanks", today, parent)
        self.contact = self.add_row("&Thanked:", ContactPicker(contact), "Who you thanked")
        self.on = self.add_row("&On:", self.date_edit(today, latest=today), "Date")
        self.note = self.add_row("&Note:", _text_box("How? (a card, a coffee, a message…)", 56), "Note")
        hint = QLabel("This closes every open thank-you for them, for favours and for leads.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.form.addRow(hint)
        (self.note if contact else self.contact).setFocus()

    def problem(self) -> str | None:
        return self.contact.problem()

    def values(self) -> dict:
        return {"contact_id": self.contact.contact_id(), "name": self.contact.contact_name(),
                "on": to_date(self.on.date()), "note": self.note.toPlainText().strip()}


class GiveDialog(RecordDialog):
    KIND_LABELS = {"article": "Article", "event": "Event invitation", "introduction": "Introduction",
                   "advice": "Advice", "alternative": "Alternative offered"}

    def __init__(self, today: dt.date, contact: Contact | None = None, parent: QWidget | None = None,
                 text: str = "") -> None:
        super().__init__("Give something back", today, parent)
        self.contact = self.add_row("&To:", ContactPicker(contact), "Who you gave to")
        self.kind = self.add_row("&Kind:", _combo([k.value for k in GiveKind], self.KIND_LABELS), "Kind of give")
        self.text = self.add_row("&What:", _text_box("What did you pass on?", 56), "What you gave")
        self.text.setPlainText(text)
        self.link = self.add_row("&Link:", QLineEdit(), "Link")
        self.link.setPlaceholderText("https://… (optional)")
        self.on = self.add_row("&On:", self.date_edit(today, latest=today), "Date")
        (self.text if contact else self.contact).setFocus()

    def problem(self) -> str | None:
        if problem := self.contact.problem():
            return problem
        if not self.text.toPlainText().strip():
            return "Say what you gave."
        link = self.link.text().strip()
        if link:
            parts = urlparse(link)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                return f"{link!r} is not a web link (it should start with https://)."
        return None

    def values(self) -> dict:
        return {"contact_id": self.contact.contact_id(), "name": self.contact.contact_name(),
                "kind": self.kind.currentData(), "text": self.text.toPlainText().strip(),
                "link": self.link.text().strip() or None, "on": to_date(self.on.date())}


class AskDialog(RecordDialog):
    """An ask, with the pushiness guard's warnings shown live while it is written, before it is saved.

    `warnings_fn(contact_id, on)` returns the guard's warnings for a new ask of that contact on that day.
    """

    EFFORT_LABELS = {"small": "Small (a quick answer)", "medium": "Medium (an hour or a favour)",
                     "large": "Large (real time or reputation)"}

    def __init__(self, today: dt.date, warnings_fn: WarningsFn, contact: Contact | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Ask for something", today, parent)
        self._warnings_fn = warnings_fn
        self.contact = self.add_row("&Ask:", ContactPicker(contact), "Who you ask")
        self.purpose = self.add_row("&Purpose:", _text_box("What exactly do you ask, and why them?"), "Purpose")
        self.effort = self.add_row("&Effort:", _combo([e.value for e in Effort], self.EFFORT_LABELS),
                                   "Effort for them")
        self.on = self.add_row("&On:", self.date_edit(today, latest=today), "Date")
        self.warnings = QLabel()
        self.warnings.setObjectName("guardWarnings")
        self.warnings.setAccessibleName("Pushiness warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            "QLabel { background: palette(alternate-base); border-left: 3px solid #c98a00; padding: 6px; }")
        self.warnings.hide()
        self.form.addRow(self.warnings)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_warnings)
        self.contact.textChanged.connect(self._timer.start)
        self.on.dateChanged.connect(self._timer.start)
        self.update_warnings()
        (self.purpose if contact else self.contact).setFocus()

    def current_warnings(self) -> list[str]:
        contact_id = self.contact.contact_id()
        return self._warnings_fn(contact_id, to_date(self.on.date())) if contact_id is not None else []

    def update_warnings(self) -> None:
        found = self.current_warnings()
        if found:
            items = "".join(f"<li>{html.escape(w[:1].upper() + w[1:])}</li>" for w in found)
            self.warnings.setText(f"<b>Before you ask — don't be pushy:</b><ul style='margin:0'>{items}</ul>")
        self.warnings.setVisible(bool(found))
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Every warning stays readable: the dialog grows to its wrapped height (it never shrinks under the user)."""
        layout = self.layout()
        layout.activate()
        need = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                else layout.totalSizeHint().height())
        if need > self.height():
            self.resize(self.width(), need)

    def problem(self) -> str | None:
        if problem := self.contact.problem("person to ask"):
            return problem
        if not self.purpose.toPlainText().strip():
            return "Make your purpose clear: say what you ask for."
        return None

    def values(self) -> dict:
        return {"contact_id": self.contact.contact_id(), "name": self.contact.contact_name(),
                "purpose": self.purpose.toPlainText().strip(), "effort": self.effort.currentData(),
                "on": to_date(self.on.date())}
