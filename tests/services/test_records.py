import datetime as dt

from netdesk.services import contacts, overview, recording, records, reminders
from netdesk.services.records import RowState
from tests.conftest import TODAY


def _open_kinds() -> list[tuple[str, str]]:
    return [(r.uid, r.status.value) for r in reminders.list_reminders(include_closed=True)]


def test_delete_then_restore_a_favour_keeps_its_id_and_reminder_uid(store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    done = recording.record_favour(zoe.id, "Introduced me to Ana", on=TODAY, today=TODAY)
    (before,) = reminders.list_reminders(include_closed=True)
    state = records.delete("favour", done.id, today=TODAY)
    assert state.values["text"] == "Introduced me to Ana"
    (cancelled,) = reminders.list_reminders(include_closed=True)
    assert (cancelled.uid, cancelled.status.value) == (before.uid, "cancelled")
    records.restore(state, today=TODAY)
    (reopened,) = reminders.list_reminders(include_closed=True)
    assert (reopened.uid, reopened.status.value) == (before.uid, "open")
    assert reopened.sequence > cancelled.sequence
    assert contacts.show(zoe.id)["favours"][0]["id"] == done.id


def test_undo_of_thanks_reopens_the_thank_you(store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    recording.record_favour(zoe.id, "A favour", on=TODAY, today=TODAY)
    touched = records.open_favours_and_leads(zoe.id)
    thanks = recording.record_thanks(zoe.id, on=TODAY, today=TODAY)
    assert reminders.list_reminders() == []
    records.apply([RowState("thanks", thanks.id, None), *touched], today=TODAY)
    (reminder,) = reminders.list_reminders()
    assert reminder.status.value == "open"
    assert contacts.show(zoe.id)["thanks"] == []
    assert contacts.show(zoe.id)["favours"][0]["thanked_on"] is None


def test_reminder_decision_is_restored_with_a_new_sequence(store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    recording.record_favour(zoe.id, "A favour", on=TODAY, today=TODAY)
    (reminder,) = reminders.list_reminders()
    before = records.capture("reminder", [reminder.id])
    reminders.snooze(reminder.id, TODAY + dt.timedelta(days=7), today=TODAY)
    records.apply(before, today=TODAY)
    (back,) = reminders.list_reminders()
    assert (back.status.value, back.due) == ("open", reminder.due)
    assert back.sequence > reminder.sequence + 1
    assert contacts.get(zoe.id).next_due == reminder.due


def test_capture_of_a_missing_row_is_absent(store):
    assert records.capture("give", [42]) == [RowState("give", 42)]
    assert records.capture("give", [42])[0].values is None


def test_overview_series(store):
    contacts.add_contact("Old", today=dt.date(2025, 12, 5))
    contacts.add_contact("New", today=TODAY)
    contacts.add_contact("Met", today=TODAY, met_on=dt.date(2026, 2, 1))
    series = overview.new_contacts_per_month(TODAY, months=4)
    assert series == [(dt.date(2025, 12, 1), 1), (dt.date(2026, 1, 1), 0), (dt.date(2026, 2, 1), 1),
                      (dt.date(2026, 3, 1), 1)]
    weeks = overview.interactions_per_week(TODAY, weeks=3)
    assert [w for w, _ in weeks] == [dt.date(2026, 2, 23), dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
    assert overview.monthly_goal() == 3


def test_reach_out_gives_a_reason_and_matches_recent_articles(store):
    from netdesk.services import etiquette

    contacts.add_contact("Ana", today=dt.date(2025, 1, 1), tags=["python"], every_days=30)
    bob = contacts.add_contact("Bob", today=dt.date(2025, 1, 1), every_days=30)
    cy = contacts.add_contact("Cy", today=dt.date(2025, 1, 1), every_days=30)
    recording.log_interaction(cy.id, "call", on=TODAY - dt.timedelta(days=29), today=TODAY)
    recording.record_give(bob.id, "Faster Python with SQLite", kind="article", on=TODAY, today=TODAY)
    reminders.derive(TODAY)
    found = {s.contact: s for s in overview.reach_out(TODAY)}
    assert set(found) == {"Ana", "Bob", "Cy"}
    assert found["Ana"].share == "Faster Python with SQLite"
    assert "tag python" in found["Ana"].reason
    assert found["Bob"].reason.startswith("Say hello")
    assert found["Cy"].reason.startswith("Give a career update")
    assert etiquette.goal_progress(2026, 3).new_contacts == 0


def test_interactions_are_counted_in_their_monday_week(store):
    ana = contacts.add_contact("Ana", today=dt.date(2025, 1, 1))
    for day in (dt.date(2026, 3, 2), dt.date(2026, 3, 8), dt.date(2026, 3, 9), dt.date(2026, 3, 10)):
        recording.log_interaction(ana.id, "call", on=day, today=TODAY)
    recording.log_interaction(ana.id, "call", on=dt.date(2026, 2, 1), today=TODAY)  # before the window
    assert overview.interactions_per_week(TODAY, weeks=2) == [(dt.date(2026, 3, 2), 2), (dt.date(2026, 3, 9), 2)]
