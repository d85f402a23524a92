"""The export dialog: the format follows the file type, the file is written on the pool."""

from __future__ import annotations

from pathlib import Path

from netdesk.services import contacts
from netdesk.ui import export_dialog
from tests.conftest import TODAY


def test_format_from_suffix_or_filter():
    assert export_dialog.format_for(Path("a.csv"), "vCard 4.0 (*.vcf)") == ("csv", Path("a.csv"))
    assert export_dialog.format_for(Path("backup"), "netdesk full backup (*.json)") == ("json", Path("backup.json"))


def test_export_writes_the_file(qtbot, store, tmp_path, monkeypatch, messages):
    contacts.add_contact("Zoë Ünal", today=TODAY, emails=["zoe@example.com"])
    target = tmp_path / "out.vcf"
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "vCard 4.0 (*.vcf)")))
    assert export_dialog.open_export_dialog(None, TODAY)
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=10_000)
    assert "Wrote 1 contacts" in messages.shown[-1][1]
    assert "FN:Zoë Ünal" in target.read_text(encoding="utf-8")
