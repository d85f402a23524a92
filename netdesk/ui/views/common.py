"""Small building blocks the record views share: headings, buttons, empty states, record tables."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.views.table_model import RecordTableModel


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * (1.45 if level == 1 else 1.1))
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setAccessibleName(text)
    label.setObjectName("heading" if level == 1 else "subheading")
    return label


def button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    widget = QPushButton(text)
    widget.setToolTip(tip)
    widget.setAccessibleName(text.replace("&", "").rstrip("…"))
    widget.setAccessibleDescription(tip)
    widget.clicked.connect(lambda _=False: slot())
    return widget


def empty_state(title: str, text: str) -> QWidget:
    """A calm, centred message for a list with nothing in it."""
    page = QWidget()
    page.setObjectName("emptyState")
    big = QLabel(title)
    font = QFont(big.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    big.setFont(font)
    big.setAlignment(Qt.AlignmentFlag.AlignCenter)
    small = QLabel(text)
    small.setWordWrap(True)
    small.setAlignment(Qt.AlignmentFlag.AlignCenter)
    small.setEnabled(False)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(big)
    layout.addWidget(small)
    layout.addStretch(2)
    page.setAccessibleName(f"{title}. {text}")
    return page


def record_table(model: RecordTableModel, name: str, stretch_column: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    for column in range(model.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch_column else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    table.setTabKeyNavigation(False)  # Tab leaves the table, so the buttons under it are reachable
    return table


def selected_row(table: QTableView):
    index = table.currentIndex()
    if not index.isValid():
        return None
    return table.model().row_at(index.row())
