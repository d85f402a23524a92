"""The Write… dialog (pytest-qt): the mailto: URL reaches the desktop's handler with the edited body,
a long body goes to the clipboard, and Mark sent closes the loop through an undoable command."""

from __future__ import annotations

import urllib.parse

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication

from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.services import contacts, recording, reminders
from netdesk.ui.draft_dialog import DraftDialog, write
from tests.conftest import TODAY


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
def thank_you(context):
    cid = contacts.add_contact("Zoë Ångström", emails=["zoe@example.org"], today=TODAY).id
    recording.record_favour(cid, "a reference & a coffee + advice", on=TODAY, today=TODAY)
    (found,) = [r for r in reminders.list_reminders() if r.kind is ReminderKind.THANK_YOU]
    return found


def _parsed(url: QUrl) -> tuple[str, dict]:
    encoded = bytes(url.toEncoded()).decode("ascii")
    parts = urllib.parse.urlsplit(encoded)
    return urllib.parse.unquote(parts.path), urllib.parse.parse_qs(parts.query, keep_blank_values=True)


def test_open_in_mail_app_hands_the_edited_draft_to_the_handler(qtbot, context, mail, thank_you):
    dialog = DraftDialog(context, thank_you.id)
    qtbot.addWidget(dialog)
    assert "a reference & a coffee + advice" in dialog.body.toPlainText()
    dialog.body.setPlainText(dialog.body.toPlainText() + "\nPS: 山田さんにもよろしく")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: len(mail.urls) == 1)
    to, query = _parsed(mail.urls[0])
    assert to == "zoe@example.org"
    assert query["subject"] == [dialog.subject.text()]
    assert query["body"] == [dialog.body.toPlainText()]


def test_a_long_body_goes_to_the_clipboard_with_a_note(qtbot, context, mail, thank_you):
    dialog = DraftDialog(context, thank_you.id)
    qtbot.addWidget(dialog)
    long_body = "A long letter. " * 200
    dialog.body.setPlainText(long_body)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: len(mail.urls) == 1)
    _to, query = _parsed(mail.urls[0])
    assert query["body"] == [""] and query["subject"] == [dialog.subject.text()]
    assert QGuiApplication.clipboard().text() == long_body
    assert "clipboard" in dialog.note.text() and not dialog.note.isHidden()


def test_mark_sent_closes_the_loop_and_undo_reopens_it(qtbot, context, thank_you):
    dialog = write(context, thank_you.id)
    qtbot.addWidget(dialog)
    dialog.sent_button.click()
    assert reminders.get(thank_you.id).status is ReminderStatus.DONE
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert reminders.get(thank_you.id).status is ReminderStatus.OPEN
    from netdesk.store.records import history_json

    assert history_json(thank_you.contact_id)["interactions"] == []
    context.undo_stack.redo()
    assert reminders.get(thank_you.id).status is ReminderStatus.DONE
    assert [i["kind"] for i in history_json(thank_you.contact_id)["interactions"]] == ["email"]


def test_write_on_a_missing_reminder_says_so(qtbot, context, monkeypatch):
    told = []
    monkeypatch.setattr(context.messages, "tell", lambda *args, **kw: told.append(args))
    assert write(context, 999) is None
    assert told and "no reminder" in told[0][2]


def test_the_card_writes_from_each_open_reminder(qtbot, context, thank_you):
    from netdesk.ui.contact_detail import ContactDetailView

    card = ContactDetailView(context)
    qtbot.addWidget(card)
    card.show_contact(thank_you.contact_id)
    qtbot.waitUntil(lambda: f'href="write:{thank_you.id}"' in card.reminders_label.text())
    card.reminders_label.linkActivated.emit(f"write:{thank_you.id}")
    (dialog,) = card.findChildren(DraftDialog)
    assert dialog.reminder_id == thank_you.id and dialog.isVisible()
    assert dialog.to.text() == "zoe@example.org"
