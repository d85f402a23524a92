"""The Calendar preferences page and the feed controller, driven through their real widgets."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import urllib.parse

import icalendar
import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QApplication

from netdesk.errors import UserFacingError
from netdesk.services import calendar, contacts, recording
from netdesk.ui.calendar_settings import CalendarSettingsPage
from netdesk.ui.feed_controller import FeedController
from tests.conftest import TODAY


@pytest.fixture
def feed(qtbot, store):
    controller = FeedController()
    yield controller
    controller.stop(remember=False)


@pytest.fixture
def page(qtbot, store, feed):
    widget = CalendarSettingsPage(feed=feed)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _get(url: str) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", parts.path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_page_loads_defaults_and_saves_to_the_store(page, qtbot, tmp_path):
    assert page.alarm.time() == QTime(9, 0)
    assert page.kind.currentData() is False and not page.auto_export.isChecked() and not page.feed_on.isChecked()
    target = tmp_path / "mine.ics"
    page.export_path.setText(str(target))
    page.auto_export.setChecked(True)
    page.alarm.setTime(QTime(7, 30))
    page.kind.setCurrentIndex(1)
    page.port.setValue(0)
    page.save()
    saved = calendar.load_settings()
    assert (saved.export_path, saved.auto_export, saved.alarm, saved.todo, saved.feed_port) == (
        str(target), True, dt.time(7, 30), True, 0)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")  # written as soon as the option is on
    again = CalendarSettingsPage()
    qtbot.addWidget(again)
    assert again.alarm.time() == QTime(7, 30) and again.kind.currentIndex() == 1 and again.auto_export.isChecked()


def test_auto_export_without_a_file_is_refused_and_nothing_saved(page):
    page.auto_export.setChecked(True)
    page.export_path.setText("   ")
    with pytest.raises(UserFacingError, match="needs a file"):
        page.save()
    assert calendar.load_settings().auto_export is False


def test_copy_gives_webcal_and_http_forms(page):
    page.port.setValue(8123)
    page.copy_webcal_action.trigger()
    webcal = QApplication.clipboard().text()
    page.copy_http_action.trigger()
    http_url = QApplication.clipboard().text()
    token = calendar.feed_token()
    assert webcal == f"webcal://127.0.0.1:8123/{token}/netdesk.ics"
    assert http_url == f"http://127.0.0.1:8123/{token}/netdesk.ics"
    assert page.url.text() == http_url


def test_new_token_asks_first(page, messages):
    before = calendar.feed_token()
    page.new_token_button.click()  # the patched question answers no
    assert calendar.feed_token() == before and before in page.url.text()
    messages.answers.append(True)
    page.new_token_button.click()
    after = calendar.feed_token()
    assert after != before and after in page.url.text() and before not in page.url.text()


def test_feed_toggle_serves_and_stops(page, feed, qtbot):
    zoe = contacts.add_contact("Zoë Ångström", today=TODAY)
    recording.record_favour(zoe.id, "intro", on=TODAY, today=TODAY)
    page.port.setValue(0)
    page.feed_on.setChecked(True)
    with qtbot.waitSignal(feed.started, timeout=10_000) as started:
        page.save()
    url = started.args[0]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[\w-]{22,}/netdesk\.ics", url)
    assert page.url.text() == url and feed.url == url and calendar.load_settings().feed_enabled
    status, body = _get(url)
    assert status == 200
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert "Zoë Ångström" in str(event["SUMMARY"])
    page.copy_webcal_action.trigger()
    assert QApplication.clipboard().text() == url.replace("http://", "webcal://")
    page.feed_on.setChecked(False)
    with qtbot.waitSignal(feed.stopped, timeout=10_000):
        page.save()
    assert not feed.running and not calendar.load_settings().feed_enabled
    with pytest.raises(OSError):
        _get(url)
    assert feed.start_if_enabled() is False and not feed.running
    calendar.set_feed_enabled(True)
    with qtbot.waitSignal(feed.started, timeout=10_000):
        assert feed.start_if_enabled() is True


def test_regenerating_while_serving_retires_the_old_url_at_once(page, feed, messages, qtbot):
    with qtbot.waitSignal(feed.started, timeout=10_000):
        assert feed.start(0)
    old = feed.url
    messages.answers.append(True)
    page.new_token_button.click()
    assert feed.url != old and page.url.text() == feed.url
    assert _get(old)[0] == 404 and _get(feed.url)[0] == 200


def test_a_port_in_use_fails_with_a_message(page, feed, qtbot, store):
    other = FeedController()
    try:
        assert other.start(0)
        port = int(urllib.parse.urlsplit(other.url).port)
        with qtbot.waitSignal(feed.failed, timeout=10_000) as failed:
            assert not feed.start(port)
        assert "already in use" in failed.args[0]
        page.feed_on.setChecked(True)
        page.port.setValue(port)
        with pytest.raises(UserFacingError, match="already in use"):
            page.save()
        assert "already in use" in page.status.text()
    finally:
        other.stop(remember=False)


def test_the_preferences_dialog_has_the_calendar_page(qtbot, store):
    from netdesk.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(TODAY)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.calendar_page, CalendarSettingsPage)
    dialog.calendar_page.alarm.setTime(QTime(8, 15))
    dialog.accept()
    assert calendar.load_settings().alarm == dt.time(8, 15)
