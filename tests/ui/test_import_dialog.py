"""The import preview dialog: a dry run that writes nothing, the import on a pool thread, Cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from netdesk.services import contacts
from netdesk.store.models import database
from netdesk.ui.import_dialog import ImportDialog, Role
from tests.conftest import TODAY

VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Apple\r\nEMAIL:ann@example.com\r\nORG:Acme\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Brown\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name at all\r\nEND:VCARD\r\n")


def count() -> int:
    return database.connection().execute("SELECT count(*) FROM contact").fetchone()[0]


@pytest.fixture
def vcf(tmp_path) -> Path:
    path = tmp_path / "people.vcf"
    path.write_text(VCARD, encoding="utf-8", newline="")
    return path


def wait_preview(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running and (dialog.preview is not None or bool(dialog.error)), timeout=10_000)


def test_preview_shows_create_merge_skip_and_writes_nothing(qtbot, qtmodeltester, store, vcf):
    contacts.add_contact("Ann A.", today=TODAY, emails=["ann@example.com"])
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    qtmodeltester.check(dialog.model)
    actions = [dialog.model.index(r, 0).data(Role.ACTION) for r in range(dialog.model.rowCount())]
    assert actions == ["skip", "merge", "create"]  # what needs a look comes first
    assert "1 to create, 1 to merge" in dialog.summary.text() and "1 to skip" in dialog.summary.text()
    skipped = actions.index("skip")
    assert "no name" in dialog.model.index(skipped, 2).data()
    assert dialog.model.index(skipped, 3).data().startswith("people.vcf: record 3")
    assert count() == 1
    assert dialog.import_button.isEnabled()


def test_import_runs_on_the_pool_and_accepts(qtbot, store, vcf):
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    assert dialog.result.files[0].created == 2
    assert {c.name for c in contacts.list_contacts()} == {"Ann Apple", "Bob Brown"}
    assert dialog.progress.value() == dialog.progress.maximum()


def test_cancel_during_import_leaves_nothing(qtbot, store, vcf, monkeypatch):
    from netdesk.services import importing

    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    real = importing._one_record

    def slow_record(*args, **kwargs):
        real(*args, **kwargs)
        dialog._cancel.set()  # as if Cancel were clicked while the first record was written

    monkeypatch.setattr(importing, "_one_record", slow_record)
    with qtbot.waitSignal(dialog.rejected, timeout=10_000):
        dialog.import_button.click()
    assert dialog.result is None and "cancelled" in dialog.error
    assert count() == 0


def test_cancel_button_while_running_asks_the_worker_to_stop(qtbot, store, vcf):
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    dialog.show()
    dialog.running = True  # as during an import: Cancel only asks the worker to stop
    dialog.cancel_button.click()
    assert dialog._cancel.is_set() and dialog.isVisible()
    dialog.running = False
    dialog.reject()
    assert not dialog.isVisible()


def test_refused_file_is_explained(qtbot, store, tmp_path, messages):
    bad = tmp_path / "broken.vcf"
    bad.write_bytes(b"BEGIN:VCARD\r\nFN:cut\r\n")
    dialog = ImportDialog([bad], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    assert "truncated" in dialog.summary.text() and "Nothing was written" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert messages.shown and messages.shown[-1][2] is True
    assert count() == 0


def test_the_window_import_action_runs_the_dialog(qtbot, store, vcf):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netdesk.ui.main_window import MainWindow

    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    seen = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ImportDialog) and dialog.preview is not None and not dialog.running:
            seen.append(dialog.summary.text())
            dialog.import_button.click()
        else:
            QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    window.actions_.import_contacts([vcf])  # modal: returns when the dialog closes
    assert seen and "2 to create" in seen[0]
    assert {c.name for c in contacts.list_contacts()} == {"Ann Apple", "Bob Brown"}


def test_preview_of_a_backup_restore(qtbot, store, tmp_path):
    import json

    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"format": "netdesk-backup", "version": 1, "schema": 1, "tables": {
        "contact": {"columns": ["id", "name", "created_on", "updated_at"],
                    "rows": [[7, "Zoë Ångström", "2026-01-01", "2026-01-01T00:00:00Z"]]}}}), encoding="utf-8")
    dialog = ImportDialog([backup], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    assert dialog.model.index(0, 0).data() == "Restore"
    assert "1 contacts" in dialog.model.index(0, 2).data()
    assert count() == 0
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    assert [c.name for c in contacts.list_contacts(search="angstrom")] == ["Zoë Ångström"]
