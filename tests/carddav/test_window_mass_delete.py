"""A wiped address book seen by the window's own sync (SyncController on a worker, real Radicale): the sync
stops, the window asks in the service's words; No changes nothing (and the next sync asks again), Yes syncs
once more with the guard lifted and the contacts are archived, history kept."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from netdesk.services import contact_archive
from netdesk.ui.conflicts_page import ConflictsIndicator
from netdesk.ui.context import AppContext
from netdesk.ui.messages import Messages
from netdesk.ui.sync_controller import SyncController
from tests.carddav.conftest import Phone, add_account, contacts, sync
from tests.conftest import TODAY
from tests.sync.servers import file_keyring

WAIT_MS = 60_000


def test_the_window_asks_before_archiving_what_a_wiped_book_lost(qtbot, nd, radicale, book_name, store, tmp_path,
                                                                   monkeypatch):
    from netdesk.ui import options

    options.use_file(tmp_path / "options.ini")
    answers, asked = [False, True], []
    monkeypatch.setattr(Messages, "ask", classmethod(lambda cls, _p, title, text: asked.append(text)
                                                     or answers.pop(0)))
    monkeypatch.setattr(Messages, "tell", classmethod(lambda cls, *a, **k: None))
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    for i in range(14):
        assert nd("contact", "add", f"Person {chr(65 + i)} Example").returncode == 0
    add_account(nd, radicale.url, book_name)
    assert sync(nd)["errors"] == [] and len(phone.cards()) == 14
    phone.wipe()
    with file_keyring(tmp_path / "xdg" / "python_keyring" / "keyring_pass.cfg"):
        window = QMainWindow()
        window.menuBar().addMenu("&File").addAction("Quit")
        qtbot.addWidget(window)
        context = AppContext.create(lambda: TODAY, window)
        window.sync = SyncController(window, context, start_delay_ms=None)
        indicator = ConflictsIndicator(window, context)
        with qtbot.waitSignal(window.sync.synced, timeout=WAIT_MS):
            window.sync.sync_now()
        qtbot.waitUntil(lambda: not window.sync.running, timeout=WAIT_MS)
        assert len(asked) == 1 and "lost 14 of the 14 contacts" in asked[0], asked
        assert "--allow-mass-delete" not in asked[0]  # the window's words, not the CLI's
        assert len(contacts(nd)) == 14  # No: nothing archived
        with qtbot.waitSignal(window.sync.synced, timeout=WAIT_MS):
            window.sync.sync_now()  # and the next sync asks again; Yes this time
        assert len(asked) == 2
        qtbot.waitUntil(lambda: bool(indicator.mass_delete.last), timeout=WAIT_MS)
        (result,) = indicator.mass_delete.last
        assert result.errors == [] and result.archived == 14, result
    assert contacts(nd) == []
    assert len(contact_archive.archived_contacts()) == 14  # restorable
    options.use_file(None)


pytestmark = pytest.mark.slow  # a real server, the window's sync on a worker
