"""Preferences, Messages: the template of each reminder kind's draft, its placeholders, a live preview on
a real reminder, and the user's own words (name, standing offer, news, own address).

An unknown placeholder is refused with the list of known ones, as the invitation template is; the
preview shows the refusal instead of a draft until the template checks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.kinds import ReminderKind
from netdesk.domain.message_templates import DESCRIPTIONS
from netdesk.errors import UserFacingError
from netdesk.services import messages
from netdesk.ui.context import AppContext

KIND_LABELS = {
    ReminderKind.THANK_YOU: "Thank-you", ReminderKind.FOLLOW_UP: "Follow up a lead",
    ReminderKind.CLOSE_THE_LOOP: "Close the loop", ReminderKind.EXPECT_CALL: "Expect a call",
    ReminderKind.CHECK_BACK: "Check back", ReminderKind.KEEP_IN_TOUCH: "Keep in touch",
    ReminderKind.PREPARE: "Meeting brief (to yourself)", ReminderKind.BIRTHDAY: "Birthday",
    ReminderKind.ANNIVERSARY: "Anniversary of working together",
}


class TemplatesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.kind = QComboBox()
        self.kind.setAccessibleName("Reminder kind")
        for kind in ReminderKind:
            self.kind.addItem(KIND_LABELS.get(kind, kind.value), kind.value)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject template")
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Message template")
        self.placeholders = QListWidget()
        self.placeholders.setAccessibleName("Placeholders")
        self.placeholders.setToolTip("Double-click to insert at the cursor")
        self.on_whom = QComboBox()
        self.on_whom.setAccessibleName("Preview on")
        self.on_whom.setToolTip("A real reminder of this kind: its contact's facts fill the preview")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Template status")
        self.save_button = QPushButton("&Save template")
        self.reset_button = QPushButton("&Default template")
        for widget, name in ((self.save_button, "Save template"), (self.reset_button, "Default template")):
            widget.setAccessibleName(name)
        self.signature = QLineEdit()
        self.offer = QLineEdit()
        self.news = QLineEdit()
        self.my_email = QLineEdit()
        self.words_button = QPushButton("Save &your words")
        self._build()
        self.kind.currentIndexChanged.connect(self.load)
        self.on_whom.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        self.subject.textChanged.connect(self.refresh_preview)
        self.body.textChanged.connect(self.refresh_preview)
        self.placeholders.itemDoubleClicked.connect(self._insert)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.words_button.clicked.connect(self.save_words)
        self.load_words()
        self.load()

    def _build(self) -> None:
        editor = QFormLayout()
        # Mnemonics clear of the Preferences tabs' (G, R, K, C, U, M, P).
        editor.addRow("K&ind:", self.kind)
        editor.addRow("Su&bject:", self.subject)
        editor.addRow("Te&xt:", self.body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(QLabel("Placeholders (a line whose facts are missing is left out):"))
        side.addWidget(self.placeholders)
        on_row = QHBoxLayout()
        on_label = QLabel("Pre&view on:")
        on_label.setBuddy(self.on_whom)
        on_row.addWidget(on_label)
        on_row.addWidget(self.on_whom, 1)
        side.addLayout(on_row)
        side.addWidget(self.preview)
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(editor)
        left.addLayout(buttons)
        left.addWidget(self.status)
        top.addLayout(left, 3)
        top.addLayout(side, 2)
        words = QGroupBox("Your words")
        form = QFormLayout(words)
        for label, field, name in (("Your &name:", self.signature, "Your name"),
                                   ("Standing &offer:", self.offer, "Standing offer to return a favour"),
                                   ("Your ne&ws:", self.news, "Your latest news"),
                                   ("Your &email:", self.my_email, "Your own email address")):
            field.setAccessibleName(name)
            form.addRow(label, field)
        self.offer.setPlaceholderText("If there is ever anything I can do for you in return, please just ask.")
        form.addRow("", self.words_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(words)

    def current_kind(self) -> ReminderKind:
        return ReminderKind(self.kind.currentData())

    def load(self) -> None:
        kind = self.current_kind()
        current = messages.template(kind)
        self.placeholders.clear()
        for name in messages.fields(kind):
            item = QListWidgetItem(f"{{{name}}}  {DESCRIPTIONS[name]}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.placeholders.addItem(item)
        self.on_whom.blockSignals(True)
        self.on_whom.clear()
        for reminder_id, name in messages.preview_choices(kind):
            self.on_whom.addItem(name, reminder_id)
        if not self.on_whom.count():
            self.on_whom.addItem("an example (no reminder of this kind yet)", None)
        self.on_whom.blockSignals(False)
        self.subject.setText(current.subject)
        self.body.setPlainText(current.body)
        self.refresh_preview()

    def refresh_preview(self) -> bool:
        """Draft the edited template on a real reminder; False (and the reason shown) when it does not check."""
        try:
            found = messages.preview(self.current_kind(), self.subject.text(), self.body.toPlainText(),
                                     today=self._context.today, on=self.on_whom.currentData())
        except UserFacingError as exc:
            self.preview.setPlainText("")
            self.status.setText(str(exc))
            self.save_button.setEnabled(False)
            return False
        self.preview.setPlainText(f"Subject: {found.subject}\n\n{found.body}")
        self.status.setText("")
        self.save_button.setEnabled(True)
        return True

    def _insert(self, item: QListWidgetItem) -> None:
        self.body.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.body.setFocus()

    def save(self) -> bool:
        try:
            change = messages.set_template(self.current_kind(), self.subject.text(), self.body.toPlainText())
        except UserFacingError as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText("Saved.")
        self._context.bus.announce(change)
        return True

    def reset(self) -> None:
        self._context.bus.announce(messages.set_template(self.current_kind(), None, None))
        self.load()
        self.status.setText("Back to the default template.")

    def load_words(self) -> None:
        prefs = messages.preferences()
        self.signature.setText(prefs.signature)
        self.offer.setText(prefs.offer)
        self.news.setText(prefs.news)
        self.my_email.setText(prefs.my_email)

    def save_words(self) -> bool:
        try:
            change = messages.set_preferences(signature=self.signature.text(), offer=self.offer.text(),
                                              news=self.news.text(), my_email=self.my_email.text())
        except UserFacingError as exc:
            self.status.setText(str(exc))
            return False
        self._context.bus.announce(change)
        self.status.setText("Your words are saved.")
        self.refresh_preview()
        return True


def add_to(dialog) -> TemplatesPage:
    """Preferences › Messages. Its Save buttons write at once and announce on the window's bus (the
    dialog's parent window), so the window shows the new words even if the dialog is cancelled."""
    window = dialog.parentWidget()
    context = getattr(window, "context", None)
    if not isinstance(context, AppContext):
        context = AppContext.create(lambda: dialog.today, dialog)
    page = TemplatesPage(context, dialog)
    dialog.templates_page = page
    dialog.tabs.addTab(page, "&Messages")
    return page
