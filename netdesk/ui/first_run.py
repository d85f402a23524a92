"""The empty states of the contact list: a welcome on first run, and "nothing matches" for a search."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    """Shown while the store has no contacts at all.

    Signals:
        import_requested: the user wants to import a vCard or CSV file.
        sample_requested: the user wants the sample network loaded.
        new_contact_requested: the user wants to type in a first contact.
    """

    import_requested = Signal()
    sample_requested = Signal()
    new_contact_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        title = QLabel("<h2>Welcome to netdesk</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "netdesk remembers the small courtesies of networking for you: thanking people, "
            "closing the loop on leads, keeping in touch.<br><br>"
            "Start with the people you already know, or look around a sample network first."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(440)
        text.setMinimumHeight(text.heightForWidth(440))  # rich text does not ask for its wrapped height
        self.import_button = QPushButton("Import contacts…")
        self.import_button.setAccessibleName("Import contacts")
        self.import_button.setToolTip("Read a vCard (.vcf) or a LinkedIn, Google or Outlook CSV export")
        self.import_button.setDefault(True)
        self.sample_button = QPushButton("Load a sample network")
        self.sample_button.setAccessibleName("Load a sample network")
        self.sample_button.setToolTip("Fictional people and history; remove them again from the File menu")
        self.new_button = QPushButton("New contact…")
        self.new_button.setAccessibleName("New contact")
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.new_button.clicked.connect(self.new_contact_requested)
        hint = QLabel("You can also drop .vcf or .csv files onto this window.")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)  # greyed by the palette, in light and dark alike

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.import_button, self.sample_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addStretch(3)


class NoMatchPanel(QWidget):
    """Shown when a search or filter leaves no contacts.

    Signals:
        clear_requested: the user wants the search and filters cleared.
    """

    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("No contacts match.")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.clear_button = QPushButton("Clear search and filters")
        self.clear_button.clicked.connect(self.clear_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_search(self, text: str) -> None:
        self.label.setText(f"No contacts match “{text}”." if text.strip() else "No contacts match these filters.")
