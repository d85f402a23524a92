"""A worker thread's failure reaches the user as store/errors.py classifies it: the user's disk or file
is a message (with the work's title), and only netdesk's own mistakes open the bug dialog."""

from __future__ import annotations

import pytest

from netdesk.errors import FileError, StoreError
from netdesk.services import contacts
from netdesk.store.db import database
from netdesk.ui import excepthook
from netdesk.ui.workers import run_in_background
from tests.conftest import TODAY
from tests.store import faults


@pytest.fixture
def bugs(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(excepthook, "show_bug", lambda parent, text: shown.append(text))
    return shown


def _run(qtbot, bugs: list[str], job) -> list:
    """Run `job` on the pool; wait for whichever way its failure reaches the window."""
    failures: list = []
    run_in_background(None, "Import contacts", job, None, failures.append)
    qtbot.waitUntil(lambda: bool(failures or bugs), timeout=10_000)
    return failures


def test_a_full_store_during_background_work_is_a_message_not_a_bug(qtbot, store, db_path, bugs):
    def job():
        pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
        database.execute_sql(f"PRAGMA max_page_count = {pages}")  # this worker thread's own connection
        contacts.add_contact("Grace Hopper", today=TODAY, notes=faults.BIG)

    failures = _run(qtbot, bugs, job)
    assert bugs == []
    assert len(failures) == 1 and isinstance(failures[0], StoreError)
    assert str(failures[0]) == f"the disk holding {db_path.resolve()} is full; nothing was written"
    assert [c.name for c in contacts.list_contacts()] == []


def test_a_full_disk_writing_a_users_file_is_a_message_naming_the_disk(qtbot, store, tmp_path, bugs):
    with faults.tiny_disk(tmp_path / "disk") as disk:
        failures = _run(qtbot, bugs, lambda: (disk / "export.vcf").write_bytes(b"\0" * (1024 * 1024)))
    assert bugs == []
    assert isinstance(failures[0], FileError) and "full" in str(failures[0])


def test_a_bug_in_background_work_opens_the_bug_dialog(qtbot, store, bugs):
    def job():
        raise faults.integrity(database)

    failures = _run(qtbot, bugs, job)
    assert failures == []
    assert len(bugs) == 1 and "IntegrityError" in bugs[0]


def test_without_a_failure_handler_the_message_is_shown_with_the_works_title(qtbot, store, messages, bugs):
    def job():
        raise faults.full(database)

    run_in_background(None, "Import contacts", job)
    qtbot.waitUntil(lambda: bool(messages.shown or bugs), timeout=10_000)
    assert bugs == []
    (title, text, error), = messages.shown
    assert title == "Import contacts" and error and "full" in text


def test_a_photo_the_system_refuses_is_named_in_the_message_not_called_the_store(qapp, store, tmp_path, messages,
                                                                                 bugs):
    photo = tmp_path / "ana.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    exc, verb = faults.permission_refused(photo)
    excepthook.handle(type(exc), exc, exc.__traceback__)  # as when it escapes the card's photo slot
    assert bugs == []
    assert messages.shown == [("netdesk", f"cannot {verb} {photo}: permission denied", True)]
