"""Issue 19 item 2: every history record is edited and deleted from the card's timeline and from each
section's table, with the record's own dialog, undoably, and the reminders follow."""

import datetime as dt
import zoneinfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services import asks, contacts, leads, meetings, record_edit, recording
from netdesk.store import reminders as reminder_rows
from netdesk.ui.contact_detail import ContactDetailView
from netdesk.ui.views.asks import AsksView
from netdesk.ui.views.leads import LeadsView
from netdesk.ui.views.meetings import MeetingsView

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _open(kind: str, contact_id: int) -> list:
    return [r for r in reminder_rows.select(contact_id=contact_id) if r.kind == kind and r.status.is_active]


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


@pytest.fixture
def card(qtbot, context):
    widget = ContactDetailView(context)
    context.bus.data_changed.connect(lambda change: widget.reload())
    return _shown(qtbot, widget)


def _select_timeline(card, text: str):
    for i in range(card.timeline.topLevelItemCount()):
        item = card.timeline.topLevelItem(i)
        if text in item.text(1):
            card.timeline.setCurrentItem(item)
            card.timeline.setFocus()
            return item
    raise AssertionError(f"{text!r} not in the timeline")


def _menu_action(view, text: str):
    """Right-click the current row and return the context menu's action named `text`."""
    rect = view.visualRect(view.currentIndex())
    menu = view.record_menu(rect.center())
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


