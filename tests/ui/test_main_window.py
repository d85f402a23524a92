import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from netdesk.services import contacts, history, reminders
from netdesk.ui.contacts_model import ContactsModel
from netdesk.ui.dialogs import AddContactDialog, FavourDialog
from netdesk.ui.main_window import MainWindow
from netdesk.ui.reminders_model import RemindersModel

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    return win


def test_models_pass_qtmodeltester(qtmodeltester, store):
    for i in range(30):
        contacts.add_contact(f"Person {i:02d}", today=TODAY, organisation=f"Org {i % 4}")
    history.record_favour(1, "x", on=TODAY, today=TODAY)
    model = ContactsModel()
    model.refresh()
    qtmodeltester.check(model)
    reminders_model = RemindersModel(TODAY)
    reminders_model.refresh()
    qtmodeltester.check(reminders_model)


def test_contacts_model_sorts_in_sql(store):
    contacts.add_contact("Bea", today=TODAY, organisation="Zeta")
    contacts.add_contact("Ana", today=TODAY, organisation="Yota")
    model = ContactsModel()
    model.refresh()
    assert [model.index(r, 0).data() for r in range(2)] == ["Ana", "Bea"]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(2)] == ["Ana", "Bea"]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(2)] == ["Bea", "Ana"]


def _fill_dialog_then_accept(dialog_type, fill):
    def act():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, dialog_type) and widget.isVisible():
                fill(widget)
                widget.buttons.button(widget.buttons.StandardButton.Ok).click()
                return
        QTimer.singleShot(20, act)

    QTimer.singleShot(0, act)


def test_add_contact_through_the_dialog(window, qtbot):
    def fill(dialog: AddContactDialog):
        # QTest can only type ASCII keys; the rest is inserted as an input method would.
        qtbot.keyClicks(dialog.name, "Zo")
        dialog.name.insert("ë Ångström")
        qtbot.keyClicks(dialog.email, "zoe@example.org")

    _fill_dialog_then_accept(AddContactDialog, fill)
    window.new_contact_action.trigger()
    assert [c.name for c in contacts.list_contacts()] == ["Zoë Ångström"]
    assert window.contacts_model.rowCount() == 1
    assert window.contacts_model.index(0, 0).data() == "Zoë Ångström"


def test_add_contact_dialog_refuses_an_empty_name(qtbot):
    dialog = AddContactDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "name" in dialog.error.text()


def test_search_as_you_type_ignores_accents(window, qtbot):
    contacts.add_contact("Zoë Ångström", today=TODAY)
    contacts.add_contact("Bob Smith", today=TODAY)
    window.refresh()
    assert window.contacts_model.rowCount() == 2
    qtbot.keyClicks(window.search, "angst")
    qtbot.waitUntil(lambda: window.contacts_model.rowCount() == 1)
    assert window.contacts_model.index(0, 0).data() == "Zoë Ångström"


def test_record_favour_then_mark_thanked(window, qtbot):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    window.refresh()
    window.table.selectRow(0)

    def fill(dialog: FavourDialog):
        qtbot.keyClicks(dialog.text, "Introduced me to Ana")

    _fill_dialog_then_accept(FavourDialog, fill)
    window.favour_action.trigger()
    assert window.reminders_model.rowCount() == 1
    assert "Zoë" in window.reminders_model.index(0).data()
    window.thank_action.trigger()
    assert window.reminders_model.rowCount() == 0
    assert reminders.list_reminders(include_closed=True)[0].status.value == "done"
    assert contacts.get(zoe.id).name == "Zoë"
