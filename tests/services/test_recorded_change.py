"""What a history use case returns: its record, its contacts and the reminders its derivation wrote."""

import datetime as dt

from netdesk.domain.change import Change, Recorded, RecordKind
from netdesk.services import asks, contacts, leads, meetings, recording, records, reminders
from netdesk.store.models import Favour, Reminder
from tests.conftest import TODAY


def _reminder(kind: str, source: str, source_id: int) -> Reminder:
    return Reminder.get((Reminder.kind == kind) & (Reminder.source == source) & (Reminder.source_id == source_id))


def test_a_favour_names_itself_its_contact_and_the_thank_you_it_created(store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    done = recording.record_favour(zoe.id, "an intro", on=TODAY, today=TODAY)
    assert isinstance(done, Recorded) and done.contact_id == zoe.id
    thank_you = _reminder("thank-you", "favour", done.id)
    assert done.change == Change.of(contacts=[zoe.id], records=[(RecordKind.FAVOUR, done.id)],
                                    reminders=[thank_you.id])


def test_thanks_names_the_favours_it_marked_and_the_reminders_it_closed(store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    first = recording.record_favour(zoe.id, "an intro", on=TODAY, today=TODAY)
    second = recording.record_favour(zoe.id, "a lunch", on=TODAY, today=TODAY)
    lead = leads.add_lead(zoe.id, "a job", on=TODAY, today=TODAY)
    thanked = recording.record_thanks(zoe.id, on=TODAY, today=TODAY)
    closed = {_reminder("thank-you", "favour", first.id).id, _reminder("thank-you", "favour", second.id).id,
              _reminder("thank-you", "lead", lead.id).id}
    assert thanked.change.records == {(RecordKind.THANKS, thanked.id), (RecordKind.FAVOUR, first.id),
                                      (RecordKind.FAVOUR, second.id), (RecordKind.LEAD, lead.id)}
    assert thanked.change.reminders == closed
    assert {Reminder.get_by_id(rid).status for rid in closed} == {"done"}
    # Nothing is left to thank for: a second thanks writes its record and no reminder.
    again = recording.record_thanks(zoe.id, on=TODAY, today=TODAY)
    assert again.change.reminders == frozenset() and again.change.records == {(RecordKind.THANKS, again.id)}


def test_an_interaction_names_the_keep_in_touch_it_moved(store):
    ana = contacts.add_contact("Ana", today=dt.date(2026, 1, 1), every_days=30)
    reminders.derive(TODAY)
    (kit,) = reminders.list_reminders()
    done = recording.log_interaction(ana.id, "call", on=TODAY, today=TODAY)
    assert done.change.reminders == {kit.id}
    assert reminders.get(kit.id).due == TODAY + dt.timedelta(days=30)


def test_a_referral_names_both_contacts_and_both_reminders(store):
    ana = contacts.add_contact("Ana", today=TODAY)
    bob = contacts.add_contact("Bob", today=TODAY)
    done = recording.record_referral(ana.id, bob.id, on=TODAY, today=TODAY)
    assert done.change.contacts == {ana.id, bob.id}
    assert done.change.reminders == {_reminder("expect-call", "referral", done.id).id,
                                     _reminder("check-back", "referral", done.id).id}


def test_resolving_an_ask_names_the_thank_you_it_opened(store):
    ana = contacts.add_contact("Ana", today=TODAY)
    made = asks.record_ask(ana.id, "an intro to their CFO", on=TODAY, today=TODAY)
    assert made.change.reminders == frozenset()
    granted = asks.resolve_ask(made.id, "granted", on=TODAY, today=TODAY)
    assert granted.change == Change.of(contacts=[ana.id], records=[(RecordKind.ASK, made.id)],
                                       reminders=[_reminder("thank-you", "ask", made.id).id])


def test_a_meeting_names_its_prepare_reminder(store):
    ana = contacts.add_contact("Ana", today=TODAY)
    done = meetings.add_meeting(ana.id, dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC), today=TODAY)
    assert done.change.records == {(RecordKind.MEETING, done.id)}
    assert done.change.reminders == {_reminder("prepare", "meeting", done.id).id}


def test_done_and_snooze_name_the_reminder_and_its_contact(store):
    ana = contacts.add_contact("Ana", today=TODAY)
    first = recording.record_favour(ana.id, "a", on=TODAY, today=TODAY)
    second = recording.record_favour(ana.id, "b", on=TODAY, today=TODAY)
    one, two = (_reminder("thank-you", "favour", f.id).id for f in (first, second))
    assert reminders.mark_done(one, today=TODAY) == Change.of(contacts=[ana.id], reminders=[one])
    assert reminders.mark_done(one, today=TODAY) == Change()  # already done: nothing changes
    later = TODAY + dt.timedelta(days=5)
    assert reminders.snooze(two, later, today=TODAY) == Change.of(contacts=[ana.id], reminders=[two])
    assert reminders.get(two).due == later


def test_undo_names_the_record_and_the_reminder_it_cancelled(store):
    ana = contacts.add_contact("Ana", today=TODAY)
    done = recording.record_favour(ana.id, "a", on=TODAY, today=TODAY)
    thank_you = _reminder("thank-you", "favour", done.id).id
    (state,) = records.capture("favour", [done.id])
    change = records.apply([records.RowState("favour", done.id, None)], today=TODAY)
    assert change.records == {(RecordKind.FAVOUR, done.id)} and change.reminders == {thank_you}
    assert ana.id in change.contacts
    assert records.restore(state, today=TODAY).reminders == {thank_you}


def test_a_full_derivation_reports_what_it_closed(store):
    ana = contacts.add_contact("Ana", today=TODAY)
    done = recording.record_favour(ana.id, "a", on=TODAY, today=TODAY)
    thank_you = _reminder("thank-you", "favour", done.id).id
    Favour.delete().where(Favour.id == done.id).execute()  # behind the services' back
    result = reminders.derive(TODAY)
    assert (result.created_ids, result.updated_ids, result.closed_ids) == ([], [], [thank_you])
    assert result.contact_ids == [ana.id]
    assert reminders.derive(TODAY).reminder_ids == frozenset()
