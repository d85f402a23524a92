"""Small building blocks the record views share: headings, buttons, empty states, record tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.change import Change, RecordKind
from netdesk.ui.views.flow import flow_row
from netdesk.ui.views.table_model import RecordTableModel, Role


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * (1.45 if level == 1 else 1.1))
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setAccessibleName(text)
    label.setObjectName("heading" if level == 1 else "subheading")
    return label


def page_layout(view: QWidget, title: QLabel, summary: QLabel, body: QWidget | QLayout) -> QVBoxLayout:
    """Every section's frame: its heading with a one-line summary on the right, the body below."""
    top = QHBoxLayout()
    top.addWidget(title)
    top.addStretch(1)
    top.addWidget(summary)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addLayout(top)
    if isinstance(body, QLayout):
        layout.addLayout(body, 1)
    else:
        layout.addWidget(body, 1)
    return layout


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
    # Not ResizeToContents: that measures every row on every reset, seconds for a few thousand asks.
    # Columns are fitted once to the first rows (see TablePanel) and stay where the user drags them.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(60)
    header.setHighlightSections(False)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    table.setTabKeyNavigation(False)  # Tab leaves the table, so the buttons under it are reachable
    return table


def selected_row(table: QTableView):
    index = table.currentIndex()
    if not index.isValid():
        return None
    return table.model().row_at(index.row())


class TablePanel(QWidget):
    """A titled record table with its buttons, that shows a calm empty state when it has no rows."""

    def __init__(self, title: str, model: RecordTableModel, stretch_column: int, empty: tuple[str, str],
                 buttons: list[QWidget], parent: QWidget | None = None, *, sort_column: int = 0,
                 descending: bool = True, select_first: bool = True) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QStackedWidget

        self.model = model
        self._select_first = select_first
        self._fitted = False
        self.table = record_table(model, title, stretch_column)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(sort_column, order)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(empty_state(*empty))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading(title, level=2)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addWidget(flow_row(buttons))  # wraps in a narrow window rather than widening it

    def refresh(self, keep_id: int | None = None) -> None:
        """Reload, keeping the selected record when it is still there."""
        index = self.table.currentIndex()
        kept = keep_id if keep_id is not None else (self.model.data(index, Role.RECORD_ID) if index.isValid() else None)
        self.model.refresh()
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        if self.model.rowCount() and not self._fitted:
            self._fitted = True
            self.table.resizeColumnsToContents()
        row = self.model.row_of(kept) if kept is not None else -1
        if row < 0 and self.model.rowCount() and self._select_first:
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def selected(self):
        return selected_row(self.table)

    def editable(self, context, table: str) -> None:
        """Its records can be corrected: a context menu (Edit…, Delete), F2 and the Delete key."""
        from netdesk.ui.views import record_actions

        def current() -> tuple[str, int] | None:
            row = self.selected()
            return (table, int(row.id)) if row is not None else None

        record_actions.install(self.table, context, current)
        self.table.setToolTip("Right-click, F2 or Delete to correct a record (Ctrl+Z undoes)")


class LazyRefresh:
    """Mixed into a view: a write that can affect it refreshes it at once when it is visible, else when
    it is next shown.

    Every write emits `data_changed(change)` and the window keeps all views alive, so a view re-queries
    only when `affected_by(change)`: a bulk write, a record of a kind it lists (`RECORD_KINDS`), a
    reminder when it shows reminders, a setting, or a contact it shows (`shown_contacts()`, by name).
    """

    RECORD_KINDS: frozenset[RecordKind] = frozenset()
    SHOWS_REMINDERS = False
    _stale = False

    def shown_contacts(self) -> Iterable[int]:
        return ()

    def affected_by(self, change: Change) -> bool:
        # Settings are the rules, the goal and the cadences: rare writes that shape every section.
        if change.everything or change.removed_contacts or change.settings:
            return True
        if self.SHOWS_REMINDERS and change.reminders:
            return True
        if any(kind in self.RECORD_KINDS for kind, _ in change.records):
            return True
        return not change.contacts.isdisjoint(self.shown_contacts())

    def on_data_changed(self, change: Change) -> None:
        if not self.affected_by(change):
            return
        if self.isVisible():  # type: ignore[attr-defined]
            self.refresh()  # type: ignore[attr-defined]
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        """Override QWidget.showEvent."""
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]
