"""Likely duplicates on a first sync, through the CLI against a real Radicale (the phone an independent client):
a card with the same name as a contact but no shared email is held back on both sides (no double anywhere)
and offered; `duplicate link` merges them, `duplicate separate` keeps two people; the window's dialog does
the same by clicking, undoably."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from netdesk.services import contacts as contact_service
from netdesk.ui.conflicts_page import ConflictsIndicator, DuplicatesDialog
from netdesk.ui.context import AppContext
from netdesk.ui.messages import Messages
from tests.carddav.conftest import Phone, add_account, contacts, sync
from tests.conftest import TODAY


def names(nd) -> list[str]:
    return sorted(c["name"] for c in contacts(nd))


def offers(nd) -> list[dict]:
    done = nd("duplicates", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def first_sync(nd, radicale, book_name):
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    for args in (("contact", "add", "Grace Hopper"), ("contact", "add", "Alan Turing", "--email", "alan@example.org"),
                 ("contact", "add", "Ada Lovelace")):
        assert nd(*args).returncode == 0
    phone.new("grace hopper", "grace@navy.example")  # the same name, another UID, no shared email: likely
    phone.new("Alan Turing", "alan@example.org")  # the same email: one contact, no question
    phone.new("Katherine Johnson", "kj@example.org")  # only on the phone
    add_account(nd, radicale.url, book_name)
    first = sync(nd)
    assert first["errors"] == [] and first["duplicates"] == 1, first
    return phone


def test_the_safe_default_holds_both_sides_and_offers_the_pair(nd, first_sync):
    phone = first_sync
    assert names(nd) == ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson"]  # no second Grace
    assert sorted(c.fn.value for c in phone.cards().values()) == [
        "Ada Lovelace", "Alan Turing", "Katherine Johnson", "grace hopper"]  # and none on the server
    (offer,) = offers(nd)
    grace = next(c for c in contacts(nd) if c["name"] == "Grace Hopper")
    assert offer["card"]["name"] == "grace hopper" and offer["card"]["emails"] == ["grace@navy.example"]
    assert [(c["id"], c["reason"]) for c in offer["contacts"]] == [(grace["id"], "the same name")]
    assert offer["decided"] is None
    text = nd("sync")
    assert "looks like contacts here" in text.stdout and "netdesk duplicates" in text.stdout
    again = sync(nd)  # nothing moves while the question waits
    assert (again["pushed"], again["pulled"], again["duplicates"]) == (0, 0, 1), again
    assert len(phone.cards()) == 4 and len(contacts(nd)) == 4


def test_link_merges_the_card_and_the_contact(nd, first_sync):
    phone = first_sync
    (offer,) = offers(nd)
    done = nd("duplicate", "link", offer["id"])
    assert done.returncode == 0, done.stderr
    assert offers(nd)[0]["decided"] == "link"
    after = sync(nd)
    assert after["errors"] == [] and after["duplicates"] == 0, after
    assert offers(nd) == []
    assert names(nd) == ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson"]
    grace = next(c for c in contacts(nd) if c["name"] == "Grace Hopper")
    assert "grace@navy.example" in grace["emails"]  # the card's email came along
    assert len(phone.cards()) == 4  # still one Grace there
    conflicts = json.loads(nd("conflicts", "--json").stdout)
    assert [(c["field"], c["local"], c["remote"]) for c in conflicts if c["field"] == "name"] == [
        ("name", "Grace Hopper", "grace hopper")]  # the names differ: the local one stays, the user picks
    assert sync(nd)["pushed"] == 0


def test_separate_keeps_two_people_on_both_sides(nd, first_sync):
    phone = first_sync
    (offer,) = offers(nd)
    assert nd("duplicate", "separate", offer["id"]).returncode == 0
    after = sync(nd)
    assert after["errors"] == [] and after["duplicates"] == 0 and after["pending"] == 0, after
    assert names(nd) == ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson", "grace hopper"]
    assert sorted(c.fn.value for c in phone.cards().values()) == [
        "Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson", "grace hopper"]
    again = sync(nd)
    assert (again["pushed"], again["pulled"]) == (0, 0), again


def test_the_window_answers_by_clicking_and_undoes(qtbot, nd, first_sync, store, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from netdesk.ui import options

    monkeypatch.setattr(Messages, "tell", classmethod(lambda cls, *a, **k: None))
    options.use_file(tmp_path / "options.ini")
    window = QMainWindow()
    window.menuBar().addMenu("&File").addAction("Quit")
    qtbot.addWidget(window)
    context = AppContext.create(lambda: TODAY, window)
    indicator = ConflictsIndicator(window, context)
    window.show()
    assert indicator.duplicates_button.isVisible() and "1 likely duplicate" in indicator.duplicates_button.text()
    qtbot.mouseClick(indicator.duplicates_button, Qt.MouseButton.LeftButton)
    dialog = window._duplicates_dialog
    assert isinstance(dialog, DuplicatesDialog) and dialog.isVisible()
    cells = [dialog.table.item(0, c).text() for c in range(4)]
    assert cells == ["grace hopper (grace@navy.example)", "Grace Hopper", "the same name", "waiting"]
    qtbot.mouseClick(dialog.same_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(0, 3).text() == "same person (next sync)"
    assert not indicator.duplicates_button.isVisible()
    dialog.undo_action.trigger()
    assert dialog.table.item(0, 3).text() == "waiting" and offers(nd)[0]["decided"] is None
    qtbot.mouseClick(dialog.different_button, Qt.MouseButton.LeftButton)
    assert offers(nd)[0]["decided"] == "separate"
    assert sync(nd)["duplicates"] == 0
    assert len(contact_service.list_contacts()) == 5
    options.use_file(None)


pytestmark = pytest.mark.slow  # a real server and the CLI a dozen times
