"""Preferences › Messages and the birthday alarm (pytest-qt on a real store): the Messages tab lists and
checks placeholders and previews on a contact the user picks; Preferences › Calendar gives birthdays their
own alarm, which the feed and the auto-exported .ics carry, and birthdays are in both."""

from __future__ import annotations

import datetime as dt
import http.client
import urllib.parse

import icalendar
import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtTest import QTest

from netdesk.domain.kinds import ReminderKind
from netdesk.services import calendar, contacts, etiquette, messages, recording, reminders
from netdesk.ui.calendar_settings import CalendarSettingsPage
from netdesk.ui.feed_controller import FeedController
from netdesk.ui.preferences import PreferencesDialog
from netdesk.ui.templates_page import TemplatesPage
from tests.conftest import TODAY

DAY = dt.timedelta(days=1)


@pytest.fixture
def two_thanks(store):
    ids = []
    for name, what in (("Chloé Dubois", "a warm introduction"), ("Kenji Sato", "a code review")):
        cid = contacts.add_contact(name, emails=[f"{name.split()[0].lower()}@example.org"], today=TODAY).id
        recording.record_favour(cid, what, on=TODAY - DAY, today=TODAY)
        ids.append(cid)
    return ids


def _dialog(qtbot) -> PreferencesDialog:
    dialog = PreferencesDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_messages_tab_previews_on_the_contact_picked(qtbot, two_thanks):
    dialog = _dialog(qtbot)
    labels = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "&Messages" in labels
    dialog.tabs.setCurrentIndex(labels.index("&Messages"))
    page = dialog.templates_page
    assert isinstance(page, TemplatesPage) and page.isVisible()
    names = [page.on_whom.itemText(i) for i in range(page.on_whom.count())]
    assert names == ["Kenji Sato", "Chloé Dubois"]  # newest first
    assert "a code review" in page.preview.toPlainText()
    page.on_whom.setCurrentIndex(1)
    assert "a warm introduction" in page.preview.toPlainText() and "Chloé" in page.preview.toPlainText()
    # A placeholder double-clicked goes in at the cursor, and the preview fills it for Chloé.
    page.body.setPlainText("Dear ")
    page.body.moveCursor(page.body.textCursor().MoveOperation.End)
    row = next(i for i in range(page.placeholders.count())
               if page.placeholders.item(i).data(Qt.ItemDataRole.UserRole) == "first_name")
    page.placeholders.scrollToItem(page.placeholders.item(row))
    rect = page.placeholders.visualItemRect(page.placeholders.item(row))
    QTest.mouseClick(page.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(page.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.body.toPlainText() == "Dear {first_name}"
    assert page.preview.toPlainText().endswith("Dear Chloé")
    page.body.insertPlainText(", thanks for {favor}")
    assert not page.save_button.isEnabled() and "{favor}" in page.status.text()
    page.body.setPlainText("Dear {first_name}, thank you for {what}.\n{offer}")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Saved."
    dialog.reject()  # the template was saved by its own button; Cancel does not take it back
    thank = next(r for r in reminders.list_reminders() if r.contact == "Kenji Sato")
    assert messages.draft(thank.id, today=TODAY).body.startswith("Dear Kenji, thank you for a code review.")


def test_the_preview_falls_back_to_an_example_with_no_reminder_of_the_kind(qtbot, context):
    page = TemplatesPage(context)
    qtbot.addWidget(page)
    page.kind.setCurrentIndex(page.kind.findData(ReminderKind.BIRTHDAY.value))
    assert [page.on_whom.itemText(i) for i in range(page.on_whom.count())] == [
        "an example (no reminder of this kind yet)"]
    assert page.preview.toPlainText().startswith("Subject: ")


# -- birthdays in the calendar, with their own alarm ------------------------------------------------

@pytest.fixture
def birthday(store):
    ana = contacts.add_contact("Ana Lima", emails=["ana@example.org"], today=TODAY - 300 * DAY).id
    etiquette.set_contact(ana, birthday="--03-12", today=TODAY)
    zoe = contacts.add_contact("Zoë Ångström", today=TODAY).id
    recording.record_favour(zoe, "intro", on=TODAY, today=TODAY)
    reminders.derive(TODAY)
    (found,) = [r for r in reminders.list_reminders() if r.kind is ReminderKind.BIRTHDAY]
    assert found.due == dt.date(2026, 3, 12)
    return found


def _alarms(data: bytes) -> dict[str, dt.timedelta]:
    """SUMMARY → the alarm's offset from the all-day start, for every event."""
    return {str(event["SUMMARY"]): event.walk("VALARM")[0].decoded("TRIGGER")
            for event in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def _get(url: str) -> bytes:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", parts.path)
        response = conn.getresponse()
        assert response.status == 200
        return response.read()
    finally:
        conn.close()


def test_birthdays_ring_at_their_own_time_in_the_file_and_the_feed(qtbot, birthday, tmp_path):
    feed = FeedController()
    page = CalendarSettingsPage(feed=feed)
    qtbot.addWidget(page)
    page.show()
    try:
        assert not page.birthday_own.isChecked() and not page.birthday_alarm.isEnabled()
        target = tmp_path / "netdesk.ics"
        page.export_path.setText(str(target))
        page.auto_export.setChecked(True)
        page.alarm.setTime(QTime(9, 0))
        qtbot.mouseClick(page.birthday_own, Qt.MouseButton.LeftButton, pos=QPoint(8, page.birthday_own.height() // 2))
        assert page.birthday_own.isChecked() and page.birthday_alarm.isEnabled()
        page.birthday_alarm.setTime(QTime(7, 45))
        page.port.setValue(0)
        page.feed_on.setChecked(True)
        with qtbot.waitSignal(feed.started, timeout=10_000) as started:
            page.save()
        assert calendar.load_settings().birthday_alarm == dt.time(7, 45)
        for data in (target.read_bytes(), _get(started.args[0])):
            alarms = _alarms(data)
            (birthday_summary,) = [s for s in alarms if "Ana Lima" in s]
            assert alarms[birthday_summary] == dt.timedelta(hours=7, minutes=45)
            (thanks,) = [s for s in alarms if "Zoë" in s]
            assert alarms[thanks] == dt.timedelta(hours=9)
        # Back to one alarm for all: the birthday rings at 9:00 too.
        page.birthday_own.setChecked(False)
        page.save()
        assert calendar.load_settings().birthday_alarm is None
        assert [v for s, v in _alarms(_get(feed.url)).items() if "Ana Lima" in s] == [dt.timedelta(hours=9)]
    finally:
        feed.stop(remember=False)


def test_the_preferences_dialog_keeps_the_birthday_alarm(qtbot, birthday):
    dialog = _dialog(qtbot)
    dialog.calendar_page.birthday_own.setChecked(True)
    dialog.calendar_page.birthday_alarm.setTime(QTime(8, 30))
    dialog.accept()
    assert calendar.load_settings().birthday_alarm == dt.time(8, 30)
    again = _dialog(qtbot)
    assert again.calendar_page.birthday_own.isChecked()
    assert again.calendar_page.birthday_alarm.time() == QTime(8, 30)
