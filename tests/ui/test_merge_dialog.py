"""The merge dialog: both contacts side by side, the one picked is kept."""

from __future__ import annotations

import datetime as dt

from netdesk.services import contacts, recording
from netdesk.ui.merge_dialog import MergeDialog, Role

TODAY = dt.date(2026, 3, 10)


def make_pair():
    a = contacts.add_contact("Ann Apple", today=TODAY, emails=["ann@a.org"], organisation="Acme")
    b = contacts.add_contact("Ann B. Apple", today=TODAY, emails=["ann@b.org"], phones=["+44 20 7946 0018"])
    recording.record_favour(b.id, "an introduction", on=TODAY, today=TODAY)
    return a.id, b.id


def test_side_by_side_and_keep_the_second(qtbot, qtmodeltester, store):
    first, second = make_pair()
    dialog = MergeDialog(first, second, TODAY)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    from PySide6.QtCore import Qt

    assert dialog.model.headerData(1, Qt.Orientation.Horizontal) == "Ann B. Apple"
    names = [dialog.model.index(0, c).data() for c in (0, 1)]
    assert names == ["Ann Apple", "Ann B. Apple"]
    assert dialog.model.index(0, 0).data(Role.DIFFERS) is True
    history_row = dialog.model.rowCount() - 1
    assert "favours" in dialog.model.index(history_row, 1).data()
    dialog.keep_second.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        dialog.merge_button.click()
    assert dialog.merged == second
    (only,) = contacts.list_contacts()
    assert only.id == second and set(only.emails) == {"ann@a.org", "ann@b.org"}
    assert only.organisation == "Acme"


def test_cancel_merges_nothing(qtbot, store):
    first, second = make_pair()
    dialog = MergeDialog(first, second, TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rejected):
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert len(contacts.list_contacts()) == 2


def test_unknown_contact_is_told(qtbot, store, messages):
    from netdesk.ui.merge_dialog import open_merge_dialog

    first, _ = make_pair()
    assert open_merge_dialog(None, first, 999, TODAY) is None
    assert messages.shown[-1][2] is True


def test_reviewing_an_imports_possible_duplicates(qtbot, store):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netdesk.ui.merge_dialog import review_duplicates

    ids = [contacts.add_contact(name, today=TODAY).id for name in ("A One", "A 1", "B Two", "B 2", "C", "C 3")]
    pairs = [(ids[0], ids[1]), (ids[2], ids[3]), (ids[4], ids[5])]
    answers = ["merge", "not the same", "stop"]
    titles = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            QTimer.singleShot(10, drive)
            return
        titles.append(dialog.windowTitle())
        answer = answers.pop(0)
        if answer == "merge":
            dialog.merge_button.click()
        elif answer == "stop":
            dialog.stop_button.click()
        else:
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
        if answers:
            QTimer.singleShot(10, drive)

    QTimer.singleShot(0, drive)
    assert review_duplicates(None, pairs, TODAY) == 1
    assert titles == ["Possible duplicate 1 of 3", "Possible duplicate 2 of 3", "Possible duplicate 3 of 3"]
    assert len(contacts.list_contacts()) == 5


def test_the_picker_searches_and_shows_email_and_organisation_never_an_id(qtbot, store):
    from PySide6.QtCore import Qt

    from netdesk.ui.merge_dialog import MergePicker

    keep = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana@acme.example"], organisation="Acme")
    dup = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana.lima@mail.example"])
    contacts.add_contact("Bob", today=TODAY, organisation="Initech")
    picker = MergePicker(keep.id, "Ana Lima")
    qtbot.addWidget(picker)
    picker.show()
    assert [picker.results.item(i).text() for i in range(picker.results.count())] == [
        "Ana Lima — ana.lima@mail.example"]  # the kept one is not offered; the search starts at the name
    picker.search.clear()
    qtbot.keyClicks(picker.search, "initech")
    qtbot.waitUntil(lambda: picker.results.count() == 1 and picker.results.item(0).text() == "Bob — Initech")
    picker.search.clear()
    qtbot.keyClicks(picker.search, "ana")
    qtbot.waitUntil(lambda: picker.results.count() == 1 and picker.results.item(0).text().startswith("Ana"))
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.picked() == dup.id
    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(picker.results, Qt.Key.Key_Return)


def test_two_sides_of_the_same_name_are_labelled_by_what_differs(qtbot, store):
    from PySide6.QtCore import Qt

    a = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana@acme.example"], organisation="Acme")
    b = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana.lima@mail.example"])
    dialog = MergeDialog(a.id, b.id, TODAY)
    qtbot.addWidget(dialog)
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 1)]
    assert headers == ["Ana Lima (ana@acme.example)", "Ana Lima (ana.lima@mail.example)"]
    assert dialog.keep_first.text().replace("&", "") == "Keep Ana Lima (ana@acme.example)"


def test_a_merge_from_the_window_is_undoable(qtbot, store):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netdesk.ui import merge_dialog
    from netdesk.ui.context import AppContext

    a = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana@acme.example"])
    b = contacts.add_contact("Ana Lima", today=TODAY, emails=["ana.lima@mail.example"])
    recording.record_favour(b.id, "Lent me a book", on=TODAY, today=TODAY)
    context = AppContext.create(lambda: TODAY)

    def click_merge() -> None:
        (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MergeDialog) and w.isVisible()]
        dialog.merge_button.click()

    QTimer.singleShot(0, click_merge)
    with qtbot.waitSignal(context.bus.data_changed):
        assert merge_dialog.open_merge_dialog(None, a.id, b.id, TODAY, context=context) == merge_dialog.Change()
    assert [c.id for c in contacts.list_contacts()] == [a.id]
    assert context.undo_stack.undoText() == ("Merge Ana Lima (ana.lima@mail.example) into "
                                             "Ana Lima (ana@acme.example)")
    with qtbot.waitSignal(context.bus.data_changed) as announced:
        context.undo_stack.undo()
    assert {a.id, b.id} <= announced.args[0].contacts | announced.args[0].removed_contacts
    assert sorted(c.emails for c in contacts.list_contacts()) == [("ana.lima@mail.example",), ("ana@acme.example",)]
    context.undo_stack.redo()
    assert [c.id for c in contacts.list_contacts()] == [a.id]
