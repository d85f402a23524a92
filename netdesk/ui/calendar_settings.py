"""The Calendar page of the Preferences dialog: the exported file, the alarm (and birthdays' own, if they
have one), events or to-dos, and the feed.

Values live in the store (services/calendar.py), so the command line uses the same ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTime
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import UserFacingError
from netdesk.services import calendar
from netdesk.ui.feed_controller import FeedController
from netdesk.ui.messages import Messages


class CalendarSettingsPage(QWidget):
    def __init__(self, parent: QWidget | None = None, *, feed: FeedController | None = None) -> None:
        super().__init__(parent)
        self.feed = feed  # the window's, handed down by the Preferences dialog; None: only the setting
        self.export_path = QLineEdit()
        self.export_path.setPlaceholderText("No file: export by hand with File ▸ Export calendar")
        self.export_path.setAccessibleName("Calendar file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.export_path, 1)
        path_row.addWidget(browse)
        self.auto_export = QCheckBox("Re&write this file after every change")  # Alt+R is the Rules tab
        self.alarm = QTimeEdit()
        self.alarm.setDisplayFormat("HH:mm")
        self.alarm.setAccessibleName("Alarm time")
        self.birthday_own = QCheckBox("Birth&days ring at their own time:")
        self.birthday_own.setAccessibleName("Birthdays have their own alarm")
        self.birthday_alarm = QTimeEdit()
        self.birthday_alarm.setDisplayFormat("HH:mm")
        self.birthday_alarm.setAccessibleName("Birthday alarm time")
        self.birthday_own.toggled.connect(self.birthday_alarm.setEnabled)
        birthday_row = QHBoxLayout()
        birthday_row.addWidget(self.birthday_own)
        birthday_row.addWidget(self.birthday_alarm)
        birthday_row.addStretch(1)
        self.kind = QComboBox()
        self.kind.addItem("Events (every calendar app shows them)", False)
        self.kind.addItem("To-dos (VTODO; Google Calendar ignores them)", True)
        self.kind.setAccessibleName("Reminders as")

        self.feed_on = QCheckBox("&Serve a subscription feed on this computer (127.0.0.1 only)")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText("any free port")
        self.port.setAccessibleName("Feed port")
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.url.setAccessibleName("Subscription URL")
        self.copy_button = QToolButton()
        self.copy_button.setText("Cop&y subscription URL")  # Alt+C is the Calendar tab
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy_webcal_action = QAction("Copy the webcal:// URL (calendar apps)", self)
        self.copy_http_action = QAction("Copy the http:// URL (browsers, vdirsyncer)", self)
        self.copy_webcal_action.triggered.connect(lambda: self.copy_url("webcal"))
        self.copy_http_action.triggered.connect(lambda: self.copy_url("http"))
        menu = QMenu(self.copy_button)
        menu.addAction(self.copy_webcal_action)
        menu.addAction(self.copy_http_action)
        self.copy_button.setMenu(menu)
        self.copy_button.clicked.connect(lambda: self.copy_url("webcal"))
        self.new_token_button = QPushButton("&New secret address…")
        self.new_token_button.setToolTip("Old subscription URLs stop working")
        self.new_token_button.clicked.connect(self.regenerate_token)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy_button)
        url_row.addWidget(self.new_token_button)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        file_label = QLabel("Calendar &file:")
        file_label.setBuddy(self.export_path)  # a row holding a layout gets no buddy by itself
        url_label = QLabel("Subscription &URL:")
        url_label.setBuddy(self.url)
        form.addRow(file_label, path_row)
        form.addRow("", self.auto_export)
        form.addRow("&Alarm at:", self.alarm)
        form.addRow("", birthday_row)
        form.addRow("Reminders &as:", self.kind)
        form.addRow("", self.feed_on)
        form.addRow("Feed &port:", self.port)
        form.addRow(url_label, url_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.port.valueChanged.connect(lambda _value: self.show_url())
        if self.feed is not None:
            self.feed.started.connect(lambda _url: self.show_url())
            self.feed.stopped.connect(self.show_url)
            self.feed.failed.connect(self.status.setText)
        self.load()

    # -- values ------------------------------------------------------------------------------
    def load(self) -> None:
        """Fill the widgets from the store."""
        values = calendar.load_settings()
        self.export_path.setText(values.export_path)
        self.auto_export.setChecked(values.auto_export)
        self.alarm.setTime(QTime(values.alarm.hour, values.alarm.minute))
        birthday = values.birthday_alarm
        self.birthday_own.setChecked(birthday is not None)
        self.birthday_alarm.setEnabled(birthday is not None)
        self.birthday_alarm.setTime(QTime(8, 0) if birthday is None else QTime(birthday.hour, birthday.minute))
        self.kind.setCurrentIndex(1 if values.todo else 0)
        self.feed_on.setChecked(self.feed.running if self.feed is not None else values.feed_enabled)
        self.port.setValue(values.feed_port)
        self.status.clear()
        self.show_url()

    def values(self) -> calendar.CalendarSettings:
        time = self.alarm.time()
        own = self.birthday_alarm.time()
        path = self.export_path.text().strip()
        return replace(
            calendar.load_settings(),
            export_path=str(Path(path).expanduser().absolute()) if path else "",
            auto_export=self.auto_export.isChecked(), alarm=dt.time(time.hour(), time.minute()),
            todo=bool(self.kind.currentData()), feed_enabled=self.feed_on.isChecked(), feed_port=self.port.value(),
            birthday_alarm=dt.time(own.hour(), own.minute()) if self.birthday_own.isChecked() else None,
        )

    def save(self) -> None:
        """Store the values; start or stop the feed to match. Raises UserFacingError on a refused value."""
        new = self.values()
        calendar.save_settings(new)
        if new.auto_export:
            from netdesk.services import autoexport

            autoexport.after_change()  # the file exists as soon as the option is on
        if self.feed is not None and new.feed_enabled != self.feed.running:
            if new.feed_enabled:
                if not self.feed.start(new.feed_port):
                    raise UserFacingError(self.status.text() or "the feed could not start")
            else:
                self.feed.stop()
        self.show_url()

    apply = save  # the Preferences dialog calls apply()

    # -- the feed's address ------------------------------------------------------------------
    def urls(self) -> tuple[str, str]:
        """(http, webcal) URLs: the running feed's, else the ones the settings will give."""
        token = calendar.feed_token()
        if self.feed is not None and self.feed.running:
            return self.feed.url, self.feed.webcal_url
        return calendar.feed_urls(self.port.value(), token)

    def show_url(self) -> None:
        http, _webcal = self.urls()
        if self.port.value() == 0 and not (self.feed is not None and self.feed.running):
            http = http.replace(":0/", ":<port>/")
        self.url.setText(http)
        self.url.setCursorPosition(0)  # show where it points, not the end of the token

    def copy_url(self, form: str) -> str:
        http, webcal = self.urls()
        text = webcal if form == "webcal" else http
        QGuiApplication.clipboard().setText(text)
        self.status.setText(f"Copied {form}:// URL to the clipboard.")
        return text

    def regenerate_token(self) -> None:
        if not Messages.ask(self, "New secret address",
                            "Make a new secret address for the feed? Calendars subscribed to the old one stop "
                            "receiving updates until you subscribe them again."):
            return
        calendar.regenerate_token()
        token = calendar.feed_token()
        if self.feed is not None:
            self.feed.use_token(token)
        self.show_url()
        self.status.setText("The feed has a new secret address; subscribe your calendars again.")

    def browse(self) -> None:
        start = self.export_path.text() or str(Path.home() / "netdesk.ics")
        path, _ = QFileDialog.getSaveFileName(self, "Calendar file", start, "iCalendar (*.ics)")
        if path:
            self.export_path.setText(path)
