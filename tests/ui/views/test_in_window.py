"""The record views inside the real main window: each section is the view (not a placeholder), and an
edit made in a view is undone by the window's Undo."""

import datetime as dt

from PySide6.QtCore import Qt

from netdesk.services import contacts, recording, reminders
from netdesk.ui.main_window import MainWindow
from netdesk.ui.views.asks import AsksView
from netdesk.ui.views.goals import GoalsView
from netdesk.ui.views.leads import LeadsView
from netdesk.ui.views.meetings import MeetingsView
from netdesk.ui.views.today import TodayView
from tests.conftest import TODAY


def test_sections_are_the_views_and_undo_reaches_them(qtbot, store, messages):
    zoe = contacts.add_contact("Zoë Ångström", today=TODAY)
    recording.record_favour(zoe.id, "Introduced me to Ana", on=TODAY - dt.timedelta(days=5), today=TODAY)
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    for key, view_type in (("asks", AsksView), ("leads", LeadsView), ("meetings", MeetingsView),
                           ("goals", GoalsView), ("today", TodayView)):
        window.show_section(key)
        assert isinstance(window.sections.view(key), view_type)
    today = window.sections.view("today")
    assert today.due_model.reminder_count == 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    today.due_list.setFocus()
    qtbot.waitUntil(today.due_list.hasFocus)
    messages.answers += [False, True]  # Done on a thank-you: not thanked, close it anyway
    qtbot.keyClick(today.due_list, Qt.Key.Key_Delete)
    assert reminders.list_reminders() == []
    assert today.due_stack.currentIndex() == 1
    window.actions_.undo_action.trigger()
    assert [r.status.value for r in reminders.list_reminders()] == ["open"]
    assert today.due_model.reminder_count == 1
