"""Goals: new contacts per month against the monthly goal, and interactions per week over the last year.

The charts are pictures; the table beside them holds the same monthly figures for keyboard and
screen-reader users.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from netdesk.domain.change import Change, RecordKind
from netdesk.services import overview
from netdesk.ui.charts import GoalChart, WeeklyChart
from netdesk.ui.context import AppContext
from netdesk.ui.views.common import LazyRefresh, heading, page_layout, record_table
from netdesk.ui.views.table_model import Column, RecordTableModel

MONTHS_SHOWN = 12
WEEKS_SHOWN = 52


def months_model(today_fn, parent=None) -> RecordTableModel:
    def load() -> list[tuple[dt.date, int, int]]:
        goal = overview.monthly_goal()
        return [(month, count, goal) for month, count in
                reversed(overview.new_contacts_per_month(today_fn(), MONTHS_SHOWN))]

    return RecordTableModel([
        Column("Month", lambda r: r[0].strftime("%b %Y"), key=lambda r: r[0]),
        Column("New", lambda r: r[1], numeric=True),
        Column("Goal", lambda r: "met" if r[1] >= r[2] else f"{r[2] - r[1]} short"),
    ], load, record_id=lambda r: r[0].toordinal(), contact_id=lambda r: None, parent=parent)


def _card(title: str, chart: QWidget, note: QLabel) -> QFrame:
    card = QFrame()
    card.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(card)
    layout.addWidget(heading(title, level=2))
    note.setWordWrap(True)  # wraps in a narrow window rather than widening it
    layout.addWidget(note)
    layout.addWidget(chart, 1)
    return card


class GoalsView(LazyRefresh, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.goal_chart = GoalChart()
        self.weekly_chart = WeeklyChart()
        self.months_model = months_model(lambda: context.today, self)
        self.months = record_table(self.months_model, "New contacts per month", 0)
        self.months.setSortingEnabled(False)
        self.months.setMinimumWidth(220)
        self.months.setMaximumWidth(320)
        self.goal_note = QLabel()
        self.week_note = QLabel()
        self.summary = QLabel()
        grid = QGridLayout()
        grid.addWidget(_card("New contacts per month", self.goal_chart, self.goal_note), 0, 0)
        grid.addWidget(self.months, 0, 1)
        grid.addWidget(_card("Interactions per week, last 12 months", self.weekly_chart, self.week_note), 1, 0, 1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        page_layout(self, heading("Goals"), self.summary, grid)
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()

    def affected_by(self, change: Change) -> bool:
        """Override LazyRefresh.affected_by: interactions per week, and new contacts per month, which any
        contact write without a record may change (a new contact, or its "when we met")."""
        return (super().affected_by(change) or bool(change.records_of(RecordKind.INTERACTION))
                or bool(change.contacts and not change.records))

    def refresh(self) -> None:
        today = self.context.today
        goal = overview.monthly_goal()
        series = overview.new_contacts_per_month(today, MONTHS_SHOWN)
        weeks = overview.interactions_per_week(today, WEEKS_SHOWN)
        self.goal_chart.set_data(series, goal)
        self.weekly_chart.set_data(weeks)
        self.months_model.refresh()
        self.months.resizeColumnsToContents()
        met = sum(1 for _, count in series[:-1] if count >= goal)
        this_month = series[-1][1]
        self.summary.setText(f"This month: {this_month} of {goal} new contacts")
        self.goal_note.setText(f"Goal: {goal} a month. Met in {met} of the previous {len(series) - 1} months.")
        total = sum(count for _, count in weeks)
        recent = sum(count for _, count in weeks[-4:])
        if total:
            self.week_note.setText(f"{total} interactions in the last year; {recent} in the last four weeks "
                                   f"(about {total / max(1, len(weeks)):.1f} a week on average).")
        else:
            self.week_note.setText("No interactions logged in the last year yet: log a call, an email or a coffee "
                                   "and it shows here.")
