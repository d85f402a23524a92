"""Issue 19 item 13: Done on a thank-you asks whether you thanked them; Ctrl+T with nothing owed says so."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services import contacts, record_edit, recording, reminders
from netdesk.ui.main_window import MainWindow
from netdesk.ui.views.today import TodayView

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)


@pytest.fixture
def zoe(store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    recording.record_favour(zoe.id, "Introduced me to Ana", on=TODAY - 3 * DAY, today=TODAY)
    return zoe


@pytest.fixture
def view(context, qtbot, zoe):
    widget = TodayView(context)
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    assert widget.selected_reminder().title == "Thank Zoë"
    return widget


def _thanks(contact_id: int) -> list:
    from netdesk.store.records import history_json

    return history_json(contact_id)["thanks"]


def test_done_on_a_thank_you_and_yes_records_the_thanks(view, context, messages, zoe, qtbot):
    messages.answers.append(True)
    with qtbot.waitSignal(context.bus.data_changed):
        view.done_button.click()
    assert messages.shown[-1][0] == "Did you thank them?" and "Did you thank Zoë?" in messages.shown[-1][1]
    assert len(_thanks(zoe.id)) == 1 and reminders.list_reminders() == []
    assert context.undo_stack.undoText() == "Thank Zoë"


def test_done_on_a_thank_you_without_thanks_closes_it_only_when_confirmed(view, context, messages, zoe, qtbot):
    messages.answers += [False, False]  # not thanked; and do not close it
    view.done_button.click()
    assert [m[0] for m in messages.shown] == ["Did you thank them?", "Close without thanks?"]
    assert [r.title for r in reminders.list_reminders()] == ["Thank Zoë"]
    messages.answers += [False, True]
    with qtbot.waitSignal(context.bus.data_changed):
        qtbot.keyClick(view.due_list, Qt.Key.Key_Delete)  # Delete is Done on the due list
    assert reminders.list_reminders() == [] and _thanks(zoe.id) == []
    assert context.undo_stack.undoText() == "Done: Thank Zoë"


def test_ctrl_t_with_nothing_owed_says_so_and_records_nothing(qtbot, store, messages):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # shortcuts go to the active window
    window.open_contact(zoe.id)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    title, text, _error = messages.shown[-1]
    assert title == "Mark thanked" and text.startswith("You owe Zoë no thanks right now")
    assert _thanks(zoe.id) == [] and window.context.undo_stack.count() == 0

    favour = recording.record_favour(zoe.id, "Lent me a book", on=TODAY, today=TODAY)
    window.refresh()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert len(_thanks(zoe.id)) == 1 and record_edit.row("favour", favour.id)["thanked_on"] == TODAY
