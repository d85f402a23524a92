"""An undoable merge (issue 19 item 3): undo puts both contacts back exactly, ids and history included."""

import datetime as dt

from netdesk.services import contact_edit, contacts, merge_undo, recording, reminders
from netdesk.store import reminders as reminder_rows
from netdesk.store.records import history_json

TODAY = dt.date(2026, 3, 10)


def _state(contact_id: int) -> tuple:
    c = contacts.get(contact_id)
    return (c.name, c.emails, c.phones, c.organisation, c.tags, c.notes, c.introduced_by, history_json(contact_id))


def test_undo_splits_the_two_contacts_again(store):
    ana = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana@acme.example"], organisation="Acme",
                               tags=["python"], notes="met at PyCon")
    dup = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana.lima@mail.example"], phones=["+351 21 000 0000"],
                               tags=["lisbon"], notes="from the address book")
    cy = contacts.add_contact("Cy", today=TODAY)
    contact_edit.update_fields(cy.id, {"introduced_by": dup.id}, today=TODAY)
    recording.record_favour(dup.id, "Lent me a book", on=TODAY, today=TODAY)
    recording.log_interaction(ana.id, "call", on=TODAY, today=TODAY)
    recording.record_referral(dup.id, cy.id, on=TODAY, today=TODAY)
    before = {cid: _state(cid) for cid in (ana.id, dup.id, cy.id)}
    uids = {r.uid: r.contact_id for r in reminder_rows.select(statuses=None)}

    done = merge_undo.merge(ana.id, dup.id, today=TODAY)
    assert [c.id for c in contacts.list_contacts()] == sorted([ana.id, cy.id], key=lambda i: contacts.get(i).name)
    assert set(contacts.get(ana.id).emails) == {"ana@acme.example", "ana.lima@mail.example"}

    change = merge_undo.undo(done, today=TODAY)
    assert {ana.id, dup.id} <= change.contacts
    assert {cid: _state(cid) for cid in (ana.id, dup.id, cy.id)} == before
    after = {r.uid: r.contact_id for r in reminder_rows.select(statuses=None)}
    assert {uid: after.get(uid) for uid in uids} == uids  # every reminder is its own contact's again
    assert [r.contact_id for r in reminders.list_reminders() if r.kind.value == "thank-you"] == [dup.id]
