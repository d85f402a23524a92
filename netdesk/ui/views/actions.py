"""What a click does: open the right dialog, then push the matching undoable command.

Views and the window's menus share these, so "Log interaction…" behaves the same everywhere.
Tests replace `exec_dialog` (like `Messages.ask`) to fill a dialog instead of running its event loop.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QWidget

from netdesk.domain.kinds import ReminderKind
from netdesk.domain.model import Reminder
from netdesk.errors import UserFacingError
from netdesk.services import asks, contact_edit, contacts, local_zone, records
from netdesk.ui import commands
from netdesk.ui.context import AppContext
from netdesk.ui.dialogs_records import (
    AskDialog,
    FavourRecordDialog,
    GiveDialog,
    InteractionDialog,
    LeadDialog,
    LeadOutcomeDialog,
    MeetingDialog,
    ReferralDialog,
    SnoozeDialog,
    ThanksDialog,
)


def exec_dialog(dialog: QDialog) -> bool:
    """Run a dialog modally; True when it was accepted (tests patch this)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def _contact(contact_id: int | None) -> tuple[int, str] | None:
    if contact_id is None:
        return None
    try:
        return contact_id, contacts.get(contact_id).name
    except UserFacingError:
        return None


def _done(result: object) -> bool:
    return result is not None


def log_interaction(context: AppContext, parent: QWidget | None, contact_id: int | None = None,
                    reminder: Reminder | None = None) -> bool:
    """Log an interaction; from an expect-call or check-back reminder it also closes that reminder."""
    dialog = InteractionDialog(context.today, _contact(contact_id), parent)
    if reminder is not None and reminder.kind in (ReminderKind.EXPECT_CALL, ReminderKind.CHECK_BACK):
        dialog.note.setPlainText(reminder.title)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    logging = commands.interaction(context, v["contact_id"], v["name"], v["kind"], v["on"], v["note"])
    closes = reminder is not None and reminder.kind in (ReminderKind.EXPECT_CALL, ReminderKind.CHECK_BACK)
    if not closes:
        return _done(commands.push(context, parent, logging))
    # Written first, so a refused interaction leaves no empty macro on the stack.
    if commands.prepare(context, parent, logging) is None:
        return False
    context.undo_stack.beginMacro(logging.text())
    try:
        context.undo_stack.push(logging)
        commands.push(context, parent, commands.reminder_done(context, reminder.id, reminder.title))
    finally:
        context.undo_stack.endMacro()
    return True


def record_favour(context: AppContext, parent: QWidget | None, contact_id: int | None = None) -> bool:
    dialog = FavourRecordDialog(context.today, _contact(contact_id), parent)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.favour(context, v["contact_id"], v["name"], v["text"],
                                                                   v["on"])))


def record_thanks(context: AppContext, parent: QWidget | None, contact_id: int | None = None) -> bool:
    dialog = ThanksDialog(context.today, _contact(contact_id), parent)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.thanks(context, v["contact_id"], v["name"], v["on"],
                                                                   v["note"])))


def owes_thanks(contact_id: int) -> bool:
    """An unthanked favour or lead, or an open thank-you reminder (a resolved ask's), for this contact."""
    if records.open_favours_and_leads(contact_id):
        return True
    try:
        found = contact_edit.detail(contact_id).reminders
    except UserFacingError:
        return False
    return any(r.kind is ReminderKind.THANK_YOU and r.status.is_active for r in found)


def mark_thanked(context: AppContext, parent: QWidget | None, contact_id: int) -> bool:
    """One click (Ctrl+T, Mark thanked): thanked today. With nothing owed it says so and records nothing:
    a thanks for nothing would hide the next favour's thank-you."""
    found = _contact(contact_id)
    if found is None:
        return False
    if not owes_thanks(contact_id):
        context.messages.tell(parent, "Mark thanked",
                              f"You owe {found[1]} no thanks right now: no favour, lead or answered ask of "
                              "theirs is waiting for one. Nothing was recorded.")
        return False
    return _done(commands.push(context, parent, commands.thanks(context, contact_id, found[1], context.today)))


