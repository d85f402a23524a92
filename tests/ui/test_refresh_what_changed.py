"""The window refreshes what a write changed: logging one interaction in a 10k store re-reads that row only."""

import datetime as dt
import re

import pytest

from netdesk.domain.change import Change, RecordKind
from netdesk.sample import generate, write_store
from netdesk.store.db import database
from netdesk.ui.contacts_model import Role
from netdesk.ui.main_window import MainWindow
from netdesk.ui.views import actions

TODAY = dt.date(2026, 3, 10)
# The list's id query (first page or whole list) selects contact ids in an order; a row read selects fields.
ID_QUERY = re.compile(r'SELECT\s+"?t?\d*"?\.?"?id"?\s+FROM\s+"?contact"?.*ORDER BY', re.IGNORECASE | re.DOTALL)
ROW_QUERY = re.compile(r"SELECT id, name, organisation, title, last_contacted, next_due, strength, photo FROM contact "
                       r"WHERE id IN \((.*)\)")


@pytest.fixture
def big_window(qtbot, store):
    write_store(generate(10_000, TODAY, interactions=0))
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.show_section("contacts")
    qtbot.waitUntil(lambda: window.contacts_model.complete and window.contacts.detail.loads > 0, timeout=20_000)
    qtbot.waitUntil(lambda: not window.contacts_model.reader.loading(), timeout=20_000)
    return window


class Trace:
    """Every SQL statement run on the window's connection and on the list's background reader."""

    def __init__(self, window) -> None:
        self.statements: list[str] = []
        self._connections = [database.connection()]
        # The list's background reader has its own connection (once it has read something).
        reader = window.contacts_model.reader._list_reader._conn
        if reader is not None:
            self._connections.append(reader)

    def __enter__(self) -> "Trace":
        for conn in self._connections:
            conn.set_trace_callback(self.statements.append)
        return self

    def __exit__(self, *exc) -> None:
        for conn in self._connections:
            conn.set_trace_callback(None)

    def matching(self, pattern: re.Pattern) -> list[re.Match]:
        return [m for m in map(pattern.search, self.statements) if m]


def _log_from_the_card(window, monkeypatch, note: str) -> None:
    """What a user does: "Log interaction…" on the card, fill the dialog, save."""

    def fill(dialog) -> bool:
        dialog.note.setPlainText(note)
        dialog.save_button.click()
        return not dialog.isVisible()

    monkeypatch.setattr(actions, "exec_dialog", fill)
    window.contacts.detail.log_button.click()


def test_logging_an_interaction_reads_the_changed_row_and_not_the_list(big_window, qtbot, monkeypatch):
    window = big_window
    model = window.contacts_model
    assert model.rowCount() == 10_000
    target = model.data(model.index(3, 0), Role.CONTACT_ID)
    window.contacts.select_contact(target)
    assert model.data(model.index(3, 2)) == ""  # never contacted
    with Trace(window) as trace, qtbot.waitSignal(window.context.bus.data_changed) as announced:
        _log_from_the_card(window, monkeypatch, "coffee after the meetup")

    change = announced.args[0]
    assert change.contacts == {target} and change.records_of(RecordKind.INTERACTION)
    assert not trace.matching(ID_QUERY), "the contact list's ids were re-read"
    rows_read = [m.group(1) for m in trace.matching(ROW_QUERY)]
    assert rows_read and all(ids in ("?", str(target)) for ids in rows_read), rows_read
    # The write, the row, the card: not the 10k list (that is the id query above, and one row per contact).
    # 84 statements on 2026-12-02: the card now also reads the anniversary, conflicts and capture marks.
    assert len(trace.statements) < 100, trace.statements
    # The row shows the new data, in the same place, and the card shows the interaction.
    assert model.data(model.index(3, 0), Role.CONTACT_ID) == target
    assert model.data(model.index(3, 2)) == TODAY.isoformat()
    assert window.contacts.detail.timeline.topLevelItem(0).text(2).endswith("coffee after the meetup")
    assert window.contacts.selected_contact_id() == target


def test_undo_announces_the_same_change_and_the_row_follows(big_window, qtbot, monkeypatch):
    window = big_window
    model = window.contacts_model
    target = model.data(model.index(0, 0), Role.CONTACT_ID)
    window.contacts.select_contact(target)
    with qtbot.waitSignal(window.context.bus.data_changed) as done:
        _log_from_the_card(window, monkeypatch, "a call")
    with Trace(window) as trace, qtbot.waitSignal(window.context.bus.data_changed) as undone:
        window.context.undo_stack.undo()
    assert undone.args[0] == done.args[0]
    assert not trace.matching(ID_QUERY)
    # The row shows what the store now holds: no interaction, so the last touch-point is a favour or thanks
    # (the sample writes those without last_contacted; the derivation after the undo fills it), never today.
    (interactions,) = database.execute_sql("SELECT count(*) FROM interaction WHERE contact_id = ?",
                                           (target,)).fetchone()
    (stored,) = database.execute_sql("SELECT last_contacted FROM contact WHERE id = ?", (target,)).fetchone()
    assert interactions == 0
    assert model.data(model.index(0, 2)) == (stored or "") != TODAY.isoformat()


def test_a_rename_that_moves_the_row_re_reads_the_ids(big_window, qtbot):
    from netdesk.ui.commands import push
    from netdesk.ui.contact_commands import EditContactCommand

    window = big_window
    model = window.contacts_model
    target = model.data(model.index(5000, 0), Role.CONTACT_ID)
    with Trace(window) as trace:
        push(window.context, window, EditContactCommand(window.context, target, "first", {"name": "Aaaa Aaaa"}))
    assert trace.matching(ID_QUERY)  # sorted by name: its place changed, so the order is asked again
    qtbot.waitUntil(lambda: model.row_of(target) == 0, timeout=20_000)
    assert model.data(model.index(0, 0)) == "Aaaa Aaaa"


def test_a_hidden_section_refreshes_only_for_a_change_it_shows(big_window, qtbot, monkeypatch):
    window = big_window
    asks = window.sections.view("asks")
    assert not asks.isVisible()
    refreshed = []
    monkeypatch.setattr(asks, "refresh", lambda: refreshed.append(True))
    model = window.contacts_model
    shown = set(asks.shown_contacts())
    target = next(cid for cid in (model.data(model.index(row, 0), Role.CONTACT_ID) for row in range(100))
                  if cid not in shown)
    asks._stale = False  # whatever the start-up left: this test asks what the next two changes do
    window.context.bus.announce(Change.of(contacts=[target], records=[(RecordKind.INTERACTION, 1)]))
    assert not asks._stale  # an interaction is nothing the asks, gives and balances show
    window.context.bus.announce(Change.of(contacts=[target], records=[(RecordKind.ASK, 1)]))
    assert asks._stale and not refreshed  # hidden: re-read when shown, not now
    window.show_section("asks")
    assert refreshed
