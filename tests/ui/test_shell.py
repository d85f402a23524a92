"""The window's supporting parts: options, preferences, theme, tray, bug dialog, workers, first run."""

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from netdesk.errors import InvalidValue
from netdesk.services import contacts, preferences, recording
from netdesk.ui import excepthook, options, theme
from netdesk.ui.first_run import WelcomePanel
from netdesk.ui.preferences import PreferencesDialog
from netdesk.ui.tray import ReminderNotifier
from netdesk.ui.workers import run_in_background
from tests.conftest import TODAY

UI = Path(__file__).resolve().parents[2] / "netdesk" / "ui"


# -- options ----------------------------------------------------------------------------------------
def test_options_have_types_defaults_and_separate_preferences_from_state(ui_options):
    declared = options.declared()
    assert all(key.startswith(("preferences/", "state/")) for key in declared)
    assert "state/window/geometry" in declared and "preferences/appearance" in declared
    assert options.SEARCH_DEBOUNCE_MS.get() == 150
    options.SEARCH_DEBOUNCE_MS.set(80)
    assert options.SEARCH_DEBOUNCE_MS.get() == 80  # an int back from the INI file, not "80"
    options.TRAY_NOTIFICATIONS.set(False)
    assert options.TRAY_NOTIFICATIONS.get() is False
    options.WINDOW_GEOMETRY.set(QByteArray(b"\x01\x02"))
    assert options.WINDOW_GEOMETRY.get() == QByteArray(b"\x01\x02")
    with pytest.raises(TypeError):
        options.SEARCH_DEBOUNCE_MS.set("fast")


def test_a_damaged_option_falls_back_to_its_default(tmp_path):
    ini = tmp_path / "broken.ini"
    ini.write_text("[preferences]\nsearch_debounce_ms=soon\n")
    options.use_file(ini)
    assert options.SEARCH_DEBOUNCE_MS.get() == 150


def test_widgets_never_call_qsettings_themselves():
    offenders = [p.name for p in UI.rglob("*.py") if p.name != "options.py" and re.search(r"\bQSettings\(", p.read_text())]
    assert offenders == []


# -- preferences ------------------------------------------------------------------------------------
def test_preferences_save_rules_cadences_and_appearance(qtbot, store):
    contacts.add_contact("Ana", today=TODAY, tags=["python"])
    dialog = PreferencesDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.rule_boxes["thank_you_days"].setValue(5)
    dialog.rule_boxes["monthly_goal"].setValue(4)
    dialog.cadence_boxes["python"].setValue(45)
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    rules = preferences.rule_settings()
    assert (rules.thank_you_days, rules.monthly_goal) == (5, 4)
    assert preferences.tag_cadences() == {"python": 45}
    assert options.APPEARANCE.get() == "dark"


def test_a_new_threshold_moves_the_due_date(qtbot, store):
    from netdesk.services import reminders

    ana = contacts.add_contact("Ana", today=TODAY)
    recording.record_favour(ana.id, "x", on=TODAY, today=TODAY)
    dialog = PreferencesDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.rule_boxes["thank_you_days"].setValue(7)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert reminders.list_reminders()[0].due == TODAY + dt.timedelta(days=7)


def test_store_preferences_refuse_nonsense(store):
    with pytest.raises(InvalidValue):
        preferences.save_tag_cadences({"python": -3}, today=TODAY)


# -- theme ------------------------------------------------------------------------------------------
def test_dark_mode_gives_a_dark_palette_and_light_gives_it_back(qtbot):
    app = QApplication.instance()
    before = QPalette(app.palette())
    style = app.style().name()
    try:
        assert theme.apply(app, "dark") is True
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 128
        assert theme.apply(app, "light") is False
        assert app.palette().color(QPalette.ColorRole.Base).lightness() > 128
    finally:
        app.setStyle(style)
        app.setPalette(before)


