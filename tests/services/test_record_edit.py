"""Correcting the history (issue 19 item 2): every record can be edited and deleted, reminders follow."""

import datetime as dt
import zoneinfo

import pytest

from netdesk.errors import InvalidValue, NotFound
from netdesk.services import asks, contacts, leads, meetings, record_edit, recording, records
from netdesk.store import reminders as reminder_rows

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)


def _open(kind: str, contact_id: int) -> list:
    return [r for r in reminder_rows.select(contact_id=contact_id) if r.kind == kind and r.status.is_active]


@pytest.fixture
def people(store):
    return contacts.add_contact("Ana", today=TODAY), contacts.add_contact("Bob", today=TODAY)


def test_a_favour_moved_to_the_right_person_moves_its_thank_you(people):
    ana, bob = people
    favour = recording.record_favour(ana.id, "Intro to Cy", on=TODAY - DAY, today=TODAY)
    assert _open("thank-you", ana.id)
    change = record_edit.edit("favour", favour.id, {"contact": bob.id, "text": "Intro to Cy Young"}, today=TODAY)
    assert {ana.id, bob.id} <= change.contacts
    assert not _open("thank-you", ana.id)
    (moved,) = _open("thank-you", bob.id)
    assert record_edit.row("favour", favour.id)["text"] == "Intro to Cy Young"


def test_an_edit_that_is_not_valid_writes_nothing(people):
    ana, _bob = people
    interaction = recording.log_interaction(ana.id, "call", on=TODAY, today=TODAY)
    before = records.capture("interaction", [interaction.id])
    with pytest.raises(InvalidValue, match="interaction kind"):
        record_edit.edit("interaction", interaction.id, {"kind": "telepathy"}, today=TODAY)
    with pytest.raises(InvalidValue, match="no editable"):
        record_edit.edit("interaction", interaction.id, {"id": 99}, today=TODAY)
    with pytest.raises(InvalidValue, match="not a real date"):
        record_edit.edit("interaction", interaction.id, {"on_date": "2026-02-30"}, today=TODAY)
    assert records.capture("interaction", [interaction.id])[0].values == before[0].values


def test_deleting_thanks_opens_the_thank_you_again(people):
    ana, _bob = people
    favour = recording.record_favour(ana.id, "Reviewed my CV", on=TODAY - 3 * DAY, today=TODAY)
    thanks = recording.record_thanks(ana.id, on=TODAY - DAY, today=TODAY)
    assert not _open("thank-you", ana.id)
    states = record_edit.rows_for_delete("thanks", thanks.id)
    assert [(s.table, s.id) for s in states] == [("thanks", thanks.id), ("favour", favour.id)]
    record_edit.delete("thanks", thanks.id, today=TODAY)
    assert record_edit.row("favour", favour.id)["thanked_on"] is None
    assert _open("thank-you", ana.id)
    with pytest.raises(NotFound):
        record_edit.row("thanks", thanks.id)


def test_an_ask_resolution_and_a_lead_outcome_can_be_corrected(people):
    ana, _bob = people
    ask = asks.record_ask(ana.id, "Intro to the CTO", on=TODAY - 5 * DAY, today=TODAY)
    asks.resolve_ask(ask.id, "granted", on=TODAY - DAY, today=TODAY)
    record_edit.edit("ask", ask.id, {"status": "open", "effort": "large"}, today=TODAY)
    row = record_edit.row("ask", ask.id)
    assert (row["status"], row["resolved_on"], row["effort"]) == ("open", None, "large")
    with pytest.raises(InvalidValue, match="purpose"):
        record_edit.edit("ask", ask.id, {"purpose": "  "}, today=TODAY)

    lead = leads.add_lead(ana.id, "Acme is hiring", on=TODAY - 4 * DAY, today=TODAY)
    leads.set_outcome(lead.id, "Interview", on=TODAY - DAY, today=TODAY)
    assert _open("close-the-loop", ana.id)
    record_edit.edit("lead", lead.id, {"outcome": ""}, today=TODAY)  # it was a mistake: no outcome yet
    assert not _open("close-the-loop", ana.id) and _open("follow-up", ana.id)


def test_a_meeting_rescheduled_moves_its_prepare_reminder_and_cancelled_drops_it(people):
    ana, bob = people
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    meeting = meetings.add_meeting(ana.id, dt.datetime(2026, 3, 12, 10, tzinfo=paris), today=TODAY,
                                   purpose="Data team")
    (prepare,) = _open("prepare", ana.id)
    assert prepare.due == dt.date(2026, 3, 11)
    record_edit.edit("meeting", meeting.id, {"at": dt.datetime(2026, 3, 20, 15, 30, tzinfo=paris),
                                             "referred_by": bob.id}, today=TODAY)
    (moved,) = _open("prepare", ana.id)
    assert moved.uid == prepare.uid and moved.due == dt.date(2026, 3, 19)
    assert record_edit.row("meeting", meeting.id)["at"] == "2026-03-20T15:30:00+01:00"
    with pytest.raises(InvalidValue, match="themselves"):
        record_edit.edit("meeting", meeting.id, {"referred_by": ana.id}, today=TODAY)
    record_edit.delete("meeting", meeting.id, today=TODAY)
    assert not _open("prepare", ana.id)


def test_a_referral_to_the_same_person_is_refused(people):
    ana, bob = people
    referral = recording.record_referral(ana.id, bob.id, on=TODAY, today=TODAY)
    with pytest.raises(InvalidValue, match="themselves"):
        record_edit.edit("referral", referral.id, {"target": ana.id}, today=TODAY)
    record_edit.edit("referral", referral.id, {"seeker": bob.id, "target": ana.id}, today=TODAY)
    assert _open("expect-call", ana.id)
