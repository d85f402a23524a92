import datetime as dt
import zoneinfo

import pytest
from PySide6.QtCore import Qt

from netdesk.domain.change import Change
from netdesk.services import asks, contacts, leads, meetings, recording, reminders
from netdesk.ui.charts import GoalChart, WeeklyChart, nice_step
from netdesk.ui.views.asks import AsksView
from netdesk.ui.views.goals import GoalsView
from netdesk.ui.views.leads import LeadsView
from netdesk.ui.views.meetings import MeetingsView

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)


@pytest.fixture
def network(store):
    zoe = contacts.add_contact("Zoë Ångström", today=TODAY - 40 * DAY, organisation="Acme")
    bob = contacts.add_contact("Bob Smith", today=TODAY - 3 * DAY)
    ana = contacts.add_contact("Ana Lima", today=TODAY - DAY)
    asks.record_ask(zoe.id, "Intro to her CTO", on=TODAY - 20 * DAY, today=TODAY)
    asks.record_ask(bob.id, "Feedback on my CV", on=TODAY - 9 * DAY, today=TODAY)
    recording.record_give(ana.id, "Article on SQLite WAL", on=TODAY - 2 * DAY, today=TODAY)
    leads.add_lead(zoe.id, "Acme is hiring", on=TODAY - 6 * DAY, today=TODAY)
    recording.record_referral(bob.id, zoe.id, on=TODAY - 4 * DAY, today=TODAY, note="Both do data")
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    meetings.add_meeting(zoe.id, dt.datetime(2026, 3, 12, 10, 0, tzinfo=paris), today=TODAY, referred_by=bob.id,
                         purpose="Talk about the data team")
    meetings.add_meeting(ana.id, dt.datetime(2026, 2, 1, 9, 0, tzinfo=paris), today=TODAY, purpose="Coffee")
    recording.log_interaction(zoe.id, "call", on=TODAY - 8 * DAY, today=TODAY)
    recording.log_interaction(bob.id, "email", on=TODAY, today=TODAY)
    reminders.derive(TODAY)
    return zoe, bob, ana


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def _column(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_every_model_passes_qtmodeltester(qtmodeltester, context, qtbot, network):
    views = [AsksView(context), LeadsView(context), MeetingsView(context), GoalsView(context)]
    models = [views[0].asks_model, views[0].gives_model, views[0].balance_model, views[1].leads_model,
              views[1].referrals_model, views[2].upcoming_model, views[2].past_model, views[3].months_model]
    for view in views:
        qtbot.addWidget(view)
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model)
        model.sort(1, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)


def test_asks_view_resolves_and_undoes(context, qtbot, network, dialogs):
    zoe, bob, ana = network
    view = _show(qtbot, AsksView(context))
    assert sorted(_column(view.asks_model, 1)) == ["Bob Smith", "Zoë Ångström"]
    assert view.summary.text() == "2 open asks · 1 given"
    view.asks.table.setCurrentIndex(view.asks_model.index(view.asks_model.row_of(
        next(r.id for r in map(view.asks_model.row_at, range(2)) if r.contact == "Bob Smith")), 0))
    qtbot.mouseClick(view.declined_button, Qt.MouseButton.LeftButton)
    assert contacts.show(bob.id)["asks"][0]["status"] == "declined"
    assert view.summary.text() == "1 open ask · 1 given"
    assert not view.declined_button.isEnabled()  # the selection stayed on the declined ask
    view.open_only.setChecked(True)
    assert _column(view.asks_model, 1) == ["Zoë Ångström"]
    context.undo_stack.undo()
    assert sorted(_column(view.asks_model, 1)) == ["Bob Smith", "Zoë Ångström"]


def test_asks_view_new_ask_shows_the_guard_and_balance(context, qtbot, network, dialogs, messages):
    zoe, bob, ana = network
    view = _show(qtbot, AsksView(context))
    seen = {}

    def fill(dialog):
        dialog.contact.setText("Zoë Ångström")
        dialog.update_warnings()
        seen["warnings"] = dialog.warnings.text()
        qtbot.keyClicks(dialog.purpose, "A second intro")

    dialogs.fillers.append(fill)
    view.new_ask_button.click()
    assert "Your open ask of" in seen["warnings"] and "ask 1" not in seen["warnings"]
    assert len(contacts.show(zoe.id)["asks"]) == 2
    balances = {view.balance_model.index(r, 0).data(): view.balance_model.index(r, 3).data()
                for r in range(view.balance_model.rowCount())}
    assert balances["Zoë Ångström"] == "2 owed"
    assert balances["Ana Lima"] == "+1 given"


