import datetime as dt

import pytest

from netdesk.services import contacts, reminders
from netdesk.ui import commands
from netdesk.ui.context import AppContext

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def context(store, qtbot):
    return AppContext.create(lambda: TODAY)


def _statuses() -> list[tuple[str, str]]:
    return [(r.uid, r.status.value) for r in reminders.list_reminders(include_closed=True)]


def test_favour_undo_redo_keeps_the_id_and_the_reminder_uid(context, qtbot):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    command = commands.favour(context, zoe.id, "Zoë", "Introduced me to Ana", TODAY)
    with qtbot.waitSignal(context.bus.data_changed):
        recorded = commands.execute(context, None, command)
    favour_id = recorded.id
    ((uid, status),) = _statuses()
    assert status == "open"
    assert context.undo_stack.undoText() == "Record favour from Zoë"

    with qtbot.waitSignal(context.bus.data_changed):
        context.undo_stack.undo()
    assert contacts.show(zoe.id)["favours"] == []
    assert _statuses() == [(uid, "cancelled")]

    context.undo_stack.redo()
    assert [f["id"] for f in contacts.show(zoe.id)["favours"]] == [favour_id]
    assert _statuses() == [(uid, "open")]


def test_thanks_undo_reopens_the_thank_you_and_redo_closes_it(context):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    commands.execute(context, None, commands.favour(context, zoe.id, "Zoë", "A favour", TODAY))
    commands.execute(context, None, commands.thanks(context, zoe.id, "Zoë", TODAY))
    assert [s for _, s in _statuses()] == ["done"]
    context.undo_stack.undo()
    assert [s for _, s in _statuses()] == ["open"]
    assert contacts.show(zoe.id)["favours"][0]["thanked_on"] is None
    assert contacts.show(zoe.id)["thanks"] == []
    context.undo_stack.redo()
    assert [s for _, s in _statuses()] == ["done"]
    assert len(contacts.show(zoe.id)["thanks"]) == 1


def test_reminder_done_and_snooze_are_undoable(context):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    commands.execute(context, None, commands.favour(context, zoe.id, "Zoë", "A favour", TODAY))
    (reminder,) = reminders.list_reminders()
    commands.execute(context, None, commands.reminder_done(context, reminder.id, reminder.title))
    assert reminders.list_reminders() == []
    context.undo_stack.undo()
    assert [r.status.value for r in reminders.list_reminders()] == ["open"]
    until = TODAY + dt.timedelta(days=7)
    commands.execute(context, None, commands.reminder_snoozed(context, reminder.id, reminder.title, until))
    assert [(r.status.value, r.due) for r in reminders.list_reminders()] == [("snoozed", until)]
    context.undo_stack.undo()
    assert [(r.status.value, r.due) for r in reminders.list_reminders()] == [("open", reminder.due)]
    context.undo_stack.redo()
    assert [(r.status.value, r.due) for r in reminders.list_reminders()] == [("snoozed", until)]


def test_a_refused_edit_is_not_pushed(context, messages):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    assert commands.execute(context, None, commands.favour(context, zoe.id, "Zoë", "   ", TODAY)) is None
    assert context.undo_stack.count() == 0
    assert messages.shown and messages.shown[0][2] is True
