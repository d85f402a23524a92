"""Start-up: what runs before the first paint, and what waits until after it."""

import subprocess
import sys

from netdesk.sample import generate, write_store
from netdesk.ui import contacts_model
from netdesk.ui.contacts_model import ContactsModel
from netdesk.ui.main_window import MainWindow
from tests.conftest import TODAY

# After app.preload(), importing what app.main imports (and the Today view, the default first section)
# must load no pure-Python module beyond the UI's own: each one imported after PySide6 pays for
# shiboken's source check.
_CHECK = """
import sys
import netdesk.cli
from netdesk.app import preload
preload()
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
before = set(sys.modules)
import netdesk.ui.main_window, netdesk.ui.options, netdesk.ui.theme, netdesk.ui.excepthook
import netdesk.ui.single_instance, netdesk.ui.auto_backup, netdesk.ui.views.today
late = sorted(m for m in set(sys.modules) - before if not m.startswith(("netdesk.ui", "PySide6", "shiboken")))
print(" ".join(late))
"""


def test_preload_imports_every_pure_python_module_the_window_needs_before_qt():
    result = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_the_tray_and_the_feed_start_after_the_first_paint(qtbot, store):
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    assert window.notifier is None  # nothing of it before the window is on screen
    window.show()
    qtbot.waitUntil(lambda: window.notifier is not None, timeout=3000)


def test_qtmodeltester_while_the_rest_of_the_list_arrives(qtmodeltester, qtbot, store):
    write_store(generate(300, TODAY, interactions=0))
    model = ContactsModel(today_fn=lambda: TODAY)
    model.refresh()
    assert model.rowCount() == contacts_model.FIRST_IDS and not model.complete
    qtmodeltester.check(model)  # also watches the rows being appended
    qtbot.waitUntil(lambda: model.complete)
    assert model.rowCount() == 300
    model.set_search("a")
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: model.complete)


def test_the_card_is_read_after_the_list_is_painted(qtbot, store, ui_options):
    from netdesk.services import contacts
    from netdesk.ui import options

    contacts.add_contact("Ana", today=TODAY)
    options.START_SECTION.set("contacts")
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    assert window.contacts.selected_contact_id() is not None  # the list is ready...
    assert window.contacts.detail.current is None  # ...the card waits for the first paint
    window.show()
    qtbot.waitUntil(lambda: window.contacts.detail.current is not None, timeout=3000)
    assert window.contacts.detail.name_edit.text() == "Ana"


def test_opening_the_window_reads_no_command_module():
    # `netdesk` with no COMMAND starts the window: the CLI's command modules are imported only for a command.
    code = "import sys, netdesk.cli; print(sorted(m for m in sys.modules if m.startswith('netdesk.clicmds')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
