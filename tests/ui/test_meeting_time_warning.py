"""The meeting dialog says, while the time is typed, when that time does not exist or comes twice."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QTime

from netdesk.ui.dialogs_records import MeetingDialog
from tests.conftest import TODAY


def test_the_dialog_warns_about_skipped_and_repeated_times_and_not_otherwise(qtbot):
    dialog = MeetingDialog(TODAY, zone="Europe/Berlin")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.time_warning.isVisible()
    dialog.at.setDateTime(QDateTime(QDate(2026, 10, 25), QTime(2, 30)))
    assert dialog.time_warning.isVisible() and "happens twice" in dialog.time_warning.text()
    dialog.zone.setCurrentText("Asia/Kolkata")
    assert not dialog.time_warning.isVisible()
    dialog.zone.setCurrentText("America/New_York")
    dialog.at.setDateTime(QDateTime(QDate(2026, 3, 8), QTime(2, 30)))
    assert "does not exist in America/New_York" in dialog.time_warning.text()
