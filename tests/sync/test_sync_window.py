"""What a sync took back from the phone is undoable in the window (Edit ▸ Undo), and the window's own sync
writes reach the views as the sync's Change, not as a write from outside (the store watcher absorbs
them). A real Radicale on 127.0.0.1, the phone is the caldav package on its own, real widgets."""

from __future__ import annotations

import sqlite3

import caldav
import icalendar
import pytest
from PySide6.QtWidgets import QMainWindow

from netdesk.domain.change import RecordKind
from netdesk.services import contacts, recording, reminders
from netdesk.services.sync import accounts, push
from netdesk.store.models import Favour, Thanks
from netdesk.ui.store_watcher import StoreWatcher
from netdesk.ui.sync_controller import PulledCommand, SyncController
from tests.conftest import TODAY
from tests.sync.servers import PASSWORD, USER, Radicale, dav_client, file_keyring

WAIT_MS = 60_000


@pytest.fixture
def ring(tmp_path):
    with file_keyring(tmp_path / "keyring.cfg") as backend:
        yield backend


@pytest.fixture
def server(tmp_path):
    own = Radicale("radicale", tmp_path / "radicale")
    own.folder.mkdir()
    own.start()
    yield own
    own.stop()


@pytest.fixture
def window(qtbot, db_path, store):
    w = QMainWindow()
    w.menuBar().addMenu("&File")
    w.store_watcher = StoreWatcher(w, db_path=db_path, interval_ms=50)  # as MainWindow has it
    qtbot.addWidget(w)
    return w


def synced(qtbot, sync: SyncController) -> list:
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS) as blocker:
        assert sync.sync_now() is not None
    qtbot.waitUntil(lambda: not sync.running, timeout=WAIT_MS)
    return blocker.args[0]


def phone(server) -> object:
    dav = dav_client(server.url)
    [calendar] = [c for c in dav.principal().calendars() if c.get_display_name() == "netdesk"]
    return calendar


def status_on_server(calendar, uid: str) -> str:
    """Read at its href (a search by UID may leave a completed task out)."""
    data = caldav.CalendarObjectResource(client=calendar.client, url=push.href_for(str(calendar.url), uid)).load().data
    [todo] = [c for c in icalendar.Calendar.from_ical(data).walk() if c.name == "VTODO"]
    return str(todo.get("status", ""))


def setup_synced(qtbot, window, context, server, reminders_as="tasks"):
    cid = contacts.add_contact("Grace Hopper", today=TODAY).id
    favour = recording.record_favour(cid, "a book", on=TODAY, today=TODAY)
    accounts.add("home", url=server.url, username=USER, password=PASSWORD, reminders_as=reminders_as)
    sync = SyncController(window, context, start_delay_ms=None, backoff_ms=(300,))
    synced(qtbot, sync)
    [thank] = [r for r in reminders.list_reminders() if r.kind.value == "thank-you"]
    return sync, cid, favour.id, thank


def test_a_task_completed_on_the_phone_is_undone_in_the_window_and_the_server_follows(
        qtbot, window, context, store, server, ring):
    sync, cid, favour_id, thank = setup_synced(qtbot, window, context, server)
    calendar = phone(server)
    calendar.todo_by_uid(thank.uid).complete()
    [result] = synced(qtbot, sync)
    assert result.pulled == 1 and result.journal
    assert reminders.get(thank.id).status.value == "done"
    assert Favour.get_by_id(favour_id).thanked_on is not None and Thanks.select().count() == 1  # the thanks
    command = context.undo_stack.command(context.undo_stack.index() - 1)
    assert isinstance(command, PulledCommand) and command.text() == f"From the calendar: {thank.title}"
    assert command.change.records_of(RecordKind.THANKS) and cid in command.change.contacts

    announced = []
    context.bus.data_changed.connect(announced.append)
    context.undo_stack.undo()
    assert thank.id in announced[-1].reminders
    assert reminders.get(thank.id).status.is_active
    assert Favour.get_by_id(favour_id).thanked_on is None and Thanks.select().count() == 0
    [back] = synced(qtbot, sync)  # the reopened reminder waits in the outbox: the phone sees it open again
    assert back.errors == [] and back.pushed == 1 and back.pending == 0 and back.journal is None
    assert status_on_server(calendar, thank.uid) != "COMPLETED"

    context.undo_stack.redo()
    assert reminders.get(thank.id).status.value == "done" and Thanks.select().count() == 1
    [again] = synced(qtbot, sync)
    assert again.errors == [] and again.pushed == 1
    assert status_on_server(calendar, thank.uid) == "COMPLETED"


