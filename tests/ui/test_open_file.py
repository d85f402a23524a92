"""`netdesk card.vcf` (a file manager opening a card): offered for import, also when a window is already open."""

from __future__ import annotations

import os
import subprocess
import sys

from netdesk.ui.single_instance import SingleInstance


def test_a_second_start_with_a_card_hands_the_file_to_the_open_window(qtbot, qapp, tmp_path):
    db = tmp_path / "netdesk.sqlite3"
    card = tmp_path / "ana.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\nEND:VCARD\r\n")
    first = SingleInstance(db)
    assert first.claim()
    second = None
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        with qtbot.waitSignal(first.files_requested, timeout=20_000) as blocker:
            second = subprocess.Popen([sys.executable, "-m", "netdesk", "--db", str(db), str(card)], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _, err = second.communicate(timeout=30)
        assert second.returncode == 0, err
        assert blocker.args == [[card.resolve()]]
        assert not db.exists(), "the second start must not have opened the store"
    finally:
        if second is not None and second.poll() is None:  # a failed run must not leave a window behind
            second.kill()
            second.wait()
        first.release()


def test_app_main_offers_the_given_files_for_import(qtbot, qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from netdesk import app
    from netdesk.ui.window_actions import WindowActions

    asked: list[list] = []
    monkeypatch.setattr(WindowActions, "import_contacts", lambda self, paths=None: asked.append(paths))
    monkeypatch.setattr("netdesk.ui.auto_backup.AutoBackup.start", lambda self, **kw: None)
    # Process-wide hooks that outlive this test (the bug dialog hook) stay out of the test process.
    monkeypatch.setattr("netdesk.ui.excepthook.install", lambda: None)

    def exec_until_asked(*_args) -> int:
        # Stands in for app.exec(): a real quit() would leave the test process's application quitting.
        qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_asked)
    card = tmp_path / "ana.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEND:VCARD\r\n")
    assert app.main(db_path=tmp_path / "netdesk.sqlite3", open_paths=[card]) == 0
    assert asked == [[card]]
