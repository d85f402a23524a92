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
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Template status")
        self.save_button = QPushButton("&Save template")
        self.reset_button = QPushButton("&Default template")
        self.signature = QLineEdit()
        self.offer = QLineEdit()
        self.news = QLineEdit()
        self.my_email = QLineEdit()
        self.words_button = QPushButton("Save &your words")
        self._build()
        self.kind.currentIndexChanged.connect(self.load)
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
        editor.addRow("&Kind:", self.kind)
        editor.addRow("S&ubject:", self.subject)
        editor.addRow("&Message:", self.body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(QLabel("Placeholders (a line whose facts are missing is left out):"))
        side.addWidget(self.placeholders)
        side.addWidget(QLabel("Preview on your newest reminder of this kind:"))
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
                                   ("Your &news:", self.news, "Your latest news"),
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
        self.subject.setText(current.subject)
        self.body.setPlainText(current.body)
        self.refresh_preview()

    def refresh_preview(self) -> bool:
        """Draft the edited template on a real reminder; False (and the reason shown) when it does not check."""
        try:
            found = messages.preview(self.current_kind(), self.subject.text(), self.body.toPlainText(),
                                     today=self._context.today)
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
