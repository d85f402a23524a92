"""Archive, restore and delete for good (issue 19 item 1), on a real SQLite store.

Archived: out of every list and search (the CLI's, the window's first page, its count), no open
reminder, history kept, still found by name; restored: the reminders come back with the user's snooze.
Deleted for good: every row goes; `undo_delete` puts back the same ids, history, links and reminders.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from netdesk.domain.change import Change
from netdesk.errors import InvalidValue
from netdesk.services import contact_archive, contacts, meetings, recording, reminders
from netdesk.store import contact_list, json_backup
from netdesk.store.models import database

D = dt.date(2026, 3, 1)


def _open(contact_id: int) -> list:
    return [r for r in reminders.list_reminders() if r.contact_id == contact_id]


def _dump() -> dict:
    """Every table's rows (the JSON backup's reading), but reminders, whose sequence a delete moves on."""
    _schema, tables = json_backup.snapshot()
    return {name: rows for name, rows in tables.items() if name not in ("reminder", "sync_outbox")}


@pytest.fixture
def people(store, today):
    ana = contacts.add_contact("Ana Lima", today=today, emails=["ana@example.org"], every_days=30,
                               tags=["team"], met_on=D).id
    bob = contacts.add_contact("Bob Smith", today=today).id
    cid = contacts.add_contact("Cid Coe", today=today, introduced_by=ana).id
    recording.record_favour(ana, "introduced me to Dan", on=D, today=today)
    recording.log_interaction(ana, "call", on=D, today=today, note="catch-up")
    recording.record_referral(bob, ana, on=D, today=today)
    meetings.add_meeting(bob, dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC), today=today, referred_by=ana)
    return ana, bob, cid


def test_archived_contact_leaves_lists_and_reminders_and_keeps_history(people, today):
    ana, bob, cid = people
    thank = next(r for r in _open(ana) if r.kind == "thank-you")
    reminders.snooze(thank.id, today + dt.timedelta(days=5), today=today)
    assert {r.kind for r in _open(bob)} >= {"check-back", "prepare"}

    change = contact_archive.archive(ana, today=today)

    assert ana in change.contacts and thank.id in change.reminders
    assert ana not in contacts.list_ids() and ana not in contacts.list_ids(search="ana")
    assert ana not in contacts.list_ids(tag="team")
    assert [c.id for c in contacts.list_contacts(archived=True)] == [ana]
    assert contact_list.contact_count() == 2
    ids, _complete = contact_list.first_ids(search="lima", tag=None, due_by=None, order="name", descending=False,
                                            vocabulary=None, limit=50)
    assert list(ids) == []
    assert _open(ana) == []
    # The referral names her: Bob's check-back is cancelled too; his meeting's prepare stays.
    assert {r.kind for r in _open(bob)} == {"prepare"}
    shown = contacts.show(contacts.resolve("ana lima"))  # still found, history kept
    assert shown["archived_on"] == today.isoformat()
    assert [i["note"] for i in shown["interactions"]] == ["catch-up"]
    assert reminders.derive(today).changed == 0  # a full derivation agrees with the scoped one

    with pytest.raises(InvalidValue, match="already archived"):
        contact_archive.archive(ana, today=today)

    contact_archive.restore(ana, today=today)
    assert ana in contacts.list_ids(search="ana")
    back = {r.kind: r for r in _open(ana)}
    assert set(back) == {"thank-you", "keep-in-touch", "expect-call"}
    assert back["thank-you"].id == thank.id and back["thank-you"].status.value == "snoozed"
    assert back["thank-you"].due == today + dt.timedelta(days=5)
    assert {r.kind for r in _open(bob)} >= {"check-back", "prepare"}
    assert contacts.get(ana).archived_on is None
    with pytest.raises(InvalidValue, match="not archived"):
        contact_archive.restore(ana, today=today)


def test_delete_for_good_and_undo_put_back_every_row(people, today, db_path):
    ana, bob, cid = people
    before = _dump()
    open_before = {r.id: (r.status, r.due) for r in reminders.list_reminders()}

    deleted = contact_archive.delete_for_good(ana, today=today)

    assert deleted.change.removed_contacts == {ana} and bob in deleted.change.contacts
    assert deleted.counts()["favour"] == 1 and deleted.counts()["referral"] == 1
    assert not any(r.contact_id == ana for r in reminders.list_reminders())
    with sqlite3.connect(db_path) as other:  # what another process sees: nothing of her is left
        assert other.execute("SELECT count(*) FROM contact WHERE id = ?", (ana,)).fetchone() == (0,)
        assert other.execute("SELECT count(*) FROM favour").fetchone() == (0,)
        assert other.execute("SELECT introduced_by_id FROM contact WHERE id = ?", (cid,)).fetchone() == (None,)
        assert other.execute("SELECT referred_by_id FROM meeting").fetchone() == (None,)

    change = contact_archive.undo_delete(deleted, today=today)

    assert ana in change.contacts
    assert _dump() == before
    assert ana in contacts.list_ids(search="lima")  # the search index has her again
    assert {r.id: (r.status, r.due) for r in reminders.list_reminders()} == open_before
    assert reminders.derive(today).changed == 0


def test_undo_delete_after_the_other_side_is_gone_too(people, today):
    ana, bob, cid = people
    first = contact_archive.delete_for_good(ana, today=today)
    contact_archive.delete_for_good(bob, today=today)  # the referral's other side

    contact_archive.undo_delete(first, today=today)

    shown = contacts.show(ana)
    assert shown["favours"] and shown["interactions"]
    assert database.execute_sql("SELECT count(*) FROM referral").fetchone() == (0,)  # Bob is gone
    assert contacts.get(cid).introduced_by == ana
    with pytest.raises(InvalidValue, match="exists again"):
        contact_archive.undo_delete(first, today=today)


def test_deleting_an_archived_contact_keeps_it_archived_on_undo(people, today):
    ana, _bob, _cid = people
    contact_archive.archive(ana, today=today)
    deleted = contact_archive.delete_for_good(ana, today=today)
    contact_archive.undo_delete(deleted, today=today)
    assert contacts.get(ana).archived_on == today
    assert _open(ana) == [] and isinstance(deleted.change, Change)
