import datetime as dt
import sys
from array import array

import pytest
from playhouse.test_utils import count_queries
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QImage

from netdesk.domain.change import Change
from netdesk.sample import generate, write_store
from netdesk.services import contact_edit, contact_list, contacts, recording
from netdesk.store.db import database
from netdesk.ui import contacts_model
from netdesk.ui.avatar import colour_for
from netdesk.ui.contacts_model import COLUMNS, ContactsModel, Role
from netdesk.ui.contacts_view import ContactsView
from netdesk.ui.context import AppContext

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def context(qtbot, store):
    return AppContext.create(lambda: TODAY)


@pytest.fixture
def view(qtbot, context):
    widget = ContactsView(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def png(colour: str, size: int = 40) -> bytes:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_scrolling_a_thousand_rows_costs_a_few_queries_per_page_not_one_per_row(store, qtbot):
    write_store(generate(1000, TODAY, interactions=0))
    model = ContactsModel(today_fn=lambda: TODAY)
    statements: list[str] = []
    database.connection().set_trace_callback(statements.append)
    try:
        with qtbot.waitSignal(model.completed):
            model.refresh()
    finally:
        database.connection().set_trace_callback(None)
    # The first ids only (the rest came from the background reader), beside the one-row read of the
    # archived contacts' hint (a setting).
    contact_reads = [s for s in statements if "FROM setting" not in s]
    assert len(contact_reads) == 1 and "LIMIT" in contact_reads[0], statements
    assert len(statements) <= 3, statements
    assert model.rowCount() == 1000
    with count_queries() as first_page:
        for row in range(40):
            for column in range(len(COLUMNS)):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Role.PHOTO):
                    model.data(model.index(row, column), role)
    assert first_page.count <= 3  # one page: contacts (with photos), emails, tags
    with count_queries() as everything:
        for row in range(model.rowCount()):
            model.data(model.index(row, 0))
    assert everything.count <= 3 * (1000 // (contacts_model.PAGE * 3 // 4) + 1)  # pages refilled from a quarter before


def test_the_row_cache_is_bounded(store):

    write_store(generate(3000, TODAY, interactions=0))
    model = ContactsModel(today_fn=lambda: TODAY)
    model.refresh()
    for row in range(0, 3000, 7):
        model.data(model.index(row, 0))
    assert len(model._cache) <= contacts_model.CACHE_ROWS
    assert len(model._photos) <= contacts_model.CACHE_ROWS


def test_filter_by_tag_and_by_due(view, qtbot):
    ana = contacts.add_contact("Ana", today=TODAY, tags=["python"])
    contacts.add_contact("Bob", today=TODAY, tags=["rust"])
    cid = contacts.add_contact("Cy", today=TODAY).id
    recording.record_favour(cid, "lent a book", on=TODAY - dt.timedelta(days=5), today=TODAY)  # thank-you overdue
    view.context.bus.data_changed.emit(Change.all())
    assert view.model.rowCount() == 3
    assert [view.tag_filter.itemData(i) for i in range(view.tag_filter.count())] == ["", "python", "rust"]

    view.tag_filter.setCurrentIndex(view.tag_filter.findData("python"))
    view.tag_filter.activated.emit(view.tag_filter.currentIndex())
    assert view.model.ids() == [ana.id]
    assert view.selected_contact_id() == ana.id  # a single hit is shown straight away

    view.tag_filter.setCurrentIndex(0)
    view.tag_filter.activated.emit(0)
    view.due_filter.setCurrentIndex(view.due_filter.findData("overdue"))
    view.due_filter.activated.emit(view.due_filter.currentIndex())
    assert view.model.ids() == [cid]
    overdue = view.model.index(0, [k for k, _ in COLUMNS].index("next_due"))
    assert overdue.data() == (TODAY - dt.timedelta(days=3)).isoformat()
    assert "overdue" in overdue.data(Qt.ItemDataRole.ToolTipRole)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_no_match_panel_and_clearing(view, qtbot):
    contacts.add_contact("Ana", today=TODAY)
    view.refresh()
    view.select_contact(view.model.ids()[0])
    assert view.detail.current is not None
    qtbot.keyClicks(view.search, "zzzz")
    qtbot.waitUntil(lambda: view.list_stack.currentWidget() is view.no_match)
    assert view.detail.current is None and view.detail.stack.currentWidget() is view.detail.placeholder
    assert "zzzz" in view.no_match.label.text()
    qtbot.mouseClick(view.no_match.clear_button, Qt.MouseButton.LeftButton)
    assert view.search.text() == ""
    assert view.list_stack.currentWidget() is view.table
    assert view.model.rowCount() == 1


def test_search_debounces_then_return_applies_at_once(view, qtbot):
    contacts.add_contact("Ana Lima", today=TODAY)
    contacts.add_contact("Bob", today=TODAY)
    view.refresh()
    with qtbot.waitSignal(view.model.modelReset, timeout=2000):
        qtbot.keyClicks(view.search, "lim")
    assert view.model.rowCount() == 1
    view.search.setText("bo")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # no waiting for the timer
    assert view.model.rowCount() == 1
    assert view.model.index(0, 0).data() == "Bob"
    assert view.detail.name_edit.text() == "Bob"  # the best hit is shown at once


def test_sorting_by_clicking_headers_keeps_the_selection(view, qtbot):
    contacts.add_contact("Ana", today=TODAY, organisation="Zeta")
    bob = contacts.add_contact("Bob", today=TODAY, organisation="Acme")
    view.refresh()
    view.select_contact(bob.id)
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(1) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.viewport().rect().topLeft() + QRect(x, 5, 1, 1).topLeft())
    assert view.model.sort_key == "organisation"
    assert [view.model.index(r, 0).data() for r in range(2)] == ["Bob", "Ana"]


