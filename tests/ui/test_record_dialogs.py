import datetime as dt
import zoneinfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from netdesk.services import contacts
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
from tests.conftest import TODAY


@pytest.fixture
def people(store):
    zoe = contacts.add_contact("Zoë Ångström", today=TODAY, organisation="Acme")
    bob = contacts.add_contact("Bob Smith", today=TODAY)
    return zoe, bob


def _show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(dialog) -> bool:
    dialog.save_button.click()
    return not dialog.isVisible()


def test_every_control_has_an_accessible_name(qtbot, people):
    zoe, _ = people
    dialogs = [
        InteractionDialog(TODAY), FavourRecordDialog(TODAY), ThanksDialog(TODAY), GiveDialog(TODAY),
        AskDialog(TODAY, lambda cid, on: []), LeadDialog(TODAY), LeadOutcomeDialog(TODAY, "A job", "Zoë"),
        ReferralDialog(TODAY), MeetingDialog(TODAY, zone="Europe/Paris"), SnoozeDialog(TODAY, "Thank Zoë"),
    ]
    for dialog in dialogs:
        _show(qtbot, dialog)
        kinds = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)
        controls = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds) and w.isVisibleTo(dialog)]
        assert len(controls) >= 3
        for control in controls:
            if isinstance(control, QLineEdit) and isinstance(control.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # the inner editor of a combo or spin box; the outer control carries the name
            text = control.text() if isinstance(control, QAbstractButton) else ""
            assert control.accessibleName() or text, f"{type(dialog).__name__}: {control!r} has no name"


def test_interaction_dialog_completes_a_contact_and_saves(qtbot, people):
    zoe, _ = people
    dialog = _show(qtbot, InteractionDialog(TODAY))
    qtbot.keyClicks(dialog.contact, "angs")
    dialog.contact.update_completions()
    assert dialog.contact.completer().model().stringList() == ["Zoë Ångström"]
    dialog.contact.setText("Zoë Ångström")
    dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
    qtbot.keyClicks(dialog.note, "Coffee")
    assert _save(dialog)
    assert dialog.values() == {"contact_id": zoe.id, "name": "Zoë Ångström", "kind": "call", "on": TODAY,
                               "note": "Coffee"}


def test_an_unknown_contact_is_refused_with_a_message(qtbot, people):
    dialog = _show(qtbot, ThanksDialog(TODAY))
    assert not _save(dialog)
    assert "Choose" in dialog.error.text()
    qtbot.keyClicks(dialog.contact, "Nobody")
    assert not _save(dialog)
    assert "No contact matches" in dialog.error.text()


def test_favour_and_lead_need_their_text(qtbot, people):
    zoe, _ = people
    for dialog_type, words in ((FavourRecordDialog, "favour"), (LeadDialog, "lead")):
        dialog = _show(qtbot, dialog_type(TODAY, (zoe.id, zoe.name)))
        assert not _save(dialog)
        assert words in dialog.error.text()
        qtbot.keyClicks(dialog.text, "Intro to Ana")
        assert _save(dialog)
        assert dialog.values()["text"] == "Intro to Ana"
        assert dialog.values()["contact_id"] == zoe.id


def test_give_dialog_checks_the_link(qtbot, people):
    zoe, _ = people
    dialog = _show(qtbot, GiveDialog(TODAY, (zoe.id, zoe.name)))
    qtbot.keyClicks(dialog.text, "An article on SQLite")
    qtbot.keyClicks(dialog.link, "not a link")
    assert not _save(dialog)
    assert "web link" in dialog.error.text()
    dialog.link.setText("https://sqlite.org/wal.html")
    dialog.kind.setCurrentIndex(dialog.kind.findData("event"))
    assert _save(dialog)
    assert dialog.values()["link"] == "https://sqlite.org/wal.html"
    assert dialog.values()["kind"] == "event"


def test_ask_dialog_shows_warnings_live_and_refuses_an_empty_purpose(qtbot, people):
    zoe, bob = people
    seen = []

    def warnings(contact_id, on):
        seen.append((contact_id, on))
        return ["Zoë already has an open ask <1>"] if contact_id == zoe.id else []

    dialog = _show(qtbot, AskDialog(TODAY, warnings, (bob.id, bob.name)))
    assert dialog.warnings.isHidden()
    dialog.contact.setText(zoe.name)
    qtbot.waitUntil(lambda: dialog.warnings.isVisible())
    assert "open ask &lt;1&gt;" in dialog.warnings.text()
    assert not _save(dialog)
    assert "purpose" in dialog.error.text()
    qtbot.keyClicks(dialog.purpose, "   ")
    assert not _save(dialog)
    qtbot.keyClicks(dialog.purpose, "An intro to her CTO")
    assert _save(dialog)
    assert dialog.values()["purpose"] == "An intro to her CTO"
    assert (zoe.id, TODAY) in seen


def test_referral_refuses_the_same_person_twice(qtbot, people):
    zoe, bob = people
    dialog = _show(qtbot, ReferralDialog(TODAY, (zoe.id, zoe.name)))
    dialog.target.setText("Zoë Ångström")
    assert not _save(dialog)
    assert "different" in dialog.error.text()
    dialog.target.setText("bob smith")
    assert _save(dialog)
    assert (dialog.values()["seeker_id"], dialog.values()["target_id"]) == (zoe.id, bob.id)


def test_meeting_dialog_builds_an_aware_time_and_checks_zone_and_purpose(qtbot, people):
    zoe, bob = people
    dialog = _show(qtbot, MeetingDialog(TODAY, (zoe.id, zoe.name), zone="Europe/Paris"))
    dialog.zone.setCurrentText("Mars/Olympus")
    assert not _save(dialog)
    assert "time zone" in dialog.error.text()
    dialog.zone.setCurrentText("Europe/Paris")
    assert not _save(dialog)
    assert "why" in dialog.error.text()
    qtbot.keyClicks(dialog.purpose, "Advice on moving to Lyon")
    dialog.referred_by.setText("Bob Smith")
    assert _save(dialog)
    values = dialog.values()
    assert values["at"] == dt.datetime(2026, 3, 11, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert values["referred_by"] == bob.id
    assert values["tzid"] == "Europe/Paris"


def test_snooze_quick_buttons_and_minimum(qtbot):
    dialog = _show(qtbot, SnoozeDialog(TODAY, "Thank Zoë"))
    assert dialog.values()["until"] == TODAY + dt.timedelta(days=1)
    week = next(b for b in dialog.findChildren(QAbstractButton) if b.text() == "+1 &week")
    qtbot.mouseClick(week, Qt.MouseButton.LeftButton)
    assert dialog.values()["until"] == TODAY + dt.timedelta(days=7)
    dialog.until.setDate(dialog.until.minimumDate().addDays(-3))
    assert dialog.values()["until"] == TODAY + dt.timedelta(days=1)


def test_mnemonic_moves_focus_to_the_field(qtbot, people):
    zoe, _ = people
    dialog = _show(qtbot, LeadOutcomeDialog(TODAY, "Intro to a CTO", "Zoë"))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.on.hasFocus())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_mnemonics_are_unique_in_every_dialog(qtbot, people):
    import re

    from PySide6.QtWidgets import QLabel

    for dialog in [
        InteractionDialog(TODAY), FavourRecordDialog(TODAY), ThanksDialog(TODAY), GiveDialog(TODAY),
        AskDialog(TODAY, lambda cid, on: []), LeadDialog(TODAY), LeadOutcomeDialog(TODAY, "A job", "Zoë"),
        ReferralDialog(TODAY), MeetingDialog(TODAY, zone="Europe/Paris"), SnoozeDialog(TODAY, "Thank Zoë"),
    ]:
        _show(qtbot, dialog)
        texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
        texts += [b.text() for b in dialog.findChildren(QAbstractButton)]
        keys = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
        assert len(keys) == len(set(keys)), f"{type(dialog).__name__}: {texts}"


def test_picker_tells_two_people_of_the_same_name_apart(qtbot, people):
    other = contacts.add_contact("Zoë Ångström", today=TODAY, organisation="Globex")
    dialog = _show(qtbot, InteractionDialog(TODAY))
    dialog.contact.setText("zoe")
    dialog.contact.update_completions()
    labels = dialog.contact.completer().model().stringList()
    assert sorted(labels) == ["Zoë Ångström (Acme)", "Zoë Ångström (Globex)"]
    dialog.contact.setText("Zoë Ångström (Globex)")
    assert dialog.contact.contact_id() == other.id
    dialog.contact.setText("Zoë Ångström")
    assert not _save(dialog)
    assert "more than one contact" in dialog.error.text()
