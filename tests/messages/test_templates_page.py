"""Preferences, Messages: placeholders listed, a live preview on a real reminder, an unknown placeholder
refused with the known ones, and the user's words in every draft."""

from __future__ import annotations

from netdesk.domain.kinds import ReminderKind
from netdesk.services import contacts, messages, recording, reminders
from netdesk.ui.templates_page import TemplatesPage
from tests.conftest import TODAY


def _page(qtbot, context) -> TemplatesPage:
    page = TemplatesPage(context)
    qtbot.addWidget(page)
    return page


def test_the_preview_drafts_on_a_real_contact_and_lists_the_placeholders(qtbot, context):
    cid = contacts.add_contact("Chloé Dubois", emails=["c@example.org"], today=TODAY).id
    recording.record_favour(cid, "a warm introduction", on=TODAY, today=TODAY)
    page = _page(qtbot, context)
    assert page.current_kind() is ReminderKind.THANK_YOU
    listed = [page.placeholders.item(i).text().split()[0] for i in range(page.placeholders.count())]
    assert "{offer}" in listed and "{what}" in listed
    assert "Chloé" in page.preview.toPlainText() and "a warm introduction" in page.preview.toPlainText()
    page.body.setPlainText("Merci {first_name} for {what}!\n{offer}")
    assert page.preview.toPlainText().splitlines()[2] == "Merci Chloé for a warm introduction!"
    assert page.save()
    (thank,) = [r for r in reminders.list_reminders() if r.kind is ReminderKind.THANK_YOU]
    assert messages.draft(thank.id, today=TODAY).body.startswith("Merci Chloé")


def test_an_unknown_placeholder_is_refused_and_cannot_be_saved(qtbot, context):
    page = _page(qtbot, context)
    page.body.setPlainText("Hi {first_name}, thanks for {favor}")
    assert "{favor}" in page.status.text() and "{what}" in page.status.text()
    assert not page.save_button.isEnabled()
    assert not page.save()
    assert messages.template(ReminderKind.THANK_YOU).body == page_default_body()


def page_default_body() -> str:
    from netdesk.domain.message_templates import DEFAULTS

    return DEFAULTS[ReminderKind.THANK_YOU].body


def test_your_words_sign_every_draft(qtbot, context):
    cid = contacts.add_contact("Kim", emails=["k@example.org"], today=TODAY).id
    recording.record_favour(cid, "advice", on=TODAY, today=TODAY)
    page = _page(qtbot, context)
    page.signature.setText("Sam Okafor")
    page.offer.setText("Call me whenever you need a second pair of eyes")
    assert page.save_words()
    text = page.preview.toPlainText()
    assert text.rstrip().endswith("Sam Okafor")
    assert "Call me whenever you need a second pair of eyes." in text
    page.my_email.setText("not an address")
    assert not page.save_words() and "not an email address" in page.status.text()
