"""Meetings: upcoming and past, each with its brief (who referred you, why you meet, open loops)."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget

from netdesk.domain.change import RecordKind
from netdesk.domain.records import Meeting
from netdesk.errors import UserFacingError
from netdesk.services import meetings, overview
from netdesk.ui.context import AppContext
from netdesk.ui.views import actions, record_actions
from netdesk.ui.views.common import LazyRefresh, TablePanel, button, heading, page_layout
from netdesk.ui.views.table_model import Column, RecordTableModel


def when(row: Meeting) -> str:
    """The time where the meeting happens, with its zone, since that is what the other person agreed to."""
    return f"{row.at.strftime('%a %d %b %Y, %H:%M')} {row.tzid}"


def meetings_model(today_fn, upcoming: bool, parent=None) -> RecordTableModel:
    def load() -> list[Meeting]:
        today = today_fn()
        return [r for r in overview.meetings() if (r.at.date() >= today) == upcoming]

    return RecordTableModel([
        Column("When", when, key=lambda r: r.at.astimezone(dt.UTC)),
        Column("With", lambda r: r.contact),
        Column("Purpose", lambda r: r.purpose, tip=lambda r: r.purpose),
        Column("Referred by", lambda r: r.referrer),
        Column("Where", lambda r: r.location),
    ], load, muted=lambda r: not upcoming, parent=parent)


class MeetingsView(LazyRefresh, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.upcoming_model = meetings_model(lambda: context.today, True, self)
        self.past_model = meetings_model(lambda: context.today, False, self)
        self.new_button = button("&Plan a meeting…", "Record a meeting, who referred you and why you meet",
                                 self.new_meeting)
        self.open_button = button("Open &contact", "Show the person you meet", self.open_selected)
        self.reschedule_button = button("&Reschedule…", "Move the selected meeting, or correct it (F2)",
                                        lambda: self._correct(record_actions.edit_record))
        self.cancel_button = button("Cance&l meeting", "Cancel the selected meeting (Delete; Ctrl+Z undoes)",
                                    lambda: self._correct(record_actions.delete_record))
        self.upcoming = TablePanel("Upcoming", self.upcoming_model, 2, (
            "No meetings planned", "Plan one: the day before, netdesk reminds you to prepare, with a brief."),
            [self.new_button, self.reschedule_button, self.cancel_button, self.open_button], descending=False)
        # Only the upcoming table starts with a selection, so it is clear whose brief is shown.
        self.past = TablePanel("Past", self.past_model, 2, ("No past meetings", ""), [], select_first=False)
        self.brief = QTextBrowser()
        self.brief.setAccessibleName("Meeting brief")
        self.brief.setOpenLinks(False)
        self.brief.setPlaceholderText("Select a meeting to read its brief.")
        brief_panel = QWidget()
        brief_layout = QVBoxLayout(brief_panel)
        brief_layout.setContentsMargins(0, 0, 0, 0)
        brief_layout.addWidget(heading("Brief", level=2))
        brief_layout.addWidget(self.brief, 1)
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.upcoming)
        tables.addWidget(self.past)
        tables.setChildrenCollapsible(False)
        tables.setStretchFactor(0, 2)
        tables.setStretchFactor(1, 3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(tables)
        split.addWidget(brief_panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.summary = QLabel()
        page_layout(self, heading("Meetings"), self.summary, split)
        for panel in (self.upcoming, self.past):
            panel.table.selectionModel().currentChanged.connect(
                lambda _cur, _prev, table=panel.table: self._show_brief(table))
            # A click on the row that is already current (each table keeps one) must show its brief too.
            panel.table.clicked.connect(lambda _i, table=panel.table: self._show_brief(table))
            panel.table.activated.connect(lambda _i, table=panel.table: self._show_brief(table))
        self.upcoming.editable(context, "meeting")
        self.past.editable(context, "meeting")
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()

    RECORD_KINDS = frozenset({RecordKind.MEETING})

    def shown_contacts(self) -> set[int]:
        return self.upcoming_model.contact_ids() | self.past_model.contact_ids()

    def refresh(self) -> None:
        self.upcoming.refresh()
        self.past.refresh()
        count = self.upcoming_model.rowCount()
        self.summary.setText(f"{count} upcoming" if count else "Nothing planned")
        self._show_brief(self.upcoming.table if count else self.past.table)

    def selected(self) -> Meeting | None:
        for panel in (self.upcoming, self.past):
            if panel.table.hasFocus() and panel.selected() is not None:
                return panel.selected()
        return self._shown

    _shown: Meeting | None = None

    def _show_brief(self, table: QTableView) -> None:
        index = table.currentIndex()
        row = table.model().row_at(index.row()) if index.isValid() else None
        self._shown = row
        for panel in (self.upcoming, self.past):
            if panel.table is not table and row is not None:
                panel.table.clearSelection()  # one highlighted meeting: the one whose brief is shown
        if row is None:
            self.brief.clear()
            return
        try:
            text = meetings.meeting_brief(row.id, self.context.today)
        except UserFacingError as exc:
            text = str(exc)
        title = f"<h3>{html.escape(row.contact)} — {html.escape(when(row))}</h3>"
        self.brief.setHtml(title + "<pre style='white-space: pre-wrap; font-family: sans-serif'>"
                           + html.escape(text) + "</pre>")

    def new_meeting(self) -> None:
        row = self.selected()
        actions.new_meeting(self.context, self, row.contact_id if row else None)

    def _correct(self, action) -> None:
        row = self.selected()
        if row is not None:
            action(self.context, self, ("meeting", int(row.id)))

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.context.open_contact(row.contact_id)
