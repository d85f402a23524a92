"""The import's column step: for a CSV netdesk does not recognise, say which column is the name, the email,
the phone, the organisation, the notes… or leave it out. One row per column, with examples from the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.exchange.csv_columns import FIELDS, usable
from netdesk.ui import theme


class ColumnsPage(QWidget):
    """`changed` is emitted whenever a choice changes; `mapping()` is one field per column."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("formError")
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet(theme.error_style())  # an error, not a link
        self.problem.hide()
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        self.combos: list[QComboBox] = []

    def show_file(self, path: Path, header: list[str], sample: list[list[str]], mapping: list[str]) -> None:
        self.path = Path(path)
        self.intro.setText(f"netdesk does not know the columns of {self.path.name}. Say what each column holds; "
                           "columns left as “Keep as extra data” are kept with the contact, “Leave out” drops them.")
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = []
        for index, cell in enumerate(header):
            examples = [row[index].strip() for row in sample if index < len(row) and row[index].strip()]
            shown = cell or f"Column {index + 1}"
            label = QLabel(f"<b>{_escape(shown)}</b>" + (
                f"<br><span>e.g. {_escape(', '.join(e[:40] for e in examples[:3]))}</span>" if examples else ""))
            label.setWordWrap(True)
            combo = QComboBox()
            combo.setAccessibleName(f"Column {shown}")
            for key, text in FIELDS.items():
                combo.addItem(text, key)
            chosen = mapping[index] if index < len(mapping) else "extra"
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.currentIndexChanged.connect(self._changed)
            label.setBuddy(combo)
            self.form.addRow(label, combo)
            self.combos.append(combo)
        self._changed()
        if self.combos:
            self.combos[0].setFocus()

    def mapping(self) -> list[str]:
        return [combo.currentData() for combo in self.combos]

    def choose(self, column: int, field: str) -> None:
        self.combos[column].setCurrentIndex(self.combos[column].findData(field))

    def ready(self) -> bool:
        return usable(self.mapping())

    def _changed(self) -> None:
        if self.ready():
            self.problem.hide()
        else:
            self.problem.setText("Choose the column that holds the name, the organisation or the email address: "
                                 "a contact needs one of them.")
            self.problem.show()
        self.changed.emit()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
