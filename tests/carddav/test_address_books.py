"""The address book picker of the Accounts page against a real Radicale (the phone an independent client):
after Test connection the server's address books are listed by name, the one picked is the one the account
syncs with, and it can be changed later (to one made by netdesk, and back) without doubles on either side."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from netdesk.services.carddav import books
from netdesk.services.sync import accounts
from netdesk.ui.accounts_page import OFF, AccountsPage, chosen_book
from netdesk.ui.messages import Messages
from tests.carddav.conftest import Phone, contacts, sync
from tests.sync.servers import PASSWORD, USER, file_keyring

WAIT_MS = 40_000


@pytest.fixture
def page(qtbot, store, tmp_path, sync_env, monkeypatch):
    """The page in-process, with the same keyring file the CLI of `nd` reads (its XDG_DATA_HOME)."""
    asked: list[str] = []
    monkeypatch.setattr(Messages, "ask", classmethod(lambda cls, _parent, _title, text: asked.append(text) or True))
    monkeypatch.setattr(Messages, "tell", classmethod(lambda cls, *a, **k: None))
    with file_keyring(tmp_path / "xdg" / "python_keyring" / "keyring_pass.cfg"):
        widget = AccountsPage()
        widget.asked = asked
        qtbot.addWidget(widget)
        widget.show()
        yield widget


def finish(qtbot, page: AccountsPage, started) -> str:
    assert started is not None
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page.answer.text()


def pick(combo, name: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemData(i) == name)
    combo.setCurrentIndex(index)


def names_in(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_pick_a_listed_book_then_change_it_later_without_doubles(qtbot, page, nd, radicale, book_name):
    family, work = Phone(radicale.url, f"family-{book_name}"), Phone(radicale.url, f"work-{book_name}")
    family.make(f"Family {book_name}")
    work.make(f"Work {book_name}")
    work.new("Katherine Johnson", "kj@example.org")
    work.new("Grace Hopper", "grace@example.org")
    assert nd("contact", "add", "Grace Hopper", "--email", "grace@example.org").returncode == 0
    assert nd("contact", "add", "Ada Lovelace").returncode == 0

    page.choose_preset("other")
    page.url.setText(radicale.url)
    page.user.setText(USER)
    page.password.setText(PASSWORD)
    page.calendar.setText(f"cal-{book_name}")
    answer = finish(qtbot, page, page.test_connection())
    assert f"Family {book_name}" in answer and f"Work {book_name}" in answer
    listed = names_in(page.addressbook)
    assert f"Family {book_name}" in listed and f"Work {book_name}" in listed and OFF in listed
    pick(page.addressbook, f"Work {book_name}")
    page.name.setText("home")
    finish(qtbot, page, page.add_account())
    account = accounts.get("home")
    assert (account.addressbook, account.contacts) == (f"Work {book_name}", True)

    first = sync(nd)
    assert first["errors"] == [], first
    assert sorted(c["name"] for c in contacts(nd)) == ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]
    assert sorted(c.fn.value for c in work.cards().values()) == ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]
    assert family.cards() == {}

    # Later: the selected account's book, changed to one netdesk makes.
    page.load(select="home")
    assert f"Work {book_name}" in page.book_state.text()
    finish(qtbot, page, page.find_books())
    assert f"Family {book_name}" in names_in(page.book_choice)
    page.book_choice.setEditText(f"netdesk-{book_name}")
    assert chosen_book(page.book_choice) == f"netdesk-{book_name}"
    qtbot.mouseClick(page.use_book_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page, True)
    assert page.asked and "instead of" in page.asked[-1]
    assert accounts.get("home").addressbook == f"netdesk-{book_name}"
    assert f"netdesk-{book_name}" in [b.name for b in books.books_of("home")]  # made at once
    mine = Phone(radicale.url, f"netdesk-{book_name}")
    second = sync(nd)
    assert second["errors"] == [] and second["pulled"] == 0, second
    assert sorted(c.fn.value for c in mine.cards().values()) == ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]
    assert sync(nd)["pushed"] == 0

    # And back to Work: the cards there are matched by UID, nothing is doubled on either side.
    finish(qtbot, page, page.find_books())
    pick(page.book_choice, f"Work {book_name}")
    qtbot.mouseClick(page.use_book_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page, True)
    back = sync(nd)
    assert back["errors"] == [] and back["conflicts"] == 0, back
    assert len(contacts(nd)) == 3
    assert sorted(c.fn.value for c in work.cards().values()) == ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]
    listed = json.loads(nd("account", "list", "--json").stdout)
    assert listed[0]["addressbook"] == f"Work {book_name}"


def test_contacts_off_then_on_again_sends_what_changed_meanwhile(qtbot, page, nd, radicale, book_name):
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    assert nd("account", "add", "home", "--url", radicale.url, "--user", USER, "--password-stdin", "--calendar",
              f"cal-{book_name}", "--addressbook", book_name, input=PASSWORD + "\n").returncode == 0
    assert nd("contact", "add", "Ada Lovelace").returncode == 0
    assert sync(nd)["errors"] == []
    page.load(select="home")
    pick(page.book_choice, "")  # Do not sync contacts
    qtbot.mouseClick(page.use_book_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page, True)
    assert accounts.get("home").contacts is False
    assert "not synced" in page.book_state.text()
    assert nd("contact", "set", "Ada Lovelace", "--org", "Analytical Engines").returncode == 0
    sync(nd)
    assert "org" not in next(iter(phone.cards().values())).contents  # off: nothing goes up
    page.book_choice.setEditText(book_name)
    qtbot.mouseClick(page.use_book_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page, True)
    on = sync(nd)
    assert on["errors"] == [] and on["pushed"] == 1, on
    card = next(iter(phone.cards().values()))
    assert card.org.value == ["Analytical Engines"] and len(phone.cards()) == 1


pytestmark = pytest.mark.slow  # a real server, the CLI a dozen times


def test_account_set_changes_the_address_book_from_the_cli(nd, radicale, book_name):
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    assert nd("account", "add", "home", "--url", radicale.url, "--user", USER, "--password-stdin", "--calendar",
              f"cal-{book_name}", "--no-contacts", input=PASSWORD + "\n").returncode == 0
    assert nd("contact", "add", "Ada Lovelace").returncode == 0
    sync(nd)
    assert phone.cards() == {}  # contacts off
    done = nd("account", "set", "home", "--addressbook", book_name)
    assert done.returncode == 0 and "matches your contacts" in done.stdout, done.stderr
    assert sync(nd)["pushed"] >= 1
    assert [c.fn.value for c in phone.cards().values()] == ["Ada Lovelace"]
    assert nd("account", "set", "home", "--no-contacts").returncode == 0
    assert json.loads(nd("account", "list", "--json").stdout)[0]["contacts"] == "off"
    missing = nd("account", "set", "nobody", "--addressbook", "x")
    assert missing.returncode != 0 and "nobody" in missing.stderr
