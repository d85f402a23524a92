import datetime as dt

import pytest
from PySide6.QtCore import Qt

from netdesk.domain.change import Change
from netdesk.services import contacts, leads, recording, reminders
from netdesk.ui.views.today import TodayView
from netdesk.ui.views.today_models import DueModel, SuggestionsModel

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)


@pytest.fixture
def network(store):
    zoe = contacts.add_contact("Zoë Ångström", today=TODAY - 200 * DAY, tags=["python"])
    bob = contacts.add_contact("Bob Smith", today=TODAY - 200 * DAY, every_days=30)
    ana = contacts.add_contact("Ana Lima", today=TODAY - 200 * DAY)
    recording.record_favour(zoe.id, "Introduced me to her CTO", on=TODAY - 3 * DAY, today=TODAY)
    lead = leads.add_lead(ana.id, "Acme is hiring a data engineer", on=TODAY - 5 * DAY, today=TODAY)
    reminders.derive(TODAY)
    return zoe, bob, ana, lead


@pytest.fixture
def view(context, qtbot, network):
    widget = TodayView(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def _titles(model) -> list[str]:
    return [model.index(r).data() for r in range(model.rowCount())]


def test_models_pass_qtmodeltester(qtmodeltester, network):
    due = DueModel(TODAY)
    due.refresh()
    qtmodeltester.check(due)
    reach = SuggestionsModel(TODAY)
    reach.refresh()
    qtmodeltester.check(reach)


def test_due_reminders_are_grouped_by_kind_and_keep_in_touch_goes_to_reach_out(view):
    titles = _titles(view.due_model)
    assert titles[0] == "Say thank you"
    assert titles.index("Pursue leads") > titles.index("Say thank you")
    assert view.due_model.index(0).flags() & Qt.ItemFlag.ItemIsSelectable == Qt.ItemFlag.NoItemFlags
    assert _titles(view.reach_model) == ["Bob Smith"]
    assert view.reach_model.index(0).data(Qt.ItemDataRole.ToolTipRole).startswith("Bob Smith: Say hello")
    assert "overdue" in view.summary.text()


def test_mark_thanked_from_a_reminder_then_undo(view, context, qtbot):
    row = _titles(view.due_model).index("Thank Zoë Ångström")
    view.due_list.setCurrentIndex(view.due_model.index(row))
    assert view.thanked_button.isVisible() and not view.outcome_button.isVisible()
    qtbot.mouseClick(view.thanked_button, Qt.MouseButton.LeftButton)
    assert "Thank Zoë Ångström" not in _titles(view.due_model)
    context.undo_stack.undo()
    assert "Thank Zoë Ångström" in _titles(view.due_model)


def test_report_outcome_on_a_lead_reminder(view, dialogs, network):
    _zoe, _bob, ana, lead = network
    follow = next(r for r in range(view.due_model.rowCount())
                  if (rem := view.due_model.reminder_at(r)) and rem.kind.value == "follow-up")
    view.due_list.setCurrentIndex(view.due_model.index(follow))
    assert view.outcome_button.isVisible()
    dialogs.fillers.append(lambda d: d.outcome.setPlainText("Interview on Friday"))
    view.outcome_button.click()
    assert contacts.show(ana.id)["leads"][0]["outcome"] == "Interview on Friday"
    assert "Pursue leads" not in _titles(view.due_model)


def test_done_and_snooze_with_keys_and_menu(view, context, qtbot, messages):
    view.due_list.setFocus()
    first = view.selected_reminder()
    messages.answers += [False, True]  # a thank-you: not thanked, close it anyway
    qtbot.keyClick(view.due_list, Qt.Key.Key_Delete)
    assert first.id not in [r.id for r in reminders.list_reminders()]
    second = view.selected_reminder()
    view.snooze_button.menu().actions()[1].trigger()
    (moved,) = [r for r in reminders.list_reminders() if r.id == second.id]
    assert (moved.status.value, moved.due) == ("snoozed", TODAY + 7 * DAY)
    assert context.undo_stack.count() == 2


def test_reach_out_logs_an_interaction(view, dialogs, network):
    _zoe, bob, _ana, _lead = network
    dialogs.fillers.append(lambda d: d.kind.setCurrentIndex(d.kind.findData("email")))
    view.reach_list.setCurrentIndex(view.reach_model.index(0))
    view.reached_button.click()
    assert contacts.get(bob.id).last_contacted == TODAY
    assert view.reach_model.rowCount() == 0
    assert view.reach_stack.currentIndex() == 1


def test_open_contact_and_empty_state(view, context, qtbot, messages):
    view.open_button.click()
    assert context.opened == [view.selected_reminder().contact_id]
    for _ in range(10):
        if view.selected_reminder() is None:
            break
        messages.answers[:] = [True]  # a thank-you: yes, thanked (records it); other kinds ask nothing
        view.done()
    assert view.due_stack.currentIndex() == 1
    assert view.summary.text() == "1 overdue (to reach out)"  # Bob's keep-in-touch, as the status bar counts


def test_goal_card_counts_this_month(view):
    assert view.goal.bar.maximum() == 3
    assert view.goal.bar.value() == 0
    assert "3 more" in view.goal.hint.text()


def test_enter_does_what_the_reminder_asks(view, qtbot):
    row = _titles(view.due_model).index("Thank Zoë Ångström")
    view.due_list.setCurrentIndex(view.due_model.index(row))
    view.due_list.setFocus()
    qtbot.keyClick(view.due_list, Qt.Key.Key_Return)
    assert "Thank Zoë Ångström" not in _titles(view.due_model)


def test_snooze_to_a_picked_date(view, dialogs):
    reminder = view.selected_reminder()
    until = TODAY + 12 * DAY
    dialogs.fillers.append(lambda d: d.until.setDate(d.until.date().addDays(11)))
    view.snooze_button.menu().actions()[2].trigger()
    (moved,) = [r for r in reminders.list_reminders() if r.id == reminder.id]
    assert (moved.status.value, moved.due) == ("snoozed", until)
    assert reminder.id not in [view.due_model.reminder_at(r).id for r in range(view.due_model.rowCount())
                               if view.due_model.reminder_at(r)]


def test_logging_from_a_referral_reminder_also_closes_it_in_one_undo_step(context, qtbot, store, dialogs):
    bob = contacts.add_contact("Bob", today=TODAY)
    cy = contacts.add_contact("Cy", today=TODAY)
    recording.record_referral(bob.id, cy.id, on=TODAY, today=TODAY)
    view = TodayView(context)
    qtbot.addWidget(view)
    view.show()
    (expect,) = [view.due_model.reminder_at(r) for r in range(view.due_model.rowCount())
                 if view.due_model.reminder_at(r)]
    assert expect.kind.value == "expect-call"
    view.due_list.setCurrentIndex(view.due_model.index(view.due_model.row_of(expect.id)))
    dialogs.fillers.append(lambda d: d.kind.setCurrentIndex(d.kind.findData("call")))
    view.log_button.click()
    assert contacts.get(cy.id).last_contacted == TODAY
    assert view.due_stack.currentIndex() == 1
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert contacts.get(cy.id).last_contacted is None
    assert [r.kind.value for r in reminders.list_reminders(due_by=TODAY)] == ["expect-call"]


def test_a_hidden_view_refreshes_when_shown_again(view, context, network):
    zoe = network[0]
    count = view.due_model.reminder_count
    view.hide()
    favour = recording.record_favour(zoe.id, "Another favour", on=TODAY - 4 * DAY, today=TODAY)
    context.bus.data_changed.emit(Change.of(contacts=[zoe.id], records=[("favour", favour.id)]))
    assert view.due_model.reminder_count == count  # nothing re-queried while hidden
    view.show()
    assert view.due_model.reminder_count == count + 1


def test_a_long_group_shows_its_first_rows_and_the_true_count(monkeypatch, network):
    from netdesk.ui.views import today_models

    zoe = network[0]
    for i in range(3):
        recording.record_favour(zoe.id, f"Favour {i}", on=TODAY - (10 + i) * DAY, today=TODAY)
    monkeypatch.setattr(today_models, "PER_GROUP", 2)
    model = DueModel(TODAY)
    model.refresh()
    header = model.index(0)
    assert header.data(today_models.Role.BADGE) == "5"
    thanks = [model.reminder_at(r) for r in range(model.rowCount()) if model.reminder_at(r)
              and model.reminder_at(r).kind.value == "thank-you"]
    assert len(thanks) == 2
    assert model.reminder_count == 6  # 5 thank-yous and the follow-up of the lead
