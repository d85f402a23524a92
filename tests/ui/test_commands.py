import datetime as dt

from netdesk.services import contacts, reminders
from netdesk.ui import commands
from tests.conftest import TODAY


def _statuses() -> list[tuple[str, str]]:
    return [(r.uid, r.status.value) for r in reminders.list_reminders(include_closed=True)]


def test_favour_undo_redo_keeps_the_id_and_the_reminder_uid(context, qtbot):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    command = commands.favour(context, zoe.id, "Zoë", "Introduced me to Ana", TODAY)
    with qtbot.waitSignal(context.bus.data_changed):
        recorded = commands.push(context, None, command)
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
    commands.push(context, None, commands.favour(context, zoe.id, "Zoë", "A favour", TODAY))
    commands.push(context, None, commands.thanks(context, zoe.id, "Zoë", TODAY))
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
    commands.push(context, None, commands.favour(context, zoe.id, "Zoë", "A favour", TODAY))
    (reminder,) = reminders.list_reminders()
    commands.push(context, None, commands.reminder_done(context, reminder.id, reminder.title))
    assert reminders.list_reminders() == []
    context.undo_stack.undo()
    assert [r.status.value for r in reminders.list_reminders()] == ["open"]
    until = TODAY + dt.timedelta(days=7)
    commands.push(context, None, commands.reminder_snoozed(context, reminder.id, reminder.title, until))
    assert [(r.status.value, r.due) for r in reminders.list_reminders()] == [("snoozed", until)]
    context.undo_stack.undo()
    assert [(r.status.value, r.due) for r in reminders.list_reminders()] == [("open", reminder.due)]
    context.undo_stack.redo()
    assert [(r.status.value, r.due) for r in reminders.list_reminders()] == [("snoozed", until)]


def test_a_refused_edit_is_not_pushed(context, messages):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    assert commands.push(context, None, commands.favour(context, zoe.id, "Zoë", "   ", TODAY)) is None
    assert context.undo_stack.count() == 0
    assert messages.shown and messages.shown[0][2] is True


def _kinds() -> list[tuple[str, str]]:
    return sorted((r.kind.value, r.status.value) for r in reminders.list_reminders(include_closed=True))


def test_lead_outcome_and_report_undo_step_by_step(context):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    lead = commands.push(context, None, commands.lead(context, zoe.id, "Zoë", "Ana is hiring", TODAY))
    commands.push(context, None, commands.lead_outcome(context, lead.id, "Got an interview", TODAY))
    commands.push(context, None, commands.lead_reported(context, lead.id, TODAY))
    assert contacts.show(zoe.id)["leads"][0]["reported_on"] == TODAY.isoformat()
    uids = {r.uid for r in reminders.list_reminders(include_closed=True)}
    context.undo_stack.undo()
    assert contacts.show(zoe.id)["leads"][0]["reported_on"] is None
    assert ("close-the-loop", "open") in _kinds()
    context.undo_stack.undo()
    assert contacts.show(zoe.id)["leads"][0]["outcome"] is None
    assert ("follow-up", "open") in _kinds()
    context.undo_stack.undo()
    assert contacts.show(zoe.id)["leads"] == []
    assert all(status == "cancelled" for _, status in _kinds())
    for _ in range(3):
        context.undo_stack.redo()
    assert contacts.show(zoe.id)["leads"][0]["id"] == lead.id
    assert {r.uid for r in reminders.list_reminders(include_closed=True)} == uids
    assert ("close-the-loop", "done") in _kinds()


def test_referral_ask_give_meeting_interaction_undo_and_redo(context):
    import zoneinfo

    zoe = contacts.add_contact("Zoë", today=TODAY, every_days=30)
    bob = contacts.add_contact("Bob", today=TODAY)
    at = dt.datetime(2026, 3, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    made = [
        commands.referral(context, bob.id, zoe.id, "Refer Bob to Zoë", TODAY),
        commands.ask(context, zoe.id, "Zoë", "An intro to her CTO", "medium", TODAY),
        commands.give(context, zoe.id, "Zoë", "An article", "article", "https://example.org/a", TODAY),
        commands.meeting(context, zoe.id, "Zoë", at, referred_by=bob.id, purpose="Advice"),
        commands.interaction(context, zoe.id, "Zoë", "call", TODAY, "Catch-up"),
    ]
    for command in made:
        assert commands.push(context, None, command) is not None
    shown = contacts.show(zoe.id)
    keys = ("referrals", "asks", "gives", "meetings", "interactions")
    assert [len(shown[k]) for k in keys] == [1, 1, 1, 1, 1]
    assert contacts.get(zoe.id).last_contacted == TODAY
    before = _kinds()
    for _ in made:
        context.undo_stack.undo()
    shown = contacts.show(zoe.id)
    assert [len(shown[k]) for k in keys] == [0, 0, 0, 0, 0]
    assert contacts.get(zoe.id).last_contacted is None
    assert all(status in ("cancelled", "open") for _, status in _kinds())
    for _ in made:
        context.undo_stack.redo()
    shown = contacts.show(zoe.id)
    assert [len(shown[k]) for k in keys] == [1, 1, 1, 1, 1]
    assert _kinds() == before


def test_ask_resolution_is_undoable(context):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    made = commands.push(context, None, commands.ask(context, zoe.id, "Zoë", "Advice", "small", TODAY))
    commands.push(context, None, commands.ask_resolved(context, made.id, "declined", TODAY))
    assert contacts.show(zoe.id)["asks"][0]["status"] == "declined"
    context.undo_stack.undo()
    assert contacts.show(zoe.id)["asks"][0]["status"] == "open"
    assert contacts.show(zoe.id)["asks"][0]["resolved_on"] is None


def test_replaying_after_the_contact_was_deleted_tells_and_drops_the_command(context, messages):
    from netdesk.services import contact_edit

    zoe = contacts.add_contact("Zoë", today=TODAY)
    bob = contacts.add_contact("Bob", today=TODAY)
    commands.push(context, None, commands.referral(context, bob.id, zoe.id, "Refer Bob to Zoë", TODAY))
    context.undo_stack.undo()
    contact_edit.delete_contact(zoe.id, today=TODAY)  # e.g. from the command line meanwhile
    context.undo_stack.redo()
    assert messages.shown[-1][2] is True
    assert "no longer exists" in messages.shown[-1][1]
    assert contacts.show(bob.id)["referrals"] == []
    assert context.undo_stack.count() == 0