def test_photo_and_initials_avatars(view, qtbot):
    with_photo = contacts.add_contact("Ana Photo", today=TODAY)
    contact_edit.set_photo(with_photo.id, png("#00ff00"), "image/png")
    contacts.add_contact("Zed Initials", today=TODAY)
    view.refresh()
    model = view.model
    photo = model.data(model.index(0, 0), Role.PHOTO)
    assert isinstance(photo, QImage) and photo.pixelColor(10, 10) == QColor("#00ff00")
    assert model.data(model.index(1, 0), Role.PHOTO) is None
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DecorationRole) is None  # avatars only by the name
    for row, expected in ((0, QColor("#00ff00")), (1, colour_for("Zed Initials"))):
        avatar = model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole).pixmap(22, 22).toImage()
        # Off the centre, where the initials' letters are, but inside the circle.
        assert avatar.pixelColor(avatar.width() // 4, avatar.height() // 2).rgb() == expected.rgb()
        assert avatar.pixelColor(0, 0).alpha() == 0  # a circle: the corners stay transparent


def test_painting_the_list_does_not_leak_references(view, qtbot):
    """PySide6 6.12 drops a reference to None when Python asks a Python model for a None value through Qt;
    enough painting then crashes the interpreter. The list's painting must not go through that path."""
    write_store(generate(300, TODAY, interactions=0))
    view.refresh()
    before = sys.getrefcount(None)
    for _ in range(5):
        view.model.invalidate()
        view.table.viewport().grab()
    assert sys.getrefcount(None) >= before - 50


def test_qtmodeltester_over_a_sample(qtmodeltester, store):
    write_store(generate(300, TODAY, interactions=0))
    model = ContactsModel(today_fn=lambda: TODAY)
    model.refresh()
    qtmodeltester.check(model)
    model.set_search("a")
    qtmodeltester.check(model)


def test_header_state_is_saved_through_the_options(view, ui_options):
    view.table.setColumnWidth(2, 150)
    view.save_state()
    assert not ui_options.CONTACTS_HEADER.get().isEmpty()
    assert database.is_closed() is False


def test_keyboard_only_search_then_down_into_the_list(view, qtbot):
    contacts.add_contact("Ana Lima", today=TODAY)
    bob = contacts.add_contact("Bob Lima", today=TODAY)
    contacts.add_contact("Cy", today=TODAY)
    view.refresh()
    view.focus_search()
    qtbot.keyClicks(view.search, "lima")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # applies the search at once and moves to the list
    assert view.model.rowCount() == 2
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.selected_contact_id() == bob.id
    assert view.detail.name_edit.text() == "Bob Lima"
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == "" and view.model.rowCount() == 3


def test_the_lists_fast_id_query_agrees_with_the_service(store):
    write_store(generate(400, TODAY, interactions=0))
    contacts.add_contact("Zoë Ångström", today=TODAY, tags=["python"])
    cases = [{}, {"search": "a"}, {"search": "angst"}, {"search": "co ltd"}, {"tag": "python"},
             {"due_by": TODAY, "order": "next_due"}, {"order": "organisation", "descending": True},
             {"order": "strength"}, {"order": "last_contacted", "search": "e"}]
    reader = contact_list.ListReader()
    for case in cases:
        assert list(reader.ordered_ids(**case)) == contacts.list_ids(**case), case


def test_setting_up_the_view_runs_the_id_query_once(qtbot, context, ui_options, monkeypatch):
    contacts.add_contact("Ana", today=TODAY)
    first = ContactsView(context)
    qtbot.addWidget(first)
    first.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    first.save_state()  # a saved sort order is restored too
    calls = []
    real = contact_list.ListReader.first_ids
    monkeypatch.setattr(contact_list.ListReader, "first_ids", lambda self, **kw: calls.append(kw) or real(self, **kw))
    second = ContactsView(context)
    qtbot.addWidget(second)
    assert len(calls) == 1 and calls[0]["order"] == "organisation" and calls[0]["descending"]
    assert second.model.rowCount() == 1


def test_invalidate_names_the_roles_that_changed(view, qtbot):
    contacts.add_contact("Ana", today=TODAY)
    view.refresh()
    with qtbot.waitSignal(view.model.dataChanged) as changed:
        view.model.invalidate()
    top_left, bottom_right, roles = changed.args
    assert (top_left.row(), bottom_right.row()) == (0, 0)
    assert Qt.ItemDataRole.DisplayRole in roles and Qt.ItemDataRole.DecorationRole in roles


def test_a_hidden_list_catches_up_when_shown(view, qtbot):
    view.hide()
    ana = contacts.add_contact("Ana", today=TODAY)
    view.context.bus.data_changed.emit(Change.of(contacts=[ana.id]))
    assert view.model.rowCount() == 0  # not re-read while nobody can see it
    view.show()
    assert view.model.rowCount() == 1


def test_backspace_reuses_a_recent_result_until_the_next_write(store):
    contacts.add_contact("Ana Lima", today=TODAY)
    contacts.add_contact("Bob", today=TODAY)
    model = ContactsModel(today_fn=lambda: TODAY)
    model.refresh()
    model.set_search("lim")
    model.set_search("lima")
    with count_queries() as back:
        model.set_search("lim")  # Backspace
    assert back.count == 0 and model.rowCount() == 1
    contacts.add_contact("Cy Lim", today=TODAY)
    model.refresh()  # a write: nothing cached survives
    assert model.rowCount() == 2


def test_a_search_shows_its_first_rows_at_once_and_the_rest_is_appended(view, qtbot):
    write_store(generate(400, TODAY, interactions=0))
    view.refresh()
    qtbot.waitUntil(lambda: view.model.complete)
    assert view.model.rowCount() == 400 and view.count_label.text() == "400 contacts"
    expected = contacts.list_ids(search="a")
    assert len(expected) > 200
    far = expected[150]
    assert view.select_contact(far)

    inserted, resets = [], []
    view.model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    view.model.modelReset.connect(lambda: resets.append(1))
    view.search.setText("a")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    # Only the first rows so far; the rest is on its way from the background reader.
    assert view.model.rowCount() == contacts_model.FIRST_IDS and not view.model.complete
    assert [view.model.index(r, 0).data(Role.CONTACT_ID) for r in range(3)] == expected[:3]
    assert view.count_label.text() == f"{contacts_model.FIRST_IDS}+ matching contacts"
    # The kept contact is further down: the selection waits for the rest rather than jump twice.
    assert view.selected_contact_id() is None

    qtbot.waitUntil(lambda: view.model.complete)
    assert inserted == [(contacts_model.FIRST_IDS, len(expected) - 1)] and resets == [1]  # appended, not reset
    assert view.model.ids() == expected
    assert view.count_label.text() == f"{len(expected):,} matching contacts"
    assert view.selected_contact_id() == far and view.detail.current.contact.id == far


def test_asking_for_a_contact_beyond_the_first_rows_reads_the_rest_now(view, qtbot):
    write_store(generate(300, TODAY, interactions=0))
    view.refresh()
    last = contacts.list_ids()[-1]
    assert not view.model.complete
    assert view.select_contact(last)  # reveal: worth a foreground read
    assert view.model.complete and view.selected_contact_id() == last
    # A result read for an older request is dropped.
    rows = view.model.rowCount()
    view.model._on_rest_loaded(view.model._generation - 1, (("old",), array("q", [1, 2, 3])))
    assert view.model.rowCount() == rows


def test_typing_fast_leaves_the_newest_search_listed(view, qtbot):
    write_store(generate(400, TODAY, interactions=0))
    view.refresh()
    for text in ("e", "er", "e", "a", "an"):
        view.search.setText(text)
        view._apply_search_now()
    qtbot.waitUntil(lambda: view.model.complete)
    qtbot.wait(50)  # any superseded result would have arrived by now
    assert view.model.ids() == contacts.list_ids(search="an")
