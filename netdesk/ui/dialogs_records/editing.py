"""The record dialogs in edit mode: the same form as "new", filled from a stored record, saving its changes.

`edit_dialog(table, values, today, parent)` returns the filled dialog and a function that turns the
accepted dialog into the column changes `services.record_edit.edit` takes. Ask and lead dialogs gain the
fields that only exist once the record does: an ask's resolution, a lead's outcome.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QWidget

from netdesk.domain.kinds import AskStatus
from netdesk.errors import UserFacingError
from netdesk.services import contacts
from netdesk.ui.dialogs_records.form import RecordDialog, from_date, to_date
from netdesk.ui.dialogs_records.loops import LeadDialog, MeetingDialog, ReferralDialog
from netdesk.ui.dialogs_records.record_forms import (
    AskDialog,
    FavourRecordDialog,
    GiveDialog,
    InteractionDialog,
    ThanksDialog,
    _text_box,
)

Changes = Callable[[], dict]
TITLES = {"interaction": "Edit interaction", "favour": "Edit favour", "thanks": "Edit thanks",
          "lead": "Edit lead", "referral": "Edit referral", "ask": "Edit ask", "give": "Edit give",
          "meeting": "Edit meeting"}


def _who(contact_id: int | None) -> tuple[int, str] | None:
    if contact_id is None:
        return None
    try:
        return int(contact_id), contacts.get(int(contact_id)).name
    except UserFacingError:
        return None


def _set_combo(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def _optional_date(dialog: RecordDialog, label: str, accessible: str, value: dt.date | None,
                   default: dt.date) -> tuple[QCheckBox, QDateEdit]:
    """A date that may be absent: a check box beside a date field (reported on, thanked on)."""
    box = QCheckBox(label)
    box.setChecked(value is not None)
    edit = dialog.date_edit(value or default, latest=max(dialog.today, value or default))
    edit.setEnabled(value is not None)
    box.toggled.connect(edit.setEnabled)
    dialog.add_row("", box, label.replace("&", ""))
    dialog.add_row("", edit, accessible)
    return box, edit


def _day(box: QCheckBox, edit: QDateEdit) -> dt.date | None:
    return to_date(edit.date()) if box.isChecked() else None


def _latest(dialog: RecordDialog, on: dt.date) -> None:
    """A record dated after today (a clock that was wrong) must still be shown as it is."""
    dialog.on.setMaximumDate(from_date(max(dialog.today, on)))
    dialog.on.setDate(from_date(on))


def edit_dialog(table: str, v: dict, today: dt.date, parent: QWidget | None = None,
                warnings_fn=None) -> tuple[RecordDialog, Changes]:
    """The filled dialog for record `v` of `table`, and how to read its changes once accepted."""
    build = _BUILDERS[table]
    dialog, changes = build(v, today, parent, warnings_fn)
    dialog.setWindowTitle(TITLES[table])
    dialog.save_button.setText("&Save changes")
    dialog.editing = (table, int(v["id"]))
    return dialog, changes


def _interaction(v, today, parent, _w):
    d = InteractionDialog(today, _who(v["contact"]), parent)
    _set_combo(d.kind, v["kind"])
    _latest(d, v["on_date"])
    d.note.setPlainText(v["note"] or "")
    return d, lambda: {"contact": d.values()["contact_id"], "kind": d.kind.currentData(),
                       "on_date": to_date(d.on.date()), "note": d.note.toPlainText().strip()}


def _favour(v, today, parent, _w):
    d = FavourRecordDialog(today, _who(v["contact"]), parent)
    d.text.setPlainText(v["text"])
    _latest(d, v["on_date"])
    thanked = _optional_date(d, "&Thanked them", "Thanked on", v["thanked_on"], today)
    return d, lambda: {"contact": d.values()["contact_id"], "text": d.text.toPlainText().strip(),
                       "on_date": to_date(d.on.date()), "thanked_on": _day(*thanked)}


def _thanks(v, today, parent, _w):
    d = ThanksDialog(today, _who(v["contact"]), parent)
    _latest(d, v["on_date"])
    d.note.setPlainText(v["note"] or "")
    return d, lambda: {"contact": d.values()["contact_id"], "on_date": to_date(d.on.date()),
                       "note": d.note.toPlainText().strip()}


def _give(v, today, parent, _w):
    d = GiveDialog(today, _who(v["contact"]), parent, text=v["text"])
    _set_combo(d.kind, v["kind"])
    d.link.setText(v["link"] or "")
    _latest(d, v["on_date"])
    return d, lambda: {"contact": d.values()["contact_id"], "text": d.text.toPlainText().strip(),
                       "kind": d.kind.currentData(), "link": d.link.text().strip() or None,
                       "on_date": to_date(d.on.date())}


class _EditAsk(AskDialog):
    """An ask being corrected: its guard warnings would count the ask itself, so they are not shown."""

    def current_warnings(self) -> list[str]:
        return []


def _ask(v, today, parent, _w):
    d = _EditAsk(today, lambda _c, _o: [], _who(v["contact"]), parent)
    d.purpose.setPlainText(v["purpose"])
    _set_combo(d.effort, v["effort"])
    _latest(d, v["on_date"])
    status = QComboBox()
    for s in AskStatus:
        status.addItem(s.value.capitalize(), s.value)
    _set_combo(status, v["status"])
    d.status = d.add_row("&Status:", status, "Status")
    d.resolved = d.add_row("&Resolved on:", d.date_edit(v["resolved_on"] or today,
                                                        latest=max(today, v["resolved_on"] or today)), "Resolved on")
    d.resolved.setEnabled(v["status"] != AskStatus.OPEN.value)
    status.currentIndexChanged.connect(lambda _i: d.resolved.setEnabled(status.currentData() != "open"))
    return d, lambda: {"contact": d.values()["contact_id"], "purpose": d.purpose.toPlainText().strip(),
                       "effort": d.effort.currentData(), "on_date": to_date(d.on.date()),
                       "status": status.currentData(),
                       "resolved_on": to_date(d.resolved.date()) if status.currentData() != "open" else None}


def _lead(v, today, parent, _w):
    d = LeadDialog(today, _who(v["contact"]), parent)
    d.text.setPlainText(v["text"])
    _latest(d, v["on_date"])
    d.outcome = d.add_row("Out&come:", _text_box("What came of it? (empty: nothing yet)", 56), "Outcome")
    d.outcome.setPlainText(v["outcome"] or "")
    thanked = _optional_date(d, "T&hanked them", "Thanked on", v["thanked_on"], today)
    reported = _optional_date(d, "Told them the outcome (&reported)", "Reported on", v["reported_on"], today)
    outcome_on = v["outcome_on"]

    def changes() -> dict:
        outcome = d.outcome.toPlainText().strip() or None
        return {"contact": d.values()["contact_id"], "text": d.text.toPlainText().strip(),
                "on_date": to_date(d.on.date()), "outcome": outcome,
                "outcome_on": (outcome_on or today) if outcome else None, "thanked_on": _day(*thanked),
                "reported_on": _day(*reported) if outcome else None}
    return d, changes


def _referral(v, today, parent, _w):
    d = ReferralDialog(today, _who(v["seeker"]), parent)
    target = _who(v["target"])
    if target:
        d.target.set_contact(*target)
    d.note.setPlainText(v["note"] or "")
    _latest(d, v["on_date"])
    return d, lambda: {"seeker": d.seeker.contact_id(), "target": d.target.contact_id(),
                       "note": d.note.toPlainText().strip(), "on_date": to_date(d.on.date())}


def _meeting(v, today, parent, _w):
    d = MeetingDialog(today, _who(v["contact"]), parent, zone=v["tzid"])
    zone = v["tzid"] if v["tzid"] in zoneinfo.available_timezones() else "UTC"
    local = dt.datetime.fromisoformat(v["at"]).astimezone(zoneinfo.ZoneInfo(zone))
    d.at.setDateTime(QDateTime(from_date(local.date()), QTime(local.hour, local.minute)))
    d.minutes.setValue(int(v["duration_minutes"]))
    referrer = _who(v["referred_by"])
    if referrer:
        d.referred_by.set_contact(*referrer)
    d.purpose.setPlainText(v["purpose"] or "")
    d.location.setText(v["location"] or "")

    def changes() -> dict:
        got = d.values()
        return {"contact": got["contact_id"], "at": got["at"], "tzid": got["tzid"],
                "duration_minutes": got["duration_minutes"], "referred_by": got["referred_by"],
                "purpose": got["purpose"], "location": got["location"]}
    return d, changes


_BUILDERS = {"interaction": _interaction, "favour": _favour, "thanks": _thanks, "give": _give, "ask": _ask,
             "lead": _lead, "referral": _referral, "meeting": _meeting}
