"""Ctrl+Enter in multi-line dialogs, and the start-at-login option (issue 19 items 15 and 18), on real widgets."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox

from netdesk import desktop_integration
from tests.conftest import TODAY


def _show(qtbot, dialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(dialog.isActiveWindow)


def _checkbox(dialog, text: str) -> QCheckBox:
    return next(box for box in dialog.findChildren(QCheckBox) if box.text() == text)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a freedesktop autostart entry")
def test_preferences_start_in_tray_at_login(store, qtbot, tmp_path, monkeypatch):
    from netdesk.ui.preferences import PreferencesDialog

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / "netdesk.desktop"
    dialog = PreferencesDialog(TODAY)
    _show(qtbot, dialog)
    box = _checkbox(dialog, "Start netdesk in the tray when I log in")
    assert box.isVisible() and not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    # Ctrl+Enter saves the dialog like OK, with the focus anywhere in it.
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    assert "--tray" in entry.read_text(encoding="utf-8")

    again = PreferencesDialog(TODAY)
    _show(qtbot, again)
    box = _checkbox(again, "Start netdesk in the tray when I log in")
    assert box.isChecked()  # read back from the entry itself
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.buttons.button(again.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not entry.exists() and not desktop_integration.autostart_enabled()


def test_ctrl_enter_in_the_compose_text_copies(qtbot):
    from netdesk.ui.compose import ComposeDialog

    dialog = ComposeDialog("Dear Ann,\nlovely to meet you.")
    _show(qtbot, dialog)
    dialog.text.setFocus()
    QGuiApplication.clipboard().setText("")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == dialog.text.toPlainText()
    assert dialog.text.toPlainText() == "Dear Ann,\nlovely to meet you."  # no new line typed
