"""The window's Conflicts dialog against conflicts made by a real sync with a real Radicale (the phone an
independent client): the two values side by side, keep mine / theirs / both by clicking the real buttons
and by keyboard, undo, and the status bar's button that is there only while conflicts exist."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from netdesk.services import contacts as contact_service
from netdesk.services.carddav import conflicts as service
from netdesk.ui.conflicts_page import ConflictsDialog, ConflictsIndicator
from netdesk.ui.context import AppContext
from netdesk.ui.messages import Messages
from tests.carddav.conftest import Phone, add_account, contacts, sync
from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def quiet(monkeypatch, tmp_path):
    """No modal boxes, and window options in a throwaway file."""
    from netdesk.ui import options

    told: list = []
    monkeypatch.setattr(Messages, "tell", classmethod(lambda cls, *a, **k: told.append(a)))
    monkeypatch.setattr(Messages, "ask", classmethod(lambda cls, *a, **k: True))
    options.use_file(tmp_path / "options.ini")
    yield told
    options.use_file(None)


@pytest.fixture
def conflicted(nd, radicale, book_name, store):
    """Grace is on both sides, found by email; name and notes differ: two conflicts, the local values kept."""
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    contact_service.add_contact("Grace Hopper", today=TODAY, emails=["grace@example.org"], notes="met at the Navy lab")
    phone.new("Grace B. Hopper", "grace@example.org", note="COBOL, from the phone")
    add_account(nd, radicale.url, book_name)
    assert sync(nd)["conflicts"] >= 2
    return phone


def dialog_for(qtbot, context=None) -> ConflictsDialog:
    dialog = ConflictsDialog(context or AppContext.create(lambda: TODAY))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def row_of(dialog: ConflictsDialog, field: str) -> int:
    return next(i for i, row in enumerate(dialog.rows) if row.field == field)


def cells(dialog: ConflictsDialog, r: int) -> list[str]:
    return [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]


def test_the_two_values_side_by_side_and_keep_theirs_then_undo(qtbot, nd, conflicted):
    dialog = dialog_for(qtbot)
    r = row_of(dialog, "name")
    assert cells(dialog, r) == ["Grace Hopper", "Name", "Grace Hopper", "Grace B. Hopper"]
    notes = cells(dialog, row_of(dialog, "notes"))
    assert notes[2:] == ["met at the Navy lab", "COBOL, from the phone"]
    assert not dialog.both_button.isEnabled() or dialog.rows[dialog.table.currentRow()].both
    dialog.table.selectRow(r)
    assert dialog.both_button.isEnabled() is False  # a name holds one value
    qtbot.mouseClick(dialog.theirs_button, Qt.MouseButton.LeftButton)
    assert "name" not in {row.field for row in dialog.rows}
    assert [c["name"] for c in contacts(nd)] == ["Grace B. Hopper"]
    assert "name" not in {c["field"] for c in json.loads(nd("conflicts", "--json").stdout)}
    dialog.undo_action.trigger()  # Ctrl+Z in the dialog
    assert "name" in {row.field for row in dialog.rows}
    assert [c["name"] for c in contacts(nd)] == ["Grace Hopper"]
    listed = {c["field"]: c for c in json.loads(nd("conflicts", "--json").stdout)}
    assert (listed["name"]["local"], listed["name"]["remote"]) == ("Grace Hopper", "Grace B. Hopper")
    dialog.redo_action.trigger()
    assert [c["name"] for c in contacts(nd)] == ["Grace B. Hopper"]


def test_keep_both_notes_and_keep_mine_by_keyboard_then_sync_agrees(qtbot, nd, conflicted):
    dialog = dialog_for(qtbot)
    dialog.table.selectRow(row_of(dialog, "notes"))
    assert dialog.both_button.isEnabled()
    qtbot.mouseClick(dialog.both_button, Qt.MouseButton.LeftButton)
    notes = contact_service.get(contacts(nd)[0]["id"]).notes
    assert "met at the Navy lab" in notes and "COBOL, from the phone" in notes
    # The rest by keyboard: the table has focus, Ctrl+A selects every row, Alt+M keeps mine.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.selected_rows()) == len(dialog.rows) >= 1
    qtbot.keyClick(dialog.table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.rows == [])  # a mnemonic clicks the button as a mouse would, animated
    assert dialog.empty.isVisible()
    assert service.count() == 0
    after = sync(nd)
    assert after["conflicts"] == 0 and after["errors"] == []
    card = next(iter(conflicted.cards().values()))
    assert card.fn.value == "Grace Hopper"  # mine went to the server
    assert "COBOL, from the phone" in card.note.value and "met at the Navy lab" in card.note.value
    assert sync(nd)["pushed"] == 0


def test_status_bar_button_only_while_conflicts_exist_and_opens_the_dialog(qtbot, nd, conflicted):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    window.menuBar().addMenu("&File").addAction("Quit")
    qtbot.addWidget(window)
    context = AppContext.create(lambda: TODAY, window)
    indicator = ConflictsIndicator(window, context)
    window.show()
    assert indicator.button.isVisible() and indicator.action.isVisible()
    assert indicator.button.text().endswith(f"{service.count()} conflicts")
    qtbot.mouseClick(indicator.button, Qt.MouseButton.LeftButton)
    dialog = window._conflicts_dialog
    assert dialog.isVisible() and len(dialog.rows) == service.count()
    dialog.table.selectAll()
    qtbot.mouseClick(dialog.mine_button, Qt.MouseButton.LeftButton)
    assert service.count() == 0
    assert not indicator.button.isVisible() and not indicator.action.isVisible()  # the resolve announced itself
    context.undo_stack.undo()
    assert indicator.button.isVisible() and indicator.button.text().endswith(f"{service.count()} conflicts")


pytestmark = pytest.mark.slow  # a real server and the CLI a dozen times
