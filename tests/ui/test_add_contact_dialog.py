"""The New contact dialog checks an email address with the domain's rule (`is_email`), as the CLI and the
importer do (issue 19 item 14)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from netdesk.domain.contact_values import EMAIL_RULE
from netdesk.ui.dialogs import AddContactDialog
from tests.conftest import TODAY


@pytest.mark.parametrize("typed", ["ann@localhost", "ann@@example.org", "ann@example.", "@example.org",
                                   "ann@exa mple.org", "ann.example.org"])
def test_an_address_the_rule_refuses_keeps_the_dialog_open(qtbot, typed):
    dialog = AddContactDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Ann Apple")
    qtbot.keyClicks(dialog.email, typed)
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.isVisible() and EMAIL_RULE in dialog.error.text() and repr(typed) in dialog.error.text()


def test_a_real_address_is_accepted(qtbot):
    dialog = AddContactDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Ann Apple")
    qtbot.keyClicks(dialog.email, "  ann@example.org ")
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
    assert dialog.values()["emails"] == ["ann@example.org"]
