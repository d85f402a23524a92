"""Write… on Today (pytest-qt, a real store): the due reminder's and the reach-out's drafts reach the mail
handler; birthdays have their group; mail that capture saw shows as "You wrote to them on D: was this it?"
and Mark sent closes the loop with it, undoably, without logging a second email."""

from __future__ import annotations

import datetime as dt
import email.utils
import urllib.parse

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from netdesk.domain.kinds import InteractionKind, ReminderKind, ReminderStatus
from netdesk.services import contacts, etiquette, recording, reminders
from netdesk.services.capture_mail import capture_mail
from netdesk.ui.draft_dialog import DraftDialog
from netdesk.ui.views.today import TodayView
from tests.capture.mail_kit import message, write_mbox
from tests.conftest import TODAY

ME = "me@home.example"
DAY = dt.timedelta(days=1)


class MailHandler(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def mail():
    handler = MailHandler()
    QDesktopServices.setUrlHandler("mailto", handler, "handle")
    yield handler
    QDesktopServices.unsetUrlHandler("mailto")


@pytest.fixture
def network(store):
    zoe = contacts.add_contact("Zoë Ångström", emails=["zoe@example.org"], today=TODAY - 200 * DAY).id
    bob = contacts.add_contact("Bob Smith", emails=["bob@example.org"], today=TODAY - 200 * DAY, every_days=30).id
    recording.record_favour(zoe, "introduced me to her CTO", on=TODAY - 3 * DAY, today=TODAY)
    reminders.derive(TODAY)
    return {"zoe": zoe, "bob": bob}


@pytest.fixture
def view(context, qtbot, network):
    widget = TodayView(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _select(view, title: str) -> None:
    rows = [view.due_model.index(r).data() for r in range(view.due_model.rowCount())]
    view.due_list.setCurrentIndex(view.due_model.index(rows.index(title)))


def _open_dialog(qtbot, view, clicked) -> DraftDialog:
    qtbot.mouseClick(clicked, Qt.MouseButton.LeftButton)
    dialog = view.write.dialog
    assert isinstance(dialog, DraftDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def _query(url: QUrl) -> tuple[str, dict]:
    parts = urllib.parse.urlsplit(bytes(url.toEncoded()).decode("ascii"))
    return urllib.parse.unquote(parts.path), urllib.parse.parse_qs(parts.query, keep_blank_values=True)


def test_write_on_a_due_reminder_opens_its_draft_and_the_mail_app(qtbot, view, mail):
    _select(view, "Thank Zoë Ångström")
    assert view.write.button.isEnabled() and view.write.button.isVisible()
    dialog = _open_dialog(qtbot, view, view.write.button)
    assert "introduced me to her CTO" in dialog.body.toPlainText()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(mail.urls) == 1)
    to, query = _query(mail.urls[0])
    assert to == "zoe@example.org" and query["body"] == [dialog.body.toPlainText()]


def test_write_on_someone_to_reach_out_to(qtbot, view, mail):
    assert view.write.reach_button.isEnabled()
    dialog = _open_dialog(qtbot, view, view.write.reach_button)
    assert reminders.get(dialog.reminder_id).kind is ReminderKind.KEEP_IN_TOUCH
    assert dialog.to.text() == "bob@example.org"


def test_write_is_in_the_reminder_context_menu(qtbot, view):
    _select(view, "Thank Zoë Ångström")
    texts = [w.text() for w in view._act_buttons if w.isVisible()]
    assert texts[0] == "&Write…"


def test_birthdays_have_their_own_group_and_a_greeting(qtbot, context, store, mail):
    ana = contacts.add_contact("Ana Lima", emails=["ana@example.org"], today=TODAY - 300 * DAY).id
    etiquette.set_contact(ana, birthday=f"--{TODAY:%m-%d}", today=TODAY)
    reminders.derive(TODAY)
    view = TodayView(context)
    qtbot.addWidget(view)
    view.show()
    rows = [view.due_model.index(r).data() for r in range(view.due_model.rowCount())]
    assert "Birthdays: send a short greeting" in rows
    title = rows[rows.index("Birthdays: send a short greeting") + 1]
    _select(view, title)
    assert view.selected_reminder().kind is ReminderKind.BIRTHDAY
    dialog = _open_dialog(qtbot, view, view.write.button)
    assert dialog.to.text() == "ana@example.org" and "birthday" in dialog.subject.text().lower()


def _mail_from_me(tmp_path, to: str, day: dt.date, subject: str, *, sender: str = ME):
    when = email.utils.format_datetime(dt.datetime.combine(day, dt.time(10), dt.UTC))
    return write_mbox(tmp_path / f"sent-{subject[:4]}.mbox", [message(sender, to, date=when, subject=subject)])


def _emails(contact_id: int) -> list[dict]:
    return [i for i in contacts.show(contact_id)["interactions"] if i["kind"] == InteractionKind.EMAIL.value]


def test_mail_capture_saw_is_offered_and_mark_sent_uses_it(qtbot, context, view, network, tmp_path):
    _select(view, "Thank Zoë Ångström")
    assert view.write.hint.isHidden()
    box = _mail_from_me(tmp_path, "Zoë <ZOE@example.org>", TODAY - DAY, "Thank you!")
    captured = capture_mail([box], today=TODAY, tz=dt.UTC, me=[ME])
    assert captured.logged == 1
    context.bus.announce(captured.change)  # what the window's capture does after a run
    _select(view, "Thank Zoë Ångström")
    hint = view.write.hint
    assert hint.isVisible()
    assert hint.label.text() == "You wrote to Zoë Ångström on Mon 9 Mar 2026 (\u201cThank you!\u201d): was this it?"
    reminder = view.selected_reminder()
    qtbot.mouseClick(hint.sent_button, Qt.MouseButton.LeftButton)
    assert reminders.get(reminder.id).status is ReminderStatus.DONE
    assert len(_emails(network["zoe"])) == 1  # the captured one: no second email
    assert contacts.show(network["zoe"])["thanks"]
    assert "Thank Zoë Ångström" not in [view.due_model.index(r).data() for r in range(view.due_model.rowCount())]
    context.undo_stack.undo()
    assert reminders.get(reminder.id).status.is_active
    assert len(_emails(network["zoe"])) == 1  # undo keeps what capture logged
    assert not contacts.show(network["zoe"])["thanks"]


def test_mail_they_sent_or_from_before_the_favour_is_not_offered(qtbot, context, view, network, tmp_path):
    received = _mail_from_me(tmp_path, ME, TODAY - DAY, "Re: coffee", sender="zoe@example.org")
    older = _mail_from_me(tmp_path, "zoe@example.org", TODAY - 20 * DAY, "Old news")
    context.bus.announce(capture_mail([received, older], today=TODAY, tz=dt.UTC, me=[ME]).change)
    _select(view, "Thank Zoë Ångström")
    assert view.write.hint.isHidden()


def test_the_draft_dialog_offers_the_captured_mail_too(qtbot, context, network, tmp_path):
    box = _mail_from_me(tmp_path, "zoe@example.org", TODAY, "Merci")
    capture_mail([box], today=TODAY, tz=dt.UTC, me=[ME])
    (thank,) = [r for r in reminders.list_reminders() if r.kind is ReminderKind.THANK_YOU]
    dialog = DraftDialog(context, thank.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.captured_label.isVisible() and "Merci" in dialog.captured_label.text()
    qtbot.mouseClick(dialog.captured_button, Qt.MouseButton.LeftButton)
    assert reminders.get(thank.id).status is ReminderStatus.DONE
    assert len(_emails(network["zoe"])) == 1
    QApplication.processEvents()


def test_in_the_window_write_on_today_opens_the_draft_and_the_mail_app(qtbot, network, mail):
    from netdesk.ui.main_window import MainWindow

    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.show_section("today")
    today = window.sections.views["today"]
    _select(today, "Thank Zoë Ångström")
    dialog = _open_dialog(qtbot, today, today.write.button)
    assert dialog.parent() is today and dialog.to.text() == "zoe@example.org"
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(mail.urls) == 1)
    assert _query(mail.urls[0])[0] == "zoe@example.org"
    qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "Thank Zoë Ångström" not in [today.due_model.index(r).data() for r in range(today.due_model.rowCount())]
    assert window.context.undo_stack.undoText() == "Sent: Thank Zoë Ångström"