def test_the_timeline_edits_a_favour_with_its_dialog_and_undo_puts_it_back(card, context, dialogs, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    bob = contacts.add_contact("Bob", today=TODAY)
    favour = recording.record_favour(ana.id, "Intro to Cy", on=TODAY - DAY, today=TODAY)
    card.show_contact(ana.id)
    _select_timeline(card, "Intro to Cy")

    def fill(dialog):
        assert dialog.windowTitle() == "Edit favour"
        assert dialog.text.toPlainText() == "Intro to Cy" and dialog.contact.text() == "Ana"
        dialog.contact.set_contact(bob.id, "Bob")  # it was Bob who did it
        dialog.text.setPlainText("Intro to Cy Young")

    dialogs.fillers.append(fill)
    with qtbot.waitSignal(context.bus.data_changed):
        _menu_action(card.timeline, "Edit…").trigger()
    row = record_edit.row("favour", favour.id)
    assert (row["contact"], row["text"]) == (bob.id, "Intro to Cy Young")
    assert not _open("thank-you", ana.id) and _open("thank-you", bob.id)
    assert card.timeline.topLevelItem(0).text(1) == "Nothing recorded yet"  # the card is Ana's
    assert "Edit the favour from Ana" in context.undo_stack.undoText()

    context.undo_stack.undo()
    assert record_edit.row("favour", favour.id)["contact"] == ana.id
    assert _open("thank-you", ana.id) and not _open("thank-you", bob.id)
    context.undo_stack.redo()
    assert record_edit.row("favour", favour.id)["contact"] == bob.id


def test_f2_and_delete_on_the_timeline(card, context, dialogs, messages, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    call = recording.log_interaction(ana.id, "call", on=TODAY - 2 * DAY, today=TODAY, note="about the job")
    card.show_contact(ana.id)
    _select_timeline(card, "Call")

    def fill(dialog):
        assert dialog.windowTitle() == "Edit interaction"
        dialog.kind.setCurrentIndex(dialog.kind.findData("email"))
        dialog.note.setPlainText("it was an email")

    dialogs.fillers.append(fill)
    with qtbot.waitSignal(context.bus.data_changed):
        qtbot.keyClick(card.timeline, Qt.Key.Key_F2)
    assert record_edit.row("interaction", call.id)["kind"] == "email"

    _select_timeline(card, "Email")
    messages.answers.append(True)  # "Delete the email with Ana of …?"
    with qtbot.waitSignal(context.bus.data_changed):
        qtbot.keyClick(card.timeline, Qt.Key.Key_Delete)
    assert "Delete the email with Ana" in messages.shown[-1][1]
    assert card.timeline.topLevelItem(0).text(1) == "Nothing recorded yet"
    context.undo_stack.undo()
    assert record_edit.row("interaction", call.id)["note"] == "it was an email"
    assert "about the job" not in card.timeline.topLevelItem(0).text(2)

    messages.answers.append(False)  # a "no" deletes nothing
    _select_timeline(card, "Email")
    qtbot.keyClick(card.timeline, Qt.Key.Key_Delete)
    assert record_edit.row("interaction", call.id)


def test_deleting_thanks_from_the_timeline_reopens_the_thank_you(card, context, messages, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    recording.record_favour(ana.id, "Reviewed my CV", on=TODAY - 3 * DAY, today=TODAY)
    recording.record_thanks(ana.id, on=TODAY - DAY, today=TODAY)
    card.show_contact(ana.id)
    assert "Nothing open" in card.reminders_label.text()
    _select_timeline(card, "Thanked them")
    messages.answers.append(True)
    with qtbot.waitSignal(context.bus.data_changed):
        _menu_action(card.timeline, "Delete").trigger()
    assert "Thank Ana" in card.reminders_label.text()
    context.undo_stack.undo()
    assert "Nothing open" in card.reminders_label.text()


@pytest.fixture
def network(store):
    zoe = contacts.add_contact("Zoë", today=TODAY)
    bob = contacts.add_contact("Bob", today=TODAY)
    ask = asks.record_ask(zoe.id, "Intro to her CTO", on=TODAY - 20 * DAY, today=TODAY)
    give = recording.record_give(bob.id, "Article on WAL", on=TODAY - 2 * DAY, today=TODAY)
    lead = leads.add_lead(zoe.id, "Acme is hiring", on=TODAY - 6 * DAY, today=TODAY)
    referral = recording.record_referral(bob.id, zoe.id, on=TODAY - 4 * DAY, today=TODAY, note="data")
    meeting = meetings.add_meeting(zoe.id, dt.datetime(2026, 3, 12, 10, tzinfo=PARIS), today=TODAY,
                                   purpose="Data team")
    return {"zoe": zoe, "bob": bob, "ask": ask, "give": give, "lead": lead, "referral": referral,
            "meeting": meeting}


def test_asks_and_gives_tables_edit_and_delete(qtbot, context, dialogs, messages, network):
    view = _shown(qtbot, AsksView(context))
    view.asks.table.setFocus()

    def fill_ask(dialog):
        assert dialog.windowTitle() == "Edit ask" and dialog.purpose.toPlainText() == "Intro to her CTO"
        dialog.status.setCurrentIndex(dialog.status.findData("declined"))
        dialog.effort.setCurrentIndex(dialog.effort.findData("large"))

    dialogs.fillers.append(fill_ask)
    with qtbot.waitSignal(context.bus.data_changed):
        qtbot.keyClick(view.asks.table, Qt.Key.Key_F2)
    row = record_edit.row("ask", network["ask"].id)
    assert (row["status"], row["effort"], row["resolved_on"]) == ("declined", "large", TODAY)
    assert view.asks_model.index(0, 4).data() == "declined"

    view.gives.table.setFocus()
    view.gives.table.setCurrentIndex(view.gives_model.index(0, 0))
    messages.answers.append(True)
    with qtbot.waitSignal(context.bus.data_changed):
        qtbot.keyClick(view.gives.table, Qt.Key.Key_Delete)
    assert view.gives_model.rowCount() == 0
    context.undo_stack.undo()
    assert view.gives_model.rowCount() == 1
    assert view.gives_model.index(0, 2).data() == "Article on WAL"


def test_leads_and_referrals_tables_edit(qtbot, context, dialogs, network):
    view = _shown(qtbot, LeadsView(context))
    zoe, bob = network["zoe"], network["bob"]
    leads.set_outcome(network["lead"].id, "Interview", on=TODAY - DAY, today=TODAY)
    view.refresh()
    view.leads.table.setCurrentIndex(view.leads_model.index(0, 0))

    def fill_lead(dialog):
        assert dialog.outcome.toPlainText() == "Interview"
        dialog.text.setPlainText("Acme is hiring a data lead")
        dialog.outcome.setPlainText("Interview on Friday")

    dialogs.fillers.append(fill_lead)
    with qtbot.waitSignal(context.bus.data_changed):
        _menu_action(view.leads.table, "Edit…").trigger()
    assert view.leads_model.index(0, 2).data() == "Acme is hiring a data lead"
    assert view.leads_model.index(0, 3).data() == "Interview on Friday"

    view.referrals.table.setCurrentIndex(view.referrals_model.index(0, 0))

    def fill_referral(dialog):
        assert (dialog.seeker.text(), dialog.target.text()) == ("Bob", "Zoë")
        dialog.seeker.set_contact(zoe.id, "Zoë")
        dialog.target.set_contact(bob.id, "Bob")

    dialogs.fillers.append(fill_referral)
    with qtbot.waitSignal(context.bus.data_changed):
        _menu_action(view.referrals.table, "Edit…").trigger()
    assert (view.referrals_model.index(0, 1).data(), view.referrals_model.index(0, 2).data()) == ("Zoë", "Bob")
    assert _open("expect-call", bob.id) and not _open("expect-call", zoe.id)


def test_a_meeting_is_rescheduled_and_cancelled_from_its_table(qtbot, context, dialogs, messages, network):
    view = _shown(qtbot, MeetingsView(context))
    zoe = network["zoe"]
    assert [r.due for r in _open("prepare", zoe.id)] == [dt.date(2026, 3, 11)]

    def fill(dialog):
        assert dialog.windowTitle() == "Edit meeting" and dialog.zone.currentText() == "Europe/Paris"
        assert dialog.at.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-03-12 10:00"
        dialog.at.setDateTime(dialog.at.dateTime().addDays(7))

    dialogs.fillers.append(fill)
    with qtbot.waitSignal(context.bus.data_changed):
        view.reschedule_button.click()
    assert [r.due for r in _open("prepare", zoe.id)] == [dt.date(2026, 3, 18)]
    assert "19 Mar 2026, 10:00" in view.upcoming_model.index(0, 0).data()
    assert context.undo_stack.undoText().startswith("Reschedule the meeting with Zoë")

    messages.answers.append(True)
    with qtbot.waitSignal(context.bus.data_changed):
        view.cancel_button.click()
    assert view.upcoming_model.rowCount() == 0 and not _open("prepare", zoe.id)
    context.undo_stack.undo()
    assert view.upcoming_model.rowCount() == 1 and _open("prepare", zoe.id)