def new_lead(context: AppContext, parent: QWidget | None, contact_id: int | None = None) -> bool:
    dialog = LeadDialog(context.today, _contact(contact_id), parent)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.lead(context, v["contact_id"], v["name"], v["text"],
                                                                 v["on"])))


def report_outcome(context: AppContext, parent: QWidget | None, lead_id: int, lead_text: str, giver: str) -> bool:
    dialog = LeadOutcomeDialog(context.today, lead_text, giver, parent)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.lead_outcome(context, lead_id, v["outcome"], v["on"])))


def mark_reported(context: AppContext, parent: QWidget | None, lead_id: int) -> bool:
    return _done(commands.push(context, parent, commands.lead_reported(context, lead_id, context.today)))


def new_referral(context: AppContext, parent: QWidget | None, contact_id: int | None = None) -> bool:
    dialog = ReferralDialog(context.today, _contact(contact_id), parent)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.referral(
        context, v["seeker_id"], v["target_id"], f"Refer {v['seeker']} to {v['target']}", v["on"], v["note"])))


def new_ask(context: AppContext, parent: QWidget | None, contact_id: int | None = None) -> bool:
    dialog = AskDialog(context.today, asks.warnings_for, _contact(contact_id), parent)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.ask(context, v["contact_id"], v["name"], v["purpose"],
                                                                v["effort"], v["on"])))


def resolve_ask(context: AppContext, parent: QWidget | None, ask_id: int, status: str) -> bool:
    return _done(commands.push(context, parent, commands.ask_resolved(context, ask_id, status, context.today)))


def new_give(context: AppContext, parent: QWidget | None, contact_id: int | None = None, text: str = "") -> bool:
    dialog = GiveDialog(context.today, _contact(contact_id), parent, text=text)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.give(context, v["contact_id"], v["name"], v["text"],
                                                                 v["kind"], v["link"], v["on"])))


def new_meeting(context: AppContext, parent: QWidget | None, contact_id: int | None = None) -> bool:
    zone = local_zone.local_zone_name()
    dialog = MeetingDialog(context.today, _contact(contact_id), parent, zone=zone)
    if not exec_dialog(dialog):
        return False
    v = dialog.values()
    return _done(commands.push(context, parent, commands.meeting(
        context, v["contact_id"], v["name"], v["at"], referred_by=v["referred_by"], purpose=v["purpose"],
        duration_minutes=v["duration_minutes"], location=v["location"])))


def reminder_done(context: AppContext, parent: QWidget | None, reminder: Reminder) -> bool:
    """Done. On a thank-you, Done alone would close it without the thanks that the habit is about: ask
    whether they were thanked (yes records the thanks), else whether to close it anyway."""
    if reminder.kind is ReminderKind.THANK_YOU and reminder.contact_id is not None:
        if context.messages.ask(parent, "Did you thank them?",
                                f"Did you thank {reminder.contact}? Yes records your thanks today, which closes "
                                "every thank-you they are owed."):
            return _done(commands.push(context, parent, commands.thanks(context, reminder.contact_id,
                                                                           reminder.contact, context.today)))
        if not context.messages.ask(parent, "Close without thanks?",
                                    f"Close “{reminder.title}” without recording thanks?"):
            return False
    return _done(commands.push(context, parent, commands.reminder_done(context, reminder.id, reminder.title)))


def snooze(context: AppContext, parent: QWidget | None, reminder: Reminder, days: int | None = None) -> bool:
    """Snooze by `days`, or ask for a date when `days` is None."""
    if days is None:
        dialog = SnoozeDialog(context.today, reminder.title, parent)
        if not exec_dialog(dialog):
            return False
        until = dialog.values()["until"]
    else:
        until = context.today + dt.timedelta(days=days)
    return _done(commands.push(context, parent, commands.reminder_snoozed(context, reminder.id, reminder.title,
                                                                             until)))
