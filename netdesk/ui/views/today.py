"""The Today dashboard: what is due, grouped by kind, this month's goal, and who to reach out to this week."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.change import Change, RecordKind
from netdesk.domain.kinds import ReminderKind
from netdesk.domain.model import Reminder
from netdesk.domain.records import Lead
from netdesk.errors import UserFacingError
from netdesk.services import contact_list, etiquette, meetings, overview
from netdesk.ui.context import AppContext
from netdesk.ui.views import actions
from netdesk.ui.views.common import LazyRefresh, button, empty_state, heading, page_layout
from netdesk.ui.views.flow import FlowLayout
from netdesk.ui.views.today_coming import ComingUp, ComingUpModel
from netdesk.ui.views.today_models import CardDelegate, DueModel, SuggestionsModel
from netdesk.ui.views.today_people import PeopleYouWriteTo
from netdesk.ui.views.today_write import TodayWrite

LEAD_KINDS = (ReminderKind.FOLLOW_UP, ReminderKind.CLOSE_THE_LOOP)


def due_summary(today: dt.date, coming: int) -> str:
    """The header line. Its "due" counts every open reminder due by today, keep-in-touch included, with the
    same query as the status bar, so the two always agree."""
    due, _titles = contact_list.reminders_due(today, limit=0)
    overdue = overview.overdue_count(today, [kind.value for kind in ReminderKind])
    keep = overview.due_reminders(today, [ReminderKind.KEEP_IN_TOUCH.value], per_kind=0)[1].get(
        ReminderKind.KEEP_IN_TOUCH.value, 0)
    notes = [f"{overdue} overdue" if overdue and overdue != due else "",
             ("to reach out" if keep == due else f"{keep} of them to reach out") if keep else ""]
    if not due:
        text = "Nothing due"
    else:
        text = f"{due} {'overdue' if overdue == due else 'due'}"
        text += f" ({'; '.join(n for n in notes if n)})" if any(notes) else ""
    return text + (f" · {coming} coming up this week" if coming else "")


class GoalCard(QFrame):
    """This month's new contacts against the goal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goalCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("goalTitle")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("New contacts this month")
        self.bar.setTextVisible(True)
        self.bar.setFormat("%v of %m")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.bar)
        layout.addWidget(self.hint)

    def show_progress(self, today: dt.date) -> None:
        progress = etiquette.goal_progress(today.year, today.month)
        self.title.setText(f"<b>New contacts in {today.strftime('%B')}</b>")
        self.bar.setRange(0, max(1, progress.target))
        self.bar.setValue(min(progress.new_contacts, progress.target))
        if progress.new_contacts >= progress.target:
            self.bar.setFormat(f"{progress.new_contacts} of {progress.target}")
            self.hint.setText(f"Goal met with {progress.new_contacts} new contacts. Keep the habit going.")
        else:
            self.bar.setFormat("%v of %m")
            left = progress.remaining
            days = (dt.date(today.year + today.month // 12, today.month % 12 + 1, 1) - today).days
            self.hint.setText(f"{left} more to meet this month's goal of {progress.target}, "
                              f"with {days} day{'s' if days != 1 else ''} to go.")
        self.bar.setAccessibleDescription(self.hint.text())


class TodayView(LazyRefresh, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.due_model = DueModel(context.today, self)
        self.reach_model = SuggestionsModel(context.today, self)
        self.coming_model = ComingUpModel(context.today, self)
        self._coming_active = False  # the reminder buttons act on the list used last: due, or coming up
        self._build()
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()

    # -- construction -----------------------------------------------------------------------
    def _list(self, model, name: str) -> QListView:
        view = QListView()
        view.setModel(model)
        view.setItemDelegate(CardDelegate(view))
        view.setAccessibleName(name)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setFrameShape(QFrame.Shape.NoFrame)
        view.setUniformItemSizes(False)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        return view

    def _build(self) -> None:
        self.title = heading("")
        self.summary = QLabel()
        self.summary.setObjectName("todaySummary")
        self.summary.setWordWrap(True)  # a long count wraps instead of widening the window
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.due_list = self._list(self.due_model, "Due reminders")
        self.due_list.activated.connect(lambda _i: self.act())
        self.due_list.customContextMenuRequested.connect(self._due_menu)
        self.done_button = button("&Done", "Mark the reminder done", self.done)
        self.snooze_button = QToolButton()
        self.snooze_button.setText("&Snooze")
        self.snooze_button.setAccessibleName("Snooze one day")
        self.snooze_button.setToolTip("Snooze one day; the arrow offers a week or a date")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.snooze_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.snooze_button.clicked.connect(lambda: self.snooze(1))
        menu = QMenu(self.snooze_button)
        menu.addAction("+1 day", lambda: self.snooze(1))
        menu.addAction("+1 week", lambda: self.snooze(7))
        menu.addAction("Pick a date…", lambda: self.snooze(None))
        self.snooze_button.setMenu(menu)
        self.log_button = button("&Log interaction…", "Log a call, email or meeting with them", self.log)
        self.thanked_button = button("Mark t&hanked", "Record that you thanked them today", self.thanked)
        self.outcome_button = button("Report &outcome…", "Say how the lead turned out", self.outcome)
        self.reported_button = button("Outcome re&ported", "You told them how the lead turned out", self.reported)
        self.brief_button = button("Read &brief", "The meeting brief: who, why, the referral chain", self.brief)
        self.open_button = button("Open &contact", "Show this contact", self.open_selected)
        self._act_buttons = [self.done_button, self.snooze_button, self.log_button, self.thanked_button,
                             self.outcome_button, self.reported_button, self.brief_button, self.open_button]
        self.write = TodayWrite(self)  # Write… on the selected reminder, and mail that capture saw
        self._act_buttons.insert(0, self.write.button)
        bar = FlowLayout()  # wraps in a narrow window rather than widening it
        for widget in self._act_buttons:
            bar.addWidget(widget)
        self.due_stack = QStackedWidget()
        self.due_stack.addWidget(self.due_list)
        self.due_stack.addWidget(empty_state(
            "No thanks, leads or loops due", "You are up to date with thanks, leads and loops. "
            "Reach out to someone on the right, or enjoy the calm."))
        left = QVBoxLayout()
        left.addWidget(heading("Due and overdue", level=2))
        left.addWidget(self.due_stack, 3)
        left.addLayout(bar)
        self.coming_list = self._list(self.coming_model, "Coming up in the next 7 days")
        self.coming_list.activated.connect(lambda _i: self.act())
        self.coming_list.customContextMenuRequested.connect(self._due_menu)
        self.coming = ComingUp(self.coming_model, self.coming_list)
        for view, coming in ((self.due_list, False), (self.coming_list, True)):
            view.clicked.connect(lambda _i, c=coming: self._use_list(c))
            view.selectionModel().currentChanged.connect(
                lambda cur, _prev, c=coming: self._use_list(c) if cur.isValid() else None)
        left.addWidget(self.write.hint)
        left.addWidget(self.coming, 2)

        self.goal = GoalCard()
        self.reach_list = self._list(self.reach_model, "Reach out this week")
        self.reach_list.activated.connect(lambda _i: self.reached_out())
        self.reached_button = button("&Reached out…", "Log that you got in touch", self.reached_out)
        self.share_button = button("Sh&are…", "Record what you shared with them", self.share)
        self.view_button = button("&View contact", "Show this contact", self.view_suggested)
        self.reach_stack = QStackedWidget()
        self.reach_stack.addWidget(self.reach_list)
        self.reach_stack.addWidget(empty_state(
            "No one to reach out to this week", "Give contacts a keep-in-touch cadence and they will show here."))
        reach_bar = FlowLayout()
        for widget in (self.write.reach_button, self.reached_button, self.share_button, self.view_button):
            reach_bar.addWidget(widget)
        reach_bar.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.goal)
        right.addSpacing(8)
        right.addWidget(heading("Reach out this week", level=2))
        right.addWidget(self.reach_stack, 1)
        right.addLayout(reach_bar)
        self.people = PeopleYouWriteTo(self)  # mail capture saw: not contacts yet, with Add and Ignore
        right.addWidget(self.people)

        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(16)
        columns.addLayout(right, 2)
        page_layout(self, self.title, self.summary, columns)
        done = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.due_list, self.done)
        done.setContext(Qt.ShortcutContext.WidgetShortcut)

    # -- state ------------------------------------------------------------------------------
    # Every history record may open or close a reminder (the services' re-derivation), so any record counts.
    RECORD_KINDS = frozenset(RecordKind)
    SHOWS_REMINDERS = True

    def shown_contacts(self) -> set[int]:
        due = (self.due_model.reminder_at(r) for r in range(self.due_model.rowCount()))
        reach = (self.reach_model.suggestion_at(r) for r in range(self.reach_model.rowCount()))
        return {row.contact_id for row in (*due, *reach) if row is not None and row.contact_id is not None}

    def on_data_changed(self, change: Change) -> None:
        """Override LazyRefresh.on_data_changed: a contact it does not show may be new this month, which
        only the goal card counts."""
        if not self.affected_by(change) and change.contacts and not change.records:
            if self.isVisible():
                self.goal.show_progress(self.context.today)
            else:
                self._stale = True
            return
        super().on_data_changed(change)

    def refresh(self) -> None:
        today = self.context.today
        kept = self.selected_reminder()
        self.due_model.today = self.reach_model.today = today
        self.due_model.refresh()
        self.reach_model.refresh()
        coming = self.coming.refresh(today)
        self.goal.show_progress(today)
        self.title.setText(f"Today · {today.strftime('%A %d %B %Y').replace(' 0', ' ')}")
        self.summary.setText(due_summary(today, coming))
        self.due_stack.setCurrentIndex(0 if self.due_model.reminder_count else 1)
        self.reach_stack.setCurrentIndex(0 if self.reach_model.rowCount() else 1)
        soon = self.coming_model.row_of(kept.id) if kept and self._coming_active else -1
        row = self.due_model.row_of(kept.id) if kept and soon < 0 else -1
        if row < 0 and soon < 0:
            row = next((r for r in range(self.due_model.rowCount()) if self.due_model.reminder_at(r)), -1)
        if soon >= 0:
            self.coming_list.setCurrentIndex(self.coming_model.index(soon))
        elif row >= 0:
            self.due_list.setCurrentIndex(self.due_model.index(row))
        self._use_list(soon >= 0 or (row < 0 and self.coming_model.rowCount() > 0 and self._coming_active))
        if self.reach_model.rowCount() and not self.reach_list.currentIndex().isValid():
            self.reach_list.setCurrentIndex(self.reach_model.index(0))
        self._update_buttons()

    def selected_reminder(self) -> Reminder | None:
        view, model = ((self.coming_list, self.coming_model) if self._coming_active
                       else (self.due_list, self.due_model))
        index = view.currentIndex()
        return model.reminder_at(index.row()) if index.isValid() else None

    def _use_list(self, coming: bool) -> None:
        """The buttons act on the list used last; the other list shows no selection meanwhile."""
        self._coming_active = coming
        (self.due_list if coming else self.coming_list).clearSelection()
        self._update_buttons()

    def selected_suggestion(self) -> overview.Suggestion | None:
        index = self.reach_list.currentIndex()
        return self.reach_model.suggestion_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        reminder = self.selected_reminder()
        kind = reminder.kind if reminder else None
        for widget in self._act_buttons:
            widget.setEnabled(reminder is not None)
        self.thanked_button.setVisible(kind is ReminderKind.THANK_YOU)
        self.outcome_button.setVisible(kind is ReminderKind.FOLLOW_UP)
        self.reported_button.setVisible(kind is ReminderKind.CLOSE_THE_LOOP)
        self.brief_button.setVisible(kind is ReminderKind.PREPARE)
        self.log_button.setVisible(kind not in (ReminderKind.THANK_YOU, ReminderKind.PREPARE) or kind is None)
        suggestion = self.selected_suggestion()
        for widget in (self.reached_button, self.share_button, self.view_button):
            widget.setEnabled(suggestion is not None)

    # -- actions on the selected reminder -------------------------------------------------------
    def act(self) -> None:
        """Enter or double-click: the action the reminder asks for."""
        reminder = self.selected_reminder()
        if reminder is None:
            return
        {
            ReminderKind.THANK_YOU: self.thanked, ReminderKind.FOLLOW_UP: self.outcome,
            ReminderKind.CLOSE_THE_LOOP: self.reported, ReminderKind.PREPARE: self.brief,
        }.get(reminder.kind, self.log)()

    def done(self) -> None:
        if (reminder := self.selected_reminder()) is not None:
            actions.reminder_done(self.context, self, reminder)

    def snooze(self, days: int | None) -> None:
        if (reminder := self.selected_reminder()) is not None:
            actions.snooze(self.context, self, reminder, days)

    def log(self) -> None:
        if (reminder := self.selected_reminder()) is not None:
            actions.log_interaction(self.context, self, reminder.contact_id, reminder)

    def thanked(self) -> None:
        if (reminder := self.selected_reminder()) is not None and reminder.contact_id is not None:
            actions.mark_thanked(self.context, self, reminder.contact_id)

    def _lead(self, reminder: Reminder) -> Lead | None:
        if reminder.source != "lead":
            return None
        found = overview.leads(reminder.source_id)
        return found[0] if found else None

    def outcome(self) -> None:
        reminder = self.selected_reminder()
        lead = self._lead(reminder) if reminder else None
        if lead is not None:
            actions.report_outcome(self.context, self, lead.id, lead.text, lead.contact)

    def reported(self) -> None:
        reminder = self.selected_reminder()
        lead = self._lead(reminder) if reminder else None
        if lead is not None:
            actions.mark_reported(self.context, self, lead.id)

    def brief(self) -> None:
        reminder = self.selected_reminder()
        if reminder is None or reminder.source != "meeting":
            return
        try:
            text = meetings.meeting_brief(reminder.source_id, self.context.today)
        except UserFacingError as exc:
            text = str(exc)
        self.context.messages.tell(self, f"Brief: {reminder.contact}", text)

    def open_selected(self) -> None:
        reminder = self.selected_reminder()
        if reminder is not None and reminder.contact_id is not None:
            self.context.open_contact(reminder.contact_id)

    def _due_menu(self, point: QPoint) -> None:
        if self.selected_reminder() is None:
            return
        menu = QMenu(self)
        for widget in self._act_buttons:
            if widget.isVisible() and widget is not self.snooze_button:
                action = QAction(widget.text(), menu)
                action.triggered.connect(widget.click)
                menu.addAction(action)
        menu.addSeparator()
        for action in self.snooze_button.menu().actions():
            menu.addAction(action)
        menu.popup(self.due_list.viewport().mapToGlobal(point))

    # -- reach out --------------------------------------------------------------------------------
    def reached_out(self) -> None:
        if (suggestion := self.selected_suggestion()) is not None:
            actions.log_interaction(self.context, self, suggestion.contact_id)

    def share(self) -> None:
        if (suggestion := self.selected_suggestion()) is not None:
            actions.new_give(self.context, self, suggestion.contact_id, text=suggestion.share)

    def view_suggested(self) -> None:
        if (suggestion := self.selected_suggestion()) is not None:
            self.context.open_contact(suggestion.contact_id)
