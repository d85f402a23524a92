"""Each etiquette and preferences write returns the `Change` it made: the contacts edited, the reminders
its re-derivation wrote (by id), and the setting keys it stored."""

import dataclasses
import datetime as dt

from netdesk.domain.change import Change
from netdesk.domain.kinds import ReminderKind
from netdesk.services import contacts, etiquette, preferences, recording, reminders
from netdesk.store import settings

T = dt.date(2026, 3, 10)


def _keep_in_touch(contact_id: int):
    return [r for r in reminders.list_reminders(include_closed=True)
            if r.kind is ReminderKind.KEEP_IN_TOUCH and r.contact_id == contact_id]


def test_setting_a_cadence_names_the_contact_and_its_new_reminder(store):
    ana = contacts.add_contact("Ana", today=dt.date(2026, 1, 1))
    bob = contacts.add_contact("Bob", today=dt.date(2026, 1, 1))
    change = etiquette.set_contact(ana.id, today=T, every_days=30)
    (made,) = _keep_in_touch(ana.id)
    assert change == Change.of(contacts=[ana.id], reminders=[made.id])
    assert bob.id not in change.contacts and not change.settings


def test_an_edit_no_rule_reads_names_the_contact_and_no_reminder(store):
    ana = contacts.add_contact("Ana", today=T)
    change = etiquette.set_contact(ana.id, today=T, how_met="  at PyCon ", add_tags=["python"])
    assert change == Change.of(contacts=[ana.id])
    assert contacts.get(ana.id).how_met == "at PyCon" and contacts.get(ana.id).tags == ("python",)


def test_dropping_a_cadence_names_the_cancelled_reminder(store):
    ana = contacts.add_contact("Ana", today=dt.date(2026, 1, 1), every_days=30)
    (open_one,) = _keep_in_touch(ana.id)
    change = etiquette.set_contact(ana.id, today=T, every_days=None)
    assert change.reminders == {open_one.id}
    assert _keep_in_touch(ana.id)[0].status.value == "cancelled"


def test_a_tag_cadence_names_every_tagged_contact_and_their_reminders(store):
    ana = contacts.add_contact("Ana", today=dt.date(2026, 1, 1), tags=["team"])
    bob = contacts.add_contact("Bob", today=dt.date(2026, 1, 1), tags=["team"])
    carol = contacts.add_contact("Carol", today=dt.date(2026, 1, 1))
    change = etiquette.tag_every("team", 14, today=T)
    made = {r.id for c in (ana, bob) for r in _keep_in_touch(c.id)}
    assert len(made) == 2
    assert change == Change.of(contacts=[ana.id, bob.id], reminders=made)
    assert carol.id not in change.contacts
    assert etiquette.tag_size("team") == 2


def test_the_template_names_its_setting(store):
    assert etiquette.set_template("Hi {first_name}") == Change.of(settings=[etiquette.TEMPLATE_KEY])
    assert etiquette.set_template(None) == Change.of(settings=[etiquette.TEMPLATE_KEY])


def test_new_thresholds_name_the_keys_that_moved_and_the_reminders_they_moved(store):
    ana = contacts.add_contact("Ana", today=T)
    recording.record_favour(ana.id, "lent a book", on=T, today=T)
    (thank_you,) = reminders.list_reminders()
    rules = dataclasses.replace(preferences.rule_settings(), thank_you_days=7, monthly_goal=5)
    change = preferences.save_rule_settings(rules, today=T)
    assert change.settings == {settings.rule_key("thank_you_days"), settings.rule_key("monthly_goal")}
    assert change.reminders == {thank_you.id} and change.contacts == {ana.id}  # its next due date moved
    assert preferences.save_rule_settings(rules, today=T) == Change()  # saved again: nothing moved


def test_tag_cadences_derive_only_the_tagged_contacts(store):
    ana = contacts.add_contact("Ana", today=dt.date(2026, 1, 1), tags=["python"])
    contacts.add_contact("Bob", today=dt.date(2026, 1, 1), tags=["go"])
    change = preferences.save_tag_cadences({"python": 30, "go": None}, today=T)
    (made,) = _keep_in_touch(ana.id)
    assert change == Change.of(contacts=[ana.id], reminders=[made.id])
    assert preferences.tag_cadences() == {"go": None, "python": 30}
