import datetime as dt

import pytest
from PySide6.QtCore import Qt

from netdesk.services import contact_edit, contact_list, contacts, recording, reminders
from netdesk.ui.contact_detail import ContactDetailView
from netdesk.ui.context import AppContext

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def context(qtbot, store):
    return AppContext.create(lambda: TODAY)


@pytest.fixture
def card(qtbot, context):
    widget = ContactDetailView(context)
    context.bus.data_changed.connect(lambda change: widget.reload())
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    return widget


def edit_line(qtbot, line, text: str) -> None:
    line.setFocus()
    line.selectAll()
    line.del_()
    line.insert(text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_no_contact_shows_the_placeholder(card):
    assert card.stack.currentWidget() is card.placeholder


def test_the_card_shows_chain_completeness_timeline_reminders_and_balance(card, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    bob = contacts.add_contact("Bob", today=TODAY)
    cy = contacts.add_contact("Cy Young", today=TODAY, emails=["cy@example.org"], how_met="PyCon sprint",
                              tags=["python"])
    contact_edit.update_fields(bob.id, {"introduced_by": ana.id}, today=TODAY)
    contact_edit.update_fields(cy.id, {"introduced_by": bob.id}, today=TODAY)
    recording.record_favour(cy.id, "Reviewed my talk", on=TODAY - dt.timedelta(days=1), today=TODAY)
    card.show_contact(cy.id)

    assert card.name_edit.text() == "Cy Young"
    assert card.fields["how_met"].text() == "PyCon sprint"
    chain = card.chain_label.text()
    assert chain.index("Bob") < chain.index("Ana")  # nearest introducer first
    assert "phone" in card.missing_label.text() and "email" not in card.missing_label.text()
    assert 0 < card.completeness.value() < 100
    assert card.timeline.topLevelItem(0).text(1) == "Favour · Favour: Reviewed my talk"
    assert "Thank Cy Young" in card.reminders_label.text()
    assert "they did you 1 favour" in card.balance_label.text()


def test_clicking_the_chain_opens_that_contact(card, qtbot):
    opened = []
    card.context.open_contact = opened.append
    ana = contacts.add_contact("Ana", today=TODAY)
    bob = contacts.add_contact("Bob", today=TODAY)
    contact_edit.update_fields(bob.id, {"introduced_by": ana.id}, today=TODAY)
    card.show_contact(bob.id)
    card.chain_label.linkActivated.emit(f"contact:{ana.id}")
    assert opened == [ana.id]


def test_inline_edit_goes_through_the_undo_stack(card, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY, organisation="Acme")
    card.show_contact(ana.id)
    with qtbot.waitSignal(card.context.bus.data_changed):
        edit_line(qtbot, card.fields["organisation"], "Initech")
    assert contacts.get(ana.id).organisation == "Initech"
    stack = card.context.undo_stack
    assert stack.count() == 1 and "organisation" in stack.undoText()
    stack.undo()
    assert contacts.get(ana.id).organisation == "Acme"
    assert card.fields["organisation"].text() == "Acme"
    stack.redo()
    assert contacts.get(ana.id).organisation == "Initech"


def test_tags_emails_and_cadence_edits(card, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    card.show_contact(ana.id)
    edit_line(qtbot, card.fields["tags"], "python, speakers")
    edit_line(qtbot, card.fields["emails"], "ana@example.org")
    card.every.setFocus()
    card.every.setValue(30)
    card.every.editingFinished.emit()
    after = contacts.get(ana.id)
    assert after.tags == ("python", "speakers")
    assert after.emails == ("ana@example.org",)
    assert after.every_days == 30
    assert any(r.kind.value == "keep-in-touch" for r in reminders.list_reminders()) or after.next_due is None


def test_a_refused_value_shows_a_message_and_writes_nothing(card, qtbot, messages):
    ana = contacts.add_contact("Ana", today=TODAY, emails=["ana@example.org"])
    card.show_contact(ana.id)
    edit_line(qtbot, card.fields["emails"], "not an address")
    assert messages.shown and messages.shown[-1][2] is True
    assert contacts.get(ana.id).emails == ("ana@example.org",)
    assert card.context.undo_stack.count() == 0
    assert card.fields["emails"].text() == "ana@example.org"
    edit_line(qtbot, card.fields["met_on"], "2026-02-30")
    assert "not a real date" in messages.shown[-1][1]  # issue 19 item 14: shaped right, not a day
    edit_line(qtbot, card.fields["met_on"], "March 3")
    assert "not a date (YYYY-MM-DD)" in messages.shown[-1][1]


def test_introduced_by_takes_a_name_and_refuses_a_loop(card, qtbot, messages):
    ana = contacts.add_contact("Ana", today=TODAY)
    bob = contacts.add_contact("Bob", today=TODAY)
    card.show_contact(bob.id)
    edit_line(qtbot, card.fields["introduced_by"], "ana")
    assert contacts.get(bob.id).introduced_by == ana.id
    card.show_contact(ana.id)
    edit_line(qtbot, card.fields["introduced_by"], "Bob")
    assert "loop" in messages.shown[-1][1]
    assert contacts.get(ana.id).introduced_by is None


def test_name_permission_toggle(card, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    card.show_contact(ana.id)
    assert not card.name_ok.isChecked()
    qtbot.mouseClick(card.name_ok, Qt.MouseButton.LeftButton)
    assert contacts.get(ana.id).name_ok is True
    card.context.undo_stack.undo()
    assert contacts.get(ana.id).name_ok is False
    assert not card.name_ok.isChecked()


def test_notes_commit_when_focus_leaves(card, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    card.show_contact(ana.id)
    card.notes.setFocus()
    card.notes.setPlainText("Likes hiking")
    card.name_edit.setFocus()
    qtbot.waitUntil(lambda: contacts.get(ana.id).notes == "Likes hiking")


def test_photo_from_file_and_undo(card, qtbot, tmp_path):
    from tests.ui.test_contacts_view import png

    ana = contacts.add_contact("Ana", today=TODAY)
    card.show_contact(ana.id)
    assert "photo" in card.missing_label.text()
    picture = tmp_path / "ana.png"
    picture.write_bytes(png("#336699"))
    card.set_photo_from_file(picture)
    assert contact_list.photos([ana.id])
    assert "photo" not in card.missing_label.text()
    assert card.remove_photo_action.isEnabled()
    card.remove_photo_action.trigger()
    assert contact_list.photos([ana.id]) == {}
    assert "photo" in card.missing_label.text() and not card.remove_photo_action.isEnabled()
    card.context.undo_stack.undo()  # the removal
    assert contact_list.photos([ana.id])
    card.context.undo_stack.undo()  # the setting
    assert contact_list.photos([ana.id]) == {}


def test_action_buttons_emit_for_the_contact(card, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY)
    card.show_contact(ana.id)
    with qtbot.waitSignal(card.log_requested) as log:
        qtbot.mouseClick(card.log_button, Qt.MouseButton.LeftButton)
    assert log.args == [ana.id]
    with qtbot.waitSignal(card.favour_requested) as favour:
        qtbot.mouseClick(card.favour_button, Qt.MouseButton.LeftButton)
    assert favour.args == [ana.id]


def test_compose_invitation_drafts_from_how_we_met_and_copies(card, qtbot, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    from netdesk.ui import compose

    ana = contacts.add_contact("Ana Lima", today=TODAY, how_met="her talk at PyCon", organisation="Acme")
    card.show_contact(ana.id)
    assert card.compose_button.isEnabled()
    shown = []
    monkeypatch.setattr(compose.ComposeDialog, "exec", lambda self: shown.append(self) or 0)
    with qtbot.waitSignal(card.compose_requested) as requested:
        qtbot.mouseClick(card.compose_button, Qt.MouseButton.LeftButton)
    compose.open_compose_dialog(card, requested.args[0], card.context)
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert "PyCon" in dialog.text.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.text.toPlainText()


def test_compose_for_a_contact_without_how_we_met_warns(card, qtbot, monkeypatch):
    from netdesk.ui import compose

    bob = contacts.add_contact("Bob", today=TODAY)
    shown = []
    monkeypatch.setattr(compose.ComposeDialog, "exec", lambda self: shown.append(self) or 0)
    compose.open_compose_dialog(card, bob.id, card.context)
    qtbot.addWidget(shown[0])
    assert shown[0].text.toPlainText().strip()
    assert not shown[0].warnings.isHidden() and "how-we-met is empty" in shown[0].warnings.text()
