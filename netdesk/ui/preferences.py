"""The Preferences dialog: appearance and notifications (QSettings), rules, goal and tag cadences (the store),
and the calendar page.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import fields, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk import desktop_integration
from netdesk.domain.change import Change
from netdesk.domain.rules import RuleSettings
from netdesk.errors import UserFacingError
from netdesk.services import preferences as prefs
from netdesk.ui import capture_page, options, templates_page, theme
from netdesk.ui.calendar_settings import CalendarSettingsPage
from netdesk.ui.context import change_of
from netdesk.ui.ctrl_enter import ctrl_enter_accepts
from netdesk.ui.feed_controller import FeedController
from netdesk.ui.navigation import SECTIONS, label

RULE_LABELS = {
    "thank_you_days": ("Thank someone within", " days"),
    "follow_up_days": ("Follow up a lead within", " days"),
    "close_the_loop_days": ("Tell the giver the outcome within", " days"),
    "expect_call_days": ("Warn a contact to expect a call within", " days"),
    "check_back_days": ("Check back after a referral after", " days"),
    "prepare_days_before": ("Prepare for a meeting", " days before"),
    "monthly_goal": ("New contacts each month (goal)", ""),
    "ask_window_days": ("Count recent asks over", " days"),
    "ask_window_max": ("Warn after this many recent asks", ""),
    "balance_window_days": ("Weigh asks against gives over", " days"),
    "balance_slack": ("Asks allowed beyond gives", ""),
}


class DaysSpinBox(QSpinBox):
    """A number of days that reads as English: "1 day", "2 days", "1 day before"."""

    def __init__(self, after: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._after = after

    def textFromValue(self, value: int) -> str:
        """Override QSpinBox.textFromValue."""
        return f"{value} day{'' if value == 1 else 's'}{self._after}"

    def valueFromText(self, text: str) -> int:
        """Override QSpinBox.valueFromText."""
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else 0

    def validate(self, text: str, pos: int):
        """Override QSpinBox.validate: the words around the number may be typed or not."""
        from PySide6.QtGui import QValidator

        digits = "".join(ch for ch in text if ch.isdigit())
        state = QValidator.State.Acceptable if digits else QValidator.State.Intermediate
        return state, text, pos


class PreferencesDialog(QDialog):
    def __init__(self, today: dt.date, parent: QWidget | None = None, *, feed: FeedController | None = None) -> None:
        """`feed`: the window's feed controller, which the Calendar page turns on and off (None: the page
        only saves the setting)."""
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.today = today
        self.change = Change()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Preference pages")
        self.tabs.addTab(self._general_page(), "&General")
        self.tabs.addTab(self._rules_page(), "&Rules && goal")
        self.tabs.addTab(self._cadence_page(), "&Keep in touch")
        self.calendar_page = CalendarSettingsPage(self, feed=feed)
        self.tabs.addTab(self.calendar_page, "&Calendar")
        from netdesk.ui.accounts_page import AccountsPage  # acts at once; its Change joins the dialog's

        self.accounts_page = AccountsPage(self)
        self.accounts_page.accounts_changed.connect(lambda change: setattr(self, "change", self.change | change))
        self.tabs.addTab(self.accounts_page, "Acco&unts")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(link); font-weight: 600;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ctrl_enter_accepts(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        templates_page.add_to(self)  # Messages: each kind's template, checked and previewed; saves at once
        capture_page.add_to(self)  # Capture: the mail and calendars the window reads; sources act at once

    # -- pages -------------------------------------------------------------------------------
    def _general_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.appearance = QComboBox()
        self.appearance.setAccessibleName("Appearance")
        for key, text in theme.MODES.items():
            self.appearance.addItem(text, key)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(options.APPEARANCE.get())))
        self.start_section = QComboBox()
        self.start_section.setAccessibleName("Open at start")
        for section in SECTIONS:
            self.start_section.addItem(label(section), section.key)
        self.start_section.addItem("Where I left off", "last")
        self.start_section.setCurrentIndex(max(0, self.start_section.findData(options.START_SECTION.get())))
        self.notify = QCheckBox("Tell me in the system tray when reminders fall due")
        self.notify.setAccessibleName("Tray notifications")
        self.notify.setChecked(options.TRAY_NOTIFICATIONS.get())
        # Reminders while the window is closed (issue 19 item 18): a freedesktop autostart entry.
        self.autostart = QCheckBox("Start netdesk in the tray when I log in")
        self.autostart.setAccessibleName("Start in the tray at login")
        self.autostart.setToolTip("Reminders and the calendar feed keep working while the window is closed")
        self.autostart.setChecked(desktop_integration.autostart_enabled())
        self.autostart.setVisible(sys.platform.startswith("linux"))
        self.debounce = QSpinBox()
        self.debounce.setAccessibleName("Search delay")
        self.debounce.setRange(0, 1000)
        self.debounce.setSingleStep(50)
        self.debounce.setSuffix(" ms")
        self.debounce.setValue(options.SEARCH_DEBOUNCE_MS.get())
        form.addRow("&Appearance:", self.appearance)
        form.addRow("&Open at start:", self.start_section)
        form.addRow("", self.notify)
        form.addRow("", self.autostart)
        form.addRow("&Search after typing stops for:", self.debounce)
        return page

    def _rules_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.rules = prefs.rule_settings()
        self.rule_boxes: dict[str, QSpinBox] = {}
        for item in fields(RuleSettings):
            text, suffix = RULE_LABELS.get(item.name, (item.name.replace("_", " ").capitalize(), ""))
            box = DaysSpinBox(suffix.replace(" days", "", 1)) if "days" in suffix else QSpinBox()
            box.setRange(0, 3650)
            box.setValue(getattr(self.rules, item.name))
            box.setAccessibleName(text)
            self.rule_boxes[item.name] = box
            form.addRow(text + ":", box)
        return page

    def _cadence_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel("Keep in touch with everyone who has a tag this often. A contact's own cadence wins.")
        intro.setWordWrap(True)
        self.cadences = prefs.tag_cadences()
        self.cadence_table = QTableWidget(len(self.cadences), 2)
        self.cadence_table.setAccessibleName("Cadences by tag")
        self.cadence_table.setHorizontalHeaderLabels(["Tag", "Every"])
        self.cadence_table.verticalHeader().hide()
        self.cadence_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.cadence_boxes: dict[str, QSpinBox] = {}
        for row, (name, every) in enumerate(self.cadences.items()):
            item = QTableWidgetItem(name)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.cadence_table.setItem(row, 0, item)
            box = DaysSpinBox()
            box.setRange(0, 3650)
            box.setSpecialValueText("never")
            box.setValue(every or 0)
            box.setAccessibleName(f"Cadence for {name}")
            self.cadence_boxes[name] = box
            self.cadence_table.setCellWidget(row, 1, box)
        layout.addWidget(intro)
        if self.cadences:
            layout.addWidget(self.cadence_table)
        else:
            empty = QLabel("No tags yet. Tag your contacts, then set how often to keep in touch here.")
            empty.setEnabled(False)
            empty.setWordWrap(True)
            layout.addWidget(empty)
            layout.addStretch(1)
        return page

    # -- saving ------------------------------------------------------------------------------
    def accept(self) -> None:
        """Override QDialog.accept: save every page; a refused value keeps the dialog open."""
        try:
            self.save()
        except UserFacingError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()

    def save(self) -> None:
        """Write every page; `change` says what the store writes touched (for the window to refresh)."""
        # Rules and cadences re-derive every reminder: a bulk write, unless the service names its ids.
        new_rules = replace(self.rules, **{name: box.value() for name, box in self.rule_boxes.items()})
        if new_rules != self.rules:
            self.change |= change_of(prefs.save_rule_settings(new_rules, today=self.today), Change.all())
        changed = {name: (box.value() or None) for name, box in self.cadence_boxes.items()
                   if (box.value() or None) != self.cadences.get(name)}
        if changed:
            self.change |= change_of(prefs.save_tag_cadences(changed, today=self.today), Change.all())
        # The calendar page's settings (feed, export) are shown by no view, so they are not announced.
        self.calendar_page.apply()
        options.APPEARANCE.set(self.appearance.currentData())
        options.START_SECTION.set(self.start_section.currentData())
        options.TRAY_NOTIFICATIONS.set(self.notify.isChecked())
        if self.autostart.isChecked() != desktop_integration.autostart_enabled():
            try:
                desktop_integration.set_autostart(self.autostart.isChecked())
            except OSError as exc:
                raise UserFacingError(f"could not change the start at login: {exc.strerror or exc}") from None
        options.SEARCH_DEBOUNCE_MS.set(self.debounce.value())
