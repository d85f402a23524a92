"""Today's "People you write to" (pytest-qt, a real store, a real mbox): addresses you exchanged mail with
three times in 90 days that are not contacts show with Add (the new-contact dialog filled in; undoable) and
Ignore (never again); the panel stays hidden while there is no one."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from netdesk.services import capture_run, capture_sources, contacts, etiquette
from netdesk.services.capture_sources import Source
from netdesk.ui.views.today import TodayView
from tests.capture.mail_kit import message, write_mbox
from tests.conftest import TODAY

ME = "me@home.example"


def dated(days_ago: int) -> str:
    return email.utils.format_datetime(dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(9), dt.UTC))


@pytest.fixture
def mail(tmp_path, store):
    contacts.add_contact("Ana Lima", emails=["ana@example.org"], today=TODAY - dt.timedelta(days=100))
    capture_run.save_settings(me=[ME])
    return write_mbox(tmp_path / "INBOX", [
        message(ME, "Dana Park <dana@new.example>", date=dated(30), subject="Intro"),
        message("Dana Park <dana@new.example>", ME, date=dated(20), subject="Re: Intro"),
        message(ME, "dana@new.example", date=dated(2), subject="Coffee?"),
        message(ME, "twice@new.example", date=dated(5)),
        message(ME, "twice@new.example", date=dated(4)),
        message("ana@example.org", ME, date=dated(1)),
    ])


@pytest.fixture
def view(qtbot, context, mail):
    widget = TodayView(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    assert widget.people.isHidden()  # nothing captured yet
    report = capture_sources.run_all(today=TODAY, tz=dt.UTC, now=dt.datetime.now(dt.UTC),
                                     chosen=[Source("mail", str(mail))])
    context.bus.announce(report.change)  # as the window's capture does after a run
    return widget


def _rows(view) -> list[str]:
    return [view.people.list.item(i).text() for i in range(view.people.list.count())]


def test_someone_you_write_to_is_suggested_and_added_in_two_clicks(qtbot, context, view):
    assert view.people.isVisible()
    assert _rows(view) == ["Dana Park <dana@new.example> · 3 emails in 90 days"]  # twice@ is not enough
    goal_before = etiquette.goal_progress(TODAY.year, TODAY.month).new_contacts
    qtbot.mouseClick(view.people.add_button, Qt.MouseButton.LeftButton)
    dialog = view.people.dialog
    assert dialog.isVisible() and dialog.name.text() == "Dana Park" and dialog.email.text() == "dana@new.example"
    ok = next(b for b in dialog.findChildren(QDialogButtonBox)[0].buttons()
              if dialog.findChildren(QDialogButtonBox)[0].buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert [c.name for c in contacts.list_contacts(search="Dana")] == ["Dana Park"]
    assert view.people.isHidden()
    assert etiquette.goal_progress(TODAY.year, TODAY.month).new_contacts == goal_before + 1
    context.undo_stack.undo()
    assert contacts.list_contacts(search="Dana") == []
    assert _rows(view) == ["Dana Park <dana@new.example> · 3 emails in 90 days"]


def test_ignore_hides_them_for_good(qtbot, view):
    qtbot.mouseClick(view.people.ignore_button, Qt.MouseButton.LeftButton)
    assert view.people.isHidden()
    assert capture_run.current_settings().ignored == ("dana@new.example",)
