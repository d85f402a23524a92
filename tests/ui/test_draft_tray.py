"""Write… from the tray (pytest-qt, a real store and window): the tray menu lists the first reminders due
as "Write: …"; clicking one brings the window forward with that reminder's draft, whose mail link reaches
the desktop's handler."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest

from netdesk.domain.kinds import ReminderKind
from netdesk.services import contacts, recording, reminders
from netdesk.ui.draft_dialog import DraftDialog
from netdesk.ui.main_window import MainWindow
from tests.conftest import TODAY

DAY = dt.timedelta(days=1)
# A menu opened under the offscreen platform asks for a keyboard grab that the platform cannot give.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


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
def due(store):
    zoe = contacts.add_contact("Zoë Ångström", emails=["zoe@example.org"], today=TODAY - 100 * DAY).id
    recording.record_favour(zoe, "a reference", on=TODAY - 20 * DAY, today=TODAY)
    for i in range(7):
        cid = contacts.add_contact(f"Person {i}", today=TODAY - 100 * DAY).id
        recording.record_favour(cid, "advice", on=TODAY - 10 * DAY, today=TODAY)
    return [r for r in reminders.list_reminders() if r.kind is ReminderKind.THANK_YOU]


def _click_in_menu(qtbot, menu, text: str) -> None:
    """Open the menu as the tray would, then click the entry named `text` with the mouse."""
    menu.popup(QPoint(10, 10))
    qtbot.waitUntil(menu.isVisible)
    (action,) = [a for a in menu.actions() if a.text() == text]
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_the_tray_menu_writes_to_the_first_reminders_due(qtbot, due, mail):
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window._after_first_paint()  # the tray starts once the window has painted
    notifier = window.notifier
    menu = notifier.menu
    menu.popup(QPoint(10, 10))
    qtbot.waitUntil(menu.isVisible)
    writes = [a.text() for a in menu.actions() if a.text().startswith("Write: ")]
    assert writes[0] == "Write: Thank Zoë Ångström…"  # the earliest due first
    assert len(writes) == 5  # of the eight due
    menu.hide()
    window.showMinimized()
    with qtbot.waitSignal(notifier.write_requested) as asked:
        _click_in_menu(qtbot, menu, "Write: Thank Zoë Ångström…")
    thank = next(r for r in due if r.contact == "Zoë Ångström")
    assert asked.args == [thank.id]
    dialogs = [w for w in window.findChildren(DraftDialog) if w.isVisible()]
    assert [d.reminder_id for d in dialogs] == [thank.id]
    assert not window.isMinimized()
    QTimer.singleShot(0, dialogs[0].open_button.click)
    qtbot.waitUntil(lambda: len(mail.urls) == 1)
    assert mail.urls[0].scheme() == "mailto" and "zoe@example.org" in mail.urls[0].toString()


def test_nothing_due_offers_nothing_to_write(qtbot, store):
    from PySide6.QtGui import QGuiApplication

    from netdesk.ui.tray import ReminderNotifier

    notifier = ReminderNotifier(lambda: TODAY, QGuiApplication.windowIcon())
    notifier.menu.popup(QPoint(10, 10))
    qtbot.waitUntil(notifier.menu.isVisible)
    assert [a.text() for a in notifier.menu.actions() if a.text()] == ["Show netdesk", "Quit"]
    notifier.menu.hide()