def test_an_event_deleted_on_the_phone_is_dismissed_and_the_undo_puts_it_back_on_the_server(
        qtbot, window, context, store, server, ring):
    sync, _cid, _favour_id, thank = setup_synced(qtbot, window, context, server, reminders_as="events")
    calendar = phone(server)
    calendar.event_by_uid(thank.uid).delete()
    [result] = synced(qtbot, sync)
    assert result.pulled == 1 and reminders.get(thank.id).status.value == "cancelled"
    assert context.undo_stack.undoText() == f"From the calendar: {thank.title}"
    context.undo_stack.undo()
    assert reminders.get(thank.id).status.is_active
    [back] = synced(qtbot, sync)
    assert back.errors == [] and back.pushed == 1
    assert calendar.event_by_uid(thank.uid) is not None  # made again, with the same UID


def test_a_date_moved_on_the_phone_is_a_snooze_the_window_can_undo(qtbot, window, context, store, server, ring):
    sync, _cid, _favour_id, thank = setup_synced(qtbot, window, context, server)
    calendar = phone(server)
    todo = calendar.todo_by_uid(thank.uid)
    component = todo.icalendar_component
    moved = thank.due.toordinal() + 5
    import datetime as dt

    component["due"] = icalendar.vDDDTypes(dt.date.fromordinal(moved))
    todo.save()
    [result] = synced(qtbot, sync)
    assert result.pulled == 1 and reminders.get(thank.id).due == dt.date.fromordinal(moved)
    context.undo_stack.undo()
    assert reminders.get(thank.id).due == thank.due


def test_the_windows_own_sync_is_announced_as_its_change_not_as_a_write_from_outside(
        qtbot, window, context, store, server, ring, db_path):
    sync, _cid, _favour_id, thank = setup_synced(qtbot, window, context, server)
    outside = []
    window.store_watcher.changed_externally.connect(lambda: outside.append(True))
    phone(server).todo_by_uid(thank.uid).complete()
    announced = []
    context.bus.data_changed.connect(announced.append)
    synced(qtbot, sync)
    qtbot.wait(200)  # several polls of the watcher
    assert not window.store_watcher.check() and outside == []
    assert announced and not any(c.everything for c in announced) and thank.id in announced[0].reminders

    # A write by another program after the sync is still seen as one.
    with sqlite3.connect(db_path) as other:
        other.execute("UPDATE contact SET name = 'Grace B. Hopper'")
    qtbot.waitUntil(lambda: bool(outside), timeout=5000)


def test_a_write_from_outside_during_the_sync_is_still_announced(qtbot, window, context, store, db_path):
    """hold/absorb with a real second connection: the worker's `foreign` verdict is passed through."""
    watcher = window.store_watcher
    outside = []
    watcher.changed_externally.connect(lambda: outside.append(True))
    contacts.add_contact("Ada", today=TODAY)
    watcher.hold()
    with sqlite3.connect(db_path) as other:
        other.execute("UPDATE contact SET name = 'Ada L.'")
    assert not watcher.check() and outside == []  # held: the sync's run decides
    assert watcher.absorb(foreign=True) and outside == [True]
    watcher.hold()
    with sqlite3.connect(db_path) as other:
        other.execute("UPDATE contact SET name = 'Ada Lovelace'")
    assert not watcher.absorb(foreign=False) and not watcher.check() and outside == [True]
