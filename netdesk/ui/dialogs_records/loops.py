"""Dialogs for the loops between people: leads and their outcome, referrals, meetings; and snoozing."""

from __future__ import annotations

import datetime as dt
import html
import zoneinfo
from functools import cache

from PySide6.QtCore import QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from netdesk.domain import zones
from netdesk.ui.dialogs_records.form import ContactPicker, RecordDialog, from_date, to_date
from netdesk.ui.dialogs_records.record_forms import Contact, _text_box


@cache
def time_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def local_zone_name() -> str:
    name = bytes(QTimeZone.systemTimeZoneId()).decode()
    return name if name in time_zones() else "UTC"


class LeadDialog(RecordDialog):
    def __init__(self, today: dt.date, contact: Contact | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Record lead", today, parent)
        self.contact = self.add_row("&From:", ContactPicker(contact), "Who gave you the lead")
        self.text = self.add_row("&Lead:", _text_box("The opening, the person or the idea they passed on"), "Lead")
        self.on = self.add_row("&On:", self.date_edit(today, latest=today), "Date")
        hint = QLabel("You will be reminded to thank them, to pursue it, and to tell them how it went.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.form.addRow(hint)
        (self.text if contact else self.contact).setFocus()

    def problem(self) -> str | None:
        return self.contact.problem() or (None if self.text.toPlainText().strip() else "Say what the lead is.")

    def values(self) -> dict:
        return {"contact_id": self.contact.contact_id(), "name": self.contact.contact_name(),
                "text": self.text.toPlainText().strip(), "on": to_date(self.on.date())}


class LeadOutcomeDialog(RecordDialog):
    def __init__(self, today: dt.date, lead_text: str, giver: str, parent: QWidget | None = None) -> None:
        super().__init__("Lead outcome", today, parent)
        about = QLabel(f"Lead from <b>{_escape(giver)}</b>: {_escape(lead_text)}")
        about.setWordWrap(True)
        self.form.addRow(about)
        self.outcome = self.add_row("&Outcome:", _text_box("What came of it? (a meeting, a job, nothing yet…)"),
                                    "Outcome")
        self.on = self.add_row("&Date:", self.date_edit(today, latest=today), "Date")
        hint = QLabel(f"Next: close the loop — tell {_escape(giver)} how it went.")
        hint.setEnabled(False)
        self.form.addRow(hint)
        self.outcome.setFocus()

    def problem(self) -> str | None:
        return None if self.outcome.toPlainText().strip() else "Say what the outcome was."

    def values(self) -> dict:
        return {"outcome": self.outcome.toPlainText().strip(), "on": to_date(self.on.date())}


class ReferralDialog(RecordDialog):
    """You gave the seeker the name of the target."""

    def __init__(self, today: dt.date, seeker: Contact | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Refer someone", today, parent)
        self.seeker = self.add_row("&Refer:", ContactPicker(seeker), "Who you refer")
        self.target = self.add_row("&To:", ContactPicker(), "Who they should contact")
        self.note = self.add_row("&Why:", _text_box("Why these two should talk (optional)", 56), "Note")
        self.on = self.add_row("&On:", self.date_edit(today, latest=today), "Date")
        hint = QLabel("You will be reminded to tell the second person to expect a call, "
                      "and to check back with the first.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.form.addRow(hint)
        (self.target if seeker else self.seeker).setFocus()

    def problem(self) -> str | None:
        problem = self.seeker.problem("person you refer") or self.target.problem("person they should contact")
        if problem:
            return problem
        if self.seeker.contact_id() == self.target.contact_id():
            return "Refer someone to a different person."
        return None

    def values(self) -> dict:
        return {"seeker_id": self.seeker.contact_id(), "seeker": self.seeker.contact_name(),
                "target_id": self.target.contact_id(), "target": self.target.contact_name(),
                "note": self.note.toPlainText().strip(), "on": to_date(self.on.date())}


class MeetingDialog(RecordDialog):
    def __init__(self, today: dt.date, contact: Contact | None = None, parent: QWidget | None = None,
                 zone: str | None = None) -> None:
        super().__init__("Plan a meeting", today, parent)
        self.contact = self.add_row("&With:", ContactPicker(contact), "Who you meet")
        start = QDateTime(from_date(today + dt.timedelta(days=1)), QTime(10, 0))
        self.at = self.add_row("Wh&en:", QDateTimeEdit(start), "Date and time")
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.zone = self.add_row("Time &zone:", QComboBox(), "Time zone")
        self.zone.setEditable(True)
        self.zone.addItems(time_zones())
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.zone.completer().setFilterMode(Qt.MatchFlag.MatchContains)  # "paris" finds Europe/Paris
        self.zone.setCurrentText(zone or local_zone_name())
        self.time_warning = QLabel()  # a time the clocks skip or repeat that night (domain/zones.py)
        self.time_warning.setObjectName("timeWarning")
        self.time_warning.setAccessibleName("Time warning")
        self.time_warning.setWordWrap(True)
        self.time_warning.hide()
        self.form.addRow(self.time_warning)
        self.at.dateTimeChanged.connect(self.update_time_warning)
        self.zone.currentTextChanged.connect(self.update_time_warning)
        self.update_time_warning()
        self.minutes = self.add_row("&Duration:", QSpinBox(), "Duration in minutes")
        self.minutes.setRange(15, 8 * 60)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" min")
        self.referred_by = self.add_row("&Referred by:", ContactPicker(), "Referred by")
        self.referred_by.setPlaceholderText("Who put you in touch (optional)")
        self.purpose = self.add_row("&Purpose:", _text_box("Why are you meeting? It goes into the brief.", 56),
                                    "Purpose")
        self.location = self.add_row("&Location:", QLineEdit(), "Location")
        self.location.setPlaceholderText("A place or a video link (optional)")
        (self.at if contact else self.contact).setFocus()

    def problem(self) -> str | None:
        if problem := self.contact.problem("person you meet"):
            return problem
        if self.zone.currentText().strip() not in time_zones():
            return f"{self.zone.currentText().strip()!r} is not a time zone (e.g. Europe/Paris)."
        if self.referred_by.text().strip():
            if problem := self.referred_by.problem("person who referred you"):
                return problem
            if self.referred_by.contact_id() == self.contact.contact_id():
                return "Nobody refers you to themselves: leave Referred by empty, or pick someone else."
        if not self.purpose.toPlainText().strip():
            return "Be prepared: say why you are meeting."
        return None

    def _typed(self) -> dt.datetime:
        local = self.at.dateTime()
        return dt.datetime(local.date().year(), local.date().month(), local.date().day(),
                           local.time().hour(), local.time().minute())

    def update_time_warning(self) -> None:
        zone = self.zone.currentText().strip()
        warning = zones.resolve_local(self._typed(), zoneinfo.ZoneInfo(zone))[1] if zone in time_zones() else None
        self.time_warning.setText(warning or "")
        self.time_warning.setVisible(bool(warning))

    def values(self) -> dict:
        zone = self.zone.currentText().strip()
        at = self._typed().replace(tzinfo=zoneinfo.ZoneInfo(zone))
        referred = self.referred_by.contact_id() if self.referred_by.text().strip() else None
        return {"contact_id": self.contact.contact_id(), "name": self.contact.contact_name(), "at": at,
                "tzid": zone, "duration_minutes": self.minutes.value(), "referred_by": referred,
                "purpose": self.purpose.toPlainText().strip(), "location": self.location.text().strip()}


class SnoozeDialog(RecordDialog):
    """Move a reminder to a later day: +1 day, +1 week, or any date after today."""

    def __init__(self, today: dt.date, title: str, parent: QWidget | None = None) -> None:
        super().__init__("Snooze reminder", today, parent)
        self.save_button.setText("&Snooze")
        about = QLabel(_escape(title))
        about.setWordWrap(True)
        self.form.addRow(about)
        self.until = self.add_row("&Until:", self.date_edit(today + dt.timedelta(days=1)), "Snooze until")
        self.until.setMinimumDate(from_date(today + dt.timedelta(days=1)))
        quick = QWidget()
        row = QHBoxLayout(quick)
        row.setContentsMargins(0, 0, 0, 0)
        for text, days in (("+1 &day", 1), ("+1 &week", 7), ("+1 &month", 30)):
            button = QPushButton(text)
            button.setAccessibleName(f"Snooze {days} days")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, d=days: self.until.setDate(from_date(today + dt.timedelta(days=d))))
            row.addWidget(button)
        row.addStretch(1)
        self.form.addRow("", quick)
        self.until.setFocus()

    def values(self) -> dict:
        return {"until": to_date(self.until.date())}


def _escape(text: str) -> str:
    return html.escape(text)
