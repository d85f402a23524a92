"""Through the CLI against a real Radicale, the phone an independent client: the first sync matches before it
creates, then edits travel both ways, merge field by field, and a conflict waits for the user."""

from __future__ import annotations

import json

import pytest

from tests.carddav.conftest import Phone, add_account, contacts, sync


def people(nd) -> dict[str, dict]:
    return {c["name"]: c for c in contacts(nd)}


def test_first_sync_matches_by_uid_and_email_then_no_doubles(nd, radicale, book_name):
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    for args in (("contact", "add", "Grace Hopper", "--email", "grace@example.org"),
                 ("contact", "add", "Alan Turing", "--email", "alan@example.org"),
                 ("contact", "add", "Ada Lovelace")):
        assert nd(*args).returncode == 0
    phone.new("Grace Hopper", "GRACE@example.org", tel="+1 555 0100")  # the same person, by email
    phone.new("Katherine Johnson", "kj@example.org")  # only on the phone
    add_account(nd, radicale.url, book_name)
    first = sync(nd)
    assert first["errors"] == [] and first["pending"] == 0, first
    local = people(nd)
    assert sorted(local) == ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson"], sorted(local)
    cards = phone.cards()
    assert sorted(c.fn.value for c in cards.values()) == sorted(local), [c.fn.value for c in cards.values()]
    grace = next(c for c in cards.values() if c.fn.value == "Grace Hopper")
    assert [t.value for t in grace.contents["tel"]] == ["+1 555 0100"]  # the phone's number came along
    assert "+1 555 0100" in local["Grace Hopper"]["phones"]
    again = sync(nd)
    assert (again["pushed"], again["pulled"], again["conflicts"]) == (0, 0, 0), again
    assert sorted(people(nd)) == sorted(local)


def test_first_sync_pairing_different_names_is_one_contact_and_a_conflict(nd, radicale, book_name):
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    assert nd("contact", "add", "Grace Hopper", "--email", "grace@example.org").returncode == 0
    phone.new("Grace B. Hopper", "grace@example.org")
    add_account(nd, radicale.url, book_name)
    first = sync(nd)
    assert first["conflicts"] >= 1
    assert [c["name"] for c in contacts(nd)] == ["Grace Hopper"]  # the local value stays
    assert [c.fn.value for c in phone.cards().values()] == ["Grace B. Hopper"]  # the server's is not overwritten
    listed = json.loads(nd("conflicts", "--json").stdout)
    name = next(c for c in listed if c["field"] == "name")
    assert (name["local"], name["remote"]) == ("Grace Hopper", "Grace B. Hopper")
    for c in listed:
        assert nd("conflict", "resolve", str(c["id"]), "remote").returncode == 0
    assert json.loads(nd("conflicts", "--json").stdout) == []
    after = sync(nd)
    assert after["conflicts"] == 0 and after["errors"] == []
    assert [c["name"] for c in contacts(nd)] == ["Grace B. Hopper"]
    assert [c.fn.value for c in phone.cards().values()] == ["Grace B. Hopper"]
    assert sync(nd)["pushed"] == 0


pytestmark = pytest.mark.slow  # each runs the CLI a dozen times against the server
