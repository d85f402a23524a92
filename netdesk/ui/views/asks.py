"""Asks & gives: what you asked of people, what you gave them, and the give/take balance per person."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QSplitter, QWidget

from netdesk.domain.change import RecordKind
from netdesk.domain.guards import Balance
from netdesk.domain.records import Ask
from netdesk.services import overview
from netdesk.ui.context import AppContext
from netdesk.ui.views import actions
from netdesk.ui.views.common import LazyRefresh, TablePanel, button, heading, page_layout
from netdesk.ui.views.table_model import Column, RecordTableModel

GIVE_KIND = {"article": "article", "event": "event invitation", "introduction": "introduction",
             "advice": "advice", "alternative": "alternative offered"}


def asks_model(open_only: Callable[[], bool] = lambda: False, parent=None) -> RecordTableModel:
    def load() -> list[Ask]:
        rows = overview.asks()
        return [r for r in rows if r.status == "open"] if open_only() else rows

    return RecordTableModel([
        Column("Asked", lambda r: r.on),
        Column("Contact", lambda r: r.contact),
        Column("Purpose", lambda r: r.purpose, tip=lambda r: r.purpose),
        Column("Effort", lambda r: r.effort, key=lambda r: ("small", "medium", "large").index(r.effort)),
        Column("Status", lambda r: r.status),
        Column("Resolved", lambda r: r.resolved_on),
    ], load, muted=lambda r: r.status != "open", parent=parent)


def gives_model(parent=None) -> RecordTableModel:
    return RecordTableModel([
        Column("Given", lambda r: r.on),
        Column("To", lambda r: r.contact),
        Column("What", lambda r: r.text, tip=lambda r: r.link or r.text),
        Column("Kind", lambda r: GIVE_KIND.get(r.kind, r.kind)),
    ], overview.gives, parent=parent)


def _balance_text(row: Balance) -> str:
    if row.balance > 0:
        return f"+{row.balance} given"
    if row.balance < 0:
        return f"{-row.balance} owed"
    return "even"


def balance_model(today_fn, parent=None) -> RecordTableModel:
    return RecordTableModel([
        Column("Contact", lambda r: r.contact),
        Column("Asks", lambda r: r.asks, numeric=True),
        Column("Gives", lambda r: r.gives, numeric=True),
        Column("Balance", _balance_text, key=lambda r: r.balance,
               tip=lambda r: "You asked more than you gave: give something back before asking again."
               if r.balance < 0 else ""),
    ], lambda: overview.balances(today_fn()), record_id=lambda r: r.contact_id, parent=parent)


class AsksView(LazyRefresh, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.open_only = QCheckBox("&Open only")
        self.open_only.setAccessibleName("Show open asks only")
        self.asks_model = asks_model(self.open_only.isChecked, self)
        self.gives_model = gives_model(self)
        self.balance_model = balance_model(lambda: context.today, self)

        self.new_ask_button = button("New &ask…", "Ask someone for something, with a clear purpose",
                                     lambda: actions.new_ask(context, self, self._contact_of(self.asks)))
        self.granted_button = button("&Granted", "They said yes: thank them", lambda: self.resolve("granted"))
        self.declined_button = button("&Declined", "They said no: close it gracefully, and still thank them",
                                      lambda: self.resolve("declined"))
        self.withdrawn_button = button("&Withdrawn", "You no longer need it", lambda: self.resolve("withdrawn"))
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.asks = TablePanel("Asks", self.asks_model, 2, (
            "No asks yet", "When you ask someone for help, record it here with its purpose. "
            "netdesk warns you before you become pushy."),
            [self.new_ask_button, self.granted_button, self.declined_button, self.withdrawn_button, self.open_only])

        self.new_give_button = button("New &give…", "Record an article, invitation, introduction or advice you passed on",
                                      lambda: actions.new_give(context, self, self._contact_of(self.gives)))
        self.gives = TablePanel("Gives", self.gives_model, 2, (
            "Nothing given yet", "Pass on articles and invitations; offer an alternative when you cannot help."),
            [self.new_give_button])
        self.balance_note = QLabel()
        self.balance = TablePanel("Give and take, last 12 months", self.balance_model, 0, (
            "Nothing to balance yet", "Asks and gives of the last year show here, per person."),
            [self.balance_note], sort_column=3, descending=False)
        self.balance.table.doubleClicked.connect(self._open_balance)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.gives)
        lower.addWidget(self.balance)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.asks)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        self.summary = QLabel()
        page_layout(self, heading("Asks & gives"), self.summary, split)
        self.asks.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.asks.table.activated.connect(lambda index: context.open_contact(self.asks.selected().contact_id))
        self.gives.table.activated.connect(lambda index: context.open_contact(self.gives.selected().contact_id))
        self.asks.editable(context, "ask")
        self.gives.editable(context, "give")
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()

    RECORD_KINDS = frozenset({RecordKind.ASK, RecordKind.GIVE})

    def shown_contacts(self) -> set[int]:
        return self.asks_model.contact_ids() | self.gives_model.contact_ids() | self.balance_model.contact_ids()

    def _contact_of(self, panel: TablePanel) -> int | None:
        row = panel.selected()
        return row.contact_id if row is not None else None

    def _open_balance(self, _index) -> None:
        row = self.balance.selected()
        if row is not None:
            self.context.open_contact(row.contact_id)

    def refresh(self) -> None:
        for panel in (self.asks, self.gives, self.balance):
            panel.refresh()
        open_asks = overview.ask_counts().get("open", 0)
        gives = self.gives_model.rowCount()
        self.summary.setText(f"{open_asks} open ask{'s' if open_asks != 1 else ''} · {gives} given")
        owed = [self.balance_model.row_at(r) for r in range(self.balance_model.rowCount())]
        owed = [r for r in owed if r.balance < 0]
        if owed:
            self.balance_note.setText(f"You owe {len(owed)} {'person' if len(owed) == 1 else 'people'} a give.")
        else:
            self.balance_note.setText("All even or ahead." if self.balance_model.rowCount() else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.asks.selected()
        is_open = row is not None and row.status == "open"
        for widget in (self.granted_button, self.declined_button, self.withdrawn_button):
            widget.setEnabled(is_open)

    def resolve(self, status: str) -> None:
        row = self.asks.selected()
        if row is not None and row.status == "open":
            actions.resolve_ask(self.context, self, row.id, status)