def test_system_mode_follows_a_dark_system_palette(qtbot, store):
    from netdesk.ui.contacts_model import COLUMNS
    from netdesk.ui.contacts_view import ContactsView
    from netdesk.ui.context import AppContext

    app = QApplication.instance()
    before = QPalette(app.palette())
    try:
        app.setPalette(theme.dark_palette())  # as a dark desktop's platform theme would
        assert theme.palette_is_dark(app.palette())
        cid = contacts.add_contact("Ana", today=TODAY).id
        recording.record_favour(cid, "x", on=TODAY - dt.timedelta(days=9), today=TODAY)
        view = ContactsView(AppContext.create(lambda: TODAY))
        qtbot.addWidget(view)
        index = view.model.index(0, [k for k, _ in COLUMNS].index("next_due"))
        overdue = index.data(Qt.ItemDataRole.ForegroundRole)
        assert overdue.lightness() > 128  # light red on dark, readable
        assert view.palette().color(QPalette.ColorRole.Base).lightness() < 128
    finally:
        app.setPalette(before)


# -- tray -------------------------------------------------------------------------------------------
def test_tray_notifies_once_a_day_and_again_when_more_fall_due(qtbot, store, ui_options):
    notifier = ReminderNotifier(lambda: TODAY, QGuiApplication.windowIcon())
    ana = contacts.add_contact("Ana", today=TODAY)
    assert notifier.check() is False  # nothing due
    recording.record_favour(ana.id, "intro", on=TODAY - dt.timedelta(days=3), today=TODAY)
    assert notifier.check() is True
    assert notifier.last_message[0] == "1 reminder due"
    assert "Thank Ana" in notifier.last_message[1]
    assert notifier.check() is False  # already told today
    bob = contacts.add_contact("Bob", today=TODAY)
    recording.record_favour(bob.id, "advice", on=TODAY - dt.timedelta(days=2), today=TODAY)
    assert notifier.check() is True
    options.TRAY_NOTIFICATIONS.set(False)
    options.NOTIFIED_ON.set("")
    assert notifier.check() is False


# -- bugs and errors ------------------------------------------------------------------------------------
def test_bug_dialog_offers_to_copy_the_traceback(qtbot):
    dialog = excepthook.BugDialog("Traceback (most recent call last):\nValueError: boom\n")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "ValueError: boom" in QGuiApplication.clipboard().text()
    assert dialog.copy_button.text() == "Copied"


def test_excepthook_shows_user_facing_errors_plainly_and_bugs_with_a_traceback(qtbot, messages, monkeypatch):
    shown = []
    monkeypatch.setattr(excepthook, "show_bug", lambda parent, text: shown.append(text))
    excepthook.handle(InvalidValue, InvalidValue("that date does not exist"), None)
    assert messages.shown == [("netdesk", "that date does not exist", True)]
    try:
        raise ZeroDivisionError("a bug")
    except ZeroDivisionError:
        excepthook.handle(*sys.exc_info())
    assert "ZeroDivisionError: a bug" in shown[0] and "Traceback" in shown[0]


# -- workers ----------------------------------------------------------------------------------------
def test_background_work_reports_progress_and_result(qtbot, store):
    seen = []

    def job(progress):
        for i in range(3):
            progress(i + 1, 3)
        return contacts.add_contact("Made in a thread", today=TODAY).id

    run_in_background(None, "Work", job, seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert contacts.get(seen[0]).name == "Made in a thread"


def test_background_failure_is_a_message_not_a_crash(qtbot, store):
    failures = []

    def job():
        raise InvalidValue("bad file")

    run_in_background(None, "Import", job, None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert str(failures[0]) == "bad file"


# -- first run --------------------------------------------------------------------------------------
def test_welcome_buttons_emit(qtbot):
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    panel.show()
    for button, signal in ((panel.import_button, panel.import_requested), (panel.sample_button, panel.sample_requested),
                           (panel.new_button, panel.new_contact_requested)):
        with qtbot.waitSignal(signal):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_sample_network_loads_and_is_removed_in_one_step(qtbot, store, messages):
    from netdesk.ui.main_window import MainWindow

    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    assert window.actions_.sample_action.isEnabled()
    window.contacts.welcome.sample_button.click()
    qtbot.waitUntil(lambda: window.contacts_model.rowCount() > 0, timeout=30_000)
    assert window.current_section() == "today"
    assert window.actions_.remove_sample_action.isEnabled()
    messages.answers.append(True)
    window.actions_.remove_sample_action.trigger()
    qtbot.waitUntil(lambda: window.actions_.sample_action.isEnabled(), timeout=30_000)
    assert contacts.list_contacts() == []
    window.show_section("contacts")
    assert window.contacts_model.rowCount() == 0 and window.contacts.showing_welcome()
