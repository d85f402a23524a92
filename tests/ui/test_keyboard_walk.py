"""Issue 19 item 15: no keyboard trap. Tab leaves the contact list for the card, Ctrl+Tab walks the panes,
Ctrl+Z works from inside a field, Ctrl+Y redoes, Ctrl+Enter saves a dialog, F1 lists all of it."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services import asks, contacts
from netdesk.ui.dialogs_records import InteractionDialog
from netdesk.ui.main_window import MainWindow

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def window(qtbot, store):
    ana = contacts.add_contact("Ana", today=TODAY, organisation="Acme")
    contacts.add_contact("Bob", today=TODAY)
    win = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(win)
    win.resize(800, 600)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.open_contact(ana.id)
    qtbot.waitUntil(lambda: win.contacts.detail.current is not None)
    win.ana = ana
    return win


def _focus():
    return QApplication.focusWidget()


def test_tab_leaves_the_contact_list_for_the_card(window, qtbot):
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Tab)
    assert window.contacts.detail.isAncestorOf(_focus())
    qtbot.keyClick(_focus(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _focus() is window.table


def test_ctrl_tab_walks_the_panes_and_back(window, qtbot):
    window.nav.setFocus()
    seen = []
    for _ in range(4):
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        seen.append(_focus())
    assert seen[0] is window.search and seen[1] is window.table
    assert window.contacts.detail.isAncestorOf(seen[2]) and seen[3] is window.nav
    qtbot.keyClick(_focus(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.contacts.detail.isAncestorOf(_focus())

    asks.record_ask(window.ana.id, "An intro", on=TODAY, today=TODAY)
    window.refresh()
    window.show_section("asks")
    window.nav.setFocus()
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert _focus() is window.sections.views["asks"].asks.table


def test_ctrl_z_in_a_field_undoes_and_ctrl_y_redoes(window, qtbot):
    card = window.contacts.detail
    field = card.fields["organisation"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Initech")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert contacts.get(window.ana.id).organisation == "Initech"
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing typed: the window's undo
    assert contacts.get(window.ana.id).organisation == "Acme"
    assert field.text() == "Acme"
    qtbot.keyClick(field, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert contacts.get(window.ana.id).organisation == "Initech"

    qtbot.keyClicks(field, " Ltd")  # typed and not committed: Ctrl+Z is the field's own
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert contacts.get(window.ana.id).organisation == "Initech"


def test_ctrl_enter_saves_a_dialog_from_its_note(qtbot, store):
    ana = contacts.add_contact("Ana", today=TODAY)
    dialog = InteractionDialog(TODAY, (ana.id, "Ana"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "coffee")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Enter: a new line in the note
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.note, "and a walk")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.values()["note"] == "coffee\nand a walk"


def test_f1_lists_the_keys_of_lists_and_fields(window):
    table = window.actions_.shortcut_table()
    keys = {keys for _what, keys in table}
    whats = " | ".join(what for what, _keys in table)
    for key in ("F2", "Delete", "Ctrl+Enter", "Ctrl+Y", "Tab / Shift+Tab"):
        assert key in keys, key
    assert "Next pane" in whats and "Previous pane" in whats
