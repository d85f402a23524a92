"""Leads & referrals: leads you received (pursue them, then tell the giver the outcome) and the
people you referred to each other."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QWidget

from netdesk.domain.change import RecordKind
from netdesk.domain.records import Lead
from netdesk.services import overview
from netdesk.ui.context import AppContext
from netdesk.ui.views import actions
from netdesk.ui.views.common import LazyRefresh, TablePanel, button, heading, page_layout
from netdesk.ui.views.table_model import Column, RecordTableModel

STATE = {"pursue": "pursue it", "tell them": "tell them the outcome", "reported": "loop closed"}
STATE_ORDER = {"pursue": 0, "tell them": 1, "reported": 2}


def leads_model(parent=None) -> RecordTableModel:
    return RecordTableModel([
        Column("Received", lambda r: r.on),
        Column("From", lambda r: r.contact),
        Column("Lead", lambda r: r.text, tip=lambda r: r.text),
        Column("Outcome", lambda r: r.outcome or "", tip=lambda r: r.outcome or ""),
        Column("Next", lambda r: STATE[r.state], key=lambda r: STATE_ORDER[r.state]),
        Column("Thanked", lambda r: r.thanked_on or "not yet"),
        Column("Reported", lambda r: r.reported_on),
    ], overview.leads, muted=lambda r: r.state == "reported", parent=parent)


def referrals_model(parent=None) -> RecordTableModel:
    return RecordTableModel([
        Column("On", lambda r: r.on),
        Column("You referred", lambda r: r.seeker),
        Column("To", lambda r: r.target),
        Column("Why", lambda r: r.note, tip=lambda r: r.note),
    ], overview.referrals, contact_id=lambda r: r.seeker_id, parent=parent)


class LeadsView(LazyRefresh, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.leads_model = leads_model(self)
        self.referrals_model = referrals_model(self)
        self.new_lead_button = button("New &lead…", "Record a lead someone gave you",
                                      lambda: actions.new_lead(context, self, self._contact()))
        self.outcome_button = button("Report &outcome…", "Say how the lead turned out", self.outcome)
        self.reported_button = button("Outcome re&ported", "You told the giver how it went", self.reported)
        self.thank_button = button("Mark t&hanked", "Record that you thanked the giver today", self.thanked)
        self.leads = TablePanel("Leads", self.leads_model, 2, (
            "No leads yet", "When someone passes you a lead, record it: netdesk reminds you to thank them, "
            "pursue it, and tell them how it went."),
            [self.new_lead_button, self.outcome_button, self.reported_button, self.thank_button])
        self.refer_button = button("&Refer someone…", "Give someone the name of a person who can help them",
                                   lambda: actions.new_referral(context, self, self._referral_contact()))
        self.referrals = TablePanel("Referrals", self.referrals_model, 3, (
            "No referrals yet", "When you give someone a name, record it: you will be reminded to warn the "
            "other person, and to check back later."), [self.refer_button])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.leads)
        split.addWidget(self.referrals)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.summary = QLabel()
        page_layout(self, heading("Leads & referrals"), self.summary, split)
        self.leads.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.leads.table.activated.connect(lambda _i: self._open(self.leads.selected()))
        self.referrals.table.activated.connect(lambda _i: self._open(self.referrals.selected()))
        self.leads.editable(context, "lead")
        self.referrals.editable(context, "referral")
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()

    def _open(self, row) -> None:
        if row is not None:
            self.context.open_contact(getattr(row, "contact_id", None) or row.seeker_id)

    def _contact(self) -> int | None:
        row = self.leads.selected()
        return row.contact_id if row else None

    def _referral_contact(self) -> int | None:
        row = self.referrals.selected()
        return row.seeker_id if row else None

    # Thanks close a lead's thank-you.
    RECORD_KINDS = frozenset({RecordKind.LEAD, RecordKind.REFERRAL, RecordKind.THANKS})

    def shown_contacts(self) -> set[int]:
        return self.leads_model.contact_ids() | self.referrals_model.contact_ids()

    def refresh(self) -> None:
        self.leads.refresh()
        self.referrals.refresh()
        rows: list[Lead] = [self.leads_model.row_at(r) for r in range(self.leads_model.rowCount())]
        pursue = sum(1 for r in rows if r.state == "pursue")
        tell = sum(1 for r in rows if r.state == "tell them")
        self.summary.setText(f"{pursue} to pursue · {tell} to report back")
        self._update_buttons()

    def _update_buttons(self) -> None:
        row: Lead | None = self.leads.selected()
        self.outcome_button.setEnabled(row is not None and row.reported_on is None)
        self.reported_button.setEnabled(row is not None and row.state == "tell them")
        self.thank_button.setEnabled(row is not None and row.thanked_on is None)

    def outcome(self) -> None:
        row = self.leads.selected()
        if row is not None:
            actions.report_outcome(self.context, self, row.id, row.text, row.contact)

    def reported(self) -> None:
        row = self.leads.selected()
        if row is not None:
            actions.mark_reported(self.context, self, row.id)

    def thanked(self) -> None:
        row = self.leads.selected()
        if row is not None:
            actions.mark_thanked(self.context, self, row.contact_id)
