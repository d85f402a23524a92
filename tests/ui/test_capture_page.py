"""Preferences › Capture and the window's capture (pytest-qt, a real store, real mail files, a real IMAP
server): sources added with Qt's file dialog, the Thunderbird profile found, an IMAP account tested then
added with its password in a keyring; Capture now on a worker with progress and a clear result; what it
logged undone with Edit ▸ Undo and never logged again; a source that cannot be read named, the rest kept."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from netdesk.domain.kinds import InteractionKind
from netdesk.services import capture_run, capture_sources, contacts
from netdesk.services.capture_sources import Source
from netdesk.ui.capture_controller import CaptureController
from netdesk.ui.capture_page import CapturePage
from netdesk.ui.main_window import MainWindow
from netdesk.ui.preferences import PreferencesDialog
from tests.capture.imap_servers import PASSWORD, USER, start_pymap, stop
from tests.capture.mail_kit import message, rows, write_mbox
from tests.conftest import TODAY
from tests.sync.servers import file_keyring

ME = "me@home.example"
UTC = dt.UTC
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def dated(days_ago: int) -> str:
    return email.utils.format_datetime(dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10), UTC))


@pytest.fixture
def people(store):
    ana = contacts.add_contact("Ana Lima", emails=["ana@example.org", "ana.lima@work.example"], today=TODAY).id
    bob = contacts.add_contact("Bob Smith", emails=["bob@example.org"], today=TODAY).id
    capture_run.save_settings(me=[ME])
    return {"ana": ana, "bob": bob}


@pytest.fixture
def mbox(tmp_path):
    return write_mbox(tmp_path / "Sent.mbox", [
        message(ME, "Ana <ANA@example.org>", date=dated(3), subject="Lunch?"),
        message("ana.lima@work.example", ME, date=dated(2), subject="Re: Lunch?"),
        message(ME, "bob@example.org", date=dated(1), subject="The slides"),
        message("News <news@list.example>", ME, date=dated(1), List_Id="<news.list.example>"),
    ])


@pytest.fixture
def window(qtbot, people):
    win = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    win._after_first_paint()
    win.capture.starter.stop()  # the tests start runs themselves
    win.capture._tz = UTC
    return win


def _emails(contact_id: int) -> list[dict]:
    return [i for i in contacts.show(contact_id)["interactions"] if i["kind"] == InteractionKind.EMAIL.value]


def _preferences(qtbot, window) -> CapturePage:
    dialog = PreferencesDialog(TODAY, window)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    dialog.tabs.setCurrentIndex(labels.index("Ca&pture"))
    return dialog.capture_page


def test_an_mbox_added_with_the_file_dialog_is_captured_with_progress_then_undone(qtbot, window, people, mbox,
                                                                                   db_path):
    page = _preferences(qtbot, window)
    assert page.controller is window.capture and page.empty.isVisible() and not page.now_button.isEnabled()
    page.mbox_action.trigger()
    dialog = page.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    seen: list[tuple[int, int]] = []
    window.capture.progress.valueChanged.connect(lambda v: seen.append((v, window.capture.progress.maximum())))
    with qtbot.waitSignal(window.capture.captured, timeout=30_000) as done:
        dialog.selectFile(str(mbox))
        dialog.accept()  # the page adds it, and the window's capture reads it at once
    assert [page.list.item(i).text() for i in range(page.list.count())] == [f"Mail: {mbox}"]
    report = done.args[0]
    assert report.logged == 3 and not report.failed
    assert (1000, 1000) in seen  # the progress counted the mbox (in thousandths)
    assert window.capture.progress.isHidden()
    assert page.state.text() == "Captured 3 interactions from 4 messages"
    assert [e["note"] for e in _emails(people["ana"])] == ["Captured from mail (received): Re: Lunch?",
                                                            "Captured from mail (sent): Lunch?"]
    assert window.context.undo_stack.undoText() == "Capture 3 interactions"
    linked = "SELECT count(*) FROM capture_log WHERE interaction_id IS NOT NULL"
    assert rows(db_path, linked) == [(3,)]
    window.context.undo_stack.undo()
    assert _emails(people["ana"]) == [] and _emails(people["bob"]) == []
    assert rows(db_path, linked) == [(0,)] and rows(db_path, "SELECT count(*) FROM capture_log") == [(3,)]
    window.context.undo_stack.redo()
    assert len(_emails(people["ana"])) == 2
    assert rows(db_path, linked) == [(3,)]  # captured ones again: the timeline and the hints know them
    window.context.undo_stack.undo()
    with qtbot.waitSignal(window.capture.captured, timeout=30_000) as again:
        qtbot.mouseClick(page.now_button, Qt.MouseButton.LeftButton)
    assert again.args[0].logged == 0 and _emails(people["ana"]) == []  # undone stays undone


def test_capture_now_from_the_menu_says_what_happened_and_names_a_bad_source(qtbot, window, people, mbox, tmp_path,
                                                                              messages):
    junk = tmp_path / "junk.ics"
    junk.write_bytes(b"\x00\xffnot a calendar")
    capture_sources.add_source(Source("mail", str(mbox)))
    capture_sources.add_source(Source("calendar", str(junk)))
    with qtbot.waitSignal(window.capture.captured, timeout=30_000) as done:
        window.capture.action.trigger()
    report = done.args[0]
    assert report.logged == 3
    (failed,) = report.failed
    assert failed.source.kind == "calendar" and "nothing was logged" in failed.error
    title, text, error = messages.shown[-1]
    assert title == "Capture" and error
    assert text.splitlines()[0] == "Captured 3 interactions from 4 messages; 1 source could not be read"
    assert f"Calendar: {junk}: " in text and f"Mail: {mbox}: 4 messages read, 3 logged, 0 logged before" in text
    assert window.capture.status.startswith("Captured 3 interactions from 4 messages; 1 source could not be read (")
    page = CapturePage(window.context, controller=window.capture)
    qtbot.addWidget(page)
    items = [page.list.item(i) for i in range(page.list.count())]
    assert [i.text() for i in items] == [f"Mail: {mbox}", f"Calendar: {junk} · could not be read last time"]
    assert items[1].toolTip() == failed.error


def test_the_thunderbird_profile_found_is_one_click(qtbot, context, people, tmp_path):
    home = tmp_path / "home"
    root = home / ".thunderbird"
    local = root / "abc.default" / "Mail" / "Local Folders"
    local.mkdir(parents=True)
    (root / "profiles.ini").write_text("[Profile0]\nName=default\nIsRelative=1\nPath=abc.default\nDefault=1\n")
    write_mbox(local / "Sent", [message(ME, "bob@example.org", date=dated(4), subject="Hi Bob")])
    (local / "Sent.msf").write_bytes(b"")
    page = CapturePage(context, home=home)
    qtbot.addWidget(page)
    page.show()
    (found,) = page.found_buttons
    assert str(root) in found.text()
    qtbot.mouseClick(found, Qt.MouseButton.LeftButton)
    assert [s.location for s in capture_sources.sources()] == [str(root)]
    assert page.found_buttons == []  # offered once
    report = capture_sources.run_all(today=TODAY, tz=UTC, now=dt.datetime.now(UTC))
    assert report.logged == 1 and report.results[0].captured.items == 1


def test_a_source_that_is_not_there_or_twice_is_refused(qtbot, context, people, tmp_path, mbox):
    page = CapturePage(context)
    qtbot.addWidget(page)
    assert not page.add(Source("mail", str(tmp_path / "nowhere")))
    assert "no such file or folder" in page.state.text()
    assert page.add(Source("mail", str(mbox)))
    assert not page.add(Source("mail", str(mbox)))
    assert "captured already" in page.state.text()
    page.list.setCurrentRow(0)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert capture_sources.sources() == [] and not page.empty.isHidden()


def test_my_addresses_and_the_skip_list_are_saved_and_checked(qtbot, context, people):
    page = CapturePage(context)
    qtbot.addWidget(page)
    assert page.me.text() == ME and page.subjects.isChecked() and page.auto.isChecked()
    page.me.setText("me@home.example, not-an-address")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "'not-an-address' is not an email address" in page.state.text()
    page.me.setText("Me@Home.example; me@work.example")
    page.skip.setText("example.com")
    page.subjects.setChecked(False)
    page.auto.setChecked(False)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    current = capture_run.current_settings()
    assert current.me == ("me@home.example", "me@work.example") and current.skip == ("example.com",)
    assert current.subjects is False and capture_sources.auto() is False


def test_automatic_runs_wait_when_capture_is_off(qtbot, window, people, mbox):
    capture_sources.add_source(Source("mail", str(mbox)))
    capture_sources.set_auto(False)
    assert window.capture.capture_now(automatic=True) is None
    capture_sources.set_auto(True)
    with qtbot.waitSignal(window.capture.captured, timeout=30_000):
        window.capture.start()
    assert window.capture.periodic.isActive() and window.capture.periodic.interval() == 30 * 60_000


# -- IMAP, against pymap on 127.0.0.1 -------------------------------------------------------------

@pytest.fixture
def pymap(tmp_path):
    proc, server = start_pymap(tmp_path)
    yield server
    stop(proc)


@pytest.fixture
def ring(tmp_path):
    with file_keyring(tmp_path / "keyring.cfg") as backend:
        yield backend


def test_an_imap_account_is_tested_then_added_and_captured(qtbot, context, people, pymap, ring):
    pymap.append("INBOX", message("Bob <bob@example.org>", USER, date=dated(2), subject="From the server"))
    page = CapturePage(context, controller=None)
    qtbot.addWidget(page)
    dialog = page.add_imap()
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(pymap.port)
    dialog.user.setText(USER)
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    dialog.password.setText("wrong")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Not connected"), timeout=30_000)
    assert "refused the login" in dialog.status.text()
    qtbot.waitUntil(dialog.test_button.isEnabled)
    dialog.password.setText(PASSWORD)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Connected"), timeout=30_000)
    assert "INBOX" in dialog.status.text() and capture_sources.sources() == []
    qtbot.waitUntil(dialog.add_button.isEnabled)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [page.list.item(i).text() for i in range(page.list.count())] == [f"IMAP {USER} at 127.0.0.1:{pymap.port}"]
    assert ring.get_password("netdesk", f"imap:{USER}@127.0.0.1") == PASSWORD
    report = capture_sources.run_all(today=TODAY, tz=UTC, now=dt.datetime.now(UTC))
    assert report.logged == 1 and not report.failed  # the password came from the keyring
    assert "From the server" in _emails(people["bob"])[0]["note"]


def test_plain_imap_to_another_computer_is_refused_before_connecting(qtbot, context, people):
    page = CapturePage(context)
    qtbot.addWidget(page)
    assert not page.add(Source("imap", "imap.example.org", "me", None, "none"))
    assert "only allowed to this computer" in page.state.text()


def test_a_controller_without_sources_says_where_to_add_them(qtbot, people, messages):
    from PySide6.QtWidgets import QMainWindow

    from netdesk.ui.context import AppContext

    win = QMainWindow()
    qtbot.addWidget(win)
    win.menuBar().addMenu("&File").addAction("Quit")
    controller = CaptureController(win, AppContext.create(lambda: TODAY, win), start_delay_ms=None)
    assert controller.capture_now(tell=True) is None
    assert messages.shown[-1][1] == "Nothing to capture: add mail or calendars in Preferences › Capture"


def test_the_card_marks_captured_entries_and_not_typed_ones(qtbot, window, people, mbox):
    from netdesk.services import recording

    recording.log_interaction(people["ana"], "call", on=TODAY, today=TODAY, note="typed by hand")
    capture_sources.add_source(Source("mail", str(mbox)))
    with qtbot.waitSignal(window.capture.captured, timeout=30_000):
        window.capture.action.trigger()
    window.open_contact(people["ana"])
    timeline = window.contacts.detail.timeline
    qtbot.waitUntil(lambda: timeline.topLevelItemCount() == 3, timeout=10_000)
    items = [timeline.topLevelItem(i) for i in range(timeline.topLevelItemCount())]
    marked = {item.text(2): item.text(1).endswith(" · from mail") and item.font(1).italic() for item in items}
    assert marked == {"typed by hand": False, "Captured from mail (received): Re: Lunch?": True,
                      "Captured from mail (sent): Lunch?": True}
    assert all("captured from your mail" in item.toolTip(1) for item in items if item.text(2) != "typed by hand")
