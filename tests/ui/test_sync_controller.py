"""The window's background sync against a real Radicale on 127.0.0.1: Sync now on a worker, the status
bar's words, the pull's Change announced, offline with back-off, the debounce after a change, and a
large first upload that is cancelled and resumed without loss or duplicate."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from netdesk.domain.change import Change
from netdesk.services import contacts, recording, reminders
from netdesk.services.sync import accounts
from netdesk.ui.sync_controller import SyncController
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
def window(qtbot):
    w = QMainWindow()
    w.menuBar().addMenu("&File").addAction("&Quit")
    qtbot.addWidget(w)
    return w


def controller(window, context, **timing) -> SyncController:
    return SyncController(window, context, start_delay_ms=None, **{"backoff_ms": (300,), **timing})


def network(count: int = 1) -> list[int]:
    ids = []
    for i in range(count):
        cid = contacts.add_contact(f"Grace Hopper {i}", today=TODAY).id
        recording.record_favour(cid, "a book", on=TODAY, today=TODAY)
        ids.append(cid)
    return ids


def synced(qtbot, sync: SyncController, start=None) -> list:
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS) as blocker:
        assert (start or sync.sync_now)() is not None
    qtbot.waitUntil(lambda: not sync.running, timeout=WAIT_MS)
    return blocker.args[0]


def test_sync_now_runs_on_a_worker_and_the_status_bar_says_when(qtbot, window, context, store, server, ring):
    network(2)
    accounts.add("home", url=server.url, username=USER, password=PASSWORD, reminders_as="tasks")
    sync = controller(window, context)
    assert sync.action.shortcut().toString() == "F5"
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    assert sync.action in file_menu.actions()
    [result] = synced(qtbot, sync)
    assert result.errors == [] and result.pushed == 2 and result.pending == 0
    assert sync.label.text().startswith("Synced at ") and "2 sent" in sync.label.text()
    [again] = synced(qtbot, sync)
    assert again.pushed == 0 and again.pulled == 0


def test_what_the_phone_did_is_announced_so_the_views_refresh(qtbot, window, context, store, server, ring):

    network(1)
    accounts.add("home", url=server.url, username=USER, password=PASSWORD, reminders_as="tasks")
    sync = controller(window, context)
    synced(qtbot, sync)
    [thank] = [r for r in reminders.list_reminders() if r.kind.value == "thank-you"]
    dav = dav_client(server.url)
    [calendar] = [c for c in dav.principal().calendars() if c.get_display_name() == "netdesk"]
    calendar.todo_by_uid(thank.uid).complete()
    announced = []
    context.bus.data_changed.connect(announced.append)
    [result] = synced(qtbot, sync)
    assert result.pulled == 1
    assert announced and thank.id in announced[0].reminders
    assert reminders.get(thank.id).status.value == "done"
    assert not sync.debounce.isActive()  # its own news starts no second sync


def test_offline_keeps_the_changes_and_retries_with_back_off(qtbot, window, context, store, server, ring):
    network(1)
    accounts.add("home", url=server.url, username=USER, password=PASSWORD)
    server.stop()
    sync = controller(window, context, backoff_ms=(400, 800))
    [result] = synced(qtbot, sync)
    assert result.offline and result.pending >= 1
    assert sync.label.text() == f"Sync: offline, {result.pending} change{'s' * (result.pending > 1)} waiting; trying again in 1 s"
    assert "nothing is listening" in sync.label.toolTip()
    assert sync.retry.isActive() and sync.retry.interval() == 400
    [again] = synced(qtbot, sync, lambda: sync.retry.isActive() or None)  # the retry fires by itself
    assert again.offline and sync.retry.interval() == 800
    server.start()
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS) as blocker:
        pass  # the next retry, by itself
    [back] = blocker.args[0]
    assert back.errors == [] and back.pending == 0 and back.pushed == 1
    assert sync.failures == 0 and not sync.retry.isActive()


def test_a_change_syncs_after_the_debounce(qtbot, window, context, store, server, ring):
    accounts.add("home", url=server.url, username=USER, password=PASSWORD)
    sync = controller(window, context, debounce_ms=200)
    synced(qtbot, sync)
    [cid] = network(1)
    context.bus.announce(recording.record_favour(cid, "another book", on=TODAY, today=TODAY).change)
    assert sync.debounce.isActive()
    with qtbot.waitSignal(sync.synced, timeout=WAIT_MS) as blocker:
        pass
    [result] = blocker.args[0]
    assert result.pushed >= 1 and result.pending == 0
    # Its own commits come back as a write from outside (everything): nothing waits, so no further sync.
    context.bus.announce(Change.all())
    assert sync.debounce.isActive()
    qtbot.waitUntil(lambda: not sync.debounce.isActive(), timeout=5000)
    assert sync.sync_if_waiting() is None and not sync.running


def test_a_large_first_upload_shows_progress_and_can_be_cancelled_and_resumed(qtbot, window, context, store,
                                                                              server, ring):
    from netdesk.sample.load import load_sample

    load_sample(TODAY, 60)
    accounts.add("home", url=server.url, username=USER, password=PASSWORD)
    sync = controller(window, context)
    seen = []

    def cancel_at_ten(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 10:
            sync.cancel()

    sync.pool.setMaxThreadCount(max(sync.pool.maxThreadCount(), 2))
    worker_started = sync.sync_now()
    worker_started.signals.progressed.connect(cancel_at_ten)
    qtbot.waitUntil(lambda: not sync.running, timeout=WAIT_MS)
    [first] = sync.last_results
    total = seen[-1][1]
    assert total >= 20 and first.pushed < total and first.pending > 0, (first, total)
    [second] = synced(qtbot, sync)
    assert second.errors == [] and second.pending == 0
    assert first.pushed + second.pushed == total  # nothing sent twice


def test_the_window_has_sync_now_in_its_file_menu_and_starts_no_sync_without_an_account(qtbot, store):
    from netdesk.ui.main_window import MainWindow

    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    assert isinstance(window.sync, SyncController)
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    assert window.sync.action in file_menu.actions() and window.sync.action.shortcut().toString() == "F5"
    window.sync.start()
    assert window.sync.sync_now() is None and not window.sync.running  # no account: nothing to do
    assert window.sync.label.text() == "" and "Preferences" in window.sync.label.toolTip()
