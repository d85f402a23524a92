"""The window's tray check runs reminders.catch_up once a day: at start and when the day changes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QGuiApplication

from netdesk.services import reminders
from netdesk.store import settings
from tests.conftest import TODAY


def test_check_derives_once_a_day_and_announces_it(store, qtbot):
    from netdesk.ui.tray import ReminderNotifier

    day = [TODAY]
    notifier = ReminderNotifier(lambda: day[0], QGuiApplication.windowIcon())
    seen = []
    notifier.caught_up.connect(seen.append)
    notifier.check()
    assert settings.get(reminders.DERIVED_ON) == TODAY.isoformat()
    notifier.check()  # the same day: nothing derived again
    assert settings.get(reminders.DERIVED_ON) == TODAY.isoformat()
    day[0] = TODAY + dt.timedelta(days=1)  # midnight passes with the window open
    notifier.check()
    assert settings.get(reminders.DERIVED_ON) == day[0].isoformat()
    assert all(change for change in seen)  # only a derivation that wrote something is announced
