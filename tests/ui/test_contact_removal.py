"""Issue 19 item 1 (window part): archive and delete a contact from the menu, the list's context menu and
the Delete key, with confirmation, undoable; archived contacts are restored from their list."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.errors import NotFound
from netdesk.services import contact_archive, contacts, recording
from netdesk.store.records import history_json
from netdesk.ui.contact_removal import ArchivedDialog
from netdesk.ui.main_window import MainWindow

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def window(qtbot, store):
    ana = contacts.add_contact("Ana", today=TODAY, emails=["ana@example.org"])
    contacts.add_contact("Bob", today=TODAY)
    recording.record_favour(ana.id, "Lent me a book", on=TODAY, today=TODAY)
    win = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.open_contact(ana.id)
    win.ana = ana
    return win


def _names(window) -> list[str]:
    model = window.contacts_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _menu_action(window, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Contact")
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_archive_from_the_menu_and_undo(window, qtbot):
    assert "Archive contact" in [a.text().replace("&", "") for a in window.table.actions()]  # context menu
    with qtbot.waitSignal(window.context.bus.data_changed):
        _menu_action(window, "Archive contact").trigger()
    assert contact_archive.is_archived(window.ana.id)
    qtbot.waitUntil(lambda: _names(window) == ["Bob"])
    window.context.undo_stack.undo()
    qtbot.waitUntil(lambda: _names(window) == ["Ana", "Bob"])
    assert len(history_json(window.ana.id)["favours"]) == 1


def test_delete_key_asks_twice_and_undo_brings_back_the_history(window, qtbot, messages):
    window.table.setFocus()
    messages.answers += [True, False]  # second thoughts: nothing is deleted
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert [m[0] for m in messages.shown[-2:]] == ["Delete contact", "Delete for good"]
    assert "Ana and 1 history record" in messages.shown[-2][1]
    assert contacts.get(window.ana.id).name == "Ana"

    messages.answers += [True, True]
    with qtbot.waitSignal(window.context.bus.data_changed):
        qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    with pytest.raises(NotFound):
        contacts.get(window.ana.id)
    qtbot.waitUntil(lambda: _names(window) == ["Bob"])
    assert window.context.undo_stack.undoText() == "Delete Ana"
    window.context.undo_stack.undo()
    assert contacts.get(window.ana.id).emails == ("ana@example.org",)
    assert history_json(window.ana.id)["favours"][0]["text"] == "Lent me a book"
    qtbot.waitUntil(lambda: _names(window) == ["Ana", "Bob"])
    window.context.undo_stack.redo()
    with pytest.raises(NotFound):
        contacts.get(window.ana.id)


def test_an_archived_contact_is_restored_from_its_list(window, qtbot):
    contact_archive.archive(window.ana.id, today=TODAY)
    window.refresh()
    dialog = ArchivedDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and dialog.list.item(0).text() == "Ana — ana@example.org"
    dialog.restore_button.click()
    assert not contact_archive.is_archived(window.ana.id)
    assert dialog.list.count() == 0 and dialog.empty.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: _names(window) == ["Ana", "Bob"])
    assert window.context.undo_stack.undoText() == "Restore Ana"
