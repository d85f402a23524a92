"""Etiquette use cases on a real store: scoped derivation, keep-in-touch occurrences, matcher, composer."""

import datetime as dt

import pytest

from netdesk.errors import InvalidValue, NotFound
from netdesk.services import asks, contacts, etiquette, leads, meetings, recording, reminders
from netdesk.store.models import Favour, Reminder

T = dt.date(2026, 3, 10)


def _kit(contact_id):
    return Reminder.get((Reminder.kind == "keep-in-touch") & (Reminder.contact == contact_id))


def test_done_keep_in_touch_lasts_for_this_occurrence_only(store):
    ana = contacts.add_contact("Ana", today=dt.date(2026, 1, 1), every_days=30)
    reminders.derive(T)
    first = _kit(ana.id)
    reminders.mark_done(first.id, today=T)
    reminders.derive(T)
    assert _kit(ana.id).status == "done"
    recording.log_interaction(ana.id, "call", on=dt.date(2026, 3, 5), today=T)
    again = _kit(ana.id)
    assert (again.uid, again.status, again.due) == (first.uid, "open", dt.date(2026, 4, 4))
    assert again.sequence > first.sequence


def test_scoped_derivation_leaves_other_contacts_alone(store):
    ana = contacts.add_contact("Ana", today=T)
    bob = contacts.add_contact("Bob", today=T)
    recording.record_favour(ana.id, "x", on=T, today=T)
    recording.record_favour(bob.id, "y", on=T, today=T)
    # A reminder whose record vanished is cancelled only by a derivation that covers its contact.
    Favour.delete().where(Favour.contact == bob.id).execute()
    assert reminders.derive(T, contact_ids=[ana.id]).changed == 0
    assert Reminder.get(Reminder.contact == bob.id).status == "open"
    result = reminders.derive(T)
    assert (result.closed, result.created, result.updated) == (1, 0, 0)
    assert [r.status for r in Reminder.select().where(Reminder.contact == bob.id)] == ["cancelled"]


def test_refusals_change_nothing(store):
    ana = contacts.add_contact("Ana", today=T)
    with pytest.raises(InvalidValue):
        asks.record_ask(ana.id, "  ", on=T, today=T)
    with pytest.raises(NotFound):
        leads.set_outcome(77, "x", on=T, today=T)
    lead = leads.add_lead(ana.id, "a job", on=T, today=T)
    with pytest.raises(InvalidValue):
        leads.mark_reported(lead.id, on=T, today=T)
    with pytest.raises(NotFound):
        reminders.mark_done(9999, today=T)
    with pytest.raises(InvalidValue):
        recording.log_interaction(ana.id, "telepathy", on=T, today=T)


def test_matcher_finds_by_tag_org_title_notes(store):
    contacts.add_contact("Tagged", today=T, tags=["climate"])
    contacts.add_contact("Org", today=T, organisation="Climate Works")
    contacts.add_contact("Notes", today=T, notes="asked about climate policy")
    contacts.add_contact("Nobody", today=T, organisation="Bakery")
    found = etiquette.match("New climate report")
    assert [m.name for m in found] == ["Tagged", "Org", "Notes"]
    assert [m.name for m in etiquette.match("", tags=["CLIMATE"])] == ["Tagged"]


def test_composer_template_is_editable_and_checked(store):
    ana = contacts.add_contact("Ana Lima", today=T, how_met="at PyCon", title="CTO")
    etiquette.set_template("Hello {first_name}! We met {how_met}.\nRole: {role}")
    text, warnings = etiquette.compose(ana.id)
    assert text == "Hello Ana! We met at PyCon.\nRole: CTO" and warnings == []
    with pytest.raises(InvalidValue):
        etiquette.set_template("Hi {shoe_size}")
    assert etiquette.template().startswith("Hello {first_name}")
    etiquette.set_template(None)
    assert etiquette.template().startswith("Hi {first_name},")


def test_brief_follows_the_introduction_chain(store):
    carol = contacts.add_contact("Carol", today=T)
    bob = contacts.add_contact("Bob", today=T)
    ana = contacts.add_contact("Ana", today=T, organisation="Acme", title="CTO")
    etiquette.set_contact(bob.id, today=T, introduced_by=carol.id)
    recording.log_interaction(ana.id, "email", on=dt.date(2026, 3, 1), today=T, note="sent CV")
    asks.record_ask(ana.id, "an intro to their CFO", on=dt.date(2026, 3, 2), today=T)
    at = dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC)
    made = meetings.add_meeting(ana.id, at, today=T, referred_by=bob.id, purpose="data team")
    brief = meetings.meeting_brief(made.id, T)
    assert "Referral chain: Carol → Bob → Ana" in brief
    assert "Purpose: data team" in brief and "CTO at Acme" in brief
    assert "2026-03-01 email: sent CV" in brief and "an intro to their CFO" in brief
    prepare = Reminder.get(Reminder.kind == "prepare")
    assert prepare.detail == brief and prepare.due == dt.date(2026, 3, 19)