def test_leads_view_outcome_report_and_refer(context, qtbot, network, dialogs):
    zoe, bob, ana = network
    view = _show(qtbot, LeadsView(context))
    assert _column(view.leads_model, 4) == ["pursue it"]
    assert not view.reported_button.isEnabled()
    dialogs.fillers.append(lambda d: qtbot.keyClicks(d.outcome, "Interview booked"))
    qtbot.mouseClick(view.outcome_button, Qt.MouseButton.LeftButton)
    assert _column(view.leads_model, 4) == ["tell them the outcome"]
    view.reported_button.click()
    assert _column(view.leads_model, 4) == ["loop closed"]
    assert contacts.show(zoe.id)["leads"][0]["reported_on"] == TODAY.isoformat()

    def refer(dialog):
        dialog.seeker.setText("Ana Lima")
        dialog.target.setText("Bob Smith")

    dialogs.fillers.append(refer)
    view.refer_button.click()
    assert ("Ana Lima", "Bob Smith") in zip(_column(view.referrals_model, 1), _column(view.referrals_model, 2),
                                            strict=True)
    view.referrals.table.setCurrentIndex(view.referrals_model.index(0, 0))
    view.referrals.table.setFocus()
    qtbot.keyClick(view.referrals.table, Qt.Key.Key_Return)
    assert context.opened


def test_meetings_view_splits_upcoming_and_past_and_shows_the_brief(context, qtbot, network, dialogs):
    zoe, bob, ana = network
    view = _show(qtbot, MeetingsView(context))
    assert _column(view.upcoming_model, 1) == ["Zoë Ångström"]
    assert _column(view.past_model, 1) == ["Ana Lima"]
    assert "Talk about the data team" in view.brief.toPlainText()
    assert "Bob Smith" in view.brief.toPlainText()
    cell = view.past.table.visualRect(view.past_model.index(0, 1)).center()
    qtbot.mouseClick(view.past.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert "Coffee" in view.brief.toPlainText()

    def plan(dialog):
        dialog.contact.setText("Bob Smith")
        dialog.zone.setCurrentText("Asia/Tokyo")
        qtbot.keyClicks(dialog.purpose, "Lunch")

    dialogs.fillers.append(plan)
    view.new_button.click()
    assert sorted(_column(view.upcoming_model, 1)) == ["Bob Smith", "Zoë Ångström"]
    assert "Asia/Tokyo" in " ".join(_column(view.upcoming_model, 0))
    context.undo_stack.undo()
    assert _column(view.upcoming_model, 1) == ["Zoë Ångström"]


def test_goals_view_charts_and_table(context, qtbot, network):
    view = _show(qtbot, GoalsView(context))
    assert view.goal_chart.values[-1] == 2  # Bob and Ana were added this month
    assert view.goal_chart.goal == 3
    assert sum(view.weekly_chart.values) == 2
    assert _column(view.months_model, 0)[0] == "Mar 2026"
    assert _column(view.months_model, 2)[0] == "1 short"
    assert "2 of 3" in view.summary.text()
    assert not view.goal_chart.grab().isNull()
    assert "Mar 2" in view.goal_chart.accessibleDescription()
    cy = contacts.add_contact("Cy", today=TODAY)
    context.bus.data_changed.emit(Change.of(contacts=[cy.id]))  # a new contact, no record: the goal counts it
    assert view.goal_chart.values[-1] == 3
    assert _column(view.months_model, 2)[0] == "met"


def test_charts_paint_empty_and_full(qtbot):
    assert [nice_step(n) for n in (3, 8, 20, 75, 400)] == [1, 2, 5, 20, 100]
    goal, weekly = GoalChart(), WeeklyChart()
    for chart in (goal, weekly):
        qtbot.addWidget(chart)
        chart.resize(400, 200)
        assert not chart.grab().isNull()
    goal.set_data([(dt.date(2026, m, 1), m) for m in range(1, 4)], 3)
    weekly.set_data([(dt.date(2026, 1, 5) + dt.timedelta(weeks=i), i % 4) for i in range(52)])
    assert not goal.grab().isNull() and not weekly.grab().isNull()
    assert "met in 1 of the last 3 months" in goal.accessibleDescription()


def test_every_focusable_control_of_every_view_is_named(context, qtbot, network):
    from PySide6.QtWidgets import QAbstractButton, QWidget

    from netdesk.ui.views.today import TodayView

    for view_type in (TodayView, AsksView, LeadsView, MeetingsView, GoalsView):
        view = _show(qtbot, view_type(context))
        focusable = [w for w in view.findChildren(QWidget)
                     if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(view)
                     and not w.parent().inherits("QAbstractScrollArea")]  # viewports carry no name
        assert focusable
        for widget in focusable:
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            assert widget.accessibleName() or text, f"{view_type.__name__}: {widget!r}"


def test_tab_reaches_the_buttons_under_a_table(context, qtbot, network):
    view = _show(qtbot, LeadsView(context))
    view.activateWindow()
    view.leads.table.setFocus()
    qtbot.waitUntil(view.leads.table.hasFocus)
    qtbot.keyClick(view.leads.table, Qt.Key.Key_Tab)
    assert view.focusWidget() is view.new_lead_button
