"""The one add-contact use case: one email rule for the CLI, the window and the importer, reminders derived
in the same transaction, and a `Change` naming what was written."""

from __future__ import annotations

import json

import pytest

from netdesk.domain.contact_values import is_email
from netdesk.errors import InvalidValue
from netdesk.services import contact_edit, contacts, reminders
from netdesk.store.models import Contact, Reminder
from tests.conftest import TODAY


@pytest.mark.parametrize("address", ["zoe@example.org", "a@b.co", "o'neil+tag@mail.example", "山田@例え.jp"])
def test_addresses_the_rule_accepts(address):
    assert is_email(address)


@pytest.mark.parametrize("address", ["", "zoe", "@example.org", "zoe@", " zoe@example.org", "zoe@example.org ",
                                     "zoe @example.org", "zoe@exa\tmple.org", "zoe@example.org\n",
                                     "zoe@example", "zoe@@example.org", "zoe@ana@example.org", "zoe@example.",
                                     "zoe@.org", "zoe@example..org"])
def test_addresses_the_rule_refuses(address):
    assert not is_email(address)


def test_the_cli_the_window_and_an_edit_refuse_the_same_addresses(store):
    for bad in ("zoe@", " zoe@example.org"):
        with pytest.raises(InvalidValue, match="is not an email address"):
            contacts.add_contact("Zoë", today=TODAY, emails=[bad])
        with pytest.raises(InvalidValue, match="is not an email address"):
            contact_edit.create_contact({"name": "Zoë", "emails": [bad]}, today=TODAY)
    ana = contacts.add_contact("Ana", today=TODAY)
    with pytest.raises(InvalidValue, match="is not an email address"):
        contact_edit.update_fields(ana.id, {"emails": ["ana@"]}, today=TODAY)
    assert [c.name for c in contacts.list_contacts()] == ["Ana"]  # nothing else was written


def test_adding_derives_the_contacts_reminders_and_names_them(store):
    added = contacts.add_contact("Zoë Ångström", today=TODAY, every_days=30, emails=["zoe@example.org"])
    made = [rid for (rid,) in Reminder.select(Reminder.id).where(Reminder.contact == added.id).tuples()]
    assert made, "the cadence gives a keep-in-touch reminder at once"
    assert added.change.contacts == {added.id}
    assert added.change.reminders == set(made)
    assert not added.change.everything
    assert added.contact.emails == ("zoe@example.org",)


def test_a_failed_derivation_leaves_no_contact_behind(store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("derivation failed")

    monkeypatch.setattr(reminders, "derive", broken)
    with pytest.raises(RuntimeError):
        contacts.add_contact("Half Written", today=TODAY, every_days=7)
    assert Contact.select().count() == 0  # one transaction: the contact went with the derivation


def test_the_window_form_and_its_undo_use_the_same_add(store):
    created = contact_edit.create_contact({"name": "  Bob   Brown ", "emails": ["bob@example.org"], "strength": 3,
                                           "tags": ["python"]}, today=TODAY)
    assert created.name == "Bob Brown" and created.change.contacts >= {created.id}
    deleted = contact_edit.delete_contact(created.id, today=TODAY)
    assert deleted.change.removed_contacts == {created.id}
    again = contact_edit.create_contact(deleted.values, today=TODAY, contact_id=created.id)
    assert again.id == created.id
    assert (again.contact.emails, again.contact.tags, again.contact.strength) == (("bob@example.org",), ("python",), 3)


def test_an_edit_returns_what_it_replaced_and_its_change(store):
    ana = contacts.add_contact("Ana", today=TODAY, organisation="Acme")
    edited = contact_edit.update_fields(ana.id, {"organisation": "Globex", "every_days": 14}, today=TODAY)
    assert edited.previous == {"organisation": "Acme", "every_days": None}
    assert edited.change.contacts == {ana.id} and edited.change.reminders
    photo = contact_edit.set_photo(ana.id, b"\x89PNG", "image/png")
    assert photo.previous == (None, None) and photo.change.contacts == {ana.id}


def test_the_cli_refuses_a_bad_address_and_writes_nothing(cli):
    refused = cli("contact", "add", "Zoë", "--email", "zoe@")
    assert refused.returncode != 0 and "is not an email address" in refused.stderr
    done = cli("contact", "add", "Zoë", "--email", "zoe@example.org", "--every", "30", "--json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli("contact", "list", "--json").stdout)
    assert [c["name"] for c in listed] == ["Zoë"]
    shown = json.loads(cli("contact", "show", "Zoë", "--json").stdout)
    assert [r["kind"] for r in shown["reminders"]] == ["keep-in-touch"]  # derived by the add itself
