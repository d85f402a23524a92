"""Issue 19 item 7: a "Coming up" section on Today (next 7 days); the header and the status bar agree."""

import datetime as dt

from PySide6.QtCore import Qt

from netdesk.services import contact_list, contacts, leads, recording
from netdesk.ui.main_window import MainWindow
from netdesk.ui.views.today import TodayView
from netdesk.ui.views.today_coming import ComingUpModel
from netdesk.ui.views.today_models import Role

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)


def _titles(model) -> list[str]:
    return [model.index(r).data() for r in range(model.rowCount())]


def test_a_thank_you_due_in_two_days_is_seen_now_and_can_be_done_early(context, qtbot, store):
    zoe = contacts.add_contact("Zoë", today=TODAY - 100 * DAY)
    ana = contacts.add_contact("Ana", today=TODAY - 100 * DAY)
    recording.record_favour(zoe.id, "Reviewed my talk", on=TODAY, today=TODAY)  # thank-you due on the 12th
    leads.add_lead(ana.id, "Acme is hiring", on=TODAY - 5 * DAY, today=TODAY)  # thank-you and follow-up due
    recording.record_favour(ana.id, "Lent me a book", on=TODAY + 20 * DAY - 2 * DAY, today=TODAY)  # too far
    view = TodayView(context)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()

    assert _titles(view.coming_model) == ["Thank Zoë"]
    assert view.coming_model.index(0).data(Role.BADGE) == "due Thu 12 Mar"
    assert view.coming.title.text() == "Coming up · next 7 days · 1"
    assert view.summary.text() == "2 overdue · 1 coming up this week"

    # A click on the coming reminder makes the buttons act on it: thanked early.
    rect = view.coming_list.visualRect(view.coming_model.index(0))
    qtbot.mouseClick(view.coming_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_reminder().title == "Thank Zoë"
    assert view.thanked_button.isVisible()
    with qtbot.waitSignal(context.bus.data_changed):
        view.thanked_button.click()
    assert _titles(view.coming_model) == []
    assert view.coming.stack.currentWidget() is view.coming.nothing
    context.undo_stack.undo()
    assert _titles(view.coming_model) == ["Thank Zoë"]


def test_the_model_passes_qtmodeltester(qtmodeltester, store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    recording.record_favour(zoe.id, "Reviewed my talk", on=TODAY, today=TODAY)
    model = ComingUpModel(TODAY)
    model.refresh()
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_the_header_and_the_status_bar_count_the_same_reminders(qtbot, store):
    bob = contacts.add_contact("Bob", today=TODAY - 200 * DAY, every_days=30)  # keep-in-touch, overdue
    zoe = contacts.add_contact("Zoë", today=TODAY - 200 * DAY)
    recording.record_favour(zoe.id, "Reviewed my talk", on=TODAY - 2 * DAY, today=TODAY)  # due today
    recording.record_favour(zoe.id, "Intro to Cy", on=TODAY - DAY, today=TODAY)  # due tomorrow
    assert bob.id
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show_section("today")
    today = window.sections.views["today"]
    due, _ = contact_list.reminders_due(TODAY, limit=0)
    assert due == 2
    assert today.summary.text() == "2 due (1 overdue; 1 of them to reach out) · 1 coming up this week"
    assert window._status.text().endswith("· 2 due")
